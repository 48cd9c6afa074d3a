"""Every write to a corrective action plan. Each step is written to the journal of every
complaint the plan links, so a complaint's history shows what was done about its cause."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from redress.accounts.models import User
from redress.complaints.models import Complaint, EventKind
from redress.complaints.selectors import complaints_visible_to
from redress.complaints.services import journal_append
from redress.core.errors import PermissionDenied, TransitionNotAllowed, ValidationFailed
from redress.investigations.models import RootCauseCategory

from .lifecycle import MANAGE, PROPOSE, plan_move
from .models import (
    OPEN_ACTION_STATUSES,
    ActionStatus,
    ClusterKind,
    Plan,
    PlanAction,
    PlanComplaint,
    PlanStatus,
    RecurringCluster,
)

ACTION_NEXT = {
    ActionStatus.OPEN: {ActionStatus.IN_PROGRESS, ActionStatus.DONE, ActionStatus.CANCELLED},
    ActionStatus.IN_PROGRESS: {ActionStatus.DONE, ActionStatus.CANCELLED},
    ActionStatus.DONE: set(),
    ActionStatus.CANCELLED: set(),
}


def _require(actor: User, perm: str) -> None:
    if not actor.is_active or not actor.has_perm(perm):
        raise PermissionDenied(_("Your role does not allow this action."))


def may_propose(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm(PROPOSE))


def may_manage(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm(MANAGE))


def _lock(plan: Plan) -> Plan:
    return Plan.objects.select_for_update(of=("self",)).get(pk=plan.pk)


def _journal(plan: Plan, actor: User, note: str, *, step: str, **data: Any) -> None:
    """One journal event on each complaint of the plan."""
    for complaint in Complaint.objects.filter(plan_links__plan=plan).order_by("pk"):
        journal_append(
            complaint=complaint,
            kind=EventKind.PLAN,
            actor=actor,
            note=note,
            data={"plan_id": plan.pk, "step": step, **data},
        )


def _visible_complaints(actor: User, complaints: Iterable[Complaint]) -> list[Complaint]:
    wanted = {c.pk for c in complaints}
    visible = list(complaints_visible_to(actor).filter(pk__in=wanted).order_by("pk"))
    if len(visible) != len(wanted):
        raise PermissionDenied(_("One of these complaints is not yours to handle."))
    return visible


@transaction.atomic
def plan_propose(
    *,
    actor: User,
    complaints: Iterable[Complaint],
    title: str,
    root_cause: str,
    root_cause_category: RootCauseCategory | None = None,
    source_cluster_key: str = "",
) -> Plan:
    """A new plan for one or many complaints. A quality lead who makes it owns it."""
    _require(actor, PROPOSE)
    linked = _visible_complaints(actor, complaints)
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = [_("Give the plan a short title.")]
    elif len(title.strip()) > 200:
        errors["title"] = [_("Keep the title to 200 characters.")]
    if not root_cause.strip():
        errors["root_cause"] = [_("Say what causes these complaints.")]
    if not linked:
        errors["complaints"] = [_("A plan needs at least one complaint.")]
    if errors:
        raise ValidationFailed(_("The plan could not be created."), fields=errors)
    plan = Plan.objects.create(
        title=title.strip(),
        root_cause=root_cause.strip(),
        root_cause_category=root_cause_category,
        proposed_by=actor,
        owner=actor if actor.has_perm(MANAGE) else None,
        source_cluster_key=source_cluster_key,
    )
    PlanComplaint.objects.bulk_create(
        [PlanComplaint(plan=plan, complaint=c, added_by=actor) for c in linked]
    )
    _journal(
        plan,
        actor,
        _("Corrective action plan #%(id)s proposed: %(title)s")
        % {"id": plan.pk, "title": plan.title},
        step="proposed",
    )
    return plan


@transaction.atomic
def plan_attach(*, plan: Plan, complaint: Complaint, actor: User) -> PlanComplaint:
    """Add a complaint to an existing plan that is not finished yet."""
    _require(actor, PROPOSE)
    plan = _lock(plan)
    _visible_complaints(actor, [complaint])
    if plan.status == PlanStatus.CHECKED:
        raise TransitionNotAllowed(
            _("This plan is finished and checked; propose a new plan instead."),
            code="plan_closed",
        )
    if PlanComplaint.objects.filter(plan=plan, complaint=complaint).exists():
        raise ValidationFailed(
            _("%(reference)s is already part of this plan.") % {"reference": complaint.reference},
            code="already_attached",
        )
    link = PlanComplaint.objects.create(plan=plan, complaint=complaint, added_by=actor)
    journal_append(
        complaint=complaint,
        kind=EventKind.PLAN,
        actor=actor,
        note=_("Attached to corrective action plan #%(id)s: %(title)s")
        % {"id": plan.pk, "title": plan.title},
        data={"plan_id": plan.pk, "step": "attached"},
    )
    return link


@transaction.atomic
def plan_transition(
    *,
    plan: Plan,
    to: str,
    actor: User,
    note: str = "",
    review_on: date | None = None,
) -> Plan:
    """The one write path for a plan's status; refuses moves the table does not allow."""
    plan = _lock(plan)
    source = PlanStatus(plan.status)
    move = plan_move(source, to)
    if move is None:
        target_label = PlanStatus(to).label if to in PlanStatus.values else to
        raise TransitionNotAllowed(
            _("A plan cannot go from “%(source)s” to “%(target)s”.")
            % {"source": source.label, "target": target_label}
        )
    _require(actor, move.perm)
    target = PlanStatus(to)
    note = note.strip()
    if move.note_required and not note:
        raise ValidationFailed(
            _("Say how the problem still recurs."),
            fields={"note": [_("Say how the problem still recurs.")]},
        )
    changed = ["status"]
    today = timezone.localdate()
    if target == PlanStatus.IN_PROGRESS and source == PlanStatus.OPEN:
        if plan.owner_id is None:
            plan.owner = actor
            changed.append("owner")
        if not plan.actions.exists():
            raise TransitionNotAllowed(
                _("Add at least one action before starting the plan."), code="no_actions"
            )
    if target == PlanStatus.DONE:
        still_open = plan.actions.filter(status__in=OPEN_ACTION_STATUSES).count()
        if still_open:
            raise TransitionNotAllowed(
                _("%(count)d actions are still open: finish or cancel them first.")
                % {"count": still_open},
                code="open_actions",
            )
        if not plan.actions.filter(status=ActionStatus.DONE).exists():
            raise TransitionNotAllowed(
                _("No action was done; a plan is done when at least one action is."),
                code="no_actions",
            )
        if review_on is None:
            raise ValidationFailed(
                _("Give the date on which to check that the problem stopped recurring."),
                fields={"review_on": [_("Give the review date.")]},
            )
        if review_on < today:
            raise ValidationFailed(
                _("The review date cannot be in the past."),
                fields={"review_on": [_("The review date cannot be in the past.")]},
            )
        plan.review_on = review_on
        plan.done_at = timezone.now()
        changed += ["review_on", "done_at"]
    if source == PlanStatus.DONE:
        # The effectiveness check, either way, is taken on or after the review date.
        if plan.review_on and today < plan.review_on:
            raise TransitionNotAllowed(
                _("The effectiveness check is due on %(date)s, not before.")
                % {"date": plan.review_on.isoformat()},
                code="review_not_due",
            )
        plan.checked_at = timezone.now()
        plan.checked_by = actor
        plan.check_note = note
        changed += ["checked_at", "checked_by", "check_note"]
    plan.status = target
    plan.save(update_fields=changed)
    if source == PlanStatus.DONE and target == PlanStatus.IN_PROGRESS:
        text = _("Plan #%(id)s: the problem still recurs; back in progress.") % {"id": plan.pk}
    elif target == PlanStatus.CHECKED:
        text = _("Plan #%(id)s: effectiveness checked, the problem stopped recurring.") % {
            "id": plan.pk
        }
    else:
        text = _("Plan #%(id)s: %(source)s → %(target)s") % {
            "id": plan.pk,
            "source": source.label,
            "target": target.label,
        }
    if note:
        text = f"{text} — {note}"
    _journal(plan, actor, text, step="status", from_status=source, to_status=target)
    return plan


