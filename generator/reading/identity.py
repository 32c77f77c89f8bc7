"""Who is who: stories about the same person or collective count once."""

from __future__ import annotations

import functools
import unicodedata
from typing import Iterable

from .letters import as_latin
from .model import Story


# Vietnamese tone marks. Keyboards place them differently ("Hoà" or "Hòa", "Thuý" or "Thúy"):
# one syllable has one tone, so where it sits does not change the name.
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")


@functools.lru_cache(maxsize=65536)  # a name is compared many times a build, and again at each save under serve
def name_key(name: str) -> str:
    """A name compared as people read it: NFC, case folded, spaces collapsed, diacritics kept,
    wherever the keyboard put each syllable's tone mark, and letters of other scripts that look
    like Latin ones (Cyrillic ``о``) read as those."""
    folded = as_latin(as_latin(unicodedata.normalize("NFC", name)).casefold())
    return " ".join(_tone_last(word) for word in folded.split())


def _tone_last(word: str) -> str:
    letters = unicodedata.normalize("NFD", word)
    tones = "".join(char for char in letters if char in _TONES)
    return unicodedata.normalize("NFC", "".join(char for char in letters if char not in _TONES)) + tones


def same_person_groups(stories: Iterable[Story]) -> list[list[Story]]:
    """Stories grouped by the person or collective they honour.

    Two stories are the same example when they share ``person.id``, or when either lacks an id
    and their names match (``name_key``) in the same chapter. Different ids are different people,
    so a story without an id joins the first (by path) of several namesakes with ids.
    """
    stories = sorted(stories, key=lambda s: s.source)
    parent = list(range(len(stories)))

    def find(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    def join(a: int, b: int) -> None:
        parent[find(a)] = find(b)

    by_id: dict[tuple[str, str], int] = {}
    by_name: dict[tuple[str, str, str], list[int]] = {}
    for index, story in enumerate(stories):
        if story.person.id:
            key = (story.kind, story.person.id)
            if key in by_id:
                join(index, by_id[key])
            else:
                by_id[key] = index
        by_name.setdefault((story.kind, story.chapter, name_key(story.person.name)), []).append(index)
    for members in by_name.values():
        anonymous = [i for i in members if not stories[i].person.id]
        named = [i for i in members if stories[i].person.id]
        # A story without an id is one of its namesakes, never two: joining it to every namesake
        # would merge people whose different ids say they are different.
        anchor = named[0] if named else members[0]
        for index in anonymous:
            join(index, anchor)
    groups: dict[int, list[Story]] = {}
    for index, story in enumerate(stories):
        groups.setdefault(find(index), []).append(story)
    return sorted(groups.values(), key=lambda group: group[0].source)
