"""The checker's rules the web form applies before "Lưu", as data the build writes into /quan-tri/.

Nothing is retyped for the browser: the plan's period, chapters (with the dates they were active)
and criteria, and the checker's own constants and word tables, are written into the page at every
build; ``static/nttv-rules.js`` reads them. ``tests/test_form_rules.py`` runs one table of stories
through ``nttv check`` and through the script and proves that both find the same problems.
"""

from __future__ import annotations

import functools
from typing import Any

from ..reading import consent
from ..reading.consent import KIN_WORDS, ON_BEHALF
from ..reading.identity import _TONES
from ..reading.letters import latin_lookalike
from ..reading.plan import Plan
from ..reading.story import FUTURE_DAYS, NO_CRITERIA


def consent_words() -> dict[str, list[str]]:
    """The checker's own table of words that make a consent field name nobody who agreed ("không",
    "chưa hỏi"): reading/consent_words.yml as ``nttv check`` reads it (lowercase, NFC), as lists."""
    table = consent.consent_words()
    return {"refusals": list(table.refusals), "alone": list(table.alone),
            "placeholders": list(table.placeholders), "names": sorted(table.names)}


# The blocks whose letters that imitate Latin ones (Cyrillic "о", Greek "Α") the form reads as the
# check does (reading/letters.py as_latin): Greek, Coptic, Cyrillic, Armenian, Greek Extended.
LOOKALIKE_BLOCKS = ((0x0370, 0x0590), (0x1F00, 0x2000))


@functools.cache
def lookalikes() -> dict[str, str]:
    """Each character of ``LOOKALIKE_BLOCKS`` that the checker reads as a Latin letter, and that letter."""
    return {char: latin for low, high in LOOKALIKE_BLOCKS for char in map(chr, range(low, high))
            if (latin := latin_lookalike(char)) != char}


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
        "lookalikes": lookalikes(),
    }
