"""Demo corrective action plans, made from the demo's recurring problems through the services."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from redress.accounts.models import User
from redress.investigations.models import RootCauseCategory

from . import services
from .models import ActionStatus, ClusterKind, PlanStatus
from .recurring import recurring_compute
from .selectors import recurring_clusters


def load_demo_plans() -> int:
    """Three plans: one checked effective, one in progress, one proposed by a handler."""
    quality = User.objects.get(username="quality")
    handler = User.objects.get(username="handler")
    run = recurring_compute()
    clusters = recurring_clusters(run=run, limit=None)
    text = [c for c in clusters if c.kind == ClusterKind.TEXT]
    by_category = [c for c in clusters if c.kind == ClusterKind.CATEGORY]
    cause = RootCauseCategory.objects.order_by("position").first()
    today = timezone.localdate()
    made = 0
    if by_category:
        plan = services.plan_from_cluster(
            cluster=by_category[0].cluster,
            actor=quality,
            root_cause="Customers are promised more than the process in this area can deliver.",
            root_cause_category=cause,
        )
        action = services.action_add(
            plan=plan,
            actor=quality,
            description="Promise only what the process can keep; update the scripts and web pages.",
            owner=quality,
            due_on=today,
        )
        services.plan_transition(plan=plan, to=PlanStatus.IN_PROGRESS, actor=quality)
        services.action_set_status(
            action=action, actor=quality, status=ActionStatus.DONE, note="Live in the web shop."
        )
        services.plan_transition(plan=plan, to=PlanStatus.DONE, actor=quality, review_on=today)
        services.plan_check_effectiveness(
            plan=plan, actor=quality, stopped=True, note="No new complaint of this kind since."
        )
        made += 1
    if text:
        plan = services.plan_from_cluster(
            cluster=text[0].cluster,
            actor=quality,
            root_cause="The same fault is reported again and again; the cause is being traced.",
        )
        for days, owner, what in (
            (7, handler, "Call back every customer in this group and log what they describe."),
            (21, quality, "Agree a fix with the supplier and check it on a sample."),
        ):
            services.action_add(
                plan=plan,
                actor=quality,
                description=what,
                owner=owner,
                due_on=today + timedelta(days=days),
            )
        services.plan_transition(plan=plan, to=PlanStatus.IN_PROGRESS, actor=quality)
        made += 1
    complaint = handler.assigned_complaints.order_by("-received_at").first()
    if complaint is not None:
        services.plan_propose(
            actor=handler,
            complaints=[complaint],
            title=complaint.subject[:200],
            root_cause="I think the instructions in the box are misleading.",
        )
        made += 1
    return made
