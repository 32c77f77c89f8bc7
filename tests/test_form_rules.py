"""One table of stories through `nttv check` and through the web form's rules (nttv-rules.js in Node):
both find the same problems, at the same field, with the same severity.

The form's rules are the data the build writes into /quan-tri/ (generator/editor/rules.py), so a
chapter, criterion or period changed in the plan changes both at once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import TODAY, story_text

from generator.editor.config import COLLECTIONS
from generator.editor.rules import form_rules
from generator.editor.site import STATIC
from generator.reading import consent as consent_module
from generator.reading.consent import consent_words, refusal, says_nobody, unaccented
from generator.reading.story import read_story

# The fields the form checks before "Lưu"; the checker's other problems are the form's widgets' business.
FORM_FIELDS = {"date", "chapter", "criteria", "consent.date", "consent.by", "consent.guardian", "consent.record"}
# The check refuses a consent that names nobody with the refusal table of issue 19, the one the form reads.
CHECK_HAS_WORDS = hasattr(consent_module, "check_consenting_people")
assert CHECK_HAS_WORDS, "generator/reading/consent.py reads consent_words.yml: the check side of WORD_CASES runs"

CHILD = {"name": "Lò Văn Páo", "birth_year": 2013}
MOTHER = "Lò Thị Mai (mẹ)"

CASES = [
    # name, fields of the story (conftest.story_text), expected {field: severity}
    ("a good story", {}, {}),
    ("a date before the period", {"date": "2021-12-31", "consent": {"by": "Nguyễn Thị Hoa", "date": "2021-12-01",
                                                                    "scope": ["website"]}}, {"date": "error", "chapter": "error"}),
    ("the date the form once saved", {"date": "1906-05-08", "consent": {"by": "Nguyễn Thị Hoa", "date": "1906-05-01",
                                                                         "scope": ["website"]}}, {"date": "error", "chapter": "error"}),
    ("a date over a year ahead", {"chapter": "tinh", "date": "2027-12-01"}, {"date": "error"}),
    ("a date after the period's end (2026 here)", {"chapter": "tinh", "date": "2027-01-15",
                                       "consent": {"by": "Nguyễn Thị Hoa", "date": "2027-01-01", "scope": ["website"]}},
     {"date": "warning"}),
    ("a date less than a year ahead, inside the period", {"chapter": "tinh", "date": "2026-12-20"}, {}),
    ("a chapter that ended before the story", {"date": "2026-05-08"}, {"chapter": "error"}),
    ("the chapter after it", {"chapter": "tinh", "date": "2026-05-08"}, {}),
    ("no criteria", {"criteria": []}, {"criteria": "error"}),
    ("some criteria", {"criteria": ["phap-luat"]}, {}),
    ("consent after publication", {"consent": {"by": "Nguyễn Thị Hoa", "date": "2024-06-01", "scope": ["website"]}},
     {"consent.date": "error"}),
    ("consent on the day of publication", {"consent": {"by": "Nguyễn Thị Hoa", "date": "2024-05-08", "scope": ["website"]}}, {}),
    ("a child without a guardian", {"person": CHILD, "consent": {"by": "Lò Văn Páo", "date": "2024-05-01", "scope": ["website"]}},
     {"consent.guardian": "error"}),
    ("a child with a guardian and their own consent",
     {"person": CHILD, "consent": {"by": "Lò Văn Páo", "date": "2024-05-01", "scope": ["website"], "guardian": MOTHER}}, {}),
    ("a child whose mother signed for them",
     {"person": CHILD, "consent": {"by": "Lò Thị Mai", "date": "2024-05-01", "scope": ["website"], "guardian": MOTHER}},
     {"consent.by": "error"}),
    ("a guardian without the relation",
     {"person": CHILD, "consent": {"by": "Lò Văn Páo", "date": "2024-05-01", "scope": ["website"], "guardian": "Lò Thị Mai"}},
     {"consent.guardian": "error"}),
    ("a guardian who is the child",
     {"person": CHILD, "consent": {"by": "Lò Văn Páo", "date": "2024-05-01", "scope": ["website"], "guardian": "Lò Văn Páo (con)"}},
     {"consent.guardian": "error"}),
    ("a minor flagged without birth year",
     {"person": {"name": "Lò Văn Páo", "minor": True}, "consent": {"by": "Lò Văn Páo", "date": "2024-05-01",
                                                                  "scope": ["website"]}},
     {"consent.guardian": "error"}),
    ("a child under 7 whose guardian signed",
     {"person": {"name": "Lò Văn Páo", "birth_year": 2020},
      "consent": {"by": "Lò Thị Mai", "date": "2024-05-01", "scope": ["website"], "guardian": MOTHER}}, {}),
    ("a child under 7, signed by a stranger",
     {"person": {"name": "Lò Văn Páo", "birth_year": 2020},
      "consent": {"by": "Trần Văn Nam", "date": "2024-05-01", "scope": ["website"], "guardian": MOTHER}},
     {"consent.by": "error"}),
    ("an adult born 2005", {"person": {"name": "Nguyễn Thị Hoa", "birth_year": 2005}}, {}),
    ("a collective, no guardian needed",
     {"kind": "collective", "person": {"name": "CLB Tình nguyện"}, "chapter": "tinh", "date": "2026-05-08",
      "consent": {"by": "Trần Văn Nam (chủ nhiệm)", "date": "2026-05-01", "scope": ["website"]}}, {}),
    ("a collective's representative without a role",
     {"kind": "collective", "person": {"name": "CLB Tình nguyện"}, "chapter": "tinh", "date": "2026-05-08",
      "consent": {"by": "Trần Văn Nam", "date": "2026-05-01", "scope": ["website"]}}, {"consent.by": "error"}),
    ("consent by initials", {"consent": {"by": "Nguyễn V. An", "date": "2024-05-01", "scope": ["website"]}},
     {"consent.by": "error"}),
    ("consent by a name ending in one letter", {"consent": {"by": "Nguyễn Văn A", "date": "2024-05-01", "scope": ["website"]}},
     {"consent.by": "error"}),
    ("a one-letter word inside a name", {"person": {"name": "Giàng A Páo"},
                                         "consent": {"by": "Giàng A Páo", "date": "2024-05-01", "scope": ["website"]}}, {}),
    ("initials in an anonymised story", {"anonymised": True, "consent": {"by": "N.V.A", "date": "2024-05-01",
                                                                          "scope": ["website"], "record": "Biên bản số 12/2024"}}, {}),
    ("digits in the name", {"consent": {"by": "Nguyễn Văn 2", "date": "2024-05-01", "scope": ["website"]}},
     {"consent.by": "error"}),
    ("a child who refused, no guardian yet: the refusal is the one problem",
     {"person": CHILD, "consent": {"by": "không", "date": "2024-05-01", "scope": ["website"]}}, {"consent.by": "error"}),
]

# A consent that names no one: the check refuses it with the table of reading/consent_words.yml.
WORD_CASES = [
    ("consent by “không”", {"consent": {"by": "không", "date": "2024-05-01", "scope": ["website"]}}, {"consent.by": "error"}),
    ("consent by “chưa hỏi”", {"consent": {"by": "Chưa hỏi", "date": "2024-05-01", "scope": ["website"]}}, {"consent.by": "error"}),
    ("consent by “x”", {"consent": {"by": "x", "date": "2024-05-01", "scope": ["website"]}}, {"consent.by": "error"}),
    ("consent by “đã đồng ý”", {"consent": {"by": "đã đồng ý", "date": "2024-05-01", "scope": ["website"]}},
     {"consent.by": "error"}),
    ("a name that spells a refusal without diacritics",
     {"person": {"name": "Khong Minh Duc"}, "consent": {"by": "Khong Minh Duc", "date": "2024-05-01", "scope": ["website"]}}, {}),
]


def collection_of(fields: dict) -> str:
    return COLLECTIONS[fields.get("kind", "individual")]


@pytest.fixture(scope="module")
def table_plan(plan):
    """The repository's plan with its period ending in 2026, so that a date after it can be under a year ahead."""
    return dataclasses.replace(plan, period_end=2026)


