"""The tally's pages: the whole period (``/thong-ke/``), each year (``/thong-ke/<year>/``) and its
printable report (``/thong-ke/<year>/bao-cao/``), and the charts and table a chapter page shows.

Python gathers the figures; the layout lives in ``templates/tally/`` with autoescaping on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from .. import urls
from ..counting import wording
from ..counting.charts import MARKS, bar_of, chart_of, state_of
from ..counting.report import year_reports
from ..counting.rows import Row
from ..reading.plan import Chapter, Plan, Target
from ..reading.model import Story
from .context import UNDISCLOSED, Context, Page
from .layout import render


def _render(template: str, **values) -> str:
    """A template's output. An HTML fragment loses its blank lines (one would end Markdown's raw
    HTML block around it); a Markdown page keeps single blank lines between its blocks."""
    text = render(template, **values)
    lines = [line.rstrip() for line in text.split("\n")]
    if not template.endswith(".md"):
        return "\n".join(line for line in lines if line) + "\n"
    kept = [line for index, line in enumerate(lines) if line or (index and lines[index - 1])]
    return "\n".join(kept).strip("\n") + "\n"


@dataclass(frozen=True)
class Line:
    """One row of a tally table, in words."""

    label: str
    href: str
    figure: str
    goal: str
    state: str
    mark: str
    verdict: str
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    target: Target
    first: str
    lines: tuple[Line, ...]
    below: tuple[str, ...] = field(default=())


def render_tally_pages(context: Context) -> list[Page]:
    """The period page, then a page and a printable report per year, newest year first."""
    pages = [render_tally_page(context)]
    for year in context.tally.years():
        pages.append(render_year_page(context, year))
        pages.append(render_report_page(context, year))
    return pages


def shortfalls_shown(context: Context) -> bool:
    """Whether the site's pages say what is still missing: a plan setting, off by default (the
    public pages honour what was achieved; `nttv tally` and `nttv report` tell the rest)."""
    return context.plan.public_shortfalls


def _notes(plan: Plan, row: Row, shortfalls: bool = True) -> tuple[str, ...]:
    notes = [wording.prorating_note(row), wording.still_needed(row) if shortfalls else ""]
    if row.below and shortfalls:
        notes.append("chưa đạt: " + ", ".join(wording.shortfall(plan, item, row.year) for item in row.below))
    if row.names and row.target.measure != "social-columns":
        notes.append(", ".join(row.names))
    return tuple(note for note in notes if note)


def _line(context: Context, here: str, row: Row, by: str) -> Line:
    plan = context.plan
    if by == "year":
        label = str(row.year) if row.year is not None else f"{plan.period_start}–{plan.period_end}"
        href = urls.href(here, urls.tally_year(row.year)) if row.year is not None else ""
    elif row.chapter is None:
        label, href = plan.organisation_on(context.today).whole, ""
    else:
        chapter = plan.chapter(row.chapter)
        label = chapter.short if chapter else row.chapter
        href = urls.href(here, urls.chapter_page(row.chapter))
    shortfalls = shortfalls_shown(context)
    state = state_of(row, shortfalls)
    return Line(label, href, wording.figure(row), wording.goal_text(row), state, MARKS[state], wording.verdict(row, shortfalls),
                _notes(plan, row, shortfalls))


def _table(context: Context, here: str, target: Target, rows: list[Row], by: str = "chapter") -> Table:
    first = "Năm" if by == "year" else ("Hội" if any(r.chapter for r in rows) else "Phạm vi")
    return Table(target, first, tuple(_line(context, here, row, by) for row in rows))


def _chart(context: Context, target: Target, rows: list[Row], chart_id: str, by: str = "chapter") -> Markup:
    chart = chart_of(context.plan, target, rows, chart_id, by, shortfalls=shortfalls_shown(context))
    # Rendered with autoescaping already: the page template takes it as markup.
    return Markup(_render("tally/chart.html", chart=chart)) if chart else Markup("")


def _by_target(context: Context, keep) -> list[tuple[Target, list[Row]]]:
    """The tally's rows that ``keep`` accepts, grouped by target in the plan's order (one pass over rows)."""
    groups: dict[str, list[Row]] = {target.id: [] for target in context.plan.targets}
    for row in context.tally.rows:
        if keep(row):
            groups[row.target.id].append(row)
    return [(target, groups[target.id]) for target in context.plan.targets if groups[target.id]]


def _shown_sources(context: Context) -> set[str]:
    """Stories with a page; any other counted example is honoured without name, link or photo."""
    return {story.source for story in context.stories}


def _people(context: Context, here: str, stories: tuple[Story, ...]) -> Markup:
    shown = _shown_sources(context)
    links = [(urls.href(here, s.page_path), s.person.name) for s in stories if s.source in shown]
    hidden = sum(1 for s in stories if s.source not in shown)
    # Rendered with autoescaping already: the page template takes it as markup.
    return Markup(render("tally/people.html", links=links, hidden=hidden, undisclosed=UNDISCLOSED))


def render_tally_page(context: Context) -> Page:
    """The whole period: the period's targets, the yearly ones year by year, and links to each year."""
    here = urls.TALLY
    plan = context.plan
    period = _by_target(context, lambda row: row.year is None)
    yearly = _by_target(context, lambda row: row.chapter is None and row.year is not None)
    charts = [_chart(context, target, rows, f"ca-giai-doan-{target.id}") for target, rows in period]
    charts += [_chart(context, target, sorted(rows, key=lambda r: r.year), f"theo-nam-{target.id}", by="year")
               for target, rows in yearly]
    tables = [_table(context, here, target, rows) for target, rows in period]
    tables += [_table(context, here, target, sorted(rows, key=lambda r: r.year), by="year") for target, rows in yearly]
    summary = _year_summary(context, here)
    events = [(plan.label("honour_level", event.level), event.year, _people(context, here, event.examples))
              for _, rows in period for row in rows for event in row.events]
    incomplete = [(story, ", ".join(c.short for c in plan.kinds[story.kind].criteria if c.id not in story.criteria),
                   urls.href(here, story.page_path) if story.source in _shown_sources(context) else "")
                  for story in context.tally.incomplete] if shortfalls_shown(context) else None
    text = _render("tally/period.md", plan=plan, context=context, charts=charts, tables=tables, summary=summary,
                   events=events, incomplete=incomplete, undisclosed=UNDISCLOSED,
                   years=[(year, urls.href(here, urls.tally_year(year)), urls.href(here, urls.tally_report(year)))
                          for year in context.tally.years()])
    return Page(here, text, in_nav=True)


