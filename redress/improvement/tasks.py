"""Background jobs: the recurring-problems computation (periodic, and on request)."""

from __future__ import annotations

import logging

from celery import shared_task

from .recurring import DEFAULT_PERIOD_DAYS, recurring_compute

log = logging.getLogger(__name__)


@shared_task(name="redress.improvement.recurring", ignore_result=False)
def recompute_recurring(period_days: int = DEFAULT_PERIOD_DAYS) -> dict[str, int]:
    """Cluster the recent complaints and store the recurring problems. Safe to run twice."""
    run = recurring_compute(period_days=period_days)
    result = {"run": run.pk, "complaints": run.input_count, "clusters": run.clusters.count()}
    log.info("recurring problems: %s", result)
    return result