@transaction.atomic
def plan_check_effectiveness(*, plan: Plan, actor: User, stopped: bool, note: str = "") -> Plan:
    """Record the review: the problem stopped recurring (checked) or not (back in progress)."""
    target = PlanStatus.CHECKED if stopped else PlanStatus.IN_PROGRESS
    plan = _lock(plan)
    if plan.status != PlanStatus.DONE:
        raise TransitionNotAllowed(
            _("The effectiveness check comes after the plan is done."), code="plan_not_done"
        )
    return plan_transition(plan=plan, to=target, actor=actor, note=note)


@transaction.atomic
def action_add(
    *, plan: Plan, actor: User, description: str, owner: User | None, due_on: date | None
) -> PlanAction:
    _require(actor, MANAGE)
    plan = _lock(plan)
    if plan.status not in (PlanStatus.OPEN, PlanStatus.IN_PROGRESS):
        raise TransitionNotAllowed(
            _("Actions are added while the plan is open or in progress."), code="wrong_state"
        )
    errors: dict[str, list[str]] = {}
    if not description.strip():
        errors["description"] = [_("Say what will be done.")]
    if owner is None or not owner.is_active:
        errors["owner"] = [_("Name the person who will do it.")]
    if due_on is None:
        errors["due_on"] = [_("Give the date by which it will be done.")]
    elif due_on < timezone.localdate():
        errors["due_on"] = [_("The date cannot be in the past.")]
    if errors:
        raise ValidationFailed(_("The action could not be added."), fields=errors)
    assert owner is not None and due_on is not None
    action = PlanAction.objects.create(
        plan=plan, description=description.strip(), owner=owner, due_on=due_on, created_by=actor
    )
    _journal(
        plan,
        actor,
        _("Plan #%(id)s: action added, due %(date)s, owner %(owner)s: %(action)s")
        % {"id": plan.pk, "date": due_on.isoformat(), "owner": owner, "action": action.description},
        step="action_added",
        action_id=action.pk,
    )
    return action


