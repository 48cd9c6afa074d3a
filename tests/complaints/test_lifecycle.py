"""Every pair of states, allowed and refused, and every role against every allowed move."""

import itertools

import pytest

from redress.accounts.roles import ROLE_PERMISSIONS, Role
from redress.complaints import services
from redress.complaints.lifecycle import TRANSITIONS, Status
from redress.complaints.models import Complaint, EventKind, JournalEvent
from redress.core.errors import PermissionDenied, TransitionNotAllowed
from redress.investigations.models import Decision, DecisionState, Outcome
from redress.investigations.selectors import fact_items_for
from redress.investigations.services import decision_propose, fact_establish
from redress.letters.models import Letter, LetterState
from redress.surveys.services import survey_answer
from tests.stages import move

ALL_PAIRS = [(a, b) for a, b in itertools.product(Status, Status) if a != b]
ROLE_USER = {
    Role.INTAKE_OPERATOR: "intake",
    Role.HANDLER: "handler",
    Role.QUALITY_LEAD: "quality",
    Role.SIGNATORY: "signatory",
    Role.ANALYST: "analyst",
    Role.ADMINISTRATOR: "admin",
}


def ready_for(complaint: Complaint, target: Status, actor) -> None:
    """Test set-up: meet the later stages' guards for this move (a confirmed decision, and
    leaving "responding", the signed response sent)."""
    leaving_response = complaint.status == Status.RESPONDING and target in (
        Status.REMEDYING,
        Status.SATISFACTION_CHECK,
    )
    if target == Status.DECIDED or leaving_response:
        decision = Decision.objects.create(
            complaint=complaint,
            outcome=Outcome.NOT_JUSTIFIED,
            reasons="Test reasons given.",
            state=DecisionState.CONFIRMED,
            decided_by=actor,
        )
    if leaving_response:
        Letter.objects.create(
            complaint=complaint,
            kind=decision.outcome,
            language="en",
            decision=decision,
            state=LetterState.SENT,
            created_by=actor,
        )


def put_in(complaint: Complaint, status: Status, assignee) -> Complaint:
    # Test set-up only: place the complaint in a state without walking the path.
    Complaint.objects.filter(pk=complaint.pk).update(
        status=status, assignee=assignee, team=assignee.team
    )
    complaint.refresh_from_db()
    return complaint


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target"), ALL_PAIRS, ids=lambda s: str(s))
def test_every_pair_is_allowed_exactly_when_the_table_says_so(source, target, staff, submit):
    complaint = put_in(submit(), source, staff["handler"])
    events_before = JournalEvent.objects.filter(complaint=complaint).count()
    call = {"complaint": complaint, "to": target, "actor": staff["quality"], "note": "why"}
    if (source, target) in TRANSITIONS:
        ready_for(complaint, target, staff["quality"])
        if target == Status.REGISTERED:
            services.complaint_register(
                complaint=complaint, actor=staff["quality"], assignee=staff["handler"]
            )
        else:
            services.complaint_transition(**call)
        complaint.refresh_from_db()
        assert complaint.status == target
        last = JournalEvent.objects.filter(complaint=complaint, kind=EventKind.STATUS).last()
        assert (last.from_status, last.to_status, last.actor) == (source, target, staff["quality"])
    else:
        with pytest.raises(TransitionNotAllowed):
            services.complaint_transition(**call)
        complaint.refresh_from_db()
        assert complaint.status == source
        assert JournalEvent.objects.filter(complaint=complaint).count() == events_before


