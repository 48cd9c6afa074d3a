"""`redress import complaints.csv --mapping mapping.toml`: bulk import with a progress bar."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import ngettext
from tqdm import tqdm

from redress.imports.mapping import MappingError, load_mapping
from redress.imports.services import BATCH, ImportRefused, ImportReport, import_csv

SHOWN_ERRORS = 50


class Command(BaseCommand):
    help = (
        "Import complaints from a CSV file, columns mapped by a TOML mapping file. "
        "Bad rows refuse the whole import unless --skip-bad."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("csv", type=Path, help="The CSV file (header row first).")
        parser.add_argument("--mapping", type=Path, required=True, help="The TOML mapping file.")
        parser.add_argument(
            "--skip-bad", action="store_true", help="Import the good rows, report the bad ones."
        )
        parser.add_argument("--batch-size", type=int, default=BATCH)
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def _errors(self, report: ImportReport) -> None:
        for error in report.errors[:SHOWN_ERRORS]:
            self.stderr.write(str(error))
        if len(report.errors) > SHOWN_ERRORS:
            self.stderr.write(
                ngettext(
                    "… and %(count)d more.",
                    "… and %(count)d more.",
                    len(report.errors) - SHOWN_ERRORS,
                )
                % {"count": len(report.errors) - SHOWN_ERRORS}
            )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["csv"]
        started = time.monotonic()
        try:
            mapping = load_mapping(options["mapping"])
            with tqdm(unit="row", disable=options["no_progress"], file=self.stderr._out) as bar:
                report = import_csv(
                    path=path,
                    mapping=mapping,
                    skip_bad=options["skip_bad"],
                    batch_size=max(1, options["batch_size"]),
                    progress=bar.update,
                )
        except MappingError as error:
            raise CommandError(str(error)) from error
        except ImportRefused as refused:
            self._errors(refused.report)
            raise CommandError(
                ngettext(
                    "%(bad)d of %(rows)d rows is bad; nothing was imported. "
                    "Fix it, or run again with --skip-bad to import the others.",
                    "%(bad)d of %(rows)d rows are bad; nothing was imported. "
                    "Fix them, or run again with --skip-bad to import the others.",
                    refused.report.skipped,
                )
                % {"bad": refused.report.skipped, "rows": refused.report.rows}
            ) from refused
        self._errors(report)
        seconds = max(time.monotonic() - started, 1e-6)
        self.stdout.write(
            ngettext(
                "Imported %(imported)d of %(rows)d row (%(skipped)d skipped), "
                "%(customers)d new customers, in %(seconds).1f s (%(rate)d rows/s).",
                "Imported %(imported)d of %(rows)d rows (%(skipped)d skipped), "
                "%(customers)d new customers, in %(seconds).1f s (%(rate)d rows/s).",
                report.rows,
            )
            % {
                "imported": report.imported,
                "rows": report.rows,
                "skipped": report.skipped,
                "customers": report.customers_created,
                "seconds": seconds,
                "rate": report.imported / seconds,
            }
        )
