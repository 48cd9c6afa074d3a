"""Deadline use cases besides the preset walks: which policy applies, promised dates,
contacts, withdrawal, reopening, who may pause, and the sweep's idempotency."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from redress.complaints import services as complaints
from redress.complaints.lifecycle import Status
from redress.complaints.models import Category, Complaint, EventKind, JournalEvent
from redress.core.errors import PermissionDenied, TransitionNotAllowed, ValidationFailed
from redress.deadlines import selectors, services
from redress.deadlines.models import (
    ComplaintClock,
    Deadline,
    DeadlineNotice,
    DeadlinePolicy,
    DeadlineState,
    PolicyAssignment,
)
from tests.stages import advance

from .conftest import deadlines_of

LONDON = ZoneInfo("Europe/London")


def london(*args: int) -> datetime:
    return datetime(*args, tzinfo=LONDON)


@pytest.mark.django_db
def test_the_most_specific_policy_assignment_wins():
    delivery = Category.objects.get(code="delivery")
    late = Category.objects.create(code="late-delivery", name_en="Late", parent=delivery)
    fca = DeadlinePolicy.objects.get(code="uk-fca-disp")
    cfpb = DeadlinePolicy.objects.get(code="us-cfpb")
    asic = DeadlinePolicy.objects.get(code="au-asic-rg271")
    standard = DeadlinePolicy.objects.get(code="standard")
    assert selectors.policy_for(category_id=late.pk, priority="normal") == standard
    PolicyAssignment.objects.create(policy=asic, priority="urgent")
    assert selectors.policy_for(category_id=late.pk, priority="urgent") == asic
    PolicyAssignment.objects.create(policy=fca, category=delivery)
    # The parent category's policy reaches the sub-category and beats "any category".
    assert selectors.policy_for(category_id=late.pk, priority="urgent") == fca
    PolicyAssignment.objects.create(policy=cfpb, category=delivery, priority="urgent")
    assert selectors.policy_for(category_id=late.pk, priority="urgent") == cfpb
    assert selectors.policy_for(category_id=late.pk, priority="normal") == fca
    cfpb.is_active = False
    cfpb.save()
    assert selectors.policy_for(category_id=late.pk, priority="urgent") == fca


@pytest.mark.django_db
def test_a_policy_edited_later_does_not_move_running_deadlines(people, submit, clock):
    clock(london(2026, 3, 2, 10))
    c = submit()
    rule = DeadlinePolicy.objects.get(code="standard").rules.get(kind="response")
    rule.amount = 20
    rule.save()
    assert deadlines_of(c)["response"].due_at == london(2026, 3, 16, 17)
    assert deadlines_of(submit())["response"].due_at == london(2026, 3, 30, 17)


@pytest.mark.django_db
def test_the_date_promised_at_acknowledgement_is_the_contact_deadline(people, submit, clock):
    clock(london(2026, 3, 2, 10))
    c = submit(channel="phone", actor=people["intake"])
    c = complaints.complaint_acknowledge(
        complaint=c, actor=people["intake"], reply_due_on=date(2026, 3, 6)
    )
    assert c.reply_due_on == date(2026, 3, 6)
    contact = deadlines_of(c)["contact"]
    assert contact.due_at == london(2026, 3, 6, 17)
    assert contact.warn_at == london(2026, 3, 6, 9)
    assert Deadline.objects.filter(complaint=c, kind="contact").count() == 1


@pytest.mark.django_db
def test_recording_a_contact_meets_the_promise_and_makes_the_next_one(people, submit, clock):
    clock(london(2026, 3, 2, 10))
    c = submit()
    complaints.complaint_register(complaint=c, actor=people["quality"], assignee=people["handler"])
    clock(london(2026, 3, 4, 11))
    with pytest.raises(ValidationFailed):
        services.contact_record(complaint=c, actor=people["handler"], note=" ")
    with pytest.raises(ValidationFailed):
        services.contact_record(
            complaint=c, actor=people["handler"], note="Called.", next_contact_on=date(2026, 3, 3)
        )
    services.contact_record(
        complaint=c,
        actor=people["handler"],
        note="Called: the courier is tracing the parcel.",
        next_contact_on=date(2026, 3, 9),
    )
    contacts = list(Deadline.objects.filter(complaint=c, kind="contact").order_by("id"))
    assert [d.state for d in contacts] == [DeadlineState.MET, DeadlineState.ON_TRACK]
    assert contacts[1].due_at == london(2026, 3, 9, 17)
    c.refresh_from_db()
    assert c.reply_due_on == date(2026, 3, 9)
    assert c.events.filter(kind=EventKind.CONTACT).count() == 1


@pytest.mark.django_db
def test_withdrawal_cancels_what_is_open_and_the_sweep_leaves_it_alone(
    people, submit, clock, django_capture_on_commit_callbacks
):
    clock(london(2026, 3, 2, 10))
    c = submit()
    complaints.complaint_transition(
        complaint=c, to=Status.WITHDRAWN, actor=people["intake"], note="Parcel arrived."
    )
    states = {d.kind: d.state for d in Deadline.objects.filter(complaint=c)}
    assert states["acknowledge"] == DeadlineState.MET
    assert states["response"] == DeadlineState.CANCELLED
    clock(london(2026, 6, 1, 10))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.deadline_sweep().breached == 0
    summary = ComplaintClock.objects.get(complaint=c)
    assert summary.next_deadline_at is None


@pytest.mark.django_db
def test_reopening_starts_a_new_final_response_deadline(people, submit, clock):
    clock(london(2026, 3, 2, 10))
    c = submit()
    c = complaints.complaint_register(
        complaint=c, actor=people["quality"], assignee=people["handler"]
    )
    for target in (Status.INVESTIGATING, Status.DECIDED, Status.RESPONDING):
        c = advance(c, target, people["handler"])
    clock(london(2026, 3, 10, 10))
    c = advance(c, Status.SATISFACTION_CHECK, people["handler"])
    c = advance(c, Status.CLOSED, people["handler"])
    assert ComplaintClock.objects.get(complaint=c).resolved_at == london(2026, 3, 10, 10)
    clock(london(2026, 3, 20, 10))
    c = complaints.complaint_transition(
        complaint=c, to=Status.REOPENED, actor=people["quality"], note="Still broken."
    )
    responses = Deadline.objects.filter(complaint=c, kind="response").order_by("id")
    assert [d.state for d in responses] == [DeadlineState.MET, DeadlineState.ON_TRACK]
    assert responses.last().due_at == london(2026, 4, 7, 17)  # over Easter
    c.refresh_from_db()
    assert c.reply_due_on == date(2026, 4, 7)
    assert ComplaintClock.objects.get(complaint=c).resolved_at is None


@pytest.mark.django_db
def test_only_people_who_talk_to_customers_may_pause_and_only_an_open_complaint(
    people, submit, clock
):
    clock(london(2026, 3, 2, 10))
    c = submit()
    for who in ("signatory", "analyst", "handler_other"):
        with pytest.raises(PermissionDenied):
            services.clock_pause(complaint=c, actor=people[who], note="?")
    with pytest.raises(ValidationFailed):
        services.clock_pause(complaint=c, actor=people["intake"], note="")
    services.clock_pause(complaint=c, actor=people["intake"], note="Which order?")
    with pytest.raises(TransitionNotAllowed):
        services.clock_pause(complaint=c, actor=people["intake"], note="again")
    services.clock_resume(complaint=c, actor=people["intake"])
    with pytest.raises(TransitionNotAllowed):
        services.clock_resume(complaint=c, actor=people["intake"])
    complaints.complaint_transition(
        complaint=c, to=Status.WITHDRAWN, actor=people["intake"], note="gone"
    )
    with pytest.raises(TransitionNotAllowed):
        services.clock_pause(complaint=c, actor=people["quality"], note="?")


@pytest.mark.django_db
def test_a_lifecycle_move_ends_the_wait_on_the_customer(people, submit, clock):
    clock(london(2026, 3, 2, 10))
    c = submit()
    services.clock_pause(complaint=c, actor=people["intake"], note="Which order?")
    assert ComplaintClock.objects.get(complaint=c).state_at(london(2026, 3, 3)) == "paused"
    clock(london(2026, 3, 4, 10))
    complaints.complaint_register(complaint=c, actor=people["quality"], assignee=people["handler"])
    summary = ComplaintClock.objects.get(complaint=c)
    assert summary.paused_since is None
    resumed = c.events.filter(kind=EventKind.CLOCK_RESUMED).get()
    assert resumed.actor == people["quality"]
    # Paused from Monday 10:00 to Wednesday 10:00: 16 working hours later.
    assert deadlines_of(c)["response"].due_at == london(2026, 3, 18, 17)


@pytest.mark.django_db
def test_a_warning_goes_to_the_responsible_person_once_even_when_the_sweep_runs_again(
    people, submit, clock, django_capture_on_commit_callbacks
):
    clock(london(2026, 3, 2, 10))
    c = submit()
    complaints.complaint_register(complaint=c, actor=people["quality"], assignee=people["handler"])
    clock(london(2026, 3, 13, 9, 30))  # two working days before the response deadline
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            services.deadline_sweep()
    warnings = [m for m in mail.outbox if "Due soon" in m.subject]
    assert [m.to for m in warnings] == [["handler@redress.test"]]
    assert "Final response" in warnings[0].subject and c.reference in warnings[0].subject
    assert DeadlineNotice.objects.filter(kind="warning").count() == 1


@pytest.mark.django_db
def test_a_breach_notice_is_written_in_the_recipients_language(
    people, submit, clock, django_capture_on_commit_callbacks
):
    people["quality"].language = "hr"
    people["quality"].save()
    clock(london(2026, 3, 2, 10))
    c = submit()
    clock(london(2026, 3, 4, 10))
    with django_capture_on_commit_callbacks(execute=True):
        services.deadline_sweep()
    to_quality = [m for m in mail.outbox if m.to == ["quality@redress.test"]]
    assert to_quality and "ožujka" in to_quality[0].body  # the date, in Croatian
    assert f"/staff/complaints/{c.reference}/" in to_quality[0].body


@pytest.mark.django_db
def test_an_open_complaint_without_a_clock_gets_one_when_it_next_moves(people, submit, clock):
    clock(london(2026, 3, 2, 10))
    c = submit(channel="phone", actor=people["intake"])
    Deadline.objects.filter(complaint=c).delete()
    ComplaintClock.objects.filter(complaint=c).delete()
    complaints.complaint_acknowledge(complaint=c, actor=people["intake"])
    assert ComplaintClock.objects.filter(complaint=c).exists()
    assert deadlines_of(c)["acknowledge"].state == DeadlineState.MET


@pytest.mark.django_db
def test_the_clock_summary_names_the_next_deadline(people, submit, clock):
    clock(london(2026, 3, 2, 10))
    c = submit()
    summary = ComplaintClock.objects.get(complaint=c)
    assert (summary.next_deadline_kind, summary.next_deadline_at) == (
        "assign",
        london(2026, 3, 3, 17),
    )
    assert summary.state_at(london(2026, 3, 3, 12)) == "on_track"
    assert summary.state_at(london(2026, 3, 3, 13)) == "due_soon"  # four working hours before
    assert summary.state_at(london(2026, 3, 3, 18)) == "breached"
    assert Complaint.objects.filter(clock__next_deadline_at__isnull=False).count() == 1


def _forget_deadlines(complaint):
    # As if taken in before the deadlines app existed.
    Deadline.objects.filter(complaint=complaint).delete()
    ComplaintClock.objects.filter(complaint=complaint).delete()


@pytest.mark.django_db
def test_the_sweep_adopts_older_open_complaints_and_counts_what_their_record_shows(
    people, submit, clock, django_capture_on_commit_callbacks
):
    clock(london(2026, 3, 2, 10))
    registered = submit()
    clock(london(2026, 3, 2, 11))
    complaints.complaint_register(
        complaint=registered, actor=people["quality"], assignee=people["handler"]
    )
    answered = submit()
    complaints.complaint_register(
        complaint=answered, actor=people["quality"], assignee=people["handler"]
    )
    for target in (Status.INVESTIGATING, Status.DECIDED, Status.RESPONDING):
        answered = advance(answered, target, people["handler"])
    clock(london(2026, 3, 18, 10))  # two days after the response was due
    # Sending the response (no remedies agreed) moves it on to the satisfaction check.
    answered = advance(answered, Status.SATISFACTION_CHECK, people["handler"])
    for c in (registered, answered):
        _forget_deadlines(c)
    breaches_before = JournalEvent.objects.filter(kind=EventKind.DEADLINE_BREACHED).count()

    clock(london(2026, 3, 20, 10))
    with django_capture_on_commit_callbacks(execute=True):
        result = services.deadline_sweep()
    assert result.adopted == 2
    fresh = deadlines_of(registered)
    assert (fresh["acknowledge"].state, fresh["assign"].state) == ("met", "met")
    assert fresh["response"].state == DeadlineState.BREACHED  # still open, and recorded now
    old = deadlines_of(answered)
    assert old["response"].state == DeadlineState.MET_LATE
    assert old["response"].breached_at == london(2026, 3, 16, 17)
    assert old["response"].finished_at == london(2026, 3, 18, 10)
    events = JournalEvent.objects.filter(kind=EventKind.DEADLINE_BREACHED)
    # The journal cannot be written in the past: only the still-open breaches go in.
    assert events.count() - breaches_before == result.breached
    assert not events.filter(complaint=answered, created_at__gt=london(2026, 3, 19)).exists()
    assert services.deadline_sweep().adopted == 0


@pytest.mark.django_db
def test_the_database_refuses_a_second_breach_notice_even_if_the_state_was_lost(
    people, submit, clock, django_capture_on_commit_callbacks
):
    clock(london(2026, 3, 2, 10))
    c = submit()
    assign = deadlines_of(c)["assign"]
    # Another process recorded the breach, but its state change is not visible here.
    DeadlineNotice.objects.create(deadline=assign, kind="breach", due_at=assign.due_at)
    clock(london(2026, 3, 4, 10))
    with django_capture_on_commit_callbacks(execute=True):
        services.deadline_sweep()
    assign.refresh_from_db()
    assert assign.state == DeadlineState.BREACHED
    breach_events = c.events.filter(kind=EventKind.DEADLINE_BREACHED)
    assert "assign" not in [e.data["deadline"] for e in breach_events]
    assert not [m for m in mail.outbox if "Assign" in m.subject]
