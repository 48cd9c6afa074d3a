"""Celery tasks: deliver one outbox message, sweep the outbox, poll the mailboxes.

In the embedded default they run in-process right after the commit (eager mode);
in production a worker runs them, and beat runs the sweep and the poll on a timer.
"""

from __future__ import annotations

from celery import shared_task

from . import delivery, imap


@shared_task(name="redress.mail.tasks.outbox_deliver", ignore_result=True)
def outbox_deliver(pk: int) -> str:
    return delivery.outbox_deliver(pk=pk)


@shared_task(name="redress.mail.tasks.outbox_sweep", ignore_result=True)
def outbox_sweep() -> int:
    return delivery.outbox_sweep()


@shared_task(name="redress.mail.tasks.mailboxes_poll", ignore_result=True)
def mailboxes_poll() -> int:
    return imap.mailboxes_poll()
