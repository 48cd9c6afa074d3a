"""`redress mail_deliver`: deliver every due outbox message once (the worker does it on a timer)."""

from typing import Any

from django.core.management.base import BaseCommand

from redress.mail.delivery import outbox_sweep


class Command(BaseCommand):
    help = "Deliver every due message in the outbox, once (retries included)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{outbox_sweep()} message(s) attempted")
