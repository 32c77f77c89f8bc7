"""The checker's rules the web form applies before "Lưu", as data the build writes into /quan-tri/.

Nothing is retyped for the browser: the plan's period, chapters (with the dates they were active)
and criteria, and the checker's own constants and word tables, are written into the page at every
build; ``static/nttv-rules.js`` reads them. ``tests/test_form_rules.py`` runs one table of stories
through ``nttv check`` and through the script and proves that both find the same problems.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..reading.consent import KIN_WORDS, ON_BEHALF
from ..reading.identity import _TONES
from ..reading.plan import Plan
from ..reading.story import FUTURE_DAYS, NO_CRITERIA

# The table of words that make a consent field name nobody who agreed ("không", "chưa hỏi").
# The checker's own table (reading/consent_words.yml, keys `refusals`, `alone`, `placeholders`,
# `names`) is read when it exists; the editor's copy of the same format stands in until then.
CONSENT_WORDS = (Path(__file__).parents[1] / "reading" / "consent_words.yml", Path(__file__).with_name("consent_words.yml"))
WORD_LISTS = ("refusals", "alone", "placeholders", "names")


def consent_words() -> dict[str, list[str]]:
    """The first table of ``CONSENT_WORDS`` found, as lists of words (missing lists empty)."""
    path = next(path for path in CONSENT_WORDS if path.is_file())
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {key: [str(word) for word in data.get(key) or ()] for key in WORD_LISTS}


def form_rules(plan: Plan, collections: dict[str, str]) -> dict[str, Any]:
    """What ``nttv-rules.js`` needs: ``collections`` maps each story collection to its kind."""
    return {
        "period": {"start": plan.period_start, "end": plan.period_end},
        "future_days": FUTURE_DAYS,
        "chapters": {chapter.id: {"name": chapter.name, "from": chapter.active_from.isoformat(),
                                  "until": chapter.active_until.isoformat() if chapter.active_until else None,
                                  "successors": list(chapter.successors)}
                     for chapter in plan.chapters},
        "kinds": {name: kind for name, kind in collections.items()},
        "criteria": {name: list(plan.kinds[kind].criterion_ids) for name, kind in collections.items()},
        "no_criteria": NO_CRITERIA,
        "kin_words": list(KIN_WORDS),
        "on_behalf": list(ON_BEHALF),
        "tones": "".join(sorted(_TONES)),
        "consent_words": consent_words(),
    }
