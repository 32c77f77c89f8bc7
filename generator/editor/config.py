"""Decap CMS's ``config.yml``, made from the plan at every build, and the layout our script writes files in.

Nothing here is written by hand: kinds, criteria, chapters (with the dates they were active),
support forms, unit types, channels and consent scopes come from the plan, the field order and
hints from ``reading.fields``, which ``nttv new`` reads too. A chapter added to the plan is in the
form after the next build.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .. import urls
from ..dates import short_date
from ..publishing.address import is_sample_address
from ..reading.fields import STORY_FIELDS, UNIT_TYPES, Field, hint, story_field
from ..reading.plan import Chapter, Plan
from ..reading.activities import ACTIVITY_KEYS, TITLE_MAX as ACTIVITY_TITLE_MAX, photo_folder
from ..reading.register import UNIT_KEYS, YEAR_KEYS
from .settings import EditorSettings

# Collection names are the addresses editors see (`/quan-tri/#/collections/ca-nhan`).
COLLECTIONS = {"individual": "ca-nhan", "collective": "tap-the"}
FORMAT = "nttv-truyen"  # our front-matter writer, registered by nttv-cms.js
# The unit register (the plan's `register:`): one Decap file, written by our register writer in nttv-cms.js.
REGISTER_COLLECTION, REGISTER_FILE = "so-don-vi", "don-vi"
REGISTER_FORMAT = "nttv-so-don-vi"
# The register of activities (the plan's `activities:`): one Decap file too, written by our activities writer.
ACTIVITIES_COLLECTION, ACTIVITIES_FILE = "so-hoat-dong", "hoat-dong"
ACTIVITIES_FORMAT = "nttv-so-hoat-dong"
ACTIVITY_CODES = ("date", "chapter", "kind")  # written plain, as `nttv new --activity` does; the others quoted
PHOTO_KEYS = ("src", "alt", "caption", "credit", "shows_children", "children_consent")
SOURCE_KEY = "nttv_source"  # the story's file as it was read, so that a save changes only what the editor changed
HEADER_KEY = "nttv_header"  # the file's opening comments, kept through a save; never a key of the file
# Keys our script sets before a save so that Decap names the file as `nttv new` would; never written to the file.
SLUG_KEY = "nttv_slug"
YEAR_KEY = "nttvyear"  # no dot or underscore: Decap lowercases and strips punctuation from the path template
LEAD_KEY, REST_KEY = "lead", "body"
RULE_KEY = "nttv_rule"  # the field's path for the checks the form makes before a save (rules.py, nttv-rules.js)
# The fields nttv-rules.js checks, and the widget that shows their problem under them.
GUARDED = {"date": "nttv-date", "chapter": "nttv-select", "criteria": "nttv-select", "consent.date": "nttv-date",
           "consent.by": "nttv-string", "consent.guardian": "nttv-string", "consent.record": "nttv-string"}
# The site's own emblem on the sign-in screen instead of Decap's; Material's icon when the plan names none.
MATERIAL_FAVICON = "assets/images/favicon.png"
ID_PATTERN = ["^[a-z0-9]+(-[a-z0-9]+)*$", "chỉ gồm chữ thường không dấu, số và dấu gạch ngang, ví dụ nguyen-thi-hoa-1975"]

# The commits a save makes, in Vietnamese (`{{collection}}` is the collection's singular label, "truyện cá nhân").
COMMIT_MESSAGES = {
    "create": "Thêm {{collection}} “{{slug}}”",
    "update": "Sửa {{collection}} “{{slug}}”",
    "delete": "Gỡ {{collection}} “{{slug}}”",
    "uploadMedia": "Tải lên ảnh “{{path}}”",
    "deleteMedia": "Xóa ảnh “{{path}}”",
}

def chapter_label(chapter: Chapter) -> str:
    """``Hội Chữ thập đỏ huyện Bình Xuyên (1/1/2022 – 30/6/2025)``: a story must fall within those dates."""
    until = f" – {short_date(chapter.active_until)}" if chapter.active_until else ", đang hoạt động"
    start = "từ " if chapter.active_until is None else ""
    return f"{chapter.name} ({start}{short_date(chapter.active_from)}{until})"


def cms_config(plan: Plan, settings: EditorSettings, local_port: int, root: Path | None = None) -> dict[str, Any]:
    """Decap's configuration as data: backend, local backend, editorial workflow, one collection per kind,
    and the unit register when the plan names one inside ``root`` (the repository the form saves to)."""
    backend = {"name": settings.backend, "repo": settings.repo, "branch": settings.branch,
               "squash_merges": True, "commit_messages": COMMIT_MESSAGES, **dict(settings.options)}
    # "Xem bản hoàn chỉnh" and the address in the header lead to the column's real pages; while the plan
    # still has the sample address (example.org) they would lead nowhere, so Decap is given none.
    site_url = plan.site_url if plan.site_url and not is_sample_address(plan.site_url) else None
    config: dict[str, Any] = {
        "backend": backend,
        "local_backend": {"url": f"http://127.0.0.1:{local_port}/api/v1", "allowed_hosts": ["127.0.0.1", "localhost"]},
        "locale": "vi",
        "site_url": site_url,
        "display_url": site_url,
        "logo_url": "../" + (plan.organisation.logo or plan.organisation.favicon or MATERIAL_FAVICON),
        "media_folder": "stories",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [_story_collection(plan, kind) for kind in COLLECTIONS],
    }
    register = register_path(plan, root)
    if register:
        config["collections"].append(_register_collection(plan, register))
    activities = _in_repository(plan.activities, plan, root)
    if activities and plan.activity_kinds:
        config["collections"].append(_activities_collection(plan, activities))
    if not site_url:
        for collection in config["collections"]:
            for item in [collection, *collection.get("files", [])]:
                item.pop("preview_path", None)
    if settings.pull_requests:
        config["publish_mode"] = "editorial_workflow"
    return {key: value for key, value in config.items() if value is not None}


def render_config(config: dict[str, Any]) -> str:
    header = ("# Tạo tự động từ content/plan.yml mỗi lần dựng trang: đừng sửa tệp này, hãy sửa tệp kế hoạch.\n"
              "# Generated from content/plan.yml at every build.\n")
    return header + yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=1000)


def layout() -> list[dict[str, Any]]:
    """The story fields in file order with how each is written, for the front-matter writer in the browser."""
    return [_layout(field) for field in STORY_FIELDS]


def _layout(field: Field) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": field.name, "style": field.style, "required": field.required}
    if field.fields:
        entry["fields"] = [_layout(child) for child in field.fields]
    return entry


def _story_collection(plan: Plan, kind: str) -> dict[str, Any]:
    data = plan.kinds[kind]
    return {
        "name": COLLECTIONS[kind],
        "label": f"{data.label} ({data.noun})",
        "label_singular": f"truyện {data.noun}",
        "description": "Mỗi truyện là một bài riêng. Bài đã lưu được gửi đi chờ duyệt và được kiểm tra tự động "
                       "trước khi lên trang.",
        "folder": "stories",
        "path": "{{%s}}/{{slug}}" % YEAR_KEY,
        "slug": "{{fields.%s}}" % SLUG_KEY,
        "filter": {"field": "kind", "value": kind},
        "format": FORMAT,
        "extension": "md",
        "create": True,
        "delete": False,  # a story leaves the site by its withdrawal date, which keeps it in the tally
        "media_folder": "",
        "public_folder": "",
        "summary": "{{title}} – {{fields.person.name}} ({{date | date('D/M/YYYY')}})",
        # Newest first, as the column shows them.
        "sortable_fields": [{"field": "date", "default_sort": "desc"}, "title"],
        "preview_path": "cau-chuyen/{{dirname}}/{{filename}}/",
        "fields": [*(_widget(field, plan, kind, field.name) for field in STORY_FIELDS), *_body_fields()],
    }


def register_path(plan: Plan, root: Path | None) -> str | None:
    """The register's path in the repository (``content/don-vi.yml``), or None without one the form can reach."""
    if plan.register is None:
        return None
    base = (root or plan.path.parent.parent).resolve()
    try:
        return plan.register.resolve().relative_to(base).as_posix()
    except ValueError:
        return None