def _year_summary(context: Context, here: str) -> list[tuple[str, str, list[str]]]:
    """Per year, per chapter-year target: how many chapters with a goal met it ("7/10 Hội đạt")."""
    targets = [t for t in context.plan.targets if t.per == "chapter-year"]
    counts: dict[tuple[int, str], list[int]] = {}
    for row in context.tally.rows:
        if row.target.per == "chapter-year" and row.met is not None:
            figures = counts.setdefault((row.year, row.target.id), [0, 0])
            figures[0] += bool(row.met)
            figures[1] += 1
    lines = []
    for year in context.tally.years():
        cells = [f"{counts[(year, t.id)][0]}/{counts[(year, t.id)][1]}" if (year, t.id) in counts else "–" for t in targets]
        lines.append((str(year), urls.href(here, urls.tally_year(year)), cells))
    return [("", "", [t.short for t in targets])] + lines


def render_year_page(context: Context, year: int) -> Page:
    """One year: a chart per target, then the tables, then the examples counted."""
    here = urls.tally_year(year)
    groups = _by_target(context, lambda row: row.year == year)
    charts = [_chart(context, target, rows, f"{year}-{target.id}") for target, rows in groups]
    tables = [_table(context, here, target, rows) for target, rows in groups]
    examples = [(wording.where(context.plan, row).split(",")[0], row.target.short, _people(context, here, row.examples))
                for target, rows in groups if target.measure == "distinct-examples" for row in rows if row.examples]
    text = _render("tally/year.md", plan=context.plan, context=context, year=year, charts=charts, tables=tables,
                   examples=examples, period=urls.href(here, urls.TALLY), report=urls.href(here, urls.tally_report(year)),
                   years=[(y, urls.href(here, urls.tally_year(y))) for y in context.tally.years()])
    return Page(here, text)


def render_report_page(context: Context, year: int) -> Page:
    """The year's reports ready to print, section I only (the figures, counted as of the report's own
    day like every file of ``nttv report``): the province's, then each chapter's with a figure that year."""
    here = urls.tally_report(year)
    reports = year_reports(context.plan, context.counted or context.stories, year, context.today, context.register,
                           context.recorded)
    text = _render("tally/report.md", year=year, reports=reports, wording=wording,
                   back=urls.href(here, urls.tally_year(year)), today=context.today)
    return Page(here, text)


def chapter_charts(context: Context, here: str, chapter: Chapter) -> str:
    """A chapter's own charts: each of its yearly targets, a bar per year (for its page)."""
    groups = _by_target(context, lambda row: row.chapter == chapter.id)
    charts = [_chart(context, target, sorted(rows, key=lambda r: r.year), f"chi-hoi-{chapter.id}-{target.id}", by="year")
              for target, rows in groups]
    return _render("tally/chapter.html", charts=charts) if charts else ""


def chapter_year_table(context: Context, here: str, chapter_id: str | None, year: int | None = None) -> str:
    """Rows of chapter-year figures: one row per year (a chapter's page) or per chapter (a year)."""
    targets = [t for t in context.plan.targets if t.per == "chapter-year"]
    rows: dict[tuple[str, int], dict[str, Row]] = {}
    for row in context.tally.chapter_year_rows(chapter_id, year):
        rows.setdefault((row.chapter, row.year), {})[row.target.id] = row
    if not rows:
        return "Chưa có chỉ tiêu nào trong thời gian hoạt động của Hội."
    used = [t for t in targets if any(t.id in cells for cells in rows.values())]
    order = {c.id: i for i, c in enumerate(context.plan.chapters)}
    keys = sorted(rows, key=lambda k: (-k[1], order.get(k[0], 0))) if chapter_id else sorted(rows, key=lambda k: order.get(k[0], 0))
    lines = []
    for key in keys:
        if chapter_id:
            label, href = str(key[1]), urls.href(here, urls.tally_year(key[1]))
        else:
            label, href = context.plan.chapter(key[0]).short, urls.href(here, urls.chapter_page(key[0]))
        cells = []
        shortfalls = shortfalls_shown(context)
        for target in used:
            row = rows[key].get(target.id)
            # Five targets side by side on a phone: the figures and the prorating only; the year's
            # page says what is still needed and who is behind.
            prorated = (f"chỉ tiêu {row.prorated.months} tháng",) if row is not None and row.prorated else ()
            state = None if row is None else state_of(row, shortfalls)
            cells.append(None if row is None else (state, bar_of(row, "").figure, MARKS[state],
                                                   wording.verdict(row, shortfalls), prorated))
        lines.append((label, href, cells))
    return _render("tally/years_table.html", first="Năm" if chapter_id else "Hội", targets=used, lines=lines).rstrip("\n")
