"""Corrective action plans: lifecycle, permissions and the journal of every linked complaint."""

from datetime import timedelta

import pytest
from django.utils import timezone

from redress.complaints.models import EventKind, JournalEvent
from redress.core.errors import PermissionDenied, TransitionNotAllowed, ValidationFailed
from redress.improvement import services
from redress.improvement.lifecycle import TRANSITIONS
from redress.improvement.models import ActionStatus, Plan, PlanAction, PlanStatus
from tests.stages import investigating, root_cause

pytestmark = pytest.mark.django_db

ROOT = "The carrier Swiftline loses parcels at its depot; nobody chases missing scans."


def today():
    return timezone.localdate()


def plan_events(complaint):
    return list(JournalEvent.objects.filter(complaint=complaint, kind=EventKind.PLAN))


@pytest.fixture
def two(submit, staff):
    return [
        investigating(submit, staff),
        investigating(submit, staff, subject="Second parcel lost"),
    ]


def propose(staff, complaints, who="quality", **extra):
    return services.plan_propose(
        actor=staff[who], complaints=complaints, title="Lost parcels", root_cause=ROOT, **extra
    )


def add_action(plan, staff, **extra):
    fields = {
        "description": "Scan every parcel at the depot gate.",
        "owner": staff["handler"],
        "due_on": today() + timedelta(days=7),
    }
    fields.update(extra)
    return services.action_add(plan=plan, actor=staff["quality"], **fields)


def run_to_done(plan, staff, review_on=None):
    action = add_action(plan, staff)
    services.plan_transition(plan=plan, to=PlanStatus.IN_PROGRESS, actor=staff["quality"])
    services.action_set_status(
        action=action, actor=staff["handler"], status=ActionStatus.DONE, note="Scanners installed."
    )
    return services.plan_transition(
        plan=plan, to=PlanStatus.DONE, actor=staff["quality"], review_on=review_on or today()
    )


def test_a_quality_lead_proposes_a_plan_for_two_complaints_and_owns_it(staff, two):
    plan = propose(staff, two, root_cause_category=root_cause())
    assert plan.status == PlanStatus.OPEN
    assert plan.owner == staff["quality"]
    assert set(plan.complaints.all()) == set(two)
    for complaint in two:
        (event,) = plan_events(complaint)
        assert event.actor == staff["quality"]
        assert event.data == {"plan_id": plan.pk, "step": "proposed"}
        assert "Lost parcels" in event.note


def test_a_handler_proposes_a_plan_that_waits_for_a_quality_lead(staff, two):
    plan = propose(staff, two[:1], who="handler")
    assert plan.owner is None and plan.proposed_by == staff["handler"]
    add_action(plan, staff)
    services.plan_transition(plan=plan, to=PlanStatus.IN_PROGRESS, actor=staff["quality"])
    plan.refresh_from_db()
    assert (plan.status, plan.owner) == (PlanStatus.IN_PROGRESS, staff["quality"])


@pytest.mark.parametrize("who", ["intake", "signatory", "analyst", "nobody"])
def test_roles_without_the_permission_cannot_propose(staff, two, who):
    with pytest.raises(PermissionDenied):
        propose(staff, two, who=who)
    assert not Plan.objects.exists()


def test_a_handler_cannot_put_another_teams_complaint_in_a_plan(staff, two):
    with pytest.raises(PermissionDenied):
        propose(staff, two, who="handler_other")


def test_a_handler_cannot_start_or_run_a_plan(staff, two):
    plan = propose(staff, two, who="handler")
    with pytest.raises(PermissionDenied):
        services.action_add(
            plan=plan,
            actor=staff["handler"],
            description="x",
            owner=staff["handler"],
            due_on=today(),
        )
    with pytest.raises(PermissionDenied):
        services.plan_transition(plan=plan, to=PlanStatus.IN_PROGRESS, actor=staff["handler"])


def test_a_plan_needs_a_title_a_root_cause_and_a_complaint(staff, two):
    with pytest.raises(ValidationFailed) as caught:
        services.plan_propose(actor=staff["quality"], complaints=[], title=" ", root_cause="")
    assert set(caught.value.fields) == {"title", "root_cause", "complaints"}


def test_the_whole_lifecycle_writes_each_step_to_every_complaints_journal(staff, two):
    plan = propose(staff, two)
    plan = run_to_done(plan, staff, review_on=today())
    assert plan.status == PlanStatus.DONE and plan.review_on == today()
    plan = services.plan_check_effectiveness(
        plan=plan, actor=staff["quality"], stopped=True, note="No new lost parcels."
    )
    assert plan.status == PlanStatus.CHECKED
    assert plan.checked_by == staff["quality"] and plan.check_note == "No new lost parcels."
    for complaint in two:
        steps = [e.data["step"] for e in plan_events(complaint)]
        assert steps == ["proposed", "action_added", "status", "action_status", "status", "status"]
        assert [e.data.get("to_status") for e in plan_events(complaint)][-1] == "checked"


def test_a_failed_effectiveness_check_sends_the_plan_back_with_the_reason(staff, two):
    plan = run_to_done(propose(staff, two), staff)
    with pytest.raises(ValidationFailed) as caught:
        services.plan_check_effectiveness(plan=plan, actor=staff["quality"], stopped=False)
    assert "note" in caught.value.fields
    plan = services.plan_check_effectiveness(
        plan=plan, actor=staff["quality"], stopped=False, note="Two more lost in May."
    )
    assert plan.status == PlanStatus.IN_PROGRESS
    last = plan_events(two[0])[-1]
    assert "still recurs" in last.note and "Two more lost in May." in last.note


