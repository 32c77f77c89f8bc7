"""Reading an editor's file: bytes to front matter (with positions) and body.

Every YAML value keeps the line and column it was written at, so that a problem can point an
editor at the exact spot. Dates stay strings here: the story rules decide what a date may look
like, instead of YAML guessing (YAML 1.1 would read ``2024-5-8`` as a date).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import frontmatter
import yaml

from ..problems import BODY, FRONT_MATTER, WHOLE_FILE

MAX_DEPTH = 20  # a story needs four levels (photos[0].src); the rest is a mistake or an attack


@dataclass(frozen=True)
class Position:
    line: int
    column: int


@dataclass(frozen=True)
class Note:
    """Something the reader changed or doubts, for the editor to look at (a warning)."""

    line: int
    column: int
    field: str
    message: str


@dataclass
class Source:
    """A file split into front matter and body, or the reason it could not be."""

    data: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    positions: dict[str, Position] = field(default_factory=dict)
    key_positions: dict[str, Position] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)

    def where(self, path: str) -> Position:
        """The position of a field's value, else of its key, else of its nearest parent."""
        probe = path
        while probe:
            for table in (self.positions, self.key_positions):
                if probe in table:
                    return table[probe]
            probe = _parent(probe)
        return Position(1, 1)


class SourceError(Exception):
    """Why a file could not be split or parsed, with where it happened and the field, if known."""

    def __init__(self, message: str, line: int = 1, column: int = 1, field: str = ""):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.field = field


def _parent(path: str) -> str:
    cut = max(path.rfind("."), path.rfind("["))
    return path[:cut] if cut > 0 else ""


class _Loader(yaml.SafeLoader):
    """SafeLoader without timestamps, without aliases (an alias bomb is refused outright) and
    without deep nesting (PyYAML composes recursively: a thousand ``[`` would overflow the stack)."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        where = (event.start_mark.line + 1, event.start_mark.column + 1)
        if isinstance(event, yaml.AliasEvent):
            raise SourceError("không dùng bí danh YAML (dấu * hoặc &) trong phần thông tin truyện", *where)
        if self.depth >= MAX_DEPTH:
            raise SourceError(f"thông tin lồng nhau quá {MAX_DEPTH} tầng: hãy kiểm tra lại dấu ngoặc và thụt lề", *where)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """libyaml's parser with the same resolver and constructor, for files that parse cleanly.

    It has no alias hook, so it only sees files without ``&`` (no anchor, hence no alias can
    resolve); any error sends the file back to ``_Loader``, whose messages are the ones translated.
    Nesting is bounded by ``_record_positions`` before anything is constructed.
    """

    yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers


# Characters Word and Facebook paste that an editor cannot see: zero-width space, word joiner,
# byte-order mark, soft hyphen. None carries meaning in Vietnamese text; left in, they make
# `binh-xuyen` an unknown chapter or one name two people. Zero-width joiners stay (emoji need them).
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff\u00ad"))
# Facebook's "Unicode bold" and italic letters (𝐍𝐠𝐮𝐲𝐞̂̃𝐧): screen readers spell them out and search
# misses them, so they are read as the plain letters they imitate.
_STYLED_LETTERS = re.compile("[\U0001D400-\U0001D7FF]")
# No-break spaces from Word: YAML does not take them for spaces, so `kind:\u00a0individual`
# would lose its colon and an indented key its indentation.
_NO_BREAK_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f"), " ")


def decode(raw: bytes) -> str:
    """UTF-8 text with any byte-order mark and Windows line endings removed, then ``clean_text``."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    text = raw.decode("utf-8")
    return clean_text(text.replace("\r\n", "\n").replace("\r", "\n"))


def clean_text(text: str) -> str:
    """``text`` as the checker reads it: NFC, without invisible pasted characters, styled letters
    read as plain ones. For any text an editor types or pastes, in a file or at a prompt."""
    text = _STYLED_LETTERS.sub(lambda match: unicodedata.normalize("NFKC", match.group()), text.translate(_INVISIBLE))
    return unicodedata.normalize("NFC", text)


