"""Consent: who agreed to a story, for which channels; a minor's guardian, and from 7 the child.

The functions here check one story's ``consent`` block with the field readers, so that every
problem is reported with the same file, line, column and field as the rest of the front matter.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..dates import short_date
from ..problems import Severity
from .consent_keys import CONSENT_FIELDS, CONSENT_SYNONYMS, consent_key, consent_key_message, is_consent_word  # noqa: F401 - their old home
from .fields import CONSENT_KEYS, CONSENT_SCOPES, story_field
from .identity import name_key
from .letters import as_latin, unaccented
from .model import Consent, Person
from .plan import Plan
from .readers import FieldReader

__all__ = [
    "CHANNEL_SCOPES", "CONSENT_FIELDS", "CONSENT_KEYS", "CONSENT_SCOPES", "CONSENT_SYNONYMS", "Consent", "KIN_WORDS",
    "ON_BEHALF", "WORDS_FILE", "check_channels", "check_consenting_people", "check_minor", "consent_key",
    "consent_key_message", "consent_words", "initials_only", "is_consent_word", "read_consent", "refusal",
    "says_nobody", "unaccented",
]

# The consent scope that covers each channel a story may already have been published on. The
# provincial portal republishes the web article, so the website's consent covers it; radio and
# television put a voice and a face on air, which needs consent of its own (`broadcast`).
CHANNEL_SCOPES = {"website": "website", "facebook": "facebook", "zalo": "zalo", "newspaper": "print", "bulletin": "print",
                  "radio-tv": "broadcast", "portal": "website"}

# Words that name a parent, relative, guardian or carer rather than the child, NFC and case folded.
# A `by` that starts with one of them ("Bố của em", "mẹ", "Người giám hộ") describes someone else.
KIN_WORDS = (
    "bố", "mẹ", "cha", "má", "ba", "ông", "bà", "anh", "chị", "cô", "dì", "chú", "bác", "cậu", "mợ", "thím",
    "dượng", "người", "phụ", "gia", "thầy", "giáo", "hiệu", "đại", "giám",
)
# Phrases that, anywhere in `by`, say it is someone on the child's behalf.
ON_BEHALF = ("giám hộ", "đại diện", "phụ huynh", "gia đình", "của em", "của cháu", "của bé", "thay mặt", "thay cho")
_RELATION = re.compile(r"^(?P<name>.*?)\s*[(（](?P<relation>[^()（）]*)[)）]\s*$")
_SEPARATED = re.compile(r"^(?P<name>[^,–-]+?)\s*(?:,|\s[–-]\s)\s*(?P<relation>.+)$")



def read_consent(check: FieldReader, day: dt.date | None) -> Consent | None:
    """The story's consent, or None (with the problem reported) when there is no usable one."""
    if check.source.data.get("consent") is None:
        check.report("consent", "thiếu phần đồng ý đăng bài (consent: by, date, scope): "
                                "truyện chỉ được đăng khi người được giới thiệu đã đồng ý")
        return None
    data = check.mapping(check.source.data, "consent", required=True)
    if data is None:
        return None
    check.unknown_keys(data, _LISTED, "consent.")
    given = check.value(data, story_field("consent.date"), "consent.date")
    if given and day and given > day:
        check.report("consent.date", f"ngày đồng ý {short_date(given)} sau ngày đăng {short_date(day)}: cần có sự đồng ý trước khi đăng")
    scope = check.value(data, story_field("consent.scope"), "consent.scope")
    if data.get("scope") is None:
        check.report("consent.scope", f"thiếu phạm vi đồng ý: liệt kê trong {', '.join(CONSENT_SCOPES)}")
    consent = Consent(
        by=check.value(data, story_field("consent.by"), "consent.by"),
        date=given or dt.date.min,
        scope=scope,
        record=check.text(data, "record", "consent.record"),
        guardian=check.text(data, "guardian", "consent.guardian"),
    )
    return consent if given else None


# The consent block's keys as the check has always listed them in its message (the schema's order, that
# of `nttv new`, has guardian before record); a key added to the schema stops the import until placed here.
_LISTED = tuple(sorted(CONSENT_KEYS, key=("by", "date", "scope", "record", "guardian").index))
WORDS_FILE = Path(__file__).with_name("consent_words.yml")
_WORD = re.compile(r"[^\W\d_]+|\d+")
_ROLE_EXAMPLE = "\"Nguyễn Văn Hùng (Hiệu trưởng)\""


@dataclass(frozen=True)
class ConsentWords:
    """The table of ``consent_words.yml``: what, written where a name belongs, names nobody."""

    refusals: tuple[str, ...]
    alone: tuple[str, ...]
    placeholders: tuple[str, ...]
    names: frozenset[str]


@functools.cache
def consent_words() -> ConsentWords:
    data = yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))
    lists = {key: tuple(unicodedata.normalize("NFC", word).casefold() for word in data[key])
             for key in ("refusals", "alone", "placeholders", "names")}
    return ConsentWords(lists["refusals"], lists["alone"], lists["placeholders"], frozenset(lists["names"]))



