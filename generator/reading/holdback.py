"""Keys an editor writes to hold a story back (``Draft:``, ``nháp:``, ``status: draft``) that the
template does not know.

Such a key leaves it unclear whether the story may be published, so it is an error whatever its
value: the story waits until the key is written as ``draft: true`` or the line is deleted. Keys of
the template itself are never read as one: the caller passes them, derived from the schema.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from .letters import as_latin, unaccented

# Material for MkDocs' own front-matter keys, which a story may carry for the theme.
MATERIAL_KEYS = ("hide", "template", "icon", "search", "description", "tags", "subtitle", "comments")
# Squashed (ASCII, lower case, no separators) words that hold a page back or say whether it shows.
HOLD_WORDS = frozenset({
    "draft", "drafts", "status", "state", "published", "publish", "unpublished", "unpublish", "hidden", "visible",
    "visibility", "private", "public", "listed", "unlisted", "enabled", "disabled", "active", "inactive", "archived",
    "archive", "ready", "wip", "review", "pending", "preview", "embargo", "live", "online", "offline", "show", "shown",
    "ishidden", "ispublished", "ispublic", "isprivate", "isdraft", "noindex", "private",
    # Vietnamese as written without tone marks: trạng thái, tình trạng, ẩn, ẩn bài, tạm ẩn, không đăng,
    # chưa đăng, xuất bản, công bố, công khai, hiển thị, duyệt, đã duyệt, chờ duyệt, đăng, bản nháp.
    "trangthai", "tinhtrang", "an", "anbai", "taman", "khongdang", "chuadang", "xuatban", "congbo", "congkhai",
    "hienthi", "duyet", "daduyet", "choduyet", "dang", "dadang", "nhap", "bannhap", "bainhap", "luunhap",
    "khongcongbo", "chuacongbo", "chuaxuatban", "giulai", "tamdung", "tamgiu",
})
# Words whose close misspellings (one letter off or two swapped) also count.
SPELLED = ("draft", "status", "published", "publish", "public", "hidden", "unpublished", "visible", "private")
CONTAINED = ("draft", "nhap", "publish", "hidden", "trangthai")


def squashed(key: object) -> str:
    """``key`` as ASCII letters and digits only: case, lookalike letters, full-width forms,
    diacritics and separators ignored (``Bản nháp`` is ``bannhap``, Cyrillic ``drаft`` is ``draft``)."""
    text = unaccented(as_latin(unicodedata.normalize("NFKC", str(key)))).casefold()
    return re.sub(r"[^a-z0-9]", "", text)


def is_holdback_key(key: object, schema_keys: frozenset[str]) -> bool:
    """Whether ``key`` (not one of ``schema_keys``, compared squashed) means to hold a story back or
    say whether it shows."""
    word = squashed(key)
    if not word or word in _squashed_all(schema_keys):
        return False
    if word in HOLD_WORDS or any(part in word for part in CONTAINED):
        return True
    return len(word) >= 4 and any(_distance(word, target) <= 1 for target in SPELLED)


def holdback_message(key: object, nested: bool) -> str:
    place = "thụt vào bên trong một phần khác" if nested else "không đúng như mẫu"
    return (f"trường `{key}` ({place}) có vẻ dùng để giữ bài lại hoặc ẩn bài, nhưng mẫu truyện không có trường này: "
            "chưa rõ bài có được đăng hay không nên bài chưa được đăng. Muốn giữ bài lại, hãy viết `draft: true` ở đầu dòng "
            "(không thụt vào); muốn đăng bài, hãy xóa dòng này")


@functools.cache
def _squashed_all(keys: frozenset[str]) -> frozenset[str]:
    return frozenset(squashed(key) for key in (*keys, *MATERIAL_KEYS))


def _distance(a: str, b: str) -> int:
    """Edit distance counting a swap of two neighbouring letters as one edit."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[len(b)]
