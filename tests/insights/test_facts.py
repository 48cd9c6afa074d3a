"""The daily figures agree with the complaints, and catch up incrementally."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.db.models import Count
from django.utils import timezone

from redress.complaints.lifecycle import Status
from redress.complaints.models import Category, Complaint
from redress.insights import facts, selectors
from redress.insights.models import DailyFact
from redress.surveys.services import survey_answer
from tests import stages

pytestmark = pytest.mark.django_db


def _board(**kw):
    return selectors.dashboard(selectors.ReportFilters(**kw))


def test_counts_by_status_and_channel_match_the_complaints(submit_on, staff):
    submit_on(0, channel="web")
    submit_on(3, channel="email")
    submit_on(40, channel="api")
    facts.facts_refresh()
    board = _board()
    expected = dict(Complaint.objects.values_list("channel").annotate(n=Count("pk")))
    assert {r.key: r.figures.complaints for r in board.by_channel} == expected
    expected = dict(Complaint.objects.values_list("status").annotate(n=Count("pk")))
    assert {r.key: r.figures.complaints for r in board.by_status} == expected
    assert board.totals.complaints == 3
    assert board.totals.open == 3


def test_justified_share_remedy_cost_satisfaction_and_reopen_rate_come_from_the_stages(
    submit, staff
):
    solved = stages.in_satisfaction_check(submit, staff)
    survey_answer(check=stages.pending_check(solved), solved=True, score=5, comment="Fine.")
    unhappy = stages.in_satisfaction_check(submit, staff)
    # A low score reopens the complaint (REDRESS_SURVEY_LOW_SCORE).
    survey_answer(check=stages.pending_check(unhappy), solved=False, score=1, comment="No.")
    stages.decided(submit, staff, outcome="not_justified")
    for remedy in stages.Remedy.objects.all():
        remedy.cost = Decimal("10.50")
        remedy.save(update_fields=["cost"])
    facts.facts_refresh(full=True)
    t = _board().totals
    assert t.complaints == 3
    assert t.decided == 3
    assert t.justified_share == pytest.approx(2 / 3, abs=1e-4)
    assert t.remedy_cost == Decimal("21.00")
    assert t.surveyed == 2
    assert t.satisfaction_rate == 0.5
    assert Complaint.objects.get(pk=unhappy.pk).status == Status.REOPENED
    assert t.reopen_rate == pytest.approx(1 / 3, abs=1e-4)
    # Business time to acknowledge is known for all three (they were acknowledged).
    assert t.acknowledge_hours_avg is not None


def test_the_refresh_recomputes_only_the_days_that_changed(submit_on, staff):
    from redress.complaints.services import complaint_register

    start = timezone.now()
    old = submit_on(30)
    submit_on(10)
    with time_machine.travel(start + timedelta(hours=1)):
        assert facts.facts_refresh() == 2
    with time_machine.travel(start + timedelta(hours=2)):
        mark = timezone.now()
        new = submit_on(0)
        complaint_register(complaint=old, actor=staff["quality"], assignee=staff["handler"])
        # Today's complaint and the one registered since; the untouched day is left alone.
        days = facts.changed_days(mark)
        assert days == {timezone.localdate(new.received_at), timezone.localdate(old.received_at)}
        assert facts.facts_refresh() == 2
    with time_machine.travel(start + timedelta(hours=3)):
        # Changes within the overlap before the last run are looked at once more ...
        assert facts.facts_refresh() == 2
    with time_machine.travel(start + timedelta(hours=4)):
        # ... and then no longer: nothing changed.
        assert facts.facts_refresh() == 0
    assert _board().totals.complaints == 3
    old_day = DailyFact.objects.get(day=timezone.localdate(old.received_at))
    assert old_day.status == Status.REGISTERED
    assert old_day.team_id == staff["handler"].team_id


def test_a_full_rebuild_drops_days_without_complaints(submit_on):
    submit_on(5)
    DailyFact.objects.create(
        day=timezone.localdate() - timedelta(days=400),
        category=Category.objects.first(),
        channel="web",
        status="received",
        complaints=7,
    )
    facts.facts_refresh(full=True)
    assert _board().totals.complaints == 1


def test_filters_by_period_category_and_team(submit_on, staff, team):
    other = Category.objects.exclude(code="delivery").filter(parent__isnull=True).first()
    a = submit_on(2)
    submit_on(20, cat=other)
    submit_on(200)
    from redress.complaints.services import complaint_register

    complaint_register(complaint=a, actor=staff["quality"], assignee=staff["handler"])
    facts.facts_refresh()
    today = timezone.localdate()
    assert _board(date_from=today - timedelta(days=30), date_to=today).totals.complaints == 2
    assert _board(category=other).totals.complaints == 1
    assert _board(team=team).totals.complaints == (Complaint.objects.filter(team=team).count())
    assert Complaint.objects.filter(team=team).count() == 1


def test_the_refresh_command_and_the_periodic_job_bring_the_figures_up_to_date(submit_on):
    from io import StringIO

    from django.conf import settings
    from django.core.management import call_command

    from redress.insights.tasks import refresh_facts

    submit_on(1)
    out = StringIO()
    call_command("refresh_figures", "--full", stdout=out)
    assert "recomputed for 1 days" in out.getvalue()
    assert _board().totals.complaints == 1
    submit_on(2)
    entry = settings.CELERY_BEAT_SCHEDULE["insights-refresh-facts"]
    assert entry["task"] == refresh_facts.name
    assert refresh_facts.apply().get() >= 1
    assert _board().totals.complaints == 2