def _role_may(role: Role, perm) -> bool:
    return perm in ROLE_PERMISSIONS[role]


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(ROLE_USER), ids=str)
@pytest.mark.parametrize(("source", "target"), list(TRANSITIONS), ids=str)
def test_each_role_may_make_only_the_moves_its_permissions_allow(
    role, source, target, staff, submit
):
    complaint = put_in(submit(), source, staff["handler"])
    ready_for(complaint, target, staff["handler"])
    actor = staff[ROLE_USER[role]]
    move = TRANSITIONS[(source, target)]
    if target == Status.REGISTERED:

        def act():
            return services.complaint_register(
                complaint=complaint, actor=actor, assignee=staff["handler"]
            )
    else:

        def act():
            return services.complaint_transition(
                complaint=complaint, to=target, actor=actor, note="reason"
            )

    visible = role in (Role.QUALITY_LEAD, Role.SIGNATORY, Role.HANDLER) or (
        role is Role.INTAKE_OPERATOR and source in (Status.RECEIVED, Status.ACKNOWLEDGED)
    )
    if _role_may(role, move.perm) and visible:
        act()
        complaint.refresh_from_db()
        assert complaint.status == target
    else:
        with pytest.raises(PermissionDenied):
            act()
        complaint.refresh_from_db()
        assert complaint.status == source


@pytest.mark.django_db
def test_a_handler_cannot_move_a_complaint_of_another_team(staff, submit):
    complaint = put_in(submit(), Status.REGISTERED, staff["handler"])
    with pytest.raises(PermissionDenied):
        services.complaint_transition(
            complaint=complaint, to=Status.INVESTIGATING, actor=staff["handler_other"]
        )
    services.complaint_transition(
        complaint=complaint, to=Status.INVESTIGATING, actor=staff["handler_mate"]
    )
    complaint.refresh_from_db()
    assert complaint.status == Status.INVESTIGATING


@pytest.mark.django_db
def test_moves_that_need_a_reason_are_refused_without_one(staff, submit):
    from redress.core.errors import ValidationFailed

    complaint = put_in(submit(), Status.INVESTIGATING, staff["handler"])
    with pytest.raises(ValidationFailed) as error:
        services.complaint_transition(
            complaint=complaint, to=Status.DECIDED, actor=staff["handler"], note="  "
        )
    assert "note" in error.value.fields
    complaint.refresh_from_db()
    assert complaint.status == Status.INVESTIGATING


@pytest.mark.django_db
def test_the_whole_lifecycle_from_web_form_to_closed_is_in_the_journal(staff, submit):
    c = submit()
    assert c.status == Status.ACKNOWLEDGED  # web intake acknowledges automatically
    services.complaint_register(complaint=c, actor=staff["quality"], assignee=staff["handler"])
    h = staff["handler"]
    c = services.complaint_transition(complaint=c, to=Status.INVESTIGATING, actor=h)
    for item in fact_items_for(c.category):
        fact_establish(complaint=c, actor=h, item=item, finding="Established.")
    decision_propose(
        complaint=c,
        actor=h,
        outcome=Outcome.NOT_JUSTIFIED,
        reasons="The warranty expired a year before the fault.",
    )
    c = move(c, Status.RESPONDING, h)
    # Sending the signed response moves it on: no remedy is open, so to the satisfaction check.
    c = move(c, Status.SATISFACTION_CHECK, h)
    survey_answer(check=c.satisfaction_checks.get(), solved=True, score=5, comment="Thanks")
    c.refresh_from_db()
    assert c.status == Status.CLOSED and c.closed_at is not None
    path = list(
        JournalEvent.objects.filter(complaint=c, kind=EventKind.STATUS).values_list(
            "to_status", flat=True
        )
    )
    assert path == [
        "acknowledged",
        "registered",
        "investigating",
        "decided",
        "responding",
        "satisfaction_check",
        "closed",
    ]


@pytest.mark.django_db
def test_resolution_at_first_contact_closes_with_the_resolution_recorded(staff, submit):
    c = submit(channel="phone", actor=staff["intake"])
    assert c.status == Status.RECEIVED
    c = services.complaint_resolve_at_first_contact(
        complaint=c, actor=staff["intake"], resolution="Replaced on the spot."
    )
    assert c.status == Status.CLOSED and c.resolved_at_first_contact
    assert c.events.last().note == "Replaced on the spot."
