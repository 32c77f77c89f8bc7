"""The public activities on the site: the "Hoạt động" list (newest first, by year and chapter) and
a page per activity with its photos. Activities kept off the site (inspections by default) are only
counted, in the tally and the reports."""

from __future__ import annotations

from .. import urls
from ..reading.activities import Activity
from .context import Context, Page
from .layout import page_text

TITLE = "Hoạt động"


def render_activity_pages(context: Context) -> list[Page]:
    """The list, then one page per public activity; the list exists when the plan keeps a register."""
    if context.plan.activities is None:
        return []
    pages = [render_activity_list(context)]
    pages += [render_activity_page(context, activity) for activity in context.activities]
    return pages


def render_activity_list(context: Context) -> Page:
    here = urls.ACTIVITIES
    years: dict[int, dict[str, list[Activity]]] = {}
    order = {chapter.id: index for index, chapter in enumerate(context.plan.chapters)}
    for activity in sorted(context.activities, key=lambda a: (-a.year, order.get(a.chapter, 0), -a.date.toordinal(), a.index)):
        years.setdefault(activity.year, {}).setdefault(activity.chapter, []).append(activity)
    description = (f"Những hoạt động của các cấp Hội trong phong trào “{context.plan.name}”: phát động, sơ kết, "
                   "gặp mặt, tôn vinh, mới nhất trước.")
    meta = {"title": TITLE, "description": description, "search": False}
    text = page_text("activities.html", meta, here=here, plan=context.plan, years=years, kinds=_kind_labels(context),
                     chapter_name=context.chapter_name)
    return Page(here, text, in_nav=True)


def render_activity_page(context: Context, activity: Activity) -> Page:
    here = activity.page_path
    kind = _kind_labels(context).get(activity.kind, activity.kind)
    description = activity.text.split("\n")[0][:300] if activity.text else f"{kind} – {context.chapter_name(activity.chapter, activity.date)}"
    meta = {"title": activity.title, "description": description, "lastmod": activity.date.isoformat()}
    text = page_text("activity.html", meta, here=here, plan=context.plan, activity=activity, kind=kind,
                     chapter_name=context.chapter_name, published=context.photos.get(activity.url, ()),
                     paragraphs=[p.strip() for p in activity.text.split("\n\n") if p.strip()],
                     story_photo_sizes="(min-width: 45em) 720px, 100vw", photos=context.photos, today=context.today)
    return Page(here, text)


def chapter_activities(context: Context, chapter_id: str) -> tuple[Activity, ...]:
    """A chapter's public activities, newest first: listed on its page."""
    return tuple(a for a in context.activities if a.chapter == chapter_id)


def _kind_labels(context: Context) -> dict[str, str]:
    return {kind.id: kind.label for kind in context.plan.activity_kinds}
