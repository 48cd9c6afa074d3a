from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q

from redress.complaints.models import Category, Complaint
from redress.complaints.panels import shared_read

from .models import (
    Decision,
    DecisionState,
    DisciplinaryMeasure,
    EstablishedFact,
    FactItem,
    Statement,
)

DISCIPLINARY = "investigations.view_disciplinary"


def fact_items_for(category: Category | None) -> list[FactItem]:
    """The checklist of the category, of its nearest ancestor that has one, or the default.

    One query for the whole chain: the page asks this for the checklist and again for
    the facts still missing before a decision.
    """
    chain: list[int] = []
    node = category
    while node is not None:
        chain.append(node.pk)
        node = node.parent
    by_category: dict[int | None, list[FactItem]] = {}
    for item in FactItem.objects.filter(
        Q(category_id__in=chain) | Q(category__isnull=True), is_active=True
    ):
        by_category.setdefault(item.category_id, []).append(item)
    for pk in chain:
        if by_category.get(pk):
            return by_category[pk]
    return by_category.get(None, [])


def live_decision(complaint: Complaint) -> Decision | None:
    return (
        Decision.objects.filter(
            complaint=complaint,
            state__in=[DecisionState.PROPOSED, DecisionState.CONFIRMED, DecisionState.RETURNED],
        )
        .select_related("root_cause_category", "decided_by", "confirmed_by")
        .order_by("-decided_at", "-id")
        .first()
    )


def live_decision_for_page(complaint: Complaint) -> Decision | None:
    """`live_decision`, read once for all the sections of one rendering of the page."""
    return shared_read(complaint, "investigations.live_decision", lambda: live_decision(complaint))


def statements_of(complaint: Complaint) -> list[Statement]:
    return list(
        Statement.objects.filter(complaint=complaint)
        .select_related("employee", "recorded_by")
        .prefetch_related("participants")
    )


def latest_statements(complaint: Complaint, limit: int) -> tuple[list[Statement], bool]:
    """The `limit` most recent statements, oldest first, and whether earlier ones exist.

    One row more than asked tells whether there are earlier ones, without a COUNT.
    """
    rows = list(
        Statement.objects.filter(complaint=complaint)
        .select_related("employee", "recorded_by")
        .prefetch_related("participants")
        .order_by("-recorded_at", "-id")[: limit + 1]
    )
    return rows[:limit][::-1], len(rows) > limit


def checklist_of(complaint: Complaint) -> list[tuple[FactItem, EstablishedFact | None]]:
    found = {
        f.item_id: f
        for f in EstablishedFact.objects.filter(complaint=complaint).select_related(
            "established_by"
        )
    }
    return [(item, found.get(item.pk)) for item in fact_items_for(complaint.category)]


def can_see_disciplinary(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_perm(DISCIPLINARY))


def disciplinary_of(*, user: Any, complaint: Complaint) -> list[DisciplinaryMeasure]:
    """Restricted records, or an empty list for anyone who may not see them."""
    if not can_see_disciplinary(user):
        return []
    return list(
        DisciplinaryMeasure.objects.filter(complaint=complaint).select_related(
            "employee", "recorded_by"
        )
    )


def decisions_prefetch() -> Prefetch:
    return Prefetch("decisions", queryset=Decision.objects.select_related("root_cause_category"))
