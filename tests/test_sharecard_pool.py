"""Share images drawn on every core give the same files as drawn one by one, and only the missing ones are drawn."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from pathlib import Path

import pytest
from PIL import Image

from conftest import repo_plan
from generator.cache import SHARE_CARDS, Store
from generator.media import sharecard
from generator.reading.story import Consent, Person, Photo, Story

REPO = Path(__file__).resolve().parent.parent


def _stories(tmp_path: Path, count: int) -> tuple[Story, ...]:
    stories = []
    for number in range(count):
        photos = ()
        if number % 3 == 0:
            path = tmp_path / f"anh-{number}.jpg"
            out = io.BytesIO()
            Image.new("RGB", (800, 600), (20 * number % 255, 90, 160)).save(out, "JPEG")
            path.write_bytes(out.getvalue())
            photos = (Photo(path.name, f"Ảnh số {number}", path=path),)
        stories.append(Story(
            source=f"stories/2024/truyen-{number}.md", slug=f"truyen-{number}", title=f"Câu chuyện số {number}",
            kind="individual", person=Person(f"Nguyễn Thị Hoa {number}"), chapter="binh-xuyen", deed="Mở lớp học",
            criteria=(), date=dt.date(2024, 5, 8), consent=Consent("Nguyễn Thị Hoa", dt.date(2024, 5, 1), ("website",)),
            body="…", photos=photos))
    return tuple(stories)


@pytest.mark.slow
def test_cards_drawn_by_worker_processes_are_the_cards_drawn_here(tmp_path, monkeypatch):
    plan = repo_plan()
    stories = _stories(tmp_path, sharecard.POOL_MIN + 2)
    together = sharecard.share_cards(stories, plan, Store(tmp_path / "cache", SHARE_CARDS))
    one_by_one = {story.source: sharecard.share_card(story, plan, None)[0] for story in stories}
    assert together.made == len(stories) and together.reused == 0
    assert {source: card.data for source, card in together.cards.items()} == \
        {source: card.data for source, card in one_by_one.items()}
    assert [card.alt for card in together.cards.values()] == [one_by_one[s.source].alt for s in stories]


def test_a_second_run_draws_only_the_changed_story(tmp_path):
    plan = repo_plan()
    stories = _stories(tmp_path, sharecard.POOL_MIN + 1)
    first = sharecard.share_cards(stories, plan, Store(tmp_path / "cache", SHARE_CARDS))
    changed = (dataclasses.replace(stories[0], title="Một tiêu đề mới"),) + stories[1:]
    second = sharecard.share_cards(changed, plan, Store(tmp_path / "cache", SHARE_CARDS))
    assert (second.made, second.reused) == (1, len(stories) - 1)
    assert second.cards[stories[1].source].data == first.cards[stories[1].source].data
    assert second.cards[stories[0].source].data != first.cards[stories[0].source].data


def test_without_worker_processes_the_cards_are_still_drawn(tmp_path, monkeypatch):
    plan = repo_plan()
    stories = _stories(tmp_path, sharecard.POOL_MIN)

    class NoProcesses:
        def __init__(self, *args, **kwargs):
            raise OSError("không tạo được tiến trình")

    monkeypatch.setattr(sharecard, "ProcessPoolExecutor", NoProcesses)
    run = sharecard.share_cards(stories, plan, None)
    assert run.made == len(stories)
    # Stories with a photo get a JPEG card, the others a text-only PNG.
    assert [card.data[:4] for card in run.cards.values()] == \
        [b"\xff\xd8\xff\xe0" if story.photos else b"\x89PNG" for story in stories]
