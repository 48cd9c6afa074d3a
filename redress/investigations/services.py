"""Investigation and decision: statements, evidence, facts, the decision and its confirmation."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from redress.accounts.models import User
from redress.accounts.roles import Perm
from redress.complaints.attachments import attachment_errors
from redress.complaints.hooks import TransitionContext
from redress.complaints.lifecycle import Status
from redress.complaints.models import Complaint, EventKind
from redress.complaints.selectors import can_see
from redress.complaints.services import complaint_transition, journal_append
from redress.core.errors import PermissionDenied, TransitionNotAllowed, ValidationFailed
from redress.search import index as search_index

from .models import (
    UPHELD,
    ConfirmationRule,
    Decision,
    DecisionState,
    DisciplinaryMeasure,
    EstablishedFact,
    Evidence,
    FactItem,
    Outcome,
    RootCauseCategory,
    Statement,
    StatementKind,
)
from .selectors import fact_items_for, live_decision

# States in which the facts of a case may still be gathered.
INVESTIGATION_STATES = {Status.REGISTERED, Status.INVESTIGATING, Status.REOPENED, Status.DECIDED}
CONFIRM = "investigations.confirm_decision"
DISCIPLINARY = "investigations.view_disciplinary"


def _fail(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, fields={field: [message]})


def _require_handler(actor: User, complaint: Complaint) -> None:
    if not actor.is_active or not actor.has_perm(Perm.HANDLE.full):
        raise PermissionDenied(_("Your role does not allow this action."))
    if not can_see(actor, complaint):
        raise PermissionDenied(_("This complaint is not yours to handle."))


def _require_state(complaint: Complaint, states: set[Status]) -> None:
    if complaint.status not in states:
        raise TransitionNotAllowed(
            _("This cannot be done while the complaint is “%(status)s”.")
            % {"status": Status(complaint.status).label},
            code="wrong_state",
        )


def _lock(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_for_update().get(pk=complaint.pk)


@transaction.atomic
def statement_record(
    *,
    complaint: Complaint,
    actor: User,
    kind: str,
    text: str,
    employee: User | None = None,
    participants: list[User] | None = None,
) -> Statement:
    """Record one account of what happened: the customer's, an employee's, a team discussion."""
    complaint = _lock(complaint)
    _require_handler(actor, complaint)
    _require_state(complaint, INVESTIGATION_STATES)
    if kind not in StatementKind.values:
        raise _fail("kind", _("Choose whose account this is."))
    if not text.strip():
        raise _fail("text", _("Write down the account."))
    if kind in (StatementKind.INTAKE, StatementKind.EMPLOYEE) and employee is None:
        raise _fail("employee", _("Name the employee whose account this is."))
    if kind == StatementKind.DISCUSSION and not participants:
        raise _fail("participants", _("Name who took part in the discussion."))
    statement = Statement.objects.create(
        complaint=complaint,
        kind=kind,
        employee=employee if kind != StatementKind.CUSTOMER else None,
        text=text.strip(),
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    if kind == StatementKind.DISCUSSION and participants:
        statement.participants.set(participants)
    search_index.refresh([complaint.pk])
    journal_append(
        complaint=complaint,
        kind=EventKind.STATEMENT,
        actor=actor,
        note=StatementKind(kind).label
        + (f": {employee}" if employee and kind != StatementKind.CUSTOMER else ""),
        data={"statement_id": statement.pk, "kind": kind},
    )
    return statement


@transaction.atomic
def evidence_add(
    *, complaint: Complaint, actor: User, files: list[Any], description: str = ""
) -> list[Evidence]:
    complaint = _lock(complaint)
    _require_handler(actor, complaint)
    _require_state(complaint, INVESTIGATION_STATES)
    errors = attachment_errors(files)
    if not files:
        errors.append(_("Choose at least one file."))
    if errors:
        raise ValidationFailed(_("The files could not be accepted."), fields={"files": errors})
    stored = []
    for upload in files:
        evidence = Evidence(
            complaint=complaint,
            original_name=str(upload.name)[:255],
            description=description.strip()[:300],
            size=upload.size,
            uploaded_by=actor,
        )
        evidence.file.save(str(upload.name), upload, save=False)
        evidence.save()
        stored.append(evidence)
        journal_append(
            complaint=complaint,
            kind=EventKind.EVIDENCE,
            actor=actor,
            note=evidence.original_name,
            data={"evidence_id": evidence.pk},
        )
    return stored


@transaction.atomic
def fact_establish(
    *, complaint: Complaint, actor: User, item: FactItem, finding: str
) -> EstablishedFact:
    """Record (or correct) what was established for one item of the checklist."""
    complaint = _lock(complaint)
    _require_handler(actor, complaint)
    _require_state(complaint, INVESTIGATION_STATES)
    if item not in fact_items_for(complaint.category):
        raise _fail("item", _("This fact is not on this complaint's checklist."))
    if not finding.strip():
        raise _fail("finding", _("Write down what was established."))
    fact, created = EstablishedFact.objects.update_or_create(
        complaint=complaint,
        item=item,
        defaults={
            "finding": finding.strip(),
            "established_by": actor,
            "established_at": timezone.now(),
        },
    )
    journal_append(
        complaint=complaint,
        kind=EventKind.FACT,
        actor=actor,
        note=f"{item.label()}: {fact.finding}",
        data={"item_id": item.pk, "corrected": not created},
    )
    return fact


def missing_facts(complaint: Complaint) -> list[FactItem]:
    established = set(
        EstablishedFact.objects.filter(complaint=complaint).values_list("item_id", flat=True)
    )
    return [item for item in fact_items_for(complaint.category) if item.pk not in established]


def needs_confirmation(complaint: Complaint, outcome: str) -> bool:
    rules = ConfirmationRule.objects.filter(is_active=True).filter(
        Q(category__isnull=True) | Q(category_id=complaint.category_id)
    )
    amount = complaint.amount_in_dispute or Decimal(0)
    for rule in rules:
        if rule.outcome and rule.outcome != outcome:
            continue
        if rule.amount_over is not None and amount <= rule.amount_over:
            continue
        if rule.addressed_to_top_management and not complaint.addressed_to_top_management:
            continue
        return True
    return False


def decision_errors(
    *,
    outcome: str,
    reasons: str,
    third_party_name: str,
    third_party_contact: str,
    root_cause_category: RootCauseCategory | None,
    root_cause: str,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if outcome not in Outcome.values:
        errors["outcome"] = [_("Choose the outcome.")]
    if len(reasons.strip()) < 10:
        errors["reasons"] = [_("Give the reasons for the decision in a sentence or more.")]
    if outcome == Outcome.OUTSIDE:
        if not third_party_name.strip():
            errors["third_party_name"] = [_("Name the party the customer should turn to.")]
        if not third_party_contact.strip():
            errors["third_party_contact"] = [_("Say how the customer can reach them.")]
    if outcome in UPHELD:
        if root_cause_category is None:
            errors["root_cause_category"] = [_("Choose the kind of root cause.")]
        if not root_cause.strip():
            errors["root_cause"] = [_("Say what went wrong and why.")]
    return errors


@transaction.atomic
def decision_propose(
    *,
    complaint: Complaint,
    actor: User,
    outcome: str,
    reasons: str,
    third_party_name: str = "",
    third_party_contact: str = "",
    root_cause_category: RootCauseCategory | None = None,
    root_cause: str = "",
) -> Decision:
    """Decide the complaint; where a rule asks for it, a quality lead confirms first."""
    complaint = _lock(complaint)
    _require_handler(actor, complaint)
    _require_state(complaint, {Status.INVESTIGATING})
    errors = decision_errors(
        outcome=outcome,
        reasons=reasons,
        third_party_name=third_party_name,
        third_party_contact=third_party_contact,
        root_cause_category=root_cause_category,
        root_cause=root_cause,
    )
    missing = missing_facts(complaint)
    if missing:
        errors["facts"] = [
            _("Establish these facts first: %(facts)s.")
            % {"facts": ", ".join(item.label() for item in missing)}
        ]
    if errors:
        raise ValidationFailed(_("The decision could not be recorded."), fields=errors)
    Decision.objects.filter(complaint=complaint, state=DecisionState.PROPOSED).update(
        state=DecisionState.SUPERSEDED
    )
    confirm = needs_confirmation(complaint, outcome) and not actor.has_perm(CONFIRM)
    decision = Decision.objects.create(
        complaint=complaint,
        outcome=outcome,
        reasons=reasons.strip(),
        third_party_name=third_party_name.strip() if outcome == Outcome.OUTSIDE else "",
        third_party_contact=third_party_contact.strip() if outcome == Outcome.OUTSIDE else "",
        root_cause_category=root_cause_category,
        root_cause=root_cause.strip(),
        state=DecisionState.PROPOSED if confirm else DecisionState.CONFIRMED,
        decided_by=actor,
        decided_at=timezone.now(),
        confirmed_by=None if confirm else actor,
        confirmed_at=None if confirm else timezone.now(),
    )
    summary = f"{Outcome(outcome).label}: {decision.reasons}"
    if confirm:
        journal_append(
            complaint=complaint,
            kind=EventKind.DECISION,
            actor=actor,
            note=_("Proposed, awaiting a quality lead's confirmation. %(summary)s")
            % {"summary": summary},
            data={"decision_id": decision.pk, "state": decision.state},
        )
    else:
        complaint_transition(complaint=complaint, to=Status.DECIDED, actor=actor, note=summary)
    return decision


def _proposed(complaint: Complaint) -> Decision:
    decision = live_decision(complaint)
    if decision is None or decision.state != DecisionState.PROPOSED:
        raise TransitionNotAllowed(
            _("There is no decision awaiting confirmation."), code="no_proposed_decision"
        )
    return decision


@transaction.atomic
def decision_confirm(*, complaint: Complaint, actor: User, note: str = "") -> Decision:
    complaint = _lock(complaint)
    if not actor.has_perm(CONFIRM):
        raise PermissionDenied(_("Only a quality lead can confirm a decision."))
    decision = _proposed(complaint)
    decision.state = DecisionState.CONFIRMED
    decision.confirmed_by = actor
    decision.confirmed_at = timezone.now()
    decision.review_note = note.strip()
    decision.save(update_fields=["state", "confirmed_by", "confirmed_at", "review_note"])
    complaint_transition(
        complaint=complaint,
        to=Status.DECIDED,
        actor=actor,
        note=f"{Outcome(decision.outcome).label}: {decision.reasons}",
    )
    return decision


@transaction.atomic
def decision_return(*, complaint: Complaint, actor: User, note: str) -> Decision:
    """Send a proposed decision back to the handler with the quality lead's note."""
    complaint = _lock(complaint)
    if not actor.has_perm(CONFIRM):
        raise PermissionDenied(_("Only a quality lead can return a decision."))
    if not note.strip():
        raise _fail("note", _("Say what should be reconsidered."))
    decision = _proposed(complaint)
    decision.state = DecisionState.RETURNED
    decision.review_note = note.strip()
    decision.save(update_fields=["state", "review_note"])
    journal_append(
        complaint=complaint,
        kind=EventKind.DECISION,
        actor=actor,
        note=_("Returned for rework: %(note)s") % {"note": decision.review_note},
        data={"decision_id": decision.pk, "state": decision.state},
    )
    return decision


