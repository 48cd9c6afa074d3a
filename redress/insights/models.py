"""Pre-aggregated figures for the dashboard, and background exports.

`DailyFact` holds one row per received day × category × channel × team × status ×
product with counts and sums; the dashboard reads only these rows, so its cost depends
on the number of days and dimensions, not on the number of complaints. Every figure
of a complaint is counted on the day it was received (a cohort view): when a complaint
from March is resolved in April, March's row changes. `facts.py` recomputes the days
that changed.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from redress.core.models import ChoiceLabels


class DailyFact(ChoiceLabels):
    day = models.DateField(_("received on"))
    category = models.ForeignKey(
        "complaints.Category", on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    channel = models.CharField(_("channel"), max_length=20)
    team = models.ForeignKey(
        "accounts.Team",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    status = models.CharField(_("status"), max_length=20)
    product = models.CharField(_("product or service"), max_length=200, blank=True)

    complaints = models.PositiveIntegerField(default=0)
    acknowledged = models.PositiveIntegerField(default=0)
    acknowledge_seconds = models.FloatField(default=0)
    resolved = models.PositiveIntegerField(default=0)
    resolve_seconds = models.FloatField(default=0)
    deadlines_due = models.PositiveIntegerField(default=0)
    deadlines_met = models.PositiveIntegerField(default=0)
    breaches = models.PositiveIntegerField(default=0)
    decided = models.PositiveIntegerField(default=0)
    justified = models.PositiveIntegerField(default=0)
    remedy_cost = models.DecimalField(max_digits=16, decimal_places=2, default=0)
    surveyed = models.PositiveIntegerField(default=0)
    satisfied = models.PositiveIntegerField(default=0)
    score_sum = models.PositiveIntegerField(default=0)
    reopened = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("daily figure")
        verbose_name_plural = _("daily figures")
        indexes = [
            models.Index(fields=["day"], name="fact_day_idx"),
            models.Index(fields=["category", "day"], name="fact_category_day_idx"),
            models.Index(fields=["team", "day"], name="fact_team_day_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.category_id} {self.channel} {self.status}"


class FactRefresh(ChoiceLabels):
    """How far the daily figures are up to date: one row."""

    refreshed_until = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    days = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("figures refresh")
        verbose_name_plural = _("figures refreshes")

    def __str__(self) -> str:
        return f"{self.refreshed_until}"


class ExportKind(models.TextChoices):
    JOURNAL_CSV = "journal_csv", _("Journal (CSV)")
    JOURNAL_XLSX = "journal_xlsx", _("Journal (Excel)")
    FIGURES_CSV = "figures_csv", _("Dashboard figures (CSV)")
    FIGURES_XLSX = "figures_xlsx", _("Dashboard figures (Excel)")
    REVIEW_PPTX = "review_pptx", _("Monthly review (PowerPoint)")


EXTENSIONS = {
    ExportKind.JOURNAL_CSV: "csv",
    ExportKind.JOURNAL_XLSX: "xlsx",
    ExportKind.FIGURES_CSV: "csv",
    ExportKind.FIGURES_XLSX: "xlsx",
    ExportKind.REVIEW_PPTX: "pptx",
}


class ExportState(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


def export_path(instance: Export, filename: str) -> str:
    # Generated names only: nothing a user typed ever becomes part of a path.
    ext = EXTENSIONS.get(ExportKind(instance.kind), "bin")
    return f"exports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{ext}"


class Export(ChoiceLabels):
    kind = models.CharField(_("kind"), max_length=16, choices=ExportKind.choices)
    params: models.JSONField[Any] = models.JSONField(_("filters"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=8, default="en")
    state = models.CharField(
        _("state"), max_length=10, choices=ExportState.choices, default=ExportState.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    file = models.FileField(_("file"), upload_to=export_path, max_length=200, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk}"

    @property
    def extension(self) -> str:
        return EXTENSIONS.get(ExportKind(self.kind), "bin")

    @property
    def download_name(self) -> str:
        return f"redress-{self.kind.replace('_', '-')}-{self.pk}.{self.extension}"