@transaction.atomic
def action_set_status(
    *, action: PlanAction, actor: User, status: str, note: str = ""
) -> PlanAction:
    """Move an action on; done needs a note of what was done, cancelled a reason."""
    action = (
        PlanAction.objects.select_for_update(of=("self",)).select_related("plan").get(pk=action.pk)
    )
    if not (actor.is_active and (actor.has_perm(MANAGE) or action.owner_id == actor.pk)):
        raise PermissionDenied(_("Only the action's owner or a quality lead may update it."))
    current = ActionStatus(action.status)
    if status not in ActionStatus.values or ActionStatus(status) not in ACTION_NEXT[current]:
        target = ActionStatus(status).label if status in ActionStatus.values else status
        raise TransitionNotAllowed(
            _("An action that is “%(current)s” cannot become “%(target)s”.")
            % {"current": current.label, "target": target},
            code="action_transition_not_allowed",
        )
    if action.plan.status not in (PlanStatus.OPEN, PlanStatus.IN_PROGRESS):
        raise TransitionNotAllowed(
            _("The plan is no longer open; its actions cannot change."), code="wrong_state"
        )
    note = note.strip()
    if status == ActionStatus.DONE and not note:
        raise ValidationFailed(
            _("Write down what was done."), fields={"note": [_("Write down what was done.")]}
        )
    if status == ActionStatus.CANCELLED and not note:
        raise ValidationFailed(
            _("Say why the action is cancelled."),
            fields={"note": [_("Say why the action is cancelled.")]},
        )
    action.status = status
    action.note = note or action.note
    changed = ["status", "note"]
    if status == ActionStatus.DONE:
        action.done_at = timezone.now()
        changed.append("done_at")
    action.save(update_fields=changed)
    text = _("Plan #%(id)s: action “%(action)s” is now %(status)s") % {
        "id": action.plan_id,
        "action": action.description[:80],
        "status": ActionStatus(status).label,
    }
    if note:
        text = f"{text} — {note}"
    _journal(action.plan, actor, text, step="action_status", action_id=action.pk, status=status)
    return action


@transaction.atomic
def _cluster_title(cluster: RecurringCluster) -> str:
    """A plan's default title: a text group's label is one complaint's subject, which would
    carry that complaint into the reports; its distinctive terms name the group instead."""
    if cluster.kind == ClusterKind.TEXT and cluster.top_terms:
        return " · ".join(cluster.top_terms)[:200]
    return cluster.label[:200]


def plan_from_cluster(
    *,
    cluster: RecurringCluster,
    actor: User,
    root_cause: str,
    title: str = "",
    root_cause_category: RootCauseCategory | None = None,
) -> Plan:
    """Make a plan from a recurring-problems cluster in one step, linking all its members."""
    members = list(Complaint.objects.filter(pk__in=cluster.links.values("complaint_id")))
    return plan_propose(
        actor=actor,
        complaints=members,
        title=title.strip() or _cluster_title(cluster),
        root_cause=root_cause,
        root_cause_category=root_cause_category,
        source_cluster_key=cluster.key,
    )
