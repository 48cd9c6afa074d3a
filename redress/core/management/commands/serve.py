import logging
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = (
        "Serve Redress with the development server. In the embedded default (tasks run "
        "in-process) the periodic jobs of CELERY_BEAT_SCHEDULE run in a background thread, "
        "so no broker is needed; with a broker, start Celery worker and beat instead."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument(
            "--no-jobs", action="store_true", help="Do not run the periodic jobs in-process."
        )

    def handle(self, *args: Any, addrport: str, no_jobs: bool, **options: Any) -> None:
        from config.celery import app
        from redress.core.scheduler import InProcessBeat

        beat = None
        if settings.CELERY_TASK_ALWAYS_EAGER and not no_jobs:
            beat = InProcessBeat(settings.CELERY_BEAT_SCHEDULE, app=app)
            # A line per run every minute is noise next to the server's own log.
            logging.getLogger("celery.app.trace").setLevel(logging.WARNING)
            for line in beat.describe():
                self.stdout.write(f"Periodic job in-process: {line}")
            beat.start()
        elif not no_jobs:
            self.stdout.write(
                "Periodic jobs run on Celery: start `celery -A config worker` and "
                "`celery -A config beat` (see README)."
            )
        try:
            call_command("runserver", addrport, use_reloader=False)
        finally:
            if beat is not None:
                beat.stop()
