from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from redress.accounts.roles import Perm
from redress.complaints.panels import Panel, handle_panel_post, shared_choices

from . import selectors, services
from .forms import RemedyForm, RemedyStatusForm
from .models import Remedy, RemedyStatus


def remedies_context(
    request: HttpRequest, complaint: Any, forms: dict[str, Any]
) -> dict[str, Any] | None:
    remedies = selectors.remedies_of(complaint)
    can_add = request.user.has_perm(Perm.HANDLE.full) and complaint.status in services.REMEDY_STATES
    if not remedies and not can_add:
        return None
    remedy_form = forms.get("remedy") or RemedyForm(
        initial={"currency": complaint.currency, "owner": complaint.assignee_id}
    )
    shared_choices(complaint, "staff", remedy_form.fields["owner"])
    return {
        "remedies": remedies,
        "can_add": can_add,
        "can_update": request.user.has_perm(Perm.HANDLE.full) and complaint.is_open,
        "remedy_form": remedy_form,
        "status_error": forms.get("remedy_status"),
        "RemedyStatus": RemedyStatus,
    }


def suggestions_context(
    request: HttpRequest, complaint: Any, forms: dict[str, Any]
) -> dict[str, Any] | None:
    if not request.user.has_perm(Perm.HANDLE.full):
        return None
    return {"suggestions": selectors.suggestions_for(complaint), "customer": complaint.customer}


REMEDIES_PANEL = Panel(
    name="remedies", template="remedies/panel.html", context=remedies_context, order=40
)
SUGGESTIONS_PANEL = Panel(
    name="suggestions",
    template="remedies/suggestions.html",
    context=suggestions_context,
    order=10,
    side=True,
)


@login_required
@require_POST
def remedy_create(request: HttpRequest, reference: str) -> HttpResponse:
    def act(form: RemedyForm, complaint: Any, user: Any) -> None:
        d = form.cleaned_data
        services.remedy_add(
            complaint=complaint,
            actor=user,
            kind=d["kind"],
            owner=d["owner"],
            due_on=d["due_on"],
            description=d["description"],
            amount=d["amount"],
            currency=d["currency"],
            cost=d["cost"],
        )

    return handle_panel_post(
        request,
        reference,
        form=RemedyForm(request.POST),
        key="remedy",
        action=act,
        success=_("Remedy agreed."),
        anchor="#remedies",
    )


@login_required
@require_POST
def remedy_status(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    remedy = Remedy.objects.filter(pk=pk, complaint__reference=reference).first()
    if remedy is None:
        raise Http404

    def act(form: RemedyStatusForm, complaint: Any, user: Any) -> None:
        d = form.cleaned_data
        services.remedy_set_status(
            remedy=remedy, actor=user, status=d["status"], note=d["note"], cost=d["cost"]
        )

    form = RemedyStatusForm(request.POST)
    return handle_panel_post(
        request,
        reference,
        form=form,
        key="remedy_status",
        action=act,
        success=_("Remedy updated."),
        anchor="#remedies",
    )
