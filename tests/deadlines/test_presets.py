"""Complaints taken through each shipped policy with the clock stopped: exact due dates,
a pause, a holiday, a breach, and what the journal and the mailbox then hold."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from redress.complaints import services as complaints
from redress.complaints.lifecycle import Status
from redress.complaints.models import EventKind, JournalEvent
from redress.core.errors import TransitionNotAllowed
from redress.deadlines import services
from redress.deadlines.models import ComplaintClock, DeadlineNotice, DeadlineState
from tests.stages import advance

from .conftest import deadlines_of

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
SYDNEY = ZoneInfo("Australia/Sydney")


def london(*args: int) -> datetime:
    return datetime(*args, tzinfo=LONDON)


def breach_events(complaint):
    return JournalEvent.objects.filter(complaint=complaint, kind=EventKind.DEADLINE_BREACHED)


def sweep(capture):
    with capture(execute=True):
        return services.deadline_sweep()


def register(complaint, people):
    return complaints.complaint_register(
        complaint=complaint, actor=people["quality"], assignee=people["handler"]
    )


def move(complaint, people, *targets):
    for target in targets:
        complaint = advance(complaint, target, people["handler"])
    return complaint


@pytest.mark.django_db
def test_standard_over_easter_with_a_warning_a_breach_and_a_pause(
    people, submit, clock, django_capture_on_commit_callbacks
):
    # Thursday before Easter: Good Friday (3 April) and Easter Monday (6 April) are closed.
    clock(london(2026, 4, 2, 10, 0))
    c = submit(channel="phone", actor=people["intake"])
    d = deadlines_of(c)
    assert d["acknowledge"].due_at == london(2026, 4, 2, 17, 0)
    assert d["assign"].due_at == london(2026, 4, 7, 17, 0)
    assert d["response"].due_at == london(2026, 4, 20, 17, 0)
    assert d["contact"].due_at == london(2026, 4, 20, 17, 0)
    c.refresh_from_db()
    assert c.reply_due_on == date(2026, 4, 20)

    clock(london(2026, 4, 2, 11, 0))
    c = complaints.complaint_acknowledge(complaint=c, actor=people["intake"])
    assert deadlines_of(c)["acknowledge"].state == DeadlineState.MET
    assert ComplaintClock.objects.get(complaint=c).acknowledge_seconds == 3600

    # The assignment is due soon four business hours before Tuesday's closing.
    clock(london(2026, 4, 7, 12, 59))
    assert sweep(django_capture_on_commit_callbacks).warned == 0
    clock(london(2026, 4, 7, 13, 0))
    assert sweep(django_capture_on_commit_callbacks).warned == 1
    assert [m.to for m in mail.outbox] == [["intake@redress.test"]]  # who took it in
    assert "Due soon" in mail.outbox[0].subject

    # Breached one second after closing: recorded once, the quality lead told once.
    clock(london(2026, 4, 7, 17, 0, 1))
    result = sweep(django_capture_on_commit_callbacks)
    assert result.breached == 1
    assert sweep(django_capture_on_commit_callbacks).breached == 0
    assert breach_events(c).count() == 1
    assert breach_events(c).get().data["deadline"] == "assign"
    breach_mail = [m for m in mail.outbox if "breached" in m.subject]
    assert sorted(m.to[0] for m in breach_mail) == ["intake@redress.test", "quality@redress.test"]
    assert deadlines_of(c)["assign"].state == DeadlineState.BREACHED

    clock(london(2026, 4, 8, 9, 30))
    c = register(c, people)
    assert deadlines_of(c)["assign"].state == DeadlineState.MET_LATE
    c = move(c, people, Status.INVESTIGATING)

    # Waiting on the customer from Thursday noon until after the original response date:
    # 61 working hours were left, and they are left again when the customer answers.
    clock(london(2026, 4, 9, 12, 0))
    services.clock_pause(complaint=c, actor=people["handler"], note="Asked for the receipt.")
    assert deadlines_of(c)["contact"].state == DeadlineState.MET  # asking is a contact
    clock(london(2026, 4, 21, 9, 0))
    assert sweep(django_capture_on_commit_callbacks).breached == 0  # paused, not breached
    clock(london(2026, 4, 21, 12, 0))
    services.clock_resume(complaint=c, actor=people["handler"], note="Receipt received.")
    assert deadlines_of(c)["response"].due_at == london(2026, 4, 30, 17, 0)
    kinds = list(c.events.values_list("kind", flat=True))
    assert kinds.count(EventKind.CLOCK_PAUSED) == 1 and kinds.count(EventKind.CLOCK_RESUMED) == 1

    clock(london(2026, 4, 29, 15, 0))
    c = move(c, people, Status.DECIDED, Status.RESPONDING, Status.SATISFACTION_CHECK)
    assert deadlines_of(c)["response"].state == DeadlineState.MET
    summary = ComplaintClock.objects.get(complaint=c)
    assert summary.resolved_at == london(2026, 4, 29, 15, 0)
    # 141 working hours from receipt to the response, 64 of them spent waiting.
    assert summary.resolve_seconds == 77 * 3600
    assert breach_events(c).count() == 1


@pytest.mark.django_db
def test_uk_fca_disp_eight_weeks_summary_window_and_a_breach(
    people, submit, clock, use_policy, django_capture_on_commit_callbacks
):
    use_policy("uk-fca-disp")
    clock(london(2026, 3, 2, 10, 0))
    c = submit()  # the web form: acknowledged at once
    d = deadlines_of(c)
    assert d["acknowledge"].state == DeadlineState.MET
    assert d["assign"].due_at == london(2026, 3, 3, 17, 0)
    assert d["summary_resolution"].due_at == london(2026, 3, 5, 17, 0)
    # Eight weeks, and the clocks went forward in between: the end of the local day.
    assert d["response"].due_at == london(2026, 4, 27, 23, 59, 59)
    c.refresh_from_db()
    assert c.reply_due_on == date(2026, 4, 27)

    clock(london(2026, 3, 3, 11, 0))
    c = register(c, people)
    # The summary-resolution window passes quietly: nothing is breached.
    clock(london(2026, 3, 6, 9, 0))
    result = sweep(django_capture_on_commit_callbacks)
    assert (result.lapsed, result.breached) == (1, 0)
    assert deadlines_of(c)["summary_resolution"].state == DeadlineState.LAPSED
    assert not breach_events(c).exists()

    # The promised contact date (17:00) and then the final response (midnight) pass.
    clock(london(2026, 4, 27, 17, 30))
    assert sweep(django_capture_on_commit_callbacks).breached == 1
    clock(london(2026, 4, 28, 0, 0, 1))
    assert sweep(django_capture_on_commit_callbacks).breached == 1
    assert sweep(django_capture_on_commit_callbacks).breached == 0
    assert sorted(e.data["deadline"] for e in breach_events(c)) == ["contact", "response"]
    assert DeadlineNotice.objects.filter(deadline__complaint=c, kind="breach").count() == 2


@pytest.mark.django_db
def test_uk_fca_payment_services_fifteen_business_days_and_thirty_five_after_a_holding_reply(
    people, submit, clock, use_policy, django_capture_on_commit_callbacks
):
    use_policy("uk-fca-disp-payments")
    clock(london(2026, 4, 2, 10, 0))
    c = submit()
    d = deadlines_of(c)
    assert d["summary_resolution"].due_at == london(2026, 4, 9, 17, 0)  # Easter skipped
    assert d["response"].due_at == london(2026, 4, 27, 17, 0)
    clock(london(2026, 4, 2, 14, 0))
    c = register(c, people)

    clock(london(2026, 4, 20, 10, 0))
    deadline = services.deadline_extend(
        complaint=c, actor=people["handler"], note="We need the bank's statement."
    )
    # 35 business days: the May Day and Spring bank holidays are skipped too.
    assert deadline.due_at == london(2026, 5, 27, 17, 0)
    assert deadline.is_extended
    assert c.events.filter(kind=EventKind.HOLDING_REPLY).count() == 1
    # Once is enough: there is nothing left to extend.
    with pytest.raises(TransitionNotAllowed):
        services.deadline_extend(complaint=c, actor=people["handler"], note="again")

    clock(london(2026, 5, 27, 17, 0, 1))
    assert sweep(django_capture_on_commit_callbacks).breached == 1
    assert breach_events(c).get().data["deadline"] == "response"


@pytest.mark.django_db
def test_a_holding_reply_after_the_deadline_is_refused_and_the_sweep_records_the_breach(
    people, submit, clock, use_policy, django_capture_on_commit_callbacks
):
    use_policy("uk-fca-disp-payments")
    clock(london(2026, 4, 2, 10, 0))
    c = submit()
    register(c, people)
    clock(london(2026, 4, 28, 9, 0))
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(TransitionNotAllowed):
        services.deadline_extend(complaint=c, actor=people["handler"], note="too late")
    assert not deadlines_of(c)["response"].is_extended
    assert sweep(django_capture_on_commit_callbacks).breached == 2  # response and contact
    assert not deadlines_of(c)["response"].is_extended


@pytest.mark.django_db
def test_us_cfpb_fifteen_days_then_sixty_over_thanksgiving(
    people, submit, clock, use_policy, django_capture_on_commit_callbacks
):
    use_policy("us-cfpb")
    clock(datetime(2026, 11, 25, 15, 0, tzinfo=NEW_YORK))
    c = submit()
    d = deadlines_of(c)
    assert d["assign"].due_at == datetime(2026, 11, 27, 17, 0, tzinfo=NEW_YORK)  # Thanksgiving
    assert d["response"].due_at == datetime(2026, 12, 10, 23, 59, 59, tzinfo=NEW_YORK)
    c.refresh_from_db()
    assert c.reply_due_on == date(2026, 12, 10)

    clock(datetime(2026, 11, 27, 9, 0, tzinfo=NEW_YORK))
    c = register(c, people)
    c = move(c, people, Status.INVESTIGATING)
    # Three calendar days waiting on the customer move the deadline three days on.
    clock(datetime(2026, 12, 1, 12, 0, tzinfo=NEW_YORK))
    services.clock_pause(complaint=c, actor=people["handler"], note="Which account?")
    clock(datetime(2026, 12, 4, 12, 0, tzinfo=NEW_YORK))
    services.clock_resume(complaint=c, actor=people["handler"])
    assert deadlines_of(c)["response"].due_at == datetime(2026, 12, 13, 23, 59, 59, tzinfo=NEW_YORK)
    clock(datetime(2026, 12, 7, 10, 0, tzinfo=NEW_YORK))
    deadline = services.deadline_extend(complaint=c, actor=people["handler"], note="In progress")
    # 60 days from 25 November, plus the three days waited.
    assert deadline.due_at == datetime(2027, 1, 27, 23, 59, 59, tzinfo=NEW_YORK)


@pytest.mark.django_db
def test_australia_asic_rg271_acknowledgement_breached_over_easter_then_met_late(
    people, submit, clock, use_policy, django_capture_on_commit_callbacks
):
    use_policy("au-asic-rg271")
    clock(datetime(2026, 4, 2, 16, 0, tzinfo=SYDNEY))
    c = submit(channel="phone", actor=people["intake"])
    d = deadlines_of(c)
    # One business day: Good Friday, the weekend and Easter Monday are not; daylight
    # saving ended on the Sunday, so 17:00 is now UTC+10.
    assert d["acknowledge"].due_at == datetime(2026, 4, 7, 17, 0, tzinfo=SYDNEY)
    assert d["response"].due_at == datetime(2026, 5, 2, 23, 59, 59, tzinfo=SYDNEY)

    clock(datetime(2026, 4, 7, 17, 0, 1, tzinfo=SYDNEY))
    assert sweep(django_capture_on_commit_callbacks).breached == 2  # acknowledge and assign
    clock(datetime(2026, 4, 7, 18, 0, tzinfo=SYDNEY))
    assert sweep(django_capture_on_commit_callbacks).breached == 0
    with django_capture_on_commit_callbacks(execute=True):
        c = complaints.complaint_acknowledge(complaint=c, actor=people["intake"])
    assert deadlines_of(c)["acknowledge"].state == DeadlineState.MET_LATE
    assert breach_events(c).count() == 2
    quality_mail = [m for m in mail.outbox if m.to == ["quality@redress.test"]]
    assert len(quality_mail) == 2


@pytest.mark.django_db
def test_a_deadline_met_late_before_any_sweep_still_records_its_breach_once(
    people, submit, clock, django_capture_on_commit_callbacks
):
    clock(london(2026, 3, 2, 10, 0))
    c = submit()
    clock(london(2026, 3, 4, 10, 0))  # the assignment was due yesterday at 17:00
    with django_capture_on_commit_callbacks(execute=True):
        register(c, people)
    assert deadlines_of(c)["assign"].state == DeadlineState.MET_LATE
    assert breach_events(c).count() == 1
    assert sweep(django_capture_on_commit_callbacks).breached == 0
    assert breach_events(c).count() == 1
