"""Public pages: the complaint form, the acknowledgement, the tracking page. No login."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.http import require_http_methods

from redress.complaints.forms import ComplaintForm
from redress.complaints.lifecycle import Status
from redress.complaints.models import Channel, Complaint
from redress.complaints.selectors import public_history
from redress.complaints.services import complaint_submit
from redress.core.errors import DomainError

# Where the customer is in the process, in their words: the steps shown on tracking.
PUBLIC_STEPS = [
    Status.RECEIVED,
    Status.ACKNOWLEDGED,
    Status.REGISTERED,
    Status.INVESTIGATING,
    Status.DECIDED,
    Status.RESPONDING,
    Status.REMEDYING,
    Status.SATISFACTION_CHECK,
    Status.CLOSED,
]


@require_http_methods(["GET", "POST"])
def complaint_form(request: HttpRequest) -> HttpResponse:
    language = translation.get_language() or "en"
    if request.method == "POST":
        form = ComplaintForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                complaint = complaint_submit(
                    customer=form.customer_input(),
                    complaint=form.complaint_input(language[:2]),
                    channel=Channel.WEB,
                )
            except DomainError as error:
                form.add_service_errors(error.fields or {"__all__": [error.message]})
            else:
                return redirect("channels:acknowledgement", token=complaint.tracking_token)
        status = 400
    else:
        form = ComplaintForm(initial={"preferred_language": language[:2]})
        status = 200
    return render(request, "channels/complaint_form.html", {"form": form}, status=status)


def _by_token(token: str) -> Complaint:
    complaint = (
        Complaint.objects.select_related("customer", "category")
        .filter(tracking_token=token)
        .first()
    )
    if complaint is None or len(token) < 20:
        raise Http404
    return complaint


def acknowledgement(request: HttpRequest, token: str) -> HttpResponse:
    complaint = _by_token(token)
    return render(request, "channels/acknowledgement.html", {"complaint": complaint})


def track(request: HttpRequest, token: str) -> HttpResponse:
    complaint = _by_token(token)
    current = Status(complaint.status)
    reached = PUBLIC_STEPS.index(current) if current in PUBLIC_STEPS else -1
    return render(
        request,
        "channels/track.html",
        {
            "complaint": complaint,
            "events": public_history(complaint),
            "steps": [(step, i <= reached, step == current) for i, step in enumerate(PUBLIC_STEPS)],
        },
    )


@require_http_methods(["GET"])
def policy(request: HttpRequest) -> HttpResponse:
    """The public complaint policy, in the visitor's language, from configuration."""
    from .policy import policy_context

    return render(request, "channels/policy.html", policy_context())


@require_http_methods(["GET"])
def questionnaire(request: HttpRequest, language: str) -> HttpResponse:
    """The printable feedback questionnaire for the counter, in one of the languages."""
    from .policy import render_questionnaire_pdf

    if language not in dict(settings.LANGUAGES):
        raise Http404
    response = HttpResponse(render_questionnaire_pdf(language), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="questionnaire-{language}.pdf"'
    return response
