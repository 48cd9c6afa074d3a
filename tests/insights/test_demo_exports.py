"""Done-when: the monthly deck and the XLSX figures are built from the demo data, opened
again with python-pptx and openpyxl, and their figures match the database."""

import io

import pytest
from django.db import transaction
from django.db.models import Count

from redress.complaints.demo import load_demo
from redress.complaints.lifecycle import Status
from redress.complaints.models import Channel, Complaint
from redress.insights import facts, services
from redress.insights.models import ExportState

DEMO_COMPLAINTS = 18


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo organisation, loaded once for this module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo(count=DEMO_COMPLAINTS)
        _plan_for_the_top_problem()
        facts.facts_refresh(full=True)
        yield
        transaction.set_rollback(True)


def _plan_for_the_top_problem() -> None:
    from redress.accounts.models import User
    from redress.improvement.recurring import recurring_compute
    from redress.improvement.selectors import recurring_clusters
    from redress.improvement.services import plan_from_cluster

    recurring_compute()
    top = recurring_clusters(limit=1)[0]
    plan_from_cluster(
        cluster=top.cluster,
        actor=User.objects.get(username="quality"),
        root_cause="Found in the demo data.",
        title="Demo plan for the top problem",
    )


def _by(field: str, labels: dict) -> dict[str, int]:
    rows = Complaint.objects.values_list(field).annotate(n=Count("pk"))
    return {str(labels[key]): n for key, n in rows}


def _export(kind, django_capture_on_commit_callbacks):
    from redress.accounts.models import User

    quality = User.objects.get(username="quality")
    with django_capture_on_commit_callbacks(execute=True):
        export = services.export_request(user=quality, kind=kind, params={})
    export.refresh_from_db()
    assert export.state == ExportState.DONE, export.error
    with export.file.open("rb") as fh:
        return io.BytesIO(fh.read())


@pytest.mark.django_db
def test_the_xlsx_figures_match_the_database(demo, django_capture_on_commit_callbacks):
    from openpyxl import load_workbook

    book = load_workbook(_export("figures_xlsx", django_capture_on_commit_callbacks))
    assert book.sheetnames[:6] == [
        "Totals",
        "Channel",
        "Category",
        "Product or service",
        "Status",
        "Period",
    ]

    def sheet(name):
        rows = list(book[name].iter_rows(values_only=True))
        assert rows[0][2] == "Complaints"
        return {r[1]: r[2] for r in rows[1:]}

    assert sheet("Status") == _by("status", dict(Status.choices))
    assert sheet("Channel") == _by("channel", dict(Channel.choices))
    total = list(book["Totals"].iter_rows(values_only=True))[1]
    assert total[2] == Complaint.objects.count() == DEMO_COMPLAINTS
    assert total[3] == Complaint.objects.open().count()
    assert sum(sheet("Period").values()) == DEMO_COMPLAINTS


@pytest.mark.django_db
def test_the_monthly_review_deck_matches_the_database(demo, django_capture_on_commit_callbacks):
    from pptx import Presentation

    deck = Presentation(_export("review_pptx", django_capture_on_commit_callbacks))
    slides = {s.shapes.title.text: s for s in deck.slides if s.shapes.title is not None}
    assert {
        "Complaints review",
        "Key figures",
        "Complaints over time",
        "Complaints by channel",
        "Complaints by category",
        "Complaints by status",
        "Top recurring problems",
        "Open corrective action plans",
    } <= set(slides)

    def chart_of(title):
        chart = next(s.chart for s in slides[title].shapes if s.has_chart)
        plot = chart.plots[0]
        return dict(zip(plot.categories, plot.series[0].values, strict=True))

    assert chart_of("Complaints by status") == _by("status", dict(Status.choices))
    assert chart_of("Complaints by channel") == _by("channel", dict(Channel.choices))
    assert sum(chart_of("Complaints over time").values()) == DEMO_COMPLAINTS
    table = next(s.table for s in slides["Key figures"].shapes if s.has_table)
    key = {table.cell(i, 0).text: table.cell(i, 1).text for i in range(len(table.rows))}
    assert key["Complaints received"] == str(Complaint.objects.count())
    assert key["Still open"] == str(Complaint.objects.open().count())

    def table_texts(title):
        table = next(s.table for s in slides[title].shapes if s.has_table)
        return [[c.text for c in row.cells] for row in table.rows]

    from redress.improvement.selectors import open_plans, recurring_clusters

    plans = table_texts("Open corrective action plans")
    assert [r[0] for r in plans[1:]] == [p.title for p in open_plans()][:10]
    assert "Demo plan for the top problem" in [r[0] for r in plans]
    problems = table_texts("Top recurring problems")
    expected = recurring_clusters(limit=10)
    assert [(r[0], r[1]) for r in problems[1:]] == [(c.summary, str(c.size)) for c in expected]


@pytest.mark.django_db
def test_the_deck_speaks_the_organisations_language(
    demo, settings, django_capture_on_commit_callbacks
):
    from django.utils import translation
    from pptx import Presentation

    from redress.insights.models import Export

    settings.REDRESS_REPORT_LANGUAGE = "sv"
    deck = Presentation(_export("review_pptx", django_capture_on_commit_callbacks))
    assert Export.objects.latest("pk").language == "sv"
    slides = list(deck.slides)
    with translation.override("sv"):
        labels = _by("status", dict(Status.choices))
        assert slides[1].shapes.title.text == translation.gettext("Key figures")
    # The status names come from the Swedish catalogue, not English.
    assert set(labels) != set(_by("status", dict(Status.choices)))
    charts = [sh.chart for s in slides for sh in s.shapes if sh.has_chart]
    assert labels in [
        dict(zip(c.plots[0].categories, c.plots[0].series[0].values, strict=True)) for c in charts
    ]