def _words(text: str) -> list[str]:
    return _WORD.findall(as_latin(unicodedata.normalize("NFKC", text)).casefold())


def _contains(words: list[str], phrase: list[str]) -> bool:
    size = len(phrase)
    return any(words[start:start + size] == phrase for start in range(len(words) - size + 1))


def refusal(value: str) -> str:
    """The refusal or "not yet" word ``value`` holds (``không``, ``chưa hỏi``), or nothing.

    A value with diacritics is matched as spelled; one without any is matched against the table's
    words with their diacritics removed, where a name that spells one ("Khong Minh Duc") is not
    read as a refusal unless it is the whole value and the table says it refuses alone.
    """
    table = consent_words()
    words = _words(value)
    if not words:
        return ""
    for entry in table.refusals:
        for form in dict.fromkeys((entry, unaccented(entry))):
            phrase = form.split()
            if len(phrase) == 1 and form in table.names and form != entry:
                continue
            if len(phrase) == 1 and form in table.names and len(words) > 1:
                continue
            if _contains(words, phrase):
                return entry
    whole = " ".join(words)
    for entry in table.alone:
        if whole in (entry, unaccented(entry)):
            return entry
    # Words run together ("khôngđồngý", "chua_hoi") refuse as the phrase would.
    squashed = "".join(words)
    for entry in table.refusals:
        if " " in entry and squashed in (entry.replace(" ", ""), unaccented(entry).replace(" ", "")):
            return entry
    return ""


def says_nobody(value: str) -> str:
    """Why ``value`` names no person at all (a placeholder, an answer, punctuation, digits, one
    letter), or nothing."""
    words = _words(value)
    letters = [word for word in words if not word.isdigit()]
    if not letters:
        return "không có chữ nào" if value.strip() else "để trống"
    if sum(len(word) for word in letters) == 1:
        return "chỉ có một chữ cái"
    whole = " ".join(words)
    table = consent_words()
    if any(whole in (entry, unaccented(entry)) for entry in table.placeholders):
        return "là chữ mẫu hoặc câu trả lời, không phải họ tên"
    return ""


_INITIAL = re.compile(r"(?<![^\W\d_])[^\W\d_]\s*\.")


def initials_only(name: str) -> bool:
    """Whether ``name`` gives a person by initials (``N.V.A``, ``Nguyễn V. An``, ``Nguyễn Văn A``)
    rather than in full. A one-letter word inside a name is a name ("Giàng A Páo"), not an initial."""
    words = [word for word in _words(name) if not word.isdigit()]
    return bool(words) and (len(words[-1]) == 1 or _INITIAL.search(name) is not None)


def check_consenting_people(check: FieldReader, kind: str, consent: Consent, anonymised: bool) -> None:
    """``by`` and ``guardian`` name a person who agreed; for a collective, a representative and role.

    Refusals, "not yet", placeholders and values with no name in them are errors: the story is not
    published. Initials pass only in a story marked ``anonymised: true``.
    """
    for key, value in (("by", consent.by), ("guardian", consent.guardian)):
        if not value:
            continue
        where = f"consent.{key}"
        said = refusal(value)
        if said:
            check.report(where, f"`{key}` (“{value}”) có chữ “{said}”: đây không phải sự đồng ý, nên truyện không được đăng. "
                                "Chỉ ghi họ tên người đã đồng ý; nếu họ chưa đồng ý hoặc từ chối, hãy chờ đến khi có sự "
                                "đồng ý (hoặc đặt `draft: true`)")
            continue
        nobody = says_nobody(value)
        name, role = _name_and_relation(value)
        if nobody or not name:
            check.report(where, f"`{key}` (“{value}”) {nobody or 'không có họ tên'}: chưa ghi ai đã đồng ý nên truyện không được "
                                "đăng; hãy ghi họ tên người đồng ý, ví dụ \"Nguyễn Thị Hoa\"")
            continue
        if any(word.isdigit() for word in _words(name)):
            check.report(where, f"`{key}` (“{value}”) có chữ số trong họ tên: hãy ghi họ tên người đồng ý bằng chữ")
            continue
        if initials_only(name) and not anonymised:
            check.report(where, f"`{key}` (“{value}”) chỉ ghi chữ cái đầu của tên: hãy ghi đủ họ tên người đồng ý; nếu tên "
                                "trong bài đã được thay đổi để giấu danh tính, thêm `anonymised: true` và `record`")
            continue
        if key == "by" and kind == "collective" and not role:
            check.report(where, f"tập thể: `by` (“{value}”) ghi họ tên người đại diện và chức vụ trong ngoặc, ví dụ "
                                f"{_ROLE_EXAMPLE}")


