"""Reads: which policy applies, a complaint's deadlines as its page shows them, reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone

from redress.complaints.models import Category, Complaint

from . import arithmetic
from .models import (
    OPEN_STATES,
    BusinessCalendar,
    ClockPause,
    ComplaintClock,
    Deadline,
    DeadlineKind,
    DeadlinePolicy,
    DeadlineState,
    PolicyAssignment,
    describe_amount,
    settings_calendar,
)


def default_calendar() -> BusinessCalendar | None:
    return BusinessCalendar.objects.filter(is_default=True).first()


def calendar_of(calendar: BusinessCalendar | None) -> arithmetic.Calendar:
    return calendar.as_arithmetic() if calendar is not None else settings_calendar()


def _category_chain(category_id: int | None) -> list[int]:
    """The category and its ancestors, nearest first."""
    chain: list[int] = []
    current = category_id
    while current is not None and current not in chain:
        chain.append(current)
        current = Category.objects.filter(pk=current).values_list("parent_id", flat=True).first()
    return chain


def policy_for(*, category_id: int | None, priority: str) -> DeadlinePolicy | None:
    """The policy for a category and priority: the most specific assignment wins.

    Order: this category with this priority, this category with any priority, then the
    same for each parent category, then any category with this priority, then the
    default policy. Inactive policies are skipped.
    """
    chain = _category_chain(category_id)
    candidates = {
        (a.category_id, a.priority): a.policy
        for a in PolicyAssignment.objects.filter(policy__is_active=True)
        .filter(Q(category_id__in=chain) | Q(category__isnull=True))
        .select_related("policy__calendar")
    }
    for category in chain:
        for key in ((category, priority), (category, "")):
            if key in candidates:
                return candidates[key]
    if (None, priority) in candidates:
        return candidates[(None, priority)]
    return (
        DeadlinePolicy.objects.filter(is_default=True, is_active=True)
        .select_related("calendar")
        .first()
    )


def pauses_of(complaint_id: int) -> list[arithmetic.Pause]:
    return [
        (p.started_at, p.ended_at) for p in ClockPause.objects.filter(complaint_id=complaint_id)
    ]


@dataclass
class DeadlineRow:
    deadline: Deadline
    state: str
    state_label: str
    business_seconds_left: float | None
    is_suspended: bool

    @property
    def kind_label(self) -> str:
        return str(self.deadline.get_kind_display())

    @property
    def allowed(self) -> str:
        """The time the rule allows (as extended), for example "10 business days"."""
        d = self.deadline
        return describe_amount(d.budget, d.unit) if d.unit else ""

    @property
    def business_hours_left(self) -> float | None:
        s = self.business_seconds_left
        return None if s is None else round(s / 3600, 1)


@dataclass
class DeadlinePanel:
    clock: ComplaintClock | None
    rows: list[DeadlineRow] = field(default_factory=list)
    pauses: list[ClockPause] = field(default_factory=list)
    now: datetime = field(default_factory=timezone.now)

    @property
    def is_paused(self) -> bool:
        return bool(self.clock and self.clock.paused_since)

    @property
    def can_extend(self) -> bool:
        return any(r.deadline.can_be_extended and r.state != "breached" for r in self.rows)

    @property
    def open_rows(self) -> list[DeadlineRow]:
        return [r for r in self.rows if r.deadline.is_open]

    @property
    def finished_rows(self) -> list[DeadlineRow]:
        return [r for r in self.rows if not r.deadline.is_open]


STATE_LABELS = {**dict(DeadlineState.choices)}


def state_label(state: str) -> str:
    from django.utils.translation import gettext

    if state == "paused":
        return gettext("Paused")
    return str(STATE_LABELS.get(state, state))


def deadline_panel(complaint: Complaint, *, now: datetime | None = None) -> DeadlinePanel:
    """A complaint's deadlines with their state and the working time left (three queries)."""
    now = now or timezone.now()
    clock = (
        ComplaintClock.objects.select_related("calendar", "policy")
        .filter(complaint_id=complaint.pk)
        .first()
    )
    deadlines = list(Deadline.objects.filter(complaint_id=complaint.pk).order_by("due_at", "id"))
    pauses = list(ClockPause.objects.filter(complaint_id=complaint.pk).order_by("started_at"))
    # A running pause is what suspends the deadline; the time left is measured without it.
    spans = [p.as_span() for p in pauses if p.ended_at is not None]
    paused = bool(clock and clock.paused_since)
    cal = calendar_of(clock.calendar if clock else None)
    rows = []
    for d in deadlines:
        suspended = paused and d.state in (DeadlineState.ON_TRACK, DeadlineState.DUE_SOON)
        suspended = suspended and d.kind != DeadlineKind.CONTACT
        state = "paused" if suspended else d.state_at(now)
        left: float | None = None
        if d.is_open:
            # The promised contact date never pauses: asking the customer meets it.
            own = [] if d.kind == DeadlineKind.CONTACT else spans
            since = clock.paused_since if suspended and clock and clock.paused_since else now
            left = arithmetic.remaining_business_seconds(since, d.due_at, cal, own)
        rows.append(DeadlineRow(d, state, state_label(state), left, suspended))
    return DeadlinePanel(clock=clock, rows=rows, pauses=pauses, now=now)