def test_the_check_is_refused_before_the_review_date(staff, two):
    plan = run_to_done(propose(staff, two), staff, review_on=today() + timedelta(days=30))
    with pytest.raises(TransitionNotAllowed) as caught:
        services.plan_check_effectiveness(plan=plan, actor=staff["quality"], stopped=True)
    assert caught.value.code == "review_not_due"
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.DONE


def test_starting_needs_an_action_and_done_needs_every_action_finished(staff, two):
    plan = propose(staff, two)
    with pytest.raises(TransitionNotAllowed) as caught:
        services.plan_transition(plan=plan, to=PlanStatus.IN_PROGRESS, actor=staff["quality"])
    assert caught.value.code == "no_actions"
    add_action(plan, staff)
    services.plan_transition(plan=plan, to=PlanStatus.IN_PROGRESS, actor=staff["quality"])
    with pytest.raises(TransitionNotAllowed) as caught:
        services.plan_transition(
            plan=plan, to=PlanStatus.DONE, actor=staff["quality"], review_on=today()
        )
    assert caught.value.code == "open_actions"
    assert "1 actions are still open" in str(caught.value.message)


def test_done_needs_a_review_date_not_in_the_past(staff, two):
    plan = propose(staff, two)
    action = add_action(plan, staff)
    services.plan_transition(plan=plan, to=PlanStatus.IN_PROGRESS, actor=staff["quality"])
    services.action_set_status(action=action, actor=staff["quality"], status="done", note="Done.")
    with pytest.raises(ValidationFailed) as caught:
        services.plan_transition(plan=plan, to=PlanStatus.DONE, actor=staff["quality"])
    assert set(caught.value.fields) == {"review_on"}
    with pytest.raises(ValidationFailed):
        services.plan_transition(
            plan=plan,
            to=PlanStatus.DONE,
            actor=staff["quality"],
            review_on=today() - timedelta(days=1),
        )


ALL = list(PlanStatus)


@pytest.mark.parametrize("source", ALL)
@pytest.mark.parametrize("target", ALL)
def test_every_pair_of_states_is_allowed_exactly_when_the_table_says(staff, two, source, target):
    plan = propose(staff, two)
    action = add_action(plan, staff)
    action.status = ActionStatus.DONE
    action.save()
    Plan.objects.filter(pk=plan.pk).update(status=source, review_on=today())
    plan.refresh_from_db()
    kwargs = {"note": "Still happening.", "review_on": today()}
    if (source, target) in TRANSITIONS:
        services.plan_transition(plan=plan, to=target, actor=staff["quality"], **kwargs)
        assert Plan.objects.get(pk=plan.pk).status == target
    else:
        with pytest.raises(TransitionNotAllowed) as caught:
            services.plan_transition(plan=plan, to=target, actor=staff["quality"], **kwargs)
        assert str(PlanStatus(source).label) in str(caught.value.message)
        assert Plan.objects.get(pk=plan.pk).status == source


def test_attaching_a_complaint_to_an_existing_plan(staff, two, submit):
    plan = propose(staff, two[:1])
    services.plan_attach(plan=plan, complaint=two[1], actor=staff["handler"])
    assert set(plan.complaints.all()) == set(two)
    (event,) = plan_events(two[1])
    assert event.data["step"] == "attached" and event.actor == staff["handler"]
    with pytest.raises(ValidationFailed) as caught:
        services.plan_attach(plan=plan, complaint=two[1], actor=staff["handler"])
    assert caught.value.code == "already_attached"


def test_a_checked_plan_takes_no_more_complaints(staff, two):
    plan = run_to_done(propose(staff, two[:1]), staff)
    services.plan_check_effectiveness(plan=plan, actor=staff["quality"], stopped=True)
    with pytest.raises(TransitionNotAllowed) as caught:
        services.plan_attach(plan=plan, complaint=two[1], actor=staff["quality"])
    assert caught.value.code == "plan_closed"


def test_an_action_needs_owner_due_date_and_text_and_done_needs_what_was_done(staff, two):
    plan = propose(staff, two)
    with pytest.raises(ValidationFailed) as caught:
        services.action_add(
            plan=plan, actor=staff["quality"], description="", owner=None, due_on=None
        )
    assert set(caught.value.fields) == {"description", "owner", "due_on"}
    action = add_action(plan, staff)
    with pytest.raises(ValidationFailed) as caught:
        services.action_set_status(action=action, actor=staff["handler"], status="done")
    assert set(caught.value.fields) == {"note"}
    services.action_set_status(action=action, actor=staff["handler"], status="done", note="Ok.")
    with pytest.raises(TransitionNotAllowed):
        services.action_set_status(action=action, actor=staff["handler"], status="open")


def test_only_the_actions_owner_or_a_quality_lead_updates_it(staff, two):
    plan = propose(staff, two)
    action = add_action(plan, staff)
    with pytest.raises(PermissionDenied):
        services.action_set_status(action=action, actor=staff["handler_mate"], status="in_progress")
    assert PlanAction.objects.get(pk=action.pk).status == ActionStatus.OPEN


@pytest.mark.parametrize(
    ("who", "may_propose", "may_manage"),
    [
        ("handler", True, False),
        ("quality", True, True),
        ("intake", False, False),
        ("signatory", False, False),
        ("analyst", False, False),
        ("admin", False, False),
    ],
)
def test_the_roles_carry_the_plan_permissions(staff, who, may_propose, may_manage):
    user = staff[who]
    assert services.may_propose(user) is may_propose
    assert services.may_manage(user) is may_manage
