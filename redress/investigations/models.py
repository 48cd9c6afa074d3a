from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from redress.complaints.models import Category, Complaint, attachment_path
from redress.core.models import ChoiceLabels


class Translated(ChoiceLabels):
    """A configurable label named in every language of the product."""

    text_en = models.CharField(_("text (English)"), max_length=200)
    text_th = models.CharField(_("text (Thai)"), max_length=200, blank=True)
    text_bn = models.CharField(_("text (Bengali)"), max_length=200, blank=True)
    text_hr = models.CharField(_("text (Croatian)"), max_length=200, blank=True)
    text_sv = models.CharField(_("text (Swedish)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.label()

    def label(self, language: str | None = None) -> str:
        lang = (language or translation.get_language() or "en")[:2]
        return str(getattr(self, f"text_{lang}", "") or self.text_en)


class StatementKind(models.TextChoices):
    CUSTOMER = "customer", _("The customer's account")
    INTAKE = "intake", _("Account of the employee who took the complaint")
    EMPLOYEE = "employee", _("Account of an employee involved")
    DISCUSSION = "discussion", _("Team discussion")


class Statement(ChoiceLabels):
    """One account of what happened, recorded against the complaint."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="statements")
    kind = models.CharField(_("kind"), max_length=16, choices=StatementKind.choices)
    employee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("employee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("participants"), blank=True, related_name="+"
    )
    text = models.TextField(_("account"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.kind}"


class Evidence(ChoiceLabels):
    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    description = models.CharField(_("what it shows"), max_length=300, blank=True)
    size = models.PositiveBigIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class FactItem(Translated):
    """A fact the handler must establish before deciding; per category or for all."""

    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="fact_items",
        help_text=_("Empty: asked for every category that has no list of its own."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("fact to establish")
        verbose_name_plural = _("facts to establish")
        ordering = ["position", "id"]


class EstablishedFact(ChoiceLabels):
    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="facts")
    item = models.ForeignKey(FactItem, on_delete=models.PROTECT, related_name="+")
    finding = models.TextField(_("finding"))
    established_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    established_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("established fact")
        verbose_name_plural = _("established facts")
        constraints = [
            models.UniqueConstraint(fields=["complaint", "item"], name="one_finding_per_fact")
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.item_id}"


class RootCauseCategory(Translated):
    code = models.SlugField(_("code"), unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("root-cause category")
        verbose_name_plural = _("root-cause categories")
        ordering = ["position", "id"]


class Outcome(models.TextChoices):
    JUSTIFIED = "justified", _("Justified")
    PARTLY_JUSTIFIED = "partly_justified", _("Partly justified")
    NOT_JUSTIFIED = "not_justified", _("Not justified")
    OUTSIDE = "outside", _("Outside our responsibility")


UPHELD = (Outcome.JUSTIFIED, Outcome.PARTLY_JUSTIFIED)


class DecisionState(models.TextChoices):
    PROPOSED = "proposed", _("Awaiting confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    RETURNED = "returned", _("Returned for rework")
    SUPERSEDED = "superseded", _("Superseded")


class Decision(ChoiceLabels):
    """The outcome of a complaint and its reasons; the latest live one counts."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    reasons = models.TextField(_("reasons"))
    third_party_name = models.CharField(_("third party"), max_length=200, blank=True)
    third_party_contact = models.TextField(_("how to reach the third party"), blank=True)
    root_cause_category = models.ForeignKey(
        RootCauseCategory,
        verbose_name=_("root-cause category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    root_cause = models.TextField(_("what went wrong and why"), blank=True)
    state = models.CharField(_("state"), max_length=12, choices=DecisionState.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    review_note = models.TextField(_("quality lead's note"), blank=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["decided_at", "id"]
        indexes = [models.Index(fields=["complaint", "state"], name="decision_live_idx")]
        permissions = [
            ("confirm_decision", _("Can confirm decisions that need confirmation")),
            ("view_disciplinary", _("Can see and record disciplinary measures")),
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.outcome}"


class DisciplinaryMeasure(ChoiceLabels):
    """Restricted: the employee at fault and the measure. Quality leads and signatories only."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.PROTECT, related_name="disciplinary_measures"
    )
    employee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("employee at fault"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    measure = models.TextField(_("disciplinary measure"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("disciplinary measure")
        verbose_name_plural = _("disciplinary measures")
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.employee_id}"


class ConfirmationRule(ChoiceLabels):
    """When a handler's decision must be confirmed by a quality lead."""

    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("Empty: every category."),
    )
    amount_over = models.DecimalField(
        _("amount in dispute over"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Empty: whatever the amount."),
    )
    outcome = models.CharField(
        _("outcome"),
        max_length=20,
        choices=Outcome.choices,
        blank=True,
        help_text=_("Empty: every outcome."),
    )
    addressed_to_top_management = models.BooleanField(
        _("only letters to top management"), default=False
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("confirmation rule")
        verbose_name_plural = _("confirmation rules")

    def __str__(self) -> str:
        return f"{self.category or '*'} > {self.amount_over or '*'} {self.outcome or '*'}"