# Characters that cannot be shown or written out: terminal controls (ESC, BEL…) would act on an
# editor's terminal and reach the page; direction overrides make a name read in another order
# than it is stored (a "Trojan Source" trick); a lone surrogate, which only a YAML escape such as
# "\uD800" can make, cannot be encoded at all.
_CONTROLS = "".join(map(chr, [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)]))
_DIRECTION = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_UNWRITABLE = re.compile(f"[{re.escape(_CONTROLS + _DIRECTION)}\ud800-\udfff]")
_SURROGATE_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")


def unwritable_removed(text: str) -> str:
    """``text`` without control, direction-override and lone surrogate characters; a pair of
    surrogates (JSON's way of escaping an emoji) becomes the character it stands for."""
    text = _SURROGATE_PAIR.sub(lambda pair: pair.group().encode("utf-16", "surrogatepass").decode("utf-16"), text)
    return _UNWRITABLE.sub("", text)


def _describe(char: str) -> str:
    if char in _DIRECTION:
        return f"ký tự đổi chiều chữ U+{ord(char):04X}"
    if "\ud800" <= char <= "\udfff":
        return f"mã U+{ord(char):04X} không phải chữ (nửa cặp “surrogate”, thường do viết `\\u{ord(char):04X}`)"
    return f"ký tự điều khiển U+{ord(char):04X}"


def _unwritable_note(text: str, line: int, column: int, field: str, where: str) -> Note | None:
    """A note naming what ``unwritable_removed`` takes out of ``text``, or None if nothing."""
    found = [match.group() for match in _UNWRITABLE.finditer(_SURROGATE_PAIR.sub("", text))]
    if not found:
        return None
    kinds = ", ".join(dict.fromkeys(_describe(char) for char in found))
    return Note(line, column, field,
                f"đã xóa {len(found)} ký tự không hiển thị được khỏi {where} ({kinds}), thường do dán từ "
                "trang web hoặc chương trình khác: hãy xóa chúng trong tệp")


def parse(text: str) -> Source:
    """Split ``text`` into front matter and body; raise SourceError with a position if it fails."""
    if not text.strip():
        raise SourceError("tệp trống: cần phần thông tin giữa hai dòng --- và nội dung truyện", field=WHOLE_FILE)
    if not text.startswith("---"):
        raise SourceError("thiếu phần thông tin truyện: tệp phải bắt đầu bằng dòng ---")
    handler = frontmatter.YAMLHandler()
    try:
        front, body = handler.split(text)
    except ValueError:
        raise SourceError("phần thông tin truyện chưa đóng: thiếu dòng --- thứ hai") from None
    # The split keeps one newline after the opening ---, so YAML line 0 is the file's line 1 once
    # any blank lines the split swallowed are put back.
    front = "\n" * text.count("\n", 0, text.find(front)) + front
    front = front.translate(_NO_BREAK_SPACES)
    notes = []
    # Control characters in the front matter are refused by YAML's reader, with their position;
    # direction overrides are printable to YAML, so they are taken out here.
    for number, line_text in enumerate(front.split("\n"), start=1):
        found = re.search(f"[{_DIRECTION}]", line_text)
        if found and len(notes) < _NOTES_MAX:
            notes.append(_unwritable_note(line_text, number, found.start() + 1, field_at(front, number) or FRONT_MATTER,
                                              "phần thông tin"))
    front = re.sub(f"[{_DIRECTION}]", "", front)
    if "\t" in front:
        offset = front.index("\t")
        line, column = _line_column(front, offset)
        raise SourceError("có ký tự Tab trong phần thông tin: YAML chỉ chấp nhận dấu cách để thụt lề",
                          line, column, field_at(front, line))
    _refuse_deep_brackets(front)
    mistake = _paste_mistake(front, failed=False)
    if mistake is not None:
        raise mistake
    source = Source(body=body, notes=notes + _comment_notes(front) + _word_quote_notes(front))
    data = _load(front, source)
    if data is None:
        raise SourceError("phần thông tin truyện trống")
    if not isinstance(data, dict):
        raise SourceError("phần thông tin truyện phải là các dòng dạng `khóa: giá trị`", 2, 1)
    source.data = _writable(data, "", source)
    start = len(text) - len(body)
    start += len(body) - len(body.lstrip())
    source.body_line = text.count("\n", 0, start) + 1
    stripped = body.strip()
    if _UNWRITABLE.search(stripped):
        first = _UNWRITABLE.search(stripped).start()
        line = source.body_line + stripped.count("\n", 0, first)
        column = first - (stripped.rfind("\n", 0, first) + 1) + 1
        source.notes.append(_unwritable_note(stripped, line, column, BODY, "bài"))
        source.body = unwritable_removed(body)
    return source


