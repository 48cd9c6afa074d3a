"""Deadline arithmetic. Pure code: no database, no clock, no settings.

Every instant going in or out is an aware datetime. Durations are measured on UTC
instants, never by subtracting two local times: Python subtracts datetimes that share
a tzinfo as wall-clock times, which is wrong across a daylight-saving change. The
calendar's time zone is used only to answer "which day is it" and "when do we open".

Three units, and what a deadline in each means:

- business hours: the clock ticks only during working hours on business days;
  the deadline is the instant it has ticked the budget.
- business days: the day of receipt (the next business day if received after closing
  or on a closed day) is not counted; the deadline is closing time on the n-th business
  day after it. Zero business days is "the same business day".
- calendar days: the deadline is the end of the n-th day after the day of receipt,
  in the calendar's time zone.

A pause (waiting on the customer) that starts before the deadline stops the clock with
whatever time was left, measured in the deadline's own clock (working time for the
business units, elapsed time for calendar days); when the customer answers, the clock
runs again with that time left, and a deadline in days ends at the end of the day it
lands in. A pause still running suspends the deadline (None).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

WEEKEND = frozenset({5, 6})  # Saturday, Sunday
WORKING_WEEK = frozenset({0, 1, 2, 3, 4})  # Monday = 0, as date.weekday()
# No real calendar is closed for ten years; a calendar that is (no working days,
# every day a closure) would otherwise loop for ever.
MAX_DAYS = 3660

Pause = tuple[datetime, datetime | None]


class Unit(StrEnum):
    BUSINESS_HOURS = "business_hours"
    BUSINESS_DAYS = "business_days"
    CALENDAR_DAYS = "calendar_days"


@lru_cache(maxsize=64)
def _holidays(country: str, subdivision: str, year: int) -> frozenset[date]:
    if not country:
        return frozenset()
    found = holidays.country_holidays(country, subdiv=subdivision or None, years=year)
    return frozenset(found.keys())


@lru_cache(maxsize=32)
def _public_holidays(country: str, year: int) -> frozenset[date]:
    return _holidays(country, "", year)


@dataclass(frozen=True)
class Calendar:
    """Working days and hours in one time zone, public holidays and own closures.

    `closes` of midnight (00:00) means the working day runs to the end of the day.
    """

    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo("UTC"))
    working_days: frozenset[int] = WORKING_WEEK
    opens: time = time(9, 0)
    closes: time = time(17, 0)
    country: str = ""
    subdivision: str = ""
    closures: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        if not self.working_days or not self.working_days <= set(range(7)):
            raise ValueError("working_days must be a non-empty set of weekdays 0-6")
        if self.closes != time(0) and self.closes <= self.opens:
            raise ValueError("closing time must be after opening time")

    def is_holiday(self, day: date) -> bool:
        return day in _holidays(self.country, self.subdivision, day.year)

    def is_business_day(self, day: date) -> bool:
        return (
            day.weekday() in self.working_days
            and day not in self.closures
            and not self.is_holiday(day)
        )

    def local_date(self, instant: datetime) -> date:
        return _aware(instant).astimezone(self.tz).date()

    def at(self, day: date, moment: time) -> datetime:
        """The UTC instant of a local wall-clock time (a time skipped by DST moves on)."""
        return datetime.combine(day, moment, tzinfo=self.tz).astimezone(UTC)

    def opening(self, day: date) -> datetime:
        return self.at(day, self.opens)

    def closing(self, day: date) -> datetime:
        if self.closes == time(0):
            return self.at(day + timedelta(days=1), time(0))
        return self.at(day, self.closes)

    def end_of_day(self, day: date) -> datetime:
        """The last second of a local day."""
        return self.at(day + timedelta(days=1), time(0)) - timedelta(seconds=1)

    def working_interval(self, day: date) -> tuple[datetime, datetime] | None:
        if not self.is_business_day(day):
            return None
        opening, closing = self.opening(day), self.closing(day)
        # Hours that a daylight-saving jump swallows whole leave no working time that day.
        return (opening, closing) if opening < closing else None

    def next_business_day(self, day: date) -> date:
        for _ in range(MAX_DAYS):
            day += timedelta(days=1)
            if self.is_business_day(day):
                return day
        raise ValueError("the calendar has no business day in ten years")


def _aware(instant: datetime) -> datetime:
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError("deadline arithmetic needs aware datetimes")
    return instant.astimezone(UTC)


def _merged(pauses: Iterable[Pause]) -> list[Pause]:
    """Pauses sorted and overlapping ones joined; an open pause swallows what follows."""
    spans = sorted(
        ((_aware(s), None if e is None else _aware(e)) for s, e in pauses), key=lambda p: p[0]
    )
    merged: list[Pause] = []
    for start, end in spans:
        if end is not None and end <= start:
            continue
        if merged:
            last_start, last_end = merged[-1]
            if last_end is None:
                break
            if start <= last_end:
                merged[-1] = (last_start, None if end is None else max(last_end, end))
                continue
        merged.append((start, end))
    return merged


def _minus(
    span: tuple[datetime, datetime], pauses: Sequence[Pause]
) -> list[tuple[datetime, datetime]]:
    """`span` with the (merged, sorted) pauses cut out."""
    start, end = span
    pieces = []
    for p_start, p_end in pauses:
        p_stop = end if p_end is None else p_end
        if p_stop <= start or p_start >= end:
            continue
        if p_start > start:
            pieces.append((start, p_start))
        start = max(start, p_stop)
        if start >= end:
            return pieces
    pieces.append((start, end))
    return pieces


def _working_spans(
    cal: Calendar, first: date, *, backwards: bool = False
) -> Iterator[tuple[datetime, datetime]]:
    day = first
    step = timedelta(days=-1 if backwards else 1)
    for _ in range(MAX_DAYS):
        interval = cal.working_interval(day)
        if interval is not None:
            yield interval
        day += step
    raise ValueError("no working time within ten years")


def business_seconds(
    start: datetime, end: datetime, cal: Calendar, pauses: Iterable[Pause] = ()
) -> float:
    """Working time between two instants, in seconds, not counting pauses."""
    start, end = _aware(start), _aware(end)
    if end <= start:
        return 0.0
    merged = _merged(pauses)
    total = 0.0
    day = cal.local_date(start) - timedelta(days=1)  # a working day may start the day before
    last = cal.local_date(end)
    while day <= last:
        interval = cal.working_interval(day)
        if interval is not None:
            lo, hi = max(interval[0], start), min(interval[1], end)
            if lo < hi:
                total += sum((b - a).total_seconds() for a, b in _minus((lo, hi), merged))
        day += timedelta(days=1)
    return total


def add_business_seconds(
    start: datetime, seconds: float, cal: Calendar, pauses: Iterable[Pause] = ()
) -> datetime:
    """The instant at which `seconds` of working time (pauses excluded) have passed."""
    start = _aware(start)
    if seconds < 0:
        raise ValueError("seconds must not be negative")
    remaining = seconds
    if remaining == 0:
        return start
    merged = _merged(pauses)
    for interval in _working_spans(cal, cal.local_date(start) - timedelta(days=1)):
        if interval[1] <= start:
            continue
        for a, b in _minus((max(interval[0], start), interval[1]), merged):
            length = (b - a).total_seconds()
            if length >= remaining:
                return a + timedelta(seconds=remaining)
            remaining -= length
    raise AssertionError("unreachable")  # pragma: no cover - _working_spans raises first


def subtract_business_seconds(
    end: datetime, seconds: float, cal: Calendar, pauses: Iterable[Pause] = ()
) -> datetime:
    """The instant `seconds` of working time (pauses excluded) before `end`."""
    end = _aware(end)
    if seconds < 0:
        raise ValueError("seconds must not be negative")
    remaining = seconds
    if remaining == 0:
        return end
    merged = _merged(pauses)
    for interval in _working_spans(cal, cal.local_date(end) + timedelta(days=1), backwards=True):
        if interval[0] >= end:
            continue
        for a, b in reversed(_minus((interval[0], min(interval[1], end)), merged)):
            length = (b - a).total_seconds()
            if length >= remaining:
                return b - timedelta(seconds=remaining)
            remaining -= length
    raise AssertionError("unreachable")  # pragma: no cover


def business_day_of(instant: datetime, cal: Calendar) -> date:
    """The business day an instant counts as: after closing or on a closed day, the next."""
    day = cal.local_date(instant)
    if cal.is_business_day(day) and _aware(instant) < cal.closing(day):
        return day
    return cal.next_business_day(day)


def _base_due(start: datetime, amount: int, unit: Unit, cal: Calendar) -> datetime:
    if amount < 0:
        raise ValueError("amount must not be negative")
    if unit == Unit.BUSINESS_HOURS:
        return add_business_seconds(start, amount * 3600, cal)
    if unit == Unit.BUSINESS_DAYS:
        day = business_day_of(start, cal)
        for _ in range(amount):
            day = cal.next_business_day(day)
        return cal.closing(day)
    if unit == Unit.CALENDAR_DAYS:
        return cal.end_of_day(cal.local_date(start) + timedelta(days=amount))
    raise ValueError(f"unknown unit {unit!r}")


def _advance(instant: datetime, seconds: float, unit: Unit, cal: Calendar) -> datetime:
    """Run a unit's clock for `seconds` from `instant`; day units end at the end of the day."""
    if unit == Unit.CALENDAR_DAYS:
        return cal.end_of_day(cal.local_date(instant + timedelta(seconds=seconds)))
    landed = add_business_seconds(instant, seconds, cal)
    if unit == Unit.BUSINESS_HOURS:
        return landed
    # Business days: the closing time of the working day `landed` falls in.
    for day in (cal.local_date(landed), cal.local_date(landed) - timedelta(days=1)):
        interval = cal.working_interval(day)  # the day before: hours that ran past midnight
        if interval is not None and interval[0] < landed <= interval[1]:
            return interval[1]
    return cal.closing(business_day_of(landed, cal))


