"""Where a member of staff lands after logging in: the page their role works from."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from .roles import Perm


@login_required
def home(request: HttpRequest) -> HttpResponse:
    from redress.complaints.selectors import can_use_workspace

    if not can_use_workspace(request.user) and request.user.has_perm(Perm.VIEW_REPORTS.full):
        # Analysts see reports only, never single complaints.
        return redirect("insights:dashboard")
    return redirect("complaints:journal")
