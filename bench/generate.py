"""Generate a realistic journal of N complaints, fast, straight into the database.

Customers, complaints in every lifecycle state, their journal events, deadline clocks,
statements and letters (with a version each), and their search documents, in the five
languages. The intake services are bypassed on purpose: they take ~10 ms a complaint
(reference counter lock, deadline computation, acknowledgement), which would make a million
complaints take hours; the benchmark measures the services through the real intake endpoints
instead. The shape of the data (states, the demo's paths through them, ages, events per
complaint, overdue share) follows the demo loader (redress/complaints/demo.py).

How it writes: each batch of complaints (BATCH) is built as plain tuples and written below
the ORM with `redress.core.bulk.insert_rows`, the importer's writer: COPY on PostgreSQL,
multi-row INSERTs on SQLite. Keys that other rows refer to (customers, complaints, letters)
are reserved first with `bulk.reserve_ids` (nextval on PostgreSQL, sqlite_sequence on
SQLite), so whatever the app inserts afterwards gets fresh numbers; journal events,
statements and letter versions are numbered by the database. A batch is one transaction that
also stores the reference counters, so a run that stops part-way resumes where it stopped.

Search documents are written in the same pass, their text made from the rows in hand by
`redress.search.index.document_text`, the function `index.refresh` uses. When the search
table is empty at the start, its indexes are built once at the end instead of batch by
batch: PostgreSQL's trigram GIN indexes are dropped and created again, SQLite's FTS5 insert
trigger is dropped and the FTS5 index rebuilt (see `_search_indexes_deferred`). SQLite also
gets a 1 GB page cache for the run.

Run it through `python -m bench prepare --n 10000` or call `generate(n)` inside Django.
"""

from __future__ import annotations

import gc
import importlib
import itertools
import random
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from . import texts

# A journal of years: most complaints are finished, open work is recent.
WEIGHTS = {
    "received": 2,
    "acknowledged": 3,
    "registered": 3,
    "investigating": 5,
    "decided": 2,
    "responding": 2,
    "remedying": 2,
    "satisfaction_check": 2,
    "closed": 72,
    "withdrawn": 5,
    "reopened": 2,
}
FINISHED = {"closed", "withdrawn"}
INVESTIGATED = {
    "investigating",
    "decided",
    "responding",
    "remedying",
    "satisfaction_check",
    "closed",
    "reopened",
}
ANSWERED = {"responding", "remedying", "satisfaction_check", "closed", "reopened"}
CHANNELS = ["web", "web", "web", "email", "email", "api", "phone", "visit", "chat"]
SPAN_DAYS = 3 * 365
LONG_TIMELINE_EVENTS = 500
BATCH = 2000
STATES = list(WEIGHTS)
STATE_CUMULATIVE = list(itertools.accumulate(WEIGHTS.values()))
LANGUAGE_CUMULATIVE = list(itertools.accumulate(texts.LANGUAGE_WEIGHTS))


@dataclass
class Result:
    n: int
    seconds: float
    rows: Counter[str] = field(default_factory=Counter)
    languages: Counter[str] = field(default_factory=Counter)
    long_timeline: str = ""
    # Seconds spent in each phase: rows, building search indexes, ANALYZE.
    phases: dict[str, float] = field(default_factory=dict)

    @property
    def per_second(self) -> float:
        return self.n / self.seconds if self.seconds else 0.0


def _org() -> dict[str, Any]:
    """The demo organisation (staff in every role, the category tree), created if missing."""
    from redress.accounts.models import User
    from redress.complaints import demo
    from redress.complaints.models import Category

    if not User.objects.filter(username="quality").exists():
        demo.create_staff()
    demo.create_subcategories()
    users = {u.username: u for u in User.objects.all()}
    categories = list(Category.objects.filter(is_active=True))
    leaves = [c for c in categories if c.parent_id is not None] or categories
    return {"users": users, "categories": {c.code: c for c in categories}, "leaves": leaves}


