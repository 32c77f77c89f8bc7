"""A new story's file, written from the plan for ``nttv new``.

The template lists every criterion of the kind commented out with its label (nothing counts until
the editor uncomments it), a consent block left blank on purpose (silence is not consent), and
every optional field commented out with a note in Vietnamese. Once filled in it passes the checks.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import yaml
from slugify import slugify

from ..urls import is_list_page_name
from .plan import Chapter, Plan
from .story import CHANNELS, CONSENT_SCOPES, HONOUR_LEVELS, MORE, SUPPORT, UNIT_TYPES, story_slug

SLUG_MAX = 80
NOTE_COLUMN = 34  # where the explanatory comments start, so that they line up


def title_slug(title: str) -> str:
    """The file name for a title: ASCII, ``đ`` to ``d``, tones removed, words joined by ``-``."""
    return slugify(unicodedata.normalize("NFC", title), max_length=SLUG_MAX, word_boundary=True) or "truyen"


def slug_taken(folder: Path, slug: str) -> bool:
    """Whether a story in ``folder`` already has (or a list page reserves) the address ``slug``."""
    if is_list_page_name(slug) or (folder / f"{slug}.md").exists():
        return True
    return folder.is_dir() and any(story_slug(path) == slug for path in folder.glob("*.md"))


def free_slug(folder: Path, slug: str) -> str:
    """``slug`` itself when free, else the first free ``slug-2``, ``slug-3``…"""
    candidate, number = slug, 1
    while slug_taken(folder, candidate):
        number += 1
        candidate = f"{slug}-{number}"
    return candidate


def render_story_template(plan: Plan, kind: str, chapter: Chapter, name: str, title: str,
                          day: dt.date, path: str) -> str:
    """The text of a new story file at ``path`` (relative to the repository, for the hints)."""
    kind_data = plan.kinds[kind]
    lines = [
        "---",
        f"# Truyện mới cho chuyên mục “{plan.kinds['individual'].label}”. Cách điền:",
        "#  1. điền các trường còn trống (deed và phần consent) rồi viết bài bên dưới dòng --- thứ hai;",
        "#  2. bỏ dấu # trước mỗi tiêu chí mà tấm gương đạt được;",
        "#  3. trường không bắt buộc nằm ở cuối: bỏ dấu # ở dòng nào cần dùng;",
        f"#  4. kiểm tra bằng lệnh: nttv check {path}",
        _line(f"title: {_quoted(title)}", "tiêu đề, tối đa 150 ký tự"),
        _line(f"kind: {kind}", f"{kind_data.label} ({kind_data.noun})"),
        _line(f"chapter: {chapter.id}", chapter.name),
        _line(f"date: {day.isoformat()}", "ngày đăng, dạng YYYY-MM-DD"),
        "person:",
        _line(f"  name: {_quoted(name)}", "họ tên người được giới thiệu" if kind == "individual" else "tên tập thể được giới thiệu"),
        _line('  # role: ""', "vai trò, nghề nghiệp (ví dụ “giáo viên”)"),
        _line("  # birth_year:", "năm sinh, ví dụ 1975 (để xét người dưới 18 tuổi)"),
        _line('  # id: ""', "mã riêng, chữ thường không dấu (ví dụ nguyen-thi-hoa-1975): các bài về cùng một người dùng cùng mã"),
        _line("  # minor: true", "nhân vật dưới 18 tuổi mà không rõ năm sinh"),
        _line('deed: ""', "việc làm tốt trong một câu, tối đa 300 ký tự (bắt buộc)"),
        f"# Tiêu chí “{kind_data.label}”: bỏ dấu # trước mỗi tiêu chí đạt được. Chưa bỏ dấu # thì chưa",
        f"# tính; đủ cả {len(kind_data.criteria)} tiêu chí thì tấm gương mới được tính vào chỉ tiêu.",
        "criteria:",
        *(_line(f"  # - {criterion.id}", criterion.label) for criterion in kind_data.criteria),
        "# Sự đồng ý đăng bài (bắt buộc: thiếu thì bài không được đăng). Chỉ điền khi đã có sự đồng ý.",
        "consent:",
        _line('  by: ""', "họ tên người đồng ý (trẻ từ 7 tuổi: chính em đó)"),
        _line("  date:", "ngày đồng ý, dạng YYYY-MM-DD, không sau ngày đăng"),
        _line("  scope:", "nơi được đăng, ví dụ [website, facebook]; chọn trong: " + _choices(plan, "channel", CONSENT_SCOPES)),
        _line('  # guardian: ""', "cha, mẹ hoặc người giám hộ đã đồng ý: bắt buộc khi nhân vật dưới 18 tuổi"),
        _line('  # record: ""', "nơi lưu giấy đồng ý đã ký (ví dụ “Biên bản số 12/2024”); giấy để ngoài kho"),
        "# Các trường không bắt buộc: bỏ dấu # ở những dòng cần dùng.",
        _line('# unit: ""', "đơn vị: cơ quan, trường học, doanh nghiệp… của nhân vật hoặc tập thể"),
        _line("# unit_type:", "loại đơn vị, chọn trong: " + _choices(plan, "unit_type", UNIT_TYPES)),
        _line("# support: []", "hình thức giúp đỡ, chọn trong: " + _choices(plan, "support", SUPPORT)),
        _line("# humanitarian_addresses:", "số địa chỉ nhân đạo (người, hộ khó khăn) được giúp đỡ"),
        _line("# pilot: true", "là đơn vị chỉ đạo điểm của phong trào"),
        _line("# honours:", "danh hiệu đã được tôn vinh"),
        _line(f"#   - level: {HONOUR_LEVELS[0]}", "cấp: " + _choices(plan, "honour_level", HONOUR_LEVELS)),
        _line(f"#     year: {day.year}", "năm được tôn vinh"),
        _line("# published_on: []", "nơi bài đã được đăng, chọn trong: " + _choices(plan, "channel", CHANNELS)),
        _line("# photos:", "ảnh đặt cùng thư mục với tệp này"),
        _line("#   - src: anh-1.jpg", "tên tệp ảnh"),
        _line('#     alt: ""', "mô tả ảnh cho người dùng trình đọc màn hình (bắt buộc với mỗi ảnh)"),
        _line('#     caption: ""', "chú thích dưới ảnh"),
        _line('#     credit: ""', "người chụp hoặc nguồn ảnh (in bên chú thích trên bản tin và báo)"),
        _line("#     shows_children: true", "ảnh có trẻ em khác nhận ra được"),
        _line('#     children_consent: ""', "cha mẹ của các em đã đồng ý thế nào (bắt buộc khi có trẻ em)"),
        _line('# excerpt: ""', "tóm tắt để chia sẻ; không có thì dùng phần trước <!-- more -->"),
        _line("# updated:", "ngày cập nhật bài, dạng YYYY-MM-DD"),
        _line("# withdrawn:", "ngày nhân vật rút lại sự đồng ý: từ ngày đó bài được gỡ khỏi trang"),
        _line("# anonymised: true", "tên nhân vật đã được thay đổi (trang sẽ ghi rõ)"),
        _line("# draft: true", "bản nháp: chưa đăng"),
        "---",
        "<!-- Đoạn mở đầu: hiện trong danh sách bài và khi chia sẻ. Viết ở đây rồi xóa dòng này. -->",
        "",
        MORE,
        "",
        "<!-- Phần còn lại của câu chuyện. Viết ở đây rồi xóa dòng này. -->",
    ]
    return "\n".join(lines) + "\n"


def _line(code: str, note: str) -> str:
    return f"{code.ljust(NOTE_COLUMN - 1)} # {note}"


def _quoted(text: str) -> str:
    """``text`` as a one-line YAML double-quoted scalar, whatever quotes or colons it holds."""
    return yaml.safe_dump(text, allow_unicode=True, default_style='"', width=1_000_000).splitlines()[0]


def _choices(plan: Plan, group: str, values: tuple[str, ...]) -> str:
    return ", ".join(f"{value} ({plan.label(group, value)})" if plan.label(group, value).casefold() != value.casefold() else value
                     for value in values)
