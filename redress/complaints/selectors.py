"""Reads: who may see which complaint, the journal list, one complaint's page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, F, Func, Prefetch, Q, QuerySet
from django.utils import timezone

from redress.accounts.roles import Perm

from .lifecycle import Status
from .models import Category, Complaint, ComplaintQuerySet, EventKind, JournalEvent

INTAKE_QUEUE = [Status.RECEIVED, Status.ACKNOWLEDGED]


def visibility_filter(user: Any) -> Q | None:
    """A filter for the complaints `user` may see; None means all of them."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.has_perm(Perm.VIEW_ALL.full):
        return None
    q = Q(pk__in=[])
    if user.has_perm(Perm.HANDLE.full):
        q |= Q(assignee=user)
        if user.team_id:
            q |= Q(team_id=user.team_id)
    if user.has_perm(Perm.INTAKE.full):
        # Whoever takes in a complaint keeps seeing it.
        q |= Q(intake_by=user)
    if user.has_perm(Perm.ASSIGN.full):
        # Intake staff work the queue of complaints nobody owns yet (they register them);
        # handlers see only their own and their team's.
        q |= Q(status__in=INTAKE_QUEUE)
    return q


def complaints_visible_to(user: Any) -> ComplaintQuerySet:
    qs: ComplaintQuerySet = Complaint.objects.all()
    q = visibility_filter(user)
    return qs if q is None else qs.filter(q)


def can_see(user: Any, complaint: Complaint) -> bool:
    q = visibility_filter(user)
    if q is None:
        return True
    return complaints_visible_to(user).filter(pk=complaint.pk).exists()


def can_use_workspace(user: Any) -> bool:
    return bool(user.is_authenticated and visibility_filter(user) != Q(pk__in=[]))


SORTS: dict[str, tuple[Any, ...]] = {
    "received": ("received_at", "id"),
    "-received": ("-received_at", "-id"),
    "due": ("reply_due_on", "id"),
    "-due": ("-reply_due_on", "-id"),
    # The next open deadline (deadlines.ComplaintClock); nothing due sorts last.
    "deadline": (F("clock__next_deadline_at").asc(nulls_last=True), "id"),
    "-deadline": (F("clock__next_deadline_at").desc(nulls_last=True), "-id"),
    "reference": ("reference",),
    "-reference": ("-reference",),
    "status": ("status", "-received_at"),
}


@dataclass
class JournalFilters:
    status: str = ""
    category: Category | None = None
    channel: str = ""
    assignee: Any = None
    unassigned: bool = False
    received_from: date | None = None
    received_to: date | None = None
    overdue: bool = False
    # on_track, due_soon, breached or paused: the state of the next deadline.
    deadline: str = ""
    q: str = ""
    sort: str = "-received"


def category_and_descendants(category: Category) -> list[int]:
    ids = [category.pk]
    frontier = [category.pk]
    while frontier:
        frontier = list(
            Category.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
        )
        ids += frontier
    return ids


DEADLINE_STATES = ["on_track", "due_soon", "breached", "paused"]


def deadline_filter(state: str, now: Any, prefix: str = "clock__") -> Q:
    """Complaints whose deadlines are in `state` at `now` (from the denormalised clock).

    With `prefix=""` the same filter applies to the clocks themselves."""
    if state == "breached":
        return Q(**{f"{prefix}next_deadline_at__lt": now})
    if state == "due_soon":
        return Q(**{f"{prefix}next_deadline_at__gte": now, f"{prefix}next_warning_at__lte": now})
    if state == "on_track":
        return Q(**{f"{prefix}next_deadline_at__gte": now, f"{prefix}next_warning_at__gt": now})
    if state == "paused":
        return Q(**{f"{prefix}paused_since__isnull": False})
    return Q()


class Likely(Func):
    """SQLite's planner hint that a condition holds for most rows (it changes no result)."""

    function = "likely"
    output_field = BooleanField()


# Up to this many complaints in a deadline state, SQLite reads them from the clock's index
# and sorts them; beyond it, walking the journal's date index and checking each clock finds a
# page sooner (at 1,000,000 complaints with 180,000 overdue the sort took seconds).
SORT_AT_MOST = 2000


def _in_deadline_state(qs: ComplaintQuerySet, state: str, now: Any) -> ComplaintQuerySet:
    q = deadline_filter(state, now)
    if connection.vendor != "sqlite":
        return qs.filter(q)  # PostgreSQL's statistics choose the plan by themselves
    clocks = Complaint._meta.get_field("clock").related_model._default_manager
    many = clocks.filter(deadline_filter(state, now, prefix=""))[:SORT_AT_MOST].count()
    if many < SORT_AT_MOST:
        return qs.filter(q)
    return qs.filter(Likely(ExpressionWrapper(q, output_field=BooleanField())))


def journal_list(*, user: Any, filters: JournalFilters) -> ComplaintQuerySet:
    """The staff journal: visible complaints, filtered and sorted, ready to render.

    The free text (`filters.q`) is not applied here: `redress.search.selectors`
    searches the full text, ranks and highlights, on top of this queryset.
    """
    qs = complaints_visible_to(user).select_related("customer", "category", "assignee", "clock")
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.category is not None:
        qs = qs.filter(category_id__in=category_and_descendants(filters.category))
    if filters.channel:
        qs = qs.filter(channel=filters.channel)
    if filters.unassigned:
        qs = qs.filter(assignee__isnull=True)
    elif filters.assignee is not None:
        qs = qs.filter(assignee=filters.assignee)
    if filters.received_from:
        qs = qs.filter(received_at__date__gte=filters.received_from)
    if filters.received_to:
        qs = qs.filter(received_at__date__lte=filters.received_to)
    now = timezone.now()
    if filters.overdue:
        qs = _in_deadline_state(qs, "breached", now)
    if filters.deadline:
        qs = _in_deadline_state(qs, filters.deadline, now)
    return qs.order_by(*SORTS.get(filters.sort, SORTS["-received"]))


def complaint_for_page(*, user: Any, reference: str) -> Complaint | None:
    """One complaint with everything its page shows, or None if the user may not see it."""
    return (
        complaints_visible_to(user)
        .select_related("customer", "category__parent", "assignee", "team", "intake_by")
        .prefetch_related(
            Prefetch("events", queryset=JournalEvent.objects.select_related("actor")),
            "attachments",
        )
        .filter(reference=reference)
        .first()
    )


def timeline(complaint: Complaint) -> list[JournalEvent]:
    """The complaint's journal events, each with its labels translated once per page.

    `get_kind_display()` rebuilds a dict of lazily translated choices on every call,
    which on a timeline of 500 events cost more than the rest of the page.
    """
    kinds = {value: str(label) for value, label in EventKind.choices}
    statuses = {value: str(label) for value, label in Status.choices}
    events = list(complaint.events.all())
    for event in events:
        event.kind_label = kinds.get(event.kind, event.kind)  # type: ignore[attr-defined]
        event.from_label = statuses.get(event.from_status, event.from_status)  # type: ignore[attr-defined]
        event.to_label = statuses.get(event.to_status, event.to_status)  # type: ignore[attr-defined]
    return events


def customer_complaints(*, user: Any, customer_id: int) -> QuerySet[Complaint]:
    return (
        complaints_visible_to(user)
        .filter(customer_id=customer_id)
        .select_related("category")
        .order_by("-received_at")
    )


def public_history(complaint: Complaint) -> QuerySet[JournalEvent]:
    return complaint.events.filter(is_public=True).order_by("created_at", "id")