def parse_data_file(text: str) -> Source:
    """A whole YAML data file (such as the unit register) with a line and column for every value.

    Raise SourceError with a position if it cannot be read; an empty file gives empty data.
    """
    text = text.translate(_NO_BREAK_SPACES)
    if "\t" in text:
        line, column = _line_column(text, text.index("\t"))
        raise SourceError("có ký tự Tab: YAML chỉ chấp nhận dấu cách để thụt lề", line, column, field_at(text, line))
    _refuse_deep_brackets(text)
    source = Source()
    data = _load(text, source)
    source.data = _writable(data, "", source) if data is not None else {}
    return source


def _writable(value: Any, path: str, source: Source) -> Any:
    """``value`` with every string (keys too) cleared of what cannot be written out, noting where.
    Only YAML escapes (``"\\e"``, ``"\\uD800"``) can still put such characters here."""
    if isinstance(value, str):
        if not _UNWRITABLE.search(value):
            return value
        where = source.where(path)
        note = _unwritable_note(value, where.line, where.column, path or FRONT_MATTER, f"trường `{path}`" if path else "phần thông tin")
        if note:
            source.notes.append(note)
        return unwritable_removed(value)
    if isinstance(value, dict):
        cleaned = {}
        for key, item in value.items():
            name = _writable(key, path, source) if isinstance(key, str) else key
            cleaned[name] = _writable(item, f"{path}.{key}" if path else str(key), source)
        return cleaned
    if isinstance(value, list):
        return [_writable(item, f"{path}[{index}]", source) for index, item in enumerate(value)]
    return value


def _load(front: str, source: Source) -> Any:
    """The front matter's data, its positions recorded in ``source`` before anything is built."""
    if yaml.__with_libyaml__ and "&" not in front:
        try:
            return _compose_and_construct(_FastLoader, front, source)
        except yaml.YAMLError:
            source.positions.clear()
            source.key_positions.clear()
    try:
        return _compose_and_construct(_Loader, front, source)
    except yaml.reader.ReaderError as exc:
        line, column = _line_column(front, exc.position)
        raise SourceError(f"có ký tự điều khiển không in được (mã U+{exc.character:04X}) trong phần thông tin, "
                          "thường do dán từ Word hoặc Facebook: hãy xóa ký tự này", line, column,
                          field_at(front, line)) from None
    except yaml.MarkedYAMLError as exc:
        mistake = _paste_mistake(front, failed=True)
        if mistake is not None:
            raise mistake from None
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or ""
        if exc.context_mark and ("end of stream" in problem or problem.startswith("expected ',' or")):
            # An unclosed quote or bracket is noticed later; the editor should look where it opened.
            mark = exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise SourceError(f"lỗi cú pháp YAML: {_yaml_reason(exc)}", line, column, field_at(front, line)) from None
    except yaml.YAMLError:
        raise SourceError("lỗi cú pháp YAML: hãy kiểm tra thụt lề (chỉ dùng dấu cách), dấu ngoặc và dấu hai chấm") from None


def _compose_and_construct(loader_class: type, front: str, source: Source) -> Any:
    loader = loader_class(front)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _record_positions(node, "", source)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _refuse_deep_brackets(front: str) -> None:
    """Refuse ``[[[[…`` before YAML sees it: PyYAML's scanner slows quadratically with flow depth."""
    depth = 0
    for offset, char in enumerate(front):
        if char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                line, column = _line_column(front, offset)
                raise SourceError(f"thông tin lồng nhau quá {MAX_DEPTH} tầng: hãy kiểm tra lại dấu ngoặc và thụt lề",
                                  line, column, field_at(front, line))
        elif char in "]}":
            depth = max(depth - 1, 0)


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


