"""Letters: draft, save a version, approve and sign, send. One atomic function per use case.

How a letter moves the complaint (documented in docs/letters.md):
- A final letter (the kind of the decision's outcome) is drafted in "decided" or
  "responding"; drafting it in "decided" moves the complaint to "responding".
- Only a signatory approves, only while the checker finds no errors, and approval signs
  one version; editing afterwards makes a new version that needs approval again.
- Nothing is sent unsigned. Sending a final letter (by email or marked as sent by post)
  moves the complaint on: to "remedying" while agreed remedies are open, otherwise to
  "satisfaction check". Until then a guard keeps the complaint in "responding".
- A holding reply (more time needed) and a summary resolution are sent the same way
  and never move the complaint.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from redress.accounts.models import User
from redress.accounts.roles import Perm
from redress.complaints.hooks import TransitionContext
from redress.complaints.lifecycle import Status, move_for
from redress.complaints.models import Complaint, EventKind
from redress.complaints.selectors import can_see
from redress.complaints.services import complaint_transition, journal_append
from redress.core.errors import PermissionDenied, TransitionNotAllowed, ValidationFailed
from redress.investigations.models import Decision, DecisionState
from redress.investigations.selectors import live_decision
from redress.remedies.models import OPEN_REMEDY, Remedy

from . import checker, composer
from .delivery import send_letter_email
from .models import (
    FINAL_KINDS,
    Approval,
    Letter,
    LetterKind,
    LetterState,
    LetterTemplate,
    LetterVersion,
    SentVia,
    Signature,
)

# Where each kind of letter may be written.
FINAL_STATES = {Status.DECIDED, Status.RESPONDING}
HOLDING_STATES = {
    Status.ACKNOWLEDGED,
    Status.REGISTERED,
    Status.INVESTIGATING,
    Status.DECIDED,
    Status.REOPENED,
}


def _fail(field: str, message: str, code: str = "validation_failed") -> ValidationFailed:
    return ValidationFailed(message, code=code, fields={field: [message]})


def _require_handler(actor: User, complaint: Complaint) -> None:
    if not actor.is_active or not actor.has_perm(Perm.HANDLE.full):
        raise PermissionDenied(_("Your role does not allow this action."))
    if not can_see(actor, complaint):
        raise PermissionDenied(_("This complaint is not yours to handle."))


def _lock(letter: Letter) -> Letter:
    return (
        Letter.objects.select_for_update(of=("self",))
        .select_related("complaint__customer", "decision")
        .get(pk=letter.pk)
    )


def latest_version(letter: Letter) -> LetterVersion | None:
    return letter.versions.order_by("-number").first()


def allowed_kinds(
    complaint: Complaint, *, decision_of: Callable[[Complaint], Decision | None] = live_decision
) -> list[str]:
    """The kinds of letter this complaint may get now."""
    kinds: list[str] = []
    if complaint.status in FINAL_STATES:
        decision = decision_of(complaint)
        if decision is not None and decision.state == DecisionState.CONFIRMED:
            kinds.append(decision.outcome)
    if complaint.status in HOLDING_STATES:
        kinds.append(LetterKind.HOLDING)
    if complaint.resolved_at_first_contact:
        kinds.append(LetterKind.SUMMARY)
    return kinds


def checker_context(letter: Letter) -> checker.Context:
    decision = letter.decision
    return checker.Context(
        third_party_name=decision.third_party_name if decision is not None else ""
    )


def findings_for(letter: Letter, body: str) -> list[checker.Finding]:
    return checker.check(
        body,
        language=letter.language,
        outcome=letter.kind,
        today=timezone.localdate(),
        context=checker_context(letter),
    )


def _new_version(letter: Letter, *, actor: User, subject: str, body: str) -> LetterVersion:
    errors, warnings = checker.counts(findings_for(letter, body))
    previous = latest_version(letter)
    return LetterVersion.objects.create(
        letter=letter,
        number=(previous.number + 1) if previous else 1,
        subject=subject,
        body=body,
        author=actor,
        created_at=timezone.now(),
        errors=errors,
        warnings=warnings,
    )


@transaction.atomic
def letter_create(
    *,
    complaint: Complaint,
    actor: User,
    kind: str,
    language: str = "",
    prevention: str = "",
) -> Letter:
    """Start a draft pre-filled from the case, in the customer's language."""
    complaint = (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("customer")
        .get(pk=complaint.pk)
    )
    _require_handler(actor, complaint)
    if kind not in allowed_kinds(complaint):
        raise TransitionNotAllowed(
            _("A letter of this kind cannot be written while the complaint is “%(status)s”.")
            % {"status": Status(complaint.status).label},
            code="letter_kind_not_allowed",
        )
    if Letter.objects.filter(
        complaint=complaint, state__in=[LetterState.DRAFT, LetterState.APPROVED]
    ).exists():
        raise TransitionNotAllowed(
            _("A letter for this complaint is already in progress: finish or send it first."),
            code="letter_in_progress",
        )
    language = language or complaint.language
    template = LetterTemplate.objects.filter(kind=kind, language=language).first()
    if template is None:
        raise _fail("language", _("There is no letter template in this language."))
    values = composer.draft_values(complaint, language=language, prevention=prevention)
    subject, body = composer.render_draft(template.subject, template.body, values)
    decision = live_decision(complaint) if kind in FINAL_KINDS else None
    letter = Letter.objects.create(
        complaint=complaint,
        kind=kind,
        language=language,
        decision=decision,
        created_by=actor,
        created_at=timezone.now(),
    )
    version = _new_version(letter, actor=actor, subject=subject, body=body)
    journal_append(
        complaint=complaint,
        kind=EventKind.LETTER,
        actor=actor,
        note=_("Letter drafted: %(kind)s (%(language)s).")
        % {"kind": LetterKind(kind).label, "language": language},
        data={"letter_id": letter.pk, "version": version.number, "action": "drafted"},
    )
    if kind in FINAL_KINDS and complaint.status == Status.DECIDED:
        complaint_transition(
            complaint=complaint,
            to=Status.RESPONDING,
            actor=actor,
            note=_("The response letter is being drafted."),
        )
    return letter


