"""Every write of the mail app: taking a message in, and writing one to the outbox."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta
from email.utils import formataddr
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.validators import validate_email
from django.db import IntegrityError, InterfaceError, OperationalError, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from redress.accounts.models import User
from redress.complaints.attachments import attachment_errors
from redress.complaints.models import Category, Channel, Complaint, EventKind
from redress.complaints.services import (
    CUSTOMER_LABEL,
    ComplaintInput,
    CustomerInput,
    complaint_attach_received_files,
    complaint_submit,
    journal_append,
)
from redress.core.errors import DomainError
from redress.customers.models import Customer
from redress.search import index as search_index

from .models import (
    InboundMessage,
    InboundState,
    Mailbox,
    OutboxAttachment,
    OutboxMessage,
    OutboxState,
    Quarantine,
)
from .parsing import (
    REFERENCE_RE,
    ParsedAttachment,
    ParsedMail,
    Unreadable,
    guess_language,
    parse_message,
    sha256,
    storage_message_id,
    strip_quoted_tail,
)

log = logging.getLogger(__name__)

EMAIL_LABEL = "email"
# Journal notes keep the whole text of a reply up to this many characters; the raw
# message is always kept whole in InboundMessage.
NOTE_LIMIT = 50_000


@dataclass
class Received:
    """What became of one incoming message."""

    outcome: str  # complaint | reply | automatic | duplicate | quarantined
    inbound: InboundMessage | None = None
    quarantine: Quarantine | None = None
    complaint: Complaint | None = None


class _Refused(Exception):
    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.detail = detail


# --- Inbound ----------------------------------------------------------------


@transaction.atomic
def mail_receive(*, raw: bytes, source: str) -> Received:
    """Take in one RFC 5322 message: a new complaint, a reply, an automatic message,
    a duplicate, or a quarantined message. Never drops it; never answers a machine.

    An unreachable or busy database propagates (the caller must retry later: the MTA
    gets EX_TEMPFAIL, the IMAP poller leaves the message where it is). Anything else,
    including data the database refuses, quarantines the message.
    """
    message_id = storage_message_id(raw)
    existing = InboundMessage.objects.filter(message_id=message_id).first()
    if existing is not None:
        return Received("duplicate", inbound=existing, complaint=existing.complaint)
    if len(raw) > settings.REDRESS_INBOUND_MAX_BYTES:
        return _quarantine(
            raw=raw, message_id=message_id, source=source, reason="too large to take in"
        )
    try:
        parsed = parse_message(raw)
    except Unreadable as unreadable:
        return _quarantine(
            raw=raw,
            message_id=message_id,
            source=source,
            reason=unreadable.reason,
            detail=unreadable.detail,
        )
    try:
        with transaction.atomic():
            inbound = InboundMessage.objects.create(
                message_id=message_id,
                raw=raw,
                raw_sha256=sha256(raw),
                source=source[:80],
                from_address=parsed.from_address,
                from_name=parsed.from_name,
                subject=parsed.subject[:998],
                text=parsed.text,
                state=InboundState.AUTOMATIC,
                automatic_reason=parsed.automatic[:80],
            )
    except IntegrityError:
        # The same message, delivered at the same moment by another way in.
        duplicate = InboundMessage.objects.get(message_id=message_id)
        return Received("duplicate", inbound=duplicate, complaint=duplicate.complaint)
    try:
        with transaction.atomic():
            return _route(inbound=inbound, parsed=parsed)
    except (OperationalError, InterfaceError, IntegrityError):
        raise  # the database is away or busy, or a race: the caller retries later
    except _Refused as refused:
        reason, detail = refused.reason, refused.detail
    except DomainError as error:
        reason = "could not become a complaint"
        detail = f"{error.message}: " + "; ".join(
            f"{name}: {' '.join(str(m) for m in msgs)}" for name, msgs in error.fields.items()
        )
    except Exception as error:  # a bug must not lose the message: keep it for an administrator
        log.exception("Taking in message %s failed", message_id)
        reason, detail = "processing failed", f"{type(error).__name__}: {error}"
    InboundMessage.objects.filter(pk=inbound.pk).delete()
    return _quarantine(raw=raw, message_id=message_id, source=source, reason=reason, detail=detail)


@transaction.atomic
def quarantine_retry(*, quarantine: Quarantine) -> Received:
    """Take a quarantined message in again (after the cause was fixed, e.g. a category).

    It leaves the quarantine only if it is taken in now; otherwise it is kept with
    the new reason.
    """
    raw = bytes(quarantine.raw)
    source = quarantine.source
    quarantine.delete()
    return mail_receive(raw=raw, source=source)


def _quarantine(
    *, raw: bytes, message_id: str, source: str, reason: str, detail: str = ""
) -> Received:
    digest = sha256(raw)
    kept = Quarantine.objects.filter(Q(raw_sha256=digest) | Q(message_id=message_id)).first()
    if kept is None:
        try:
            with transaction.atomic():
                kept = Quarantine.objects.create(
                    raw=raw,
                    raw_sha256=digest,
                    message_id=message_id,
                    source=source[:80],
                    reason=reason[:200],
                    detail=detail[:10_000],
                )
        except IntegrityError:
            kept = Quarantine.objects.get(raw_sha256=digest)
    log.warning("Quarantined message %s: %s", message_id, reason)
    return Received("quarantined", quarantine=kept)


def _route(*, inbound: InboundMessage, parsed: ParsedMail) -> Received:
    complaint = thread_complaint(parsed)
    if parsed.automatic:
        # Never answered, so two systems cannot loop; kept on the case when it belongs to one.
        if parsed.delivery_failed:
            outbox_mark_bounced(ids=parsed.thread_ids(), detail=parsed.delivery_detail)
        if complaint is not None:
            _journal_email(complaint=complaint, inbound=inbound, parsed=parsed, automatic=True)
            _link(inbound, complaint, InboundState.AUTOMATIC)
        return Received("automatic", inbound=inbound, complaint=complaint)
    if _is_our_own(parsed):
        inbound.automatic_reason = "sent from our own address"
        inbound.save(update_fields=["automatic_reason"])
        return Received("automatic", inbound=inbound, complaint=complaint)
    if complaint is not None:
        _journal_email(complaint=complaint, inbound=inbound, parsed=parsed, automatic=False)
        accepted, refused = _split_files(parsed)
        complaint_attach_received_files(complaint=complaint, files=accepted)
        _journal_refused(complaint, refused)
        _link(inbound, complaint, InboundState.REPLY)
        return Received("reply", inbound=inbound, complaint=complaint)
    complaint = _new_complaint(parsed=parsed, inbound=inbound)
    _link(inbound, complaint, InboundState.COMPLAINT)
    return Received("complaint", inbound=inbound, complaint=complaint)


def _is_our_own(parsed: ParsedMail) -> bool:
    ours = settings.DEFAULT_FROM_EMAIL.strip().lower()
    return bool(parsed.from_address) and parsed.from_address == ours


def _link(inbound: InboundMessage, complaint: Complaint, state: str) -> None:
    inbound.complaint = complaint
    inbound.state = state
    inbound.save(update_fields=["complaint", "state"])
    # The message's text is searchable with its complaint from now on.
    search_index.refresh([complaint.pk])


def thread_complaint(parsed: ParsedMail) -> Complaint | None:
    """The complaint a message answers: by In-Reply-To/References, then by the reference."""
    ids = parsed.thread_ids()
    if ids:
        for model in (OutboxMessage, InboundMessage):
            found = (
                model.objects.filter(message_id__in=ids, complaint__isnull=False)
                .select_related("complaint")
                .first()
            )
            if found is not None:
                return found.complaint
        for message_id in ids:
            # Our Message-IDs start with the reference, so a reply threads even when
            # the outbox row is gone from this database (restored from another copy).
            match = REFERENCE_RE.match(message_id)
            if match and message_id.endswith("@" + settings.REDRESS_MAIL_DOMAIN):
                complaint = Complaint.objects.filter(reference=match.group(0)).first()
                if complaint is not None:
                    return complaint
    reference = parsed.subject_reference()
    if reference:
        return Complaint.objects.filter(reference=reference).first()
    return None


def _journal_email(
    *, complaint: Complaint, inbound: InboundMessage, parsed: ParsedMail, automatic: bool
) -> None:
    from_customer = parsed.from_address == complaint.customer.email.strip().lower()
    note = strip_quoted_tail(parsed.text)[:NOTE_LIMIT]
    if automatic:
        note = _("Automatic message (%(reason)s), not answered.") % {"reason": parsed.automatic} + (
            "\n\n" + note[:2000] if note else ""
        )
    journal_append(
        complaint=complaint,
        kind=EventKind.EMAIL_IN,
        actor=None,
        actor_label=CUSTOMER_LABEL if from_customer and not automatic else EMAIL_LABEL,
        note=note,
        data={
            "inbound_id": inbound.pk,
            "from": parsed.from_address,
            "from_name": parsed.from_name,
            "subject": parsed.subject[:300],
            "from_customer": from_customer,
            "automatic": automatic,
        },
    )


def _as_upload(attachment: ParsedAttachment) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        attachment.filename, attachment.content, content_type=attachment.content_type
    )


def _split_files(parsed: ParsedMail) -> tuple[list[Any], list[tuple[str, str]]]:
    """The attachments within the limits, and (name, reason) for each one refused.

    A refused file is recorded on the case, and stays retrievable in the raw message.
    """
    accepted: list[Any] = []
    refused: list[tuple[str, str]] = []
    for attachment in parsed.attachments:
        upload = _as_upload(attachment)
        if attachment.size == 0:
            refused.append((attachment.filename, _("The file is empty.")))
            continue
        errors = attachment_errors([upload])
        if not errors and len(accepted) >= settings.REDRESS_ATTACHMENT_MAX_COUNT:
            errors = [
                _("Attach at most %(count)d files.")
                % {"count": settings.REDRESS_ATTACHMENT_MAX_COUNT}
            ]
        if errors:
            refused.append((attachment.filename, " ".join(str(e) for e in errors)))
        else:
            accepted.append(upload)
    return accepted, refused


def _journal_refused(complaint: Complaint, refused: list[tuple[str, str]]) -> None:
    for name, reason in refused:
        journal_append(
            complaint=complaint,
            kind=EventKind.FILE_REFUSED,
            actor=None,
            actor_label=EMAIL_LABEL,
            note=f"{name}: {reason}\n"
            + _("The file is still in the original message, which an administrator can download."),
            data={"file_name": name},
        )


def _email_category() -> Category:
    category = Category.objects.filter(code=settings.REDRESS_EMAIL_CATEGORY, is_active=True).first()
    category = category or Category.objects.filter(code="other", is_active=True).first()
    if category is None:
        raise _Refused(
            "no category for email complaints",
            f"Create an active category with code {settings.REDRESS_EMAIL_CATEGORY!r}.",
        )
    return category


def _customer_input(parsed: ParsedMail, language: str) -> CustomerInput:
    card = (
        Customer.objects.alias(email_lower=Lower("email"))
        .filter(email_lower=parsed.from_address.strip().lower())
        .order_by("-updated_at")
        .first()
    )
    if card is not None:
        # The card staff already know wins over what the mail header says.
        return CustomerInput(
            kind=card.kind,
            full_name=card.full_name,
            organisation_name=card.organisation_name,
            contact_person=card.contact_person,
            email=card.email,
            preferred_language=card.preferred_language,
        )
    return CustomerInput(
        full_name=parsed.from_name or parsed.from_address,
        email=parsed.from_address,
        preferred_language=language,
    )


def _new_complaint(*, parsed: ParsedMail, inbound: InboundMessage) -> Complaint:
    if not parsed.from_address:
        raise _Refused("no sender address")
    try:
        validate_email(parsed.from_address)
    except ValidationError:
        raise _Refused("sender address not valid", parsed.from_address) from None
    languages = dict(settings.LANGUAGES)
    hint = parsed.content_language if parsed.content_language in languages else ""
    language = guess_language(
        f"{parsed.subject}\n{parsed.text}", default=hint or settings.LANGUAGE_CODE
    )
    text = parsed.text
    subject = parsed.subject or (text.strip().split("\n", 1)[0] if text.strip() else "")
    if not subject.strip():
        subject = _("(no subject)")
    if len(text.strip()) < 10:
        if not parsed.attachments and not parsed.subject.strip():
            raise _Refused("nothing to read", "The message has no subject, text or attachments.")
        text = "\n\n".join(
            t for t in (parsed.subject, text, _("(The email had no more text than this.)")) if t
        )
    files, refused = _split_files(parsed)
    complaint = complaint_submit(
        customer=_customer_input(parsed, language),
        complaint=ComplaintInput(
            subject=subject[:200],
            description=text,
            category=_email_category(),
            language=language,
            files=files,
        ),
        channel=Channel.EMAIL,
    )
    _journal_refused(complaint, refused)
    # The acknowledgement written during intake answers this very message.
    answered = f"<{parsed.message_id}>" if parsed.message_id else ""
    if answered:
        for message in OutboxMessage.objects.filter(complaint=complaint, state="queued"):
            message.headers = {**message.headers, "In-Reply-To": answered, "References": answered}
            message.save(update_fields=["headers"])
    return complaint


# --- Outbound ---------------------------------------------------------------


def new_message_id(reference: str = "") -> str:
    """A Message-ID fixed for the life of one outgoing message (without the brackets)."""
    left = f"{reference}.{secrets.token_hex(10)}" if reference else secrets.token_hex(12)
    return f"{left}@{settings.REDRESS_MAIL_DOMAIN}"


def outbox_enqueue(
    *,
    kind: str,
    to: list[str],
    subject: str,
    text: str,
    html: str = "",
    complaint: Complaint | None = None,
    cc: list[str] | None = None,
    reply_to: str = "",
    language: str = "",
    headers: dict[str, str] | None = None,
    attachments: list[tuple[str, str, bytes]] | None = None,
    actor: User | None = None,
) -> OutboxMessage:
    """Write a message to the outbox. THE way any part of Redress sends mail.

    Call it inside the transaction of the change that causes the message: it is
    stored if and only if that change commits, and the worker is told to deliver it
    after the commit (a periodic sweep delivers it if that nudge is lost).
    `attachments` are (file name, content type, bytes).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("outbox_enqueue must run inside the transaction that causes the message")
    recipients = [a.strip() for a in to if a and a.strip()]
    if not recipients:
        raise ValueError("an outgoing message needs a recipient")
    message = OutboxMessage.objects.create(
        complaint=complaint,
        kind=kind,
        message_id=new_message_id(complaint.reference if complaint else ""),
        from_address=formataddr((settings.REDRESS_ORGANISATION_NAME, settings.DEFAULT_FROM_EMAIL)),
        to=recipients,
        cc=[a.strip() for a in cc or [] if a.strip()],
        reply_to=reply_to,
        subject=" ".join(subject.split())[:998],
        text=text,
        html=html,
        headers=headers or {},
        language=language,
        next_attempt_at=timezone.now(),
    )
    for name, content_type, content in attachments or []:
        OutboxAttachment.objects.create(
            message=message, filename=name, content_type=content_type, content=content
        )
    if complaint is not None:
        journal_append(
            complaint=complaint,
            kind=EventKind.EMAIL_OUT,
            actor=actor,
            note=message.subject,
            data={"outbox_id": message.pk, "kind": kind, "to": recipients},
        )
    pk = message.pk

    def nudge() -> None:
        from .tasks import outbox_deliver

        outbox_deliver.delay(pk)

    # robust: a broker outage must not undo a committed request; the sweep catches up.
    transaction.on_commit(nudge, robust=True)
    return message