def _time_left(start: datetime, due: datetime, unit: Unit, cal: Calendar) -> float:
    if unit == Unit.CALENDAR_DAYS:
        return (due - start).total_seconds()
    return business_seconds(start, due, cal)


def due_at(
    start: datetime,
    amount: int,
    unit: Unit | str,
    cal: Calendar,
    pauses: Iterable[Pause] = (),
) -> datetime | None:
    """When a deadline of `amount` `unit`s started at `start` falls due; None while paused.

    A pause that begins before the deadline stops the clock with whatever time was left;
    when the pause ends the clock runs again with that same time left (a deadline in days
    then ends at the end of the day it lands in). Pauses after the deadline change nothing.
    """
    start, unit = _aware(start), Unit(unit)
    due = _base_due(start, amount, unit, cal)
    for p_start, p_end in _merged(pauses):
        if p_end is not None and p_end <= start:
            continue
        p_start = max(p_start, start)
        if p_start >= due:
            break
        if p_end is None:
            return None
        due = _advance(p_end, _time_left(p_start, due, unit, cal), unit, cal)
    return due


def warning_at(
    start: datetime,
    due: datetime,
    warn_hours: float,
    cal: Calendar,
    pauses: Iterable[Pause] = (),
) -> datetime:
    """When a deadline becomes "due soon": `warn_hours` of working time before it, never
    before it started."""
    start = _aware(start)
    warn = subtract_business_seconds(due, warn_hours * 3600, cal, pauses)
    return max(warn, start)


def remaining_business_seconds(
    now: datetime, due: datetime, cal: Calendar, pauses: Iterable[Pause] = ()
) -> float:
    """Working time left until `due`; negative (as elapsed time past it) once passed."""
    now, due = _aware(now), _aware(due)
    if now <= due:
        return business_seconds(now, due, cal, pauses)
    return -(now - due).total_seconds()


# --- The original date-only helpers, kept for the complaint's promised date -----------


def is_business_day(day: date, *, country: str, closures: frozenset[date] = frozenset()) -> bool:
    return (
        day.weekday() not in WEEKEND
        and day not in _public_holidays(country, day.year)
        and day not in closures
    )


def add_business_days(
    start: date, days: int, *, country: str, closures: frozenset[date] = frozenset()
) -> date:
    """The business day that is `days` business days after `start` (start itself not counted)."""
    if days < 0:
        raise ValueError("days must not be negative")
    current = start
    remaining = days
    while remaining:
        current += timedelta(days=1)
        if is_business_day(current, country=country, closures=closures):
            remaining -= 1
    return current


def end_of_business_day(day: date, *, tz: ZoneInfo, closing: time = time(17, 0)) -> datetime:
    return datetime.combine(day, closing, tzinfo=tz)
