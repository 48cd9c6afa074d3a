"""Background jobs: refresh the daily figures; build an export."""

from __future__ import annotations

import logging

from celery import shared_task

from . import facts, services

log = logging.getLogger(__name__)


@shared_task(name="redress.insights.refresh_facts")
def refresh_facts() -> int:
    """Recompute the daily figures of the days whose complaints changed. Idempotent."""
    days = facts.facts_refresh()
    if days:
        log.info("daily figures refreshed for %s days", days)
    return days


@shared_task(name="redress.insights.run_export", acks_late=True)
def run_export(export_id: int) -> str:
    return services.export_run(export_id=export_id).state