def _in_repository(path: Path | None, plan: Plan, root: Path | None) -> str | None:
    if path is None:
        return None
    base = (root or plan.path.parent.parent).resolve()
    try:
        return path.resolve().relative_to(base).as_posix()
    except ValueError:
        return None


def activities_layout() -> dict[str, Any]:
    """How our script writes the register of activities: the reader's keys in order (reading/activities.py)."""
    return {"format": ACTIVITIES_FORMAT, "collection": ACTIVITIES_COLLECTION, "header_key": HEADER_KEY,
            "keys": list(ACTIVITY_KEYS), "codes": list(ACTIVITY_CODES), "photo_keys": list(PHOTO_KEYS)}


def _activities_collection(plan: Plan, path: str) -> dict[str, Any]:
    folder = photo_folder(plan)
    kinds = "; ".join(f"{kind.label}: {'có trang trên web' if kind.public else 'chỉ tính vào thống kê, báo cáo'}"
                      for kind in plan.activity_kinds)
    text = {"widget": "string", "required": False}
    photo_fields = [
        {"name": "src", "label": "Tệp ảnh", "widget": "image", "required": True, "choose_url": False,
         "media_folder": f"/{path.rsplit('/', 1)[0]}/{folder.name}" if "/" in path else f"/{folder.name}", "public_folder": "",
         "hint": "ảnh JPEG hoặc PNG; vị trí GPS và mọi siêu dữ liệu được xóa ngay trên máy trước khi tải lên"},
        {"name": "alt", "label": "Mô tả ảnh", "widget": "string", "required": True,
         "hint": "mô tả ảnh cho người dùng trình đọc màn hình (bắt buộc với mỗi ảnh)"},
        {"name": "caption", "label": "Chú thích", **text, "hint": "chú thích dưới ảnh"},
        {"name": "credit", "label": "Người chụp, nguồn ảnh", **text},
        {"name": "shows_children", "label": "Ảnh có trẻ em nhận ra được", "widget": "boolean", "required": False, "default": False},
        {"name": "children_consent", "label": "Cha mẹ các em đã đồng ý thế nào", "widget": "text", "required": False,
         "hint": "bắt buộc khi ảnh có trẻ em: thiếu thì ảnh không được đăng"},
    ]
    fields = [
        {"name": "date", "label": "Ngày diễn ra", "widget": "nttv-date", "required": True,
         "hint": "gõ ngày/tháng/năm, ví dụ 15/05/2023; Hội phải đang hoạt động ngày đó"},
        {"name": "chapter", "label": "Hội tổ chức", "widget": "select", "required": True,
         "options": [{"label": chapter_label(c), "value": c.id} for c in plan.chapters],
         "hint": "ngày hoạt động của mỗi Hội ghi trong ngoặc"},
        {"name": "kind", "label": "Loại hoạt động", "widget": "select", "required": True,
         "options": [{"label": kind.label, "value": kind.id} for kind in plan.activity_kinds]},
        {"name": "title", "label": "Tên hoạt động", "widget": "string", "required": True,
         "pattern": [f"^[\\s\\S]{{0,{ACTIVITY_TITLE_MAX}}}$", f"tối đa {ACTIVITY_TITLE_MAX} ký tự"]},
        {"name": "place", "label": "Nơi tổ chức", **text},
        {"name": "unit", "label": "Đơn vị được chọn", **text,
         "hint": "bắt buộc khi chọn đơn vị chỉ đạo điểm: viết đúng tên như trong truyện của đơn vị"},
        {"name": "link", "label": "Bài viết về hoạt động ở trang khác", **text, "hint": "địa chỉ bắt đầu bằng https://"},
        {"name": "public", "label": "Hiện trên trang web", "widget": "select", "required": False, "default": "",
         "options": [{"label": "Theo loại hoạt động", "value": ""}, {"label": "Có", "value": "true"},
                     {"label": "Không (chỉ tính vào thống kê, báo cáo)", "value": "false"}],
         "hint": kinds},
        {"name": "text", "label": "Giới thiệu", "widget": "text", "required": False,
         "hint": "vài câu về hoạt động, hiện trên trang của hoạt động"},
        {"name": "photos", "label": "Ảnh", "label_singular": "ảnh", "widget": "list", "required": False, "collapsed": False,
         "summary": "{{fields.src}} – {{fields.alt}}", "default": [], "fields": photo_fields},
    ]
    return {
        "name": ACTIVITIES_COLLECTION,
        "label": "Sổ hoạt động",
        "label_singular": "sổ hoạt động",
        "description": "Phát động, chọn đơn vị chỉ đạo điểm, sơ kết tháng 5, gặp mặt, tôn vinh, kiểm tra của các cấp Hội: "
                       "được tính vào thống kê và báo cáo, hoạt động công khai có trang riêng. Bản lưu cũng được gửi đi "
                       "chờ duyệt và được kiểm tra tự động trước khi áp dụng.",
        "format": ACTIVITIES_FORMAT,
        "extension": "yml",
        "delete": False,
        "editor": {"preview": False},
        "files": [{
            "name": ACTIVITIES_FILE,
            "label": "Sổ hoạt động của các cấp Hội",
            "file": path,
            # No "×" on an entry: one tap would take a launch or a review out of the tally. A wrong entry is corrected.
            "fields": [{"name": "activities", "label": "Hoạt động", "label_singular": "hoạt động", "widget": "list",
                        "allow_remove": False, "collapsed": True, "summary": "{{fields.date | date('D/M/YYYY')}} – {{fields.title}}", "fields": fields,
                        "hint": "bấm vào một hoạt động để mở; hoạt động mới thêm vào cuối danh sách"}],
        }],
    }


