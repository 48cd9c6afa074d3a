from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from redress.complaints.models import Complaint
from redress.core.models import ChoiceLabels
from redress.customers.models import Customer
from redress.investigations.models import Translated


class RemedyKind(models.TextChoices):
    REFUND = "refund", _("Refund")
    REPLACEMENT = "replacement", _("Replacement")
    EXCHANGE = "exchange", _("Exchange")
    REPAIR = "repair", _("Repair")
    DISCOUNT = "discount", _("Discount or voucher")
    FREE_SERVICE = "free_service", _("Free extra service")
    REDO_SERVICE = "redo_service", _("Redoing the service")
    GOODWILL = "goodwill", _("Goodwill gesture")
    APOLOGY = "apology", _("Apology only")


class RemedyStatus(models.TextChoices):
    AGREED = "agreed", _("Agreed")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_REMEDY = (RemedyStatus.AGREED, RemedyStatus.IN_PROGRESS)
MONEY_KINDS = (RemedyKind.REFUND, RemedyKind.DISCOUNT)


class Remedy(ChoiceLabels):
    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="remedies")
    kind = models.CharField(_("remedy"), max_length=16, choices=RemedyKind.choices)
    description = models.TextField(_("what exactly"), blank=True)
    amount = models.DecimalField(
        _("amount"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="remedies",
    )
    due_on = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=12, choices=RemedyStatus.choices, default=RemedyStatus.AGREED
    )
    cost = models.DecimalField(
        _("cost to us"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    note = models.TextField(_("progress note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        verbose_name = _("remedy")
        verbose_name_plural = _("remedies")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["complaint", "status"], name="remedy_open_idx")]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.kind}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REMEDY


class Offering(Translated):
    """A product or service of ours, for personalised remedies."""

    class Kind(models.TextChoices):
        PRODUCT = "product", _("Product")
        SERVICE = "service", _("Service")

    code = models.SlugField(_("code"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    is_active = models.BooleanField(_("active"), default=True)
    users = models.ManyToManyField(
        Customer, verbose_name=_("customers who use it"), blank=True, related_name="offerings"
    )

    class Meta:
        verbose_name = _("product or service")
        verbose_name_plural = _("products and services")
        ordering = ["kind", "text_en"]
