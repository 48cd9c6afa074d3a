"""`import_csv`: complaints from a CSV file, in bulk, through a mapping file.

Two passes over the file: the first checks every row and reports each bad one with
its line number; the second writes the good rows in batches (customers de-duplicated
by email, reference numbers taken from the counter in blocks, complaints, journal
events and search documents with bulk inserts). Without `skip_bad`, one bad row
refuses the whole import before anything is written.
"""

from __future__ import annotations

import csv
import string
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import IO, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from redress.complaints.lifecycle import Status
from redress.complaints.models import Category, Channel, Complaint, EventKind, JournalEvent
from redress.complaints.references import next_references
from redress.complaints.services import CUSTOMER_LABEL, SYSTEM_LABEL, reply_due_date
from redress.core.bulk import insert_dicts
from redress.customers.models import Customer, CustomerKind
from redress.search import index
from redress.search.models import SearchDocument

from .mapping import FIELDS, NOW, Mapping, MappingError

BATCH = 2000
MAX_LENGTHS = {
    "subject": 200,
    "product": 200,
    "order_reference": 100,
    "incident_place": 200,
    "customer_name": 200,
    "customer_phone": 40,
}
# csv's default limit (128 KiB) is below some real complaint narratives.
csv.field_size_limit(16 * 1024 * 1024)


@dataclass
class RowError:
    line: int
    message: str

    def __str__(self) -> str:
        return _("line %(line)d: %(message)s") % {"line": self.line, "message": self.message}


@dataclass
class ImportRow:
    line: int
    values: dict[str, Any]


@dataclass
class ImportReport:
    rows: int = 0
    imported: int = 0
    customers_created: int = 0
    errors: list[RowError] = field(default_factory=list)
    complaint_ids: list[int] = field(default_factory=list)

    @property
    def skipped(self) -> int:
        return len({e.line for e in self.errors})