def register_layout() -> dict[str, Any]:
    """How our script writes the register: the keys in the reader's order (reading/register.py)."""
    return {"format": REGISTER_FORMAT, "collection": REGISTER_COLLECTION, "header_key": HEADER_KEY,
            "unit_keys": list(UNIT_KEYS), "year_keys": list(YEAR_KEYS)}


def _register_collection(plan: Plan, path: str) -> dict[str, Any]:
    years = range(plan.period_start, plan.period_end + 1)
    first_year = {"widget": "number", "value_type": "int", "min": 1900, "max": 2200}
    unit_fields = [
        {"name": "name", "label": "Tên đơn vị", "widget": "string", "required": True,
         "hint": "viết đúng như ô “Đơn vị” trong truyện của đơn vị, để số địa chỉ trong truyện được đối chiếu với sổ"},
        {"name": "type", "label": "Loại đơn vị", "widget": "select", "required": True,
         "options": [{"label": plan.label("unit_type", v), "value": v} for v in UNIT_TYPES],
         "hint": "trường học và câu lạc bộ, đội, nhóm tình nguyện được tính vào chỉ tiêu địa chỉ nhân đạo"},
        {"name": "chapter", "label": "Hội quản lý", "widget": "select", "required": True,
         "options": [{"label": chapter_label(c), "value": c.id} for c in plan.chapters],
         "hint": "sau khi một Hội dừng hoạt động, đơn vị được ghi thành một mục mới ở Hội tiếp nhận"},
        {"name": "years", "label": "Thời gian tham gia", "widget": "object", "required": True, "collapsed": False,
         "fields": [{"name": "from", "label": "Từ năm", "required": True, **first_year},
                    {"name": "to", "label": "Đến năm", "required": False, **first_year,
                     "hint": "bỏ trống nếu đơn vị vẫn đang hoạt động"}]},
        {"name": "addresses", "label": "Số địa chỉ nhân đạo đăng ký", "widget": "object", "required": False,
         "collapsed": False,
         "hint": "mỗi năm đơn vị tham gia một ô; năm bỏ trống được tính là 0 địa chỉ",
         "fields": [{"name": str(year), "label": f"Năm {year}", "required": False, "widget": "number",
                     "value_type": "int", "min": 0, "max": 10_000} for year in years]},
    ]
    return {
        "name": REGISTER_COLLECTION,
        "label": "Sổ đơn vị",
        "label_singular": "sổ đơn vị",
        "description": "Trường học và câu lạc bộ, đội, nhóm tình nguyện của mỗi Hội, với số địa chỉ nhân đạo đăng ký "
                       "mỗi năm: mẫu số của chỉ tiêu địa chỉ nhân đạo. Bản lưu cũng được gửi đi chờ duyệt và được "
                       "kiểm tra tự động trước khi áp dụng.",
        "format": REGISTER_FORMAT,
        "extension": "yml",
        "delete": False,
        "editor": {"preview": False},
        "files": [{
            "name": REGISTER_FILE,
            "label": "Sổ đơn vị (trường học, câu lạc bộ)",
            "file": path,
            "preview_path": urls.TALLY.removesuffix("index.md"),  # the register is read by the tally's pages
            "fields": [{"name": "units", "label": "Đơn vị", "label_singular": "đơn vị", "widget": "list",
                        "collapsed": True, "summary": "{{fields.name}} ({{fields.years.from}}–{{fields.years.to}})",
                        "allow_remove": False, "fields": unit_fields,
                        "hint": "bấm vào tên một đơn vị để mở; đơn vị thôi tham gia: ghi năm ở “Đến năm” (không xóa), "
                                "để số liệu các năm trước vẫn được tính"}],
        }],
    }