@pytest.fixture(scope="module")
def form_results(tmp_path_factory, table_plan):
    """What nttv-rules.js finds in every case, run once in Node."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed for the web editor (make node_modules)")
    rules = form_rules(table_plan, {name: kind for kind, name in COLLECTIONS.items()})
    stories = {name: yaml.safe_load(story_text(**fields).split("---\n")[1]) for name, fields, _ in CASES + WORD_CASES}
    job = {"rules": rules, "today": TODAY,
           "cases": [{"name": name, "collection": collection_of(fields), "data": stories[name]}
                     for name, fields, _ in CASES + WORD_CASES]}
    script = tmp_path_factory.mktemp("rules") / "run.js"
    script.write_text("const rules = require(process.argv[2]);\n"
                      "const job = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n"
                      "const out = {};\n"
                      "for (const c of job.cases) out[c.name] = rules.problems(job.rules, c.data, c.collection, job.today);\n"
                      "process.stdout.write(JSON.stringify(out));\n", encoding="utf-8")
    result = subprocess.run([node, str(script), str(STATIC / "nttv-rules.js")], input=json.dumps(job, default=str),
                            capture_output=True, text=True, timeout=60, check=True)
    return json.loads(result.stdout)


def found_by_form(form_results, name: str) -> dict[str, str]:
    return _worst((problem["field"], problem["severity"]) for problem in form_results[name])


@pytest.fixture(scope="module")
def stories(tmp_path_factory) -> Path:
    """A folder to write each case's story in (the checker reads one file; no site is needed)."""
    root = tmp_path_factory.mktemp("form-rules")
    (root / "stories" / "2024").mkdir(parents=True)
    return root


