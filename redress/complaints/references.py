"""Human reference numbers RD-YYYY-NNNNNN: unique, never reused, safe under concurrency."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F

from .models import ReferenceCounter


def next_reference(year: int) -> str:
    """Issue the next number for `year`. Must run inside the intake transaction.

    The UPDATE takes the counter row's lock until commit, so concurrent intakes
    queue on it; a rolled-back intake releases its number with nothing having used it.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_reference must run inside a transaction")
    ReferenceCounter.objects.bulk_create(
        [ReferenceCounter(year=year, last=0)], ignore_conflicts=True
    )
    ReferenceCounter.objects.filter(year=year).update(last=F("last") + 1)
    number = ReferenceCounter.objects.values_list("last", flat=True).get(year=year)
    return f"RD-{year}-{number:06d}"


def next_references(year: int, count: int) -> list[str]:
    """Issue `count` consecutive numbers for `year` at once (bulk import), in order.

    One UPDATE moves the counter by `count`, under the same row lock as `next_reference`,
    so a block never overlaps a number issued to a concurrent intake.
    """
    if count <= 0:
        return []
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_references must run inside a transaction")
    ReferenceCounter.objects.bulk_create(
        [ReferenceCounter(year=year, last=0)], ignore_conflicts=True
    )
    ReferenceCounter.objects.filter(year=year).update(last=F("last") + count)
    last = ReferenceCounter.objects.values_list("last", flat=True).get(year=year)
    return [f"RD-{year}-{number:06d}" for number in range(last - count + 1, last + 1)]