VIDEO_HINT = ("Gắn video: dán đường liên kết của video trên YouTube, Facebook hoặc trang của đài phát thanh – truyền hình "
              "trên một dòng riêng; bản xem trước hiện ảnh bìa của video. Video YouTube và "
              "của đài cần “Phát thanh – truyền hình”, video Facebook cần “Facebook” trong “Được đăng ở đâu”. "
              "Người đọc chỉ tải video khi bấm vào ảnh bìa.")


def _body_fields() -> list[dict[str, Any]]:
    # Rich text only: the switch to the Markdown source is for developers.
    markdown = {"widget": "markdown", "modes": ["rich_text"], "editor_components": [],
                "buttons": ["bold", "italic", "link", "heading-two", "heading-three", "quote", "bulleted-list", "numbered-list"]}
    return [
        {"name": LEAD_KEY, "label": "Đoạn mở đầu", "required": True, **markdown,
         "hint": "hiện trong danh sách bài và khi chia sẻ"},
        {"name": REST_KEY, "label": "Phần còn lại của câu chuyện", "required": False, **markdown, "hint": VIDEO_HINT},
    ]


def _widget(field: Field, plan: Plan, kind: str, path: str) -> dict[str, Any]:
    widget = _plain_widget(field, plan, kind, path)
    if path in GUARDED:
        widget.update({"widget": GUARDED[path], RULE_KEY: path})
    elif field.style == "date":
        widget["widget"] = "nttv-date"
    return widget