def generate(
    n: int,
    *,
    seed: int = 7,
    progress: Callable[[int, int], None] | None = None,
    long_timeline_events: int = LONG_TIMELINE_EVENTS,
) -> Result:
    """Add `n` complaints (and everything around them) to the database."""
    from redress.complaints.models import ReferenceCounter

    started = time.perf_counter()
    rng = random.Random(seed)
    org = _org()
    now = timezone.now()
    result = Result(n=n, seconds=0.0)
    counters: Counter[int] = Counter(dict(ReferenceCounter.objects.values_list("year", "last")))
    collecting = gc.isenabled()
    # Each batch makes a hundred thousand tuples and nothing cyclic: the collector would
    # only walk them (and every object alive) over and over.
    gc.disable()
    try:
        with _sqlite_cache(), _search_indexes_deferred(result):
            done = 0
            while done < n:
                size = min(BATCH, n - done)
                with transaction.atomic():
                    _fast_commit()
                    _batch(size, rng, org, now, counters, result)
                    # Kept with each batch, so a run that stops part-way can be resumed.
                    for year, last in counters.items():
                        ReferenceCounter.objects.update_or_create(
                            year=year, defaults={"last": last}
                        )
                done += size
                if progress:
                    progress(done, n)
            result.phases["rows"] = time.perf_counter() - started
    finally:
        if collecting:
            gc.enable()
    if long_timeline_events:
        with transaction.atomic():
            result.long_timeline = _long_timeline(org, rng, long_timeline_events, result)
    mark = time.perf_counter()
    _analyse()
    result.phases["analyse"] = time.perf_counter() - mark
    result.seconds = time.perf_counter() - started
    return result


def _fast_commit() -> None:
    """PostgreSQL: the batch's commit does not wait for the disk (a crash loses at most the
    last batches, which a resumed run writes again; nothing is left half-written)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")


SQLITE_CACHE_KIB = 1024 * 1024


@contextmanager
def _sqlite_cache() -> Iterator[None]:
    """SQLite: a page cache of up to 1 GB while generating (2 MB by default).

    New rows land all over the unique indexes (tracking tokens, e-mail addresses); with
    the default cache every such insert reads its pages back from the file. At 100,000
    complaints: complaints written in 7.5 s instead of 16.6 s, the FTS5 rebuild in 17 s
    instead of 30 s.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        row = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(row[0]) if row else -2000}")


@contextmanager
def _search_indexes_deferred(result: Result) -> Iterator[None]:
    """Build the search indexes once at the end instead of batch by batch, when cheaper.

    PostgreSQL, empty search table: the trigram GIN indexes are dropped and built again
    after the load. SQLite, empty search table: the trigger that feeds each new document
    to FTS5 is dropped and the FTS5 index rebuilt from the documents at the end (with a
    large in-memory buffer, so it is written in a few big segments). Whatever happens,
    the indexes and the trigger exist again afterwards; a run killed in between leaves
    them missing, and the next run puts them back (rebuilding the FTS5 index).
    """
    from redress.search.models import SearchDocument

    empty = not SearchDocument.objects.exists()
    if connection.vendor == "postgresql":
        if empty:
            existing = _index_names(SearchDocument)
            with connection.schema_editor() as editor:
                for index in SearchDocument._meta.indexes:
                    if index.name in existing:
                        editor.remove_index(SearchDocument, index)
        try:
            yield
        finally:
            mark = time.perf_counter()
            _ensure_indexes(SearchDocument)
            result.phases["search index"] = time.perf_counter() - mark
        return
    defer = empty or not _sqlite_has_trigger(FTS_INSERT_TRIGGER)
    with connection.cursor() as cursor:
        if defer:
            cursor.execute(f"DROP TRIGGER IF EXISTS {FTS_INSERT_TRIGGER}")
        _fts_hash_size(cursor, FTS_HASH_BYTES)
    try:
        yield
    finally:
        mark = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            if defer:
                cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
                cursor.execute(_fts_trigger_sql(FTS_INSERT_TRIGGER))
            _fts_hash_size(cursor, FTS_DEFAULT_HASH_BYTES)
        result.phases["search index"] = time.perf_counter() - mark


