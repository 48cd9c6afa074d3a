"""`redress reindex`: rebuild the search documents of every complaint (or those missing one)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from tqdm import tqdm

from redress.complaints.models import Complaint
from redress.search import index


class Command(BaseCommand):
    help = "Rebuild the full-text search documents of the complaints, with a progress bar."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--missing", action="store_true", help="Only complaints without a search document."
        )
        parser.add_argument("--batch-size", type=int, default=index.BATCH)
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        size = max(1, options["batch_size"])
        complaints = Complaint.objects.order_by("pk")
        if options["missing"]:
            complaints = complaints.filter(search_document__isnull=True)
        total = complaints.count()
        written = 0
        last = 0
        with tqdm(
            total=total,
            unit="complaint",
            disable=options["no_progress"],
            file=self.stderr._out,
        ) as bar:
            while True:
                # Keyset over the primary key: each batch is one short transaction.
                ids = list(complaints.filter(pk__gt=last).values_list("pk", flat=True)[:size])
                if not ids:
                    break
                with transaction.atomic():
                    written += index.refresh(ids, batch_size=size)
                last = ids[-1]
                bar.update(len(ids))
        self.stdout.write(f"{written} search documents written.")
