"""Delivering the outbox over SMTP: claim a row, send it, record the outcome.

The protocol, so that a crash anywhere loses nothing and two workers never send the
same row:
1. claim (own transaction): a due row goes queued → sending with a fresh claim token
   and `claimed_at`; PostgreSQL skips rows another worker has locked
   (SELECT … FOR UPDATE SKIP LOCKED), SQLite serialises the IMMEDIATE transactions.
2. send over SMTP, outside any transaction, with the Message-ID fixed at enqueue.
3. record (own transaction): sent, or back to queued with exponential back-off, or
   failed after a permanent refusal or the last attempt; only if our claim still holds.
A worker that dies between 1 and 3 leaves the row in `sending`; once the lease
(REDRESS_OUTBOX_LEASE_SECONDS) has passed, the sweep claims it again. The message is
then sent twice only if the server had accepted it in the instant before the worker
died, before step 3 could record it: the one duplicate an SMTP outbox cannot rule out.
"""

from __future__ import annotations

import logging
import secrets
import smtplib
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import OutboxMessage, OutboxState

log = logging.getLogger(__name__)


def _due(now: datetime) -> Q:
    stale = now - timedelta(seconds=settings.REDRESS_OUTBOX_LEASE_SECONDS)
    return Q(state=OutboxState.QUEUED, next_attempt_at__lte=now) | Q(
        state=OutboxState.SENDING, claimed_at__lt=stale
    )


def _claim(filter_q: Q) -> tuple[int, str] | None:
    now = timezone.now()
    with transaction.atomic():
        row = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(filter_q & _due(now))
            .order_by("next_attempt_at", "id")
            .values("pk", "state")
            .first()
        )
        if row is None:
            return None
        token = secrets.token_hex(16)
        previous = row["state"]
        changes: dict[str, object] = {}
        if previous == OutboxState.SENDING:
            changes["last_error"] = "The previous attempt did not finish (the worker stopped)."
        OutboxMessage.objects.filter(pk=row["pk"]).update(
            state=OutboxState.SENDING,
            claimed_at=now,
            claim_token=token,
            attempts=F("attempts") + 1,
            **changes,
        )
        return row["pk"], token


def backoff_seconds(attempts: int) -> int:
    """1, 2, 4, 8 … times the base delay, capped."""
    base = settings.REDRESS_OUTBOX_RETRY_BASE_SECONDS
    return int(min(base * 2 ** max(attempts - 1, 0), settings.REDRESS_OUTBOX_RETRY_MAX_SECONDS))


def build_email(message: OutboxMessage) -> EmailMultiAlternatives:
    headers = {"Message-ID": f"<{message.message_id}>", **message.headers}
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.text,
        from_email=message.from_address,
        to=list(message.to),
        cc=list(message.cc),
        reply_to=[message.reply_to] if message.reply_to else None,
        headers=headers,
    )
    if message.html:
        email.attach_alternative(message.html, "text/html")
    for attachment in message.attachments.all():
        email.attach(attachment.filename, bytes(attachment.content), attachment.content_type)
    return email


def is_permanent(error: Exception) -> bool:
    """A 5xx answer (or a message we cannot even build) will not get better by waiting."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _msg in error.recipients.values()]
        return bool(codes) and all(code >= 500 for code in codes)
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    return isinstance(error, ValueError | UnicodeError)


def _record(pk: int, token: str, error: Exception | None) -> str:
    now = timezone.now()
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().get(pk=pk)
        if message.claim_token != token or message.state != OutboxState.SENDING:
            # The lease ran out and someone else took the row; their outcome stands.
            log.warning("Outbox message %s: claim lost before recording", pk)
            return "lost"
        if error is None:
            message.state = OutboxState.SENT
            message.sent_at = now
            message.last_error = ""
        else:
            message.last_error = f"{type(error).__name__}: {error}"[:2000]
            if is_permanent(error) or message.attempts >= settings.REDRESS_OUTBOX_MAX_ATTEMPTS:
                message.state = OutboxState.FAILED
            else:
                message.state = OutboxState.QUEUED
                message.next_attempt_at = now + timedelta(seconds=backoff_seconds(message.attempts))
        message.claim_token = ""
        message.save(
            update_fields=["state", "sent_at", "last_error", "next_attempt_at", "claim_token"]
        )
        return str(message.state)


def _send(pk: int, token: str) -> str:
    message = OutboxMessage.objects.get(pk=pk)
    try:
        email = build_email(message)
        connection = get_connection(fail_silently=False, timeout=settings.EMAIL_TIMEOUT)
        email.connection = connection
        email.send(fail_silently=False)
    except Exception as error:
        log.warning("Outbox message %s not delivered: %s", pk, error)
        return _record(pk, token, error)
    return _record(pk, token, None)


def outbox_deliver(*, pk: int) -> str:
    """Deliver one message if it is due and nobody else holds it. Safe to call twice."""
    claim = _claim(Q(pk=pk))
    if claim is None:
        return "not due"
    return _send(*claim)


def outbox_sweep(*, limit: int = 200) -> int:
    """Deliver every due message (queued, retry time reached, or stale), up to `limit`."""
    done = 0
    while done < limit:
        claim = _claim(Q())
        if claim is None:
            break
        _send(*claim)
        done += 1
    return done
