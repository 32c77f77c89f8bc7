"""Every generated page as a ``(path, Markdown)`` pair that any Markdown site engine can build.

Front-matter text reaches these pages only through ``markup.escape`` or ``markup.md_text``.
"""

from __future__ import annotations

import json
import re
from typing import Sequence

from .. import urls
from ..dates import long_date, short_date
from ..media.images import PublishedPhoto, Rendition
from ..markup import escape, md_text
from ..reading.plan import Chapter
from .layout import page_text
from .preview import front_matter
from .sharekit import share_box
from ..reading.story import Story
from .context import Context, Page
from .tally_pages import chapter_year_table, render_tally_page

PAGE_SIZE = 20
# How wide a photo is drawn, for the browser to pick a file: the story column of the theme on a
# wide screen, the whole screen on a phone; a card's cover is a fixed column beside the text.
STORY_PHOTO_SIZES = "(min-width: 60em) 740px, 100vw"
CARD_COVER_SIZES = "(min-width: 45em) 264px, 100vw"


def render_pages(context: Context) -> list[Page]:
    """All generated pages, in a stable order."""
    pages: list[Page] = []
    stories = context.stories
    pages += paginate(context, urls.COLUMN, "Câu chuyện", stories, _column_intro(context), in_nav=True)
    for kind_id, folder in urls.KIND_FOLDERS.items():
        kind = context.plan.kinds[kind_id]
        chosen = tuple(s for s in stories if s.kind == kind_id)
        pages += paginate(context, f"{folder}/index.md", f"Gương “{kind.label}”", chosen)
    for year in sorted({s.year for s in stories}, reverse=True):
        chosen = tuple(s for s in stories if s.year == year)
        pages += paginate(context, urls.year_page(year), f"Câu chuyện năm {year}", chosen)
    pages += [render_story_page(context, story) for story in stories]
    pages.append(render_chapters_index(context))
    pages += [render_chapter_page(context, chapter) for chapter in context.plan.chapters]
    pages.append(render_tally_page(context))
    return pages


# The column and its lists.

