"""The repository's mkdocs.yml, read once for every engine and command: the one reader of it.

MkDocs and ProperDocs read it themselves; ``nttv generate`` (for Zensical), the engine switch and the
commands that need the public address or the pages' folder read it here. Its tags of MkDocs (``!ENV``,
``!relative``) and Python names (``!!python/name:…``) are kept as written (``Tagged``), for an engine
to read, instead of stopping the run.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .problems import NttvError, os_reason

CONFIG = "mkdocs.yml"
PLUGIN = "nttv"


def plugin_options(config: dict) -> dict:
    """The options of the ``nttv`` entry of ``plugins``, empty when it has none."""
    for entry in config.get("plugins") or ():
        if isinstance(entry, dict) and PLUGIN in entry:
            return dict(entry[PLUGIN] or {})
    return {}


@dataclass(frozen=True)
class Tagged:
    tag: str
    value: object
    style: str  # scalar, sequence or mapping


class _ConfigLoader(yaml.SafeLoader):
    pass


class _ConfigDumper(yaml.SafeDumper):
    pass


def _keep_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Tagged:
    if isinstance(node, yaml.SequenceNode):
        return Tagged(node.tag, loader.construct_sequence(node, deep=True), "sequence")
    if isinstance(node, yaml.MappingNode):
        return Tagged(node.tag, loader.construct_mapping(node, deep=True), "mapping")
    return Tagged(node.tag, loader.construct_scalar(node), "scalar")


def _write_tag(dumper: yaml.SafeDumper, data: Tagged) -> yaml.Node:
    if data.style == "sequence":
        return dumper.represent_sequence(data.tag, data.value)
    if data.style == "mapping":
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, data.value)


_ConfigLoader.add_multi_constructor("!", _keep_tag)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _keep_tag)


def _write_text(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|" if "\n" in data else None)


_ConfigDumper.add_representer(Tagged, _write_tag)
_ConfigDumper.add_representer(str, _write_text)


def read_config(path: Path) -> dict:
    """mkdocs.yml as data, its tags kept as ``Tagged`` values."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader)
    except OSError as exc:
        raise NttvError(f"không đọc được {path.name}: {os_reason(exc)}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path.name}:{mark.line + 1}:{mark.column + 1}" if mark else path.name
        raise NttvError(f"{where}: lỗi cú pháp YAML: hãy kiểm tra thụt lề (chỉ dùng dấu cách), dấu ngoặc và "
                        "dấu hai chấm") from None
    if not isinstance(data, dict):
        raise NttvError(f"{path.name} phải là một bảng khóa: giá trị (site_name, theme, plugins…)")
    return data


def read_config_if_any(root: Path) -> dict:
    """The repository's mkdocs.yml as data, empty when it has none (the commands that need only its address)."""
    path = root / CONFIG
    return read_config(path) if path.is_file() else {}


def site_url(config: dict) -> str | None:
    """mkdocs.yml's ``site_url``; one behind a tag (``!ENV``) is MkDocs's to read, none here."""
    value = config.get("site_url")
    return str(value) if value and not isinstance(value, Tagged) else None


def docs_dir(config: dict, default: str = "docs") -> str:
    """The hand-written pages' folder, relative to the repository (``content`` here; MkDocs's default ``docs``)."""
    value = config.get("docs_dir")
    return str(value) if value and not isinstance(value, Tagged) else default


def dump_config(config: dict) -> str:
    return yaml.dump(config, Dumper=_ConfigDumper, allow_unicode=True, sort_keys=False, width=2**16)
