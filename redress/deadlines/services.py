"""Every write to deadlines. One keyword-only, atomic function per use case.

Locking order, everywhere: the complaint row, then its deadlines. The lifecycle's
`complaint_transition` locks the complaint before its after-hooks call in here, and
the sweep locks the complaint before it touches a deadline, so a breach and the move
that meets the same deadline can never both win.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from redress.accounts.models import User
from redress.accounts.roles import Perm
from redress.complaints.lifecycle import OPEN_STATUSES, Status
from redress.complaints.models import Complaint, EventKind
from redress.complaints.selectors import can_see
from redress.complaints.services import journal_append
from redress.core.errors import PermissionDenied, TransitionNotAllowed, ValidationFailed

from . import arithmetic, notifications, selectors
from .models import (
    OPEN_STATES,
    RUNNING_STATES,
    BusinessCalendar,
    ClockPause,
    ComplaintClock,
    Deadline,
    DeadlineKind,
    DeadlineNotice,
    DeadlineRule,
    DeadlineState,
    NoticeKind,
)

# Warn about a promised contact date one working day ahead.
CONTACT_WARN_HOURS = 8
# The moves that mean the final response has gone out (SPEC: `responding` ends when the
# signed letter is sent; the next stage is remedying or the satisfaction check).
RESPONSE_SENT = {
    (Status.RESPONDING, Status.REMEDYING),
    (Status.RESPONDING, Status.SATISFACTION_CHECK),
}
# The moves that start, meet or stop deadlines (besides RESPONSE_SENT).
FOLLOWED_TARGETS = {
    Status.ACKNOWLEDGED,
    Status.REGISTERED,
    Status.CLOSED,
    Status.WITHDRAWN,
    Status.REOPENED,
}
# What a sent final response satisfies.
ANSWERED_BY_RESPONSE = [
    DeadlineKind.RESPONSE,
    DeadlineKind.SUMMARY_RESOLUTION,
    DeadlineKind.CONTACT,
]


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _lock(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_for_update().get(pk=complaint.pk)


def _may_talk_to_customer(actor: User, complaint: Complaint) -> None:
    allowed = actor.has_perm(Perm.ACKNOWLEDGE.full) or actor.has_perm(Perm.HANDLE.full)
    if not actor.is_active or not allowed:
        raise PermissionDenied(_("Your role does not allow this action."))
    if not can_see(actor, complaint):
        raise PermissionDenied(_("This complaint is not yours to handle."))


def _require_open(complaint: Complaint) -> None:
    if not complaint.is_open:
        raise TransitionNotAllowed(_("The complaint is closed; its deadlines no longer run."))


def _calendar(calendar: BusinessCalendar | None) -> arithmetic.Calendar:
    return selectors.calendar_of(calendar)


def _spans(complaint_id: int) -> list[arithmetic.Pause]:
    return selectors.pauses_of(complaint_id)


# --- Starting deadlines ----------------------------------------------------------------


def _open_from_rule(
    *,
    complaint: Complaint,
    rule: DeadlineRule,
    calendar: BusinessCalendar | None,
    cal: arithmetic.Calendar,
    starts_at: datetime,
    pauses: list[arithmetic.Pause],
) -> Deadline:
    due = arithmetic.due_at(starts_at, rule.amount, rule.unit, cal, pauses)
    if due is None:  # pragma: no cover - callers resume the clock before starting a deadline
        raise TransitionNotAllowed(_("The clock is paused."))
    return Deadline.objects.create(
        complaint=complaint,
        kind=rule.kind,
        rule=rule,
        calendar=calendar,
        amount=rule.amount,
        unit=rule.unit,
        extended_amount=rule.extended_amount,
        warn_before_hours=rule.warn_before_hours,
        is_optional=rule.is_optional,
        starts_at=starts_at,
        due_at=due,
        warn_at=arithmetic.warning_at(starts_at, due, rule.warn_before_hours, cal, pauses),
    )


def _promise_contact(
    *, complaint: Complaint, clock: ComplaintClock, day: date, now: datetime
) -> Deadline:
    """Make `day` (at closing time) the open promised-contact deadline."""
    cal = _calendar(clock.calendar)
    due = cal.closing(day)
    current = (
        Deadline.objects.select_for_update()
        .filter(complaint=complaint, kind=DeadlineKind.CONTACT, state__in=OPEN_STATES)
        .first()
    )
    if current is not None and current.state in RUNNING_STATES:
        if current.due_at == due:
            return current
        current.due_at = due
        current.warn_at = arithmetic.warning_at(current.starts_at, due, CONTACT_WARN_HOURS, cal)
        current.state = DeadlineState.ON_TRACK
        current.save(update_fields=["due_at", "warn_at", "state"])
        return current
    if current is not None:  # a breached promise, superseded by a new one
        current.state = DeadlineState.CANCELLED
        current.finished_at = now
        current.save(update_fields=["state", "finished_at"])
    starts = min(now, due)
    return Deadline.objects.create(
        complaint=complaint,
        kind=DeadlineKind.CONTACT,
        calendar=clock.calendar,
        warn_before_hours=CONTACT_WARN_HOURS,
        starts_at=starts,
        due_at=due,
        warn_at=arithmetic.warning_at(starts, due, CONTACT_WARN_HOURS, cal),
    )


def _set_promised_date(complaint: Complaint, day: date) -> None:
    if complaint.reply_due_on != day:
        # The promised date is the deadlines app's to keep; the complaint shows it.
        Complaint.objects.filter(pk=complaint.pk).update(
            reply_due_on=day, updated_at=timezone.now()
        )
        complaint.reply_due_on = day


@transaction.atomic
def clock_start(*, complaint: Complaint, now: datetime | None = None) -> ComplaintClock:
    """Start a new complaint's deadlines from its policy, counted from its receipt.

    The promised contact date becomes the final response's due date, so what the
    customer is told matches the policy. Starting twice changes nothing.
    """
    now = _now(now)
    existing = ComplaintClock.objects.filter(complaint=complaint).first()
    if existing is not None:
        return existing
    policy = selectors.policy_for(category_id=complaint.category_id, priority=complaint.priority)
    calendar = (
        policy.calendar
        if policy is not None and policy.calendar is not None
        else selectors.default_calendar()
    )
    clock = ComplaintClock.objects.create(complaint=complaint, policy=policy, calendar=calendar)
    cal = _calendar(calendar)
    opened = [
        _open_from_rule(
            complaint=complaint,
            rule=rule,
            calendar=calendar,
            cal=cal,
            starts_at=complaint.received_at,
            pauses=[],
        )
        for rule in (policy.rules.all() if policy is not None else [])
    ]
    response = next((d for d in opened if d.kind == DeadlineKind.RESPONSE), None)
    if response is not None:
        _set_promised_date(complaint, cal.local_date(response.due_at))
    if complaint.reply_due_on is not None:
        _promise_contact(complaint=complaint, clock=clock, day=complaint.reply_due_on, now=now)
    _refresh(clock, complaint)
    return clock


def _history(complaint: Complaint) -> tuple[dict[str, datetime], datetime | None]:
    """When the complaint's own record says each deadline was met, and when it was last
    reopened (if after that)."""
    done: dict[str, datetime] = {}
    if complaint.acknowledged_at:
        done[DeadlineKind.ACKNOWLEDGE] = complaint.acknowledged_at
    if complaint.registered_at:
        done[DeadlineKind.ASSIGN] = complaint.registered_at
    moves = list(
        complaint.events.filter(kind=EventKind.STATUS)
        .order_by("created_at", "id")
        .values_list("from_status", "to_status", "created_at")
    )
    answered = next((at for source, target, at in moves if (source, target) in RESPONSE_SENT), None)
    if answered is None and complaint.resolved_at_first_contact and complaint.closed_at:
        answered = complaint.closed_at
    if answered is not None:
        for kind in ANSWERED_BY_RESPONSE:
            done[kind] = answered
    reopened = max((at for _s, target, at in moves if target == Status.REOPENED), default=None)
    if reopened is not None and answered is not None and reopened < answered:
        reopened = None
    return done, reopened


@transaction.atomic
def clock_adopt(*, complaint: Complaint, now: datetime | None = None) -> ComplaintClock:
    """Give a complaint taken in before there were deadlines its clock, counted from its
    receipt. What its record shows already happened counts as done at that time: met, or
    met late with the breach dated but not written in the journal, which cannot be
    written in the past. What is still open the sweep then treats like any other."""
    now = _now(now)
    locked = _lock(complaint)
    existing = ComplaintClock.objects.filter(complaint=locked).first()
    if existing is not None:
        return existing
    promised = locked.reply_due_on
    clock = clock_start(complaint=locked, now=now)
    if promised is not None and promised != locked.reply_due_on:
        _set_promised_date(locked, promised)  # what the customer was told stands
        _promise_contact(complaint=locked, clock=clock, day=promised, now=locked.received_at)
    done, reopened = _history(locked)
    for deadline in Deadline.objects.select_for_update().filter(
        complaint=locked, state__in=OPEN_STATES
    ):
        at = done.get(deadline.kind)
        if at is None:
            continue
        if at <= deadline.due_at:
            deadline.state = DeadlineState.MET
        elif deadline.is_optional:
            deadline.state = DeadlineState.LAPSED
        else:
            deadline.state = DeadlineState.MET_LATE
            deadline.breached_at = deadline.due_at
        deadline.finished_at = at
        deadline.save(update_fields=["state", "breached_at", "finished_at"])
    if DeadlineKind.ACKNOWLEDGE in done:
        _record_acknowledged(clock, locked, done[DeadlineKind.ACKNOWLEDGE])
    if DeadlineKind.RESPONSE in done:
        _record_resolved(clock, locked, done[DeadlineKind.RESPONSE])
    if reopened is not None:
        _restart_response(clock, locked, reopened)
    if not locked.is_open:
        _cancel_open(locked, now)
    _refresh(clock, locked)
    return clock


def _clock_for(complaint: Complaint, now: datetime) -> ComplaintClock:
    clock = (
        # Lock the clock row only: the calendar and policy may be absent (outer join).
        ComplaintClock.objects.select_for_update(of=("self",))
        .select_related("calendar", "policy")
        .filter(complaint=complaint)
        .first()
    )
    if clock is None:
        clock_adopt(complaint=complaint, now=now)
        clock = ComplaintClock.objects.select_related("calendar", "policy").get(complaint=complaint)
    return clock


# --- Finishing deadlines ---------------------------------------------------------------


def _record_breach(deadline: Deadline, complaint: Complaint, now: datetime) -> bool:
    """Mark a deadline breached, write it in the journal and tell the quality leads.

    Exactly once: the caller holds the complaint's lock and has checked the state, and
    the notice's unique constraint refuses a second row whatever happens.
    """
    deadline.state = DeadlineState.BREACHED
    deadline.breached_at = deadline.due_at
    deadline.save(update_fields=["state", "breached_at"])
    try:
        with transaction.atomic():
            notice = DeadlineNotice.objects.create(
                deadline=deadline, kind=NoticeKind.BREACH, due_at=deadline.due_at, created_at=now
            )
    except IntegrityError:
        return False  # recorded and told before: only the state was behind
    journal_append(
        complaint=complaint,
        kind=EventKind.DEADLINE_BREACHED,
        actor=None,
        data={
            "deadline_id": deadline.pk,
            "deadline": deadline.kind,
            "due_at": deadline.due_at.isoformat(),
        },
    )
    recipients = notifications.quality_leads() + notifications.responsible_people(complaint)
    sent = notifications.notify_staff(
        users=recipients,
        template="deadlines/email/breach",
        context={"complaint": complaint, "deadline": deadline},
    )
    notice.recipients = ", ".join(sent)
    notice.save(update_fields=["recipients"])
    return True


def _finish(
    deadline: Deadline, complaint: Complaint, now: datetime, *, paused: bool = False
) -> None:
    """A deadline is satisfied: on time, late (recording the breach if nobody had yet),
    or, for an optional window already past, lapsed."""
    if deadline.state == DeadlineState.BREACHED:
        deadline.state = DeadlineState.MET_LATE
    elif deadline.state_at(now, paused=paused) == DeadlineState.LAPSED:
        deadline.state = DeadlineState.LAPSED
    elif deadline.state_at(now, paused=paused) == DeadlineState.BREACHED:
        _record_breach(deadline, complaint, now)
        deadline.state = DeadlineState.MET_LATE
    else:
        deadline.state = DeadlineState.MET
    deadline.finished_at = now
    deadline.save(update_fields=["state", "finished_at"])


def _finish_kinds(
    complaint: Complaint, kinds: list[DeadlineKind] | None, now: datetime
) -> list[Deadline]:
    qs = Deadline.objects.select_for_update().filter(complaint=complaint, state__in=OPEN_STATES)
    if kinds is not None:
        qs = qs.filter(kind__in=kinds)
    done = list(qs.order_by("due_at", "id"))
    for deadline in done:
        _finish(deadline, complaint, now)
    return done


def _cancel_open(complaint: Complaint, now: datetime) -> None:
    for deadline in Deadline.objects.select_for_update().filter(
        complaint=complaint, state__in=OPEN_STATES
    ):
        deadline.state = DeadlineState.CANCELLED
        deadline.finished_at = now
        deadline.save(update_fields=["state", "finished_at"])


def _catch_up(complaint: Complaint, now: datetime) -> None:
    """Record breaches the sweep has not reached yet (before the clock stops or moves)."""
    for deadline in Deadline.objects.select_for_update().filter(
        complaint=complaint, state__in=RUNNING_STATES, due_at__lt=now
    ):
        if deadline.is_optional:
            deadline.state = DeadlineState.LAPSED
            deadline.finished_at = now
            deadline.save(update_fields=["state", "finished_at"])
        else:
            _record_breach(deadline, complaint, now)


def _business_seconds_since_receipt(
    clock: ComplaintClock, complaint: Complaint, until: datetime
) -> float:
    return arithmetic.business_seconds(
        complaint.received_at, until, _calendar(clock.calendar), _spans(complaint.pk)
    )


def _record_acknowledged(clock: ComplaintClock, complaint: Complaint, at: datetime) -> None:
    if clock.acknowledge_seconds is None:
        clock.acknowledge_seconds = _business_seconds_since_receipt(clock, complaint, at)
        clock.save(update_fields=["acknowledge_seconds", "updated_at"])


def _record_resolved(clock: ComplaintClock, complaint: Complaint, at: datetime) -> None:
    clock.resolved_at = at
    clock.resolve_seconds = _business_seconds_since_receipt(clock, complaint, at)
    clock.save(update_fields=["resolved_at", "resolve_seconds", "updated_at"])


# --- Pauses ----------------------------------------------------------------------------


def _recompute_running(clock: ComplaintClock, complaint: Complaint, now: datetime) -> None:
    """Move running deadlines by the pauses; a deadline that is no longer "due soon"
    goes back on track (and will warn again, about its new date)."""
    cal = _calendar(clock.calendar)
    spans = _spans(complaint.pk)
    for deadline in Deadline.objects.select_for_update().filter(
        complaint=complaint, state__in=RUNNING_STATES
    ):
        if deadline.kind == DeadlineKind.CONTACT:
            continue
        due = arithmetic.due_at(deadline.starts_at, deadline.budget, deadline.unit, cal, spans)
        if due is None:
            continue
        deadline.due_at = due
        deadline.warn_at = arithmetic.warning_at(
            deadline.starts_at, due, deadline.warn_before_hours, cal, spans
        )
        if deadline.state == DeadlineState.DUE_SOON and now < deadline.warn_at:
            deadline.state = DeadlineState.ON_TRACK
        deadline.save(update_fields=["due_at", "warn_at", "state"])


def _resume(
    *, clock: ComplaintClock, complaint: Complaint, actor: User | None, note: str, now: datetime
) -> ClockPause:
    pause = ClockPause.objects.select_for_update().get(complaint=complaint, ended_at__isnull=True)
    pause.ended_at = now
    pause.ended_by = actor
    pause.save(update_fields=["ended_at", "ended_by"])
    clock.paused_since = None
    clock.save(update_fields=["paused_since", "updated_at"])
    _recompute_running(clock, complaint, now)
    journal_append(
        complaint=complaint,
        kind=EventKind.CLOCK_RESUMED,
        actor=actor,
        note=note,
        data={"paused_at": pause.started_at.isoformat(), "pause_id": pause.pk},
    )
    return pause


@transaction.atomic
def clock_pause(
    *, complaint: Complaint, actor: User, note: str, now: datetime | None = None
) -> ClockPause:
    """The complaint waits on the customer: the deadlines stop until they answer.

    Asking the customer is a contact, so it meets the promised contact date.
    """
    now = _now(now)
    locked = _lock(complaint)
    _may_talk_to_customer(actor, locked)
    _require_open(locked)
    if not note.strip():
        message = _("Say what you asked the customer for.")
        raise ValidationFailed(message, fields={"note": [message]})
    clock = _clock_for(locked, now)
    if clock.paused_since is not None:
        raise TransitionNotAllowed(_("The complaint is already waiting on the customer."))
    _catch_up(locked, now)
    _finish_kinds(locked, [DeadlineKind.CONTACT], now)
    pause = ClockPause.objects.create(
        complaint=locked, started_at=now, reason=note.strip(), started_by=actor
    )
    clock.paused_since = now
    clock.save(update_fields=["paused_since", "updated_at"])
    journal_append(
        complaint=locked,
        kind=EventKind.CLOCK_PAUSED,
        actor=actor,
        note=note.strip(),
        data={"pause_id": pause.pk},
    )
    _refresh(clock, locked)
    return pause


@transaction.atomic
def clock_resume(
    *, complaint: Complaint, actor: User, note: str = "", now: datetime | None = None
) -> ClockPause:
    """The customer answered: the deadlines run again, later by the time spent waiting."""
    now = _now(now)
    locked = _lock(complaint)
    _may_talk_to_customer(actor, locked)
    clock = _clock_for(locked, now)
    if clock.paused_since is None:
        raise TransitionNotAllowed(_("The complaint is not waiting on the customer."))
    pause = _resume(clock=clock, complaint=locked, actor=actor, note=note.strip(), now=now)
    _refresh(clock, locked)
    return pause


# --- Holding reply and contacts --------------------------------------------------------


@transaction.atomic
def deadline_extend(
    *, complaint: Complaint, actor: User, note: str, now: datetime | None = None
) -> Deadline:
    """A holding reply went out: the final response may take the policy's longer limit
    (FCA payment services: 35 business days; CFPB: 60 days). It is a contact too."""
    now = _now(now)
    locked = _lock(complaint)
    _may_talk_to_customer(actor, locked)
    if not actor.has_perm(Perm.HANDLE.full):
        raise PermissionDenied(_("Your role does not allow this action."))
    _require_open(locked)
    clock = _clock_for(locked, now)
    _catch_up(locked, now)
    deadline = (
        Deadline.objects.select_for_update()
        .filter(complaint=locked, kind=DeadlineKind.RESPONSE, state__in=RUNNING_STATES)
        .first()
    )
    if deadline is None or not deadline.can_be_extended:
        raise TransitionNotAllowed(
            _("This complaint has no open final response deadline that a holding reply extends.")
        )
    if not note.strip():
        message = _("Say what the holding reply told the customer.")
        raise ValidationFailed(message, fields={"note": [message]})
    deadline.is_extended = True
    deadline.save(update_fields=["is_extended"])
    _recompute_running(clock, locked, now)
    deadline.refresh_from_db()
    _finish_kinds(locked, [DeadlineKind.CONTACT], now)
    journal_append(
        complaint=locked,
        kind=EventKind.HOLDING_REPLY,
        actor=actor,
        note=note.strip(),
        is_public=True,
        data={"deadline_id": deadline.pk, "due_at": deadline.due_at.isoformat()},
    )
    _refresh(clock, locked)
    return deadline


@transaction.atomic
def contact_record(
    *,
    complaint: Complaint,
    actor: User,
    note: str,
    next_contact_on: date | None = None,
    now: datetime | None = None,
) -> Deadline | None:
    """We spoke to the customer: the promised contact date is met; a new promise, if
    given, becomes the next one. Returns the new contact deadline, if any."""
    now = _now(now)
    locked = _lock(complaint)
    _may_talk_to_customer(actor, locked)
    _require_open(locked)
    if not note.strip():
        message = _("Say what you told the customer.")
        raise ValidationFailed(message, fields={"note": [message]})
    clock = _clock_for(locked, now)
    today = timezone.localdate(now, timezone=_calendar(clock.calendar).tz)
    if next_contact_on is not None and next_contact_on < today:
        message = _("The promised date cannot be in the past.")
        raise ValidationFailed(message, fields={"next_contact_on": [message]})
    _finish_kinds(locked, [DeadlineKind.CONTACT], now)
    promised = None
    if next_contact_on is not None:
        _set_promised_date(locked, next_contact_on)
        promised = _promise_contact(complaint=locked, clock=clock, day=next_contact_on, now=now)
    journal_append(
        complaint=locked,
        kind=EventKind.CONTACT,
        actor=actor,
        note=note.strip(),
        data={"next_contact_on": next_contact_on.isoformat() if next_contact_on else None},
    )
    _refresh(clock, locked)
    return promised


# --- Following the lifecycle -----------------------------------------------------------


def clock_follow_move(
    *,
    complaint: Complaint,
    source: str,
    target: str,
    actor: User | None,
    now: datetime | None = None,
) -> None:
    """What a lifecycle move does to the deadlines. Runs inside `complaint_transition`,
    which holds the complaint's lock. Any move ends a wait on the customer."""
    now = _now(now)
    clock = _clock_for(complaint, now)
    changed = True
    if clock.paused_since is not None:
        _resume(clock=clock, complaint=complaint, actor=actor, note="", now=now)
    elif target not in FOLLOWED_TARGETS and (source, target) not in RESPONSE_SENT:
        changed = False
    if target == Status.ACKNOWLEDGED:
        _finish_kinds(complaint, [DeadlineKind.ACKNOWLEDGE], now)
        _record_acknowledged(clock, complaint, now)
        if complaint.reply_due_on is not None:
            _promise_contact(complaint=complaint, clock=clock, day=complaint.reply_due_on, now=now)
    elif target == Status.REGISTERED:
        _finish_kinds(complaint, [DeadlineKind.ASSIGN], now)
    elif (source, target) in RESPONSE_SENT:
        _finish_kinds(complaint, ANSWERED_BY_RESPONSE, now)
        _record_resolved(clock, complaint, now)
    elif target == Status.CLOSED:
        # Resolved at first contact, or closed after the satisfaction check.
        _finish_kinds(complaint, None, now)
        _record_acknowledged(clock, complaint, now)
        if clock.resolved_at is None:
            _record_resolved(clock, complaint, now)
    elif target == Status.WITHDRAWN:
        _catch_up(complaint, now)
        _cancel_open(complaint, now)
    elif target == Status.REOPENED:
        _restart_response(clock, complaint, now)
    if changed:
        _refresh(clock, complaint)