def paginate(context: Context, first: str, title: str, stories: Sequence[Story], intro: str = "", in_nav: bool = False) -> list[Page]:
    """A list of story cards, PAGE_SIZE a page: ``x/index.md``, then ``x/trang-2.md`` and on."""
    count = max(1, -(-len(stories) // PAGE_SIZE))
    paths = [urls.list_page(first, n) for n in range(1, count + 1)]
    years = sorted({s.year for s in context.stories}, reverse=True)
    pages = []
    for number, path in enumerate(paths, start=1):
        chunk = stories[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
        heading = title if number == 1 else f"{title} – trang {number}"
        text = page_text("list.html", {"title": heading}, **_common(context, path), heading=heading, intro=intro,
                         number=number, paths=paths, stories=chunk, years=years)
        pages.append(Page(path, text, in_nav=in_nav and number == 1))
    return pages


def _common(context: Context, here: str) -> dict:
    """What every template may read: the page's own path, the plan, today, the photos."""
    return dict(here=here, plan=context.plan, today=context.today, photos=context.photos,
                chapter_name=context.chapter_name, card_cover_sizes=CARD_COVER_SIZES)


def _column_intro(context: Context) -> str:
    return (f"Những tấm gương “Người tốt, việc thiện” và “Cộng đồng nhân ái” do các chi hội giới thiệu "
            f"({len(context.stories)} câu chuyện), mới nhất trước.")


def _state_badge(context: Context, story: Story) -> str:
    status = story.status(context.today)
    if status == "draft":
        return ' <span class="nttv-state">Bản nháp</span>'
    if status == "future":
        return f' <span class="nttv-state">Hẹn đăng {short_date(story.date)}</span>'
    return ""


# One story.

def render_story_page(context: Context, story: Story) -> Page:
    here = story.page_path
    plan = context.plan
    kind = plan.kinds[story.kind]
    person = escape(story.person.name) + (f", {escape(story.person.role)}" if story.person.role else "")
    facts = [("Nhân vật", person),
             ("Chi hội", f'<a href="{urls.href(here, urls.chapter_page(story.chapter))}">{escape(context.chapter_name(story.chapter))}</a>')]
    if story.unit:
        unit_type = f" ({escape(plan.label('unit_type', story.unit_type))})" if story.unit_type else ""
        facts.append(("Đơn vị", escape(story.unit) + unit_type))
    facts.append(("Ngày đăng", f'<time datetime="{story.date.isoformat()}">{long_date(story.date)}</time>'))
    if story.updated:
        facts.append(("Cập nhật", f'<time datetime="{story.updated.isoformat()}">{long_date(story.updated)}</time>'))
    if story.support:
        facts.append(("Hình thức hỗ trợ", ", ".join(escape(plan.label("support", s)) for s in story.support)))
    badges = "".join(
        f'<li class="nttv-badge" title="{escape(c.label)}">{escape(c.short)}</li>'
        for c in kind.criteria if c.id in story.criteria)
    missing = story.missing_criteria(plan)
    card = context.cards.get(story.source)
    lines = [
        "---",
        # JSON quoting is valid YAML: a backslash in the deed cannot break the page's front matter.
        f"description: {json.dumps(escape(story.deed), ensure_ascii=False)}",
        front_matter(story, plan, card) if card else None,
        "---",
        "",
        f"# {md_text(story.title)}",
        "",
        f'<div class="nttv-story-head"><p class="nttv-kind nttv-kind--{story.kind}">{escape(kind.label)}{_state_badge(context, story)}</p>',
        '<dl class="nttv-facts">' + "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in facts) + "</dl>",
        f'<p class="nttv-deed"><strong>Việc làm:</strong> {escape(story.deed)}</p>',
        f'<ul class="nttv-badges" aria-label="Tiêu chí đạt được">{badges}</ul>' if badges else "",
        (f'<p class="nttv-missing">Chưa đủ tiêu chí: {", ".join(escape(plan.kinds[story.kind].criteria[plan.kinds[story.kind].criterion_ids.index(m)].short) for m in missing)}</p>'
         if missing else ""),
        "</div>",
        "",
    ]
    if story.anonymised:
        lines += ['<p class="nttv-note">Tên nhân vật đã được thay đổi.</p>', ""]
    photos = context.photos.get(story.source, ())
    if photos:
        lines += [_figure(here, photos[0], eager=True), ""]
    lines += [f'<div class="nttv-body">\n{under_title(context.bodies.get(story.source, ""))}\n</div>', ""]
    for published in photos[1:]:
        lines += [_figure(here, published), ""]
    lines += [share_box(here, story, plan, card, context.today), ""]
    return Page(here, "\n".join(line for line in lines if line is not None) + "\n")


_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b")


def under_title(body: str) -> str:
    """The body's headings renumbered to sit under the page's one h1: its highest level becomes h2,
    and no heading is more than one level below the one before it (``###`` alone becomes h2).

    Screen readers list a page by its headings; a skipped or second h1 breaks that outline.
    """
    levels = sorted({int(m.group(2)) for m in _HEADING_TAG.finditer(body) if not m.group(1)})
    rank = {level: min(index + 2, 6) for index, level in enumerate(levels)}
    parts, position, level = [], 0, 1
    for match in _HEADING_TAG.finditer(body):
        # Headings never nest: a closing tag closes the last one opened.
        if not match.group(1):
            level = min(rank[int(match.group(2))], level + 1)
        parts += [body[position:match.start()], f"<{match.group(1)}h{level}"]
        position = match.end()
    return "".join(parts) + body[position:]


def _figure(here: str, published: PublishedPhoto, eager: bool = False) -> str:
    caption = f"<figcaption>{escape(published.photo.caption)}</figcaption>" if published.photo.caption else ""
    image = picture(here, published, published.photo.alt, STORY_PHOTO_SIZES, eager)
    return f'<figure class="nttv-photo">{image}{caption}</figure>'


def picture(here: str, published: PublishedPhoto, alt: str, sizes: str, eager: bool = False) -> str:
    """A photo the browser fetches at the width it needs: WebP where it was kept, JPEG for every browser.

    Width and height keep the layout still while it loads; only a photo at the top of a page
    (``eager``) is fetched at once, the others when the reader scrolls near them.
    """
    image = published.largest
    loading = 'fetchpriority="high"' if eager else 'loading="lazy"'
    img = (f'<img src="{urls.href(here, image.path)}" srcset="{_srcset(here, published.renditions)}" sizes="{sizes}" '
           f'alt="{escape(alt)}" width="{image.width}" height="{image.height}" {loading} decoding="async">')
    if not published.webp:
        return img
    return (f'<picture><source type="image/webp" srcset="{_srcset(here, published.webp)}" sizes="{sizes}">'
            f"{img}</picture>")


def _srcset(here: str, renditions: tuple[Rendition, ...]) -> str:
    return ", ".join(f"{urls.href(here, r.path)} {r.width}w" for r in renditions)


# Chapters.

def render_chapters_index(context: Context) -> Page:
    here = urls.CHAPTERS
    counts: dict[str, int] = {}
    for story in context.stories:
        counts[story.chapter] = counts.get(story.chapter, 0) + 1
    current = [c for c in context.plan.chapters if c.is_active(context.today)]
    former = [c for c in context.plan.chapters if not c.is_active(context.today)]
    lines = ["# Các chi hội", "",
             "Mỗi chi hội có trang riêng: các câu chuyện đã đăng và kết quả so với chỉ tiêu từng năm.", ""]
    for heading, chapters in (("Đang hoạt động", current), ("Đã dừng hoạt động", former)):
        if not chapters:
            continue
        lines += [f"## {heading}", "", '<table class="nttv-table"><thead><tr><th scope="col">Chi hội</th>'
                  '<th scope="col">Cấp</th><th scope="col">Thời gian hoạt động</th><th scope="col" class="nttv-num">Câu chuyện</th></tr></thead><tbody>']
        for chapter in chapters:
            lines.append(
                f'<tr><td><a href="{urls.href(here, urls.chapter_page(chapter.id))}">{escape(chapter.name)}</a></td>'
                f"<td>{escape(context.plan.label('chapter_level', chapter.level))}</td><td>{_active_span(chapter)}</td>"
                f'<td class="nttv-num">{counts.get(chapter.id, 0)}</td></tr>')
        lines += ["</tbody></table>", ""]
    return Page(here, "\n".join(lines), in_nav=True)


def _active_span(chapter: Chapter) -> str:
    until = f"đến {short_date(chapter.active_until)}" if chapter.active_until else "nay"
    return f"Từ {short_date(chapter.active_from)} {until}"


def render_chapter_page(context: Context, chapter: Chapter) -> Page:
    here = urls.chapter_page(chapter.id)
    plan = context.plan
    lines = [f"# {md_text(chapter.name)}", "",
             f'<p class="nttv-chapter-meta">{escape(plan.label("chapter_level", chapter.level))} · {_active_span(chapter)}</p>']
    if chapter.active_until:
        reason = f" ({escape(chapter.end_note)})" if chapter.end_note else ""
        heirs = ", ".join(f'<a href="{urls.href(here, urls.chapter_page(s))}">{escape(context.chapter_name(s))}</a>' for s in chapter.successors)
        then = f"; công việc được tiếp nhận bởi {heirs}" if heirs else ""
        lines.append(f'<p class="nttv-note">Chi hội dừng hoạt động sau ngày {short_date(chapter.active_until)}{reason}{then}. '
                     "Các câu chuyện trước đó vẫn thuộc chi hội này.</p>")
    lines += ["", "## Kết quả theo năm", "", chapter_year_table(context, here, chapter.id), ""]
    own = [s for s in context.stories if s.chapter == chapter.id]
    lines += [f"## Câu chuyện ({len(own)})", ""]
    if not own:
        lines.append("Chi hội chưa có câu chuyện nào được đăng.")
    for year in sorted({s.year for s in own}, reverse=True):
        lines += [f"### Năm {year}", "", '<ul class="nttv-list">']
        lines += [f'<li><a href="{urls.href(here, s.page_path)}">{escape(s.title)}</a> – {escape(s.person.name)}, '
                  f'<time datetime="{s.date.isoformat()}">{short_date(s.date)}</time>{_state_badge(context, s)}</li>'
                  for s in own if s.year == year]
        lines += ["</ul>", ""]
    return Page(here, "\n".join(lines) + "\n")