_KEY_LINE = re.compile(r"^([ \t]*)(- +)?([^\s#:\-\[{\"'][^:#]*?)\s*:(\s|$)")


def field_at(front: str, line: int) -> str:
    """The dotted field written on or above ``line``, judged from indentation: a best guess for
    text YAML could not parse, so that the message can still name a field."""
    stack: list[tuple[int, str | None]] = []
    for text in front.split("\n")[:line]:
        match = _KEY_LINE.match(text)
        if not match:
            continue
        indent = len(match.group(1))
        while stack and stack[-1][0] >= indent:
            stack.pop()
        if match.group(2):
            # Inside a list the key belongs to one item; name the list rather than guess its index.
            stack.append((indent, None))
            continue
        stack.append((indent, match.group(3)))
    names = []
    for _, name in stack:
        if name is None:
            break
        names.append(name)
    return ".".join(names)


# Paste mistakes in a `key: value` line, found by reading the line as the editor wrote it.
# YAML's own message for them is English and often points elsewhere (an unclosed quote is
# noticed lines later); these name the line and show the line as it should be written.
_VALUE_LINE = re.compile(r"^(?P<lead>[ ]*(?:-[ ]+)?)(?P<key>[^\s#:'\"\[{!&*%@`|>-][^:#]*?)[ ]*:[ ]+(?P<value>\S.*?)[ ]*$")
_ITEM_LINE = re.compile(r"^(?P<lead>[ ]*-[ ]+)(?P<value>[^\s{\[].*?)[ ]*$")
_BLOCK_SCALAR = re.compile(r"[|>][-+0-9]*[ ]*(#.*)?$")
_YAML_ESCAPES = set("0abtnvfre \"/\\N_LPxuU\t")
_WINDOWS_PATH = re.compile(r"(?<![A-Za-z])[A-Za-z]:\\|^\\\\\w")
_NOTES_MAX = 20  # warnings of one kind in one file: past these, the editor has seen the pattern
# Free text where a ` # ` is more likely meant than a comment.
_PROSE_KEYS = {"title", "deed", "name", "role", "unit", "alt", "caption", "excerpt", "by", "guardian", "record",
               "children_consent"}


@dataclass(frozen=True)
class _Line:
    number: int
    lead: str
    key: str
    value: str
    start: int  # column (from 1) where the value starts
    key_follows: bool = False  # the next line starts another field, at the same depth or above


def _value_lines(front: str):
    """The ``key: value`` and ``- value`` lines of ``front`` whose value is written on the line,
    outside block scalars (``deed: |`` and the lines under it)."""
    block_indent = None
    lines = front.split("\n")
    following_lines = [""] * (len(lines) + 1)  # the next line with text after each line
    for index in range(len(lines) - 1, 0, -1):
        following_lines[index - 1] = lines[index] if lines[index].strip() else following_lines[index]
    for number, text in enumerate(lines, start=1):
        indent = len(text) - len(text.lstrip(" "))
        if block_indent is not None:
            if not text.strip() or indent > block_indent:
                continue
            block_indent = None
        if text.lstrip().startswith("#"):
            continue
        match = _VALUE_LINE.match(text) or _ITEM_LINE.match(text)
        if not match:
            continue
        key = match.groupdict().get("key") or ""
        value = match.group("value")
        if _BLOCK_SCALAR.match(value):
            block_indent = indent
            continue
        following = following_lines[number - 1]
        key_follows = bool(_VALUE_LINE.match(following) or re.match(r"[ ]*[^\s#:'\"][^:#]*:[ ]*$", following)) and \
            len(following) - len(following.lstrip(" ")) <= indent
        yield _Line(number, match.group("lead"), key.strip(), value, match.start("value") + 1, key_follows)


def _as_written(line: _Line, value: str) -> str:
    written = f"{line.lead.strip() + ' ' if line.lead.strip() else ''}{line.key + ': ' if line.key else ''}{value}"
    return f"“{written}”" if "`" in written else f"`{written}`"


def _quoted(text: str) -> str:
    """``text`` as one YAML value: in double quotes, with inner ones made typographic."""
    inner = text.replace("\\", "/")
    opened = False
    shaped = []
    for char in inner:
        if char == '"':
            shaped.append("”" if opened else "“")
            opened = not opened
        else:
            shaped.append(char)
    return '"' + "".join(shaped) + '"'