def _restart_response(clock: ComplaintClock, complaint: Complaint, now: datetime) -> None:
    """A reopened complaint owes the customer a new final response, by the same rule."""
    rule = (
        DeadlineRule.objects.filter(policy=clock.policy, kind=DeadlineKind.RESPONSE).first()
        if clock.policy_id
        else None
    )
    if rule is None:
        return
    _finish_kinds(complaint, [DeadlineKind.RESPONSE], now)
    cal = _calendar(clock.calendar)
    deadline = _open_from_rule(
        complaint=complaint,
        rule=rule,
        calendar=clock.calendar,
        cal=cal,
        starts_at=now,
        pauses=[],
    )
    day = cal.local_date(deadline.due_at)
    _set_promised_date(complaint, day)
    _promise_contact(complaint=complaint, clock=clock, day=day, now=now)
    clock.resolved_at = None
    clock.save(update_fields=["resolved_at", "updated_at"])


# --- The summary on the clock ----------------------------------------------------------


def _refresh(clock: ComplaintClock, complaint: Complaint) -> None:
    """Recompute the denormalised "next deadline" the journal sorts and filters by."""
    status = complaint.status
    rows = list(
        Deadline.objects.filter(complaint_id=clock.complaint_id, state__in=OPEN_STATES).values_list(
            "kind", "state", "due_at", "warn_at"
        )
    )
    if status in (Status.CLOSED, Status.WITHDRAWN):
        rows = []
    if clock.paused_since is not None:
        # While waiting on the customer only what is already breached stays due, and a
        # contact date promised while waiting.
        rows = [r for r in rows if r[1] == DeadlineState.BREACHED or r[0] == DeadlineKind.CONTACT]
    rows.sort(key=lambda r: r[2])
    first = rows[0] if rows else None
    warnings = [r[3] for r in rows if r[1] in RUNNING_STATES]
    clock.next_deadline_at = first[2] if first else None
    clock.next_deadline_kind = first[0] if first else ""
    clock.next_warning_at = min(warnings) if warnings else None
    clock.save(
        update_fields=["next_deadline_at", "next_deadline_kind", "next_warning_at", "updated_at"]
    )