def found_by_check(root: Path, plan, fields: dict) -> dict[str, str]:
    path = root / "stories" / "2024" / "truyen.md"
    path.write_text(story_text(**fields), encoding="utf-8")
    _, problems = read_story(path, root, plan)
    return _worst((problem.field, problem.severity.value) for problem in problems if problem.field in FORM_FIELDS)


def _worst(pairs) -> dict[str, str]:
    worst: dict[str, str] = {}
    for field, severity in pairs:
        worst[field] = "error" if "error" in (severity, worst.get(field)) else severity
    return worst


@pytest.mark.parametrize("name, fields, expected", CASES, ids=[case[0] for case in CASES])
def test_the_form_and_the_check_find_the_same_problems(stories, table_plan, form_results, name, fields, expected):
    assert found_by_check(stories, table_plan, fields) == expected
    assert found_by_form(form_results, name) == expected


@pytest.mark.parametrize("name, fields, expected", WORD_CASES, ids=[case[0] for case in WORD_CASES])
def test_the_form_refuses_a_consent_that_names_no_one(stories, table_plan, form_results, name, fields, expected):
    assert found_by_form(form_results, name) == expected
    assert found_by_check(stories, table_plan, fields) == expected


def word_variants() -> list[str]:
    """Every word of reading/consent_words.yml as an editor might type it: alone, in capitals, without
    diacritics, after a name, run together, with a Cyrillic "о", with punctuation; and names that spell one."""
    table = consent_words()
    values = ["Khong Minh Duc", "Khổng Minh Đức", "Le Thi Hoan", "Chua Thi Mai", "Nguyễn Văn Hùng (Hiệu trưởng)",
              "?", "-", "k.", "N.V.A", "Nguyễn V. An", "Ⅻ", "Nguyễn Văn 2", "x y", "Lò Thị Mai (mẹ)"]
    for word in (*table.refusals, *table.alone, *table.placeholders, *table.names):
        for value in (word, word.upper(), word.title(), unaccented(word), unaccented(word).upper(),
                      f"Nguyễn Thị Hoa {word}", f"Nguyen Thi Hoa {unaccented(word)}", f"{word}, Nguyễn Văn Bình (bố)",
                      word.replace(" ", ""), word.replace(" ", "_"), word.replace("o", "о").replace("a", "а"),
                      f"{word}.", f"“{word}”", f"Nguyễn Thị {word.title()}"):
            values.append(value)
    return list(dict.fromkeys(values))


def test_the_form_reads_the_checks_word_table_as_the_check_does(table_plan, tmp_path):
    """nttv-rules.js's refusal() and saysNobody() give, for every word of the checker's table in every
    variant, exactly what reading/consent.py's refusal() and says_nobody() give."""
    rules = form_rules(table_plan, {name: kind for kind, name in COLLECTIONS.items()})
    values = word_variants()
    script = tmp_path / "words.js"
    script.write_text("const rules = require(process.argv[2]);\n"
                      "const job = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n"
                      "process.stdout.write(JSON.stringify(job.values.map(v => [rules.refusal(job.rules, v), "
                      "rules.saysNobody(job.rules, v)])));\n", encoding="utf-8")
    result = subprocess.run([shutil.which("node") or "node", str(script), str(STATIC / "nttv-rules.js")],
                            input=json.dumps({"rules": rules, "values": values}, default=str),
                            capture_output=True, text=True, timeout=60, check=True)
    by_form = dict(zip(values, map(tuple, json.loads(result.stdout))))
    by_check = {value: (refusal(value), says_nobody(value)) for value in values}
    differ = {value: {"form": by_form[value], "check": by_check[value]} for value in values if by_form[value] != by_check[value]}
    assert not differ
    assert by_check["không"][0] and not any(by_check["Khong Minh Duc"])  # the table is the real one


def test_the_forms_messages_are_vietnamese_sentences(form_results):
    messages = [problem["message"] for problems in form_results.values() for problem in problems]
    assert messages
    for message in messages:
        assert (message[0].isupper() or message[0] == "“") and message.endswith((".", "”.")), message
        assert "`" not in message and "consent" not in message and "person" not in message, message


def test_the_rules_come_from_the_plan(plan):
    rules = form_rules(plan, {"ca-nhan": "individual"})
    chapter = plan.chapter("binh-xuyen")
    assert rules["chapters"]["binh-xuyen"]["until"] == chapter.active_until.isoformat()
    assert rules["criteria"]["ca-nhan"] == list(plan.kinds["individual"].criterion_ids)
    assert rules["period"] == {"start": plan.period_start, "end": plan.period_end}
    assert dt.date.fromisoformat(TODAY)  # the same "today" for both sides of the table
    assert "không" in rules["consent_words"]["refusals"]
