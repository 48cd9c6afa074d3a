from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.test.utils import override_settings

from redress.complaints.demo import DEMO_PASSWORD, STAFF, demo_is_loaded, load_demo
from redress.deadlines.services import deadline_sweep
from redress.improvement.demo import load_demo_plans


class Command(BaseCommand):
    help = "Load the demo organisation (once) and print the demo logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, default=200)
        parser.add_argument("--logins-only", action="store_true")
        parser.add_argument(
            "--url", default="http://127.0.0.1:8000", help="where the app is served"
        )

    def handle(self, *args: Any, count: int, logins_only: bool, url: str, **options: Any) -> None:
        if not logins_only:
            if demo_is_loaded():
                self.stdout.write("Demo data already loaded; keeping it.")
            else:
                # The demo's past is loaded, not lived: nobody is emailed about its breaches.
                with override_settings(
                    EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"
                ):
                    created = load_demo(count=count)
                    swept = deadline_sweep()
                    plans = load_demo_plans()
                self.stdout.write(self.style.SUCCESS(f"Loaded {created} demo complaints."))
                self.stdout.write(f"Deadlines: {swept.breached} breached, {swept.warned} due soon.")
                self.stdout.write(f"Corrective action plans: {plans}.")
        self.stdout.write("")
        self.stdout.write(f"Log in at {url.rstrip('/')}/accounts/login/ with any of:")
        for username, first, last, role, _team, _title, _lang in STAFF:
            self.stdout.write(f"  {username:<10} {role.value:<16} ({first} {last})")
        self.stdout.write(f"Password for all: {DEMO_PASSWORD}")
        self.stdout.write(f"The public complaint form is at {url.rstrip('/')}/")
