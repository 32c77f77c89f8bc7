"""Keys that decide whether, or how, a story or a photo may be published (``CONSENT_FIELDS`` of the
schema, with the words editors use for them): a key that looks like one of these but is not it
leaves a file unclear about consent, so it is an error, never a warning, and the story (or the
photo) is not published. The field readers ask this module about every unknown key.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

from slugify import slugify

from .fields import CONSENT_FIELDS, CONSENT_SYNONYMS

_BLOCKS = {"": "ở đầu dòng, không thụt vào trong phần nào", "consent.": "thụt vào trong phần `consent:`",
           "person.": "thụt vào trong phần `person:`", "photos[].": "trong mục ảnh của `photos:`"}


def consent_key(key: object, prefix: str) -> str | None:
    """The key of ``CONSENT_FIELDS`` that ``key``, written unknown in block ``prefix`` (``""``,
    ``consent.``, ``photos[2].``…), most likely means: any case, either language, a close misspelling,
    a dotted path (``consent.withdrawn``) or the right key in the wrong block. None when it means none."""
    block = _block(prefix)
    parts = [_folded(part) for part in str(key).split(".")]
    parts = [part for part in parts if part]
    if not parts:
        return None
    # The last part of a dotted key names the field; the whole names it when written as one word.
    for word in dict.fromkeys([parts[-1], "_".join(parts), *reversed(parts[:-1])]):
        found = _meaning(word, block)
        if found:
            return found
    return None


def is_consent_word(key: object) -> bool:
    """Whether ``key``, squashed, is exactly a consent key or one of its synonyms (no misspelling)."""
    word = _folded(str(key)).replace("_", "")
    return any(word == candidate.replace("_", "") for name in CONSENT_FIELDS
               for candidate in (name.rsplit(".", 1)[-1], *CONSENT_SYNONYMS.get(name, ())))


def consent_key_message(key: object, prefix: str, meant: str) -> str:
    """Why an unknown key that means ``meant`` (a key of ``CONSENT_FIELDS``) keeps the story off the site."""
    block, leaf = meant.rsplit(".", 1) if "." in meant else ("", meant)
    block = f"{block}." if block else ""
    meaning = f"`{meant.replace('[]', '')}` ({CONSENT_FIELDS[meant]})"
    unclear = "tệp chưa rõ ràng về sự đồng ý nên chưa được đăng"
    if block == _block(prefix) and "." not in str(key):
        return (f"trường `{key}` không có trong mẫu truyện; ý bạn là {meaning}? {unclear}: "
                f"hãy viết đúng `{leaf}` (chữ thường, tiếng Anh, như trong mẫu)")
    return f"trường `{key}` đặt sai chỗ, ý bạn là {meaning}? {unclear}: hãy viết `{leaf}` {_BLOCKS[block]}"


def _block(prefix: str) -> str:
    return re.sub(r"\[\d+\]", "[]", prefix.split("[", 1)[0] + "[]." if prefix.startswith("photos[") else prefix)


def _folded(word: str) -> str:
    return slugify(unicodedata.normalize("NFC", word.strip()), separator="_")


def _meaning(word: str, block: str) -> str | None:
    # `date` is a consent key only inside the consent block: the story's own date is elsewhere.
    fields = [name for name in CONSENT_FIELDS if name != "consent.date" or block == "consent."]
    for name in fields:
        leaf = name.rsplit(".", 1)[-1]
        if word == leaf or word in CONSENT_SYNONYMS.get(name, ()):
            return name
    squashed = word.replace("_", "")
    for name in fields:
        leaf = name.rsplit(".", 1)[-1]
        if squashed in {leaf.replace("_", ""), *(synonym.replace("_", "") for synonym in CONSENT_SYNONYMS.get(name, ()))}:
            return name
    if len(word) < 5:
        return None  # `ny` or `bi` resemble `by` by chance; short words must match exactly
    # Misspellings of the English keys and of their longer synonyms (`withdrwan`, `gaurdian`).
    spellings = {candidate: name for name in fields
                 for candidate in (name.rsplit(".", 1)[-1], *CONSENT_SYNONYMS.get(name, ())) if len(candidate) >= 5}
    close = difflib.get_close_matches(word, list(spellings), n=1, cutoff=0.8)
    return spellings[close[0]] if close else None

