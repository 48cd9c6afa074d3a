"""A real Celery worker on Redis, killed with SIGKILL mid-delivery and started again."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.db import transaction

from config.celery import app as celery_app
from redress.mail.models import OutboxMessage, OutboxState
from redress.mail.services import outbox_enqueue

from .conftest import PROJECT, Collector, free_port, subprocess_env

MESSAGES = 20


@pytest.fixture
def slow_smtp():
    """An SMTP server that takes its time over each message, so a kill lands mid-delivery."""
    handler = Collector(delay=0.4)
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    handler.port = port  # type: ignore[attr-defined]
    yield handler
    controller.stop()


@pytest.fixture
def celery_on_redis(redis_url):
    """This process sends its tasks to the broker instead of running them in-process."""
    conf = celery_app.conf
    saved = conf.task_always_eager, conf.broker_url
    conf.task_always_eager, conf.broker_url = False, redis_url
    yield redis_url
    conf.task_always_eager, conf.broker_url = saved
    celery_app.pool.force_close_all()


class Worker:
    def __init__(self, env: dict[str, str], directory: Path) -> None:
        self.env = env
        self.directory = directory
        self.process: subprocess.Popen[bytes] | None = None
        self.runs = 0

    def start(self) -> None:
        self.runs += 1
        log = open(self.directory / f"worker-{self.runs}.log", "wb")  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "-B",
             "--concurrency=2", "--loglevel=INFO", "--without-mingle", "--without-gossip",
             f"--hostname=redress-test-{os.getpid()}-{self.runs}@%h",
             f"--schedule={self.directory / 'beat-schedule'}"],
            env=self.env, cwd=PROJECT, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: the kill takes every child too
        )  # fmt: skip

    def kill(self) -> None:
        """SIGKILL to the worker and its pool and beat: no chance to finish anything."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(30)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(30)

    def logs(self) -> str:
        return "\n".join(
            p.read_text(errors="replace")[-3000:] for p in sorted(self.directory.glob("worker-*"))
        )


def wait_for(condition, timeout: float, worker: Worker, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}\n{worker.logs()}")


@pytest.mark.django_db(transaction=True)
def test_killing_the_worker_mid_delivery_loses_nothing_and_duplicates_only_the_instant(
    slow_smtp, celery_on_redis, tmp_path
):
    env = subprocess_env(
        REDRESS_TASKS_EAGER="false",
        REDRESS_BROKER_URL=celery_on_redis,
        REDRESS_SMTP_HOST="127.0.0.1",
        REDRESS_SMTP_PORT=str(slow_smtp.port),
        REDRESS_SMTP_STARTTLS="false",
        REDRESS_SMTP_TIMEOUT="3",
        # A send in flight when the worker died is taken again after this lease.
        REDRESS_OUTBOX_LEASE_SECONDS="5",
        REDRESS_OUTBOX_SWEEP_SECONDS="1",
        REDRESS_IMAP_POLL_SECONDS="3600",
    )
    worker = Worker(env, tmp_path)
    with transaction.atomic():
        for n in range(MESSAGES):
            outbox_enqueue(
                kind="staff_notice",
                to=[f"handler{n}@example.org"],
                subject=f"Notice {n}",
                text=f"Message number {n}.",
            )
    # The commit sent one delivery task per message to Redis; nobody consumes them yet.
    expected = set(OutboxMessage.objects.values_list("message_id", flat=True))
    try:
        worker.start()
        wait_for(lambda: len(slow_smtp.messages) >= 4, 120, worker, "the first deliveries")
        worker.kill()
        in_flight = set(
            OutboxMessage.objects.filter(state=OutboxState.SENDING).values_list(
                "message_id", flat=True
            )
        )
        sent_at_kill = OutboxMessage.objects.filter(state=OutboxState.SENT).count()
        assert sent_at_kill < MESSAGES, "the worker was killed too late to prove anything"

        worker.start()
        wait_for(
            lambda: OutboxMessage.objects.filter(state=OutboxState.SENT).count() == MESSAGES,
            180,
            worker,
            "every message to be delivered after the restart",
        )
    finally:
        worker.stop()

    received = Counter(slow_smtp.message_ids())
    assert set(received) == expected, worker.logs()
    duplicates = {message_id for message_id, count in received.items() if count > 1}
    # Only a message the dead worker had in flight may arrive twice, and at most twice.
    assert duplicates <= in_flight, (duplicates, in_flight)
    assert max(received.values()) <= 2
    assert not OutboxMessage.objects.exclude(state=OutboxState.SENT).exists()
