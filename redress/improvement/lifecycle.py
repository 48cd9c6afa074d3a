"""The corrective action plan's own small lifecycle: one table of allowed moves.

`plan_transition` in services.py is the only code that changes a plan's status.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from .models import PlanStatus

PROPOSE = "improvement.propose_plan"
MANAGE = "improvement.manage_plan"


@dataclass(frozen=True)
class PlanMove:
    perm: str
    label: str | Promise
    note_required: bool = False


P = PlanStatus
TRANSITIONS: dict[tuple[PlanStatus, PlanStatus], PlanMove] = {
    (P.OPEN, P.IN_PROGRESS): PlanMove(MANAGE, pgettext_lazy("plan action", "Accept and start")),
    (P.IN_PROGRESS, P.DONE): PlanMove(MANAGE, pgettext_lazy("plan action", "Mark done")),
    # The effectiveness check: the problem stopped recurring ...
    (P.DONE, P.CHECKED): PlanMove(MANAGE, pgettext_lazy("plan action", "Confirm it stopped")),
    # ... or it did not, and the plan goes back to work.
    (P.DONE, P.IN_PROGRESS): PlanMove(
        MANAGE, pgettext_lazy("plan action", "It still recurs"), note_required=True
    ),
}


def plan_move(source: str, target: str) -> PlanMove | None:
    try:
        return TRANSITIONS.get((PlanStatus(source), PlanStatus(target)))
    except ValueError:
        return None


def plan_targets(source: str) -> list[PlanStatus]:
    return [t for (s, t) in TRANSITIONS if s == source]