def _closing_quote(value: str, quote: str) -> int:
    """Where the quote opening ``value`` closes, or -1: YAML's rules (``\\"`` inside double
    quotes, ``''`` inside single ones)."""
    index = 1
    while index < len(value):
        char = value[index]
        if quote == '"' and char == "\\":
            index += 2
            continue
        if char == quote:
            if quote == "'" and value[index + 1:index + 2] == "'":
                index += 2
                continue
            return index
        index += 1
    return -1


def _matching_bracket(value: str) -> int:
    depth = 0
    for index, char in enumerate(value):
        if char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
            if depth == 0:
                return index
    return -1


def _line_mistake(line: _Line, failed: bool) -> SourceError | None:
    """The paste mistake on ``line``, if any. Some are mistakes only when YAML could not read
    the file (``failed``); the others YAML reads without a word but not as the editor meant."""
    value = line.value
    first = value[0]

    def error(message: str, column: int = line.start) -> SourceError:
        return SourceError(message, line.number, column)

    if first in "\"'":
        close = _closing_quote(value, first)
        name = "ngoặc kép" if first == '"' else "dấu nháy đơn"
        if close < 0:
            # A quote left open runs on into the next field; YAML notices only where it closes.
            if failed or line.key_follows:
                return error(f"thiếu {name} đóng ở cuối giá trị: giá trị mở bằng {first} ở đây nhưng không đóng trên dòng này; "
                             f"hãy viết {_as_written(line, value + first)}")
            return None
        rest = value[close + 1:].strip()
        inner = value[1:close]
        if rest and not rest.startswith("#"):
            whole = value[1:].rstrip(first) if value.endswith(first) else value[1:]
            if first == '"':
                fix = "'" + whole + "'" if "'" not in whole else _quoted(whole)
                return error(f"dấu ngoặc kép bên trong giá trị làm giá trị kết thúc sớm: hãy bọc cả giá trị bằng dấu nháy "
                             f"đơn hoặc dùng ngoặc kép “ ”, ví dụ {_as_written(line, fix)}", line.start + close)
            return error(f"dấu nháy đơn (') bên trong giá trị đặt trong nháy đơn làm giá trị kết thúc sớm: hãy bọc cả giá trị "
                         f"bằng ngoặc kép, ví dụ {_as_written(line, _quoted(whole))}", line.start + close)
        if first == '"' and "\\" in inner:
            bad = next((i for i in range(len(inner) - 1) if inner[i] == "\\" and inner[i + 1] not in _YAML_ESCAPES), None)
            if _WINDOWS_PATH.search(inner) or (failed and bad is not None) or inner.endswith("\\"):
                return error("dấu \\ trong ngoặc kép là ký tự đặc biệt của YAML (đường dẫn Windows?): hãy bọc giá trị bằng "
                             f"dấu nháy đơn, ví dụ {_as_written(line, chr(39) + inner + chr(39))}")
        return None
    special = {
        "@": "ký hiệu @", "`": "dấu `", "%": "dấu %", "*": "dấu *", "&": "dấu &", "!": "dấu !",
        "|": "dấu |", ">": "dấu >", "?": "dấu ?", ",": "dấu phẩy",
    }
    if first == "&" or (failed and (first in special or value.startswith("- ") or value == "-")):
        what = special.get(first, "dấu -")
        meaning = {"&": " (YAML hiểu là nhãn và bỏ mất chữ ngay sau nó)", "*": " (YAML hiểu là bí danh)",
                   "!": " (YAML hiểu là kiểu dữ liệu)", "-": " (YAML hiểu là một mục danh sách)"}.get(first, "")
        return error(f"giá trị bắt đầu bằng {what} là ký hiệu đặc biệt của YAML{meaning}: hãy đặt cả giá trị trong "
                     f"ngoặc kép, ví dụ {_as_written(line, _quoted(value))}")
    if first in "[{":
        close = _matching_bracket(value)
        rest = value[close + 1:].strip() if close >= 0 else ""
        if close >= 0 and rest and not rest.startswith("#") and failed:
            kind = "danh sách" if first == "[" else "bảng"
            return error(f"giá trị bắt đầu bằng {first}…{value[close]} nhưng còn chữ phía sau: YAML hiểu phần trong ngoặc là "
                         f"{kind}. Nếu đây là chữ, hãy đặt cả giá trị trong ngoặc kép, ví dụ {_as_written(line, _quoted(value))}")
        return None
    comment = re.search(r" #(\S)?", value)
    if comment and comment.group(1):
        kept = value[:comment.start()]
        return error(f"phần từ dấu # (`{value[comment.start() + 1:]}`) bị YAML coi là chú thích và bỏ đi, "
                     f"giá trị chỉ còn “{kept}”: hãy đặt cả giá trị trong ngoặc kép, ví dụ {_as_written(line, _quoted(value))}",
                     line.start + comment.start() + 1)
    if failed and ": " in (value[:comment.start()] if comment else value):
        return error(f"dấu hai chấm và dấu cách trong giá trị làm YAML hiểu nhầm thành một trường mới: hãy đặt cả giá trị "
                     f"trong ngoặc kép, ví dụ {_as_written(line, _quoted(value))}", line.start + value.index(": "))
    return None