class ImportRefused(Exception):
    """Bad rows and no `skip_bad`: nothing was written."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__(
            ngettext(
                "%(count)d bad row; nothing was imported.",
                "%(count)d bad rows; nothing was imported.",
                report.skipped,
            )
            % {"count": report.skipped}
        )
        self.report = report


def _open(path: Path, mapping: Mapping) -> IO[str]:
    try:
        return path.open(newline="", encoding=mapping.encoding)
    except OSError as error:
        raise MappingError(
            _("Cannot read %(path)s: %(error)s.") % {"path": path, "error": error.strerror}
        ) from error


def records(path: Path, mapping: Mapping) -> Iterator[tuple[int, dict[str, str]]]:
    """(line where the record starts, record) for each data row of the CSV file."""
    with _open(path, mapping) as handle:
        reader = csv.DictReader(handle, delimiter=mapping.delimiter)
        try:
            header = reader.fieldnames
        except UnicodeDecodeError as error:
            raise MappingError(
                _("%(path)s is not %(encoding)s text.")
                % {"path": path.name, "encoding": mapping.encoding}
            ) from error
        if not header:
            raise MappingError(_("%(path)s is empty: no header row.") % {"path": path.name})
        missing = sorted(mapping.referenced_columns() - set(header))
        if missing:
            raise MappingError(
                _("%(path)s has no column %(names)s (its columns: %(columns)s).")
                % {
                    "path": path.name,
                    "names": ", ".join(f"“{m}”" for m in missing),
                    "columns": ", ".join(header),
                }
            )
        start = reader.line_num + 1
        while True:
            try:
                record = next(reader)
            except StopIteration:
                return
            except UnicodeDecodeError as error:
                raise MappingError(
                    _("%(path)s near line %(line)d is not %(encoding)s text.")
                    % {"path": path.name, "line": start, "encoding": mapping.encoding}
                ) from error
            except csv.Error as error:
                raise MappingError(
                    _("%(path)s line %(line)d: %(error)s")
                    % {"path": path.name, "line": start, "error": error}
                ) from error
            yield start, record
            start = reader.line_num + 1


class _Checker:
    """Turns one CSV record into the values of one complaint, or says what is wrong."""

    def __init__(self, mapping: Mapping, now: datetime) -> None:
        self.mapping = mapping
        self.now = now
        self.tz = ZoneInfo(settings.TIME_ZONE)
        self.categories = dict(Category.objects.values_list("code", "pk"))
        self.languages = {code for code, _name in settings.LANGUAGES}
        self.formatter = string.Formatter()
        self.parsed: dict[str, datetime | None] = {}
        self.channels = set(Channel.values)

    def raw(self, name: str, record: dict[str, str]) -> str:
        for spec in self.mapping.columns.get(name, []):
            if "{" in spec:
                names = [f for _, f, _, _ in self.formatter.parse(spec) if f]
                # A template is used only when every column it names has a value.
                value = (
                    spec.format_map({k: (v or "").strip() for k, v in record.items()})
                    if all((record.get(n) or "").strip() for n in names)
                    else ""
                )
            else:
                value = record.get(spec) or ""
            value = " ".join(value.split()) if name != "description" else value.strip()
            if value:
                table = self.mapping.values.get(name)
                if table is not None:
                    mapped = table.get(value)
                    if mapped is None and name in self.mapping.defaults:
                        return self.mapping.defaults[name]
                    return mapped if mapped is not None else value
                return value
        return self.mapping.defaults.get(name, "")

    def when(self, text: str) -> datetime | None:
        if text not in self.parsed:
            self.parsed[text] = self._when(text)
        return self.parsed[text]

    def _when(self, text: str) -> datetime | None:
        if text == NOW:
            return self.now
        for fmt in self.mapping.date_formats:
            try:
                parsed = datetime.strptime(text, fmt)  # noqa: DTZ007 - made aware below
            except ValueError:
                continue
            if parsed.tzinfo is None:
                parsed = parsed.replace(tzinfo=self.tz)
            return parsed
        return None

    def check(self, line: int, record: dict[str, str]) -> ImportRow | list[RowError]:
        v: dict[str, Any] = {name: self.raw(name, record) for name in FIELDS}
        errors: list[str] = []
        for name in ("subject", "description", "customer_name"):
            if not v[name]:
                errors.append(_("%(field)s is empty.") % {"field": name})
        for name, limit in MAX_LENGTHS.items():
            if len(v[name]) > limit:
                v[name] = v[name][: limit - 1] + "…"
        if v["category"] not in self.categories:
            errors.append(_("unknown category “%(value)s”.") % {"value": v["category"]})
        if v["language"] not in self.languages:
            errors.append(_("unknown language “%(value)s”.") % {"value": v["language"]})
        if v["channel"] not in self.channels:
            errors.append(_("unknown channel “%(value)s”.") % {"value": v["channel"]})
        if v["status"] not in (Status.RECEIVED, Status.CLOSED):
            errors.append(
                _("status “%(value)s” cannot be imported; use received or closed.")
                % {"value": v["status"]}
            )
        received = self.when(v["received_at"]) if v["received_at"] else None
        if received is None:
            errors.append(
                _("received_at “%(value)s” is not a date (formats: %(formats)s).")
                % {"value": v["received_at"], "formats": " or ".join(self.mapping.date_formats)}
            )
        elif received > self.now:
            errors.append(_("received_at %(value)s is in the future.") % {"value": received})
        closed = self.when(v["closed_at"]) if v["closed_at"] else received
        if v["closed_at"] and closed is None:
            errors.append(_("closed_at “%(value)s” is not a date.") % {"value": v["closed_at"]})
        email = v["customer_email"].lower()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                errors.append(_("“%(value)s” is not an email address.") % {"value": email})
        if not (email or v["customer_phone"] or v["customer_address"]):
            errors.append(_("the customer has no email, phone or postal address."))
        if errors:
            return [RowError(line, e) for e in errors]
        v["customer_email"] = email
        v["received_at"] = received
        v["closed_at"] = closed if v["status"] == Status.CLOSED else None
        v["category_id"] = self.categories[v.pop("category")]
        return ImportRow(line, v)


def check_file(path: Path, mapping: Mapping, *, now: datetime | None = None) -> ImportReport:
    """Check every row without writing: the report lists each bad row by line."""
    report = ImportReport()
    checker = _Checker(mapping, now or timezone.now())
    for line, record in records(path, mapping):
        report.rows += 1
        result = checker.check(line, record)
        if isinstance(result, list):
            report.errors += result
    return report


def import_csv(
    *,
    path: Path,
    mapping: Mapping,
    skip_bad: bool = False,
    batch_size: int = BATCH,
    source: str = "",
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import the complaints of a CSV file; refuses (ImportRefused) on bad rows unless
    `skip_bad`. `progress(n)` is called after each batch with the rows it covered."""
    now = timezone.now()
    report = check_file(path, mapping, now=now)
    if report.errors and not skip_bad:
        raise ImportRefused(report)
    bad = {e.line for e in report.errors}
    checker = _Checker(mapping, now)
    batch: list[ImportRow] = []
    seen = 0
    label = source or path.name
    for line, record in records(path, mapping):
        seen += 1
        if line in bad:
            continue
        row = checker.check(line, record)
        assert isinstance(row, ImportRow)
        batch.append(row)
        if len(batch) >= batch_size:
            _write(batch, report, label)
            batch = []
            if progress:
                progress(seen)
                seen = 0
    if batch:
        _write(batch, report, label)
    if progress and seen:
        progress(seen)
    return report


