"""Plan pages, the recurring-problems page, and the plans panel of the complaint page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from redress.accounts.models import User
from redress.complaints.panels import Panel, handle_panel_post, shared_choices
from redress.complaints.selectors import complaints_visible_to, visibility_filter
from redress.core.errors import DomainError
from redress.investigations.models import RootCauseCategory

from . import selectors, services
from .forms import (
    ActionForm,
    ActionStatusForm,
    AttachPlanForm,
    ClusterPlanForm,
    PlanMoveForm,
    ProposePlanForm,
)
from .lifecycle import TRANSITIONS, plan_targets
from .models import ActionStatus, ClusterKind, PlanAction, PlanStatus, RecurringCluster
from .tasks import recompute_recurring

PAGE_SIZE = 25


def _user(request: HttpRequest, *, manage: bool = False) -> User:
    user = request.user
    allowed = services.may_manage(user) if manage else services.may_propose(user)
    if not allowed:
        raise DjangoPermissionDenied
    assert isinstance(user, User)
    return user


def _bind_errors(form: Any, exc: DomainError) -> str | None:
    for name, problems in exc.fields.items():
        for problem in problems:
            form.add_error(name if name in form.fields else None, problem)
    return None if exc.fields else str(exc.message)


# ---- the complaint page's panel ------------------------------------------------------


def plans_context(
    request: HttpRequest, complaint: Any, forms: dict[str, Any]
) -> dict[str, Any] | None:
    if not services.may_propose(request.user):
        return None
    attachable = selectors.attachable_plans(complaint)
    propose_form = forms.get("plan") or ProposePlanForm(initial={"title": complaint.subject[:200]})
    shared_choices(complaint, "root_causes", propose_form.fields["root_cause_category"])
    return {
        "plans": selectors.plans_of(complaint),
        "propose_form": propose_form,
        "attach_form": forms.get("attach") or AttachPlanForm(plans=attachable),
        "attachable": attachable,
    }


PLANS_PANEL = Panel(
    name="plans", template="improvement/panel.html", context=plans_context, order=60
)


@login_required
@require_POST
def complaint_propose(request: HttpRequest, reference: str) -> HttpResponse:
    def act(form: ProposePlanForm, complaint: Any, user: Any) -> None:
        d = form.cleaned_data
        services.plan_propose(
            actor=user,
            complaints=[complaint],
            title=d["title"],
            root_cause=d["root_cause"],
            root_cause_category=d["root_cause_category"],
        )

    return handle_panel_post(
        request,
        reference,
        form=ProposePlanForm(request.POST),
        key="plan",
        action=act,
        success=_("Corrective action plan proposed."),
        anchor="#plans",
    )


@login_required
@require_POST
def complaint_attach(request: HttpRequest, reference: str) -> HttpResponse:
    def act(form: AttachPlanForm, complaint: Any, user: Any) -> None:
        services.plan_attach(plan=form.cleaned_data["plan"], complaint=complaint, actor=user)

    return handle_panel_post(
        request,
        reference,
        form=AttachPlanForm(request.POST),
        key="attach",
        action=act,
        success=_("Complaint attached to the plan."),
        anchor="#plans",
    )


# ---- plan pages -------------------------------------------------------------------------


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    _user(request)
    status = request.GET.get("status", "")
    if status not in PlanStatus.values:
        status = ""
    page = Paginator(selectors.plans_list(status=status), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "improvement/plan_list.html",
        {"page": page, "status": status, "statuses": PlanStatus.choices},
    )


def _render_plan(
    request: HttpRequest,
    user: User,
    pk: int,
    *,
    forms: dict[str, Any] | None = None,
    error: str | None = None,
    status: int = 200,
) -> HttpResponse:
    plan = selectors.plan_detail(pk)
    if plan is None:
        raise Http404
    forms = forms or {}
    manage = services.may_manage(user)
    links = list(plan.links.all())
    if visibility_filter(user) is not None:
        # A handler sees only the complaints they may open; the rest are counted.
        seen = set(
            complaints_visible_to(user)
            .filter(pk__in=[link.complaint_id for link in links])
            .values_list("pk", flat=True)
        )
        links = [link for link in links if link.complaint_id in seen]
    moves = [
        (target, TRANSITIONS[(PlanStatus(plan.status), target)])
        for target in plan_targets(plan.status)
    ]
    return render(
        request,
        "improvement/plan_detail.html",
        {
            "plan": plan,
            "links": links,
            "hidden_count": len(plan.links.all()) - len(links),
            "manage": manage,
            "moves": moves if manage else [],
            "action_form": forms.get("action") or ActionForm(initial={"owner": user.pk}),
            "move_form": forms.get("move") or PlanMoveForm(),
            "status_form": forms.get("status"),
            "error": error,
            "PlanStatus": PlanStatus,
            "ActionStatus": ActionStatus,
            "can_add_actions": manage and plan.status in (PlanStatus.OPEN, PlanStatus.IN_PROGRESS),
            "actions_editable": plan.status in (PlanStatus.OPEN, PlanStatus.IN_PROGRESS),
            "review_due": plan.review_on is not None and plan.review_on <= timezone.localdate(),
        },
        status=status,
    )


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_plan(request, _user(request), pk)


def _plan_post(
    request: HttpRequest, pk: int, *, form: Any, key: str, action: Any, success: str
) -> HttpResponse:
    user = _user(request)
    plan = selectors.plan_detail(pk)
    if plan is None:
        raise Http404
    error = None
    status = 400
    if form.is_valid():
        try:
            action(form, plan, user)
        except DomainError as exc:
            status = exc.status
            error = _bind_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect(reverse("improvement:plan", args=[pk]))
    return _render_plan(request, user, pk, forms={key: form}, error=error, status=status)


@login_required
@require_POST
def plan_add_action(request: HttpRequest, pk: int) -> HttpResponse:
    def act(form: ActionForm, plan: Any, user: User) -> None:
        d = form.cleaned_data
        services.action_add(
            plan=plan,
            actor=user,
            description=d["description"],
            owner=d["owner"],
            due_on=d["due_on"],
        )

    return _plan_post(
        request,
        pk,
        form=ActionForm(request.POST),
        key="action",
        action=act,
        success=_("Action added."),
    )


@login_required
@require_POST
def plan_action_status(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    target = PlanAction.objects.filter(pk=action_pk, plan_id=pk).first()
    if target is None:
        raise Http404

    def act(form: ActionStatusForm, plan: Any, user: User) -> None:
        d = form.cleaned_data
        services.action_set_status(action=target, actor=user, status=d["status"], note=d["note"])

    return _plan_post(
        request,
        pk,
        form=ActionStatusForm(request.POST),
        key="status",
        action=act,
        success=_("Action updated."),
    )


@login_required
@require_POST
def plan_move(request: HttpRequest, pk: int) -> HttpResponse:
    def act(form: PlanMoveForm, plan: Any, user: User) -> None:
        d = form.cleaned_data
        services.plan_transition(
            plan=plan, to=d["to"], actor=user, note=d["note"], review_on=d["review_on"]
        )

    return _plan_post(
        request,
        pk,
        form=PlanMoveForm(request.POST),
        key="move",
        action=act,
        success=_("Plan updated."),
    )


# ---- recurring problems -------------------------------------------------------------------


def _render_recurring(
    request: HttpRequest,
    *,
    kind: str,
    forms: dict[int, Any] | None = None,
    error: str | None = None,
    status: int = 200,
) -> HttpResponse:
    run = selectors.latest_run()
    clusters = selectors.recurring_clusters(run=run, kind=kind, limit=50) if run else []
    forms = forms or {}
    causes = list(RootCauseCategory.objects.all())
    rows = [
        (c, forms.get(c.id) or ClusterPlanForm(prefix=f"c{c.id}", causes=causes)) for c in clusters
    ]
    return render(
        request,
        "improvement/recurring.html",
        {
            "run": run,
            "rows": rows,
            "kind": kind,
            "kinds": ClusterKind.choices,
            "error": error,
        },
        status=status,
    )


@login_required
def recurring(request: HttpRequest) -> HttpResponse:
    _user(request, manage=True)
    kind = request.GET.get("kind", "")
    if kind not in ClusterKind.values:
        kind = ""
    return _render_recurring(request, kind=kind)


@login_required
@require_POST
def recurring_recompute(request: HttpRequest) -> HttpResponse:
    _user(request, manage=True)
    # Eager in the embedded default, queued to a worker in production.
    recompute_recurring.delay()
    messages.success(request, _("Recurring problems are being recomputed."))
    return redirect("improvement:recurring")


@login_required
@require_POST
def recurring_make_plan(request: HttpRequest, cluster_pk: int) -> HttpResponse:
    user = _user(request, manage=True)
    cluster = RecurringCluster.objects.filter(pk=cluster_pk).first()
    if cluster is None:
        raise Http404
    form = ClusterPlanForm(
        request.POST, prefix=f"c{cluster.pk}", causes=list(RootCauseCategory.objects.all())
    )
    error = None
    status = 400
    if form.is_valid():
        d = form.cleaned_data
        try:
            plan = services.plan_from_cluster(
                cluster=cluster,
                actor=user,
                title=d["title"],
                root_cause=d["root_cause"],
                root_cause_category=d["root_cause_category"],
            )
        except DomainError as exc:
            status = exc.status
            error = _bind_errors(form, exc)
        else:
            messages.success(
                request,
                _("Plan created with %(count)d complaints.") % {"count": cluster.size},
            )
            return redirect(reverse("improvement:plan", args=[plan.pk]))
    return _render_recurring(
        request, kind=cluster.kind, forms={cluster.pk: form}, error=error, status=status
    )
