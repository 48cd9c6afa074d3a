"""Remedies of a case, and suggestions for personal remedies from the customer's history."""

from __future__ import annotations

from dataclasses import dataclass

from redress.complaints.models import Complaint

from .models import Offering, Remedy


def remedies_of(complaint: Complaint) -> list[Remedy]:
    return list(Remedy.objects.filter(complaint=complaint).select_related("owner"))


@dataclass
class Suggestions:
    unused_services: list[Offering]
    earlier: list[Remedy]  # what the customer's earlier complaints received


def suggestions_for(complaint: Complaint) -> Suggestions:
    """A service the customer has not used yet, offered free, and what they had before."""
    customer_id = complaint.customer_id
    unused = list(
        Offering.objects.filter(is_active=True, kind=Offering.Kind.SERVICE)
        .exclude(users__id=customer_id)
        .order_by("text_en")[:3]
    )
    earlier = list(
        Remedy.objects.filter(complaint__customer_id=customer_id)
        .exclude(complaint=complaint)
        .select_related("complaint")
        .order_by("-created_at")[:8]
    )
    return Suggestions(unused_services=unused, earlier=earlier)