@transaction.atomic
def letter_save(*, letter: Letter, actor: User, subject: str, body: str) -> LetterVersion:
    """Keep a new version of the text. Editing a signed letter returns it to draft."""
    letter = _lock(letter)
    _require_handler(actor, letter.complaint)
    if letter.state == LetterState.SENT:
        raise TransitionNotAllowed(
            _("This letter has been sent; it can no longer be changed."), code="letter_sent"
        )
    subject, body = " ".join(subject.split()), body.replace("\r\n", "\n").strip()
    errors: dict[str, list[str]] = {}
    if not subject:
        errors["subject"] = [_("Give the letter a subject.")]
    if not body:
        errors["body"] = [_("Write the letter first.")]
    if errors:
        raise ValidationFailed(_("The letter could not be saved."), fields=errors)
    current = latest_version(letter)
    if current is not None and current.subject == subject and current.body == body:
        return current
    version = _new_version(letter, actor=actor, subject=subject, body=body)
    note = _("Letter saved as version %(number)d.") % {"number": version.number}
    if letter.state == LetterState.APPROVED:
        letter.state = LetterState.DRAFT
        letter.approved_version = None
        letter.save(update_fields=["state", "approved_version"])
        note = _("Letter changed after approval (version %(number)d); it needs approval again.") % {
            "number": version.number
        }
    journal_append(
        complaint=letter.complaint,
        kind=EventKind.LETTER,
        actor=actor,
        note=note,
        data={"letter_id": letter.pk, "version": version.number, "action": "saved"},
    )
    return version


def signature_of(user: User) -> tuple[str, str, bytes]:
    """The name, title and signature image a signatory signs with."""
    record = Signature.objects.filter(user=user).first()
    if record is not None:
        image = b""
        if record.image:
            with record.image.open("rb") as handle:
                image = handle.read()
        return record.name, record.title, image
    return str(user), user.job_title, b""


