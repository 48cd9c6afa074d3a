"""The investigation and decision sections of the complaint page, and their POSTs."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from redress.accounts.roles import Perm
from redress.complaints import selectors as complaint_selectors
from redress.complaints.lifecycle import Status
from redress.complaints.panels import Panel, handle_panel_post, shared_choices, shared_read
from redress.complaints.views import _staff

from . import selectors, services
from .forms import DecisionForm, DisciplinaryForm, EvidenceForm, FactForm, ReviewForm, StatementForm
from .models import DecisionState, Evidence, FactItem

SHOWN_FROM = {
    Status.REGISTERED,
    Status.INVESTIGATING,
    Status.DECIDED,
    Status.RESPONDING,
    Status.REMEDYING,
    Status.SATISFACTION_CHECK,
    Status.CLOSED,
    Status.REOPENED,
}


# Statements shown at first; a complaint with more offers a link to all of them.
STATEMENTS_SHOWN = 20


def _checklist(complaint: Any) -> list[tuple[FactItem, Any]]:
    return shared_read(
        complaint, "investigations.checklist", lambda: selectors.checklist_of(complaint)
    )


def investigation_context(
    request: HttpRequest, complaint: Any, forms: dict[str, Any]
) -> dict[str, Any] | None:
    if complaint.status not in SHOWN_FROM or complaint.resolved_at_first_contact:
        return None
    user = request.user
    editable = user.has_perm(Perm.HANDLE.full) and complaint.status in services.INVESTIGATION_STATES
    fact_forms = forms.get("facts", {})
    checklist = [
        (
            item,
            fact,
            fact_forms.get(item.pk)
            or FactForm(initial={"finding": fact.finding if fact else ""}, prefix=f"fact{item.pk}"),
        )
        for item, fact in _checklist(complaint)
    ]
    statement_form = forms.get("statement") or StatementForm()
    shared_choices(
        complaint, "staff", statement_form.fields["employee"], statement_form.fields["participants"]
    )
    if request.GET.get("statements") == "all":
        statements, earlier_statements = selectors.statements_of(complaint), False
    else:
        statements, earlier_statements = selectors.latest_statements(complaint, STATEMENTS_SHOWN)
    return {
        "statements": statements,
        "earlier_statements": earlier_statements,
        "checklist": checklist,
        "evidence": list(complaint.evidence.all()),
        "editable": editable,
        "statement_form": statement_form,
        "evidence_form": forms.get("evidence") or EvidenceForm(),
    }


def decision_context(
    request: HttpRequest, complaint: Any, forms: dict[str, Any]
) -> dict[str, Any] | None:
    if (
        complaint.status not in SHOWN_FROM - {Status.REGISTERED}
        or complaint.resolved_at_first_contact
    ):
        return None
    user = request.user
    decision = selectors.live_decision_for_page(complaint)
    can_decide = (
        user.has_perm(Perm.HANDLE.full)
        and complaint.status == Status.INVESTIGATING
        and (decision is None or decision.state != DecisionState.PROPOSED)
    )
    initial = {}
    if decision is not None and decision.state == DecisionState.RETURNED:
        initial = {
            "outcome": decision.outcome,
            "reasons": decision.reasons,
            "third_party_name": decision.third_party_name,
            "third_party_contact": decision.third_party_contact,
            "root_cause_category": decision.root_cause_category_id,
            "root_cause": decision.root_cause,
        }
    decision_form = forms.get("decision") or DecisionForm(initial=initial)
    disciplinary_form = forms.get("disciplinary") or DisciplinaryForm()
    shared_choices(complaint, "root_causes", decision_form.fields["root_cause_category"])
    shared_choices(complaint, "staff", disciplinary_form.fields["employee"])
    return {
        "decision": decision,
        "can_decide": can_decide,
        "can_review": (
            decision is not None
            and decision.state == DecisionState.PROPOSED
            and user.has_perm(services.CONFIRM)
        ),
        "decision_form": decision_form,
        "review_form": forms.get("review") or ReviewForm(),
        # The facts with no finding yet: what services.missing_facts() answers, from the
        # checklist the investigation section has already read.
        "missing_facts": [item for item, fact in _checklist(complaint) if fact is None]
        if can_decide
        else [],
        "can_see_disciplinary": selectors.can_see_disciplinary(user),
        "can_record_disciplinary": user.has_perm(services.CONFIRM)
        and selectors.can_see_disciplinary(user),
        "disciplinary": selectors.disciplinary_of(user=user, complaint=complaint),
        "disciplinary_form": disciplinary_form,
    }


INVESTIGATION_PANEL = Panel(
    name="investigation",
    template="investigations/panel_investigation.html",
    context=investigation_context,
    order=20,
)
DECISION_PANEL = Panel(
    name="decision",
    template="investigations/panel_decision.html",
    context=decision_context,
    order=30,
)


@login_required
@require_POST
def statement_add(request: HttpRequest, reference: str) -> HttpResponse:
    def act(form: StatementForm, complaint: Any, user: Any) -> None:
        d = form.cleaned_data
        services.statement_record(
            complaint=complaint,
            actor=user,
            kind=d["kind"],
            text=d["text"],
            employee=d["employee"],
            participants=list(d["participants"]),
        )

    return handle_panel_post(
        request,
        reference,
        form=StatementForm(request.POST),
        key="statement",
        action=act,
        success=_("Statement recorded."),
        anchor="#investigation",
    )


@login_required
@require_POST
def evidence_upload(request: HttpRequest, reference: str) -> HttpResponse:
    def act(form: EvidenceForm, complaint: Any, user: Any) -> None:
        services.evidence_add(
            complaint=complaint,
            actor=user,
            files=form.cleaned_data["documents"],
            description=form.cleaned_data["description"],
        )

    return handle_panel_post(
        request,
        reference,
        form=EvidenceForm(request.POST, request.FILES),
        key="evidence",
        action=act,
        success=_("Evidence added."),
        anchor="#investigation",
    )


@login_required
@require_POST
def fact_record(request: HttpRequest, reference: str, item_id: int) -> HttpResponse:
    item = get_object_or_404(FactItem, pk=item_id)
    form = FactForm(request.POST, prefix=f"fact{item.pk}")

    def act(form: FactForm, complaint: Any, user: Any) -> None:
        services.fact_establish(
            complaint=complaint, actor=user, item=item, finding=form.cleaned_data["finding"]
        )

    # The checklist holds one form per fact; a refused one goes back to its own row.
    return handle_panel_post(
        request,
        reference,
        form=form,
        key="facts",
        panel_value={item.pk: form},
        action=act,
        success=_("Fact recorded."),
        anchor="#investigation",
    )


@login_required
@require_POST
def decision_record(request: HttpRequest, reference: str) -> HttpResponse:
    def act(form: DecisionForm, complaint: Any, user: Any) -> None:
        d = form.cleaned_data
        services.decision_propose(
            complaint=complaint,
            actor=user,
            outcome=d["outcome"],
            reasons=d["reasons"],
            third_party_name=d["third_party_name"],
            third_party_contact=d["third_party_contact"],
            root_cause_category=d["root_cause_category"],
            root_cause=d["root_cause"],
        )

    return handle_panel_post(
        request,
        reference,
        form=DecisionForm(request.POST),
        key="decision",
        action=act,
        success=_("Decision recorded."),
        anchor="#decision",
    )


@login_required
@require_POST
def decision_review(request: HttpRequest, reference: str, verdict: str) -> HttpResponse:
    def act(form: ReviewForm, complaint: Any, user: Any) -> None:
        note = form.cleaned_data["note"]
        if verdict == "confirm":
            services.decision_confirm(complaint=complaint, actor=user, note=note)
        else:
            services.decision_return(complaint=complaint, actor=user, note=note)

    if verdict not in ("confirm", "return"):
        raise Http404
    return handle_panel_post(
        request,
        reference,
        form=ReviewForm(request.POST),
        key="review",
        action=act,
        success=_("Decision confirmed.") if verdict == "confirm" else _("Decision returned."),
        anchor="#decision",
    )


@login_required
@require_POST
def disciplinary_add(request: HttpRequest, reference: str) -> HttpResponse:
    def act(form: DisciplinaryForm, complaint: Any, user: Any) -> None:
        services.disciplinary_record(
            complaint=complaint,
            actor=user,
            employee=form.cleaned_data["employee"],
            measure=form.cleaned_data["measure"],
        )

    return handle_panel_post(
        request,
        reference,
        form=DisciplinaryForm(request.POST),
        key="disciplinary",
        action=act,
        success=_("Disciplinary measure recorded."),
        anchor="#decision",
    )


@login_required
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    user = _staff(request)
    evidence = Evidence.objects.select_related("complaint").filter(pk=pk).first()
    if evidence is None or not complaint_selectors.can_see(user, evidence.complaint):
        raise Http404
    response = FileResponse(
        evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name
    )
    response["Content-Type"] = "application/octet-stream"
    response["X-Content-Type-Options"] = "nosniff"
    return response
