"""The reports dashboard and the exports. Analysts see figures only, never a complaint."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from redress.core.errors import DomainError, ValidationFailed

from . import charts, facts, selectors, services
from .forms import ReportFilterForm
from .models import Export, ExportKind, ExportState

FILTER_KEYS = ("date_from", "date_to", "category", "team")


def _reports_user(request: HttpRequest) -> Any:
    if not services.may_see_reports(request.user):
        raise DjangoPermissionDenied
    return request.user


def _charts(board: selectors.Dashboard) -> dict[str, Any]:
    periods = [r.label for r in board.by_period]
    return {
        "trend": charts.line_chart(
            periods,
            [
                (_("Received"), [r.figures.complaints for r in board.by_period]),
                (_("Deadline breaches"), [r.figures.breaches for r in board.by_period]),
            ],
            title=_("Complaints over time"),
        ),
        "channel": charts.bar_chart(
            [(r.label, r.figures.complaints) for r in board.by_channel],
            title=_("Complaints by channel"),
        ),
        "category": charts.bar_chart(
            [(r.label, r.figures.complaints) for r in board.by_category[:12]],
            title=_("Complaints by category"),
        ),
        "status": charts.bar_chart(
            [(r.label, r.figures.complaints) for r in board.by_status],
            title=_("Complaints by status"),
        ),
    }


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = _reports_user(request)
    bound = any(k in request.GET for k in FILTER_KEYS)
    form = ReportFilterForm(request.GET if bound else None)
    filters = selectors.default_filters() if bound and not form.is_valid() else form.to_filters()
    if not bound:
        form = ReportFilterForm(initial=filters.as_params())
    refreshed = facts.last_refresh()
    board = selectors.dashboard(filters, refreshed_at=refreshed.finished_at if refreshed else None)
    return render(
        request,
        "insights/dashboard.html",
        {
            "form": form,
            "board": board,
            "charts": _charts(board),
            "params": filters.as_params(),
            "refresh": refreshed,
            "exports": Export.objects.filter(requested_by=user)[:5],
            "kinds": [(k.value, k.label) for k in ExportKind if services.may_export(user, k.value)],
        },
    )


@login_required
@require_POST
def refresh(request: HttpRequest) -> HttpResponse:
    _reports_user(request)
    days = facts.facts_refresh()
    messages.success(
        request,
        translation.ngettext(
            "The figures of %(days)d day were brought up to date.",
            "The figures of %(days)d days were brought up to date.",
            days,
        )
        % {"days": days},
    )
    back = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("insights:dashboard")
    return redirect(back)


@login_required
@require_POST
def export_start(request: HttpRequest) -> HttpResponse:
    kind = request.POST.get("kind", "")
    if kind not in ExportKind.values:
        messages.error(request, _("Choose what to export."))
        return redirect("insights:dashboard")
    params = {
        k: v for k, v in request.POST.items() if k not in ("kind", "csrfmiddlewaretoken") and v
    }
    try:
        export = services.export_request(
            user=request.user,
            kind=kind,
            params=params,
            language=translation.get_language() or "",
        )
    except ValidationFailed as exc:
        messages.error(request, str(exc.message))
        back = request.META.get("HTTP_REFERER") or ""
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            back = reverse("complaints:journal")
        return redirect(back)
    except DomainError as exc:
        raise DjangoPermissionDenied(str(exc.message)) from exc
    return redirect("insights:export", pk=export.pk)


def _own_export(request: HttpRequest, pk: int) -> Export:
    export = Export.objects.filter(pk=pk, requested_by_id=request.user.pk).first()
    if export is None:
        raise Http404
    if not services.may_export(request.user, export.kind):
        raise DjangoPermissionDenied
    return export


@login_required
def export_detail(request: HttpRequest, pk: int) -> HttpResponse:
    export = _own_export(request, pk)
    template = (
        "insights/_export_status.html"
        if request.headers.get("HX-Request")
        else "insights/export.html"
    )
    return render(request, template, {"export": export})


@login_required
def export_download(request: HttpRequest, pk: int) -> FileResponse:
    export = _own_export(request, pk)
    if export.state != ExportState.DONE or not export.file:
        raise Http404
    return FileResponse(export.file.open("rb"), as_attachment=True, filename=export.download_name)
