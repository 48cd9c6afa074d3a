"""The recurring-problems job: find complaints that repeat and store the groups.

Runs in the background (a periodic Celery task, and on a quality lead's "recompute"),
never per request. Its input is bounded: complaints received in the last two periods
(at most MAX_WINDOW_DAYS days) and at most MAX_INPUT of the newest of them.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from redress.complaints.models import Category, Complaint
from redress.investigations.models import DecisionState, RootCauseCategory

from .clustering import ClusterParams, cluster_texts
from .models import ClusterKind, ClusterMember, ClusterRun, RecurringCluster

MAX_WINDOW_DAYS = 90
MAX_INPUT = 20_000
DEFAULT_PERIOD_DAYS = 30
# A group must have at least this many complaints to be shown as recurring.
MIN_SIZE = 2
KEEP_RUNS = 3


def _key(*parts: object) -> str:
    return hashlib.sha1("|".join(str(p) for p in parts).encode()).hexdigest()[:16]


def _counts(received: list[datetime], split: datetime) -> tuple[int, int]:
    current = sum(1 for r in received if r >= split)
    return current, len(received) - current


def recurring_compute(
    *, period_days: int = DEFAULT_PERIOD_DAYS, now: datetime | None = None
) -> ClusterRun:
    """Compute and store the groups of recurring complaints; returns the finished run."""
    now = now or timezone.now()
    period_days = max(1, min(period_days, MAX_WINDOW_DAYS // 2))
    split = now - timedelta(days=period_days)
    start = now - timedelta(days=2 * period_days)
    rows = list(
        Complaint.objects.filter(received_at__gte=start, received_at__lte=now)
        .order_by("-received_at", "-id")
        .values_list("id", "subject", "description", "received_at", "category_id", "product")[
            : MAX_INPUT + 1
        ]
    )
    truncated = len(rows) > MAX_INPUT
    rows = rows[:MAX_INPUT]
    params = ClusterParams()
    run = ClusterRun(
        period_days=period_days,
        period_start=start,
        period_end=now,
        input_count=len(rows),
        truncated=truncated,
        params={
            "ngram_range": list(params.ngram_range),
            "scale": params.scale,
            "max_input": MAX_INPUT,
            "window_days": 2 * period_days,
        },
    )
    received = {r[0]: r[3] for r in rows}
    subjects = {r[0]: r[1] for r in rows}
    groups: list[tuple[str, str, str, list[str], list[int], int | None]] = []

    # (a) the same category, product, or root cause
    by_category: dict[int, list[int]] = defaultdict(list)
    by_product: dict[str, list[int]] = defaultdict(list)
    for cid, _s, _d, _r, category_id, product in rows:
        by_category[category_id].append(cid)
        if product.strip():
            by_product[product.strip().casefold()].append(cid)
    categories = {c.pk: c for c in Category.objects.filter(pk__in=by_category)}
    for category_id, ids in by_category.items():
        category = categories[category_id]
        groups.append(
            (ClusterKind.CATEGORY, _key("category", category.code), category.name_en, [], ids, None)
        )
    for product, ids in by_product.items():
        groups.append((ClusterKind.PRODUCT, _key("product", product), product[:300], [], ids, None))
    by_cause: dict[int, list[int]] = defaultdict(list)
    from redress.investigations.models import Decision

    for complaint_id, cause_id in (
        Decision.objects.filter(
            complaint_id__in=received,
            state__in=(DecisionState.PROPOSED, DecisionState.CONFIRMED),
            root_cause_category__isnull=False,
        )
        .values_list("complaint_id", "root_cause_category_id")
        .distinct()
    ):
        by_cause[cause_id].append(complaint_id)
    causes = {c.pk: c for c in RootCauseCategory.objects.filter(pk__in=by_cause)}
    for cause_id, ids in by_cause.items():
        groups.append(
            (
                ClusterKind.ROOT_CAUSE,
                _key("root_cause", causes[cause_id].code),
                causes[cause_id].text_en,
                [],
                sorted(set(ids)),
                None,
            )
        )

    # (b) similar text, in any language
    ids = [r[0] for r in rows]
    texts = [f"{r[1]}\n{r[2]}" for r in rows]
    result = cluster_texts(texts, params)
    members: dict[int, list[int]] = defaultdict(list)
    for i, label in enumerate(result.labels):
        members[label].append(ids[i])
    for label, member_ids in members.items():
        central = ids[result.central[label]] if label in result.central else member_ids[0]
        groups.append(
            (
                ClusterKind.TEXT,
                _key("text", central),
                subjects[central][:300],
                result.top_terms.get(label, []),
                member_ids,
                central,
            )
        )

    with transaction.atomic():
        run.save()
        clusters = []
        member_lists = []
        for g_kind, g_key, g_label, g_terms, g_members, g_central in groups:
            if len(g_members) < MIN_SIZE:
                continue
            current, previous = _counts([received[m] for m in g_members], split)
            clusters.append(
                RecurringCluster(
                    run=run,
                    kind=g_kind,
                    key=g_key,
                    label=g_label,
                    top_terms=g_terms,
                    size=len(g_members),
                    count_current=current,
                    count_previous=previous,
                    central_id=g_central,
                )
            )
            member_lists.append(g_members)
        RecurringCluster.objects.bulk_create(clusters)
        # bulk_create sets primary keys on PostgreSQL and SQLite ≥ 3.35.
        ClusterMember.objects.bulk_create(
            [
                ClusterMember(cluster=cluster, complaint_id=m)
                for cluster, ids_ in zip(clusters, member_lists, strict=True)
                for m in ids_
            ],
            batch_size=2000,
        )
        run.finished_at = timezone.now()
        run.save(update_fields=["finished_at"])
        old = ClusterRun.objects.exclude(finished_at=None).order_by("-finished_at", "-id")[
            KEEP_RUNS:
        ]
        ClusterRun.objects.filter(pk__in=[r.pk for r in old]).delete()
    return run
