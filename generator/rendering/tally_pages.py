"""The tally's pages and the chapter-year tables that chapter pages show, as ``(path, Markdown)`` pairs."""

from __future__ import annotations

from .. import urls
from ..counting.tally import Row
from ..dates import long_date, short_date
from ..markup import escape
from ..reading.plan import Plan
from .context import UNDISCLOSED, Context, Page


def _per_chapter_targets(plan: Plan):
    return [t for t in plan.targets if t.per == "chapter-year"]


def chapter_year_table(context: Context, here: str, chapter_id: str | None, year: int | None = None) -> str:
    """Rows of chapter-year figures: one row per year (a chapter's page) or per chapter (a year)."""
    targets = _per_chapter_targets(context.plan)
    rows: dict[tuple[str, int], dict[str, Row]] = {}
    for row in context.tally.rows:
        if row.target.per != "chapter-year" or (chapter_id and row.chapter != chapter_id) or (year and row.year != year):
            continue
        rows.setdefault((row.chapter, row.year), {})[row.target.id] = row
    if not rows:
        return "Chưa có chỉ tiêu nào trong thời gian hoạt động của chi hội."
    first = "Năm" if chapter_id else "Chi hội"
    head = "".join(f'<th scope="col" class="nttv-num"><abbr title="{escape(t.label)}">{escape(t.short)}</abbr></th>' for t in targets)
    body = []
    order = {c.id: i for i, c in enumerate(context.plan.chapters)}
    keys = sorted(rows, key=lambda k: (-k[1], order.get(k[0], 0))) if chapter_id else sorted(rows, key=lambda k: order.get(k[0], 0))
    for key in keys:
        label = str(key[1]) if chapter_id else f'<a href="{urls.href(here, urls.chapter_page(key[0]))}">{escape(context.plan.chapter(key[0]).short)}</a>'
        cells = "".join(_figure_cell(rows[key].get(t.id)) for t in targets)
        body.append(f'<tr><th scope="row">{label}</th>{cells}</tr>')
    return (f'<table class="nttv-table nttv-tally"><thead><tr><th scope="col">{first}</th>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>')


def _figure_cell(row: Row | None) -> str:
    if row is None:
        return '<td class="nttv-num">–</td>'
    if row.goal is None:
        return f'<td class="nttv-num">{row.reached} <span class="nttv-goal">(không có chỉ tiêu)</span></td>'
    state = "met" if row.met else "short"
    verdict = "Đạt" if row.met else f"thiếu {row.goal - row.reached}"
    return (f'<td class="nttv-num nttv-{state}">{row.reached}/{row.goal} '
            f'<span class="nttv-verdict">{verdict}</span></td>')


# The tally.

def render_tally_page(context: Context) -> Page:
    here = urls.TALLY
    plan = context.plan
    tally = context.tally
    lines = ["# Thống kê theo chỉ tiêu", "",
             f'<p class="nttv-asof">Số liệu tính đến {long_date(context.today)}, theo {escape(plan.organisation.name)} – '
             f"{escape(plan.name)}.</p>", "",
             "Mỗi người hoặc tập thể chỉ được tính một lần dù có nhiều bài viết; một câu chuyện được tính vào năm của ngày đăng "
             "và chỉ khi đạt đủ các tiêu chí của loại gương đó. Bản nháp và bài hẹn đăng chưa được tính.", "",
             f"## Cả giai đoạn {plan.period_start}–{plan.period_end}", ""]
    for row in (r for r in tally.rows if r.target.per == "period"):
        percent = min(100, round(100 * row.reached / row.goal)) if row.goal else 0
        lines.append(
            f'<div class="nttv-progress"><p><strong>{escape(row.target.label)}</strong>: {row.reached}/{row.goal} '
            f"({percent}%)</p><progress max=\"{row.goal}\" value=\"{min(row.reached, row.goal)}\">{percent}%</progress></div>")
    lines.append("")
    years = sorted({r.year for r in tally.rows if r.year is not None}, reverse=True)
    for year in years:
        lines += [f"## Năm {year}", "", chapter_year_table(context, here, None, year), ""]
        lines += _examples_list(context, here, year)
    lines += ["## Chưa đủ tiêu chí", ""]
    if tally.incomplete:
        lines.append("Những câu chuyện đã đăng nhưng chưa đạt đủ tiêu chí nên chưa được tính vào chỉ tiêu:")
        lines.append('<ul class="nttv-list">')
        shown = _shown_sources(context)
        for story in tally.incomplete:
            missing = ", ".join(escape(c.short) for c in plan.kinds[story.kind].criteria if c.id not in story.criteria)
            title = (f'<a href="{urls.href(here, story.page_path)}">{escape(story.title)}</a>' if story.source in shown
                     else f"1 {UNDISCLOSED}")
            lines.append(f"<li>{title} – {escape(context.chapter_name(story.chapter))}, {short_date(story.date)}; "
                         f"thiếu: {missing}</li>")
        lines.append("</ul>")
    else:
        lines.append("Không có câu chuyện nào thiếu tiêu chí.")
    return Page(here, "\n".join(lines) + "\n", in_nav=True)


def _examples_list(context: Context, here: str, year: int) -> list[str]:
    rows = [r for r in context.tally.rows if r.year == year and r.examples]
    if not rows:
        return []
    lines = ['<details class="nttv-examples"><summary>Các gương được tính trong năm ' f"{year}</summary>", '<ul class="nttv-list">']
    shown = _shown_sources(context)
    for row in rows:
        links = [f'<a href="{urls.href(here, s.page_path)}">{escape(s.person.name)}</a>' for s in row.examples if s.source in shown]
        undisclosed = sum(1 for s in row.examples if s.source not in shown)
        if undisclosed:
            links.append(f"{undisclosed} {UNDISCLOSED}")
        lines.append(f"<li>{escape(context.chapter_name(row.chapter))} – {escape(row.target.label)}: {', '.join(links)}</li>")
    lines += ["</ul></details>", ""]
    return lines


def _shown_sources(context: Context) -> set[str]:
    """Stories with a page; any other counted example is honoured without name, link or photo."""
    return {story.source for story in context.stories}

