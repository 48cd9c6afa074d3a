"""Every write to a complaint. One keyword-only, atomic function per use case."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from redress.accounts.models import User
from redress.accounts.roles import Perm
from redress.core.errors import PermissionDenied, TransitionNotAllowed, ValidationFailed
from redress.customers.models import Customer, CustomerKind
from redress.deadlines.arithmetic import add_business_days

from . import hooks
from .attachments import attachment_errors
from .lifecycle import Status, move_for
from .models import (
    Attachment,
    Category,
    Channel,
    Complaint,
    EventKind,
    JournalEvent,
)
from .references import next_reference
from .selectors import can_see

CUSTOMER_LABEL = "customer"
SYSTEM_LABEL = "system"


@dataclass
class CustomerInput:
    kind: str = CustomerKind.INDIVIDUAL
    full_name: str = ""
    organisation_name: str = ""
    contact_person: str = ""
    email: str = ""
    phone: str = ""
    postal_address: str = ""
    preferred_language: str = "en"


@dataclass
class ComplaintInput:
    subject: str = ""
    description: str = ""
    category: Category | None = None
    product: str = ""
    order_reference: str = ""
    incident_date: date | None = None
    incident_place: str = ""
    amount_in_dispute: Decimal | None = None
    currency: str = ""
    desired_outcome: str = ""
    claim_type: str = ""
    addressed_to_top_management: bool = False
    emotional_state: str = ""
    priority: str = "normal"
    about_third_party: bool = False
    language: str = "en"
    files: list[Any] = field(default_factory=list)


def _strip(value: str) -> str:
    return " ".join(value.split()) if value else ""


def customer_errors(customer: CustomerInput) -> dict[str, list[str]]:
    """The rules for the person complaining: named, and reachable one way or another."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if customer.kind == CustomerKind.ORGANISATION:
        if not _strip(customer.organisation_name):
            add("organisation_name", _("Enter the name of the organisation."))
        if not _strip(customer.contact_person):
            add("contact_person", _("Enter the full name of the contact person."))
    elif customer.kind == CustomerKind.INDIVIDUAL:
        if not _strip(customer.full_name):
            add("full_name", _("Enter your full name. We cannot handle anonymous complaints."))
    else:
        add("kind", _("Choose whether you complain as a person or for an organisation."))
    if not (customer.email.strip() or customer.phone.strip() or customer.postal_address.strip()):
        message = _("Give at least one way to reach you: email, phone or postal address.")
        for name in ("email", "phone", "postal_address"):
            add(name, message)
    if customer.preferred_language not in dict(settings.LANGUAGES):
        add("preferred_language", _("Choose one of the offered languages."))
    return errors


def submission_errors(customer: CustomerInput, complaint: ComplaintInput) -> dict[str, list[str]]:
    """Every rule a new complaint must meet, as per-field messages."""
    errors = customer_errors(customer)

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if not complaint.subject.strip():
        add("subject", _("Give the complaint a short subject."))
    if len(complaint.description.strip()) < 10:
        add("description", _("Describe what happened in a few sentences."))
    if complaint.category is None:
        add("category", _("Choose a category."))
    elif not complaint.category.is_active:
        add("category", _("This category is no longer in use. Choose another one."))
    if complaint.amount_in_dispute is not None:
        if complaint.amount_in_dispute < 0:
            add("amount_in_dispute", _("The amount cannot be negative."))
        if not complaint.currency.strip():
            add("currency", _("Give the currency of the amount, for example EUR."))
    if complaint.incident_date and complaint.incident_date > timezone.localdate():
        add("incident_date", _("The date cannot be in the future."))
    file_errors = attachment_errors(complaint.files)
    if file_errors:
        errors["attachments"] = file_errors
    return errors


