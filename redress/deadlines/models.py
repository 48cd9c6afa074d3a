"""Business calendars, deadline policies, and each complaint's running deadlines."""

from __future__ import annotations

import zoneinfo
from datetime import datetime, time

import holidays
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from redress.complaints.models import Priority
from redress.core.models import ChoiceLabels

from . import arithmetic
from .arithmetic import Unit

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class DeadlineUnit(models.TextChoices):
    BUSINESS_HOURS = Unit.BUSINESS_HOURS.value, _("business hours")
    BUSINESS_DAYS = Unit.BUSINESS_DAYS.value, _("business days")
    CALENDAR_DAYS = Unit.CALENDAR_DAYS.value, _("calendar days")


class DeadlineKind(models.TextChoices):
    ACKNOWLEDGE = "acknowledge", _("Acknowledge")
    ASSIGN = "assign", _("Assign a responsible person")
    SUMMARY_RESOLUTION = "summary_resolution", _("Summary resolution")
    RESPONSE = "response", _("Final response")
    CONTACT = "contact", _("Promised contact date")


# The kinds a policy sets; the promised contact date comes from the acknowledgement.
RULE_KINDS = [k for k in DeadlineKind if k != DeadlineKind.CONTACT]


class DeadlineState(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    DUE_SOON = "due_soon", _("Due soon")
    BREACHED = "breached", _("Breached")
    MET = "met", _("Met")
    MET_LATE = "met_late", _("Met late")
    LAPSED = "lapsed", _("Window passed")
    CANCELLED = "cancelled", _("No longer applies")


OPEN_STATES = (DeadlineState.ON_TRACK, DeadlineState.DUE_SOON, DeadlineState.BREACHED)
RUNNING_STATES = (DeadlineState.ON_TRACK, DeadlineState.DUE_SOON)


def validate_time_zone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            _("“%(value)s” is not a time zone, for example Europe/London."),
            params={"value": value},
        ) from None


def validate_working_days(value: str) -> None:
    try:
        days = parse_working_days(value)
    except ValueError:
        days = frozenset()
    if not days:
        raise ValidationError(_("Choose at least one working day."))


def parse_working_days(value: str) -> frozenset[int]:
    days = frozenset(int(part) for part in value.split(",") if part.strip())
    if not days <= set(range(7)):
        raise ValueError(value)
    return days


class BusinessCalendar(ChoiceLabels):
    """Working days and hours in one time zone, with public holidays and own closures."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Europe/London", validators=[validate_time_zone]
    )
    country = models.CharField(
        _("public holidays of"),
        max_length=3,
        blank=True,
        help_text=_("Country code, for example GB, US or AU. Empty: no public holidays."),
    )
    subdivision = models.CharField(
        _("region"),
        max_length=10,
        blank=True,
        help_text=_("Region whose holidays also apply, for example ENG or NSW."),
    )
    working_days = models.CharField(
        _("working days"), max_length=13, default="0,1,2,3,4", validators=[validate_working_days]
    )
    opens_at = models.TimeField(_("opens at"), default=time(9, 0))
    closes_at = models.TimeField(
        _("closes at"), default=time(17, 0), help_text=_("00:00 means open until midnight.")
    )
    is_default = models.BooleanField(
        _("default"), default=False, help_text=_("Used where a policy names no calendar.")
    )

    class Meta:
        verbose_name = _("business calendar")
        verbose_name_plural = _("business calendars")
        ordering = ["-is_default", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="one_default_calendar"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.closes_at != time(0) and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("Closing time must be after opening time.")})
        if self.country:
            supported = holidays.list_supported_countries()
            if self.country.upper() not in supported:
                raise ValidationError({"country": _("The holidays package does not know it.")})
            if self.subdivision and self.subdivision not in supported[self.country.upper()]:
                raise ValidationError({"subdivision": _("Not a region of this country.")})
        elif self.subdivision:
            raise ValidationError({"subdivision": _("Choose the country first.")})

    def weekday_labels(self) -> str:
        days = parse_working_days(self.working_days)
        return ", ".join(str(label) for number, label in WEEKDAYS if number in days)

    def as_arithmetic(self) -> arithmetic.Calendar:
        """The pure calendar that the arithmetic works with (one query for the closures,
        once per instance)."""
        cached: arithmetic.Calendar | None = getattr(self, "_arithmetic", None)
        if cached is None:
            cached = self._arithmetic = self._build_arithmetic()
        return cached

    def _build_arithmetic(self) -> arithmetic.Calendar:
        return arithmetic.Calendar(
            tz=zoneinfo.ZoneInfo(self.time_zone),
            working_days=parse_working_days(self.working_days),
            opens=self.opens_at,
            closes=self.closes_at,
            country=self.country.upper(),
            subdivision=self.subdivision,
            closures=frozenset(self.closures.values_list("day", flat=True)),
        )


def settings_calendar() -> arithmetic.Calendar:
    """The calendar when the database has none: the organisation's settings."""
    return arithmetic.Calendar(
        tz=zoneinfo.ZoneInfo(settings.TIME_ZONE),
        country=settings.REDRESS_HOLIDAY_COUNTRY,
        subdivision=getattr(settings, "REDRESS_HOLIDAY_SUBDIVISION", ""),
    )