def _customers(rows: list[ImportRow], report: ImportReport) -> list[Customer]:
    """One card per email address (existing ones reused), one per row without email."""
    emails = {r.values["customer_email"] for r in rows if r.values["customer_email"]}
    known: dict[str, Customer] = {}
    for customer in Customer.objects.filter(
        kind=CustomerKind.INDIVIDUAL, email__in=emails
    ).order_by("pk"):
        known.setdefault(customer.email.lower(), customer)
    created: list[Customer] = []
    cards: list[Customer] = []
    for row in rows:
        v = row.values
        card = known.get(v["customer_email"]) if v["customer_email"] else None
        if card is None:
            card = Customer(
                kind=CustomerKind.INDIVIDUAL,
                full_name=v["customer_name"],
                email=v["customer_email"],
                phone=v["customer_phone"],
                postal_address=v["customer_address"],
                preferred_language=v["language"],
            )
            created.append(card)
            if v["customer_email"]:
                known[v["customer_email"]] = card
        cards.append(card)
    Customer.objects.bulk_create(created)
    report.customers_created += len(created)
    return cards


@transaction.atomic
def _write(rows: list[ImportRow], report: ImportReport, label: str) -> None:
    from redress.deadlines.services import clock_start

    cards = _customers(rows, report)
    tz = ZoneInfo(settings.TIME_ZONE)
    by_year: dict[int, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        by_year[row.values["received_at"].astimezone(tz).year].append(i)
    references: list[str] = [""] * len(rows)
    for year, positions in sorted(by_year.items()):
        for i, reference in zip(positions, next_references(year, len(positions)), strict=True):
            references[i] = reference
    due: dict[date, date] = {}
    now = timezone.now()
    complaints: list[dict[str, Any]] = []
    for row, card, reference in zip(rows, cards, references, strict=True):
        v = row.values
        closed = v["status"] == Status.CLOSED
        day = v["received_at"].astimezone(tz).date()
        if not closed and day not in due:
            due[day] = reply_due_date(datetime.combine(day, time(12), tzinfo=tz))
        complaints.append(
            {
                "reference": reference,
                "channel": v["channel"],
                "received_at": v["received_at"],
                "customer_id": card.pk,
                "language": v["language"],
                "subject": v["subject"],
                "description": v["description"],
                "category_id": v["category_id"],
                "product": v["product"],
                "order_reference": v["order_reference"],
                "incident_place": v["incident_place"],
                "desired_outcome": v["desired_outcome"],
                "status": v["status"],
                "reply_due_on": None if closed else due[day],
                "closed_at": v["closed_at"],
                "updated_at": now,
            }
        )
    insert_dicts(Complaint, complaints, now=now)
    ids = dict(Complaint.objects.filter(reference__in=references).values_list("reference", "pk"))
    events: list[dict[str, Any]] = []
    for row, c in zip(rows, complaints, strict=True):
        pk = ids[c["reference"]]
        events.append(
            {
                "complaint_id": pk,
                "kind": EventKind.SUBMITTED.value,
                "actor_label": CUSTOMER_LABEL,
                "to_status": Status.RECEIVED.value,
                "is_public": True,
                "data": {"channel": c["channel"], "import": label, "line": row.line},
                "created_at": c["received_at"],
            }
        )
        if c["status"] == Status.CLOSED:
            events.append(
                {
                    "complaint_id": pk,
                    "kind": EventKind.STATUS.value,
                    "actor_label": SYSTEM_LABEL,
                    "from_status": Status.RECEIVED.value,
                    "to_status": Status.CLOSED.value,
                    "note": "Imported as closed.",
                    "data": {"import": label, "line": row.line},
                    "created_at": c["closed_at"] or c["received_at"],
                }
            )
    insert_dicts(JournalEvent, events, now=now)
    # Open complaints run against their deadlines like any other; closed history does not.
    open_ids = [ids[c["reference"]] for c in complaints if c["status"] != Status.CLOSED]
    for complaint in Complaint.objects.filter(pk__in=open_ids).order_by("pk"):
        clock_start(complaint=complaint)
    pks = [ids[r] for r in references]
    # New complaints have no statements or mail yet: their documents are written straight
    # from the rows (what index.refresh would build, without reading them back).
    documents = []
    for c, card in zip(complaints, cards, strict=True):
        title, body = index.document_text(
            reference=c["reference"],
            subject=c["subject"],
            order_reference=c["order_reference"],
            description=c["description"],
            customer=[card.full_name, card.organisation_name, card.email],
            said=[],
        )
        documents.append({"complaint_id": ids[c["reference"]], "title": title, "body": body})
    insert_dicts(SearchDocument, documents, now=now)
    report.imported += len(pks)
    report.complaint_ids += pks