@transaction.atomic
def disciplinary_record(
    *, complaint: Complaint, actor: User, employee: User | None, measure: str
) -> DisciplinaryMeasure:
    """Restricted: recorded and seen by quality leads (signatories see it too)."""
    complaint = _lock(complaint)
    if not (actor.has_perm(DISCIPLINARY) and actor.has_perm(CONFIRM)):
        raise PermissionDenied(_("Only a quality lead can record a disciplinary measure."))
    errors: dict[str, list[str]] = {}
    if employee is None:
        errors["employee"] = [_("Name the employee at fault.")]
    if not measure.strip():
        errors["measure"] = [_("Describe the measure taken.")]
    if errors:
        raise ValidationFailed(_("The measure could not be recorded."), fields=errors)
    assert employee is not None
    record = DisciplinaryMeasure.objects.create(
        complaint=complaint, employee=employee, measure=measure.strip(), recorded_by=actor
    )
    # The journal says only that a restricted record exists, never whom it concerns.
    journal_append(complaint=complaint, kind=EventKind.RESTRICTED, actor=actor)
    return record


def guard_decided_needs_decision(ctx: TransitionContext) -> None:
    if ctx.source != Status.INVESTIGATING:
        return
    decision = live_decision(ctx.complaint)
    if decision is None or decision.state != DecisionState.CONFIRMED:
        raise TransitionNotAllowed(
            _("Record the decision, with its reasons, before the complaint is decided."),
            code="decision_required",
        )


def after_back_to_investigation(ctx: TransitionContext) -> None:
    # Investigating again (further facts, or a reopened case) needs a fresh decision.
    Decision.objects.filter(
        complaint=ctx.complaint, state__in=[DecisionState.CONFIRMED, DecisionState.PROPOSED]
    ).update(state=DecisionState.SUPERSEDED)