class CalendarClosure(ChoiceLabels):
    """A day the organisation is closed besides public holidays."""

    calendar = models.ForeignKey(
        BusinessCalendar,
        verbose_name=_("calendar"),
        on_delete=models.CASCADE,
        related_name="closures",
    )
    day = models.DateField(_("day"))
    name = models.CharField(_("reason"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["calendar", "day"], name="one_closure_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.name}".strip()


class DeadlinePolicy(ChoiceLabels):
    """A set of deadlines a complaint runs against: our own, or a regulator's."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    calendar = models.ForeignKey(
        BusinessCalendar,
        verbose_name=_("calendar"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="policies",
        help_text=_("Empty: the default calendar."),
    )
    is_default = models.BooleanField(
        _("default"),
        default=False,
        help_text=_("Applies to every complaint that no assignment below matches."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_preset = models.BooleanField(_("shipped preset"), default=False, editable=False)

    class Meta:
        verbose_name = _("deadline policy")
        verbose_name_plural = _("deadline policies")
        ordering = ["-is_default", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="one_default_policy"
            )
        ]

    def __str__(self) -> str:
        return self.name


class DeadlineRule(ChoiceLabels):
    """One deadline of a policy: which, how long, in what unit, when to warn."""

    policy = models.ForeignKey(
        DeadlinePolicy, verbose_name=_("policy"), on_delete=models.CASCADE, related_name="rules"
    )
    kind = models.CharField(
        _("deadline"), max_length=20, choices=[(k.value, k.label) for k in RULE_KINDS]
    )
    amount = models.PositiveIntegerField(_("within"))
    unit = models.CharField(_("unit"), max_length=16, choices=DeadlineUnit.choices)
    extended_amount = models.PositiveIntegerField(
        _("at most, after a holding reply"),
        null=True,
        blank=True,
        help_text=_("Same unit. Empty: a holding reply does not extend this deadline."),
    )
    warn_before_hours = models.PositiveSmallIntegerField(
        _("warn this many business hours before"), default=8
    )
    is_optional = models.BooleanField(
        _("a window, not an obligation"),
        default=False,
        help_text=_("When it passes nothing is breached, for example a summary resolution."),
    )

    class Meta:
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")
        ordering = ["policy", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "kind"], name="one_rule_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.amount} {self.get_unit_display()}"

    def clean(self) -> None:
        if self.extended_amount is not None and self.extended_amount <= self.amount:
            raise ValidationError(
                {"extended_amount": _("The extended limit must be longer than the normal one.")}
            )


class PolicyAssignment(ChoiceLabels):
    """Which policy applies to a category (and its sub-categories) and/or a priority."""

    policy = models.ForeignKey(
        DeadlinePolicy,
        verbose_name=_("policy"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    category = models.ForeignKey(
        "complaints.Category",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Empty: any category."),
    )
    priority = models.CharField(
        _("priority"),
        max_length=8,
        choices=Priority.choices,
        blank=True,
        help_text=_("Empty: any priority."),
    )

    class Meta:
        verbose_name = _("policy assignment")
        verbose_name_plural = _("policy assignments")
        constraints = [
            models.CheckConstraint(
                condition=Q(category__isnull=False) | ~Q(priority=""),
                name="assignment_names_category_or_priority",
            ),
            models.UniqueConstraint(
                fields=["category", "priority"],
                condition=Q(category__isnull=False),
                name="one_policy_per_category_priority",
            ),
            models.UniqueConstraint(
                fields=["priority"],
                condition=Q(category__isnull=True),
                name="one_policy_per_priority",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category or '*'} / {self.get_priority_display() or '*'} → {self.policy}"

    def clean(self) -> None:
        if self.category_id is None and not self.priority:
            raise ValidationError(_("Name a category, a priority, or both."))


class ComplaintClock(ChoiceLabels):
    """A complaint's deadline summary: its policy, whether it is paused, what is due next.

    Denormalised by the services so that the journal can filter and sort by the next
    deadline with one join; the deadlines themselves are the truth.
    """

    complaint = models.OneToOneField(
        "complaints.Complaint",
        verbose_name=_("complaint"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="clock",
    )
    policy = models.ForeignKey(
        DeadlinePolicy,
        verbose_name=_("policy"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    calendar = models.ForeignKey(
        BusinessCalendar,
        verbose_name=_("calendar"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    paused_since = models.DateTimeField(_("waiting on the customer since"), null=True, blank=True)
    next_deadline_at = models.DateTimeField(_("next deadline"), null=True, blank=True)
    next_deadline_kind = models.CharField(
        _("next deadline"), max_length=20, choices=DeadlineKind.choices, blank=True
    )
    next_warning_at = models.DateTimeField(_("due soon from"), null=True, blank=True)
    acknowledge_seconds = models.FloatField(
        _("time to acknowledge (business seconds)"), null=True, blank=True
    )
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolve_seconds = models.FloatField(
        _("time to resolve (business seconds)"), null=True, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("complaint clock")
        verbose_name_plural = _("complaint clocks")
        indexes = [
            models.Index(fields=["next_deadline_at"], name="clock_next_deadline_idx"),
            models.Index(fields=["next_warning_at"], name="clock_next_warning_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id}"

    @property
    def is_paused(self) -> bool:
        return self.paused_since is not None

    def state_at(self, now: datetime) -> str:
        """The complaint's worst deadline state at `now`; "" when nothing is due."""
        if self.next_deadline_at is not None and self.next_deadline_at < now:
            return DeadlineState.BREACHED
        if self.paused_since is not None:
            return "paused"
        if self.next_deadline_at is None:
            return ""
        if self.next_warning_at is not None and self.next_warning_at <= now:
            return DeadlineState.DUE_SOON
        return DeadlineState.ON_TRACK

    @property
    def state(self) -> str:
        return self.state_at(timezone.now())

    @property
    def acknowledge_hours(self) -> float | None:
        return None if self.acknowledge_seconds is None else self.acknowledge_seconds / 3600

    @property
    def resolve_hours(self) -> float | None:
        return None if self.resolve_seconds is None else self.resolve_seconds / 3600


class Deadline(ChoiceLabels):
    """One deadline of one complaint. The rule is copied in when it starts, so editing
    a policy later never moves a date someone was already promised."""

    complaint = models.ForeignKey(
        "complaints.Complaint",
        verbose_name=_("complaint"),
        on_delete=models.CASCADE,
        related_name="deadlines",
    )
    kind = models.CharField(_("deadline"), max_length=20, choices=DeadlineKind.choices)
    rule = models.ForeignKey(
        DeadlineRule,
        verbose_name=_("rule"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    calendar = models.ForeignKey(
        BusinessCalendar,
        verbose_name=_("calendar"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    amount = models.PositiveIntegerField(_("within"), default=0)
    unit = models.CharField(_("unit"), max_length=16, choices=DeadlineUnit.choices, blank=True)
    extended_amount = models.PositiveIntegerField(_("at most"), null=True, blank=True)
    is_extended = models.BooleanField(_("extended by a holding reply"), default=False)
    warn_before_hours = models.PositiveSmallIntegerField(default=8)
    is_optional = models.BooleanField(default=False)
    starts_at = models.DateTimeField(_("counted from"))
    due_at = models.DateTimeField(_("due"))
    warn_at = models.DateTimeField(_("due soon from"))
    state = models.CharField(
        _("state"), max_length=16, choices=DeadlineState.choices, default=DeadlineState.ON_TRACK
    )
    breached_at = models.DateTimeField(_("breached"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["due_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "kind"],
                condition=Q(state__in=[s.value for s in OPEN_STATES]),
                name="one_open_deadline_per_kind",
            )
        ]
        indexes = [
            models.Index(fields=["state", "due_at"], name="deadline_state_due_idx"),
            models.Index(fields=["state", "warn_at"], name="deadline_state_warn_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.kind} {self.due_at:%Y-%m-%d %H:%M}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def budget(self) -> int:
        return self.extended_amount if self.is_extended and self.extended_amount else self.amount

    @property
    def can_be_extended(self) -> bool:
        return (
            self.state in RUNNING_STATES
            and not self.is_extended
            and self.extended_amount is not None
        )

    def state_at(self, now: datetime, *, paused: bool = False) -> str:
        """The state as the clock shows it, even between two sweeps."""
        if self.state not in RUNNING_STATES or paused:
            return self.state
        if now > self.due_at:
            return DeadlineState.LAPSED if self.is_optional else DeadlineState.BREACHED
        if now >= self.warn_at:
            return DeadlineState.DUE_SOON
        return DeadlineState.ON_TRACK


class ClockPause(ChoiceLabels):
    """A stretch of time the complaint waited on the customer; the clock stood still."""

    complaint = models.ForeignKey(
        "complaints.Complaint",
        verbose_name=_("complaint"),
        on_delete=models.CASCADE,
        related_name="clock_pauses",
    )
    started_at = models.DateTimeField(_("from"))
    ended_at = models.DateTimeField(_("until"), null=True, blank=True)
    reason = models.TextField(_("what we asked the customer"), blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("pause")
        verbose_name_plural = _("pauses")
        ordering = ["started_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["complaint"], condition=Q(ended_at__isnull=True), name="one_open_pause"
            )
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.started_at:%Y-%m-%d %H:%M}"

    def as_span(self) -> arithmetic.Pause:
        return (self.started_at, self.ended_at)


class NoticeKind(models.TextChoices):
    WARNING = "warning", _("Due soon")
    BREACH = "breach", _("Breached")


class DeadlineNotice(ChoiceLabels):
    """A notification sent about a deadline. One per deadline, kind and due date: the
    unique constraint is what makes a second run of the sweep send nothing."""

    deadline = models.ForeignKey(
        Deadline, verbose_name=_("deadline"), on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=NoticeKind.choices)
    due_at = models.DateTimeField(_("due"))
    recipients = models.TextField(_("recipients"), blank=True)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("deadline notice")
        verbose_name_plural = _("deadline notices")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "kind", "due_at"], name="one_notice_per_deadline_due"
            )
        ]

    def __str__(self) -> str:
        return f"{self.deadline_id} {self.kind}"


def describe_amount(amount: int, unit: str) -> str:
    """The amount and unit as words, for example "10 business days"."""
    if unit == Unit.BUSINESS_HOURS:
        return ngettext("%(n)d business hour", "%(n)d business hours", amount) % {"n": amount}
    if unit == Unit.BUSINESS_DAYS:
        if amount == 0:
            return str(_("the same business day"))
        return ngettext("%(n)d business day", "%(n)d business days", amount) % {"n": amount}
    return ngettext("%(n)d calendar day", "%(n)d calendar days", amount) % {"n": amount}
