"""Every generated page as a ``(path, text)`` pair that any Markdown site engine can build.

Python gathers each page's data; its layout is a template under ``templates/`` (``layout``), where
every value is escaped unless the template says otherwise.
"""

from __future__ import annotations

import dataclasses
import heapq
import re
from typing import Sequence

from .. import urls
from ..cache import Store
from ..dates import short_date
from ..reading.plan import Chapter
from .feeds import chapter_feed, render_feeds
from .layout import page_text, safe, with_front_matter
from .memo import PageMemo, card_key, photos_key
from .preview import chapter_history_line, link_preview, page_preview
from .sharekit import share_box
from ..reading.model import Story
from .context import Context, Page
from .activity_pages import chapter_activities, render_activity_pages
from .tally_pages import chapter_charts, chapter_year_table, render_tally_pages

PAGE_SIZE = 20
# How wide a photo is drawn, for the browser to pick a file: the story column of the theme on a
# wide screen, the whole screen on a phone; a card's cover is a fixed column beside the text.
STORY_PHOTO_SIZES = "(min-width: 45em) 720px, 100vw"
# A card's 16:9 thumbnail is a column of the grid (about 400 px wide on a wide screen); the lead
# story's picture is the width of the page's text on a phone, about two thirds of it on a wide screen.
CARD_COVER_SIZES = "(min-width: 76.25em) 380px, (min-width: 45em) 45vw, 100vw"
LEAD_COVER_SIZES = "(min-width: 76.25em) 720px, (min-width: 45em) 60vw, 100vw"


def render_pages(context: Context, cache: Store | None = None, keep: bool = True) -> list[Page]:
    """All generated pages, in a stable order. Story pages and list pages whose inputs are the ones
    of the last build kept in ``cache`` (the page store: in this process, or on disk) are not
    rendered again; ``keep`` keeps this build's on disk too, not only in the process."""
    memo = PageMemo(cache, repr((context.plan, context.today, context.preview)), keep)
    pages: list[Page] = [render_home_page(context)]
    stories = context.stories
    pages += paginate(context, urls.COLUMN, "Câu chuyện", stories, _column_intro(context), in_nav=True, memo=memo)
    for kind_id, folder in urls.KIND_FOLDERS.items():
        kind = context.plan.kinds[kind_id]
        chosen = tuple(s for s in stories if s.kind == kind_id)
        pages += paginate(context, f"{folder}/index.md", f"Gương “{kind.label}”", chosen, memo=memo)
    for year in sorted({s.year for s in stories}, reverse=True):
        chosen = tuple(s for s in stories if s.year == year)
        pages += paginate(context, urls.year_page(year), f"Câu chuyện năm {year}", chosen, memo=memo)
    for kind in context.plan.kinds.values():
        for criterion in kind.criteria:
            chosen = tuple(s for s in stories if s.kind == kind.id and criterion.id in s.criteria)
            pages += paginate(context, urls.criterion_page(criterion.id), f"Tiêu chí “{criterion.short}”", chosen, criterion.label,
                              memo=memo)
    related = RelatedIndex(stories)
    pages += [render_story_page(context, story, stories[i - 1] if i else None, stories[i + 1] if i + 1 < len(stories) else None,
                                related, memo)
              for i, story in enumerate(stories)]
    memo.save()
    pages.append(render_chapters_index(context))
    pages += [render_chapter_page(context, chapter) for chapter in context.plan.chapters]
    pages += [unsearched(_tally_preview(context, page)) for page in render_tally_pages(context)]
    pages += render_activity_pages(context)
    pages += render_feeds(context)
    return pages


HOME = "index.md"
NEWEST_ON_HOME = 7  # the lead story and two rows of three cards


def render_home_page(context: Context) -> Page:
    counts: dict[str, int] = {}
    for story in context.stories:
        counts[story.chapter] = counts.get(story.chapter, 0) + 1
    meta = {"title": context.plan.name, "description": context.plan.intro or context.plan.name, "search": False}
    meta |= previewed(context, HOME, meta["title"], meta["description"])
    first, rest = home_stories(context)
    text = page_text("home.html", meta, **_common(context, HOME), lead=first, newest=rest,
                     count=len(context.stories), counts=counts, active=context.plan.chapters_active_on(context.today),
                     figures=[row for row in context.tally.rows if row.target.per == "period"],
                     activities=context.activities[:NEWEST_ACTIVITIES_ON_HOME], kinds=_activity_kinds(context),
                     keeps_activities=context.plan.activities is not None)
    return Page(HOME, text, in_nav=True)


