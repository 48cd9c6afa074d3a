"""The staff workspace: the journal, the complaint page, intake, assignment."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from redress.accounts.models import User
from redress.accounts.roles import Perm
from redress.core.errors import DomainError
from redress.core.paging import page_number
from redress.customers.models import Customer
from redress.search.selectors import journal_page

from . import hooks, selectors, services
from .forms import (
    AcknowledgeForm,
    AssignForm,
    JournalFilterForm,
    NoteForm,
    StaffIntakeForm,
    TransitionForm,
    handler_queryset,
)
from .lifecycle import Status, moves_for_user
from .models import Attachment
from .panels import render_panels

PAGE_SIZE = 25


def _staff(request: HttpRequest) -> User:
    user = request.user
    if not selectors.can_use_workspace(user):
        raise DjangoPermissionDenied
    assert isinstance(user, User)
    return user


@login_required
def journal(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    form = JournalFilterForm(request.GET or None)
    filters = selectors.JournalFilters()
    if form.is_valid():
        filters = form.to_filters(user)
    page = journal_page(
        user=user,
        filters=filters,
        page=page_number(request.GET.get("page")),
        per_page=PAGE_SIZE,
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "complaints/journal.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "handlers": handler_queryset(),
        },
    )


def _complaint_or_404(user: User, reference: str) -> Any:
    complaint = selectors.complaint_for_page(user=user, reference=reference)
    if complaint is None:
        raise Http404
    return complaint


@login_required
def complaint_detail(request: HttpRequest, reference: str) -> HttpResponse:
    user = _staff(request)
    complaint = _complaint_or_404(user, reference)
    return _render_detail(request, user, complaint)


def render_complaint_page(
    request: HttpRequest,
    complaint: Any,
    *,
    status: int = 200,
    error: str | None = None,
    panel_forms: dict[str, Any] | None = None,
) -> HttpResponse:
    """The complaint page, for other apps' views to re-render with a refused form."""
    user = request.user
    assert isinstance(user, User)
    return _render_detail(
        request, user, complaint, status, transition_error=error, panel_forms=panel_forms
    )


def _render_detail(
    request: HttpRequest, user: User, complaint: Any, status: int = 200, **forms: Any
) -> HttpResponse:
    allowed = moves_for_user(complaint.status, user)
    # Each move with the reason a later stage would refuse it now, so the page can say why.
    moves = [
        (
            target,
            move,
            hooks.refusal(
                hooks.TransitionContext(
                    complaint=complaint, source=complaint.status, target=target, actor=user, note=""
                )
            ),
        )
        for target, move in allowed
        if not move.in_panel
    ]
    panel_moves = [move for _target, move in allowed if move.in_panel]
    timeline_error = None
    try:
        timeline = selectors.timeline_page(
            complaint,
            before=selectors.timeline_cursor(request.GET.get("before")),
            after=selectors.timeline_cursor(request.GET.get("after")),
        )
    except selectors.TimelineCursorError:
        # A hand-edited or foreign link: say so, and show the newest events instead.
        timeline = selectors.timeline_page(complaint)
        timeline_error = _(
            "That link does not point into this complaint's timeline. "
            "The most recent events are shown."
        )
        if status == 200:
            status = 400
    main_panels, side_panels = render_panels(request, complaint, forms.get("panel_forms"))
    other_complaints = selectors.customer_complaints(
        user=user, customer_id=complaint.customer_id
    ).exclude(pk=complaint.pk)[:10]
    return render(
        request,
        "complaints/detail.html",
        {
            "complaint": complaint,
            "customer": complaint.customer,
            "timeline": timeline,
            "events": timeline.events,
            "timeline_error": timeline_error,
            "moves": moves,
            "panel_moves": panel_moves,
            "other_complaints": other_complaints,
            "assign_form": forms.get("assign_form") or AssignForm(),
            "ack_form": forms.get("ack_form")
            or AcknowledgeForm(initial={"reply_due_on": complaint.reply_due_on}),
            "note_form": forms.get("note_form") or NoteForm(),
            "transition_error": forms.get("transition_error"),
            "can_assign": user.has_perm(Perm.ASSIGN.full) and complaint.is_open,
            "main_panels": main_panels,
            "side_panels": side_panels,
            "Status": Status,
        },
        status=status,
    )


