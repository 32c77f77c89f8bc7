"""The tally as open data: one JSON schema for ``nttv tally --json`` and the report's csv.

Every row says where it comes from: the schema's version, the code of the organisation that
counted it (as named on the as-of day, ``organisation.code`` in the plan) and the as-of day.
A change that renames or drops a field raises the major version; a new field the minor one.
"""

from __future__ import annotations

import datetime as dt

from ..reading.plan import Plan
from .rows import Row

SCHEMA_ID = "nttv-tally"
SCHEMA_VERSION = "1.1"

# Field, JSON type(s), csv column (None: not in the csv), meaning.
FIELDS: tuple[tuple[str, object, str | None, str], ...] = (
    ("schema", "string", "Lược đồ", f"{SCHEMA_ID}/<phiên bản>, ví dụ {SCHEMA_ID}/{SCHEMA_VERSION}"),
    ("organisation", "string", "Mã tổ chức", "mã của tổ chức đứng tên số liệu vào ngày tính (organisation.code)"),
    ("as_of", "string", "Tính đến ngày", "ngày số liệu được tính đến, YYYY-MM-DD"),
    ("target", "string", "Mã chỉ tiêu", "mã chỉ tiêu trong kế hoạch"),
    ("chapter", ["string", "null"], "Mã Hội", "mã Hội (chapters[].id); null: toàn tỉnh"),
    ("year", ["integer", "null"], "Năm", "năm; null: cả giai đoạn"),
    ("goal", ["number", "null"], "Chỉ tiêu đặt ra", "chỉ tiêu (tỉ lệ 0–1 với measure share); null: không có chỉ tiêu"),
    ("reached", "integer", "Kết quả", "số đạt được"),
    ("met", ["boolean", "null"], "Đạt", "đạt chỉ tiêu hay chưa; null: không có chỉ tiêu"),
    ("measure", "string", None, "count (số) hoặc share (tỉ lệ trên `of`)"),
    ("of", ["integer", "null"], "Trên tổng số", "tổng số đơn vị với chỉ tiêu tỉ lệ"),
    ("share", ["number", "null"], "Tỉ lệ", "reached/of, 4 chữ số thập phân"),
    ("needed", ["integer", "null"], "Cần thêm", "còn thiếu bao nhiêu để đạt"),
    ("examples", "array", None, "tệp truyện được tính và được nêu tên (đang đăng trên trang hôm nay)"),
    ("prorated", ["object", "null"], None, "chỉ tiêu tính theo số ngày hoạt động"),
    ("deadline", ["string", "null"], None, "hạn gần nhất còn phía trước, khi chưa đạt"),
    ("days_left", ["integer", "null"], None, "số ngày đến hạn đó"),
    ("below", "array", None, "đơn vị, Hội chưa đạt"),
    ("events", "array", None, "các lần tôn vinh"),
    ("names", "array", None, "những gì được tính khi không phải truyện (đơn vị, cơ quan báo chí, Hội)"),
    ("unnamed_examples", "integer", None, "số truyện được tính nhưng không nêu tên (đã rút lại, bản nháp, không đăng trang)"),
    ("activities", "array", None, "hoạt động được tính và công khai (ngày, Hội, loại, tiêu đề, trang) trong sổ hoạt động"),
    ("unnamed_activities", "integer", None, "số hoạt động được tính nhưng không công khai (ví dụ kiểm tra, giám sát)"),
)


def provenance(plan: Plan, as_of: dt.date) -> dict[str, str]:
    """The fields every open row starts with: schema, organisation code, as-of day."""
    return {"schema": f"{SCHEMA_ID}/{SCHEMA_VERSION}", "organisation": plan.organisation_on(as_of).code,
            "as_of": as_of.isoformat()}


def open_row(plan: Plan, row: Row, as_of: dt.date, shown: frozenset[str]) -> dict:
    """One tally row as open data: its provenance, then the row's own fields, naming only the
    stories in ``shown`` (the others are a number, ``unnamed_examples``)."""
    return {**provenance(plan, as_of), **row.public_dict(shown)}


def schema() -> dict:
    """The JSON Schema (2020-12) of one row of ``nttv tally --json``; ``x-csv`` names the csv column."""
    properties = {}
    for name, kind, column, meaning in FIELDS:
        properties[name] = {"type": kind, "description": meaning, **({"x-csv": column} if column else {})}
    properties["schema"]["pattern"] = rf"^{SCHEMA_ID}/1\.\d+$"
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{SCHEMA_ID}/{SCHEMA_VERSION}",
        "title": "Một dòng số liệu của chuyên mục “Người tốt, việc thiện” so với chỉ tiêu của kế hoạch",
        "type": "object",
        "required": [name for name, *_ in FIELDS],
        "properties": properties,
    }
