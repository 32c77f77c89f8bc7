"""The fields of a story file in the order ``nttv new`` writes them, each with its hint in Vietnamese.

One list read by two writers: the template of ``nttv new`` (``template``) and the web editor's form
(``generator.editor``), so that a story written either way has the same keys in the same order
and the editor reads the same explanation beside each field.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import CHANNELS, CONSENT_SCOPES, HONOUR_LEVELS, SUPPORT, UNIT_TYPES
from .plan import Plan
from .readers import FieldRules

TITLE_MAX = 150  # Zalo Official Account article title limit
DEED_MAX = 300  # Zalo Official Account article description limit
# Free-text fields, far above any real value (a long Vietnamese name is 40 characters) and far
# below what would weigh on a page, a share card or the tally (a 5 MB `unit` was once published).
TEXT_MAX = {
    "person.name": 200, "person.role": 200, "person.id": 100, "unit": 300, "excerpt": 1_000,
    "consent.by": 200, "consent.guardian": 200, "consent.record": 300,
    "photos[].src": 120, "photos[].alt": 500, "photos[].caption": 1_000, "photos[].children_consent": 1_000,
}
NAME_FIELDS = ("person.name", "consent.by", "consent.guardian")

TOP_KEYS = (
    "title", "kind", "person", "chapter", "unit", "unit_type", "deed", "criteria", "date",
    "support", "humanitarian_addresses", "pilot", "honours", "published_on", "photos", "consent",
    "excerpt", "updated", "withdrawn", "anonymised", "draft", "featured_until",
)
PERSON_KEYS = ("name", "role", "birth_year", "id", "minor")
PHOTO_KEYS = ("src", "alt", "caption", "credit", "shows_children", "children_consent")
HONOUR_KEYS = ("level", "year")
CONSENT_KEYS = ("by", "date", "scope", "record", "guardian")
# Field names editors write in Vietnamese, as slugify reads them ("Tiêu đề" is tieu-de).
KEY_ALIASES = {
    "tieu-de": "title", "loai": "kind", "nhan-vat": "person", "nguoi": "person", "chi-hoi": "chapter",
    "viec-lam": "deed", "viec-tot": "deed", "tieu-chi": "criteria", "ngay": "date", "ngay-dang": "date",
    "dong-y": "consent", "su-dong-y": "consent", "anh": "photos", "hinh-anh": "photos", "ban-nhap": "draft",
    "ten": "name", "ho-ten": "name", "ho-va-ten": "name", "vai-tro": "role", "nam-sinh": "birth_year",
    "nguoi-dong-y": "by", "pham-vi": "scope", "mo-ta": "alt", "chu-thich": "caption",
    "tac-gia": "credit", "tac-gia-anh": "credit", "nguon-anh": "credit", "nguoi-chup": "credit",
}

# Every key the template knows, at any level, with the Vietnamese names editors give them: never
# read as a key that holds a story back. Only the top level's own `draft` does that.
SCHEMA_KEYS = frozenset((*TOP_KEYS, *PERSON_KEYS, *PHOTO_KEYS, *HONOUR_KEYS, *CONSENT_KEYS,
                         *(alias for alias, meant in KEY_ALIASES.items() if meant != "draft"))) - {"draft"}

STORY_RULES = FieldRules(SCHEMA_KEYS, KEY_ALIASES, TEXT_MAX, NAME_FIELDS)

# How a value is written: ``text`` double-quoted; ``code``, ``date``, ``int``, ``flag`` plain;
# ``codes`` a list in brackets; ``list`` one item per line; ``group`` a mapping; ``items`` a list
# of mappings.
STYLES = ("text", "code", "date", "int", "flag", "codes", "list", "group", "items")


@dataclass(frozen=True)
class Field:
    name: str
    style: str
    hint: str = ""
    required: bool = False
    blank: str = ""  # what ``nttv new`` writes before the editor fills the field in
    fields: tuple[Field, ...] = ()

    def child(self, name: str) -> Field:
        return next(field for field in self.fields if field.name == name)


STORY_FIELDS: tuple[Field, ...] = (
    Field("title", "text", "tiêu đề, tối đa 150 ký tự", required=True),
    Field("kind", "code", "{kind}", required=True),
    Field("chapter", "code", "{chapter}", required=True),
    Field("date", "date", "ngày đăng, dạng YYYY-MM-DD", required=True),
    Field("person", "group", required=True, fields=(
        Field("name", "text", "{who} được giới thiệu", required=True),
        Field("role", "text", "vai trò, nghề nghiệp (ví dụ “giáo viên”)", blank='""'),
        Field("birth_year", "int", "năm sinh, ví dụ 1975 (để xét người dưới 18 tuổi)"),
        Field("id", "text", "mã riêng, chữ thường không dấu (ví dụ nguyen-thi-hoa-1975): các bài về cùng một người dùng cùng mã",
              blank='""'),
        Field("minor", "flag", "nhân vật dưới 18 tuổi mà không rõ năm sinh", blank="true"),
    )),
    Field("deed", "text", "việc làm tốt trong một câu, tối đa 300 ký tự (bắt buộc)", required=True, blank='""'),
    Field("criteria", "list", "{criteria}", required=True),
    Field("consent", "group", required=True, fields=(
        Field("by", "text", "họ tên người đồng ý (tập thể: người đại diện và chức vụ, ví dụ \"Nguyễn Văn Hùng (Hiệu trưởng)\"; trẻ từ 7 đến 17 tuổi: chính em đó, đúng như person.name, không ghi bố mẹ)", required=True, blank='""'),
        Field("date", "date", "ngày đồng ý, dạng YYYY-MM-DD, không sau ngày đăng", required=True),
        Field("scope", "codes", "nơi được đăng, ví dụ [website, facebook]; chọn trong: {scopes}", required=True),
        Field("guardian", "text", "họ tên và quan hệ của cha, mẹ hoặc người giám hộ đã đồng ý, ví dụ “Nguyễn Văn Bình (bố)”: bắt buộc khi nhân vật dưới 18 tuổi", blank='""'),
        Field("record", "text", "nơi lưu giấy đồng ý đã ký (ví dụ “Biên bản số 12/2024”); giấy để ngoài kho; bắt buộc khi nhân vật dưới 18 tuổi và anonymised", blank='""'),
    )),
    Field("unit", "text", "đơn vị: cơ quan, trường học, doanh nghiệp… của nhân vật hoặc tập thể", blank='""'),
    Field("unit_type", "code", "loại đơn vị, chọn trong: {unit_types}"),
    Field("support", "codes", "hình thức giúp đỡ, chọn trong: {supports}", blank="[]"),
    Field("humanitarian_addresses", "int", "số địa chỉ nhân đạo (người, hộ khó khăn) được giúp đỡ"),
    Field("pilot", "flag", "là đơn vị chỉ đạo điểm của phong trào", blank="true"),
    Field("honours", "items", "danh hiệu đã được tôn vinh", fields=(
        Field("level", "code", "cấp: {honour_levels}", required=True, blank=HONOUR_LEVELS[0]),
        Field("year", "int", "năm được tôn vinh", blank="{year}"),
    )),
    Field("published_on", "codes", "nơi bài đã được đăng, chọn trong: {channels}", blank="[]"),
    Field("photos", "items", "ảnh đặt cùng thư mục với tệp này", fields=(
        Field("src", "code", "tên tệp ảnh", required=True, blank="anh-1.jpg"),
        Field("alt", "text", "mô tả ảnh cho người dùng trình đọc màn hình (bắt buộc với mỗi ảnh)", required=True, blank='""'),
        Field("caption", "text", "chú thích dưới ảnh", blank='""'),
        Field("credit", "text", "người chụp hoặc nguồn ảnh (in bên chú thích trên bản tin và báo)", blank='""'),
        Field("shows_children", "flag", "ảnh có trẻ em khác nhận ra được", blank="true"),
        Field("children_consent", "text", "cha mẹ của các em đã đồng ý thế nào (bắt buộc khi có trẻ em)", blank='""'),
    )),
    Field("excerpt", "text", "tóm tắt để chia sẻ; không có thì dùng phần trước <!-- more -->", blank='""'),
    Field("updated", "date", "ngày cập nhật bài, dạng YYYY-MM-DD"),
    Field("withdrawn", "date", "ngày nhân vật rút lại sự đồng ý: từ ngày đó bài được gỡ khỏi trang"),
    Field("anonymised", "flag", "tên nhân vật đã được thay đổi (trang sẽ ghi rõ)", blank="true"),
    Field("draft", "flag", "bản nháp: chưa đăng", blank="true"),
    Field("featured_until", "date", "đặt bài lên đầu trang chủ từ ngày đăng đến hết ngày này, dạng YYYY-MM-DD (mùa tôn vinh)"),
)


def story_field(path: str) -> Field:
    """The field at a dotted path such as ``consent.scope`` or ``photos.alt``."""
    head, _, rest = path.partition(".")
    field = next(field for field in STORY_FIELDS if field.name == head)
    return field.child(rest) if rest else field


def hint(field: Field, plan: Plan, kind: str) -> str:
    """The field's hint for a story of ``kind``, with the plan's labels for its choices.

    ``{kind}``, ``{chapter}`` and ``{criteria}`` name the chosen value, which each writer shows its
    own way (a comment beside the value, an option's label in the form): they are left in place.
    """
    return field.hint.format_map({
        "kind": "{kind}", "chapter": "{chapter}", "criteria": "{criteria}",
        "who": "họ tên người" if kind == "individual" else "tên tập thể",
        "scopes": choices(plan, "channel", CONSENT_SCOPES),
        "unit_types": choices(plan, "unit_type", UNIT_TYPES),
        "supports": choices(plan, "support", SUPPORT),
        "honour_levels": choices(plan, "honour_level", HONOUR_LEVELS),
        "channels": choices(plan, "channel", CHANNELS),
    })


def choices(plan: Plan, group: str, values: tuple[str, ...]) -> str:
    """``website (Trang web), facebook, …``: each code with its label where the label differs."""
    return ", ".join(f"{value} ({plan.label(group, value)})" if plan.label(group, value).casefold() != value.casefold() else value
                     for value in values)
