"""A real Celery worker on Redis runs the sweep against the real test database.

Skipped only when Redis is not reachable and this is not CI; in CI it must run.
"""

import os
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from celery import Celery
from django.db import connection
from django.utils import timezone

from redress.complaints.models import EventKind, JournalEvent
from redress.complaints.services import complaint_submit
from redress.deadlines.models import Deadline, DeadlineNotice, DeadlineState

from ..conftest import complaint_input, customer_input

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("REDRESS_TEST_REDIS_URL", "redis://127.0.0.1:6379/3")


def redis_or_skip() -> redis.Redis:
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI needs Redis at {REDIS_URL} for the worker test")
        pytest.skip(f"no Redis at {REDIS_URL}")
    return client


def database_url() -> str:
    """The database this test runs on, as the worker process must see it."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{user}{password}@{host}{port}/{db['NAME']}"


def mails_in(directory: Path) -> list[str]:
    """Every message the file backend wrote, by subject."""
    return [
        line.removeprefix("Subject: ")
        for path in sorted(directory.glob("*"))
        for line in path.read_text().splitlines()
        if line.startswith("Subject: ")
    ]


@pytest.fixture
def worker(tmp_path):
    """Start `celery worker` on its own queue; yield (send, mail directory); stop it."""
    client = redis_or_skip()
    queue = f"redress-test-{uuid.uuid4().hex[:12]}"
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    log = (tmp_path / "worker.log").open("w")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.deadlines.worker_settings",
        "DATABASE_URL": database_url(),
        "REDRESS_BROKER_URL": REDIS_URL,
        "REDRESS_TASKS_EAGER": "false",
        "REDRESS_TEST_MAIL_DIR": str(mail_dir),
        "REDRESS_TEST_QUEUE": queue,
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--loglevel=INFO",
            "--concurrency=2",
            f"--queues={queue}",
            f"--hostname={queue}@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    sender = Celery("redress-test-sender", broker=REDIS_URL, backend=REDIS_URL)
    results = []

    def send():
        result = sender.send_task("redress.deadlines.sweep", queue=queue)
        results.append(result)
        return result

    try:
        yield send, mail_dir
    finally:
        process.terminate()  # warm shutdown: finish the running task, then stop
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()
        for result in results:
            result.forget()
        client.delete(f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}", queue)
        sender.close()
        if process.returncode not in (0, -15):
            print((tmp_path / "worker.log").read_text())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_records_each_breach_once_however_often_the_sweep_runs(
    staff, category, worker
):
    send, mail_dir = worker
    quality = staff["quality"]
    quality.email = "quality@redress.test"
    quality.save()
    # A phone complaint taken in six weeks ago and left alone: every deadline has passed.
    complaint = complaint_submit(
        customer=customer_input(),
        complaint=complaint_input(category),
        channel="phone",
        actor=staff["intake"],
        received_at=timezone.now() - timedelta(weeks=6),
    )
    assert not JournalEvent.objects.filter(kind=EventKind.DEADLINE_BREACHED).exists()

    started = time.monotonic()
    first = send().get(timeout=90, disable_sync_subtasks=False)
    assert first["breached"] >= 1, first
    breached = Deadline.objects.filter(complaint=complaint, state=DeadlineState.BREACHED)
    assert breached.count() == first["breached"]

    # Twice more, both at once on two worker processes: nothing new.
    again = [send(), send()]
    assert [r.get(timeout=90, disable_sync_subtasks=False)["breached"] for r in again] == [0, 0]

    events = JournalEvent.objects.filter(complaint=complaint, kind=EventKind.DEADLINE_BREACHED)
    assert sorted(e.data["deadline_id"] for e in events) == sorted(b.pk for b in breached)
    assert DeadlineNotice.objects.filter(kind="breach").count() == first["breached"]
    # Notices leave through the outbox: the worker delivers them in a task of their own.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        subjects = [s for s in mails_in(mail_dir) if "breached" in s]
        if len(subjects) >= first["breached"]:
            break
        time.sleep(0.5)
    time.sleep(1.0)  # and nothing more arrives
    subjects = [s for s in mails_in(mail_dir) if "breached" in s]
    assert len(subjects) == first["breached"], subjects
    assert all(complaint.reference in s for s in subjects)
    assert time.monotonic() - started < 180
