"""Mail in and out: what arrived (kept whole), what could not be read, and the outbox."""

from __future__ import annotations

import os

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from redress.complaints.models import Complaint
from redress.core.models import ChoiceLabels


class Mailbox(ChoiceLabels):
    """An IMAP mailbox the worker polls. The password never lives in the repository."""

    name = models.SlugField(_("name"), max_length=60, unique=True)
    host = models.CharField(_("IMAP server"), max_length=200)
    port = models.PositiveIntegerField(_("port"), default=993)
    use_ssl = models.BooleanField(
        _("IMAPS (TLS from the start)"),
        default=True,
        help_text=_("Off: plain IMAP upgraded with STARTTLS."),
    )
    username = models.CharField(_("user name"), max_length=200)
    password = models.CharField(
        _("password"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty to read it from the environment variable named below."),
    )
    password_env = models.CharField(
        _("password environment variable"),
        max_length=100,
        blank=True,
        help_text=_("For example REDRESS_IMAP_PASSWORD."),
    )
    ca_file = models.CharField(
        _("CA certificate file"),
        max_length=300,
        blank=True,
        help_text=_("Only for a server whose certificate a private authority signed."),
    )
    folder = models.CharField(_("folder to read"), max_length=200, default="INBOX")
    processed_folder = models.CharField(
        _("move taken messages to"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty to keep them in place, marked as read."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    last_polled_at = models.DateTimeField(_("last polled"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    # Set while a worker polls, so two polls of one mailbox never overlap.
    polling_since = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("mailbox")
        verbose_name_plural = _("mailboxes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def secret(self) -> str:
        if self.password:
            return self.password
        return os.environ.get(self.password_env, "") if self.password_env else ""


class InboundState(models.TextChoices):
    COMPLAINT = "complaint", _("New complaint")
    REPLY = "reply", _("Added to a complaint")
    AUTOMATIC = "automatic", _("Automatic message, not answered")


class InboundMessage(ChoiceLabels):
    """One message that arrived, stored once per Message-ID, kept byte for byte."""

    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    raw = models.BinaryField(_("raw message"))
    raw_sha256 = models.CharField(max_length=64, db_index=True)
    source = models.CharField(_("arrived through"), max_length=80)
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    from_address = models.CharField(_("from"), max_length=320, blank=True)
    from_name = models.CharField(_("sender name"), max_length=200, blank=True)
    subject = models.CharField(_("subject"), max_length=998, blank=True)
    text = models.TextField(_("text"), blank=True)
    state = models.CharField(_("outcome"), max_length=16, choices=InboundState.choices)
    automatic_reason = models.CharField(_("why automatic"), max_length=80, blank=True)
    complaint = models.ForeignKey(
        Complaint,
        verbose_name=_("complaint"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inbound_messages",
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("inbound message")
        verbose_name_plural = _("inbound messages")
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.from_address}: {self.subject[:60]}"


class Quarantine(ChoiceLabels):
    """A message that could not be read or taken in, kept whole for an administrator."""

    raw = models.BinaryField(_("raw message"))
    raw_sha256 = models.CharField(max_length=64, unique=True)
    message_id = models.CharField(_("Message-ID"), max_length=255, blank=True)
    source = models.CharField(_("arrived through"), max_length=80)
    reason = models.CharField(_("reason"), max_length=200)
    detail = models.TextField(_("detail"), blank=True)
    created_at = models.DateTimeField(_("quarantined"), default=timezone.now)

    class Meta:
        verbose_name = _("quarantined message")
        verbose_name_plural = _("quarantine")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.reason}"


class OutboxState(models.TextChoices):
    QUEUED = "queued", _("Waiting to be sent")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    BOUNCED = "bounced", _("Bounced")


class MessageKind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement")
    HOLDING_REPLY = "holding_reply", _("Holding reply")
    LETTER = "letter", _("Response letter")
    SURVEY = "survey", _("Satisfaction survey")
    DEADLINE_WARNING = "deadline_warning", _("Deadline warning")
    STAFF_NOTICE = "staff_notice", _("Notice to staff")
    OTHER = "other", _("Other")


class OutboxMessage(ChoiceLabels):
    """One message to send. Written in the transaction that causes it; sent by the worker.

    `message_id` is fixed here, so every attempt sends the same message and the
    recipient's server and client see a retry as the same mail.
    """

    complaint = models.ForeignKey(
        Complaint,
        verbose_name=_("complaint"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outbox_messages",
    )
    kind = models.CharField(_("kind"), max_length=32, choices=MessageKind.choices)
    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    from_address = models.CharField(_("from"), max_length=320)
    to = models.JSONField(_("to"), default=list)
    cc = models.JSONField(_("copy to"), default=list, blank=True)
    reply_to = models.CharField(_("reply to"), max_length=320, blank=True)
    subject = models.CharField(_("subject"), max_length=998)
    text = models.TextField(_("text"))
    html = models.TextField(_("HTML"), blank=True)
    headers = models.JSONField(_("extra headers"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    state = models.CharField(
        _("delivery"), max_length=16, choices=OutboxState.choices, default=OutboxState.QUEUED
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outbox")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="outbox_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {', '.join(self.to)}"


class OutboxAttachment(ChoiceLabels):
    """A file sent with an outgoing message, kept in the database with it (same transaction)."""

    message = models.ForeignKey(OutboxMessage, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=120)
    content = models.BinaryField(_("content"))

    class Meta:
        verbose_name = _("outgoing attachment")
        verbose_name_plural = _("outgoing attachments")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.filename
