"""`redress mailgate`: take in one RFC 5322 message from standard input (an MTA pipe).

Exit status: 0 when the message was stored, answered as a duplicate or quarantined
(it is never dropped); 75 (EX_TEMPFAIL) when the database cannot be reached, so
the MTA keeps the message and tries again.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from redress.mail.services import mail_receive

EX_TEMPFAIL = 75


class Command(BaseCommand):
    help = "Take in one email message from standard input (for an MTA pipe)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--source",
            default="mailgate",
            help="Recorded with the message, e.g. the address it was sent to.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        raw = sys.stdin.buffer.read()
        try:
            received = mail_receive(raw=raw, source=options["source"])
        except DatabaseError as error:
            raise CommandError(
                f"database unavailable, try again later: {error}", returncode=EX_TEMPFAIL
            ) from error
        what = received.complaint.reference if received.complaint else ""
        if received.quarantine is not None:
            what = f"{received.quarantine.reason} (quarantine #{received.quarantine.pk})"
        if options["verbosity"] >= 1:
            self.stdout.write(f"{received.outcome} {what}".strip())