# --- The sweep -------------------------------------------------------------------------


ADOPT_PER_SWEEP = 200


@dataclass
class SweepResult:
    warned: int = 0
    breached: int = 0
    lapsed: int = 0
    adopted: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "warned": self.warned,
            "breached": self.breached,
            "lapsed": self.lapsed,
            "adopted": self.adopted,
        }


def _sweep_one(deadline_id: int, now: datetime, result: SweepResult) -> None:
    complaint_id = (
        Deadline.objects.filter(pk=deadline_id).values_list("complaint_id", flat=True).first()
    )
    if complaint_id is None:
        return
    with transaction.atomic():
        complaint = Complaint.objects.select_for_update().get(pk=complaint_id)
        deadline = Deadline.objects.select_for_update().get(pk=deadline_id)
        clock = ComplaintClock.objects.get(complaint=complaint)
        # Re-read under the lock: another worker, or the move that met it, may have won.
        if deadline.state not in RUNNING_STATES or not complaint.is_open:
            return
        if clock.paused_since is not None and deadline.kind != DeadlineKind.CONTACT:
            return
        state = deadline.state_at(now)
        if state == DeadlineState.LAPSED:
            deadline.state = DeadlineState.LAPSED
            deadline.finished_at = now
            deadline.save(update_fields=["state", "finished_at"])
            result.lapsed += 1
        elif state == DeadlineState.BREACHED:
            if _record_breach(deadline, complaint, now):
                result.breached += 1
        elif state == DeadlineState.DUE_SOON and deadline.state == DeadlineState.ON_TRACK:
            if _warn(deadline, complaint, now):
                result.warned += 1
        else:
            return
        _refresh(clock, complaint)


