"""Where later stages plug into the lifecycle without `complaints` importing them.

An app registers, in its AppConfig.ready(), a guard (may refuse a move by raising
a DomainError) or an after-hook (runs in the same transaction, after the status
and the journal event are written: the place to enqueue an outbox message or start
a timer). Explicit registration, not signals, so the order and the callers are visible.

Submission runs the after-hooks too, as the move "" → "received" (source is empty):
`register_after(hook, target="received")` runs once per new complaint.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .models import Complaint


@dataclass(frozen=True)
class TransitionContext:
    complaint: Complaint
    source: str
    target: str
    actor: Any
    note: str


Hook = Callable[[TransitionContext], None]

_guards: list[tuple[str | None, Hook]] = []
_after: list[tuple[str | None, Hook]] = []


def register_guard(hook: Hook, *, target: str | None = None) -> None:
    """Run `hook` before every move (or only moves into `target`); it may raise."""
    if (target, hook) not in _guards:
        _guards.append((target, hook))


def register_after(hook: Hook, *, target: str | None = None) -> None:
    """Run `hook` after every move (or only moves into `target`), same transaction."""
    if (target, hook) not in _after:
        _after.append((target, hook))


def run_guards(ctx: TransitionContext) -> None:
    for target, hook in _guards:
        if target is None or target == ctx.target:
            hook(ctx)


def run_after(ctx: TransitionContext) -> None:
    for target, hook in _after:
        if target is None or target == ctx.target:
            hook(ctx)


def refusal(ctx: TransitionContext) -> str | None:
    """Why the guards would refuse this move now, or None: for greying out a button."""
    from redress.core.errors import DomainError

    try:
        run_guards(ctx)
    except DomainError as error:
        return str(error.message)
    return None
