"""Reading an editor's file: bytes to front matter (with positions) and body.

Every YAML value keeps the line and column it was written at, so that a problem can point an
editor at the exact spot. Dates stay strings here: the story rules decide what a date may look
like, instead of YAML guessing (YAML 1.1 would read ``2024-5-8`` as a date).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

import frontmatter
import yaml


@dataclass(frozen=True)
class Position:
    line: int
    column: int


@dataclass
class Source:
    """A file split into front matter and body, or the reason it could not be."""

    data: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    positions: dict[str, Position] = field(default_factory=dict)
    key_positions: dict[str, Position] = field(default_factory=dict)

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
    def __init__(self, message: str, line: int = 1, column: int = 1):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


def _parent(path: str) -> str:
    cut = max(path.rfind("."), path.rfind("["))
    return path[:cut] if cut > 0 else ""


_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """SafeLoader (libyaml when present) that leaves dates as strings."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


def decode(raw: bytes) -> str:
    """UTF-8 text with any byte-order mark and Windows line endings removed, in NFC."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    text = raw.decode("utf-8")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def parse(text: str) -> Source:
    """Split ``text`` into front matter and body; raise SourceError with a position if it fails."""
    if not text.strip():
        raise SourceError("tệp trống: cần phần thông tin giữa hai dòng --- và nội dung truyện")
    if not text.startswith("---"):
        raise SourceError("thiếu phần thông tin truyện: tệp phải bắt đầu bằng dòng ---")
    handler = frontmatter.YAMLHandler()
    try:
        front, body = handler.split(text)
    except ValueError:
        raise SourceError("phần thông tin truyện chưa đóng: thiếu dòng --- thứ hai") from None
    # The split keeps the newline after the opening ---, so YAML line 0 is the file's line 1.
    if "\t" in front:
        offset = front.index("\t")
        line = front.count("\n", 0, offset) + 1
        column = offset - (front.rfind("\n", 0, offset) + 1) + 1
        raise SourceError("có ký tự Tab trong phần thông tin: YAML chỉ chấp nhận dấu cách để thụt lề", line, column)
    loader = _Loader(front)
    try:
        node = loader.get_single_node()
        if node is not None:
            _refuse_aliases(node, set())
        data = loader.construct_document(node) if node is not None else None
    except SourceError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise SourceError(f"lỗi cú pháp YAML: {_yaml_reason(exc)}", line, column) from None
    except yaml.YAMLError as exc:
        raise SourceError(f"lỗi cú pháp YAML: {exc}") from None
    finally:
        loader.dispose()
    if data is None:
        raise SourceError("phần thông tin truyện trống")
    if not isinstance(data, dict):
        raise SourceError("phần thông tin truyện phải là các dòng dạng `khóa: giá trị`", 2, 1)
    source = Source(data=data, body=body)
    _record_positions(node, "", source)
    source.body_line = front.count("\n") + 1 + len(body) - len(body.lstrip("\n"))
    return source


def _yaml_reason(exc: yaml.MarkedYAMLError) -> str:
    reason = exc.problem or exc.context or "không đọc được"
    known = {
        "mapping values are not allowed here": "dấu hai chấm đặt sai chỗ (hãy đặt giá trị có dấu : trong ngoặc kép)",
        "could not find expected ':'": "thiếu dấu hai chấm sau tên trường",
        "found character '\\t' that cannot start any token": "có ký tự Tab: hãy dùng dấu cách",
        "found undefined alias": "bí danh YAML không xác định",
        "expected <block end>, but found '<block sequence start>'": "thụt lề danh sách không đúng",
        "found unexpected end of stream": "thiếu dấu ngoặc kép hoặc ngoặc đóng",
    }
    for english, vietnamese in known.items():
        if reason.startswith(english):
            return vietnamese
    return reason


def _refuse_aliases(node: yaml.Node, seen: set[int]) -> None:
    """An alias makes a node appear twice in the tree: refused, which also defuses alias bombs."""
    if id(node) in seen:
        raise SourceError("không dùng bí danh YAML (dấu * và &) trong phần thông tin truyện",
                          node.start_mark.line + 1, node.start_mark.column + 1)
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            _refuse_aliases(key_node, seen)
            _refuse_aliases(value_node, seen)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _refuse_aliases(item, seen)


def _record_positions(node: yaml.Node, path: str, source: Source) -> None:
    source.positions[path] = Position(node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
            child = f"{path}.{key}" if path else str(key)
            source.key_positions[child] = Position(key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            _record_positions(value_node, child, source)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_positions(item, f"{path}[{index}]", source)
