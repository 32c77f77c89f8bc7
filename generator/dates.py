"""Dates as the column shows them, and "today" in Vietnam."""

from __future__ import annotations

import datetime as dt
import os
import re

from .problems import NttvError

VIETNAM = dt.timezone(dt.timedelta(hours=7))
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def today() -> dt.date:
    """Today's date in Vietnam, or ``NTTV_TODAY`` (YYYY-MM-DD) when set, for reproducible builds."""
    fixed = os.environ.get("NTTV_TODAY", "").strip()
    if fixed:
        parsed = parse_iso_date(fixed)
        if parsed is None:
            raise NttvError(f"NTTV_TODAY phải có dạng YYYY-MM-DD, đang là {fixed!r}")
        return parsed
    return dt.datetime.now(VIETNAM).date()


def parse_iso_date(text: str) -> dt.date | None:
    """The date written exactly ``YYYY-MM-DD``, or None (never guesses day and month)."""
    match = ISO_DATE.match(text)
    if not match:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def short_date(day: dt.date) -> str:
    """``8/5/2024``: day first, no leading zeros, as Vietnamese readers write it."""
    return f"{day.day}/{day.month}/{day.year}"


def long_date(day: dt.date) -> str:
    """``ngày 8 tháng 5 năm 2024``."""
    return f"ngày {day.day} tháng {day.month} năm {day.year}"
