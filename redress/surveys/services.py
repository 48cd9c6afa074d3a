"""The satisfaction check: sent when the response is out and the remedies are done."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import Permission
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from redress.accounts.models import User
from redress.accounts.roles import Perm
from redress.complaints.hooks import TransitionContext
from redress.complaints.lifecycle import Status
from redress.complaints.models import EventKind, Priority
from redress.complaints.selectors import can_see
from redress.complaints.services import complaint_transition, journal_append
from redress.core.errors import (
    DomainError,
    PermissionDenied,
    TransitionNotAllowed,
    ValidationFailed,
)

from . import notifications
from .models import CheckChannel, CheckState, SatisfactionCheck


class CheckClosed(DomainError):
    code = "survey_closed"
    status = 410


def _low(score: int) -> bool:
    return score <= settings.REDRESS_SURVEY_LOW_SCORE


def is_satisfied(check: SatisfactionCheck) -> bool:
    """Solved with a fair score: the answer that closes the complaint."""
    return bool(check.solved) and check.score is not None and not _low(check.score)


def after_enter_satisfaction_check(ctx: TransitionContext) -> None:
    """Open a new round and send the customer the private link."""
    rounds = SatisfactionCheck.objects.filter(complaint=ctx.complaint).count()
    check = SatisfactionCheck.objects.create(complaint=ctx.complaint, round=rounds + 1)
    journal_append(
        complaint=ctx.complaint,
        kind=EventKind.SURVEY,
        actor=None,
        note=_("Satisfaction check sent (round %(round)d).") % {"round": check.round},
        is_public=True,
        data={"check_id": check.pk},
    )
    notifications.send_survey_link(check)


def after_leave_satisfaction_check(ctx: TransitionContext) -> None:
    """A check still waiting when the case moves on by other means is no longer valid."""
    SatisfactionCheck.objects.filter(complaint=ctx.complaint, state=CheckState.PENDING).update(
        state=CheckState.CANCELLED
    )


def guard_close_waits_for_answer(ctx: TransitionContext) -> None:
    # Staff cannot close over the customer's head while the customer's check is open.
    pending = SatisfactionCheck.objects.filter(complaint=ctx.complaint, state=CheckState.PENDING)
    if ctx.source == Status.SATISFACTION_CHECK and ctx.actor is not None and pending.exists():
        raise TransitionNotAllowed(
            _(
                "The customer has not answered yet: record their answer (for example by "
                "phone) or wait until the check expires."
            ),
            code="survey_pending",
        )


def _quality_leads() -> list[User]:
    perm = Permission.objects.get(content_type__app_label="complaints", codename=Perm.REOPEN)
    return list(
        User.objects.filter(is_active=True)
        .filter(Q(groups__permissions=perm) | Q(user_permissions=perm))
        .distinct()
    )


@transaction.atomic
def survey_answer(
    *,
    check: SatisfactionCheck,
    solved: bool | None,
    score: int | None,
    comment: str = "",
    actor: User | None = None,
) -> SatisfactionCheck:
    """Record the customer's answer (by the link, or by staff after a phone call).

    Solved with a fair score closes the complaint; not solved or a low score reopens
    it and escalates it to the quality leads with the customer's words in the journal.
    """
    check = (
        SatisfactionCheck.objects.select_for_update(of=("self",))
        .select_related("complaint")
        .get(pk=check.pk)
    )
    if check.state != CheckState.PENDING:
        raise CheckClosed(_("This satisfaction check has already been answered or has closed."))
    complaint = check.complaint
    if actor is not None and (
        not actor.has_perm(Perm.HANDLE.full) or not can_see(actor, complaint)
    ):
        raise PermissionDenied(_("Your role does not allow this action."))
    errors: dict[str, list[str]] = {}
    if solved is None:
        errors["solved"] = [_("Tell us whether the problem is solved.")]
    if score is None or not 1 <= score <= 5:
        errors["score"] = [_("Choose a score from 1 to 5.")]
    if errors:
        raise ValidationFailed(_("The answer is incomplete."), fields=errors)
    assert solved is not None and score is not None
    check.state = CheckState.ANSWERED
    check.solved = solved
    check.score = score
    check.comment = comment.strip()
    check.answered_at = timezone.now()
    check.channel = CheckChannel.PHONE if actor is not None else CheckChannel.LINK
    check.recorded_by = actor
    check.save()
    words = check.comment or "—"
    verdict = _("solved") if solved else _("not solved")
    journal_append(
        complaint=complaint,
        kind=EventKind.SURVEY,
        actor=actor,
        actor_label="customer",
        note=_("Answer: %(verdict)s, %(score)d of 5. In the customer's words: %(words)s")
        % {"verdict": verdict, "score": score, "words": words},
        data={"check_id": check.pk, "solved": solved, "score": score},
    )
    if is_satisfied(check):
        complaint_transition(
            complaint=complaint,
            to=Status.CLOSED,
            actor=None,
            note=_("Closed after the customer confirmed the problem is solved (%(score)d of 5).")
            % {"score": score},
        )
    else:
        complaint_transition(
            complaint=complaint,
            to=Status.REOPENED,
            actor=None,
            note=_("Reopened: the customer is not satisfied. “%(words)s”") % {"words": words},
            extra_fields={"priority": Priority.HIGH},
        )
        leads = _quality_leads()
        journal_append(
            complaint=complaint,
            kind=EventKind.ESCALATED,
            actor=None,
            note=_("Escalated to %(leads)s. The customer said: “%(words)s”")
            % {"leads": ", ".join(str(u) for u in leads) or _("the quality leads"), "words": words},
            data={"check_id": check.pk, "lead_ids": [u.pk for u in leads]},
        )
        notifications.notify_escalation(complaint, check, leads)
    return check


def survey_remind_and_expire(*, now: datetime | None = None) -> tuple[int, int]:
    """Remind once after a while, then record the check as unanswered. Safe to run twice."""
    now = now or timezone.now()
    remind_before = now - timedelta(days=settings.REDRESS_SURVEY_REMIND_AFTER_DAYS)
    expire_before = now - timedelta(days=settings.REDRESS_SURVEY_EXPIRE_AFTER_DAYS)
    reminded = expired = 0
    due = SatisfactionCheck.objects.filter(state=CheckState.PENDING).filter(
        Q(reminded_at__isnull=True, sent_at__lte=remind_before) | Q(reminded_at__lte=expire_before)
    )
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            check = (
                SatisfactionCheck.objects.select_for_update(of=("self",))
                .select_related("complaint__customer")
                .get(pk=pk)
            )
            if check.state != CheckState.PENDING:
                continue
            if check.reminded_at is None and check.sent_at <= remind_before:
                check.reminded_at = now
                check.save(update_fields=["reminded_at"])
                journal_append(
                    complaint=check.complaint,
                    kind=EventKind.SURVEY,
                    actor=None,
                    note=_("Reminder sent for the satisfaction check."),
                    data={"check_id": check.pk},
                )
                notifications.send_survey_link(check, reminder=True)
                reminded += 1
            elif check.reminded_at is not None and check.reminded_at <= expire_before:
                check.state = CheckState.UNANSWERED
                check.save(update_fields=["state"])
                journal_append(
                    complaint=check.complaint,
                    kind=EventKind.SURVEY,
                    actor=None,
                    note=_("The customer did not answer the satisfaction check."),
                    data={"check_id": check.pk},
                )
                expired += 1
    return reminded, expired