def _customer_for(data: CustomerInput) -> Customer:
    """Find the customer card by email address, or open a new one."""
    email = data.email.strip().lower()
    existing = (
        Customer.objects.select_for_update()
        .alias(email_lower=Lower("email"))
        .filter(email_lower=email, kind=data.kind)
        .first()
        if email
        else None
    )
    if existing is not None:
        # Fill in what the card lacks; never overwrite what staff already know.
        changed = []
        for name in ("phone", "postal_address"):
            if not getattr(existing, name) and getattr(data, name).strip():
                setattr(existing, name, getattr(data, name).strip())
                changed.append(name)
        if changed:
            existing.save(update_fields=[*changed, "updated_at"])
        return existing
    customer = Customer(
        kind=data.kind,
        full_name=_strip(data.full_name),
        organisation_name=_strip(data.organisation_name),
        contact_person=_strip(data.contact_person),
        email=email,
        phone=data.phone.strip(),
        postal_address=data.postal_address.strip(),
        preferred_language=data.preferred_language,
    )
    customer.full_clean()
    customer.save()
    return customer


def reply_due_date(received_at: datetime) -> date:
    tz = ZoneInfo(settings.TIME_ZONE)
    return add_business_days(
        received_at.astimezone(tz).date(),
        settings.REDRESS_RESPONSE_BUSINESS_DAYS,
        country=settings.REDRESS_HOLIDAY_COUNTRY,
    )


def _actor_label(actor: User | None, fallback: str) -> str:
    return str(actor) if actor is not None else fallback


def journal_append(
    *,
    complaint: Complaint,
    kind: str,
    actor: User | None,
    actor_label: str = SYSTEM_LABEL,
    from_status: str = "",
    to_status: str = "",
    note: str = "",
    is_public: bool = False,
    data: dict[str, Any] | None = None,
) -> JournalEvent:
    """Append one event to a complaint's journal. Every app writes its events here."""
    return JournalEvent.objects.create(
        complaint=complaint,
        kind=kind,
        actor=actor,
        actor_label=_actor_label(actor, actor_label),
        from_status=from_status,
        to_status=to_status,
        note=note,
        is_public=is_public,
        data=data or {},
        created_at=timezone.now(),
    )


@transaction.atomic
def complaint_submit(
    *,
    customer: CustomerInput,
    complaint: ComplaintInput,
    channel: str,
    actor: User | None = None,
    received_at: datetime | None = None,
) -> Complaint:
    """Take in a complaint from any channel. Web, email and API intake acknowledge at once."""
    if channel not in Channel.values:
        raise ValidationFailed(_("Unknown channel."), fields={"channel": [_("Unknown channel.")]})
    if actor is not None and channel not in (Channel.WEB, Channel.API):
        _require(actor, Perm.INTAKE)
    errors = submission_errors(customer, complaint)
    if errors:
        raise ValidationFailed(_("The complaint could not be accepted."), fields=errors)
    assert complaint.category is not None
    received = received_at or timezone.now()
    card = _customer_for(customer)
    record = Complaint.objects.create(
        reference=next_reference(received.astimezone(ZoneInfo(settings.TIME_ZONE)).year),
        channel=channel,
        received_at=received,
        customer=card,
        language=complaint.language,
        subject=_strip(complaint.subject),
        description=complaint.description.strip(),
        category=complaint.category,
        product=complaint.product.strip(),
        order_reference=complaint.order_reference.strip(),
        incident_date=complaint.incident_date,
        incident_place=complaint.incident_place.strip(),
        amount_in_dispute=complaint.amount_in_dispute,
        currency=complaint.currency.strip().upper(),
        desired_outcome=complaint.desired_outcome.strip(),
        claim_type=complaint.claim_type,
        addressed_to_top_management=complaint.addressed_to_top_management,
        emotional_state=complaint.emotional_state,
        priority=complaint.priority or "normal",
        about_third_party=complaint.about_third_party,
        intake_by=actor,
        reply_due_on=reply_due_date(received),
    )
    journal_append(
        complaint=record,
        kind=EventKind.SUBMITTED,
        actor=actor,
        actor_label=CUSTOMER_LABEL,
        to_status=Status.RECEIVED,
        is_public=True,
        data={"channel": channel},
    )
    for f in complaint.files:
        _store_attachment(complaint=record, upload=f, actor=actor)
    # Submission is the move "" → received: later stages start their clocks here.
    hooks.run_after(
        hooks.TransitionContext(
            complaint=record, source="", target=Status.RECEIVED, actor=actor, note=""
        )
    )
    if channel in (Channel.WEB, Channel.EMAIL, Channel.API):
        # SPEC: the primary response is automatic for web and email.
        complaint_transition(complaint=record, to=Status.ACKNOWLEDGED, actor=None, public=True)
        record.refresh_from_db()
    return record


