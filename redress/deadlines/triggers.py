"""Which lifecycle moves start, meet and stop deadlines: registered in DeadlinesConfig.ready()."""

from __future__ import annotations

from redress.complaints import hooks
from redress.complaints.lifecycle import Status

from . import services


def after_submission(ctx: hooks.TransitionContext) -> None:
    services.clock_start(complaint=ctx.complaint)


def after_move(ctx: hooks.TransitionContext) -> None:
    if not ctx.source:  # the submission itself
        return
    services.clock_follow_move(
        complaint=ctx.complaint, source=ctx.source, target=ctx.target, actor=ctx.actor
    )


def register() -> None:
    hooks.register_after(after_submission, target=Status.RECEIVED)
    hooks.register_after(after_move)
