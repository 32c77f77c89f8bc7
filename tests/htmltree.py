"""Built pages read the way a browser reads them: a tree of elements from the standard html.parser."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass(eq=False)
class Element:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Element | str] = field(default_factory=list)

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    def text(self) -> str:
        """The text a reader sees, spaces collapsed."""
        return " ".join("".join(self._texts()).split())

    def _texts(self):
        for child in self.children:
            if isinstance(child, str):
                yield child
            else:
                yield from child._texts()

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list[Element]:
        return [e for e in self.iter()
                if (tag is None or e.tag == tag) and (cls is None or cls in e.classes)
                and all(e.attrs.get(name.rstrip("_")) == value for name, value in attrs.items())]

    def find(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> Element:
        found = self.find_all(tag, cls, **attrs)
        assert found, f"no <{tag or '*'}> with class {cls!r} and {attrs}"
        return found[0]


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Element(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(html: str) -> Element:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def page(site: Path, url: str) -> Element:
    """The built page at a site address such as ``cau-chuyen/2024/co-giao/``."""
    return parse((site / url.strip("/") / "index.html").read_text(encoding="utf-8") if url.strip("/")
                 else (site / "index.html").read_text(encoding="utf-8"))


def resolve(site: Path, from_url: str, link: str) -> Path | None:
    """The file in ``site`` a relative or root-relative link leads to, or None when it leaves the site."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        return None
    target = urlsplit(urljoin("https://site.invalid/" + from_url.lstrip("/"), link)).path
    path = site / target.lstrip("/")
    return path / "index.html" if target.endswith("/") else path


def address(site: Path, file: Path) -> str:
    """The site address of a built HTML file: ``cau-chuyen/index.html`` → ``cau-chuyen/``."""
    relative = file.relative_to(site).as_posix()
    return relative[: -len("index.html")] if relative.endswith("index.html") else relative


def internal_links(site: Path, site_url: str):
    """Every (page address, tag, attribute, link, file it leads to) for links that stay in the site."""
    for file in sorted(site.rglob("*.html")):
        here = address(site, file)
        for element in parse(file.read_text(encoding="utf-8")).iter():
            for name in ("href", "src"):
                link = element.attrs.get(name)
                if not link or link.startswith(("#", "mailto:", "tel:", "data:")):
                    continue
                local = "/" + link[len(site_url):] if link.startswith(site_url) else link
                target = resolve(site, here, local)
                if target is not None:
                    yield here, element.tag, name, link, target
