"""`redress mail_poll`: poll every active IMAP mailbox once (the worker does it on a timer)."""

from typing import Any

from django.core.management.base import BaseCommand

from redress.mail.imap import mailboxes_poll


class Command(BaseCommand):
    help = "Take in the messages waiting in every active IMAP mailbox, once."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{mailboxes_poll()} message(s) taken in")
