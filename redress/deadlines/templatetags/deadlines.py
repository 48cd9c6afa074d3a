"""{% deadline_panel complaint %} for the complaint page, and filters for durations."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext, ngettext

from redress.accounts.roles import Perm

from .. import selectors
from ..forms import ContactForm, HoldingReplyForm, PauseForm, ResumeForm
from ..models import DeadlineKind

register = template.Library()


@register.filter
def working_time(seconds: float | None) -> str:
    """Working time as "5 h 30 min"; an empty string for None."""
    if seconds is None:
        return ""
    minutes = round(abs(seconds) / 60)
    hours, minutes = divmod(minutes, 60)
    if hours and minutes:
        return gettext("%(h)d h %(m)d min") % {"h": hours, "m": minutes}
    if hours:
        return ngettext("%(h)d hour", "%(h)d hours", hours) % {"h": hours}
    return ngettext("%(m)d minute", "%(m)d minutes", minutes) % {"m": minutes}


@register.filter
def deadline_kind_label(kind: str) -> str:
    try:
        return str(DeadlineKind(kind).label)
    except ValueError:
        return kind


@register.filter
def deadline_state_label(state: str) -> str:
    return selectors.state_label(state)


@register.inclusion_tag("deadlines/_panel.html", takes_context=True)
def deadline_panel(context: dict[str, Any], complaint: Any) -> dict[str, Any]:
    user = context["request"].user
    may_talk = user.has_perm(Perm.ACKNOWLEDGE.full) or user.has_perm(Perm.HANDLE.full)
    panel = selectors.deadline_panel(complaint)
    return {
        "complaint": complaint,
        "panel": panel,
        "may_talk": may_talk and complaint.is_open,
        "may_extend": user.has_perm(Perm.HANDLE.full) and complaint.is_open and panel.can_extend,
        "pause_form": PauseForm(),
        "resume_form": ResumeForm(),
        "holding_form": HoldingReplyForm(),
        "contact_form": ContactForm(),
        "csrf_token": context.get("csrf_token"),
    }