FTS_INSERT_TRIGGER = "search_doc_ai"
# FTS5 flushes its in-memory index to a new segment at the end of each statement and
# whenever it outgrows this buffer (1 MB by default); small segments are merged again and
# again. Rebuilding the index of 100,000 documents took 110 s with the default, 17 s with
# 256 MB; batches fed through the trigger 100 s and 33 s (64 MB).
FTS_HASH_BYTES = 256 * 1024 * 1024
FTS_DEFAULT_HASH_BYTES = 1024 * 1024  # SQLite's FTS5_DEFAULT_HASHSIZE


def _fts_hash_size(cursor: Any, size: int) -> None:
    cursor.execute("INSERT INTO search_fts(search_fts, rank) VALUES ('hashsize', %s)", [size])


def _sqlite_has_trigger(name: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = %s", [name])
        return cursor.fetchone() is not None


def _fts_trigger_sql(name: str) -> str:
    """The trigger as the search migration creates it."""
    migration = importlib.import_module("redress.search.migrations.0001_initial")
    return next(sql for sql in migration.FTS_CREATE if f"TRIGGER {name} " in sql)


def _index_names(model: Any) -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.get_constraints(cursor, model._meta.db_table))


def _ensure_indexes(model: Any) -> None:
    missing = [i for i in model._meta.indexes if i.name not in _index_names(model)]
    if not missing:
        return
    # maintenance_work_mem made no difference (64 MB or 512 MB: 60 s for both indexes at
    # 300,000 documents): building the trigrams is the work.
    with transaction.atomic():
        # Inside an outer transaction (a test's), the deferred foreign-key checks of the
        # rows written would refuse the CREATE INDEX: run them first.
        connection.check_constraints()
        with connection.schema_editor(atomic=False) as editor:
            for index in missing:
                editor.add_index(model, index)


CUSTOMER_COLUMNS = ("id", "full_name", "email", "phone", "preferred_language")
COMPLAINT_COLUMNS = (
    "id",
    "reference",
    "channel",
    "received_at",
    "customer_id",
    "language",
    "subject",
    "description",
    "category_id",
    "status",
    "assignee_id",
    "team_id",
    "reply_due_on",
    "acknowledged_at",
    "registered_at",
    "closed_at",
)
EVENT_COLUMNS = (
    "complaint_id",
    "kind",
    "from_status",
    "to_status",
    "actor_id",
    "actor_label",
    "note",
    "is_public",
    "data",
    "created_at",
)
CLOCK_COLUMNS = (
    "complaint_id",
    "next_deadline_at",
    "next_deadline_kind",
    "next_warning_at",
    "acknowledge_seconds",
    "resolved_at",
)
STATEMENT_COLUMNS = ("complaint_id", "kind", "text", "recorded_by_id", "recorded_at")
LETTER_COLUMNS = (
    "id",
    "complaint_id",
    "kind",
    "language",
    "state",
    "created_by_id",
    "created_at",
    "sent_via",
    "sent_at",
    "sent_by_id",
    "sent_to",
)
VERSION_COLUMNS = ("letter_id", "number", "subject", "body", "author_id", "created_at")
DOCUMENT_COLUMNS = ("complaint_id", "title", "body", "updated_at")
PUBLIC_STEPS = {"acknowledged", "closed", "responding"}
LETTER_KINDS = ["justified", "partly_justified", "not_justified"]


