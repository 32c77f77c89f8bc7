"""A broken plan file stops the run with a message naming the plan file and the field at fault."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import yaml

from generator.reading.plan import load_plan
from generator.problems import NttvError

from conftest import REPO, repo_plan


def shipped() -> dict:
    plan = yaml.safe_load((REPO / "content" / "plan.yml").read_text(encoding="utf-8"))
    # The sample mark lives beside the repository's plan, not beside a copy.
    plan["organisation"].update(logo=None, favicon=None)
    return plan


def chapter_index(plan: dict, chapter_id: str) -> int:
    return next(i for i, chapter in enumerate(plan["chapters"]) if chapter["id"] == chapter_id)


def without(mapping: dict, key: str) -> None:
    del mapping[key]


BINH_XUYEN = chapter_index(shipped(), "binh-xuyen")
VINH_YEN = chapter_index(shipped(), "vinh-yen")

BROKEN = [
    pytest.param(lambda p: without(p["movement"], "name"), "movement.name", id="movement without name"),
    pytest.param(lambda p: without(p, "chapters"), "chapters", id="no chapters"),
    pytest.param(lambda p: without(p["chapters"][BINH_XUYEN], "name"), f"chapters[{BINH_XUYEN}].name", id="chapter without name"),
    pytest.param(lambda p: without(p["chapters"][0], "active_from"), "chapters[0].active_from", id="chapter without start"),
    pytest.param(lambda p: p["chapters"][0].update(active_from="1/1/2022"), "chapters[0].active_from", id="start not a date"),
    pytest.param(lambda p: p["chapters"][VINH_YEN].update(active_until="2025-02-30"), f"chapters[{VINH_YEN}].active_until",
                 id="end not a real date"),
    pytest.param(lambda p: p["chapters"].__setitem__(0, "tinh"), "chapters[0]", id="chapter not a mapping"),
    pytest.param(lambda p: p["chapters"][VINH_YEN].update(id="binh-xuyen"), f"chapters[{BINH_XUYEN}].id", id="duplicate chapter id"),
    pytest.param(lambda p: p["chapters"][VINH_YEN].update(successors=["phu-tho"]), f"chapters[{VINH_YEN}].successors",
                 id="successor that does not exist"),
    pytest.param(lambda p: without(p["kinds"], "collective"), "kinds.collective", id="kind missing"),
    pytest.param(lambda p: without(p["kinds"]["individual"]["criteria"][1], "id"), "kinds.individual.criteria[1].id",
                 id="criterion without id"),
    pytest.param(lambda p: p["targets"][0].update(measure="articles"), "targets[0].measure", id="unknown target measure"),
    pytest.param(lambda p: p["targets"][1].update(kind="club"), "targets[1].kind", id="unknown target kind"),
    pytest.param(lambda p: p["targets"][2].update(per="month"), "targets[2].per", id="unknown target scope"),
    pytest.param(lambda p: without(p["targets"][3], "goal"), "targets[3].goal", id="target without goal"),
    pytest.param(lambda p: p["targets"][0].update(goal="năm"), "targets[0].goal", id="goal not a number"),
    pytest.param(lambda p: p["targets"][1].update(id="individuals"), "targets[1].id", id="duplicate target id"),
    pytest.param(lambda p: p["period"].update(end="2027a"), "period.end", id="period end not a year"),
    pytest.param(lambda p: p["targets"][5].update(goal="150%"), "targets[5].goal", id="a share above 100%"),
    pytest.param(lambda p: p["targets"][5].update(goal=40), "targets[5].goal", id="a share written as a count"),
    pytest.param(lambda p: p["targets"][4]["goal"].update(huyen=1), "targets[4].goal.huyen", id="goal for an unknown level"),
    pytest.param(lambda p: p["targets"][0].update(partial_year="half"), "targets[0].partial_year", id="unknown partial_year"),
    pytest.param(lambda p: without(p["targets"][7], "channels"), "targets[7].channels", id="social columns without channels"),
    pytest.param(lambda p: without(p["targets"][5], "unit_types"), "targets[5].unit_types", id="addresses without unit types"),
    pytest.param(lambda p: p["targets"][4].update(per="period"), "targets[4].per", id="pilots over the period"),
    pytest.param(lambda p: p["deadlines"][0].update(day=31), "deadlines[0]", id="30 November written as 31"),
    pytest.param(lambda p: p.update(register=["don-vi.yml"]), "register", id="register not a file name"),
    pytest.param(lambda p: without(p, "organisation"), "organisation", id="no organisation"),
    pytest.param(lambda p: without(p["organisation"], "place"), "organisation.place", id="organisation without place"),
    pytest.param(lambda p: p["organisation"].update(phone=2103800000), "organisation.phone", id="phone not text"),
    pytest.param(lambda p: p["organisation"].update(logo="logo-khong-co.png"), "organisation.logo", id="logo that does not exist"),
    pytest.param(lambda p: p["chapters"][0].update(signer="Chủ tịch"), "chapters[0].signer", id="signer not a mapping"),
    pytest.param(lambda p: without(p["chapters"][0]["signer"], "name"), "chapters[0].signer.name", id="signer without name"),
]


def write_plan(folder: Path, plan: dict) -> Path:
    path = folder / "content" / "plan.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_the_shipped_plan_loads():
    plan = repo_plan()
    assert [c.id for c in plan.chapters][:10] == ["tinh", "vinh-yen", "phuc-yen", "binh-xuyen", "lap-thach", "song-lo",
                                                  "tam-dao", "tam-duong", "vinh-tuong", "yen-lac"]
    assert [t.id for t in plan.targets] == ["individuals", "collectives", "period-individuals", "period-collectives",
                                            "pilot-units", "school-addresses", "club-addresses", "social-columns",
                                            "media-column", "launches", "may-reviews", "meetings-province", "inspections",
                                            "honours-province", "honours-central"]
    assert plan.organisation.name == "Hội Chữ thập đỏ tỉnh Phú Thọ"
    assert plan.organisation.parent == "Trung ương Hội Chữ thập đỏ Việt Nam"
    assert plan.organisation.place == "Phú Thọ"
    assert plan.chapter("tinh").signer.title == "CHỦ TỊCH"


@pytest.mark.parametrize("day, name, place, code, whole, province", [
    ("2024-05-08", "Hội Chữ thập đỏ tỉnh Vĩnh Phúc", "Vĩnh Phúc", "hctd-vinh-phuc", "Toàn tỉnh", "Hội Chữ thập đỏ tỉnh Vĩnh Phúc"),
    ("2025-06-30", "Hội Chữ thập đỏ tỉnh Vĩnh Phúc", "Vĩnh Phúc", "hctd-vinh-phuc", "Toàn tỉnh", "Hội Chữ thập đỏ tỉnh Vĩnh Phúc"),
    ("2025-07-01", "Hội Chữ thập đỏ tỉnh Phú Thọ", "Phú Thọ", "hctd-phu-tho", "Toàn tỉnh (địa bàn tỉnh Vĩnh Phúc cũ)",
     "Hội Chữ thập đỏ tỉnh Phú Thọ"),
])
def test_the_organisation_and_the_province_chapter_are_named_as_on_the_day(day, name, place, code, whole, province):
    plan = load_plan(REPO / "content" / "plan.yml")
    organisation = plan.organisation_on(dt.date.fromisoformat(day))
    assert (organisation.name, organisation.place, organisation.code, organisation.whole) == (name, place, code, whole)
    assert organisation.parent == "Trung ương Hội Chữ thập đỏ Việt Nam"  # unchanged fields carry over
    assert plan.chapter("tinh").name_on(dt.date.fromisoformat(day)) == province
    assert plan.chapter("binh-xuyen").name_on(dt.date.fromisoformat(day)) == "Hội Chữ thập đỏ huyện Bình Xuyên"


@pytest.mark.parametrize("changes, field", [
    ([{"from": "2025-07-01", "hashtags": ["#x"]}], "organisation.changes[0].hashtags"),
    ([{"name": "Hội Chữ thập đỏ tỉnh X"}], "organisation.changes[0].from"),
    ([{"from": "2025-07-01", "name": "A"}, {"from": "2025-01-01", "name": "B"}], "organisation.changes[1].from"),
    ("2025-07-01", "organisation.changes"),
])
def test_a_wrong_dated_change_of_the_organisation_names_its_field(tmp_path, changes, field):
    plan = shipped()
    plan["organisation"]["changes"] = changes
    with pytest.raises(NttvError, match=re.escape(field)):
        load_plan(write_plan(tmp_path, plan))


def test_a_logo_is_a_file_beside_the_plan(tmp_path):
    plan = shipped()
    plan["organisation"]["logo"] = "assets/logo.png"
    path = write_plan(tmp_path, plan)
    (path.parent / "assets").mkdir()
    (path.parent / "assets" / "logo.png").write_bytes(b"\x89PNG")
    assert load_plan(path).organisation.logo == "assets/logo.png"
    assert load_plan(path).organisation.favicon == ""


@pytest.mark.parametrize("breakage, field", BROKEN)
def test_a_broken_plan_names_the_file_and_the_field(tmp_path, breakage, field):
    plan = shipped()
    breakage(plan)
    path = write_plan(tmp_path, plan)
    with pytest.raises(NttvError) as caught:
        load_plan(path)
    message = str(caught.value)
    # One problem, named by file, line, column and field: a mistake is not echoed by the parts that depend on it.
    assert re.fullmatch(rf"{re.escape(str(path))}:\d+:\d+: {re.escape(field)}: .{{6,}}", message), message


def test_a_plan_with_a_yaml_syntax_error_names_the_file_and_the_line(tmp_path):
    path = tmp_path / "plan.yml"
    path.write_text("movement:\n  name: \"không đóng ngoặc\n", encoding="utf-8")
    with pytest.raises(NttvError, match=r"plan\.yml:3:1: lỗi cú pháp YAML: thiếu dấu ngoặc kép"):
        load_plan(path)


def test_a_missing_plan_file_is_named(tmp_path):
    with pytest.raises(NttvError, match=r"khong-co\.yml: không tìm thấy tệp kế hoạch"):
        load_plan(tmp_path / "khong-co.yml")


def test_the_cli_stops_on_a_broken_plan_with_exit_code_2(scratch):
    plan = shipped()
    plan["targets"][0]["measure"] = "articles"
    write_plan(scratch.root, plan)
    result = scratch.nttv("tally", "--json")
    assert result.returncode == 2
    assert result.stdout == ""
    assert re.search(r"plan\.yml:\d+:\d+: targets\[0\]\.measure: 'articles' không thuộc distinct-examples", result.stderr)


def test_nttv_check_names_every_mistake_of_the_plan_at_once_with_its_line_and_column(scratch):
    plan = shipped()
    plan["period"]["end"] = "2027a"
    plan["chapters"][VINH_YEN]["successors"] = ["phu-tho"]
    plan["targets"][0]["measure"] = "articles"
    path = write_plan(scratch.root, plan)
    lines = path.read_text(encoding="utf-8").splitlines()
    result = scratch.nttv("check")
    assert result.returncode == 2, "a broken plan still stops the run"
    assert "tệp kế hoạch có 3 lỗi" in result.stderr
    found = re.findall(r"^content/plan\.yml:(\d+):(\d+): (\S+): (.+)$", result.stdout, re.MULTILINE)
    assert sorted(field for _, _, field, _ in found) == sorted(["period.end", f"chapters[{VINH_YEN}].successors", "targets[0].measure"])
    assert [int(line) for line, *_ in found] == sorted(int(line) for line, *_ in found), "in the order of the file"
    written = {field: lines[int(line) - 1][int(column) - 1:] for line, column, field, _ in found}
    # Each position is where the editor wrote the wrong value.
    assert written["period.end"] == "2027a"
    assert written[f"chapters[{VINH_YEN}].successors"] == "- phu-tho"
    assert written["targets[0].measure"] == "articles"
    assert any("'articles' không thuộc distinct-examples" in message for *_, message in found)


def test_a_date_the_calendar_lacks_and_a_repeated_id_are_named_together_in_every_format(scratch):
    """Month 13 in one chapter used to end `nttv check` in a traceback; a repeated id in another chapter
    used to wait until the first mistake was fixed. Both are named at once, at their line, in the
    check's every format (a pull request's annotations included)."""
    plan = shipped()
    plan["chapters"][VINH_YEN]["id"] = plan["chapters"][0]["id"]
    path = write_plan(scratch.root, plan)
    text = path.read_text(encoding="utf-8")
    start = f"active_from: {plan['chapters'][0]['active_from'].isoformat()}"
    path.write_text(text.replace(start, "active_from: 2022-13-01", 1), encoding="utf-8")
    lines = path.read_text(encoding="utf-8").splitlines()
    for form in ("text", "github", "json"):
        result = scratch.nttv("check", "--format", form)
        assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
        if form == "text":
            found = re.findall(r"^content/plan\.yml:(\d+):(\d+): (\S+): (.+)$", result.stdout, re.MULTILINE)
            assert [field for _, _, field, _ in found] == ["chapters[0].active_from", f"chapters[{VINH_YEN}].id"]
            line, column, _, message = found[0]
            assert lines[int(line) - 1][int(column) - 1:] == "2022-13-01"
            assert "không có trong lịch" in message
            assert "bị lặp (đã có ở chapters[0])" in found[1][3]
        elif form == "github":
            annotations = result.stdout.splitlines()
            assert len(annotations) == 2
            assert all(a.startswith("::error file=content/plan.yml,line=") for a in annotations), annotations
        else:
            assert [p["field"] for p in json.loads(result.stdout)] == ["chapters[0].active_from", f"chapters[{VINH_YEN}].id"]


@pytest.mark.build
def test_mkdocs_build_stops_on_a_broken_plan_naming_file_and_field(scratch):
    plan = shipped()
    plan["chapters"][VINH_YEN]["successors"] = ["phu-tho"]
    write_plan(scratch.root, plan)
    result = scratch.build()
    assert result.returncode != 0
    assert re.search(rf"plan\.yml:\d+:\d+: chapters\[{VINH_YEN}\]\.successors:", result.stderr)
    assert "phu-tho" in result.stderr
    assert not (scratch.root / "site" / "index.html").exists()