def _warn(deadline: Deadline, complaint: Complaint, now: datetime) -> bool:
    try:
        with transaction.atomic():
            notice = DeadlineNotice.objects.create(
                deadline=deadline, kind=NoticeKind.WARNING, due_at=deadline.due_at, created_at=now
            )
    except IntegrityError:
        sent_before = True
    else:
        sent_before = False
        sent = notifications.notify_staff(
            users=notifications.responsible_people(complaint),
            template="deadlines/email/warning",
            context={"complaint": complaint, "deadline": deadline},
        )
        notice.recipients = ", ".join(sent)
        notice.save(update_fields=["recipients"])
    deadline.state = DeadlineState.DUE_SOON
    deadline.save(update_fields=["state"])
    return not sent_before


def deadline_sweep(*, now: datetime | None = None) -> SweepResult:
    """Warn about deadlines that are due soon, record and escalate breached ones.

    Idempotent: each deadline moves on track → due soon → breached at most once, under
    the complaint's lock, and each notice is a unique row; a second run finds nothing.
    Each deadline is its own transaction, so one failure does not hold back the rest.
    """
    now = _now(now)
    result = SweepResult()
    # Open complaints from before the deadlines existed get their clocks first.
    orphans = Complaint.objects.open().filter(clock__isnull=True).order_by("pk")
    for complaint in list(orphans[:ADOPT_PER_SWEEP]):
        clock_adopt(complaint=complaint, now=now)
        result.adopted += 1
    candidates = (
        Deadline.objects.filter(
            state__in=RUNNING_STATES, complaint__status__in=[str(s) for s in OPEN_STATUSES]
        )
        .filter(Q(due_at__lt=now) | Q(state=DeadlineState.ON_TRACK, warn_at__lte=now))
        # A paused clock suspends everything but a promise made while waiting.
        .exclude(Q(complaint__clock__paused_since__isnull=False) & ~Q(kind=DeadlineKind.CONTACT))
        .order_by("due_at", "id")
        .values_list("pk", flat=True)
    )
    for deadline_id in list(candidates):
        _sweep_one(deadline_id, now, result)
    return result