def _batch(
    size: int,
    rng: random.Random,
    org: dict[str, Any],
    now: datetime,
    counters: Counter[int],
    result: Result,
) -> None:
    from redress.complaints.demo_paths import PATHS as DEMO_PATHS
    from redress.complaints.models import Complaint, JournalEvent
    from redress.core.bulk import insert_rows, reserve_ids
    from redress.customers.models import Customer
    from redress.deadlines.models import ComplaintClock, DeadlineKind
    from redress.investigations.models import Statement
    from redress.letters.models import Letter, LetterVersion
    from redress.search.index import document_text
    from redress.search.models import SearchDocument

    users = org["users"]
    # (id, team id, label as the journal shows it) of each handler.
    handlers = [
        (u.pk, u.team_id, str(u))
        for u in (users[h] for h in ("handler", "handler2", "handler3") if h in users)
    ]
    signatory = users["signatory"].pk if "signatory" in users else handlers[0][0]
    names = _names()
    categories, leaves = org["categories"], org["leaves"]
    choice, randint, random_ = rng.choice, rng.randint, rng.random
    first = sum(counters.values())
    customer_ids = reserve_ids(Customer, size)
    complaint_ids = reserve_ids(Complaint, size)
    customers: list[tuple[Any, ...]] = []
    complaints: list[tuple[Any, ...]] = []
    events: list[tuple[Any, ...]] = []
    clocks: list[tuple[Any, ...]] = []
    statements: list[tuple[Any, ...]] = []
    letters: list[tuple[Any, ...]] = []
    documents: list[tuple[Any, ...]] = []
    for k, customer_id, pk in zip(range(size), customer_ids, complaint_ids, strict=True):
        i = first + k
        lang = rng.choices(texts.LANGUAGES, cum_weights=LANGUAGE_CUMULATIVE)[0]
        name = choice(names[lang])
        email = f"c{i}@customers.example"
        customers.append(
            (customer_id, name, email, f"+44 20 {i % 10000:04d} {i // 10000:04d}", lang)
        )
        state = rng.choices(STATES, cum_weights=STATE_CUMULATIVE)[0]
        age = rng.uniform(0, 45) if state not in FINISHED else rng.uniform(20, SPAN_DAYS)
        received = now - timedelta(days=age)
        year = timezone.localtime(received).year
        counters[year] += 1
        reference = f"RD-{year}-{counters[year]:06d}"
        corpus = texts.corpus(lang)
        text = choice(corpus)
        subject = text.subject[:200]
        category = (categories.get(text.category) if text.category else None) or choice(leaves)
        assigned = state not in ("received", "acknowledged", "withdrawn")
        handler_id, team_id, label = choice(handlers) if assigned else (None, None, "System")
        channel = choice(CHANNELS)
        closed = received + timedelta(days=randint(5, 30)) if state in FINISHED else None
        complaints.append(
            (
                pk,
                reference,
                channel,
                received,
                customer_id,
                lang,
                subject,
                text.description,
                category.pk,
                state,
                handler_id,
                team_id,
                (received + timedelta(days=14)).date(),
                received + timedelta(hours=1) if state != "received" else None,
                received + timedelta(days=1) if assigned else None,
                closed,
            )
        )
        result.languages[lang] += 1
        events.append(
            (
                pk,
                "submitted",
                "",
                "received",
                None,
                "Customer",
                "",
                True,
                {"channel": channel},
                received,
            )
        )
        previous, at = "received", received
        for step in DEMO_PATHS[state]:
            at += timedelta(hours=randint(2, 60))
            events.append(
                (pk, "status", previous, step, handler_id, label, "", step in PUBLIC_STEPS, {}, at)
            )
            previous = step
        if random_() < 0.3:
            note = choice(corpus).subject
            events.append(
                (pk, "note", "", "", handler_id, label, note, False, {}, at + timedelta(minutes=5))
            )
        open_ = state not in FINISHED
        due = received + timedelta(days=14)
        clocks.append(
            (
                pk,
                due if open_ else None,
                DeadlineKind.RESPONSE.value if open_ else "",
                due - timedelta(hours=8) if open_ else None,
                3600.0,
                closed,
            )
        )
        said = []
        if state in INVESTIGATED and handler_id and random_() < 0.4:
            statement = choice(corpus).description
            said.append(statement)
            statements.append((pk, "customer", statement, handler_id, received + timedelta(days=2)))
        if state in ANSWERED and handler_id and random_() < 0.5:
            sent = state != "responding"
            letters.append(
                (
                    pk,
                    choice(LETTER_KINDS),
                    lang,
                    "sent" if sent else "draft",
                    handler_id,
                    received + timedelta(days=4),
                    "email" if sent else "",
                    received + timedelta(days=5) if sent else None,
                    signatory if sent else None,
                    email if sent else "",
                    subject,
                    choice(corpus).description,
                )
            )
        title, body = document_text(
            reference=reference,
            subject=subject,
            order_reference="",
            description=text.description,
            customer=[name, "", email],
            said=said,
        )
        documents.append((pk, title, body, now))
    insert_rows(Customer, CUSTOMER_COLUMNS, customers, now=now)
    insert_rows(Complaint, COMPLAINT_COLUMNS, complaints, now=now)
    insert_rows(JournalEvent, EVENT_COLUMNS, events, now=now)
    insert_rows(ComplaintClock, CLOCK_COLUMNS, clocks, now=now)
    insert_rows(Statement, STATEMENT_COLUMNS, statements, now=now)
    letter_ids = reserve_ids(Letter, len(letters))
    insert_rows(
        Letter, LETTER_COLUMNS, ((i, *row[:-2]) for i, row in zip(letter_ids, letters, strict=True))
    )
    insert_rows(
        LetterVersion,
        VERSION_COLUMNS,
        (
            (i, 1, row[-2], row[-1], row[4], row[5])
            for i, row in zip(letter_ids, letters, strict=True)
        ),
    )
    insert_rows(SearchDocument, DOCUMENT_COLUMNS, documents, now=now)
    result.rows["customers"] += size
    result.rows["complaints"] += size
    result.rows["journal events"] += len(events)
    result.rows["clocks"] += len(clocks)
    result.rows["statements"] += len(statements)
    result.rows["letters"] += len(letters)
    result.rows["search documents"] += len(documents)


