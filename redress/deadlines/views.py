"""The complaint page's deadline actions: wait on the customer, resume, holding reply,
record a contact. Each parses a form, calls one service, and goes back to the page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from redress.accounts.models import User
from redress.complaints import selectors as complaint_selectors
from redress.core.errors import DomainError

from . import services
from .forms import ContactForm, HoldingReplyForm, PauseForm, ResumeForm


def _act(
    request: HttpRequest,
    reference: str,
    form_class: type[Any],
    call: Callable[..., Any],
    done: str,
) -> HttpResponse:
    user = request.user
    if not complaint_selectors.can_use_workspace(user):
        raise DjangoPermissionDenied
    assert isinstance(user, User)
    complaint = complaint_selectors.complaint_for_page(user=user, reference=reference)
    if complaint is None:
        raise Http404
    form = form_class(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("complaints:detail", reference=reference)
    try:
        call(complaint=complaint, actor=user, **form.cleaned_data)
    except DomainError as error:
        details = [str(m) for msgs in error.fields.values() for m in msgs]
        messages.error(request, details[0] if details else str(error.message))
    else:
        messages.success(request, done)
    return redirect("complaints:detail", reference=reference)


@login_required
@require_POST
def pause(request: HttpRequest, reference: str) -> HttpResponse:
    return _act(
        request,
        reference,
        PauseForm,
        services.clock_pause,
        _("The deadlines are paused until the customer answers."),
    )


@login_required
@require_POST
def resume(request: HttpRequest, reference: str) -> HttpResponse:
    return _act(
        request, reference, ResumeForm, services.clock_resume, _("The deadlines run again.")
    )


@login_required
@require_POST
def holding_reply(request: HttpRequest, reference: str) -> HttpResponse:
    return _act(
        request,
        reference,
        HoldingReplyForm,
        services.deadline_extend,
        _("Holding reply recorded; the final response deadline is extended."),
    )


@login_required
@require_POST
def contact(request: HttpRequest, reference: str) -> HttpResponse:
    return _act(request, reference, ContactForm, services.contact_record, _("Contact recorded."))
