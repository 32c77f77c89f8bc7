"""The story schema: every field of a story file, in the order ``nttv new`` writes them, each with
its hint in Vietnamese, whether it is required, its limits, its choices, the names editors give it
and, for a field that decides consent, what it means and the other words used for it.

Everything else is derived from this one writing: the checker's key lists, limits and choices
(``story``), the fail-closed key rules (``STORY_RULES``, ``consent_keys``), the template of
``nttv new`` (``template``) and the web editor's form (``generator.editor``), so that a story
written any way has the same keys in the same order and the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field as _default
from typing import Iterator, Protocol

# How a value is written: ``text`` double-quoted; ``code``, ``date``, ``int``, ``flag`` plain;
# ``codes`` a list in brackets; ``list`` one item per line; ``group`` a mapping; ``items`` a list
# of mappings.
STYLES = ("text", "code", "date", "int", "flag", "codes", "list", "group", "items")


@dataclass(frozen=True)
class Field:
    name: str
    style: str
    hint: str = ""  # ``{limit}`` and ``{choices}`` are the field's own; see ``hint``
    required: bool = False
    blank: str = ""  # what ``nttv new`` writes before the editor fills the field in
    fields: tuple[Field, ...] = ()
    limit: int | None = None  # a platform's limit (Zalo's): spaces are collapsed before counting
    longest: int | None = None  # far above any real value, far below what would weigh on a page or the tally
    choices: tuple[str, ...] = ()
    labels: str = ""  # the plan's label group naming the choices
    aliases: tuple[str, ...] = ()  # Vietnamese names editors write for the key, as slugify reads them
    names_person: bool = False  # a person's name: a letter of another script inside it is warned about
    consent: str = ""  # what the field means for consent: a key that looks like it but is not fails closed
    synonyms: tuple[str, ...] = ()  # other words for a consent field, English and unaccented Vietnamese

    def child(self, name: str) -> Field:
        return next(field for field in self.fields if field.name == name)


STORY_FIELDS: tuple[Field, ...] = (
    Field("title", "text", "tiêu đề, tối đa {limit} ký tự", required=True, limit=150, aliases=("tieu-de",)),
    Field("kind", "code", "{kind}", required=True, aliases=("loai",)),
    Field("chapter", "code", "{chapter}", required=True, aliases=("chi-hoi",)),
    Field("date", "date", "ngày đăng, dạng YYYY-MM-DD", required=True, aliases=("ngay", "ngay-dang")),
    Field("person", "group", required=True, aliases=("nhan-vat", "nguoi"), fields=(
        Field("name", "text", "{who} được giới thiệu", required=True, longest=200, names_person=True,
              aliases=("ten", "ho-ten", "ho-va-ten")),
        Field("role", "text", "vai trò, nghề nghiệp (ví dụ “giáo viên”)", blank='""', longest=200, aliases=("vai-tro",)),
        Field("birth_year", "int", "năm sinh, ví dụ 1975 (để xét người dưới 18 tuổi)", aliases=("nam-sinh",),
              consent="năm sinh của nhân vật",
              synonyms=("birthyear", "year_of_birth", "born", "birth", "birthday", "birth_date", "date_of_birth",
                        "dob", "age", "nam_sinh", "ngay_sinh", "sinh_nam", "tuoi")),
        Field("id", "text", "mã riêng, chữ thường không dấu (ví dụ nguyen-thi-hoa-1975): các bài về cùng một người dùng cùng mã",
              blank='""', longest=100),
        Field("minor", "flag", "nhân vật dưới 18 tuổi mà không rõ năm sinh", blank="true", consent="nhân vật dưới 18 tuổi",
              synonyms=("is_minor", "child", "under_18", "tre_em", "vi_thanh_nien", "chua_thanh_nien", "chua_du_18")),
    )),
    Field("deed", "text", "việc làm tốt trong một câu, tối đa {limit} ký tự (bắt buộc)", required=True, blank='""', limit=300,
          aliases=("viec-lam", "viec-tot")),
    Field("criteria", "list", "{criteria}", required=True, aliases=("tieu-chi",)),
    Field("consent", "group", required=True, aliases=("dong-y", "su-dong-y"), consent="sự đồng ý đăng bài",
          synonyms=("consents", "agreement", "permission", "dong_y", "su_dong_y", "chap_thuan", "cho_phep", "dong_y_dang"),
          fields=(
        Field("by", "text", "họ tên người đồng ý (tập thể: người đại diện và chức vụ, ví dụ \"Nguyễn Văn Hùng (Hiệu trưởng)\"; trẻ từ 7 đến 17 tuổi: chính em đó, đúng như person.name, không ghi bố mẹ)", required=True, blank='""',
              longest=200, names_person=True, aliases=("nguoi-dong-y",), consent="người đồng ý",
              synonyms=("consented_by", "given_by", "signed_by", "nguoi_dong_y", "nguoi_ky", "boi")),
        Field("date", "date", "ngày đồng ý, dạng YYYY-MM-DD, không sau ngày đăng", required=True, consent="ngày đồng ý",
              synonyms=("ngay", "ngay_dong_y", "consent_date", "date_given", "ngay_ky")),
        Field("scope", "codes", "nơi được đăng, ví dụ [website, facebook]; chọn trong: {choices}", required=True,
              choices=("website", "facebook", "zalo", "print", "broadcast"), labels="channel", aliases=("pham-vi",),
              consent="phạm vi đồng ý", synonyms=("scopes", "channels", "pham_vi", "kenh", "noi_dang", "pham_vi_dong_y")),
        Field("guardian", "text", "họ tên và quan hệ của cha, mẹ hoặc người giám hộ đã đồng ý, ví dụ “Nguyễn Văn Bình (bố)”: bắt buộc khi nhân vật dưới 18 tuổi", blank='""',
              longest=200, names_person=True, consent="cha, mẹ hoặc người giám hộ đã đồng ý",
              synonyms=("guardians", "parent", "parents", "legal_representative", "representative", "giam_ho",
                        "nguoi_giam_ho", "cha_me", "bo_me", "nguoi_dai_dien", "dai_dien")),
        Field("record", "text", "nơi lưu giấy đồng ý đã ký (ví dụ “Biên bản số 12/2024”); giấy để ngoài kho; bắt buộc khi nhân vật dưới 18 tuổi và anonymised", blank='""',
              longest=300, consent="nơi lưu giấy đồng ý đã ký",
              synonyms=("records", "bien_ban", "ho_so", "giay_dong_y", "so_bien_ban", "reference")),
    )),
    Field("unit", "text", "đơn vị: cơ quan, trường học, doanh nghiệp… của nhân vật hoặc tập thể", blank='""', longest=300),
    Field("unit_type", "code", "loại đơn vị, chọn trong: {choices}",
          choices=("agency", "school", "hospital", "business", "residential", "volunteer-club"), labels="unit_type"),
    Field("support", "codes", "hình thức giúp đỡ, chọn trong: {choices}", blank="[]",
          choices=("material", "spiritual", "labour"), labels="support"),
    Field("humanitarian_addresses", "int", "số địa chỉ nhân đạo (người, hộ khó khăn) được giúp đỡ"),
    Field("pilot", "flag", "là đơn vị chỉ đạo điểm của phong trào", blank="true"),
    Field("honours", "items", "danh hiệu đã được tôn vinh", fields=(
        Field("level", "code", "cấp: {choices}", required=True, blank="province", choices=("province", "central"),
              labels="honour_level"),
        Field("year", "int", "năm được tôn vinh", blank="{year}"),
    )),
    Field("published_on", "codes", "nơi bài đã được đăng, chọn trong: {choices}", blank="[]",
          choices=("website", "facebook", "zalo", "newspaper", "radio-tv", "portal", "bulletin"), labels="channel"),
    Field("photos", "items", "ảnh đặt cùng thư mục với tệp này", aliases=("anh", "hinh-anh"), fields=(
        Field("src", "code", "tên tệp ảnh", required=True, blank="anh-1.jpg", longest=120),
        Field("alt", "text", "mô tả ảnh cho người dùng trình đọc màn hình (bắt buộc với mỗi ảnh)", required=True, blank='""',
              longest=500, aliases=("mo-ta",)),
        Field("caption", "text", "chú thích dưới ảnh", blank='""', longest=1_000, aliases=("chu-thich",)),
        Field("credit", "text", "người chụp hoặc nguồn ảnh (in bên chú thích trên bản tin và báo)", blank='""',
              aliases=("tac-gia", "tac-gia-anh", "nguon-anh", "nguoi-chup")),
        Field("shows_children", "flag", "ảnh có trẻ em khác nhận ra được", blank="true", consent="ảnh có trẻ em khác",
              synonyms=("show_children", "has_children", "children", "co_tre_em", "anh_tre_em", "tre_em_trong_anh")),
        Field("children_consent", "text", "cha mẹ của các em đã đồng ý thế nào (bắt buộc khi có trẻ em)", blank='""',
              longest=1_000, consent="sự đồng ý cho ảnh có trẻ em",
              synonyms=("child_consent", "childrens_consent", "parents_consent", "tre_em_dong_y",
                        "cha_me_dong_y", "dong_y_cua_tre", "dong_y_tre_em")),
    )),
    Field("excerpt", "text", "tóm tắt để chia sẻ; không có thì dùng phần trước <!-- more -->", blank='""', longest=1_000),
    Field("updated", "date", "ngày cập nhật bài, dạng YYYY-MM-DD"),
    Field("withdrawn", "date", "ngày nhân vật rút lại sự đồng ý: từ ngày đó bài được gỡ khỏi trang",
          consent="ngày rút lại sự đồng ý",
          synonyms=("withdraw", "withdrawal", "withdrawn_on", "withdrawn_date", "withdrawal_date", "withdraw_date",
                    "consent_withdrawn", "withdrawn_consent", "revoke", "revoked", "revoked_on", "revocation", "unpublish",
                    "rut", "rut_lai", "rut_lai_dong_y", "rut_dong_y", "ngay_rut", "ngay_rut_lai", "thu_hoi", "thu_hoi_dong_y",
                    "huy", "huy_dong_y", "ngay_huy", "go_bai", "go", "ngung_dang", "dung_dang")),
    Field("anonymised", "flag", "tên nhân vật đã được thay đổi (trang sẽ ghi rõ)", blank="true",
          consent="tên nhân vật đã được thay đổi",
          synonyms=("anonymized", "anonymous", "anonymise", "anonymize", "anonymity", "an_danh", "doi_ten", "giau_ten", "an_ten")),
    Field("draft", "flag", "bản nháp: chưa đăng", blank="true", aliases=("ban-nhap",)),
    Field("featured_until", "date", "đặt bài lên đầu trang chủ từ ngày đăng đến hết ngày này, dạng YYYY-MM-DD (mùa tôn vinh)"),
)


def story_field(path: str) -> Field:
    """The field at a dotted path such as ``consent.scope`` or ``photos.alt``."""
    head, _, rest = path.partition(".")
    field = next(field for field in STORY_FIELDS if field.name == head)
    return field.child(rest) if rest else field


def walk(fields: tuple[Field, ...] = STORY_FIELDS, prefix: str = "") -> Iterator[tuple[str, Field]]:
    """Every field with its path as the checker names it: ``consent.by``, ``photos[].alt``."""
    for field in fields:
        path = f"{prefix}{field.name}"
        yield path, field
        inner = f"{path}[]." if field.style == "items" else f"{path}."
        yield from walk(field.fields, inner)


def _keys(path: str = "") -> tuple[str, ...]:
    return tuple(field.name for field in (story_field(path).fields if path else STORY_FIELDS))


TOP_KEYS = _keys()
PERSON_KEYS = _keys("person")
PHOTO_KEYS = _keys("photos")
HONOUR_KEYS = _keys("honours")
CONSENT_KEYS = _keys("consent")
TITLE_MAX = story_field("title").limit
DEED_MAX = story_field("deed").limit
TEXT_MAX = {path: field.longest for path, field in walk() if field.longest}
NAME_FIELDS = tuple(path for path, field in walk() if field.names_person)
UNIT_TYPES = story_field("unit_type").choices
SUPPORT = story_field("support").choices
CHANNELS = story_field("published_on").choices
HONOUR_LEVELS = story_field("honours.level").choices
CONSENT_SCOPES = story_field("consent.scope").choices
# Field names editors write in Vietnamese, as slugify reads them ("Tiêu đề" is tieu-de).
KEY_ALIASES = {alias: field.name for _, field in walk() for alias in field.aliases}
# Every key the template knows, at any level, with the Vietnamese names editors give them: never
# read as a key that holds a story back. Only the top level's own `draft` does that.
SCHEMA_KEYS = frozenset((*(field.name for _, field in walk()),
                         *(alias for alias, meant in KEY_ALIASES.items() if meant != "draft"))) - {"draft"}
# Every key whose value decides whether, or how, a story or photo may be published, with what it
# means to an editor; and the other words editors use for each.
CONSENT_FIELDS = {path: field.consent for path, field in walk() if field.consent}
CONSENT_SYNONYMS = {path: field.synonyms for path, field in walk() if field.synonyms}


@dataclass(frozen=True)
class FieldRules:
    """What a kind of file allows: its keys at every level (never read as keys that hold it back),
    the editors' own names for them, the longest each free text may be (by path, ``[]`` for any
    index), the fields that hold a person's name, and what the file is called in messages."""

    schema_keys: frozenset[str] = frozenset()
    aliases: dict[str, str] = _default(default_factory=dict)
    text_max: dict[str, int] = _default(default_factory=dict)
    name_fields: tuple[str, ...] = ()
    template: str = "mẫu truyện"


STORY_RULES = FieldRules(SCHEMA_KEYS, KEY_ALIASES, TEXT_MAX, NAME_FIELDS)


class Labels(Protocol):
    """What the schema needs of the plan: the Vietnamese label of a code (``Plan.label``)."""

    def label(self, group: str, value: str) -> str: ...


def hint(field: Field, plan: Labels, kind: str) -> str:
    """The field's hint for a story of ``kind``, with its limit and the plan's labels for its choices.

    ``{kind}``, ``{chapter}`` and ``{criteria}`` name the chosen value, which each writer shows its
    own way (a comment beside the value, an option's label in the form): they are left in place.
    """
    return field.hint.format_map({
        "kind": "{kind}", "chapter": "{chapter}", "criteria": "{criteria}",
        "who": "họ tên người" if kind == "individual" else "tên tập thể",
        "limit": field.limit, "choices": choices(plan, field.labels, field.choices),
    })


def choices(plan: Labels, group: str, values: tuple[str, ...]) -> str:
    """``website (Trang web), facebook, …``: each code with its label where the label differs."""
    return ", ".join(f"{value} ({plan.label(group, value)})" if plan.label(group, value).casefold() != value.casefold() else value
                     for value in values)
