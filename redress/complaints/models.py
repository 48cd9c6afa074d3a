from __future__ import annotations

import secrets
import uuid
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from redress.accounts.models import Team
from redress.core.models import ChoiceLabels
from redress.customers.models import Customer

from .lifecycle import OPEN_STATUSES, Status


class Category(ChoiceLabels):
    """A node of the configurable category tree, named in every language."""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_th = models.CharField(_("name (Thai)"), max_length=120, blank=True)
    name_bn = models.CharField(_("name (Bengali)"), max_length=120, blank=True)
    name_hr = models.CharField(_("name (Croatian)"), max_length=120, blank=True)
    name_sv = models.CharField(_("name (Swedish)"), max_length=120, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "name_en"]

    def __str__(self) -> str:
        return self.label()

    def label(self, language: str | None = None) -> str:
        lang = (language or translation.get_language() or "en")[:2]
        return str(getattr(self, f"name_{lang}", "") or self.name_en)

    def path_label(self, language: str | None = None) -> str:
        if self.parent_id and self.parent is not None:
            return f"{self.parent.label(language)} › {self.label(language)}"
        return self.label(language)


class Channel(models.TextChoices):
    WEB = "web", _("Web form")
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone")
    VISIT = "visit", _("Visit")
    COMPLAINT_BOOK = "complaint_book", _("Complaint book")
    CHAT = "chat", _("Live chat")
    SOCIAL_MEDIA = "social_media", _("Social media")
    QUESTIONNAIRE = "questionnaire", _("Paper questionnaire")
    API = "api", _("API")


STAFF_INTAKE_CHANNELS = [
    Channel.PHONE,
    Channel.VISIT,
    Channel.COMPLAINT_BOOK,
    Channel.CHAT,
    Channel.SOCIAL_MEDIA,
    Channel.QUESTIONNAIRE,
    Channel.EMAIL,
]


class ClaimType(models.TextChoices):
    EXCHANGE_FAULTY_GOODS = "exchange_faulty_goods", _("Exchange of faulty goods")
    REFUND_PREPAYMENT = "refund_prepayment", _("Refund of prepayment for undelivered goods")
    WARRANTY_REPAIR = "warranty_repair", _("Warranty repair")
    DEFECTIVE_WORK = "defective_work", _("Defective contract work")
    SERVICE_QUALITY = "service_quality", _("Service quality")
    BILLING_ERROR = "billing_error", _("Billing error")
    OTHER = "other", _("Other")


class EmotionalState(models.TextChoices):
    CALM = "calm", _("Calm")
    IRRITATED = "irritated", _("Irritated")
    AGGRESSIVE = "aggressive", _("Aggressive")


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


def new_tracking_token() -> str:
    return secrets.token_urlsafe(24)


class ComplaintQuerySet(models.QuerySet["Complaint"]):
    def open(self) -> ComplaintQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: Any = None) -> ComplaintQuerySet:
        today = today or timezone.localdate()
        return self.open().filter(reply_due_on__lt=today)