def check_minor(check: FieldReader, kind: str, person: Person, consent: Consent, day: dt.date, anonymised: bool) -> None:
    """A minor's legal representative consents; from age 7 the child consents too (law 91/2025/QH15).

    ``guardian`` names another person with the relation; ``by`` is the child (``person.name``), or
    for an anonymised story a ``record`` shows where the child's signed consent is kept. Under 7,
    ``by`` is the representative (or the child).
    """
    if kind != "individual" or not person.could_be_minor(day):
        return
    why = f"sinh năm {person.birth_year}" if person.birth_year is not None else "`person.minor: true`"
    if not consent.guardian:
        check.report("consent.guardian",
                     f"nhân vật có thể chưa đủ 18 tuổi vào ngày đăng {short_date(day)} ({why}): cần thêm `guardian` – "
                     "cha, mẹ hoặc người giám hộ đã đồng ý, ví dụ \"Nguyễn Văn Bình (bố)\"")
        return
    guardian, relation = _name_and_relation(consent.guardian)
    problems_before = len(check.problems)
    if not guardian or _describes_someone_else(guardian):
        check.report("consent.guardian", f"`guardian` (“{consent.guardian}”) phải ghi họ tên người đại diện theo pháp luật "
                                         "và quan hệ với trẻ trong ngoặc, ví dụ \"Nguyễn Văn Bình (bố)\"")
    elif not relation:
        check.report("consent.guardian", f"`guardian` (“{consent.guardian}”) thiếu quan hệ với trẻ: ghi trong ngoặc sau họ tên, "
                                         f"ví dụ \"{guardian} (mẹ)\"")
    elif _same_person(guardian, person.name):
        check.report("consent.guardian", f"`guardian` là tên của chính nhân vật (“{person.name}”): người đại diện theo pháp luật "
                                         "phải là người khác – cha, mẹ hoặc người giám hộ, ví dụ \"Nguyễn Văn Bình (bố)\"")
    guardian_named = len(check.problems) == problems_before
    if anonymised and not consent.record:
        check.report("consent.record", f"nhân vật có thể chưa đủ 18 tuổi ({why}) và tên đã được thay đổi (`anonymised: true`): "
                                       "cần `record` – nơi lưu giấy đồng ý đã ký của trẻ và người đại diện, "
                                       "ví dụ \"Biên bản số 12/2024\"")
    by, by_relation = _name_and_relation(consent.by)
    is_child = _same_person(by, person.name) and not _describes_someone_else(by_relation)
    is_guardian = bool(guardian) and _same_person(by, guardian)
    if person.needs_own_consent(day):
        prefix = f"trẻ có thể từ 7 tuổi trở lên vào ngày đăng ({why}) nên phải tự đồng ý"
        if is_child or (anonymised and not is_guardian and not _describes_someone_else(consent.by)):
            return
        if is_guardian or _describes_someone_else(consent.by):
            check.report("consent.by", f"{prefix}: `by` (“{consent.by}”) ghi người khác; `by` ghi tên của chính trẻ "
                                       f"(“{person.name}”), cha, mẹ hoặc người giám hộ ghi ở `guardian`")
        else:
            check.report("consent.by", f"{prefix}: `by` (“{consent.by}”) không khớp tên nhân vật `person.name` "
                                       f"(“{person.name}”); nếu tên trong bài đã được thay đổi, thêm `anonymised: true` "
                                       "và `record`")
    elif guardian_named and not (anonymised or is_child or is_guardian):
        check.report("consent.by", f"trẻ dưới 7 tuổi thì người đại diện đồng ý thay: `by` (“{consent.by}”) ghi họ tên người "
                                   f"đại diện như ở `guardian` (“{guardian}”), hoặc tên của trẻ")


def check_channels(check: FieldReader, plan: Plan, published_on: tuple[str, ...], consent: Consent) -> None:
    """Warn about each channel the story is already on that the consent does not cover."""
    for channel in published_on:
        scope = CHANNEL_SCOPES.get(channel)
        if scope and scope not in consent.scope:
            label = plan.label("channel", channel)
            check.report("published_on",
                         f"đã đăng trên {label} nhưng phạm vi đồng ý (`consent.scope`) không có `{scope}`: "
                         "hãy gỡ bài trên kênh này hoặc ghi lại sự đồng ý", Severity.WARNING)


def _name_and_relation(text: str) -> tuple[str, str]:
    """``Nguyễn Văn Bình (bố)`` (or ``Nguyễn Văn Bình, bố``) as its name and the relation."""
    for pattern in (_RELATION, _SEPARATED):
        match = pattern.match(text.strip())
        if match:
            return match["name"].strip(), match["relation"].strip()
    return text.strip(), ""


def _describes_someone_else(text: str) -> bool:
    """Whether ``text`` names a parent, relative or carer ("Bố của em", "mẹ", "Lê Văn Bình (bố)")."""
    words = unicodedata.normalize("NFC", text).casefold().split()
    if not words:
        return False
    joined = " ".join(words)
    _, relation = _name_and_relation(joined)
    return (words[0] in KIN_WORDS or any(phrase in joined for phrase in ON_BEHALF)
            or (bool(relation) and _describes_someone_else(relation)))



def _same_person(a: str, b: str) -> bool:
    return bool(a.strip()) and name_key(a) == name_key(b)
