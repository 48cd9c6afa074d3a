"""Generate a realistic journal of N complaints, fast, straight into the database.

Customers, complaints in every lifecycle state, their journal events, deadline clocks,
statements and letters (with a version each), in the five languages. Rows are written with
bulk_create in batches, bypassing the intake services on purpose: the services take ~10 ms
a complaint (reference counter lock, deadline computation, acknowledgement), which would make
a million complaints take hours; the benchmark measures the services through the real intake
endpoints instead. The shape of the data (states, ages, events per complaint, overdue share)
follows the demo loader (redress/complaints/demo.py).

Run it through `python -m bench generate --n 10000` or call `generate(n)` inside Django.
"""

from __future__ import annotations

import random
import sys
import time
from collections import Counter
from collections.abc import Callable
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


@dataclass
class Result:
    n: int
    seconds: float
    rows: Counter[str] = field(default_factory=Counter)
    languages: Counter[str] = field(default_factory=Counter)
    long_timeline: str = ""

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
    states = list(WEIGHTS)
    state_weights = list(WEIGHTS.values())
    now = timezone.now()
    result = Result(n=n, seconds=0.0)
    counters: Counter[int] = Counter(
        dict(ReferenceCounter.objects.values_list("year", "last"))  # type: ignore[arg-type]
    )
    done = 0
    while done < n:
        size = min(BATCH, n - done)
        with transaction.atomic():
            _batch(size, rng, org, states, state_weights, now, counters, result)
            # Kept with each batch, so a run that stops part-way can be resumed.
            for year, last in counters.items():
                ReferenceCounter.objects.update_or_create(year=year, defaults={"last": last})
        done += size
        if progress:
            progress(done, n)
    with transaction.atomic():
        if long_timeline_events:
            result.long_timeline = _long_timeline(org, rng, long_timeline_events, result)
    _analyse()
    result.seconds = time.perf_counter() - started
    return result


