"""One build of the column, engine-independent: stories in, pages and files out."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .cache import Caches, Store
from .reading.collection import Collection, load_collection
from .media.cache import PhotoCache
from .media.images import PhotoOwner, PhotoStats, PublishedPhoto, Rendition, publish_all
from .editor.site import FOLDER as EDITOR_FOLDER
from .rendering import edition
from .rendering.context import Context, Page
from .rendering.leftovers import Pruned, prune_caches
from .reading.activities import Activity, photo_folder as activity_photo_folder
from .rendering.pages import render_pages
from .rendering.video import page_body, print_body
from .reading.plan import Plan
from .problems import Problem
from .media.pagecard import PageCardText, page_cards
from .media.poster import PosterRun, video_posters
from .media.sharecard import CardRun, share_cards
from .rendering.preview import page_card_path, page_card_texts
from .reading.model import Story
from .counting.tally import Tally, count_targets



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
    posters: PosterRun = PosterRun()  # the video blocks' posters
    caches: Caches | None = None  # the stores this build used: ``clean_caches`` keeps what it used


@dataclass(frozen=True)
class SiteFile:
    """A file the column adds to the site's source, relative to the docs folder: a page (Markdown
    text) or a file served as it is (bytes). ``in_nav`` pages are listed in the navigation."""

    path: str
    content: str | bytes
    in_nav: bool = False
    meta: dict | None = None  # a page's front matter, already read (``Page.meta``)


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


ROBOTS = "robots.txt"


def robots_txt(plan: Plan) -> bytes:
    """The crawlers' file: everything may be read but the web editor, and where the sitemap is."""
    return (f"User-agent: *\nDisallow: /{EDITOR_FOLDER}/\nSitemap: {plan.site_url}sitemap.xml\n").encode("utf-8")


def build_site(root: Path, plan: Plan, stories_dir: Path, today: dt.date, preview: bool = False,
               caches: Caches | None = None) -> Build:
    """Read, count, make the media, render: the column's pages and files, written by nobody yet.
    ``preview`` also shows drafts and future stories (never counted).

    What the build makes is kept in ``caches`` (default: the stores under ``<root>/.cache/``, with nothing
    in memory), which whoever builds again holds between builds. Nothing is deleted here: ``clean_caches`` removes what no story needs any more, once the site is written.
    """
    caches = caches if caches is not None else Caches(root)
    caches.start()
    reading = read_column(root, plan, stories_dir, today, preview, caches.stories)
    tally, summary = count_column(plan, reading.collection, today)
    media = make_media(plan, reading, page_card_texts(plan, tally, reading.shown, today), caches)
    context = Context(plan, reading.shown, tally, today, Bodies({story.source: story for story in reading.shown}, page_body),
                      media.photos, media.cards.cards, preview, reading.collection.stories, reading.collection.register,
                      reading.collection.activities, reading.activities)
    pages, documents = render_column(context, caches.pages, keep=not preview)
    problems = reading.collection.problems + media.problems
    files = tuple(r for story_photos in media.photos.values() for p in story_photos for r in p.files)
    stats = dataclasses.replace(media.photo_stats, rejected=_rejected_photos(problems, reading.shown))
    return Build(reading.collection, tally, pages, files, tuple(sorted(problems)), summary, media.cards, stats, documents,
                 media.posters, caches)


@dataclass(frozen=True)
class Reading:
    """The read phase's output: every story and activity read, and what this build shows of them."""

    collection: Collection
    shown: tuple[Story, ...]
    activities: tuple[Activity, ...]  # the public activities with a page in this build


def read_column(root: Path, plan: Plan, stories_dir: Path, today: dt.date, preview: bool, cache: Store | None) -> Reading:
    """Read and check every story and the registers; a preview shows drafts, future stories and activities ahead."""
    collection = load_collection(root, plan, stories_dir, cache=cache)
    # A public activity gets its page once its day has come (a preview shows the ones ahead too).
    activities = tuple(a for a in collection.activities.public() if a.date <= today or preview)
    return Reading(collection, collection.visible(today, include_unpublished=preview), activities)


def count_column(plan: Plan, collection: Collection, today: dt.date) -> tuple[Tally, Summary]:
    """The tally against the plan's targets, and what the build says it published."""
    tally = count_targets(plan, collection.stories, today, collection.register, collection.activities)
    summary = Summary(
        published=collection.count("published", today),
        drafts=collection.count("draft", today),
        future=collection.count("future", today),
        rejected=len(collection.rejected),
        hidden=sum(1 for s in collection.stories if s.status(today) == "published" and not s.on_website(today)),
    )
    return tally, summary


@dataclass(frozen=True)
class Media:
    """The media phase's output: photos without metadata (by story source or activity address), the
    share images and video posters, and the photos' problems."""

    photos: dict[str, tuple[PublishedPhoto, ...]]
    problems: tuple[Problem, ...]
    cards: CardRun
    posters: PosterRun
    photo_stats: PhotoStats


def make_media(plan: Plan, reading: Reading, card_texts: dict[str, PageCardText], caches: Caches) -> Media:
    """Every photo shown processed, every share image and video poster drawn (or taken from the caches);
    ``card_texts`` says what the card of each page that is not a story shows."""
    cache = PhotoCache(caches.photos)
    photos: dict[str, tuple[PublishedPhoto, ...]] = {}
    problems: list[Problem] = []
    for story, (published, photo_problems) in zip(reading.shown, publish_all(reading.shown, cache).values()):
        photos[story.source] = published
        problems.extend(photo_problems)
    for activity, (published, photo_problems) in zip(reading.activities,
                                                     publish_all(reading.activities, cache, ACTIVITY_PHOTOS).values()):
        photos[activity.url] = published
        problems.extend(photo_problems)
    cards = share_cards(reading.shown, plan, caches.share_cards,
                        {source: tuple(p.photo for p in published) for source, published in photos.items()})
    cards = _with_page_cards(cards, page_cards({page: (page_card_path(page), text) for page, text in card_texts.items()},
                                               caches.page_cards))
    posters = video_posters(reading.shown, caches.posters)
    return Media(photos, tuple(problems), cards, posters, PhotoStats(cache.made, cache.reused))


def render_column(context: Context, pages_cache: Store, keep: bool) -> tuple[tuple[Page, ...], tuple[tuple[str, bytes], ...]]:
    """Every generated page, and the files served as they are (the bulletin's quarters and fonts, robots.txt).
    A preview's pages (drafts, editors' hints) are of no use to a build: it does not ``keep`` them."""
    bulletin_index, documents = _editions(context)
    pages = tuple(render_pages(context, pages_cache, keep=keep)) + (bulletin_index,)
    return pages, documents + ((ROBOTS, robots_txt(context.plan)),)


def clean_caches(build: Build, plan: Plan, today: dt.date) -> Pruned:
    """After the site is written: remove the cache entries no story refers to any more (or of a story
    withdrawn from the website), never one ``build`` used. ``build`` must hold every story under ``stories/``."""
    caches = build.caches
    if caches is None:
        return Pruned()
    pruned = prune_caches(build.collection, plan, today, PhotoCache(caches.photos), caches.share_cards)
    return dataclasses.replace(pruned, cards=pruned.cards + caches.page_cards.prune() + caches.posters.prune())


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
    return CardRun({**stories.cards, **pages.cards}, stories.made + pages.made, stories.reused + pages.reused)


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
