"""Daily figures standing for a large complaint history, for the benchmarks (bench/).

`seed_daily_figures(complaints=1_000_000)` writes the `DailyFact` rows that the refresh
job would write for that many complaints spread over `days` days, so that the
dashboard's speed can be measured at scale without taking in a million complaints.
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from redress.accounts.models import Team
from redress.complaints.lifecycle import Status
from redress.complaints.models import Category, Channel

from .models import DailyFact

PRODUCTS = [f"Product {i}" for i in range(40)] + [""]


def seed_daily_figures(
    *, complaints: int = 1_000_000, days: int = 730, rows_per_day: int = 250, seed: int = 8
) -> int:
    """Write daily figures for `complaints` complaints; returns the rows written."""
    rng = random.Random(seed)
    categories = list(Category.objects.values_list("pk", flat=True))
    teams: list[int | None] = [*Team.objects.values_list("pk", flat=True), None]
    channels = list(Channel.values)
    statuses = list(Status.values)
    today = timezone.localdate()
    per_day = complaints // days
    written = 0
    batch: list[DailyFact] = []
    for d in range(days):
        day = today - timedelta(days=d)
        left = per_day
        for r in range(rows_per_day):
            n = (
                left
                if r == rows_per_day - 1
                else rng.randint(0, max(1, 2 * per_day // rows_per_day))
            )
            n = min(n, left)
            if n <= 0:
                continue
            left -= n
            acknowledged = n - rng.randint(0, n // 10)
            resolved = rng.randint(0, acknowledged)
            decided = rng.randint(0, n)
            surveyed = rng.randint(0, resolved)
            due = rng.randint(0, 2 * n)
            batch.append(
                DailyFact(
                    day=day,
                    category_id=rng.choice(categories),
                    channel=rng.choice(channels),
                    team_id=rng.choice(teams),
                    status=rng.choice(statuses),
                    product=rng.choice(PRODUCTS),
                    complaints=n,
                    acknowledged=acknowledged,
                    acknowledge_seconds=acknowledged * rng.uniform(1800, 30000),
                    resolved=resolved,
                    resolve_seconds=resolved * rng.uniform(36000, 400000),
                    deadlines_due=due,
                    deadlines_met=rng.randint(0, due),
                    breaches=rng.randint(0, n // 5),
                    decided=decided,
                    justified=rng.randint(0, decided),
                    remedy_cost=Decimal(rng.randint(0, 500 * n)),
                    surveyed=surveyed,
                    satisfied=rng.randint(0, surveyed),
                    score_sum=surveyed * rng.randint(1, 5),
                    reopened=rng.randint(0, n // 20),
                )
            )
            if len(batch) >= 5000:
                DailyFact.objects.bulk_create(batch)
                written += len(batch)
                batch = []
    DailyFact.objects.bulk_create(batch)
    return written + len(batch)
