"""The complaint lifecycle: the states and the one table of allowed moves.

`complaint_transition` in services.py is the only code that changes a status,
and it consults this table; the UI and the API only offer what it allows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from redress.accounts.roles import Perm


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    REGISTERED = "registered", _("Registered")
    INVESTIGATING = "investigating", _("Investigating")
    DECIDED = "decided", _("Decided")
    RESPONDING = "responding", _("Responding")
    REMEDYING = "remedying", _("Remedying")
    SATISFACTION_CHECK = "satisfaction_check", _("Satisfaction check")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REOPENED = "reopened", _("Reopened")


OPEN_STATUSES = frozenset(Status) - {Status.CLOSED, Status.WITHDRAWN}


@dataclass(frozen=True)
class Move:
    """One allowed move: the permission it needs and the button's label."""

    perm: Perm
    label: str | Promise
    note_required: bool = False
    # Side moves (withdraw, first-contact resolution) are tucked away on the page.
    secondary: bool = False
    # Taken through a form of its own elsewhere on the page: that section's anchor.
    in_panel: str = ""


S = Status
_ack = Move(Perm.ACKNOWLEDGE, pgettext_lazy("action", "Acknowledge"))
_withdraw = Move(
    Perm.ACKNOWLEDGE, pgettext_lazy("action", "Withdraw"), note_required=True, secondary=True
)
_first_contact = Move(
    Perm.ACKNOWLEDGE,
    pgettext_lazy("action", "Resolve at first contact"),
    note_required=True,
    secondary=True,
)
_register = Move(Perm.ASSIGN, pgettext_lazy("action", "Register and assign"))
_investigate = Move(Perm.HANDLE, pgettext_lazy("action", "Start investigation"))
_decide = Move(
    Perm.HANDLE, pgettext_lazy("action", "Record decision"), note_required=True, in_panel="decision"
)
_respond = Move(Perm.HANDLE, pgettext_lazy("action", "Start response"))
_remedy = Move(Perm.HANDLE, pgettext_lazy("action", "Start remedies"))
_check = Move(Perm.HANDLE, pgettext_lazy("action", "Start satisfaction check"))
_close = Move(Perm.HANDLE, pgettext_lazy("action", "Close"))
_reopen = Move(Perm.REOPEN, pgettext_lazy("action", "Reopen"), note_required=True, secondary=True)

TRANSITIONS: dict[tuple[Status, Status], Move] = {
    (S.RECEIVED, S.ACKNOWLEDGED): _ack,
    (S.RECEIVED, S.CLOSED): _first_contact,
    (S.RECEIVED, S.WITHDRAWN): _withdraw,
    (S.ACKNOWLEDGED, S.REGISTERED): _register,
    (S.ACKNOWLEDGED, S.CLOSED): _first_contact,
    (S.ACKNOWLEDGED, S.WITHDRAWN): _withdraw,
    (S.REGISTERED, S.INVESTIGATING): _investigate,
    (S.REGISTERED, S.WITHDRAWN): _withdraw,
    (S.INVESTIGATING, S.DECIDED): _decide,
    (S.INVESTIGATING, S.WITHDRAWN): _withdraw,
    (S.DECIDED, S.RESPONDING): _respond,
    (S.DECIDED, S.INVESTIGATING): Move(
        Perm.HANDLE,
        pgettext_lazy("action", "Investigate further"),
        note_required=True,
        secondary=True,
    ),
    (S.DECIDED, S.WITHDRAWN): _withdraw,
    (S.RESPONDING, S.REMEDYING): _remedy,
    (S.RESPONDING, S.SATISFACTION_CHECK): _check,
    (S.RESPONDING, S.WITHDRAWN): _withdraw,
    (S.REMEDYING, S.SATISFACTION_CHECK): _check,
    (S.REMEDYING, S.WITHDRAWN): _withdraw,
    (S.SATISFACTION_CHECK, S.CLOSED): _close,
    (S.SATISFACTION_CHECK, S.REOPENED): _reopen,
    (S.CLOSED, S.REOPENED): _reopen,
    (S.WITHDRAWN, S.REOPENED): _reopen,
    (S.REOPENED, S.INVESTIGATING): _investigate,
    (S.REOPENED, S.WITHDRAWN): _withdraw,
}


def move_for(source: str, target: str) -> Move | None:
    return TRANSITIONS.get((Status(source), Status(target)))


def targets_from(source: str) -> list[Status]:
    src = Status(source)
    return [dst for (s, dst) in TRANSITIONS if s == src]


def moves_for_user(source: str, user: Any) -> list[tuple[Status, Move]]:
    """The moves `user`'s role allows from `source`, for the page's buttons."""
    return [
        (dst, move)
        for (src, dst), move in TRANSITIONS.items()
        if src == source and user.has_perm(move.perm.full)
    ]
