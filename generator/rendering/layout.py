"""The layout of every generated page, in Jinja templates under ``templates/``, escaped by default.

The core hands a template its data; the template decides the markup. Every value reaches HTML
escaped unless a template marks it safe (a sanitised story body, for one). Links are written
relative to the page being rendered: a template that has ``here`` (the page's source path) turns a
page or file path into a link with ``{{ path | href }}``.
"""

from __future__ import annotations

import functools
import html
import json
import re
from pathlib import Path
from typing import Any

import jinja2
import yaml
from markupsafe import Markup

from .. import urls
from ..dates import long_date, short_date

TEMPLATES = Path(__file__).parent / "templates"
_THEME_WRITES_RAW = ("title", "description")


@jinja2.pass_context
def _href(context: jinja2.runtime.Context, target: str) -> str:
    return urls.href(context["here"], target)


@functools.cache
def environment() -> jinja2.Environment:
    """The one Jinja environment of the generated pages: autoescape on, undefined names an error."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(href=_href, short_date=short_date, long_date=long_date)
    env.globals.update(
        chapter_page=urls.chapter_page,
        year_page=urls.year_page,
        criterion_page=urls.criterion_page,
        list_page=urls.list_page,
        column=urls.COLUMN,
        chapters=urls.CHAPTERS,
        tally=urls.TALLY,
        activities_page=urls.ACTIVITIES,
        kind_folders=urls.KIND_FOLDERS,
    )
    return env


def render(name: str, /, **data: Any) -> str:
    """The template ``name`` rendered with ``data``; a name the template uses and ``data`` lacks raises
    ``jinja2.UndefinedError`` instead of printing nothing."""
    return environment().get_template(name).render(**data)


def page_text(name: str, /, meta: dict[str, Any] | None = None, **data: Any) -> str:
    """A generated page's whole text: ``meta`` as YAML front matter (when given), then the template.

    Front matter is data, not layout: it is written by the YAML dumper, so no value can break it.
    ``title`` and ``description`` are HTML-escaped here: Material writes both into the page (nav,
    ``<meta name="description">``) without escaping them.
    """
    body = render(name, **data)
    return with_front_matter(body, meta) if meta else body


def with_front_matter(text: str, meta: dict[str, Any]) -> str:
    """``text`` with ``meta`` at the head of its front matter (a new front matter when it has none);
    ``title`` and ``description`` HTML-escaped, as in ``page_text``."""
    meta = {key: html.escape(value, quote=True) if key in _THEME_WRITES_RAW and isinstance(value, str) else value
            for key, value in meta.items()}
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml: the pure-Python dumper costs ms a page
    front = yaml.dump(meta, Dumper=dumper, allow_unicode=True, sort_keys=False, width=2**16)
    if text.startswith("---\n"):
        return f"---\n{front}{text[4:]}"
    return f"---\n{front}---\n\n{text}"


# A front matter as MkDocs reads it: the lines between a first line `---` and the next `---` or `...`.
_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)


def front_matter(text: str) -> dict | None:
    """The front matter of a generated page's ``text`` as a dict of plain JSON values, or None when
    it has none or holds other values (dates): then the engine reads it as usual."""
    found = _FRONT_MATTER.match(text)
    if not found:
        return None
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        meta = yaml.load(found.group(1), Loader=loader)
        plain = isinstance(meta, dict) and json.loads(json.dumps(meta, ensure_ascii=False)) == meta
    except (yaml.YAMLError, TypeError, ValueError):
        return None
    return meta if plain else None


def safe(html: str) -> Markup:
    """HTML the core made safe already (a sanitised story body), passed to a template as is."""
    return Markup(html)
