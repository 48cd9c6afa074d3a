"""The satisfaction check: sent, answered once, closing or reopening and escalating."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from redress.accounts.roles import Role
from redress.complaints.lifecycle import Status
from redress.complaints.models import EventKind, JournalEvent, Priority
from redress.core.errors import PermissionDenied, TransitionNotAllowed, ValidationFailed
from redress.investigations.models import DecisionState
from redress.investigations.selectors import live_decision
from redress.surveys import services as surveys
from redress.surveys.models import CheckChannel, CheckState, SatisfactionCheck
from redress.surveys.notifications import survey_url
from tests.conftest import customer_input, make_user
from tests.stages import (
    decide,
    finish_remedies,
    fresh,
    in_satisfaction_check,
    move,
    pending_check,
)

pytestmark = pytest.mark.django_db


def journal(complaint, kind):
    return list(JournalEvent.objects.filter(complaint=complaint, kind=kind).order_by("id"))


@pytest.fixture
def leads(staff):
    """The quality lead, with an email address, and a second one who has none."""
    quality = staff["quality"]
    quality.email = "quality@redress.example"
    quality.save(update_fields=["email"])
    second = make_user("lead2", Role.QUALITY_LEAD, last_name="Second")
    return [quality, second]


# --- Sending ----------------------------------------------------------------------------


def test_entering_the_satisfaction_check_opens_a_round_and_mails_the_private_link(
    staff, submit, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        complaint = in_satisfaction_check(submit, staff)
    check = pending_check(complaint)
    assert (check.round, check.state, check.channel) == (1, CheckState.PENDING, "")
    assert len(check.token) >= 30
    [event] = journal(complaint, EventKind.SURVEY)
    assert event.is_public and event.actor is None
    assert event.note == "Satisfaction check sent (round 1)."
    # Besides the acknowledgement (and the letter's copies), exactly one survey link went out.
    [mail] = [m for m in mailoutbox if "/survey/" in m.body]
    assert mail.to == ["margaret@example.org"]
    assert complaint.reference in mail.subject
    assert survey_url(check) in mail.body
    assert survey_url(check).endswith(f"/survey/{check.token}/")


def test_every_check_has_its_own_token(staff, submit):
    first = in_satisfaction_check(submit, staff)
    second = in_satisfaction_check(
        submit, staff, customer=customer_input(full_name="Ann Other", email="ann@example.org")
    )
    assert pending_check(first).token != pending_check(second).token
    assert SatisfactionCheck.objects.values("token").distinct().count() == 2


def test_a_customer_without_email_gets_no_mail_but_the_check_is_open(
    staff, submit, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        complaint = in_satisfaction_check(
            submit,
            staff,
            channel="phone",
            actor=staff["intake"],
            customer=customer_input(email="", phone="+44 20 7946 0000"),
        )
    assert pending_check(complaint).state == CheckState.PENDING
    assert mailoutbox == []


# --- Answering --------------------------------------------------------------------------


@pytest.mark.parametrize("score", [3, 4, 5])
def test_solved_with_a_fair_score_closes_the_complaint(score, staff, submit, leads, mailoutbox):
    complaint = in_satisfaction_check(submit, staff)
    check = surveys.survey_answer(
        check=pending_check(complaint), solved=True, score=score, comment=" All sorted, thanks. "
    )
    assert (check.state, check.solved, check.score, check.comment) == (
        CheckState.ANSWERED,
        True,
        score,
        "All sorted, thanks.",
    )
    assert check.channel == CheckChannel.LINK and check.recorded_by is None
    assert check.answered_at is not None
    complaint = fresh(complaint)
    assert complaint.status == Status.CLOSED and complaint.closed_at is not None
    answer = journal(complaint, EventKind.SURVEY)[-1]
    assert answer.actor_label == "customer"
    assert answer.note == (
        f"Answer: solved, {score} of 5. In the customer's words: All sorted, thanks."
    )
    last = journal(complaint, EventKind.STATUS)[-1]
    assert (last.from_status, last.to_status, last.actor) == ("satisfaction_check", "closed", None)
    assert journal(complaint, EventKind.ESCALATED) == []


@pytest.mark.parametrize(("solved", "score"), [(False, 5), (False, 1), (True, 2), (True, 1)])
def test_not_solved_or_a_low_score_reopens_and_escalates_to_the_quality_leads(
    solved, score, staff, submit, leads, mailoutbox, django_capture_on_commit_callbacks
):
    complaint = in_satisfaction_check(submit, staff)
    assert complaint.priority == Priority.NORMAL
    words = "The refund never reached my account."
    with django_capture_on_commit_callbacks(execute=True):
        surveys.survey_answer(
            check=pending_check(complaint), solved=solved, score=score, comment=words
        )
    complaint = fresh(complaint)
    assert complaint.status == Status.REOPENED
    assert complaint.priority == Priority.HIGH
    assert complaint.closed_at is None
    # The customer's words are in the journal: the answer, the reopening and the escalation.
    answer = journal(complaint, EventKind.SURVEY)[-1]
    assert words in answer.note
    reopened = journal(complaint, EventKind.STATUS)[-1]
    assert (reopened.to_status, reopened.actor) == ("reopened", None)
    assert words in reopened.note
    [escalated] = journal(complaint, EventKind.ESCALATED)
    assert words in escalated.note
    assert str(leads[0]) in escalated.note and str(leads[1]) in escalated.note
    assert set(escalated.data["lead_ids"]) == {u.pk for u in leads}
    # The lead with an address gets an email; the customer got none about this.
    [mail] = mailoutbox
    assert mail.to == ["quality@redress.example"]
    assert complaint.reference in mail.subject
    assert words in mail.body
    assert f"/staff/complaints/{complaint.reference}/" in mail.body


def test_an_answer_without_comment_still_escalates_with_a_dash(staff, submit, leads):
    complaint = in_satisfaction_check(submit, staff)
    surveys.survey_answer(check=pending_check(complaint), solved=False, score=3)
    [escalated] = journal(fresh(complaint), EventKind.ESCALATED)
    assert "“—”" in escalated.note


def test_a_check_is_answered_once(staff, submit, leads):
    complaint = in_satisfaction_check(submit, staff)
    check = pending_check(complaint)
    surveys.survey_answer(check=check, solved=True, score=5, comment="Great.")
    events_before = JournalEvent.objects.filter(complaint=complaint).count()
    with pytest.raises(surveys.CheckClosed) as error:
        surveys.survey_answer(check=check, solved=False, score=1, comment="Changed my mind.")
    assert error.value.code == "survey_closed" and error.value.status == 410
    check.refresh_from_db()
    assert (check.solved, check.score, check.comment) == (True, 5, "Great.")
    assert fresh(complaint).status == Status.CLOSED
    assert JournalEvent.objects.filter(complaint=complaint).count() == events_before


@pytest.mark.parametrize(
    ("solved", "score", "fields"),
    [
        (None, None, {"solved", "score"}),
        (True, None, {"score"}),
        (None, 4, {"solved"}),
        (True, 0, {"score"}),
        (False, 6, {"score"}),
    ],
)
def test_an_incomplete_answer_is_refused_and_the_check_stays_open(
    solved, score, fields, staff, submit
):
    complaint = in_satisfaction_check(submit, staff)
    with pytest.raises(ValidationFailed) as error:
        surveys.survey_answer(check=pending_check(complaint), solved=solved, score=score)
    assert set(error.value.fields) == fields
    assert pending_check(complaint).answered_at is None
    assert fresh(complaint).status == Status.SATISFACTION_CHECK


# --- Staff and the check ----------------------------------------------------------------


def test_staff_cannot_close_over_the_customers_head_while_the_check_waits(staff, submit):
    complaint = in_satisfaction_check(submit, staff)
    for who in ("handler", "quality"):
        with pytest.raises(TransitionNotAllowed) as error:
            move(complaint, Status.CLOSED, staff[who], "Closing.")
        assert error.value.code == "survey_pending"
    assert fresh(complaint).status == Status.SATISFACTION_CHECK


def test_an_answer_given_by_phone_recorded_by_staff_closes_the_complaint(staff, submit):
    complaint = in_satisfaction_check(submit, staff)
    check = surveys.survey_answer(
        check=pending_check(complaint),
        solved=True,
        score=4,
        comment="Said on the phone it is fine now.",
        actor=staff["handler"],
    )
    assert check.channel == CheckChannel.PHONE and check.recorded_by == staff["handler"]
    assert fresh(complaint).status == Status.CLOSED
    answer = journal(complaint, EventKind.SURVEY)[-1]
    assert answer.actor == staff["handler"]


def test_an_unhappy_answer_given_by_phone_reopens_and_escalates(staff, submit, leads):
    complaint = in_satisfaction_check(submit, staff)
    surveys.survey_answer(
        check=pending_check(complaint),
        solved=False,
        score=2,
        comment="Still broken.",
        actor=staff["handler_mate"],
    )
    complaint = fresh(complaint)
    assert (complaint.status, complaint.priority) == (Status.REOPENED, Priority.HIGH)
    assert len(journal(complaint, EventKind.ESCALATED)) == 1


@pytest.mark.parametrize("who", ["handler_other", "signatory", "intake", "analyst"])
def test_only_staff_who_handle_the_complaint_record_a_phone_answer(who, staff, submit):
    complaint = in_satisfaction_check(submit, staff)
    with pytest.raises(PermissionDenied):
        surveys.survey_answer(
            check=pending_check(complaint), solved=True, score=5, actor=staff[who]
        )
    assert fresh(complaint).status == Status.SATISFACTION_CHECK


def test_a_quality_lead_reopening_cancels_the_waiting_check_and_the_next_round_is_new(
    staff, submit, leads
):
    complaint = in_satisfaction_check(submit, staff)
    first = pending_check(complaint)
    complaint = move(complaint, Status.REOPENED, staff["quality"], "The customer called back.")
    first.refresh_from_db()
    assert first.state == CheckState.CANCELLED
    with pytest.raises(surveys.CheckClosed):
        surveys.survey_answer(check=first, solved=True, score=5)

    # Back through investigation, response and remedies to a second round.
    handler = staff["handler"]
    complaint = move(complaint, Status.INVESTIGATING, handler)
    assert live_decision(complaint) is None
    decide(complaint, handler)
    complaint = move(complaint, Status.RESPONDING, handler)
    # No remedy is open this round: sending the response goes straight to the check.
    finish_remedies(complaint, handler)
    complaint = move(complaint, Status.SATISFACTION_CHECK, handler)
    second = pending_check(complaint)
    assert second.round == 2 and second.token != first.token
    surveys.survey_answer(check=second, solved=True, score=5, comment="Fixed now.")
    assert fresh(complaint).status == Status.CLOSED
    states = list(
        complaint.decisions.order_by("id").values_list("state", flat=True)
    )  # the first decision gave way to the second
    assert states == [DecisionState.SUPERSEDED, DecisionState.CONFIRMED]


def test_reopened_by_the_customer_then_solved_in_a_second_round(staff, submit, leads):
    complaint = in_satisfaction_check(submit, staff)
    surveys.survey_answer(check=pending_check(complaint), solved=False, score=2, comment="No.")
    handler = staff["handler"]
    complaint = move(fresh(complaint), Status.INVESTIGATING, handler)
    decide(complaint, handler)
    complaint = move(complaint, Status.RESPONDING, handler)
    complaint = move(complaint, Status.SATISFACTION_CHECK, handler)
    check = pending_check(complaint)
    assert check.round == 2
    surveys.survey_answer(check=check, solved=True, score=5, comment="Yes, finally.")
    complaint = fresh(complaint)
    assert complaint.status == Status.CLOSED
    path = [e.to_status for e in journal(complaint, EventKind.STATUS)]
    assert path[-6:] == [
        "reopened",
        "investigating",
        "decided",
        "responding",
        "satisfaction_check",
        "closed",
    ]


# --- Reminders and expiry ---------------------------------------------------------------


def test_an_unanswered_check_is_reminded_once_then_recorded_as_unanswered(
    staff, submit, mailoutbox, django_capture_on_commit_callbacks
):
    remind = settings.REDRESS_SURVEY_REMIND_AFTER_DAYS
    expire = settings.REDRESS_SURVEY_EXPIRE_AFTER_DAYS
    start = timezone.now().replace(microsecond=0) - timedelta(days=remind + expire + 5)
    with time_machine.travel(start, tick=False):
        complaint = in_satisfaction_check(submit, staff)
    check = pending_check(complaint)
    survey_events = len(journal(complaint, EventKind.SURVEY))

    def run(at):
        with time_machine.travel(at, tick=False), django_capture_on_commit_callbacks(execute=True):
            return surveys.survey_remind_and_expire()

    # Not yet: one second before the reminder is due.
    assert run(start + timedelta(days=remind, seconds=-1)) == (0, 0)
    assert mailoutbox == []

    reminded_at = start + timedelta(days=remind)
    assert run(reminded_at) == (1, 0)
    check.refresh_from_db()
    assert (check.state, check.reminded_at) == (CheckState.PENDING, reminded_at)
    [mail] = mailoutbox
    assert mail.subject.startswith("Reminder:") and survey_url(check) in mail.body
    assert journal(complaint, EventKind.SURVEY)[-1].note == (
        "Reminder sent for the satisfaction check."
    )
    # Running again changes nothing: one reminder only.
    assert run(reminded_at) == (0, 0)
    assert run(reminded_at + timedelta(days=expire, seconds=-1)) == (0, 0)
    assert len(mailoutbox) == 1

    # The expiry counts from the reminder.
    expired_at = reminded_at + timedelta(days=expire)
    assert run(expired_at) == (0, 1)
    check.refresh_from_db()
    assert check.state == CheckState.UNANSWERED
    assert journal(complaint, EventKind.SURVEY)[-1].note == (
        "The customer did not answer the satisfaction check."
    )
    assert run(expired_at) == (0, 0)
    assert run(expired_at + timedelta(days=30)) == (0, 0)
    assert len(journal(complaint, EventKind.SURVEY)) == survey_events + 2
    assert len(mailoutbox) == 1
    assert fresh(complaint).status == Status.SATISFACTION_CHECK

    # An expired link no longer answers; staff may now close the case.
    with pytest.raises(surveys.CheckClosed):
        surveys.survey_answer(check=check, solved=True, score=5)
    assert move(complaint, Status.CLOSED, staff["handler"], "No answer.").status == Status.CLOSED


def test_reminders_leave_answered_and_cancelled_checks_alone(staff, submit, leads):
    start = timezone.now() - timedelta(days=60)
    with time_machine.travel(start, tick=False):
        answered = in_satisfaction_check(submit, staff)
        surveys.survey_answer(check=pending_check(answered), solved=True, score=5)
        cancelled = in_satisfaction_check(
            submit, staff, customer=customer_input(full_name="Ann", email="ann@example.org")
        )
        move(cancelled, Status.REOPENED, staff["quality"], "Called back.")
    assert surveys.survey_remind_and_expire() == (0, 0)
    states = set(SatisfactionCheck.objects.values_list("state", flat=True))
    assert states == {CheckState.ANSWERED, CheckState.CANCELLED}
