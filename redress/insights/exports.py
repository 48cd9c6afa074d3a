"""Writers for the exports: the journal and the dashboard figures as CSV and XLSX, and the
monthly review deck (python-pptx, native charts). Pure of requests: each takes the data
and a `progress(percent)` callback and returns the file's bytes."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from .selectors import Dashboard, Figures, Row

Progress = Callable[[int], None]
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A cell a spreadsheet will not run as a formula: text starting with = + - @ (or a
    tab or carriage return) gets a leading apostrophe. Numbers and dates stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


# --- The journal ------------------------------------------------------------------------


def journal_header() -> list[str]:
    return [
        _("Reference"),
        _("Received"),
        _("Channel"),
        _("Status"),
        _("Category"),
        _("Product or service"),
        _("Subject"),
        _("Customer"),
        _("Team"),
        _("Responsible person"),
        _("Customer hears back by"),
        _("Closed"),
    ]


def journal_rows(complaints: Any) -> Iterator[list[Any]]:
    for c in complaints:
        yield [
            c.reference,
            _plain(c.received_at),
            c.get_channel_display(),
            c.get_status_display(),
            c.category.label(),
            c.product,
            c.subject,
            c.customer.display_name if hasattr(c.customer, "display_name") else str(c.customer),
            c.team.name if c.team_id and c.team else "",
            c.assignee.get_full_name() or c.assignee.username if c.assignee_id else "",
            c.reply_due_on,
            _plain(c.closed_at) if c.closed_at else None,
        ]


def _tick(total: int, progress: Progress) -> Callable[[int], None]:
    last = [-1]

    def tick(done: int) -> None:
        pct = min(99, int(done * 100 / total)) if total else 99
        if pct >= last[0] + 5:
            last[0] = pct
            progress(pct)

    return tick


def write_csv(
    header: list[str], rows: Iterable[list[Any]], total: int, progress: Progress
) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(h) for h in header])
    tick = _tick(total, progress)
    for i, row in enumerate(rows, 1):
        writer.writerow(
            [
                safe_cell("" if v is None else v.isoformat() if isinstance(v, date) else v)
                for v in row
            ]
        )
        tick(i)
    # A byte-order mark, so that spreadsheet programs read the file as UTF-8.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def write_xlsx(
    sheets: list[tuple[str, list[str], Iterable[list[Any]]]], total: int, progress: Progress
) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    tick = _tick(total, progress)
    done = 0
    for title, header, rows in sheets:
        ws = wb.create_sheet(title=title[:31])
        ws.append([safe_cell(h) for h in header])
        for row in rows:
            ws.append([safe_cell(v) for v in row])
            done += 1
            tick(done)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- Dashboard figures ------------------------------------------------------------------


def figures_header() -> list[str]:
    return [
        _("Breakdown"),
        _("Value"),
        _("Complaints"),
        _("Open"),
        _("Time to acknowledge (business hours, average)"),
        _("Time to resolve (business hours, average)"),
        _("Deadline compliance"),
        _("Deadline breaches"),
        _("Share justified"),
        _("Remedy cost"),
        _("Satisfied"),
        _("Reopened"),
    ]


def _figure_values(f: Figures) -> list[Any]:
    return [
        f.complaints,
        f.open,
        f.acknowledge_hours_avg,
        f.resolve_hours_avg,
        f.deadline_compliance,
        f.breaches,
        f.justified_share,
        f.remedy_cost,
        f.satisfaction_rate,
        f.reopen_rate,
    ]


def figures_sections(d: Dashboard) -> list[tuple[str, list[Row]]]:
    return [
        (_("Channel"), d.by_channel),
        (_("Category"), d.by_category),
        (_("Product or service"), d.by_product),
        (_("Status"), d.by_status),
        (_("Period"), d.by_period),
    ]


def figures_rows(d: Dashboard) -> list[list[Any]]:
    rows: list[list[Any]] = [[_("Total"), "", *_figure_values(d.totals)]]
    for name, section in figures_sections(d):
        rows += [[name, r.label, *_figure_values(r.figures)] for r in section]
    return rows


def xlsx_figures(d: Dashboard, progress: Progress) -> bytes:
    rows = figures_rows(d)
    sheets: list[tuple[str, list[str], Iterable[list[Any]]]] = [
        (_("Totals"), figures_header(), rows[:1])
    ]
    for name, section in figures_sections(d):
        sheets.append(
            (name, figures_header(), [[name, r.label, *_figure_values(r.figures)] for r in section])
        )
    if d.recurring:
        sheets.append(
            (
                _("Recurring problems"),
                [_("Problem"), _("Complaints"), _("Covered by a plan")],
                [[c["label"], c["size"], c.get("plan", "")] for c in d.recurring],
            )
        )
    return write_xlsx(sheets, len(rows), progress)


# --- The monthly review deck ------------------------------------------------------------


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f} %"


def _num(value: Any) -> str:
    return "–" if value is None else str(value)


def key_figures(f: Figures) -> list[tuple[str, str]]:
    return [
        (_("Complaints received"), str(f.complaints)),
        (_("Still open"), str(f.open)),
        (_("Time to acknowledge (business hours, average)"), _num(f.acknowledge_hours_avg)),
        (_("Time to resolve (business hours, average)"), _num(f.resolve_hours_avg)),
        (_("Deadline compliance"), _pct(f.deadline_compliance)),
        (_("Deadline breaches"), str(f.breaches)),
        (_("Share justified"), _pct(f.justified_share)),
        (_("Remedy cost"), f"{f.remedy_cost:,.2f}"),
        (_("Satisfied customers"), _pct(f.satisfaction_rate)),
        (_("Reopened"), _pct(f.reopen_rate)),
    ]


def review_deck(d: Dashboard, *, organisation: str, period: str, progress: Progress) -> bytes:
    from pptx import Presentation
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
    from pptx.util import Inches, Pt

    prs = Presentation()
    title_only = prs.slide_layouts[5]

    first = prs.slides.add_slide(prs.slide_layouts[0])
    first.shapes.title.text = _("Complaints review")
    first.placeholders[1].text = f"{organisation}\n{period}"
    progress(10)

    slide = prs.slides.add_slide(title_only)
    slide.shapes.title.text = _("Key figures")
    figures = key_figures(d.totals)
    table = slide.shapes.add_table(
        len(figures), 2, Inches(0.6), Inches(1.5), Inches(8.8), Inches(0.4) * len(figures)
    ).table
    table.columns[0].width = Inches(6.3)
    table.columns[1].width = Inches(2.5)
    for i, (label, value) in enumerate(figures):
        table.cell(i, 0).text = label
        table.cell(i, 1).text = value
    progress(25)

    def chart_slide(title: str, rows: list[Row], kind: Any, series_name: str) -> None:
        s = prs.slides.add_slide(title_only)
        s.shapes.title.text = title
        data = CategoryChartData()
        data.categories = [r.label for r in rows] or ["–"]
        data.add_series(series_name, [r.figures.complaints for r in rows] or [0])
        chart = s.shapes.add_chart(
            kind, Inches(0.5), Inches(1.5), Inches(9), Inches(5.5), data
        ).chart
        chart.has_legend = kind == XL_CHART_TYPE.LINE_MARKERS
        if chart.has_legend:
            chart.legend.position = XL_LEGEND_POSITION.BOTTOM
            chart.legend.include_in_layout = False
        plot = chart.plots[0]
        plot.has_data_labels = True
        plot.data_labels.font.size = Pt(11)

    received = _("Complaints")
    chart_slide(_("Complaints over time"), d.by_period, XL_CHART_TYPE.LINE_MARKERS, received)
    chart_slide(_("Complaints by channel"), d.by_channel, XL_CHART_TYPE.BAR_CLUSTERED, received)
    progress(50)
    chart_slide(
        _("Complaints by category"), d.by_category[:12], XL_CHART_TYPE.BAR_CLUSTERED, received
    )
    chart_slide(_("Complaints by status"), d.by_status, XL_CHART_TYPE.COLUMN_CLUSTERED, received)
    progress(75)

    def list_slide(title: str, header: list[str], rows: list[list[str]], empty: str) -> None:
        s = prs.slides.add_slide(title_only)
        s.shapes.title.text = title
        if not rows:
            box = s.shapes.add_textbox(Inches(0.6), Inches(1.6), Inches(8.8), Inches(1))
            box.text_frame.text = empty
            return
        t = s.shapes.add_table(
            len(rows) + 1, len(header), Inches(0.6), Inches(1.5), Inches(8.8), Inches(0.4)
        ).table
        for j, h in enumerate(header):
            t.cell(0, j).text = h
        for i, row in enumerate(rows, 1):
            for j, value in enumerate(row):
                t.cell(i, j).text = value

    list_slide(
        _("Top recurring problems"),
        [_("Problem"), _("Complaints"), _("Covered by a plan")],
        [[str(c["label"]), str(c["size"]), str(c.get("plan", ""))] for c in d.recurring],
        _("No recurring problems found in this period."),
    )
    list_slide(
        _("Open corrective action plans"),
        [_("Plan"), _("Status"), _("Review date")],
        [[str(p["title"]), str(p["status"]), str(p.get("review_on", ""))] for p in d.open_plans],
        _("No corrective action plans are open."),
    )
    out = io.BytesIO()
    prs.save(out)
    progress(95)
    return out.getvalue()
