"""Reads of plans and recurring problems, for the pages, the API and the reports.

Public API for other apps (the reports dashboard and the monthly deck):
`open_plans()` and `recurring_clusters(period=..., limit=...)`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from redress.complaints.models import Complaint

from .models import (
    OPEN_ACTION_STATUSES,
    OPEN_PLAN_STATUSES,
    ClusterKind,
    ClusterMember,
    ClusterRun,
    Plan,
    PlanAction,
    PlanComplaint,
    PlanStatus,
    RecurringCluster,
)


def plans_list(*, status: str = "") -> QuerySet[Plan]:
    """Plans with their owner, root-cause category and counts, in one query."""
    qs = (
        Plan.objects.select_related("owner", "root_cause_category", "proposed_by")
        .annotate(
            complaint_count=Count("links", distinct=True),
            action_count=Count("actions", distinct=True),
            open_action_count=Count(
                "actions", filter=Q(actions__status__in=OPEN_ACTION_STATUSES), distinct=True
            ),
        )
        .order_by("-created_at", "-id")
    )
    if status:
        qs = qs.filter(status=status)
    return qs


def open_plans() -> list[Plan]:
    """Plans not yet confirmed effective (open, in progress, done awaiting the check)."""
    return list(plans_list().filter(status__in=OPEN_PLAN_STATUSES))


def plan_detail(pk: int) -> Plan | None:
    return (
        Plan.objects.select_related("owner", "root_cause_category", "proposed_by", "checked_by")
        .prefetch_related(
            Prefetch("actions", queryset=PlanAction.objects.select_related("owner")),
            Prefetch(
                "links",
                queryset=PlanComplaint.objects.select_related(
                    "complaint", "complaint__category"
                ).order_by("complaint__received_at"),
            ),
        )
        .filter(pk=pk)
        .first()
    )


def plans_of(complaint: Complaint) -> list[Plan]:
    # Filtered through a subquery: a join filter would make the count see only this link.
    return list(
        Plan.objects.filter(
            pk__in=PlanComplaint.objects.filter(complaint=complaint).values("plan_id")
        )
        .select_related("owner")
        .annotate(complaint_count=Count("links"))
        .order_by("-created_at")
    )


def attachable_plans(complaint: Complaint) -> list[Plan]:
    """Plans a complaint could still join: not checked yet, not already holding it."""
    return list(
        Plan.objects.filter(status__in=OPEN_PLAN_STATUSES)
        .exclude(links__complaint=complaint)
        .order_by("-created_at")[:50]
    )


def latest_run() -> ClusterRun | None:
    return ClusterRun.objects.exclude(finished_at=None).order_by("-finished_at", "-id").first()


@dataclass
class ClusterView:
    """One recurring problem as the pages and the reports show it."""

    cluster: RecurringCluster
    member_ids: list[int]
    plans: list[Plan] = field(default_factory=list)

    @property
    def id(self) -> int:
        return self.cluster.pk

    @property
    def kind(self) -> str:
        return self.cluster.kind

    @property
    def label(self) -> str:
        return self.cluster.label

    @property
    def top_terms(self) -> list[str]:
        return list(self.cluster.top_terms)

    @property
    def summary(self) -> str:
        """A label that names no single complaint, for the reports: a text group is labelled
        on its pages by its most central complaint's subject, which analysts may not see."""
        if self.kind == ClusterKind.TEXT:
            return " · ".join(self.top_terms) or f"#{self.id}"
        return self.label

    @property
    def size(self) -> int:
        return self.cluster.size

    @property
    def count_current(self) -> int:
        return self.cluster.count_current

    @property
    def count_previous(self) -> int:
        return self.cluster.count_previous

    @property
    def trend(self) -> int:
        return self.cluster.trend

    @property
    def rising(self) -> bool:
        return self.cluster.rising

    @property
    def covered(self) -> bool:
        return bool(self.plans)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "label": self.label,
            "top_terms": self.top_terms,
            "size": self.size,
            "count_current": self.count_current,
            "count_previous": self.count_previous,
            "trend": self.trend,
            "covered": self.covered,
            "plans": [p.pk for p in self.plans],
            "complaints": self.member_ids,
        }


def recurring_clusters(
    *,
    period: int | None = None,
    limit: int | None = 20,
    kind: str = "",
    run: ClusterRun | None = None,
) -> list[ClusterView]:
    """The recurring problems of the latest run, most this period first.

    `period` (days) keeps only a run computed with that period; None takes the latest.
    A cluster is covered when a plan (of any status) links at least half of its members.
    Three queries, whatever the number of clusters.
    """
    run = run or latest_run()
    if run is None or (period is not None and run.period_days != period):
        return []
    qs = RecurringCluster.objects.filter(run=run)
    if kind:
        qs = qs.filter(kind=kind)
    clusters = list(qs.order_by("-count_current", "-size", "id")[:limit] if limit else qs)
    by_cluster: dict[int, list[int]] = defaultdict(list)
    for cluster_id, complaint_id in ClusterMember.objects.filter(
        cluster__in=[c.pk for c in clusters]
    ).values_list("cluster_id", "complaint_id"):
        by_cluster[cluster_id].append(complaint_id)
    all_ids = {m for ids in by_cluster.values() for m in ids}
    plans_by_complaint: dict[int, set[int]] = defaultdict(set)
    plans: dict[int, Plan] = {}
    for link in PlanComplaint.objects.filter(complaint_id__in=all_ids).select_related("plan"):
        plans_by_complaint[link.complaint_id].add(link.plan_id)
        plans[link.plan_id] = link.plan
    views = []
    for cluster in clusters:
        member_ids = sorted(by_cluster[cluster.pk])
        counts: dict[int, int] = defaultdict(int)
        for m in member_ids:
            for plan_id in plans_by_complaint[m]:
                counts[plan_id] += 1
        covering = [plans[p] for p, n in counts.items() if 2 * n >= len(member_ids)]
        views.append(ClusterView(cluster=cluster, member_ids=member_ids, plans=covering))
    return views


def cluster_members(cluster: RecurringCluster, limit: int = 10) -> list[Complaint]:
    return list(
        Complaint.objects.filter(pk__in=cluster.links.values("complaint_id"))
        .select_related("category")
        .order_by("-received_at")[:limit]
    )


__all__ = [
    "ClusterKind",
    "ClusterView",
    "PlanStatus",
    "attachable_plans",
    "latest_run",
    "open_plans",
    "plan_detail",
    "plans_list",
    "plans_of",
    "recurring_clusters",
]
