"""In the running app: a complaint left alone goes "due soon", is then breached and
escalated by the in-process worker, and its journal shows the breach once."""

import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from config.celery import app
from redress.complaints.models import Complaint, EventKind
from redress.core.scheduler import InProcessBeat
from redress.deadlines.models import Deadline, DeadlineNotice

pytestmark = [pytest.mark.browser]


def wait_for(condition, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the worker")
        time.sleep(0.2)


@pytest.fixture
def beat():
    """The embedded default's worker: the beat schedule, run in-process twice a second."""
    schedule = {
        name: {**entry, "schedule": 0.5, "options": {}}
        for name, entry in settings.CELERY_BEAT_SCHEDULE.items()
    }
    runner = InProcessBeat(schedule, app=app, max_sleep=0.5)
    runner.start()
    yield runner
    runner.stop()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_complaint_left_alone_goes_due_soon_then_is_breached_and_escalated_once(
    live_server, page, staff, time_machine, beat
):
    quality = staff["quality"]
    quality.email = "quality@redress.test"
    quality.save()
    # Some Tuesday at 10:00 a month ahead (ahead, so that the browser keeps its cookies).
    start = timezone.localtime() + timedelta(days=30)
    start = start.replace(hour=10, minute=0, second=0, microsecond=0)
    start += timedelta(days=(1 - start.weekday()) % 7)
    time_machine.move_to(start, tick=True)

    page.goto(live_server.url + "/")
    page.locator("#id_full_name").fill("Margaret Holloway")
    page.locator("#id_email").fill("margaret@example.org")
    page.locator("#id_subject").fill("Table never arrived")
    page.locator("#id_category").select_option(label="Delivery")
    page.locator("#id_description").fill("I paid for a table six weeks ago; it never came.")
    page.get_by_role("button", name="Send complaint").click()
    reference = page.get_by_test_id("reference").inner_text()
    complaint = Complaint.objects.get(reference=reference)
    assign = Deadline.objects.get(complaint=complaint, kind="assign")

    page.goto(live_server.url + "/accounts/login/")
    page.locator("#id_username").fill("quality")
    page.locator("#id_password").fill("pw-quality")
    page.get_by_role("button", name="Log in").click()
    detail = f"{live_server.url}/staff/complaints/{reference}/"

    time_machine.move_to(assign.warn_at + timedelta(minutes=1), tick=True)
    wait_for(lambda: DeadlineNotice.objects.filter(deadline=assign, kind="warning").exists())
    page.goto(detail)
    row = page.locator('[data-testid="deadlines"] [data-kind="assign"]')
    expect(row).to_have_attribute("data-state", "due_soon")
    expect(row).to_contain_text("Due soon")

    time_machine.move_to(assign.due_at + timedelta(minutes=1), tick=True)
    wait_for(lambda: DeadlineNotice.objects.filter(deadline=assign, kind="breach").exists())
    time.sleep(1.5)  # the worker keeps sweeping; nothing more may happen
    page.goto(detail)
    expect(row).to_have_attribute("data-state", "breached")
    timeline = page.get_by_test_id("timeline")
    # One breach event (the staff notice about it is listed apart, as a queued email).
    breaches = timeline.locator("li.event-deadline_breach")
    expect(breaches).to_have_count(1)
    expect(breaches).to_contain_text("Deadline breached: Assign a responsible person")
    assert complaint.events.filter(kind=EventKind.DEADLINE_BREACHED).count() == 1
    # Nobody was responsible yet, so the quality lead had the warning too; one escalation.
    to_quality = [m.subject for m in mail.outbox if m.to == ["quality@redress.test"]]
    assert len(to_quality) == 2
    assert len([s for s in to_quality if "breached" in s and reference in s]) == 1

    page.goto(f"{live_server.url}/staff/?deadline=breached")
    expect(page.get_by_role("link", name=reference)).to_be_visible()
    page.screenshot(path="test-artifacts/deadlines-journal-breached.png", full_page=True)
