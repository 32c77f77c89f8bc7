"""Consent: who agreed to a story, for which channels; a minor's guardian, and from 7 the child.

The functions here check one story's ``consent`` block through the story checker, so that every
problem is reported with the same file, line, column and field as the rest of the front matter.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..dates import short_date
from ..problems import Severity

if TYPE_CHECKING:
    from .story import Person, _Checker

CONSENT_SCOPES = ("website", "facebook", "zalo", "print")
# The consent scope that covers each channel a story may already have been published on.
CHANNEL_SCOPES = {"website": "website", "facebook": "facebook", "zalo": "zalo", "newspaper": "print", "bulletin": "print"}
CONSENT_KEYS = ("by", "date", "scope", "record", "guardian")


@dataclass(frozen=True)
class Consent:
    by: str
    date: dt.date
    scope: tuple[str, ...]
    record: str = ""
    guardian: str = ""


def read_consent(check: _Checker, day: dt.date | None) -> Consent | None:
    """The story's consent, or None (with the problem reported) when there is no usable one."""
    if check.source.data.get("consent") is None:
        check.report("consent", "thiếu phần đồng ý đăng bài (consent: by, date, scope): "
                                "truyện chỉ được đăng khi người được giới thiệu đã đồng ý")
        return None
    data = check.mapping(check.source.data, "consent", required=True)
    if data is None:
        return None
    check.unknown_keys(data, CONSENT_KEYS, "consent.")
    given = check.date(data, "date", "consent.date", required=True)
    if given and day and given > day:
        check.report("consent.date", f"ngày đồng ý {short_date(given)} sau ngày đăng {short_date(day)}: cần có sự đồng ý trước khi đăng")
    scope = check.choices(data, "scope", "consent.scope", CONSENT_SCOPES)
    if data.get("scope") is None:
        check.report("consent.scope", f"thiếu phạm vi đồng ý: liệt kê trong {', '.join(CONSENT_SCOPES)}")
    consent = Consent(
        by=check.text(data, "by", "consent.by", required=True),
        date=given or dt.date.min,
        scope=scope,
        record=check.text(data, "record", "consent.record"),
        guardian=check.text(data, "guardian", "consent.guardian"),
    )
    return consent if given else None


def check_minor(check: _Checker, kind: str, person: Person, consent: Consent, day: dt.date) -> None:
    """A minor's guardian consents as well; from age 7 the child consents too (law 91/2025/QH15)."""
    if kind != "individual" or not person.could_be_minor(day):
        return
    why = f"sinh năm {person.birth_year}" if person.birth_year is not None else "`person.minor: true`"
    if not consent.guardian:
        check.report("consent.guardian",
                     f"nhân vật có thể chưa đủ 18 tuổi vào ngày đăng {short_date(day)} ({why}): cần thêm `guardian` – "
                     "cha, mẹ hoặc người giám hộ đã đồng ý, ví dụ \"Nguyễn Văn Bình (bố)\"")
    elif person.needs_own_consent(day) and _same_name(consent.by, consent.guardian):
        check.report("consent.by",
                     f"trẻ có thể từ 7 tuổi trở lên vào ngày đăng ({why}) nên phải tự đồng ý: "
                     "`by` ghi tên của trẻ, `guardian` ghi người đại diện theo pháp luật")


def check_channels(check: _Checker, published_on: tuple[str, ...], consent: Consent) -> None:
    """Warn about each channel the story is already on that the consent does not cover."""
    for channel in published_on:
        scope = CHANNEL_SCOPES.get(channel)
        if scope and scope not in consent.scope:
            label = check.plan.label("channel", channel)
            check.report("published_on",
                         f"đã đăng trên {label} nhưng phạm vi đồng ý (`consent.scope`) không có `{scope}`: "
                         "hãy gỡ bài trên kênh này hoặc ghi lại sự đồng ý", Severity.WARNING)


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())
