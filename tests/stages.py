"""Test set-up for the later stages: walk a complaint there through the real services."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from redress.complaints import services
from redress.complaints.lifecycle import Status
from redress.complaints.models import Complaint
from redress.investigations import services as inv
from redress.investigations.models import Decision, Outcome, RootCauseCategory
from redress.investigations.selectors import fact_items_for, live_decision
from redress.letters import services as letters
from redress.letters.models import Letter, Signature
from redress.remedies import services as rem
from redress.remedies.models import OPEN_REMEDY, Remedy, RemedyKind
from redress.surveys.models import CheckState, SatisfactionCheck

REASONS = "The carrier's log shows the parcel was never delivered."


def fresh(complaint: Complaint) -> Complaint:
    return Complaint.objects.get(pk=complaint.pk)


def investigating(submit, staff, **overrides) -> Complaint:
    """A complaint (acknowledged by intake if need be), registered to the handler, investigated."""
    complaint = submit(**overrides)
    if complaint.status == Status.RECEIVED:
        services.complaint_acknowledge(complaint=complaint, actor=staff["intake"])
    services.complaint_register(
        complaint=complaint, actor=staff["quality"], assignee=staff["handler"]
    )
    services.complaint_transition(
        complaint=complaint, to=Status.INVESTIGATING, actor=staff["handler"]
    )
    complaint = fresh(complaint)
    assert complaint.status == Status.INVESTIGATING
    return complaint


def establish_facts(complaint: Complaint, actor) -> None:
    for item in fact_items_for(complaint.category):
        inv.fact_establish(
            complaint=complaint, actor=actor, item=item, finding=f"Found: {item.text_en}."
        )


def root_cause() -> RootCauseCategory:
    return RootCauseCategory.objects.get(code="supplier")


def decide(complaint: Complaint, actor, outcome: str = Outcome.JUSTIFIED, **extra) -> Decision:
    """Establish every fact, then record a complete decision for `outcome`."""
    establish_facts(complaint, actor)
    fields = {"reasons": REASONS}
    if outcome in (Outcome.JUSTIFIED, Outcome.PARTLY_JUSTIFIED):
        fields |= {"root_cause_category": root_cause(), "root_cause": "The carrier lost it."}
    if outcome == Outcome.OUTSIDE:
        fields |= {
            "third_party_name": "Northwind Appliances",
            "third_party_contact": "service@northwind.example",
        }
    fields |= extra
    return inv.decision_propose(complaint=complaint, actor=actor, outcome=outcome, **fields)


def decided(submit, staff, outcome: str = Outcome.JUSTIFIED, **overrides) -> Complaint:
    complaint = investigating(submit, staff, **overrides)
    decide(complaint, staff["handler"], outcome)
    complaint = fresh(complaint)
    assert complaint.status == Status.DECIDED
    return complaint


def add_remedy(complaint: Complaint, actor, kind: str = RemedyKind.REFUND, **extra) -> Remedy:
    fields = {
        "owner": actor,
        "due_on": timezone.localdate() + timedelta(days=7),
    }
    if kind in (RemedyKind.REFUND, RemedyKind.DISCOUNT):
        fields |= {"amount": Decimal("49.90"), "currency": "EUR"}
    fields |= extra
    return rem.remedy_add(complaint=complaint, actor=actor, kind=kind, **fields)


def finish_remedies(complaint: Complaint, actor) -> None:
    for remedy in Remedy.objects.filter(complaint=complaint, status__in=OPEN_REMEDY):
        rem.remedy_set_status(remedy=remedy, actor=actor, status="done", note="Carried out.")


PREVENTION = "Every parcel is now scanned at the depot gate."


def signatory_of(actor) -> object:
    """The first signatory; their signature is set up on first use."""
    from redress.accounts.models import User

    signer = User.objects.filter(groups__name="signatory").order_by("pk").first()
    assert signer is not None, "the staff fixture has a signatory"
    Signature.objects.get_or_create(
        user=signer, defaults={"name": str(signer), "title": "Head of customer service"}
    )
    return signer


def respond(complaint: Complaint, actor, via: str = "post") -> Letter:
    """Draft the response from the case, have the signatory sign it and send it (by post)."""
    complaint = fresh(complaint)
    decision = live_decision(complaint)
    assert decision is not None
    letter = letters.letter_create(
        complaint=complaint, actor=actor, kind=decision.outcome, prevention=PREVENTION
    )
    letters.letter_approve(letter=letter, actor=signatory_of(actor))
    return letters.letter_send(
        letter=letter, actor=actor, via=via, to="1 Test Street, London" if via == "post" else ""
    )


def move(complaint: Complaint, to: str, actor, note: str = "") -> Complaint:
    """Move the complaint; leaving "responding" sends the signed response first, as it must."""
    complaint = fresh(complaint)
    leaving_response = complaint.status == Status.RESPONDING and to in (
        Status.REMEDYING,
        Status.SATISFACTION_CHECK,
    )
    open_remedies = Remedy.objects.filter(complaint=complaint, status__in=OPEN_REMEDY).exists()
    if (
        leaving_response
        and not letters.response_sent(complaint)
        and (to == Status.REMEDYING or not open_remedies)
    ):
        respond(complaint, actor)
        complaint = fresh(complaint)
        if complaint.status == to:
            return complaint
    services.complaint_transition(complaint=complaint, to=to, actor=actor, note=note)
    return fresh(complaint)


def in_satisfaction_check(submit, staff, *, remedies: int = 1, **overrides) -> Complaint:
    """Decided (justified), a refund done, responded, remedied, and the customer asked."""
    complaint = decided(submit, staff, **overrides)
    handler = staff["handler"]
    for _ in range(remedies):
        add_remedy(complaint, handler)
    complaint = move(complaint, Status.RESPONDING, handler)
    complaint = move(complaint, Status.REMEDYING, handler)
    finish_remedies(complaint, handler)
    complaint = move(complaint, Status.SATISFACTION_CHECK, handler)
    assert complaint.status == Status.SATISFACTION_CHECK
    return complaint


def pending_check(complaint: Complaint) -> SatisfactionCheck:
    return SatisfactionCheck.objects.get(complaint=complaint, state=CheckState.PENDING)


def advance(complaint: Complaint, to: str, actor) -> Complaint:
    """One step forward the way the product requires it: deciding records a decision,
    leaving "responding" sends the signed response, closing a satisfaction check takes
    the customer's answer (solved, 5 of 5)."""
    from redress.surveys.services import survey_answer

    complaint = fresh(complaint)
    if to == Status.DECIDED and complaint.status == Status.INVESTIGATING:
        decide(complaint, actor)
        return fresh(complaint)
    if to == Status.CLOSED and complaint.status == Status.SATISFACTION_CHECK:
        survey_answer(check=pending_check(complaint), solved=True, score=5, comment="Solved.")
        return fresh(complaint)
    return move(complaint, to, actor)
