"""Celery beat's schedule run in-process, for the embedded default that has no broker.

Production sends CELERY_BEAT_SCHEDULE through `celery beat` to workers on Redis. `redress
serve` (what `make run` starts) runs the very same entries here instead, in one
background thread next to the development server, so any app that adds a periodic job
to the schedule gets it in both set-ups. Jobs must be idempotent (they are run again
after a restart), as they must be under beat.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta
from typing import Any

from celery import Celery
from celery.schedules import BaseSchedule, maybe_schedule
from django.db import close_old_connections, connections

log = logging.getLogger(__name__)


class InProcessBeat:
    """Run due schedule entries with `task.apply()` (locally, synchronously) in a thread."""

    def __init__(self, schedule: dict[str, dict[str, Any]], *, app: Celery, max_sleep: float = 5):
        self.app = app
        # What a worker does at start-up: import every app's tasks module.
        app.loader.import_default_modules()
        self.entries: dict[str, tuple[dict[str, Any], BaseSchedule]] = {}
        for name, entry in schedule.items():
            every = maybe_schedule(entry["schedule"], app=app)
            if not isinstance(every, BaseSchedule):  # pragma: no cover - maybe_schedule wraps
                raise TypeError(f"unsupported schedule for {name}: {every!r}")
            self.entries[name] = (entry, every)
        # Everything is due at start-up, as after a beat restart.
        self.last_run: dict[str, datetime] = {
            name: app.now() - timedelta(days=3650) for name in self.entries
        }
        self.max_sleep = max_sleep
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def describe(self) -> list[str]:
        return [
            f"{name} ({entry['task']}, {every})" for name, (entry, every) in self.entries.items()
        ]

    def run_pending(self) -> float:
        """Run what is due now; returns the seconds until something may be due again."""
        wait = self.max_sleep
        for name, (entry, every) in self.entries.items():
            due, next_check = every.is_due(self.last_run[name])
            if due:
                self.last_run[name] = self.app.now()
                self._run(name, entry)
            wait = min(wait, max(float(next_check), 0.1))
        return wait

    def _run(self, name: str, entry: dict[str, Any]) -> None:
        try:
            task = self.app.tasks[entry["task"]]
            task.apply(args=entry.get("args", ()), kwargs=entry.get("kwargs", {}), throw=True)
        except Exception:
            # One failing run must not stop the schedule; the next run tries again.
            log.exception("periodic job %s failed", name)

    def _loop(self) -> None:
        try:
            while not self._stop.is_set():
                # As around a request: drop connections that broke or grew too old.
                close_old_connections()
                wait = self.run_pending()
                close_old_connections()
                self._stop.wait(wait)
        finally:
            connections.close_all()

    def start(self) -> threading.Thread:
        self._thread = threading.Thread(target=self._loop, name="redress-beat", daemon=True)
        self._thread.start()
        return self._thread

    def stop(self, timeout: float = 10) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
