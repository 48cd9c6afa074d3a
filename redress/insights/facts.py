"""Keep the daily figures (`DailyFact`) up to date from the complaints.

`facts_refresh()` finds the received days whose complaints changed since the last run
(a complaint row was saved, or its journal got an event: every decision, remedy,
survey answer, reopening and breach writes one) and recomputes those days whole.
`facts_rebuild()` recomputes everything. Both are idempotent, so the periodic job may
run them as often as it likes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from redress.complaints.lifecycle import Status
from redress.complaints.models import Complaint, EventKind, JournalEvent
from redress.deadlines.models import Deadline, DeadlineState
from redress.investigations.models import UPHELD, Decision, DecisionState
from redress.remedies.models import Remedy
from redress.surveys.models import SatisfactionCheck

from .models import DailyFact, FactRefresh

# A satisfied customer: 4 or 5 out of 5.
SATISFIED_SCORE = 4
DAYS_PER_BATCH = 31
# Complaints changed this long before the last run are looked at again, so that a
# transaction that committed late (it began before the run) is never missed.
OVERLAP = timedelta(minutes=10)


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.combine(day, time.min, tzinfo=tz)
    return start, datetime.combine(day + timedelta(days=1), time.min, tzinfo=tz)


def _complaint_rows(days: list[date]) -> Iterable[dict[str, Any]]:
    """One row per complaint received on `days`, with what the figures need."""
    live = Decision.objects.filter(
        complaint=OuterRef("pk"), state__in=[DecisionState.PROPOSED, DecisionState.CONFIRMED]
    ).order_by("-decided_at", "-id")
    cost = (
        Remedy.objects.filter(complaint=OuterRef("pk"), cost__isnull=False)
        .values("complaint")
        .annotate(total=Sum("cost"))
        .values("total")
    )
    answered = SatisfactionCheck.objects.filter(
        complaint=OuterRef("pk"), answered_at__isnull=False
    ).order_by("-answered_at", "-id")
    deadlines = Deadline.objects.filter(complaint=OuterRef("pk"), is_optional=False)

    def count_of(qs: Any) -> Subquery:
        return Subquery(
            qs.values("complaint").annotate(n=Count("pk")).values("n"),
            output_field=IntegerField(),
        )

    q = Q()
    for day in days:
        start, end = _day_bounds(day)
        q |= Q(received_at__gte=start, received_at__lt=end)
    tz = timezone.get_current_timezone()
    rows: Any = (
        Complaint.objects.filter(q)
        .annotate(
            day=TruncDate("received_at", tzinfo=tz),
            outcome=Subquery(live.values("outcome")[:1]),
            cost=Coalesce(
                Subquery(cost, output_field=DecimalField(max_digits=16, decimal_places=2)),
                Value(Decimal(0)),
            ),
            score=Subquery(answered.values("score")[:1]),
            solved=Subquery(answered.values("solved")[:1]),
            was_reopened=Exists(
                JournalEvent.objects.filter(
                    complaint=OuterRef("pk"), kind=EventKind.STATUS, to_status=Status.REOPENED
                )
            ),
            due=count_of(
                deadlines.filter(
                    state__in=[DeadlineState.MET, DeadlineState.MET_LATE, DeadlineState.BREACHED]
                )
            ),
            met=count_of(deadlines.filter(state=DeadlineState.MET)),
            breached=count_of(deadlines.filter(breached_at__isnull=False)),
        )
        .values(
            "day",
            "category_id",
            "channel",
            "team_id",
            "status",
            "product",
            "clock__acknowledge_seconds",
            "clock__resolve_seconds",
            "outcome",
            "cost",
            "score",
            "solved",
            "was_reopened",
            "due",
            "met",
            "breached",
        )
        .order_by()
        .iterator(chunk_size=5000)
    )
    return rows


def _aggregate(rows: Iterable[dict[str, Any]]) -> list[DailyFact]:
    facts: dict[tuple[Any, ...], DailyFact] = {}
    for r in rows:
        key = (
            r["day"],
            r["category_id"],
            r["channel"],
            r["team_id"],
            r["status"],
            r["product"][:200],
        )
        f = facts.get(key)
        if f is None:
            f = facts[key] = DailyFact(
                day=key[0],
                category_id=key[1],
                channel=key[2],
                team_id=key[3],
                status=key[4],
                product=key[5],
                remedy_cost=Decimal(0),
            )
        f.complaints += 1
        if r["clock__acknowledge_seconds"] is not None:
            f.acknowledged += 1
            f.acknowledge_seconds += r["clock__acknowledge_seconds"]
        if r["clock__resolve_seconds"] is not None:
            f.resolved += 1
            f.resolve_seconds += r["clock__resolve_seconds"]
        f.deadlines_due += r["due"] or 0
        f.deadlines_met += r["met"] or 0
        f.breaches += r["breached"] or 0
        if r["outcome"]:
            f.decided += 1
            f.justified += r["outcome"] in UPHELD
        f.remedy_cost += Decimal(r["cost"] or 0)
        if r["score"] is not None or r["solved"] is not None:
            f.surveyed += 1
            score = r["score"] or 0
            f.score_sum += score
            f.satisfied += bool(score >= SATISFIED_SCORE or (not score and r["solved"]))
        f.reopened += bool(r["was_reopened"])
    return list(facts.values())


def _lock_figures() -> None:
    """Serialise the writers of the daily figures (the periodic job, the page's button, the
    command): on PostgreSQL two overlapping rewrites of a day would otherwise both insert."""
    state = FactRefresh.objects.order_by("pk").first() or FactRefresh.objects.create()
    list(FactRefresh.objects.select_for_update().filter(pk=state.pk).values_list("pk"))


def facts_recompute(days: Iterable[date]) -> int:
    """Recompute the figures of `days` from the complaints; returns the rows written."""
    wanted = sorted(set(days))
    written = 0
    for i in range(0, len(wanted), DAYS_PER_BATCH):
        batch = wanted[i : i + DAYS_PER_BATCH]
        facts = _aggregate(_complaint_rows(batch))
        with transaction.atomic():
            _lock_figures()
            DailyFact.objects.filter(day__in=batch).delete()
            DailyFact.objects.bulk_create(facts, batch_size=1000)
        written += len(facts)
    return written


def _days_of(complaints: Any) -> set[date]:
    tz = timezone.get_current_timezone()
    return set(
        complaints.annotate(d=TruncDate("received_at", tzinfo=tz))
        .order_by()
        .values_list("d", flat=True)
        .distinct()
    )


def changed_days(since: datetime | None) -> set[date]:
    """The received days of the complaints that changed after `since` (all when None)."""
    if since is None:
        return _days_of(Complaint.objects.all())
    touched = Complaint.objects.filter(
        Q(updated_at__gte=since)
        | Q(pk__in=JournalEvent.objects.filter(created_at__gte=since).values("complaint_id"))
    )
    return _days_of(touched)


def facts_refresh(*, now: datetime | None = None, full: bool = False) -> int:
    """Bring the daily figures up to date; returns the number of days recomputed."""
    now = now or timezone.now()
    state = FactRefresh.objects.order_by("pk").first() or FactRefresh.objects.create()
    since = None if full or state.refreshed_until is None else state.refreshed_until - OVERLAP
    days = changed_days(since)
    if since is None:
        # A full rebuild also drops days that no longer hold any complaint.
        DailyFact.objects.exclude(day__in=days).delete()
    facts_recompute(days)
    FactRefresh.objects.filter(pk=state.pk).update(
        refreshed_until=now, finished_at=timezone.now(), days=len(days)
    )
    return len(days)


def last_refresh() -> FactRefresh | None:
    return FactRefresh.objects.order_by("pk").first()


__all__ = ["changed_days", "facts_recompute", "facts_refresh", "last_refresh"]
