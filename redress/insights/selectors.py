"""The dashboard's figures, read from the daily figures only (never from complaints)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from redress.accounts.models import Team
from redress.complaints.lifecycle import OPEN_STATUSES, Status
from redress.complaints.models import Category, Channel

from .models import DailyFact

MEASURES = [
    "complaints",
    "acknowledged",
    "acknowledge_seconds",
    "resolved",
    "resolve_seconds",
    "deadlines_due",
    "deadlines_met",
    "breaches",
    "decided",
    "justified",
    "remedy_cost",
    "surveyed",
    "satisfied",
    "score_sum",
    "reopened",
]
TOP = 10


@dataclass
class ReportFilters:
    date_from: date | None = None
    date_to: date | None = None
    category: Category | None = None
    team: Team | None = None

    def as_params(self) -> dict[str, Any]:
        return {
            "date_from": self.date_from.isoformat() if self.date_from else "",
            "date_to": self.date_to.isoformat() if self.date_to else "",
            "category": self.category.pk if self.category else "",
            "team": self.team.pk if self.team else "",
        }


def default_filters(today: date | None = None) -> ReportFilters:
    today = today or timezone.localdate()
    return ReportFilters(date_from=today - timedelta(days=364), date_to=today)


def _sums() -> dict[str, Sum]:
    return {f"s_{m}": Sum(m) for m in MEASURES}


def _ratio(part: Any, whole: Any, digits: int = 4) -> float | None:
    return round(float(part) / float(whole), digits) if whole else None


@dataclass
class Figures:
    """Key figures over a set of daily rows."""

    complaints: int = 0
    open: int = 0
    acknowledge_hours_avg: float | None = None
    resolve_hours_avg: float | None = None
    deadline_compliance: float | None = None
    breaches: int = 0
    justified_share: float | None = None
    remedy_cost: Decimal = Decimal(0)
    satisfaction_rate: float | None = None
    score_avg: float | None = None
    reopen_rate: float | None = None
    surveyed: int = 0
    decided: int = 0

    @classmethod
    def from_sums(cls, s: dict[str, Any], open_count: int = 0) -> Figures:
        v = {k: (s.get(f"s_{k}") or 0) for k in MEASURES}
        return cls(
            complaints=int(v["complaints"]),
            open=open_count,
            acknowledge_hours_avg=(
                round(v["acknowledge_seconds"] / v["acknowledged"] / 3600, 1)
                if v["acknowledged"]
                else None
            ),
            resolve_hours_avg=(
                round(v["resolve_seconds"] / v["resolved"] / 3600, 1) if v["resolved"] else None
            ),
            deadline_compliance=_ratio(v["deadlines_met"], v["deadlines_due"]),
            breaches=int(v["breaches"]),
            justified_share=_ratio(v["justified"], v["decided"]),
            remedy_cost=Decimal(v["remedy_cost"]).quantize(Decimal("0.01")),
            satisfaction_rate=_ratio(v["satisfied"], v["surveyed"]),
            score_avg=_ratio(v["score_sum"], v["surveyed"], 2),
            reopen_rate=_ratio(v["reopened"], v["complaints"]),
            surveyed=int(v["surveyed"]),
            decided=int(v["decided"]),
        )


@dataclass
class Row:
    key: Any
    label: str
    figures: Figures


@dataclass
class Dashboard:
    filters: ReportFilters
    totals: Figures
    by_channel: list[Row]
    by_category: list[Row]
    by_product: list[Row]
    by_status: list[Row]
    by_period: list[Row]
    period_unit: str
    recurring: list[dict[str, Any]] = field(default_factory=list)
    open_plans: list[dict[str, Any]] = field(default_factory=list)


def facts_for(filters: ReportFilters) -> QuerySet[DailyFact]:
    qs = DailyFact.objects.all()
    if filters.date_from:
        qs = qs.filter(day__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(day__lte=filters.date_to)
    if filters.category is not None:
        from redress.complaints.selectors import category_and_descendants

        qs = qs.filter(category_id__in=category_and_descendants(filters.category))
    if filters.team is not None:
        qs = qs.filter(team_id=filters.team.pk)
    return qs


def _open_q() -> Q:
    return Q(status__in=[s.value for s in OPEN_STATUSES])


def _grouped(qs: QuerySet[DailyFact], key: str, **extra: Any) -> list[dict[str, Any]]:
    return list(
        qs.values(key)
        .annotate(**_sums(), open_n=Sum("complaints", filter=_open_q()), **extra)
        .order_by(key)
    )


CACHE_SECONDS = 3600


def dashboard(filters: ReportFilters, *, refreshed_at: datetime | None = None) -> Dashboard:
    """Everything the dashboard shows. A fixed number of queries, whatever the data.

    The figures change only when the daily figures are refreshed, so they are cached
    under the time of the last refresh (and the filters and language): everyone who looks
    between two refreshes shares one computation. Plans and recurring problems are read
    fresh each time.
    """
    if refreshed_at is None:
        from .facts import last_refresh

        state = last_refresh()
        refreshed_at = state.finished_at if state else None
    key = "insights:dashboard:" + ":".join(
        [
            refreshed_at.isoformat() if refreshed_at else "never",
            translation.get_language() or "",
            *(str(v) for v in filters.as_params().values()),
        ]
    )
    board: Dashboard | None = cache.get(key) if refreshed_at else None
    if board is None:
        board = _figures(filters)
        if refreshed_at:
            cache.set(key, board, CACHE_SECONDS)
    board.filters = filters
    board.recurring, board.open_plans = improvement_figures()
    return board


def _figures(filters: ReportFilters) -> Dashboard:
    qs = facts_for(filters)
    status_data = _grouped(qs, "status")
    channel_labels = dict(Channel.choices)
    status_labels = dict(Status.choices)

    def rows(data: list[dict[str, Any]], key: str, label: Any) -> list[Row]:
        out = [Row(r[key], label(r[key]), Figures.from_sums(r, r["open_n"] or 0)) for r in data]
        return sorted(out, key=lambda r: -r.figures.complaints)

    by_channel = rows(_grouped(qs, "channel"), "channel", lambda k: str(channel_labels.get(k, k)))
    status_order = {s.value: i for i, s in enumerate(Status)}
    by_status = sorted(
        rows(status_data, "status", lambda k: str(status_labels.get(k, k))),
        key=lambda r: status_order.get(r.key, 99),
    )
    cat_data = _grouped(qs, "category_id")
    names = {c.pk: c for c in Category.objects.filter(pk__in=[r["category_id"] for r in cat_data])}
    by_category = rows(
        cat_data,
        "category_id",
        lambda k: names[k].label() if k in names else str(k),
    )
    by_product = rows(_grouped(qs, "product"), "product", lambda k: k or _("(no product given)"))[
        :TOP
    ]
    span = (
        (filters.date_to - filters.date_from).days
        if filters.date_from and filters.date_to
        else 10_000
    )
    unit = "week" if span <= 92 else "month"
    # Grouped by day (at most a few hundred rows) and bucketed here: cheaper than a date
    # function per fact row, which SQLite runs in Python.
    buckets: dict[date, dict[str, Any]] = {}
    for r in _grouped(qs, "day"):
        start = _period_start(r["day"], unit)
        bucket = buckets.setdefault(start, {})
        for k, v in r.items():
            if k != "day":
                bucket[k] = (bucket.get(k) or 0) + (v or 0)
    by_period = [
        Row(start, _period_label(start, unit), Figures.from_sums(b, b["open_n"] or 0))
        for start, b in sorted(buckets.items())
    ]
    # The totals are the sum of the status rows: every complaint has exactly one status.
    totals: dict[str, Any] = {}
    for r in status_data:
        for k, v in r.items():
            if k != "status":
                totals[k] = (totals.get(k) or 0) + (v or 0)
    return Dashboard(
        filters=filters,
        totals=Figures.from_sums(totals, totals.get("open_n") or 0),
        by_channel=by_channel,
        by_category=by_category,
        by_product=by_product,
        by_status=by_status,
        by_period=by_period,
        period_unit=unit,
    )


def _period_start(day: date, unit: str) -> date:
    if unit == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def _period_label(day: date, unit: str) -> str:
    if unit == "week":
        return day.isoformat()
    return f"{day:%Y-%m}"


def improvement_figures() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Top recurring problems (latest clustering run) and open corrective action plans."""
    from redress.improvement.selectors import open_plans, recurring_clusters

    recurring = [
        {
            "label": c.summary,
            "size": c.size,
            "trend": c.trend,
            "plan": ", ".join(p.title for p in c.plans),
        }
        for c in recurring_clusters(limit=TOP)
    ]
    plans = [
        {
            "title": p.title,
            "status": p.get_status_display(),
            "review_on": p.review_on.isoformat() if p.review_on else "",
            "complaints": getattr(p, "complaint_count", 0),
        }
        for p in open_plans()[:TOP]
    ]
    return recurring, plans
