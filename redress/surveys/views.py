from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from redress.accounts.roles import Perm
from redress.complaints.panels import Panel, handle_panel_post
from redress.core.errors import DomainError

from . import services
from .forms import AnswerForm
from .models import CheckState, SatisfactionCheck
from .notifications import survey_url


def survey_context(
    request: HttpRequest, complaint: Any, forms: dict[str, Any]
) -> dict[str, Any] | None:
    checks = list(complaint.satisfaction_checks.select_related("recorded_by"))
    if not checks:
        return None
    pending = next((c for c in checks if c.state == CheckState.PENDING), None)
    return {
        "checks": checks,
        "pending": pending,
        "pending_url": survey_url(pending) if pending else "",
        "can_record": pending is not None and request.user.has_perm(Perm.HANDLE.full),
        "answer_form": forms.get("survey") or AnswerForm(),
    }


SURVEY_PANEL = Panel(name="survey", template="surveys/panel.html", context=survey_context, order=50)


def _check(token: str) -> SatisfactionCheck:
    check = (
        SatisfactionCheck.objects.select_related("complaint__customer").filter(token=token).first()
    )
    if check is None:
        raise Http404
    return check


@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, token: str) -> HttpResponse:
    """The customer's private page: works once, and only for its own complaint."""
    check = _check(token)
    if check.state != CheckState.PENDING:
        return render(request, "surveys/closed.html", {"check": check}, status=410)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            answered = services.survey_answer(
                check=check, solved=d["solved"], score=d["score"], comment=d["comment"]
            )
        except DomainError as error:
            for name, problems in error.fields.items():
                for problem in problems:
                    form.add_error(name if name in form.fields else None, problem)
            if not error.fields:
                return render(request, "surveys/closed.html", {"check": check}, status=410)
        else:
            # The answered check, not the one read before: it knows what the customer said.
            context = {"check": answered, "satisfied": services.is_satisfied(answered)}
            return render(request, "surveys/thanks.html", context)
    status = 400 if request.method == "POST" else 200
    return render(request, "surveys/answer.html", {"check": check, "form": form}, status=status)


@login_required
@require_POST
def record_phone_answer(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    check = SatisfactionCheck.objects.filter(pk=pk, complaint__reference=reference).first()
    if check is None:
        raise Http404

    def act(form: AnswerForm, complaint: Any, user: Any) -> None:
        d = form.cleaned_data
        services.survey_answer(
            check=check, solved=d["solved"], score=d["score"], comment=d["comment"], actor=user
        )

    return handle_panel_post(
        request,
        reference,
        form=AnswerForm(request.POST),
        key="survey",
        action=act,
        success=_("The customer's answer is recorded."),
        anchor="#survey",
    )