def _comment_notes(front: str) -> list[Note]:
    """Warnings for free text cut by `` # `` (one space, as in a sentence, not the template's aligned comments)."""
    notes = []
    for line in _value_lines(front):
        if line.key not in _PROSE_KEYS or line.value[0] in "\"'[{":
            continue
        comment = re.search(r"(?<! ) # ", line.value)
        if comment and len(notes) < _NOTES_MAX:
            kept = line.value[:comment.start()]
            notes.append(Note(line.number, line.start + comment.start() + 1, field_at(front, line.number) or FRONT_MATTER,
                              f"phần từ dấu # (`{line.value[comment.start() + 1:]}`) bị coi là chú thích và bỏ đi, giá trị "
                              f"chỉ còn “{kept}”; nếu đó là một phần của giá trị, hãy đặt cả giá trị trong ngoặc kép, ví dụ "
                              f"{_as_written(line, _quoted(line.value))}"))
    return notes


def _word_quote_notes(front: str) -> list[Note]:
    """Warnings for free text opened with Word's curly quote and closed with a straight one
    (``deed: “Ông Phúc hiến đất."``): YAML reads no quoting there, so both marks are published."""
    notes = []
    for line in _value_lines(front):
        if line.key not in _PROSE_KEYS or line.value[0] not in "“”":
            continue
        value = re.split(r" #", line.value, maxsplit=1)[0].rstrip()
        if len(value) > 1 and value[-1] == '"' and len(notes) < _NOTES_MAX:
            notes.append(Note(line.number, line.start, field_at(front, line.number) or FRONT_MATTER,
                              f"giá trị mở bằng ngoặc kép kiểu Word {value[0]} nhưng đóng bằng \": YAML không coi đó là "
                              f"ngoặc kép nên cả hai dấu được đăng cùng chữ; hãy viết {_as_written(line, _quoted(value[1:-1]))}"))
    return notes


def _paste_mistake(front: str, failed: bool) -> SourceError | None:
    """The first paste mistake in ``front``, top to bottom, with the field named."""
    for line in _value_lines(front):
        mistake = _line_mistake(line, failed)
        if mistake is not None:
            mistake.field = field_at(front, line.number) or FRONT_MATTER
            return mistake
    return None