@transaction.atomic
def outbox_mark_bounced(*, ids: list[str], detail: str) -> int:
    """A delivery report says these sent messages never arrived: show it on the case."""
    return OutboxMessage.objects.filter(message_id__in=ids, state=OutboxState.SENT).update(
        state=OutboxState.BOUNCED,
        last_error=("Bounced: " + (detail or "the recipient's server returned it"))[:2000],
    )


@transaction.atomic
def outbox_retry(*, message: OutboxMessage) -> OutboxMessage:
    """Give a failed message another round of attempts (an administrator's action)."""
    OutboxMessage.objects.filter(pk=message.pk, state="failed").update(
        state="queued", attempts=0, next_attempt_at=timezone.now()
    )
    pk = message.pk

    def nudge() -> None:
        from .tasks import outbox_deliver

        outbox_deliver.delay(pk)

    transaction.on_commit(nudge, robust=True)
    message.refresh_from_db()
    return message


# A poll that has not finished after this long is assumed dead (worker killed).
POLL_LEASE = timedelta(minutes=15)


@transaction.atomic
def mailbox_claim_poll(*, mailbox: Mailbox) -> bool:
    """Take the right to poll this mailbox now; False while another worker polls it."""
    now = timezone.now()
    free = Q(polling_since__isnull=True) | Q(polling_since__lt=now - POLL_LEASE)
    return bool(Mailbox.objects.filter(free, pk=mailbox.pk).update(polling_since=now))


@transaction.atomic
def mailbox_record_poll(*, mailbox: Mailbox, error: str = "") -> None:
    """The poll is over: when, and the error if it failed."""
    Mailbox.objects.filter(pk=mailbox.pk).update(
        last_polled_at=timezone.now(), last_error=error, polling_since=None
    )
