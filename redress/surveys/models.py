from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from redress.complaints.models import Complaint
from redress.core.models import ChoiceLabels


def new_survey_token() -> str:
    return secrets.token_urlsafe(24)


class CheckState(models.TextChoices):
    PENDING = "pending", _("Waiting for the answer")
    ANSWERED = "answered", _("Answered")
    UNANSWERED = "unanswered", _("Unanswered")
    CANCELLED = "cancelled", _("Cancelled")


class CheckChannel(models.TextChoices):
    LINK = "link", _("Private link")
    PHONE = "phone", _("Phone")


class SatisfactionCheck(ChoiceLabels):
    """One round of asking the customer whether the problem is solved."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.PROTECT, related_name="satisfaction_checks"
    )
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    token = models.CharField(max_length=64, unique=True, default=new_survey_token)
    state = models.CharField(
        _("state"), max_length=12, choices=CheckState.choices, default=CheckState.PENDING
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    channel = models.CharField(
        _("answered by"), max_length=8, choices=CheckChannel.choices, blank=True
    )
    solved = models.BooleanField(_("problem solved"), null=True, blank=True)
    score = models.PositiveSmallIntegerField(_("satisfaction (1–5)"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("satisfaction check")
        verbose_name_plural = _("satisfaction checks")
        ordering = ["sent_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["complaint"],
                condition=models.Q(state="pending"),
                name="one_pending_check_per_complaint",
            ),
            models.CheckConstraint(
                name="score_between_1_and_5",
                condition=models.Q(score__isnull=True) | models.Q(score__gte=1, score__lte=5),
            ),
        ]
        indexes = [models.Index(fields=["state", "sent_at"], name="check_due_idx")]

    def __str__(self) -> str:
        return f"{self.complaint_id} #{self.round}"