def _yaml_reason(exc: yaml.MarkedYAMLError) -> str:
    reason = exc.problem or exc.context or "không đọc được"
    known = {
        "mapping values are not allowed here": "dấu hai chấm đặt sai chỗ (hãy đặt giá trị có dấu : trong ngoặc kép)",
        "could not find expected ':'": "thiếu dấu hai chấm sau tên trường",
        "found character '\\t' that cannot start any token": "có ký tự Tab: hãy dùng dấu cách",
        "found undefined alias": "bí danh YAML không xác định",
        "expected <block end>, but found '<block sequence start>'": "thụt lề danh sách không đúng",
        "found unexpected end of stream": "thiếu dấu ngoặc kép hoặc ngoặc đóng",
        "found unhashable key": "tên trường phải là chữ, không phải danh sách hay bảng",
        "expected ',' or ']'": "thiếu dấu ] đóng danh sách",
        "expected ',' or '}'": "thiếu dấu } đóng bảng",
        # The general forms after the particular ones above: the first prefix that matches wins.
        "expected <block end>, but found '<scalar>'": "còn chữ sau giá trị, hoặc thụt lề không đúng: giá trị có dấu ngoặc kép "
                                                      "bên trong thì bọc cả giá trị bằng dấu nháy đơn",
        "expected <block end>, but found": "thụt lề không đúng: dòng này không thẳng hàng với các trường cùng cấp phía trên "
                                           "(chỉ dùng dấu cách)",
        "did not find expected key": "thụt lề không đúng hoặc thiếu dấu hai chấm sau tên trường",
        "did not find expected '-' indicator": "mỗi mục danh sách bắt đầu bằng dấu - và thụt lề như các mục khác",
        "found character": "giá trị bắt đầu bằng một ký hiệu đặc biệt của YAML: hãy đặt cả giá trị trong ngoặc kép",
        "found a tab character": "có ký tự Tab: hãy dùng dấu cách",
        "found unknown escape character": "dấu \\ trong ngoặc kép là ký tự đặc biệt của YAML: hãy bọc giá trị bằng dấu nháy đơn",
        "expected a comment or a line break": "còn chữ sau giá trị: hãy đặt cả giá trị trong ngoặc kép",
        "expected alphabetic or numeric character": "giá trị bắt đầu bằng & hoặc * là ký hiệu đặc biệt của YAML: hãy đặt cả "
                                                    "giá trị trong ngoặc kép",
        "sequence entries are not allowed here": "dấu - của mục danh sách đặt sai chỗ: hãy xuống dòng và thụt lề mục danh sách",
        "block sequence entries are not allowed here": "dấu - của mục danh sách đặt sai chỗ: hãy xuống dòng và thụt lề mục "
                                                       "danh sách",
        "but found another document": "có thêm một dòng --- ở giữa: chỉ giữ dòng --- mở đầu và dòng --- kết thúc",
        "expected '<document start>'": "có thêm một dòng --- ở giữa: chỉ giữ dòng --- mở đầu và dòng --- kết thúc",
        "found duplicate anchor": "ký hiệu & là ký hiệu đặc biệt của YAML: hãy đặt cả giá trị trong ngoặc kép",
        "found undefined tag handle": "ký hiệu ! là ký hiệu đặc biệt của YAML: hãy đặt cả giá trị trong ngoặc kép",
        "expected ' ', but found": "ký hiệu ! là ký hiệu đặc biệt của YAML: hãy đặt cả giá trị trong ngoặc kép",
        "expected chomping or indentation indicators": "sau dấu | hoặc > chỉ được xuống dòng: hãy đặt giá trị trong ngoặc kép",
    }
    for english, vietnamese in known.items():
        if reason.startswith(english):
            return vietnamese
    # PyYAML's words are English: an editor gets what to look at instead.
    return "YAML không đọc được chỗ này: hãy kiểm tra thụt lề (chỉ dùng dấu cách), dấu ngoặc và dấu hai chấm"


def _record_positions(node: yaml.Node, path: str, source: Source, depth: int = 0) -> None:
    source.positions[path] = Position(node.start_mark.line + 1, node.start_mark.column + 1)
    if depth > MAX_DEPTH:
        raise SourceError(f"thông tin lồng nhau quá {MAX_DEPTH} tầng: hãy kiểm tra lại dấu ngoặc và thụt lề",
                          node.start_mark.line + 1, node.start_mark.column + 1, path)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
            child = f"{path}.{key}" if path else str(key)
            here = Position(key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if child in source.key_positions:
                # YAML keeps the last value silently; an editor who wrote a field twice meant one of them.
                first = source.key_positions[child]
                raise SourceError(f"trường `{key}` được ghi hai lần (dòng {first.line} và dòng {here.line}): hãy giữ một dòng",
                                  here.line, here.column, child)
            source.key_positions[child] = here
            _record_positions(value_node, child, source, depth + 1)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_positions(item, f"{path}[{index}]", source, depth + 1)