@login_required
@require_POST
def complaint_transition(request: HttpRequest, reference: str) -> HttpResponse:
    user = _staff(request)
    complaint = _complaint_or_404(user, reference)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, user, complaint, 400, transition_error=_("Unknown step."))
    target, note = form.cleaned_data["to"], form.cleaned_data["note"]
    try:
        if target == Status.ACKNOWLEDGED:
            ack = AcknowledgeForm(request.POST)
            if not ack.is_valid():
                return _render_detail(request, user, complaint, 400, ack_form=ack)
            services.complaint_acknowledge(
                complaint=complaint,
                actor=user,
                note=note,
                reply_due_on=ack.cleaned_data["reply_due_on"],
            )
        elif target == Status.REGISTERED:
            assign = AssignForm(request.POST)
            assignee = assign.cleaned_data["assignee"] if assign.is_valid() else None
            services.complaint_register(
                complaint=complaint, actor=user, assignee=assignee, note=note
            )
        elif target == Status.CLOSED and complaint.status in (Status.RECEIVED, Status.ACKNOWLEDGED):
            services.complaint_resolve_at_first_contact(
                complaint=complaint, actor=user, resolution=note
            )
        else:
            services.complaint_transition(complaint=complaint, to=target, actor=user, note=note)
    except DomainError as error:
        return _render_detail(
            request,
            user,
            complaint,
            409 if error.status == 409 else 400,
            transition_error=_field_message(error),
        )
    messages.success(
        request, _("Status changed to “%(status)s”.") % {"status": Status(target).label}
    )
    if not selectors.can_see(user, complaint):
        # The step took it out of this user's sight (intake registered or withdrew it).
        return redirect("complaints:journal")
    return redirect("complaints:detail", reference=reference)


def _field_message(error: DomainError) -> str:
    details = [str(m) for msgs in error.fields.values() for m in msgs]
    return details[0] if details else str(error.message)


@login_required
@require_POST
def complaint_assign(request: HttpRequest, reference: str) -> HttpResponse:
    user = _staff(request)
    complaint = _complaint_or_404(user, reference)
    form = AssignForm(request.POST)
    assignee = form.cleaned_data["assignee"] if form.is_valid() else None
    try:
        services.complaint_assign(
            complaint=complaint,
            actor=user,
            assignee=assignee,
            note=form.cleaned_data.get("note", "") if form.is_valid() else "",
        )
    except DomainError as error:
        return _render_detail(
            request, user, complaint, 400, assign_form=form, transition_error=_field_message(error)
        )
    messages.success(request, _("Responsible person changed."))
    return redirect("complaints:detail", reference=reference)


@login_required
@require_POST
def complaint_note(request: HttpRequest, reference: str) -> HttpResponse:
    user = _staff(request)
    complaint = _complaint_or_404(user, reference)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, user, complaint, 400, note_form=form)
    services.complaint_add_note(complaint=complaint, actor=user, note=form.cleaned_data["note"])
    messages.success(request, _("Note added."))
    return redirect("complaints:detail", reference=reference)


@login_required
@require_http_methods(["GET", "POST"])
def intake(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    if not user.has_perm(Perm.INTAKE.full):
        raise DjangoPermissionDenied
    if request.method == "POST":
        form = StaffIntakeForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                complaint = services.complaint_submit(
                    customer=form.customer_input(),
                    complaint=form.complaint_input(form.cleaned_data["language"]),
                    channel=form.cleaned_data["channel"],
                    actor=user,
                    received_at=form.cleaned_data.get("received_at"),
                )
            except DomainError as error:
                form.add_service_errors(error.fields or {"__all__": [error.message]})
            else:
                messages.success(
                    request,
                    _("Complaint %(reference)s taken in.") % {"reference": complaint.reference},
                )
                return redirect("complaints:detail", reference=complaint.reference)
        return render(request, "complaints/intake.html", {"form": form}, status=400)
    form = StaffIntakeForm(initial={"language": user.language, "preferred_language": user.language})
    return render(request, "complaints/intake.html", {"form": form})


@login_required
def customer_card(request: HttpRequest, pk: int) -> HttpResponse:
    user = _staff(request)
    complaints = list(selectors.customer_complaints(user=user, customer_id=pk))
    if not complaints and not user.has_perm(Perm.VIEW_ALL.full):
        raise Http404
    customer = Customer.objects.filter(pk=pk).first()
    if customer is None:
        raise Http404
    return render(
        request, "complaints/customer.html", {"customer": customer, "complaints": complaints}
    )


@login_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    user = _staff(request)
    attachment = Attachment.objects.select_related("complaint").filter(pk=pk).first()
    if attachment is None or not selectors.can_see(user, attachment.complaint):
        raise Http404
    # Always a download, never rendered inline: the file came from outside.
    response = FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name
    )
    response["Content-Type"] = "application/octet-stream"
    response["X-Content-Type-Options"] = "nosniff"
    return response
