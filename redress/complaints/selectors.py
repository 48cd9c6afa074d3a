"""Reads: who may see which complaint, the journal list, one complaint's page."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, F, Func, Q, QuerySet
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
    """One complaint with everything its page shows, or None if the user may not see it.

    Its journal events are not loaded here: the page shows one window of them
    (`timeline_page`), and the actions that post to the page need none.
    """
    return (
        complaints_visible_to(user)
        .select_related("customer", "category__parent", "assignee", "team", "intake_by")
        .prefetch_related("attachments")
        .filter(reference=reference)
        .first()
    )


# Events shown at once on the complaint page; earlier ones are a link away.
TIMELINE_PAGE = 50
# Status changes listed above a page that has earlier events, so the path the complaint
# took stays in sight without paging back.
EARLIER_STATUS_LIMIT = 20


@dataclass
class TimelinePage:
    """One window of a complaint's journal, oldest first as the page lists it.

    `earlier` and `later` are the event ids to pass as ?before= and ?after= for the
    neighbouring windows, None where the journal ends. A window is found by its
    (created_at, id) key, never by an offset, so every window costs the same at any depth.
    """

    events: list[JournalEvent]
    earlier: int | None = None
    later: int | None = None
    earlier_status: list[JournalEvent] = field(default_factory=list)

    @property
    def is_latest(self) -> bool:
        return self.later is None


class TimelineCursorError(ValueError):
    """A ?before= or ?after= that is not an event of this complaint."""


def timeline_cursor(raw: Any) -> int | None:
    """An event id from the query string; None when absent; TimelineCursorError when bad."""
    if raw is None:
        return None
    text = str(raw).strip()
    # Digits only, and within a 63-bit key, so nothing odd ever reaches the database.
    if not text.isascii() or not text.isdigit() or len(text) > 18 or int(text) < 1:
        raise TimelineCursorError(text)
    return int(text)


def _before(created_at: Any, pk: int) -> Q:
    # The first term bounds the index range; the second breaks ties at the same instant.
    return Q(created_at__lte=created_at) & (Q(created_at__lt=created_at) | Q(pk__lt=pk))


def _after(created_at: Any, pk: int) -> Q:
    return Q(created_at__gte=created_at) & (Q(created_at__gt=created_at) | Q(pk__gt=pk))


def timeline_page(
    complaint: Complaint,
    *,
    before: int | None = None,
    after: int | None = None,
    size: int = TIMELINE_PAGE,
) -> TimelinePage:
    """The newest `size` events, or the `size` just before / after the event given.

    Raises TimelineCursorError when the event given is not one of this complaint's.
    Each event carries its kind and status labels (`kind_label`, `from_label`, `to_label`),
    translated once per page.
    """
    events_qs = JournalEvent.objects.filter(complaint_id=complaint.pk).select_related("actor")
    cursor = before if before is not None else after
    newest_first = True
    if cursor is not None:
        if before is not None and after is not None:
            raise TimelineCursorError("before and after")
        at = (
            JournalEvent.objects.filter(complaint_id=complaint.pk, pk=cursor)
            .values_list("created_at", flat=True)
            .first()
        )
        if at is None:
            raise TimelineCursorError(str(cursor))
        if before is not None:
            events_qs = events_qs.filter(_before(at, cursor))
        else:
            events_qs = events_qs.filter(_after(at, cursor))
            newest_first = False
    if newest_first:
        rows = list(events_qs.order_by("-created_at", "-id")[: size + 1])
        more = len(rows) > size
        events = rows[:size][::-1]
        page = TimelinePage(
            events=events,
            earlier=events[0].pk if more else None,
            later=(events[-1].pk if events else before) if before is not None else None,
        )
    else:
        rows = list(events_qs.order_by("created_at", "id")[: size + 1])
        if len(rows) <= size:
            # These run to the newest event: show the newest page, so no window is short.
            return timeline_page(complaint, size=size)
        events = rows[:size]
        page = TimelinePage(events=events, earlier=events[0].pk, later=events[-1].pk)
    if page.earlier is not None:
        first = page.events[0]
        page.earlier_status = list(
            JournalEvent.objects.filter(complaint_id=complaint.pk, kind=EventKind.STATUS)
            .filter(_before(first.created_at, first.pk))
            .select_related("actor")
            .order_by("-created_at", "-id")[:EARLIER_STATUS_LIMIT]
        )[::-1]
    _label(page.events + page.earlier_status)
    return page


def _label(events: list[JournalEvent]) -> None:
    kinds = {value: str(label) for value, label in EventKind.choices}
    statuses = {value: str(label) for value, label in Status.choices}
    for event in events:
        event.kind_label = kinds.get(event.kind, event.kind)  # type: ignore[attr-defined]
        event.from_label = statuses.get(event.from_status, event.from_status)  # type: ignore[attr-defined]
        event.to_label = statuses.get(event.to_status, event.to_status)  # type: ignore[attr-defined]


def customer_complaints(*, user: Any, customer_id: int) -> QuerySet[Complaint]:
    return (
        complaints_visible_to(user)
        .filter(customer_id=customer_id)
        .select_related("category")
        .order_by("-received_at")
    )


def public_history(complaint: Complaint) -> QuerySet[JournalEvent]:
    return complaint.events.filter(is_public=True).order_by("created_at", "id")