NEWEST_ACTIVITIES_ON_HOME = 3


def _activity_kinds(context: Context) -> dict[str, str]:
    return {kind.id: kind.label for kind in context.plan.activity_kinds}


def home_stories(context: Context) -> tuple[Story | None, tuple[Story, ...]]:
    """The home page's lead story and the cards after it: the stories featured today (newest first,
    at most the plan's ``featured_max``), then the newest others, NEWEST_ON_HOME in all."""
    published = [s for s in context.stories if s.status(context.today) == "published"]
    featured = [s for s in published if s.featured_on(context.today)][:context.plan.featured_max]
    chosen = featured + [s for s in context.stories if s not in featured][:NEWEST_ON_HOME - len(featured)]
    return (chosen[0], tuple(chosen[1:])) if chosen else (None, ())


# The column and its lists.

def paginate(context: Context, first: str, title: str, stories: Sequence[Story], intro: str = "", in_nav: bool = False,
             memo: PageMemo | None = None) -> list[Page]:
    """A list of story cards, PAGE_SIZE a page: ``x/index.md``, then ``x/trang-2.md`` and on."""
    memo = memo or PageMemo(None, repr((context.plan, context.today, context.preview)))
    count = max(1, -(-len(stories) // PAGE_SIZE))
    paths = [urls.list_page(first, n) for n in range(1, count + 1)]
    years = sorted({s.year for s in context.stories}, reverse=True)
    pages = []
    for number, path in enumerate(paths, start=1):
        chunk = stories[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
        heading = title if number == 1 else f"{title} – trang {number}"
        meta = {"title": heading, "description": intro or _column_intro(context), "search": False}
        meta |= previewed(context, urls.COLUMN, heading, meta["description"], path)
        parts = ("list", path, meta, heading, intro, number, paths, chunk, years,
                 tuple(photos_key(context.photos.get(s.source, ())) for s in chunk))
        pages.append(memo.page(path, parts, lambda: page_text("list.html", meta, **_common(context, path), heading=heading,
                                                              intro=intro, number=number, paths=paths, stories=chunk,
                                                              years=years),
                               in_nav=in_nav and number == 1))
    return pages


def unsearched(page: Page) -> Page:
    """The page marked to stay out of the search index (``search: false`` in its front matter): a
    page that lists many stories would come before the stories themselves."""
    return dataclasses.replace(page, text=with_front_matter(page.text, {"search": False}))


def previewed(context: Context, card_page: str, title: str, description: str, here: str | None = None) -> dict:
    """The ``share`` front matter of the page ``here`` (default ``card_page``), showing the card of
    ``card_page``; nothing when that page has no card."""
    card = context.cards.get(card_page)
    if card is None:
        return {}
    return {"share": page_preview(here or card_page, title, description, context.plan, card)}


_TALLY_TITLE = re.compile(r"^# (.+)$", re.MULTILINE)


def _tally_preview(context: Context, page: Page) -> Page:
    """A tally page with its title, its description and the card of its year (or of the period)."""
    parts = page.path.split("/")
    card_page = urls.tally_year(int(parts[1])) if len(parts) > 2 and parts[1].isdigit() else urls.TALLY
    card = context.cards.get(card_page)
    heading = _TALLY_TITLE.search(page.text)
    title = heading.group(1).strip() if heading else context.plan.name
    description = card.alt if card else context.plan.name
    meta = {"title": title, "description": description} | previewed(context, card_page, title, description, page.path)
    return dataclasses.replace(page, text=with_front_matter(page.text, meta))


def _common(context: Context, here: str) -> dict:
    """What every template may read: the page's own path, the plan, today, the photos."""
    return dict(here=here, plan=context.plan, today=context.today, photos=context.photos,
                chapter_name=context.chapter_name, card_cover_sizes=CARD_COVER_SIZES, lead_cover_sizes=LEAD_COVER_SIZES, story_photo_sizes=STORY_PHOTO_SIZES)


def _column_intro(context: Context) -> str:
    return (f"Những tấm gương “Người tốt, việc thiện” và “Cộng đồng nhân ái” do các cấp Hội giới thiệu "
            f"({len(context.stories)} câu chuyện), mới nhất trước.")


# One story.

RELATED = 3


def render_story_page(context: Context, story: Story, newer: Story | None = None, older: Story | None = None,
                      related: RelatedIndex | None = None, memo: PageMemo | None = None) -> Page:
    """The story's page; ``newer`` and ``older`` are its neighbours in the column."""
    others = tuple((related or RelatedIndex(context.stories)).related(story))
    if memo is None:
        return _story_page(context, story, newer, older, others)
    shown = (story, *others)
    parts = ("story", story, newer, older, others, tuple(photos_key(context.photos.get(s.source, ())) for s in shown),
             card_key(context.cards.get(story.source)))  # the body is the story's text, rendered by this code
    return memo.page(story.page_path, parts, lambda: _story_page(context, story, newer, older, others).text)


def _story_page(context: Context, story: Story, newer: Story | None, older: Story | None, related: tuple[Story, ...]) -> Page:
    here = story.page_path
    plan = context.plan
    kind = plan.kinds[story.kind]
    card = context.cards.get(story.source)
    meta: dict = {"title": story.title, "description": story.deed,
                  "lastmod": (story.updated or story.date).isoformat()}
    if card:
        meta["share"] = link_preview(story, plan, card)
    body, contents = with_contents(under_title(context.bodies.get(story.source, "")))
    text = page_text(
        "story.html", meta, **_common(context, here), story=story, lead=story.excerpt or story.deed,
        photos_of_story=context.photos.get(story.source, ()), body=safe(body),
        contents=[(anchor, safe(words)) for anchor, words in contents],
        met=[c for c in kind.criteria if c.id in story.criteria],
        # What a story lacks is for its editors (the preview) or a column that shows shortfalls.
        missing=[c for c in kind.criteria if c.id in story.missing_criteria(plan)] if context.preview or plan.public_shortfalls else [],
        share=safe(share_box(here, story, plan, card, context.today, preview=context.preview)),
        related=list(related), newer=newer, older=older)
    return Page(here, text)


def related_stories(stories: Sequence[Story], story: Story, count: int = RELATED) -> list[Story]:
    """Up to ``count`` other stories: the same chapter first, then the most forms of support in
    common, then the same kind; newest first among equals, then by file."""
    return RelatedIndex(stories).related(story, count)


class RelatedIndex:
    """``related_stories`` for every story of a column without comparing each story with all others.

    Stories are grouped by chapter, forms of support and kind, each group newest first: every member
    of a group is equally close to a given story but for its date, so the closest stories are the
    first ones of the closest groups. Groups are few (forms of support and kinds are the plan's), so
    one story costs about the number of groups, not the number of stories.
    """

    def __init__(self, stories: Sequence[Story]):
        def newest(items: list[Story]) -> list[Story]:
            return sorted(items, key=lambda s: (-s.date.toordinal(), s.source))
        mine: dict[tuple[str, frozenset[str], str], list[Story]] = {}
        every: dict[tuple[frozenset[str], str], list[Story]] = {}
        for other in stories:
            support = frozenset(other.support)
            mine.setdefault((other.chapter, support, other.kind), []).append(other)
            every.setdefault((support, other.kind), []).append(other)
        self.in_chapter: dict[str, list[tuple[frozenset[str], str, list[Story]]]] = {}
        for (chapter, support, kind), items in mine.items():
            self.in_chapter.setdefault(chapter, []).append((support, kind, newest(items)))
        self.everywhere = [(support, kind, newest(items)) for (support, kind), items in every.items()]

    def related(self, story: Story, count: int = RELATED) -> list[Story]:
        own = frozenset(story.support)
        found = self._closest(story, self.in_chapter.get(story.chapter, []), own, count, same_chapter=True)
        if len(found) < count:
            found += self._closest(story, self.everywhere, own, count - len(found), same_chapter=False)
        return found

    @staticmethod
    def _closest(story: Story, groups, own: frozenset[str], count: int, same_chapter: bool) -> list[Story]:
        ranked: dict[tuple[int, bool], list[list[Story]]] = {}
        for support, kind, items in groups:
            ranked.setdefault((-len(support & own), kind != story.kind), []).append(items)
        found: list[Story] = []
        for key in sorted(ranked):
            merged = heapq.merge(*ranked[key], key=lambda s: (-s.date.toordinal(), s.source))
            for other in merged:
                if other.source == story.source or (not same_chapter and other.chapter == story.chapter):
                    continue
                found.append(other)
                if len(found) == count:
                    return found
        return found


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


CONTENTS_MIN = 3
_SECTION = re.compile(r"<h2>(.*?)</h2>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def with_contents(body: str) -> tuple[str, list[tuple[str, str]]]:
    """The body with an anchor on each section heading (h2, after ``under_title``), and the list of
    sections (anchor, words) when there are CONTENTS_MIN or more: a long story's short contents."""
    sections = [match.group(1) for match in _SECTION.finditer(body)]
    if len(sections) < CONTENTS_MIN:
        return body, []
    counter = iter(range(1, len(sections) + 1))
    anchored = _SECTION.sub(lambda match: f'<h2 id="muc-{next(counter)}">{match.group(1)}</h2>', body)
    # The words are already escaped HTML: tags out, entities kept for the template to mark safe.
    return anchored, [(f"muc-{index}", _TAG.sub("", words).strip()) for index, words in enumerate(sections, start=1)]


# Chapters.

def render_chapters_index(context: Context) -> Page:
    here = urls.CHAPTERS
    counts: dict[str, int] = {}
    for story in context.stories:
        counts[story.chapter] = counts.get(story.chapter, 0) + 1
    chapters = context.plan.chapters
    groups = [("Đang hoạt động", [c for c in chapters if c.is_active(context.today)]),
              ("Đã dừng hoạt động", [c for c in chapters if not c.is_active(context.today)])]
    meta = {"title": "Các cấp Hội", "description": f"Các cấp Hội của {context.plan.organisation_on(context.today).name} trong phong trào “{context.plan.name}”",
            "search": False}
    meta |= previewed(context, here, meta["title"], meta["description"])
    text = page_text("chapters.html", meta, **_common(context, here), groups=groups,
                     counts=counts, spans={c.id: _short_span(c) for c in chapters})
    return Page(here, text, in_nav=True)


def _active_span(chapter: Chapter) -> str:
    until = f"đến {short_date(chapter.active_until)}" if chapter.active_until else "đến nay"
    return f"Từ {short_date(chapter.active_from)} {until}"


def _short_span(chapter: Chapter) -> str:
    return f"{short_date(chapter.active_from)}–{short_date(chapter.active_until) if chapter.active_until else 'nay'}"


def render_chapter_page(context: Context, chapter: Chapter) -> Page:
    here = urls.chapter_page(chapter.id)
    own = context.stories_by_chapter.get(chapter.id, ())
    feed = chapter_feed(chapter.id)
    meta = {"title": chapter.name, "feed": {"path": feed, "title": f"Câu chuyện mới – {chapter.name}"}}
    card = context.cards.get(here)
    if card is not None:
        meta |= {"description": card.alt} | previewed(context, here, chapter.name, card.alt)
    former = not chapter.is_active(context.today) and not context.plan.public_shortfalls
    history = chapter_history_line(context.plan, context.tally, chapter) if former else ""
    text = page_text("chapter.html", meta, **_common(context, here), chapter=chapter, active_span=_active_span(chapter), history=history,
                     figures=safe(chapter_charts(context, here, chapter) + chapter_year_table(context, here, chapter.id)), own=own, feed=feed,
                     activities=chapter_activities(context, chapter.id), kinds=_activity_kinds(context),
                     years=sorted({s.year for s in own}, reverse=True))
    return Page(here, text)