class Complaint(ChoiceLabels):
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="complaints"
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("what happened"))
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="complaints"
    )
    product = models.CharField(_("product or service"), max_length=200, blank=True)
    order_reference = models.CharField(_("order or contract reference"), max_length=100, blank=True)
    incident_date = models.DateField(_("when it happened"), null=True, blank=True)
    incident_place = models.CharField(_("where it happened"), max_length=200, blank=True)
    amount_in_dispute = models.DecimalField(
        _("amount in dispute"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    desired_outcome = models.TextField(_("desired outcome"), blank=True)
    claim_type = models.CharField(
        _("claim type"), max_length=32, choices=ClaimType.choices, blank=True
    )
    addressed_to_top_management = models.BooleanField(
        _("addressed to top management"), default=False
    )
    emotional_state = models.CharField(
        _("emotional state at intake"), max_length=16, choices=EmotionalState.choices, blank=True
    )
    priority = models.CharField(
        _("priority"), max_length=8, choices=Priority.choices, default=Priority.NORMAL
    )
    about_third_party = models.BooleanField(
        _("about a third party"),
        default=False,
        help_text=_("For example about a member of staff."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_complaints",
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="complaints",
    )
    intake_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("taken in by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="taken_in_complaints",
    )
    tracking_token = models.CharField(max_length=64, unique=True, default=new_tracking_token)
    reply_due_on = models.DateField(_("customer hears back by"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    registered_at = models.DateTimeField(_("registered"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    resolved_at_first_contact = models.BooleanField(_("resolved at first contact"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["-received_at", "-id"], name="complaint_received_idx"),
            # The journal's filters, each in the journal's order (-received_at, -id), so a
            # filtered page is read straight off the index at a million rows.
            models.Index(
                fields=["status", "-received_at", "-id"], name="complaint_status_recv_idx"
            ),
            models.Index(fields=["assignee", "status"], name="complaint_assignee_idx"),
            models.Index(fields=["team", "status"], name="complaint_team_idx"),
            models.Index(
                fields=["category", "-received_at", "-id"], name="complaint_category_recv_idx"
            ),
            models.Index(
                fields=["channel", "-received_at", "-id"], name="complaint_channel_recv_idx"
            ),
            models.Index(
                fields=["assignee", "-received_at", "-id"], name="complaint_assignee_recv_idx"
            ),
            models.Index(fields=["team", "-received_at", "-id"], name="complaint_team_recv_idx"),
            models.Index(fields=["reply_due_on"], name="complaint_due_idx"),
        ]
        permissions = [
            ("intake_complaint", _("Can take in complaints from staff channels")),
            ("acknowledge_complaint", _("Can acknowledge and withdraw complaints")),
            ("assign_complaint", _("Can register and assign complaints")),
            ("handle_complaint", _("Can investigate, decide and close complaints")),
            ("reopen_complaint", _("Can reopen complaints")),
            ("view_all_complaints", _("Can see every complaint")),
            ("sign_letter", _("Can approve and sign response letters")),
            ("view_reports", _("Can see reports and dashboards")),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return bool(self.is_open and self.reply_due_on and self.reply_due_on < timezone.localdate())


class ReferenceCounter(ChoiceLabels):
    """The last reference number issued per year. Numbers are never reused."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", _("Complaint received")
    STATUS = "status", _("Status changed")
    ASSIGNED = "assigned", _("Responsible person assigned")
    NOTE = "note", _("Note")
    ATTACHMENT = "attachment", _("Attachment added")
    STATEMENT = "statement", _("Statement recorded")
    EVIDENCE = "evidence", _("Evidence added")
    FACT = "fact", _("Fact established")
    DECISION = "decision", _("Decision")
    RESTRICTED = "restricted", _("Restricted record added")
    REMEDY = "remedy", _("Remedy")
    SURVEY = "survey", _("Satisfaction check")
    ESCALATED = "escalated", _("Escalated to the quality lead")
    LETTER = "letter", _("Response letter")
    # Written by the deadlines app.
    DEADLINE_BREACHED = "deadline_breach", _("Deadline breached")
    CLOCK_PAUSED = "clock_paused", _("Waiting on the customer")
    CLOCK_RESUMED = "clock_resumed", _("No longer waiting on the customer")
    HOLDING_REPLY = "holding_reply", _("Holding reply sent")
    CONTACT = "contact", _("Customer contacted")
    FILE_REFUSED = "file_refused", _("Attachment refused")
    EMAIL_IN = "email_in", _("Email received")
    EMAIL_OUT = "email_out", _("Email queued")
    # Written by the improvement app.
    PLAN = "plan", _("Corrective action plan")


class JournalQuerySet(models.QuerySet["JournalEvent"]):
    """The journal is append-only: bulk edits and deletes are refused here too."""

    def update(self, **kwargs: Any) -> int:
        raise TypeError("The complaint journal is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("The complaint journal is append-only.")


class JournalEvent(ChoiceLabels):
    """One line of a complaint's history: who, when, from, to, why."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.PROTECT, related_name="events", verbose_name=_("complaint")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=EventKind.choices)
    from_status = models.CharField(_("from"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Status.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField(_("by"), max_length=120, blank=True)
    note = models.TextField(_("note"), blank=True)
    is_public = models.BooleanField(_("shown to the customer"), default=False)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    objects = JournalQuerySet.as_manager()

    class Meta:
        verbose_name = _("journal event")
        verbose_name_plural = _("journal events")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["complaint", "created_at", "id"], name="event_timeline_idx")
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.kind} {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise TypeError("The complaint journal is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("The complaint journal is append-only.")


def attachment_path(instance: Attachment, filename: str) -> str:
    # The customer's file name is kept as data, never used as a path.
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"attachments/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class Attachment(ChoiceLabels):
    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size"))
    uploaded_at = models.DateTimeField(default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name