def _store_attachment(*, complaint: Complaint, upload: Any, actor: User | None) -> Attachment:
    name = str(getattr(upload, "name", "file"))[:255]
    attachment = Attachment(
        complaint=complaint,
        original_name=name,
        content_type=str(getattr(upload, "content_type", "") or "application/octet-stream")[:120],
        size=upload.size,
        uploaded_by=actor,
    )
    attachment.file.save(name, upload, save=False)
    attachment.save()
    journal_append(
        complaint=complaint,
        kind=EventKind.ATTACHMENT,
        actor=actor,
        actor_label=CUSTOMER_LABEL,
        note=name,
        data={"attachment_id": attachment.pk},
    )
    return attachment


@transaction.atomic
def complaint_attach_received_files(
    *, complaint: Complaint, files: list[Any], actor: User | None = None
) -> list[Attachment]:
    """Keep files that came in from the customer by a channel (an email reply, say).

    The caller has already checked each file against the attachment limits.
    """
    return [_store_attachment(complaint=complaint, upload=f, actor=actor) for f in files]


def _require(actor: User, perm: Perm) -> None:
    if not actor.is_active or not actor.has_perm(perm.full):
        raise PermissionDenied(_("Your role does not allow this action."))


def _lock(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_for_update().get(pk=complaint.pk)


@transaction.atomic
def complaint_transition(
    *,
    complaint: Complaint,
    to: str,
    actor: User | None,
    note: str = "",
    public: bool = True,
    extra_fields: dict[str, Any] | None = None,
) -> Complaint:
    """The one write path for a status change. `actor=None` is the system itself.

    Locks the row, refuses a move the table does not allow or the actor may not
    make, saves only what changed, and appends the journal event.
    """
    locked = _lock(complaint)
    source = locked.status
    try:
        target = Status(to)
    except ValueError:
        raise TransitionNotAllowed(
            _("“%(to)s” is not a status.") % {"to": to}, code="unknown_status"
        ) from None
    move = move_for(source, target)
    if move is None:
        raise TransitionNotAllowed(
            _("A complaint cannot go from “%(source)s” to “%(target)s”.")
            % {"source": Status(source).label, "target": target.label}
        )
    if actor is not None:
        _require(actor, move.perm)
        if not can_see(actor, locked):
            raise PermissionDenied(_("This complaint is not yours to handle."))
    if move.note_required and not note.strip():
        raise ValidationFailed(
            _("Give a reason for this step."), fields={"note": [_("Give a reason for this step.")]}
        )
    context = hooks.TransitionContext(
        complaint=locked, source=source, target=target, actor=actor, note=note.strip()
    )
    hooks.run_guards(context)
    now = timezone.now()
    locked.status = target
    changed = ["status", "updated_at"]
    if target == Status.ACKNOWLEDGED and locked.acknowledged_at is None:
        locked.acknowledged_at = now
        changed.append("acknowledged_at")
    if target == Status.REGISTERED:
        locked.registered_at = now
        changed.append("registered_at")
    if target in (Status.CLOSED, Status.WITHDRAWN):
        locked.closed_at = now
        changed.append("closed_at")
    if target == Status.REOPENED:
        locked.closed_at = None
        changed.append("closed_at")
    for name, value in (extra_fields or {}).items():
        setattr(locked, name, value)
        changed.append(name)
    locked.save(update_fields=changed)
    journal_append(
        complaint=locked,
        kind=EventKind.STATUS,
        actor=actor,
        from_status=source,
        to_status=target,
        note=note.strip(),
        is_public=public,
    )
    hooks.run_after(context)
    return locked


@transaction.atomic
def complaint_acknowledge(
    *, complaint: Complaint, actor: User | None, reply_due_on: date | None = None, note: str = ""
) -> Complaint:
    """The primary response; staff may promise an earlier or later contact date."""
    extra: dict[str, Any] = {}
    if reply_due_on is not None:
        if reply_due_on < timezone.localdate():
            raise ValidationFailed(
                _("The promised date cannot be in the past."),
                fields={"reply_due_on": [_("The promised date cannot be in the past.")]},
            )
        extra["reply_due_on"] = reply_due_on
    return complaint_transition(
        complaint=complaint, to=Status.ACKNOWLEDGED, actor=actor, note=note, extra_fields=extra
    )


def _check_assignee(assignee: User | None) -> User:
    if assignee is None or not assignee.is_active or not assignee.has_perm(Perm.HANDLE.full):
        message = _("Choose an active complaint handler as the responsible person.")
        raise ValidationFailed(message, fields={"assignee": [message]})
    return assignee


@transaction.atomic
def complaint_register(
    *, complaint: Complaint, actor: User, assignee: User | None, note: str = ""
) -> Complaint:
    """Enter the complaint in the journal with its responsible person."""
    handler = _check_assignee(assignee)
    record = complaint_transition(
        complaint=complaint,
        to=Status.REGISTERED,
        actor=actor,
        note=note,
        extra_fields={"assignee": handler, "team": handler.team},
    )
    journal_append(
        complaint=record,
        kind=EventKind.ASSIGNED,
        actor=actor,
        note=str(handler),
        data={"assignee_id": handler.pk},
    )
    return record


@transaction.atomic
def complaint_assign(
    *, complaint: Complaint, actor: User, assignee: User | None, note: str = ""
) -> Complaint:
    """Give an open, registered complaint to another responsible person."""
    _require(actor, Perm.ASSIGN)
    handler = _check_assignee(assignee)
    locked = _lock(complaint)
    if not can_see(actor, locked):
        raise PermissionDenied(_("This complaint is not yours to handle."))
    if not locked.is_open:
        raise TransitionNotAllowed(_("A closed or withdrawn complaint cannot be reassigned."))
    if locked.assignee_id is None:
        raise TransitionNotAllowed(
            _("Register the complaint first; registering names the responsible person."),
            code="not_registered",
        )
    if locked.assignee_id == handler.pk:
        raise ValidationFailed(
            _("This person is already responsible."),
            fields={"assignee": [_("This person is already responsible.")]},
        )
    previous = str(locked.assignee) if locked.assignee else ""
    locked.assignee = handler
    locked.team = handler.team
    locked.save(update_fields=["assignee", "team", "updated_at"])
    journal_append(
        complaint=locked,
        kind=EventKind.ASSIGNED,
        actor=actor,
        note=note.strip(),
        data={"assignee_id": handler.pk, "assignee": str(handler), "previous": previous},
    )
    return locked


@transaction.atomic
def complaint_resolve_at_first_contact(
    *, complaint: Complaint, actor: User, resolution: str
) -> Complaint:
    """The short path: solved on the spot, straight to closed."""
    return complaint_transition(
        complaint=complaint,
        to=Status.CLOSED,
        actor=actor,
        note=resolution,
        extra_fields={"resolved_at_first_contact": True},
    )


@transaction.atomic
def complaint_add_note(*, complaint: Complaint, actor: User, note: str) -> JournalEvent:
    if not note.strip():
        raise ValidationFailed(
            _("Write the note first."), fields={"note": [_("Write the note first.")]}
        )
    if not can_see(actor, complaint):
        raise PermissionDenied(_("This complaint is not yours to handle."))
    return journal_append(complaint=complaint, kind=EventKind.NOTE, actor=actor, note=note.strip())


@transaction.atomic
def complaint_add_attachments(
    *, complaint: Complaint, actor: User, files: list[Any]
) -> list[Attachment]:
    if not can_see(actor, complaint):
        raise PermissionDenied(_("This complaint is not yours to handle."))
    errors = attachment_errors(files)
    if not files:
        errors.append(_("Choose at least one file."))
    if errors:
        raise ValidationFailed(_("The files could not be accepted."), fields={"files": errors})
    return [_store_attachment(complaint=complaint, upload=f, actor=actor) for f in files]