@transaction.atomic
def letter_approve(*, letter: Letter, actor: User) -> Approval:
    """A signatory approves and signs the latest version; the checker's errors block it."""
    letter = _lock(letter)
    if not actor.is_active or not actor.has_perm(Perm.SIGN.full):
        raise PermissionDenied(_("Only a signatory can approve and sign a letter."))
    if not can_see(actor, letter.complaint):
        raise PermissionDenied(_("This complaint is not yours to handle."))
    if letter.state != LetterState.DRAFT:
        raise TransitionNotAllowed(
            _("Only a draft can be approved; this letter is “%(state)s”.")
            % {"state": LetterState(letter.state).label},
            code="letter_not_draft",
        )
    version = latest_version(letter)
    assert version is not None
    findings = findings_for(letter, version.body)
    problems = [f for f in findings if f.severity == checker.ERROR]
    if problems:
        raise ValidationFailed(
            _("The letter breaks %(count)d letter rules; fix them before approving.")
            % {"count": len(problems)},
            code="letter_has_errors",
            fields={"body": [f"{f.rule}. {f.message}" for f in problems]},
        )
    name, title, image = signature_of(actor)
    if not name.strip() or not title.strip():
        raise _fail(
            "signature",
            _("Set up your signature (name and title) before signing letters."),
            code="no_signature",
        )
    approval = Approval.objects.create(
        version=version,
        signed_by=actor,
        signed_at=timezone.now(),
        letter_date=timezone.localdate(),
        signer_name=name,
        signer_title=title,
        signature_image=image,
    )
    letter.state = LetterState.APPROVED
    letter.approved_version = version
    letter.save(update_fields=["state", "approved_version"])
    journal_append(
        complaint=letter.complaint,
        kind=EventKind.LETTER,
        actor=actor,
        note=_("Letter approved and signed by %(name)s, %(title)s (version %(number)d).")
        % {"name": name, "title": title, "number": version.number},
        data={"letter_id": letter.pk, "version": version.number, "action": "approved"},
    )
    return approval


def staff_involved(letter: Letter, sender: User) -> list[User]:
    """Who gets a copy: the responsible person, the signatory, the drafter and the sender."""
    people: list[User] = []
    approval = (
        Approval.objects.filter(version=letter.approved_version).select_related("signed_by").first()
        if letter.approved_version_id
        else None
    )
    candidates = [
        letter.complaint.assignee,
        approval.signed_by if approval else None,
        letter.created_by,
        sender,
    ]
    for person in candidates:
        if person is not None and person not in people:
            people.append(person)
    return people


