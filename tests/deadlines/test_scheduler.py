"""The embedded default's in-process beat runs the same schedule as Celery beat."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings

from config.celery import app
from redress.complaints.models import EventKind, JournalEvent
from redress.core.scheduler import InProcessBeat

LONDON = ZoneInfo("Europe/London")


def test_the_beat_schedule_sweeps_deadlines_every_minute():
    entry = settings.CELERY_BEAT_SCHEDULE["deadline-sweep"]
    assert entry["task"] == "redress.deadlines.sweep"
    assert entry["schedule"] == 60


@pytest.mark.django_db
def test_the_in_process_beat_runs_the_sweep_at_once_and_then_waits_its_interval(
    people, submit, clock, django_capture_on_commit_callbacks
):
    clock(datetime(2026, 3, 2, 10, tzinfo=LONDON))
    complaint = submit()
    clock(datetime(2026, 3, 4, 10, tzinfo=LONDON))  # the assignment was due yesterday
    beat = InProcessBeat(settings.CELERY_BEAT_SCHEDULE, app=app)
    with django_capture_on_commit_callbacks(execute=True):
        wait = beat.run_pending()
        again = beat.run_pending()
    assert 0 < again <= wait <= 60
    events = JournalEvent.objects.filter(complaint=complaint, kind=EventKind.DEADLINE_BREACHED)
    assert [e.data["deadline"] for e in events] == ["assign"]


@pytest.mark.django_db
def test_a_failing_job_does_not_stop_the_others():
    schedule = {
        "broken": {"task": "no.such.task", "schedule": 60},
        "sweep": {"task": "redress.deadlines.sweep", "schedule": 60},
    }
    beat = InProcessBeat(schedule, app=app)
    before = dict(beat.last_run)
    beat.run_pending()  # the unknown task is logged, not raised
    assert all(beat.last_run[name] > before[name] for name in schedule)
