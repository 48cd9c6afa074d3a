"""Background jobs. Celery workers run them in production; in the embedded default they
run in-process (CELERY_TASK_ALWAYS_EAGER, and `redress serve`'s scheduler thread)."""

from __future__ import annotations

import logging

from celery import shared_task

from . import services

log = logging.getLogger(__name__)


@shared_task(name="redress.deadlines.sweep", ignore_result=False)
def sweep() -> dict[str, int]:
    """Warn about deadlines due soon; record and escalate breaches. Safe to run twice."""
    result = services.deadline_sweep().as_dict()
    if any(result.values()):
        log.info("deadline sweep: %s", result)
    return result
