"""`site_url`: https (http only for this machine), a host, a path ending in `/`, no space, query or
fragment; anything else stops the run with the line of the plan to fix."""

from __future__ import annotations

import re

import pytest
from conftest import REPO

from generator.problems import NttvError
from generator.reading.plan import load_plan
from generator.urls import site_url_problem

BAD = [
    "https://chuthapdo.vn/a b/", "https://chuthapdo.vn/?q=<x>", "https://chuthapdo.vn/#frag", "https://chuthapdo.vn/nguoi-tot/?",
    "https://chuthapdo.vn/nguoi-tot/#", "http://chuthapdo.vn/", "ftp://chuthapdo.vn/", "javascript:alert(1)//", "//chuthapdo.vn/",
    "chuthapdo.vn/", "https:///nguoi-tot/", "https://", "https://user:pass@chuthapdo.vn/", "https://chuthapdo.vn/\"><script>/",
    "https://chuthapdo.vn/a\tb/", "https://chuthapdo.vn\u00a0/", " https://chuthapdo.vn/", "https://chu thap do.vn/",
    "https://chuthapdo.vn/../", "https://<b>.vn/", "https://chuthapdo.vn/a'b/", "https:chuthapdo.vn/", "data:text/html,x/",
]
GOOD = ["https://chuthapdo.vn/", "https://chuthapdo.vn/nguoi-tot/", "https://chữthậpđỏ.vn/", "http://localhost:8000/",
        "http://127.0.0.1:8000/nguoi-tot/", "https://chuthapdo.vn:8443/nguoi-tot/", "HTTPS://chuthapdo.vn/"]


@pytest.mark.parametrize("url", BAD)
def test_a_bad_site_url_is_named(url):
    assert site_url_problem(url)


@pytest.mark.parametrize("url", GOOD)
def test_a_good_site_url_passes(url):
    assert site_url_problem(url) == ""


@pytest.mark.parametrize("url", ["https://chuthapdo.vn/a b/", "https://chuthapdo.vn/?q=<x>", "https://chuthapdo.vn/#frag",
                                 "http://chuthapdo.vn/"])
def test_the_plan_with_a_bad_site_url_stops_with_its_line(tmp_path, url):
    text = (REPO / "content" / "plan.yml").read_text(encoding="utf-8")
    line = next(number for number, row in enumerate(text.splitlines(), start=1) if row.startswith("site_url:"))
    plan = tmp_path / "plan.yml"
    text = re.sub(r"(?m)^(\s+)(logo|favicon): .*$", r"\1\2: null", text)  # no image beside this copy
    plan.write_text(re.sub(r"(?m)^site_url: .*$", f'site_url: "{url}"', text), encoding="utf-8")
    with pytest.raises(NttvError) as stopped:
        load_plan(plan)
    assert f"plan.yml:{line}:11: site_url:" in str(stopped.value) and "https://" in str(stopped.value)