def _batch(
    size: int,
    rng: random.Random,
    org: dict[str, Any],
    states: list[str],
    state_weights: list[int],
    now: datetime,
    counters: Counter[int],
    result: Result,
) -> None:
    from redress.complaints.demo_paths import PATHS as DEMO_PATHS
    from redress.complaints.models import Complaint, JournalEvent
    from redress.customers.models import Customer
    from redress.deadlines.models import ComplaintClock
    from redress.investigations.models import Statement
    from redress.letters.models import Letter, LetterVersion

    users = org["users"]
    handlers = [users[h] for h in ("handler", "handler2", "handler3") if h in users]
    signatory = users.get("signatory") or handlers[0]
    names = _names()
    customers: list[Customer] = []
    for _ in range(size):
        lang = rng.choices(texts.LANGUAGES, weights=texts.LANGUAGE_WEIGHTS)[0]
        i = sum(counters.values()) + len(customers)
        customers.append(
            Customer(
                full_name=rng.choice(names[lang]),
                email=f"c{i}@customers.example",
                phone=f"+44 20 {i % 10000:04d} {i // 10000:04d}",
                preferred_language=lang,
            )
        )
    Customer.objects.bulk_create(customers)
    if customers[0].pk is None:  # a backend without RETURNING: read the ids back
        emails = [c.email for c in customers]
        ids = dict(Customer.objects.filter(email__in=emails).values_list("email", "pk"))
        for c in customers:
            c.pk = ids[c.email]
    result.rows["customers"] += size

    complaints: list[Complaint] = []
    plans: list[tuple[str, datetime]] = []
    for customer in customers:
        lang = customer.preferred_language
        state = rng.choices(states, weights=state_weights)[0]
        age = rng.uniform(0, 45) if state not in FINISHED else rng.uniform(20, SPAN_DAYS)
        received = now - timedelta(days=age)
        year = timezone.localtime(received).year
        counters[year] += 1
        text = rng.choice(texts.corpus(lang))
        category = (org["categories"].get(text.category) if text.category else None) or rng.choice(
            org["leaves"]
        )
        assigned = state not in ("received", "acknowledged", "withdrawn")
        handler = rng.choice(handlers) if assigned else None
        complaints.append(
            Complaint(
                reference=f"RD-{year}-{counters[year]:06d}",
                channel=rng.choice(CHANNELS),
                received_at=received,
                customer=customer,
                language=lang,
                subject=text.subject[:200],
                description=text.description,
                category=category,
                status=state,
                assignee=handler,
                team_id=handler.team_id if handler else None,
                reply_due_on=(received + timedelta(days=14)).date(),
                acknowledged_at=received + timedelta(hours=1) if state != "received" else None,
                registered_at=received + timedelta(days=1) if assigned else None,
                closed_at=received + timedelta(days=rng.randint(5, 30))
                if state in FINISHED
                else None,
            )
        )
        plans.append((state, received))
        result.languages[lang] += 1
    Complaint.objects.bulk_create(complaints)
    result.rows["complaints"] += size

    events: list[JournalEvent] = []
    clocks: list[ComplaintClock] = []
    statements: list[Statement] = []
    letters: list[tuple[Letter, str, str]] = []
    for complaint, (state, received) in zip(complaints, plans, strict=True):
        events.append(
            JournalEvent(
                complaint=complaint,
                kind="submitted",
                to_status="received",
                actor_label="Customer",
                is_public=True,
                data={"channel": complaint.channel},
                created_at=received,
            )
        )
        previous, at = "received", received
        for step in DEMO_PATHS[state]:
            at += timedelta(hours=rng.randint(2, 60))
            events.append(
                JournalEvent(
                    complaint=complaint,
                    kind="status",
                    from_status=previous,
                    to_status=step,
                    actor=complaint.assignee,
                    actor_label=str(complaint.assignee or "System"),
                    is_public=step in ("acknowledged", "closed", "responding"),
                    created_at=at,
                )
            )
            previous = step
        if rng.random() < 0.3:
            events.append(
                JournalEvent(
                    complaint=complaint,
                    kind="note",
                    actor=complaint.assignee,
                    actor_label=str(complaint.assignee or "System"),
                    note=rng.choice(texts.corpus(complaint.language)).subject,
                    created_at=at + timedelta(minutes=5),
                )
            )
        open_ = state not in FINISHED
        due = received + timedelta(days=14)
        clocks.append(
            ComplaintClock(
                complaint=complaint,
                next_deadline_at=due if open_ else None,
                next_deadline_kind="resolve" if open_ else "",
                next_warning_at=due - timedelta(hours=8) if open_ else None,
                acknowledge_seconds=3600.0,
                resolved_at=complaint.closed_at,
            )
        )
        if state in INVESTIGATED and rng.random() < 0.4 and complaint.assignee:
            statements.append(
                Statement(
                    complaint=complaint,
                    kind="customer",
                    text=rng.choice(texts.corpus(complaint.language)).description,
                    recorded_by=complaint.assignee,
                    recorded_at=received + timedelta(days=2),
                )
            )
        if state in ANSWERED and rng.random() < 0.5 and complaint.assignee:
            sent = state != "responding"
            letters.append(
                (
                    Letter(
                        complaint=complaint,
                        kind=rng.choice(["justified", "partly_justified", "not_justified"]),
                        language=complaint.language,
                        state="sent" if sent else "draft",
                        created_by=complaint.assignee,
                        created_at=received + timedelta(days=4),
                        sent_via="email" if sent else "",
                        sent_at=received + timedelta(days=5) if sent else None,
                        sent_by=signatory if sent else None,
                        sent_to=complaint.customer.email if sent else "",
                    ),
                    complaint.subject,
                    rng.choice(texts.corpus(complaint.language)).description,
                )
            )
    JournalEvent.objects.bulk_create(events)
    ComplaintClock.objects.bulk_create(clocks)
    Statement.objects.bulk_create(statements)
    Letter.objects.bulk_create([letter for letter, _s, _b in letters])
    LetterVersion.objects.bulk_create(
        [
            LetterVersion(
                letter=letter,
                number=1,
                subject=subject[:200],
                body=body,
                author=letter.created_by,
                created_at=letter.created_at,
            )
            for letter, subject, body in letters
        ]
    )
    result.rows["journal events"] += len(events)
    result.rows["clocks"] += len(clocks)
    result.rows["statements"] += len(statements)
    result.rows["letters"] += len(letters)
    _index([c.pk for c in complaints])


def _index(ids: list[int]) -> None:
    """Feed the search index when the search app is installed (issue 7's search part)."""
    try:
        from redress.search import index  # type: ignore[import-not-found]
    except ImportError:
        return
    index.refresh(ids)


def index_missing() -> int:
    """Build search documents for complaints that have none (data made before search)."""
    try:
        from redress.search.models import SearchDocument  # type: ignore[import-not-found]
    except ImportError:
        return 0
    from redress.complaints.models import Complaint

    missing = Complaint.objects.exclude(
        pk__in=SearchDocument.objects.values("complaint_id")
    ).values_list("pk", flat=True)
    total = 0
    while ids := list(missing[: BATCH * 5]):
        with transaction.atomic():
            _index(ids)
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
    with connection.cursor() as cursor:
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
