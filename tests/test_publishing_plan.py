"""The plan's `publishing` block: where the site goes and the bulletin's name, checked like the rest of the plan."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from conftest import repo_plan
from generator.problems import NttvError
from generator.reading.plan import load_plan
from test_plan import shipped, write_plan


def test_the_shipped_plan_publishes_by_rsync_and_names_the_bulletin_by_date():
    plan = repo_plan()
    assert (plan.publishing.target, plan.publishing.dest) == ("rsync", "")
    # The bulletin's title is the organisation's of the day (organisation.changes), the publishing block's a fallback.
    assert (plan.bulletin_on(dt.date(2025, 6, 30)), plan.bulletin_on(dt.date(2025, 7, 1))) == \
        ("Bản tin Nhân đạo Vĩnh Phúc", "Bản tin Nhân đạo Phú Thọ")


@pytest.mark.parametrize("block, expected", [
    (None, ("rsync", "", "Người tốt, việc thiện – Chung sức xây dựng cộng đồng nhân ái")),
    ({"target": "github-pages"}, ("github-pages", "", "Người tốt, việc thiện – Chung sức xây dựng cộng đồng nhân ái")),
    ({"rsync": {"dest": " nttv@may-chu.vn:/var/www/nguoitot "}, "bulletin": {"title": "Bản tin Nhân đạo Phú Thọ"}},
     ("rsync", "nttv@may-chu.vn:/var/www/nguoitot", "Bản tin Nhân đạo Phú Thọ")),
])
def test_what_the_block_leaves_out_has_a_default(tmp_path, block, expected):
    plan = shipped()
    plan.pop("publishing")
    if block is not None:
        plan["publishing"] = block
    publishing = load_plan(write_plan(tmp_path, plan)).publishing
    assert (publishing.target, publishing.dest, publishing.bulletin) == expected


@pytest.mark.parametrize("block, field", [
    ({"target": "netlify"}, "publishing.target"),
    ("rsync", "publishing"),
    ({"rsync": "nttv@may-chu.vn:/var/www"}, "publishing.rsync"),
    ({"rsync": {"dest": 22}}, "publishing.rsync.dest"),
    ({"bulletin": "Bản tin"}, "publishing.bulletin"),
    ({"bulletin": {"title": ["Bản tin"]}}, "publishing.bulletin.title"),
])
def test_a_wrong_block_names_the_field(tmp_path, block, field):
    plan = shipped()
    plan["publishing"] = block
    path = write_plan(tmp_path, plan)
    with pytest.raises(NttvError) as caught:
        load_plan(path)
    assert re.match(rf"{re.escape(str(path))}:\d+:\d+: {re.escape(field)}: ", str(caught.value))