def open_deadlines(complaint_id: int) -> QuerySet[Deadline]:
    return Deadline.objects.filter(complaint_id=complaint_id, state__in=OPEN_STATES)


# --- Reports ---------------------------------------------------------------------------


@dataclass
class ReportFilters:
    received_from: date | None = None
    received_to: date | None = None
    category: Category | None = None


def _complaint_filter(filters: ReportFilters, prefix: str) -> Q:
    q = Q()
    if filters.received_from:
        q &= Q(**{f"{prefix}received_at__date__gte": filters.received_from})
    if filters.received_to:
        q &= Q(**{f"{prefix}received_at__date__lte": filters.received_to})
    if filters.category is not None:
        from redress.complaints.selectors import category_and_descendants

        q &= Q(**{f"{prefix}category_id__in": category_and_descendants(filters.category)})
    return q


def _hours(seconds: Any) -> float | None:
    return None if seconds is None else round(float(seconds) / 3600, 2)


def deadline_report(filters: ReportFilters, *, now: datetime | None = None) -> dict[str, Any]:
    """Time to acknowledge and to resolve in business hours, and deadline compliance."""
    now = now or timezone.now()
    clocks = ComplaintClock.objects.filter(_complaint_filter(filters, "complaint__"))
    times = clocks.aggregate(
        complaints=Count("pk"),
        acknowledged=Count("acknowledge_seconds"),
        resolved=Count("resolve_seconds"),
        ack_avg=Avg("acknowledge_seconds"),
        resolve_avg=Avg("resolve_seconds"),
    )
    deadlines = Deadline.objects.filter(_complaint_filter(filters, "complaint__"))
    by_kind: dict[str, dict[str, Any]] = {}
    counts = deadlines.values("kind").annotate(
        total=Count("pk"),
        met=Count("pk", filter=Q(state=DeadlineState.MET)),
        met_late=Count("pk", filter=Q(state=DeadlineState.MET_LATE)),
        breached_open=Count("pk", filter=Q(state=DeadlineState.BREACHED)),
        overdue_unrecorded=Count(
            "pk",
            filter=Q(state__in=[DeadlineState.ON_TRACK, DeadlineState.DUE_SOON], due_at__lt=now),
        ),
        breaches=Count("pk", filter=Q(breached_at__isnull=False)),
        lapsed=Count("pk", filter=Q(state=DeadlineState.LAPSED)),
        cancelled=Count("pk", filter=Q(state=DeadlineState.CANCELLED)),
        running=Count(
            "pk",
            filter=Q(state__in=[DeadlineState.ON_TRACK, DeadlineState.DUE_SOON], due_at__gte=now),
        ),
    )
    labels = dict(DeadlineKind.choices)
    for row in counts.order_by("kind"):
        decided = row["met"] + row["met_late"] + row["breached_open"] + row["overdue_unrecorded"]
        by_kind[row["kind"]] = {
            "label": str(labels.get(row["kind"], row["kind"])),
            "total": row["total"],
            "met_on_time": row["met"],
            "met_late": row["met_late"],
            "breached_open": row["breached_open"] + row["overdue_unrecorded"],
            "breaches": row["breaches"] + row["overdue_unrecorded"],
            "running": row["running"],
            "lapsed": row["lapsed"],
            "cancelled": row["cancelled"],
            "on_time_rate": round(row["met"] / decided, 4) if decided else None,
        }
    return {
        "complaints": times["complaints"],
        "acknowledged": times["acknowledged"],
        "resolved": times["resolved"],
        "time_to_acknowledge_business_hours_avg": _hours(times["ack_avg"]),
        "time_to_resolve_business_hours_avg": _hours(times["resolve_avg"]),
        "deadlines": by_kind,
    }
