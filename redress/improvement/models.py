"""Corrective action plans, and the stored result of the recurring-problems job."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from redress.complaints.models import Complaint
from redress.core.models import ChoiceLabels
from redress.investigations.models import RootCauseCategory


class PlanStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("plan status", "Open")
    IN_PROGRESS = "in_progress", pgettext_lazy("plan status", "In progress")
    DONE = "done", pgettext_lazy("plan status", "Done")
    CHECKED = "checked", _("Effectiveness checked")


OPEN_PLAN_STATUSES = (PlanStatus.OPEN, PlanStatus.IN_PROGRESS, PlanStatus.DONE)


class Plan(ChoiceLabels):
    """A corrective action plan: complaints, their common root cause, and what is done about it."""

    title = models.CharField(_("title"), max_length=200)
    root_cause = models.TextField(_("root cause"))
    root_cause_category = models.ForeignKey(
        RootCauseCategory,
        verbose_name=_("root-cause category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.OPEN
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_plans",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    complaints = models.ManyToManyField(
        Complaint, through="PlanComplaint", related_name="plans", verbose_name=_("complaints")
    )
    review_on = models.DateField(_("effectiveness review date"), null=True, blank=True)
    # The recurring-problems cluster the plan was made from, if any (clusters are recomputed,
    # so the key, not a foreign key).
    source_cluster_key = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    checked_at = models.DateTimeField(_("effectiveness checked"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    check_note = models.TextField(_("effectiveness check"), blank=True)

    class Meta:
        verbose_name = _("corrective action plan")
        verbose_name_plural = _("corrective action plans")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "-created_at"], name="plan_status_idx")]
        permissions = [
            ("propose_plan", _("Can propose corrective action plans and attach complaints")),
            ("manage_plan", _("Can own, run and check corrective action plans")),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_PLAN_STATUSES


class PlanComplaint(ChoiceLabels):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="links")
    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="plan_links")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("complaint of a plan")
        verbose_name_plural = _("complaints of plans")
        constraints = [
            models.UniqueConstraint(fields=["plan", "complaint"], name="plan_complaint_once")
        ]

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.complaint_id}"


class ActionStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("action status", "Open")
    IN_PROGRESS = "in_progress", pgettext_lazy("action status", "In progress")
    DONE = "done", pgettext_lazy("action status", "Done")
    CANCELLED = "cancelled", pgettext_lazy("action status", "Cancelled")


OPEN_ACTION_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class PlanAction(ChoiceLabels):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField(_("action"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="plan_actions",
    )
    due_on = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    note = models.TextField(_("what was done"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        verbose_name = _("plan action")
        verbose_name_plural = _("plan actions")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.description[:60]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ACTION_STATUSES


class ClusterKind(models.TextChoices):
    TEXT = "text", _("Similar text")
    CATEGORY = "category", _("Same category")
    PRODUCT = "product", _("Same product or service")
    ROOT_CAUSE = "root_cause", _("Same root cause")


class ClusterRun(ChoiceLabels):
    """One run of the recurring-problems job; the page shows the latest finished one."""

    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    period_days = models.PositiveSmallIntegerField(default=30)
    period_start = models.DateTimeField()
    period_end = models.DateTimeField()
    input_count = models.PositiveIntegerField(default=0)
    # True when the input bound cut complaints off (only the newest ones were clustered).
    truncated = models.BooleanField(default=False)
    params = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("recurring-problems run")
        verbose_name_plural = _("recurring-problems runs")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M}"


class RecurringCluster(ChoiceLabels):
    run = models.ForeignKey(ClusterRun, on_delete=models.CASCADE, related_name="clusters")
    kind = models.CharField(_("kind"), max_length=12, choices=ClusterKind.choices)
    # Stable across runs for the same group (category code, product, or the text
    # cluster's most central complaint), so a plan made from it can be recognised.
    key = models.CharField(max_length=64)
    label = models.CharField(_("label"), max_length=300)
    top_terms = models.JSONField(default=list, blank=True)
    size = models.PositiveIntegerField(_("size"))
    count_current = models.PositiveIntegerField(_("this period"))
    count_previous = models.PositiveIntegerField(_("previous period"))
    central = models.ForeignKey(
        Complaint, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    members = models.ManyToManyField(Complaint, through="ClusterMember", related_name="+")

    class Meta:
        verbose_name = _("recurring problem")
        verbose_name_plural = _("recurring problems")
        ordering = ["-count_current", "-size", "id"]

    def __str__(self) -> str:
        return self.label

    @property
    def trend(self) -> int:
        return self.count_current - self.count_previous

    @property
    def rising(self) -> bool:
        return self.count_current > self.count_previous


class ClusterMember(ChoiceLabels):
    cluster = models.ForeignKey(RecurringCluster, on_delete=models.CASCADE, related_name="links")
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cluster", "complaint"], name="cluster_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.cluster_id}: {self.complaint_id}"