@transaction.atomic
def letter_send(
    *,
    letter: Letter,
    actor: User,
    via: str,
    to: str = "",
    cc: list[str] | None = None,
) -> Letter:
    """Send the signed letter by email with its PDF, or record that it went by post."""
    from .pdf import render_letter_pdf

    letter = _lock(letter)
    complaint = letter.complaint
    if not actor.is_active or not (
        actor.has_perm(Perm.HANDLE.full) or actor.has_perm(Perm.SIGN.full)
    ):
        raise PermissionDenied(_("Your role does not allow this action."))
    if not can_see(actor, complaint):
        raise PermissionDenied(_("This complaint is not yours to handle."))
    if letter.state == LetterState.SENT:
        raise TransitionNotAllowed(_("This letter has already been sent."), code="letter_sent")
    if letter.state != LetterState.APPROVED or letter.approved_version is None:
        raise TransitionNotAllowed(
            _("Nothing is sent unsigned: a signatory must approve and sign the letter first."),
            code="letter_not_signed",
        )
    if via not in SentVia.values:
        raise _fail("via", _("Choose email or post."))
    customer = complaint.customer
    if via == SentVia.EMAIL:
        to = (to or customer.email).strip()
        if not to:
            raise _fail("to", _("The customer has no email address: send the letter by post."))
    else:
        to = (to or customer.postal_address).strip()
        if not to:
            raise _fail("to", _("Give the postal address the letter was sent to."))
    copies = (
        [c.strip() for c in cc if c.strip()]
        if cc is not None
        else [p.email for p in staff_involved(letter, actor) if p.email]
    )
    copies = [c for i, c in enumerate(copies) if c != to and c not in copies[:i]]
    pdf = render_letter_pdf(letter)
    version = letter.approved_version
    letter.pdf.save(
        f"{complaint.reference}-{letter.pk}-v{version.number}.pdf", ContentFile(pdf), save=False
    )
    letter.state = LetterState.SENT
    letter.sent_via = via
    letter.sent_at = timezone.now()
    letter.sent_by = actor
    letter.sent_to = to
    letter.sent_cc = copies if via == SentVia.EMAIL else []
    letter.save(
        update_fields=["pdf", "state", "sent_via", "sent_at", "sent_by", "sent_to", "sent_cc"]
    )
    if via == SentVia.EMAIL:
        send_letter_email(letter, pdf, [to], copies)
        note = _("Letter sent by email to %(to)s by %(sender)s; copies to %(cc)s.") % {
            "to": to,
            "sender": actor,
            "cc": ", ".join(copies) or "—",
        }
    else:
        note = _("Letter marked as sent by post to %(to)s by %(sender)s.") % {
            "to": " ".join(to.split()),
            "sender": actor,
        }
    journal_append(
        complaint=complaint,
        kind=EventKind.LETTER,
        actor=actor,
        note=note,
        data={
            "letter_id": letter.pk,
            "version": version.number,
            "action": "sent",
            "via": via,
            "to": to,
            "cc": letter.sent_cc,
            "approved_by": version.approval.signer_name,
        },
    )
    if letter.is_final and complaint.status == Status.RESPONDING:
        _move_on_after_response(complaint, actor)
    return letter


def _move_on_after_response(complaint: Complaint, actor: User) -> None:
    has_open = Remedy.objects.filter(complaint=complaint, status__in=OPEN_REMEDY).exists()
    target = Status.REMEDYING if has_open else Status.SATISFACTION_CHECK
    move = move_for(complaint.status, target)
    # A signatory who sends moves the case as the system does; the journal names them above.
    mover = actor if move is not None and actor.has_perm(move.perm.full) else None
    complaint_transition(
        complaint=complaint,
        to=target,
        actor=mover,
        note=_("The signed response letter has been sent."),
    )


def response_sent(complaint: Complaint) -> bool:
    """Whether the signed answer to the current decision has gone to the customer."""
    decision = live_decision(complaint)
    return Letter.objects.filter(
        complaint=complaint,
        kind__in=FINAL_KINDS,
        state=LetterState.SENT,
        decision=decision,
    ).exists()


def guard_response_sent(ctx: TransitionContext) -> None:
    if ctx.source != Status.RESPONDING:
        return
    if not response_sent(ctx.complaint):
        raise TransitionNotAllowed(
            _("Send the signed response letter first; sending it moves the complaint on."),
            code="response_not_sent",
        )


def letters_of(complaint: Complaint) -> list[Letter]:
    """The complaint's letters, each with `version_count` (counted, not loaded)."""
    versions = (
        LetterVersion.objects.filter(letter=OuterRef("pk"))
        .order_by()
        .values("letter")
        .annotate(n=Count("*"))
        .values("n")
    )
    return list(
        Letter.objects.filter(complaint=complaint)
        .select_related("created_by", "sent_by", "approved_version__approval")
        .annotate(version_count=Coalesce(Subquery(versions), 0))
        .order_by("created_at", "id")
    )


def version_pair(letter: Letter, a: int, b: int) -> tuple[Any, Any]:
    versions = {v.number: v for v in letter.versions.filter(number__in=[a, b])}
    return versions.get(a), versions.get(b)