def _plain_widget(field: Field, plan: Plan, kind: str, path: str) -> dict[str, Any]:
    widget: dict[str, Any] = {"name": field.name, "label": _LABELS.get(path, field.name), "required": field.required}
    note = _FORM_HINTS.get(path) or hint(field, plan, kind)
    if "{" not in note and note:
        widget["hint"] = note
    if path == "kind":
        return {**widget, "widget": "hidden", "default": kind}
    if path == "chapter":
        return {**widget, "widget": "select", "options": [{"label": chapter_label(c), "value": c.id} for c in plan.chapters],
                "hint": "Hội phải đang hoạt động vào ngày đăng (ngày hoạt động ghi trong ngoặc); truyện cũ của "
                        "Hội đã dừng vẫn chọn được Hội đó"}
    if path == "criteria":
        criteria = plan.kinds[kind].criteria
        # Required in the form: a story with no criterion counts for nothing, and nttv check refuses it.
        return {**widget, "widget": "select", "multiple": True, "required": True, "default": [],
                "options": [{"label": c.label, "value": c.id} for c in criteria],
                "hint": f"chọn mỗi tiêu chí tấm gương đạt được; đủ cả {len(criteria)} tiêu chí thì tấm gương mới được "
                        "tính vào chỉ tiêu"}
    if field.choices:
        return {**widget, "widget": "select", "multiple": field.style == "codes",
                "options": [{"label": plan.label(field.labels, v), "value": v} for v in field.choices],
                # An empty list to start with: Decap otherwise sets one as the form opens, which it counts as a change.
                **({"min": 1, "default": []} if field.required and field.style == "codes" else {})}
    if field.style == "group":
        return {**widget, "widget": "object", "collapsed": False,
                "fields": [_widget(child, plan, kind, f"{path}.{child.name}") for child in field.fields]}
    if field.style == "items":
        return {**widget, "widget": "list", "collapsed": False, "summary": _ITEM_SUMMARY.get(path, ""), "default": [],
                "fields": [_widget(child, plan, kind, f"{path}.{child.name}") for child in field.fields]}
    if path == "photos.src":
        return {**widget, "widget": "image", "choose_url": False, "media_folder": "", "public_folder": "",
                "hint": "ảnh JPEG hoặc PNG; vị trí GPS và mọi siêu dữ liệu được xóa ngay trên máy trước khi tải lên"}
    if field.style == "date":  # typed day/month/year by nttv-cms.js, written YYYY-MM-DD
        if "hint" in widget:  # the file's YYYY-MM-DD is not what the editor types
            widget["hint"] = widget["hint"].replace("dạng YYYY-MM-DD", "gõ ngày/tháng/năm, ví dụ 08/05/2026")
        return {**widget, "widget": "nttv-date", **({} if path == "date" else {"default": ""})}
    if field.style == "int":
        low, high = (1900, 2100) if path in ("person.birth_year", "honours.year") else (0, 10_000)
        return {**widget, "widget": "number", "value_type": "int", "min": low, "max": high}
    if field.style == "flag":
        return {**widget, "widget": "boolean", "default": False}
    widget["widget"] = "text" if path in _LONG_TEXT else "string"
    if path == "person.id":
        widget["pattern"] = ID_PATTERN
    elif _limit(path):
        widget["pattern"] = [f"^[\\s\\S]{{0,{_limit(path)}}}$", f"tối đa {_limit(path)} ký tự"]
    return widget


