"""One build of the column, engine-independent: stories in, pages and files out."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from . import dates, urls
from .reading import story_cache
from .reading.collection import Collection, load_collection
from .media.cache import CACHE_FOLDER, PhotoCache
from .media.images import PhotoOwner, PhotoStats, PublishedPhoto, Rendition, publish_all
from .editor.site import FOLDER as EDITOR_FOLDER
from .rendering import edition, memo, search
from .rendering.context import Context, Page
from .rendering.leftovers import Pruned, prune_caches
from .reading.activities import photo_folder as activity_photo_folder
from .rendering.pages import render_pages
from .rendering.video import page_body, print_body
from .reading.plan import Plan
from .problems import Problem
from .media.pagecard import page_cards, prune_page_cards
from .media.poster import PosterRun, video_posters
from .media.sharecard import CardRun, share_cards
from .rendering.preview import page_card_path, page_card_texts
from .reading.model import Story
from .counting.tally import Tally, count_targets

CARD_CACHE = ".cache/share-cards"
PAGE_CACHE = ".cache/pages.json"  # story and list pages rendered, by what they show (rendering.memo)
STORY_CACHE = ".cache/stories.pickle"  # stories read, by file content, plan and code (reading.story_cache)
PAGE_CARD_CACHE = ".cache/page-cards"
POSTER_CACHE = ".cache/video-posters"


@dataclass(frozen=True)
class Summary:
    published: int
    drafts: int
    future: int
    rejected: int
    hidden: int = 0

    def __str__(self) -> str:
        hidden = f" ({self.hidden} chỉ được tính vào thống kê: không đồng ý đăng web hoặc đã rút lại)" if self.hidden else ""
        return (f"{self.published} truyện đã đăng{hidden}, {self.drafts} bản nháp và {self.future} bài hẹn đăng chưa đăng, "
                f"{self.rejected} tệp bị bỏ qua vì lỗi")


@dataclass(frozen=True)
class Build:
    collection: Collection
    tally: Tally
    pages: tuple[Page, ...]
    files: tuple[Rendition, ...]
    problems: tuple[Problem, ...]
    summary: Summary
    cards: CardRun = CardRun({}, 0, 0)  # by story source, and by page path for the pages that are not stories
    photo_stats: PhotoStats = PhotoStats()
    documents: tuple[tuple[str, bytes], ...] = ()  # served as they are: the bulletin's pages, its fonts
    pruned: Pruned = Pruned()
    posters: PosterRun = PosterRun()  # the video blocks' posters


@dataclass(frozen=True)
class SiteFile:
    """A file the column adds to the site's source, relative to the docs folder: a page (Markdown
    text) or a file served as it is (bytes). ``in_nav`` pages are listed in the navigation."""

    path: str
    content: str | bytes
    in_nav: bool = False
    meta: dict | None = None  # a page's front matter, already read (``Page.meta``)


def forget_last_build() -> None:
    """Drop what this process keeps in memory between builds (`mkdocs serve` keeps the stories read,
    the pages rendered and the search copies): the next build works as a new process would, from the
    caches on disk only."""
    story_cache.forget()
    memo.forget()
    search.forget()


def site_files(build: Build, plan: Plan) -> tuple[SiteFile, ...]:
    """Everything the column adds to the hand-written pages, in a stable order: the one list that
    the MkDocs plugin hands to MkDocs and ``nttv generate`` writes for an engine that runs no plugin."""
    pages = tuple(SiteFile(page.path, page.text, page.in_nav, page.meta) for page in build.pages)
    photos = tuple(SiteFile(rendition.path, rendition.data) for rendition in build.files)
    cards = tuple(SiteFile(card.path, card.data) for card in build.cards.cards.values())
    documents = tuple(SiteFile(path, data) for path, data in build.documents)
    posters = tuple(SiteFile(path, data) for path, data in build.posters.files)
    return pages + photos + cards + documents + posters


# An activity's photos are published under its page's folder, like a story's.
ACTIVITY_PHOTOS = PhotoOwner(lambda activity: activity.url, lambda activity: activity.url.rstrip("/"),
                             lambda activity, photo: f"activities[{activity.index}].photos[{photo.index}].src")


def data_files(plan_path: Path, plan: Plan) -> tuple[Path, ...]:
    """Files that may sit in the docs folder but are the generator's data, never part of the site:
    the plan, the unit register and the register of activities it names, and the activities' photos
    as taken (the site gets them only through the photo pipeline, without their metadata)."""
    files = [plan_path, *(path for path in (plan.register, plan.activities) if path is not None)]
    folder = activity_photo_folder(plan)
    if folder is not None and folder.is_dir():
        files += sorted(path for path in folder.rglob("*") if path.is_file())
    return tuple(files)


def theme_extra(plan: Plan, build: Build | None = None, today: dt.date | None = None) -> dict:
    """What the theme's templates read from ``extra.nttv`` of the configuration: the organisation
    of ``today`` (header mark, footer), the site's frame speaking as the body of the build day, and,
    once built, the addresses of the standalone pages the engine does not know as pages (the
    bulletin's quarters), for the sitemap."""
    organisation = plan.organisation_on(today or dates.today())
    extra: dict = {"organisation": {key: value.isoformat() if isinstance(value, dt.date) else value
                                    for key, value in dataclasses.asdict(organisation).items()}}
    if build is not None:
        extra["sitemap"] = [plan.site_url + path.removesuffix("index.html") for path, _ in build.documents
                            if path.endswith("index.html")]
    return extra


ROBOTS = "robots.txt"


def robots_txt(plan: Plan) -> bytes:
    """The crawlers' file: everything may be read but the web editor, and where the sitemap is."""
    return (f"User-agent: *\nDisallow: /{EDITOR_FOLDER}/\nSitemap: {plan.site_url}sitemap.xml\n").encode("utf-8")


def build_site(root: Path, plan: Plan, stories_dir: Path, today: dt.date, preview: bool = False,
               cache_dir: Path | None = None) -> Build:
    """Read, check, count and render. ``preview`` also shows drafts and future stories (never counted).

    Processed photos are kept in ``cache_dir`` (default ``<root>/.cache/photos``) between builds.
    """
    cache = PhotoCache(cache_dir if cache_dir is not None else root / CACHE_FOLDER)
    collection = load_collection(root, plan, stories_dir, cache=root / STORY_CACHE)
    shown = collection.visible(today, include_unpublished=preview)
    problems = list(collection.problems)
    # What the sanitiser removed was reported when the story was checked (story.read_story).
    bodies = Bodies({story.source: story for story in shown}, page_body)
    photos: dict[str, tuple[PublishedPhoto, ...]] = {}
    published = publish_all(shown, cache)
    for story in shown:
        photos[story.source], photo_problems = published[story.source]
        problems.extend(photo_problems)
    # A public activity gets its page once its day has come (a preview shows the ones ahead too).
    activities = tuple(a for a in collection.activities.public() if a.date <= today or preview)
    for activity, (published_photos, photo_problems) in zip(activities, publish_all(activities, cache, ACTIVITY_PHOTOS).values()):
        photos[activity.url] = published_photos
        problems.extend(photo_problems)
    tally = count_targets(plan, collection.stories, today, collection.register, collection.activities)
    cards = share_cards(shown, plan, root / CARD_CACHE,
                        {source: tuple(p.photo for p in published_photos) for source, published_photos in photos.items()})
    cards = _with_page_cards(cards, page_cards({page: (page_card_path(page), text) for page, text
                                                in page_card_texts(plan, tally, shown, today).items()}, root / PAGE_CARD_CACHE))
    context = Context(plan, shown, tally, today, bodies, photos, cards.cards, preview, collection.stories,
                      collection.register, collection.activities, activities)
    posters = video_posters(shown, root / POSTER_CACHE)
    files = tuple(r for story_photos in photos.values() for p in story_photos for r in p.files)
    summary = Summary(
        published=collection.count("published", today),
        drafts=collection.count("draft", today),
        future=collection.count("future", today),
        rejected=len(collection.rejected),
        hidden=sum(1 for s in collection.stories if s.status(today) == "published" and not s.on_website(today)),
    )
    bulletin_index, documents = _editions(context)
    documents += ((ROBOTS, robots_txt(plan)),)
    # A preview's pages (drafts, editors' hints) are of no use to a build: they stay in the process only.
    pages = tuple(render_pages(context, None if preview else root / PAGE_CACHE)) + (bulletin_index,)
    # After the cards and photos were made: this build's own entries are never the ones removed.
    pruned = prune_caches(collection, plan, today, cache, root / CARD_CACHE, cards.used)
    pruned = dataclasses.replace(pruned, cards=pruned.cards + prune_page_cards(root / PAGE_CARD_CACHE, cards.used)
                                 + prune_page_cards(root / POSTER_CACHE, posters.used))
    return Build(collection, tally, pages, files, tuple(sorted(problems)),
                 summary, cards, PhotoStats(cache.made, cache.reused, _rejected_photos(problems, shown)), documents, pruned,
                 posters)


class Bodies(Mapping[str, str]):
    """Each shown story's body as safe HTML (by ``render``: the page's or the bulletin's), by source,
    rendered when a page first asks for it: a page taken from the page cache needs none."""

    def __init__(self, stories: dict[str, Story], render: Callable[[Story], str]):
        self.stories = stories
        self.render = render
        self.made: dict[str, str] = {}

    def __getitem__(self, source: str) -> str:
        if source not in self.made:
            self.made[source] = self.render(self.stories[source])
        return self.made[source]

    def __iter__(self):
        return iter(self.stories)

    def __len__(self) -> int:
        return len(self.stories)


def _with_page_cards(stories: CardRun, pages: CardRun) -> CardRun:
    """One run of cards: the stories' and the other pages' (their keys never meet: a story's source
    is under stories/, a page's path is not)."""
    return CardRun({**stories.cards, **pages.cards}, stories.made + pages.made, stories.reused + pages.reused,
                   stories.used | pages.used)


def _editions(context: Context) -> tuple[Page, tuple[tuple[str, bytes], ...]]:
    """The bulletin's index page, and a standalone page per quarter with stories both on the site and in print."""
    printed = Bodies({story.source: story for story in context.stories}, print_body)
    editions = [edition.Edition(context.plan, period, edition.edition_stories(context.stories, period, context.today),
                                printed, context.photos)
                for period in edition.site_periods(context.stories, context.today)]
    index = edition.render_index(context.plan, [e.period for e in editions], {e.period: len(e.stories) for e in editions},
                                 context.today)
    documents = tuple((edition.page_path(e.period), edition.render_edition(e).encode("utf-8")) for e in editions)
    return Page(edition.INDEX, index, in_nav=True), documents + (edition.font_files() if editions else ())


def _rejected_photos(problems: list[Problem], shown: tuple[Story, ...]) -> int:
    """Photos of shown stories left out by an error, each counted once however many errors it has."""
    sources = {story.source for story in shown}
    return len({(p.path, p.field.split("]", 1)[0]) for p in problems
                if p.is_error and p.path in sources and p.field.startswith("photos[")})
