"""Letters of other scripts that look like Latin ones (Cyrillic ``о``, Greek ``Α``).

A Russian keyboard layout or text pasted from elsewhere can put a Cyrillic ``о`` inside
"Hoa": the editor sees the same name, the computer sees another person. Unicode's table of
confusable characters (through ``confusable_homoglyphs``) says which Latin letter each one
imitates.
"""

from __future__ import annotations

import functools
import unicodedata

from confusable_homoglyphs import categories, confusables


@functools.cache
def latin_lookalike(char: str) -> str:
    """The Latin letter ``char`` imitates, or ``char`` itself when it is Latin or imitates none."""
    if char.isascii() or script(char) in ("LATIN", "COMMON", "INHERITED"):
        return char
    for found in confusables.is_confusable(char, preferred_aliases=["latin"], greedy=True) or ():
        for glyph in found["homoglyphs"]:
            if len(glyph["c"]) == 1 and glyph["n"].startswith("LATIN "):
                return glyph["c"]
    return char


@functools.cache
def script(char: str) -> str:
    """Unicode's script of ``char`` (LATIN, CYRILLIC, GREEK…; COMMON for digits and signs)."""
    return categories.aliases_categories(char)[0]


def as_latin(text: str) -> str:
    """``text`` with every letter that imitates a Latin one replaced by it, diacritics kept."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(latin_lookalike(char) for char in decomposed))


def foreign_letters(text: str) -> list[tuple[str, str, str]]:
    """The letters of a word of ``text`` written in two scripts that are not Latin (a Vietnamese
    word is), as (letter, script, Latin lookalike) tuples, in order: ``о`` in "Hоa" is
    ("о", "CYRILLIC", "o"). A word wholly in one script is nobody's mistake."""
    found: list[tuple[str, str, str]] = []
    for word in unicodedata.normalize("NFD", text).split():
        letters = [char for char in word if unicodedata.category(char).startswith("L")]
        scripts = [script(char) for char in letters]
        if len(set(scripts)) < 2:
            continue
        usual = "LATIN" if "LATIN" in scripts else max(set(scripts), key=scripts.count)
        found += [(char, name, latin_lookalike(char)) for char, name in zip(letters, scripts) if name != usual]
    return list(dict.fromkeys(found))


def unaccented(text: str) -> str:
    """``text`` without tone marks or other diacritics, ``đ`` as ``d``."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(char for char in decomposed if not unicodedata.combining(char)))
