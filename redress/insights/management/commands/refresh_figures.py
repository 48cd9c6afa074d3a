from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from redress.insights import facts


class Command(BaseCommand):
    help = (
        "Bring the reports' daily figures up to date (the days whose complaints changed "
        "since the last run); --full recomputes every day."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--full", action="store_true", help="Recompute every day.")

    def handle(self, *args: Any, full: bool, **options: Any) -> None:
        days = facts.facts_refresh(full=full)
        self.stdout.write(f"Daily figures recomputed for {days} days.")
