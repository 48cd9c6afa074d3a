"""Agreed remedies and their progress; a complaint cannot close while one is open."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from redress.accounts.models import User
from redress.accounts.roles import Perm
from redress.complaints.hooks import TransitionContext
from redress.complaints.lifecycle import Status
from redress.complaints.models import Complaint, EventKind
from redress.complaints.selectors import can_see
from redress.complaints.services import journal_append
from redress.core.errors import PermissionDenied, TransitionNotAllowed, ValidationFailed

from .models import MONEY_KINDS, OPEN_REMEDY, Remedy, RemedyKind, RemedyStatus

# Remedies are agreed once the facts are known, and tracked until the case ends.
REMEDY_STATES = {
    Status.INVESTIGATING,
    Status.DECIDED,
    Status.RESPONDING,
    Status.REMEDYING,
    Status.REOPENED,
}
NEXT = {
    RemedyStatus.AGREED: {RemedyStatus.IN_PROGRESS, RemedyStatus.DONE, RemedyStatus.CANCELLED},
    RemedyStatus.IN_PROGRESS: {RemedyStatus.DONE, RemedyStatus.CANCELLED},
    RemedyStatus.DONE: set(),
    RemedyStatus.CANCELLED: set(),
}


def _require(actor: User, complaint: Complaint) -> None:
    if not actor.is_active or not actor.has_perm(Perm.HANDLE.full):
        raise PermissionDenied(_("Your role does not allow this action."))
    if not can_see(actor, complaint):
        raise PermissionDenied(_("This complaint is not yours to handle."))


@transaction.atomic
def remedy_add(
    *,
    complaint: Complaint,
    actor: User,
    kind: str,
    owner: User | None,
    due_on: date | None,
    description: str = "",
    amount: Decimal | None = None,
    currency: str = "",
    cost: Decimal | None = None,
) -> Remedy:
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    _require(actor, complaint)
    if complaint.status not in REMEDY_STATES:
        raise TransitionNotAllowed(
            _("Remedies can be agreed from the investigation until the remedies stage."),
            code="wrong_state",
        )
    errors: dict[str, list[str]] = {}
    if kind not in RemedyKind.values:
        errors["kind"] = [_("Choose the kind of remedy.")]
    if owner is None or not owner.is_active:
        errors["owner"] = [_("Name the person who will carry it out.")]
    if due_on is None:
        errors["due_on"] = [_("Give the date by which it will be done.")]
    elif due_on < timezone.localdate():
        errors["due_on"] = [_("The date cannot be in the past.")]
    if kind in MONEY_KINDS:
        if amount is None or amount <= 0:
            errors["amount"] = [_("Give the amount.")]
        if not currency.strip():
            errors["currency"] = [_("Give the currency, for example EUR.")]
    if amount is not None and amount < 0:
        errors["amount"] = [_("The amount cannot be negative.")]
    if cost is not None and cost < 0:
        errors["cost"] = [_("The cost cannot be negative.")]
    if errors:
        raise ValidationFailed(_("The remedy could not be recorded."), fields=errors)
    assert owner is not None and due_on is not None
    remedy = Remedy.objects.create(
        complaint=complaint,
        kind=kind,
        description=description.strip(),
        amount=amount,
        currency=currency.strip().upper(),
        owner=owner,
        due_on=due_on,
        cost=cost if cost is not None else (amount if kind == RemedyKind.REFUND else None),
        created_by=actor,
    )
    journal_append(
        complaint=complaint,
        kind=EventKind.REMEDY,
        actor=actor,
        note=_("%(remedy)s agreed, due %(date)s, owner %(owner)s.")
        % {"remedy": RemedyKind(kind).label, "date": due_on.isoformat(), "owner": owner},
        data={"remedy_id": remedy.pk, "status": remedy.status},
    )
    return remedy


@transaction.atomic
def remedy_set_status(
    *, remedy: Remedy, actor: User, status: str, note: str = "", cost: Decimal | None = None
) -> Remedy:
    """Move a remedy on: in progress, done (with what was done), or cancelled (with why)."""
    remedy = (
        Remedy.objects.select_for_update(of=("self",)).select_related("complaint").get(pk=remedy.pk)
    )
    _require(actor, remedy.complaint)
    current = RemedyStatus(remedy.status)
    if status not in RemedyStatus.values or RemedyStatus(status) not in NEXT[current]:
        raise TransitionNotAllowed(
            _("A remedy that is “%(current)s” cannot become “%(target)s”.")
            % {"current": current.label, "target": status},
            code="remedy_transition_not_allowed",
        )
    if status == RemedyStatus.CANCELLED and not note.strip():
        raise ValidationFailed(
            _("Say why the remedy is cancelled."),
            fields={"note": [_("Say why the remedy is cancelled.")]},
        )
    if cost is not None and cost < 0:
        raise ValidationFailed(
            _("The cost cannot be negative."), fields={"cost": [_("The cost cannot be negative.")]}
        )
    remedy.status = status
    remedy.note = note.strip() or remedy.note
    changed = ["status", "note"]
    if cost is not None:
        remedy.cost = cost
        changed.append("cost")
    if status == RemedyStatus.DONE:
        remedy.done_at = timezone.now()
        changed.append("done_at")
    remedy.save(update_fields=changed)
    journal_append(
        complaint=remedy.complaint,
        kind=EventKind.REMEDY,
        actor=actor,
        note=f"{RemedyKind(remedy.kind).label}: {RemedyStatus(status).label}"
        + (f" — {note.strip()}" if note.strip() else ""),
        data={"remedy_id": remedy.pk, "status": status},
    )
    return remedy


def open_remedies(complaint: Complaint) -> list[Remedy]:
    return list(Remedy.objects.filter(complaint=complaint, status__in=OPEN_REMEDY))


def guard_no_open_remedies(ctx: TransitionContext) -> None:
    """Closing, or asking for satisfaction, waits until every agreed remedy is done."""
    pending = open_remedies(ctx.complaint)
    if pending:
        raise TransitionNotAllowed(
            _("%(count)d agreed remedies are still open: finish or cancel them first.")
            % {"count": len(pending)},
            code="open_remedies",
        )