def _limit(path: str) -> int | None:
    """The longest value the story checker accepts for a text field, so that the form refuses it first."""
    field = story_field(path)
    return field.limit or field.longest


_LONG_TEXT = ("deed", "excerpt", "photos.caption", "photos.children_consent")


_ITEM_SUMMARY = {"photos": "{{fields.alt}}", "honours": "Năm {{fields.year}}"}

# The labels editors read above each field; the hints under them come from reading.fields.
_LABELS = {
    "title": "Tiêu đề", "kind": "Loại gương", "chapter": "Hội", "date": "Ngày đăng",
    "person": "Nhân vật", "person.name": "Họ tên / tên tập thể", "person.role": "Vai trò, nghề nghiệp",
    "person.birth_year": "Năm sinh", "person.id": "Mã riêng của nhân vật", "person.minor": "Dưới 18 tuổi, không rõ năm sinh",
    "deed": "Việc làm tốt", "criteria": "Tiêu chí đạt được",
    "consent": "Sự đồng ý đăng bài", "consent.by": "Người đồng ý", "consent.date": "Ngày đồng ý",
    "consent.scope": "Được đăng ở đâu", "consent.guardian": "Cha, mẹ hoặc người giám hộ",
    "consent.record": "Nơi lưu giấy đồng ý",
    "unit": "Đơn vị", "unit_type": "Loại đơn vị", "support": "Hình thức giúp đỡ",
    "humanitarian_addresses": "Số địa chỉ nhân đạo", "pilot": "Đơn vị chỉ đạo điểm",
    "honours": "Danh hiệu", "honours.level": "Cấp", "honours.year": "Năm",
    "published_on": "Đã đăng trên", "photos": "Ảnh", "photos.src": "Tệp ảnh", "photos.alt": "Mô tả ảnh",
    "photos.caption": "Chú thích", "photos.credit": "Người chụp, nguồn ảnh", "photos.shows_children": "Ảnh có trẻ em khác",
    "photos.children_consent": "Cha mẹ các em đã đồng ý thế nào",
    "excerpt": "Tóm tắt để chia sẻ", "updated": "Ngày cập nhật", "withdrawn": "Ngày rút lại sự đồng ý (gỡ bài)",
    "anonymised": "Tên đã được thay đổi", "draft": "Bản nháp", "featured_until": "Đưa lên đầu trang chủ đến ngày",
}

# Where the comment `nttv new` writes in the file speaks of the file (its keys, codes, YYYY-MM-DD), the form
# says the same in the editor's words; every other field's hint is the file's comment.
_FORM_HINTS = {
    "consent.by": "họ tên người đồng ý (tập thể: người đại diện và chức vụ, ví dụ “Nguyễn Văn Hùng (Hiệu trưởng)”; "
                  "trẻ từ 7 đến 17 tuổi: chính em đó, đúng như ô “Họ tên” của nhân vật, không ghi bố mẹ)",
    "consent.scope": "những nơi được đăng bài, chọn một hay nhiều nơi",
    "consent.record": "nơi lưu giấy đồng ý đã ký (ví dụ “Biên bản số 12/2024”); giấy giữ ở văn phòng, không tải lên đây; "
                      "bắt buộc khi nhân vật dưới 18 tuổi và tên đã được thay đổi",
    "unit_type": "loại đơn vị của nhân vật hoặc tập thể",
    "support": "hình thức giúp đỡ, chọn một hay nhiều",
    "published_on": "những nơi bài đã được đăng",
    "honours.level": "cấp tôn vinh",
    "photos": "ảnh được lưu cùng bài",
    "excerpt": "tóm tắt để chia sẻ; bỏ trống thì dùng “Đoạn mở đầu”",
}
