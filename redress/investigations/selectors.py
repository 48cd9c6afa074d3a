from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

from redress.complaints.models import Category, Complaint

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
    """The checklist of the category, of its nearest ancestor that has one, or the default."""
    node = category
    while node is not None:
        items = list(FactItem.objects.filter(category=node, is_active=True))
        if items:
            return items
        node = node.parent
    return list(FactItem.objects.filter(category__isnull=True, is_active=True))


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


def statements_of(complaint: Complaint) -> list[Statement]:
    return list(
        Statement.objects.filter(complaint=complaint)
        .select_related("employee", "recorded_by")
        .prefetch_related("participants")
    )


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
