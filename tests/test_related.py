"""The related stories under each story: the closest by chapter, support and kind, newest first."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from generator.reading.story import Consent, Person, Story
from generator.rendering.pages import RelatedIndex, related_stories

SUPPORT = ("tien", "hien-vat", "cong-suc", "kien-thuc")


def _stories(rng: random.Random, count: int, chapters: int) -> list[Story]:
    made = []
    for index in range(count):
        date = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(900))
        made.append(Story(
            source=f"stories/{date.year}/truyen-{index}.md", slug=f"truyen-{index}", title=f"Truyện {index}",
            kind=rng.choice(("individual", "community")), person=Person(f"Người {index}"),
            chapter=f"chi-hoi-{rng.randrange(chapters)}", deed="Giúp đỡ", criteria=(), date=date,
            consent=Consent(f"Người {index}", date, ("website",)), body="Nội dung.",
            support=tuple(sorted(rng.sample(SUPPORT, rng.randrange(len(SUPPORT) + 1))))))
    return made


def _by_definition(stories: list[Story], story: Story, count: int) -> list[Story]:
    """Every other story compared with this one: what the page promises, written the slow way."""
    def closeness(other: Story):
        shared = len(set(other.support) & set(story.support))
        return (other.chapter != story.chapter, -shared, other.kind != story.kind, -other.date.toordinal(), other.source)
    return sorted((s for s in stories if s.source != story.source), key=closeness)[:count]


@pytest.mark.parametrize("seed, count, chapters", [(1, 60, 3), (2, 200, 14), (3, 40, 30), (4, 5, 1), (5, 1, 1), (6, 300, 150)])
def test_each_story_gets_the_same_related_stories_as_comparing_it_with_every_other(seed, count, chapters):
    stories = _stories(random.Random(seed), count, chapters)
    index = RelatedIndex(stories)
    for story in stories:
        for wanted in (1, 3, 5):
            assert [s.source for s in index.related(story, wanted)] == [s.source for s in _by_definition(stories, story, wanted)]


def test_a_lone_story_has_no_related_stories_and_a_pair_shows_each_other():
    one, two = _stories(random.Random(7), 2, 2)
    assert related_stories([one], one) == []
    assert related_stories([one, two], one) == [two] and related_stories([one, two], two) == [one]