def index_missing() -> int:
    """Build search documents for complaints that have none (data made before search)."""
    from redress.complaints.models import Complaint
    from redress.search import index

    # An anti-join (LEFT JOIN ... IS NULL): PostgreSQL ran `NOT IN (subquery)` as a scan of
    # the documents per complaint once they outgrew work_mem (minutes at 300,000).
    missing = (
        Complaint.objects.filter(search_document__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    total = 0
    while ids := list(missing[: BATCH * 5]):
        with transaction.atomic():
            index.refresh(ids)
        total += len(ids)
        print(f"  indexed {total:,}", file=sys.stderr, flush=True)
    return total


def _long_timeline(org: dict[str, Any], rng: random.Random, count: int, result: Result) -> str:
    """One open complaint with `count` journal events: the complaint page's worst case."""
    from redress.complaints.models import Complaint, JournalEvent

    complaint = (
        Complaint.objects.filter(status="investigating", assignee__isnull=False)
        .order_by("-received_at")
        .first()
    )
    if complaint is None:
        return ""
    at = complaint.received_at
    notes = texts.corpus(complaint.language)
    events = []
    for i in range(count):
        at += timedelta(minutes=7)
        events.append(
            JournalEvent(
                complaint=complaint,
                kind="note" if i % 3 else "contact",
                actor=complaint.assignee,
                actor_label=str(complaint.assignee),
                note=rng.choice(notes).subject,
                created_at=at,
            )
        )
    JournalEvent.objects.bulk_create(events)
    result.rows["journal events"] += count
    return complaint.reference


def _analyse() -> None:
    """Statistics for the planner; on PostgreSQL also the visibility map.

    A freshly loaded table has no visibility map until autovacuum gets to it, so every
    index-only scan visits the heap (the overdue filter at 1,000,000: 757 ms before a
    VACUUM, 266 ms after). A running installation is vacuumed by autovacuum; the
    benchmark measures that steady state rather than the minutes after a bulk load.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            cursor.execute("VACUUM (ANALYZE)")
        else:
            cursor.execute("ANALYZE")


def _names() -> dict[str, list[str]]:
    from redress.complaints.demo_texts import NAMES

    return NAMES


def summary() -> dict[str, Any]:
    """Row counts and languages as stored: what the tests and RESULTS.md report."""
    from redress.complaints.models import Complaint, JournalEvent
    from redress.customers.models import Customer
    from redress.investigations.models import Statement
    from redress.letters.models import Letter

    return {
        "complaints": Complaint.objects.count(),
        "customers": Customer.objects.count(),
        "journal events": JournalEvent.objects.count(),
        "statements": Statement.objects.count(),
        "letters": Letter.objects.count(),
        "languages": dict(
            Complaint.objects.order_by()
            .values_list("language")
            .annotate(n=Count("id"))
            .values_list("language", "n")
        ),
    }
