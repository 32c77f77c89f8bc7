"""Keys that decide whether, or how, a story or a photo may be published, and the words editors
use for them: a key that looks like one of these but is not it leaves a file unclear about consent.

Only the standard library and slugify: the field readers ask this module about every unknown key.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

from slugify import slugify

# Every key whose value decides whether, or how, a story or photo may be published, with what it
# means to an editor. A key that looks like one of these but is not it leaves the file unclear
# about consent, so it is an error, never a warning: the story (or the photo) is not published.
CONSENT_FIELDS = {
    "consent": "sự đồng ý đăng bài", "withdrawn": "ngày rút lại sự đồng ý", "anonymised": "tên nhân vật đã được thay đổi",
    "consent.by": "người đồng ý", "consent.date": "ngày đồng ý", "consent.scope": "phạm vi đồng ý",
    "consent.record": "nơi lưu giấy đồng ý đã ký", "consent.guardian": "cha, mẹ hoặc người giám hộ đã đồng ý",
    "person.minor": "nhân vật dưới 18 tuổi", "person.birth_year": "năm sinh của nhân vật",
    "photos[].shows_children": "ảnh có trẻ em khác", "photos[].children_consent": "sự đồng ý cho ảnh có trẻ em",
}
# Other words editors use for those keys, in English and in Vietnamese as slugify writes them
# without tone marks (`rút_lại` is rut_lai).
CONSENT_SYNONYMS = {
    "withdrawn": (
        "withdraw", "withdrawal", "withdrawn_on", "withdrawn_date", "withdrawal_date", "withdraw_date",
        "consent_withdrawn", "withdrawn_consent", "revoke", "revoked", "revoked_on", "revocation", "unpublish",
        "rut", "rut_lai", "rut_lai_dong_y", "rut_dong_y", "ngay_rut", "ngay_rut_lai", "thu_hoi", "thu_hoi_dong_y",
        "huy", "huy_dong_y", "ngay_huy", "go_bai", "go", "ngung_dang", "dung_dang",
    ),
    "consent": ("consents", "agreement", "permission", "dong_y", "su_dong_y", "chap_thuan", "cho_phep", "dong_y_dang"),
    "anonymised": ("anonymized", "anonymous", "anonymise", "anonymize", "anonymity", "an_danh", "doi_ten", "giau_ten", "an_ten"),
    "consent.by": ("consented_by", "given_by", "signed_by", "nguoi_dong_y", "nguoi_ky", "boi"),
    "consent.date": ("ngay", "ngay_dong_y", "consent_date", "date_given", "ngay_ky"),
    "consent.scope": ("scopes", "channels", "pham_vi", "kenh", "noi_dang", "pham_vi_dong_y"),
    "consent.record": ("records", "bien_ban", "ho_so", "giay_dong_y", "so_bien_ban", "reference"),
    "consent.guardian": ("guardians", "parent", "parents", "legal_representative", "representative", "giam_ho",
                         "nguoi_giam_ho", "cha_me", "bo_me", "nguoi_dai_dien", "dai_dien"),
    "person.minor": ("is_minor", "child", "under_18", "tre_em", "vi_thanh_nien", "chua_thanh_nien", "chua_du_18"),
    "person.birth_year": ("birthyear", "year_of_birth", "born", "birth", "birthday", "birth_date", "date_of_birth",
                          "dob", "age", "nam_sinh", "ngay_sinh", "sinh_nam", "tuoi"),
    "photos[].shows_children": ("show_children", "has_children", "children", "co_tre_em", "anh_tre_em", "tre_em_trong_anh"),
    "photos[].children_consent": ("child_consent", "childrens_consent", "parents_consent", "tre_em_dong_y",
                                  "cha_me_dong_y", "dong_y_cua_tre", "dong_y_tre_em"),
}
_BLOCKS = {"": "ở đầu dòng, không thụt vào trong phần nào", "consent.": "thụt vào trong phần `consent:`",
           "person.": "thụt vào trong phần `person:`", "photos[].": "trong mục ảnh của `photos:`"}

def consent_key(key: object, prefix: str) -> str | None:
    """The key of ``CONSENT_FIELDS`` that ``key``, written unknown in block ``prefix`` (``""``,
    ``consent.``, ``photos[2].``…), most likely means: any case, either language, a close misspelling,
    a dotted path (``consent.withdrawn``) or the right key in the wrong block. None when it means none."""
    block = _block(prefix)
    parts = [_folded(part) for part in str(key).split(".")]
    parts = [part for part in parts if part]
    if not parts:
        return None
    # The last part of a dotted key names the field; the whole names it when written as one word.
    for word in dict.fromkeys([parts[-1], "_".join(parts), *reversed(parts[:-1])]):
        found = _meaning(word, block)
        if found:
            return found
    return None


def is_consent_word(key: object) -> bool:
    """Whether ``key``, squashed, is exactly a consent key or one of its synonyms (no misspelling)."""
    word = _folded(str(key)).replace("_", "")
    return any(word == candidate.replace("_", "") for name in CONSENT_FIELDS
               for candidate in (name.rsplit(".", 1)[-1], *CONSENT_SYNONYMS.get(name, ())))


def consent_key_message(key: object, prefix: str, meant: str) -> str:
    """Why an unknown key that means ``meant`` (a key of ``CONSENT_FIELDS``) keeps the story off the site."""
    block, leaf = meant.rsplit(".", 1) if "." in meant else ("", meant)
    block = f"{block}." if block else ""
    meaning = f"`{meant.replace('[]', '')}` ({CONSENT_FIELDS[meant]})"
    unclear = "tệp chưa rõ ràng về sự đồng ý nên chưa được đăng"
    if block == _block(prefix) and "." not in str(key):
        return (f"trường `{key}` không có trong mẫu truyện; ý bạn là {meaning}? {unclear}: "
                f"hãy viết đúng `{leaf}` (chữ thường, tiếng Anh, như trong mẫu)")
    return f"trường `{key}` đặt sai chỗ, ý bạn là {meaning}? {unclear}: hãy viết `{leaf}` {_BLOCKS[block]}"


def _block(prefix: str) -> str:
    return re.sub(r"\[\d+\]", "[]", prefix.split("[", 1)[0] + "[]." if prefix.startswith("photos[") else prefix)


def _folded(word: str) -> str:
    return slugify(unicodedata.normalize("NFC", word.strip()), separator="_")


def _meaning(word: str, block: str) -> str | None:
    # `date` is a consent key only inside the consent block: the story's own date is elsewhere.
    fields = [name for name in CONSENT_FIELDS if name != "consent.date" or block == "consent."]
    for name in fields:
        leaf = name.rsplit(".", 1)[-1]
        if word == leaf or word in CONSENT_SYNONYMS.get(name, ()):
            return name
    squashed = word.replace("_", "")
    for name in fields:
        leaf = name.rsplit(".", 1)[-1]
        if squashed in {leaf.replace("_", ""), *(synonym.replace("_", "") for synonym in CONSENT_SYNONYMS.get(name, ()))}:
            return name
    if len(word) < 5:
        return None  # `ny` or `bi` resemble `by` by chance; short words must match exactly
    # Misspellings of the English keys and of their longer synonyms (`withdrwan`, `gaurdian`).
    spellings = {candidate: name for name in fields
                 for candidate in (name.rsplit(".", 1)[-1], *CONSENT_SYNONYMS.get(name, ())) if len(candidate) >= 5}
    close = difflib.get_close_matches(word, list(spellings), n=1, cutoff=0.8)
    return spellings[close[0]] if close else None

