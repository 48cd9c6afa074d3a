"""Deadline arithmetic: worked examples, then invariants checked by hypothesis.

No database and no clock: every function takes its instants as arguments.
"""

import os
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from redress.deadlines import arithmetic as a
from redress.deadlines.arithmetic import Calendar, Unit

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
SYDNEY = ZoneInfo("Australia/Sydney")
ENGLAND = Calendar(tz=LONDON, country="GB", subdivision="ENG")
US = Calendar(tz=NEW_YORK, country="US")
NSW = Calendar(tz=SYDNEY, country="AU", subdivision="NSW")


def london(*args: int) -> datetime:
    return datetime(*args, tzinfo=LONDON)


# --- Worked examples ----------------------------------------------------------------


def test_ten_business_days_skip_weekends_easter_and_the_clock_change():
    # Mon 23 March 2026; clocks go forward on Sun 29 March; Good Friday 3 April and
    # Easter Monday 6 April are bank holidays in England.
    due = a.due_at(london(2026, 3, 23, 10, 0), 10, Unit.BUSINESS_DAYS, ENGLAND)
    assert due == london(2026, 4, 8, 17, 0)
    assert due.astimezone(UTC).hour == 16  # 17:00 BST


def test_gb_without_a_region_would_miss_easter_monday():
    assert ENGLAND.is_holiday(date(2026, 4, 6))
    assert not Calendar(tz=LONDON, country="GB").is_holiday(date(2026, 4, 6))


def test_the_same_business_day_is_today_at_closing_when_received_during_the_day():
    due = a.due_at(london(2026, 3, 24, 11, 30), 0, Unit.BUSINESS_DAYS, ENGLAND)
    assert due == london(2026, 3, 24, 17, 0)


def test_received_after_closing_counts_from_the_next_business_day():
    friday_evening = london(2026, 3, 27, 18, 5)
    assert a.due_at(friday_evening, 0, Unit.BUSINESS_DAYS, ENGLAND) == london(2026, 3, 30, 17)
    assert a.due_at(friday_evening, 1, Unit.BUSINESS_DAYS, ENGLAND) == london(2026, 3, 31, 17)


def test_received_on_a_saturday_the_same_business_day_is_monday():
    assert a.due_at(london(2026, 3, 28, 10), 0, Unit.BUSINESS_DAYS, ENGLAND) == london(
        2026, 3, 30, 17
    )


def test_received_before_opening_counts_that_day():
    assert a.due_at(london(2026, 3, 24, 7, 0), 1, Unit.BUSINESS_DAYS, ENGLAND) == london(
        2026, 3, 25, 17
    )


def test_business_hours_run_on_over_the_weekend():
    due = a.due_at(london(2026, 3, 27, 15, 0), 4, Unit.BUSINESS_HOURS, ENGLAND)
    assert due == london(2026, 3, 30, 11, 0)


def test_business_hours_that_end_exactly_at_closing_end_that_day():
    assert a.due_at(london(2026, 3, 24, 13), 4, Unit.BUSINESS_HOURS, ENGLAND) == london(
        2026, 3, 24, 17
    )


def test_calendar_days_end_at_the_end_of_the_local_day():
    due = a.due_at(london(2026, 1, 10, 14), 56, Unit.CALENDAR_DAYS, ENGLAND)
    assert due == london(2026, 3, 7, 23, 59, 59)


def test_calendar_days_across_the_clock_change_keep_the_local_end_of_day():
    due = a.due_at(london(2026, 3, 20, 9), 15, Unit.CALENDAR_DAYS, ENGLAND)
    assert due == london(2026, 4, 4, 23, 59, 59)
    assert due.astimezone(UTC) == datetime(2026, 4, 4, 22, 59, 59, tzinfo=UTC)


def test_a_round_the_clock_calendar_measures_real_hours_across_daylight_saving():
    always = Calendar(tz=LONDON, working_days=frozenset(range(7)), opens=time(0), closes=time(0))
    # 24 real hours from noon on the Saturday before the clocks go forward: 13:00 BST.
    assert a.due_at(london(2026, 3, 28, 12), 24, Unit.BUSINESS_HOURS, always) == london(
        2026, 3, 29, 13
    )
    # The day the clocks go back has 25 hours.
    assert a.business_seconds(london(2026, 10, 25), london(2026, 10, 26), always) == 25 * 3600
    assert a.business_seconds(london(2026, 3, 29), london(2026, 3, 30), always) == 23 * 3600


def test_sydney_counts_its_own_holidays_and_its_own_daylight_saving():
    # Daylight saving ends in Sydney on Sun 5 April 2026; Easter Monday 6 April is a holiday.
    due = a.due_at(datetime(2026, 4, 2, 10, tzinfo=SYDNEY), 1, Unit.BUSINESS_DAYS, NSW)
    assert due == datetime(2026, 4, 7, 17, tzinfo=SYDNEY)  # Good Friday to Easter Monday off
    assert due.astimezone(UTC).hour == 7  # AEST, UTC+10


def test_us_federal_holidays_count_in_new_york_time():
    # Thanksgiving, Thu 26 November 2026.
    due = a.due_at(datetime(2026, 11, 25, 16, tzinfo=NEW_YORK), 1, Unit.BUSINESS_DAYS, US)
    assert due == datetime(2026, 11, 27, 17, tzinfo=NEW_YORK)


def test_the_organisations_own_closures_are_not_business_days():
    closed = Calendar(
        tz=LONDON, country="GB", subdivision="ENG", closures=frozenset({date(2026, 3, 25)})
    )
    assert a.due_at(london(2026, 3, 24, 10), 1, Unit.BUSINESS_DAYS, closed) == london(
        2026, 3, 26, 17
    )


def test_a_pause_moves_a_business_day_deadline_by_the_business_time_it_covered():
    start = london(2026, 3, 2, 9)
    assert a.due_at(start, 10, Unit.BUSINESS_DAYS, ENGLAND) == london(2026, 3, 16, 17)
    two_days = [(london(2026, 3, 4, 13), london(2026, 3, 6, 13))]  # 4 + 8 + 4 hours
    assert a.due_at(start, 10, Unit.BUSINESS_DAYS, ENGLAND, two_days) == london(2026, 3, 18, 17)


def test_part_of_a_day_paused_moves_a_day_deadline_to_the_end_of_the_next_day():
    start = london(2026, 3, 2, 9)
    short = [(london(2026, 3, 4, 13), london(2026, 3, 4, 13, 10))]
    assert a.due_at(start, 10, Unit.BUSINESS_DAYS, ENGLAND, short) == london(2026, 3, 17, 17)


def test_a_pause_over_a_weekend_costs_no_business_time():
    start = london(2026, 3, 2, 9)
    weekend = [(london(2026, 3, 6, 17, 30), london(2026, 3, 9, 8, 0))]
    assert a.due_at(start, 10, Unit.BUSINESS_DAYS, ENGLAND, weekend) == london(2026, 3, 16, 17)


def test_a_pause_moves_a_business_hours_deadline_exactly():
    start = london(2026, 3, 2, 9)
    pause = [(london(2026, 3, 2, 10), london(2026, 3, 2, 11, 30))]
    assert a.due_at(start, 4, Unit.BUSINESS_HOURS, ENGLAND, pause) == london(2026, 3, 2, 14, 30)


def test_a_pause_moves_a_calendar_day_deadline_to_the_end_of_the_day_it_lands_in():
    start = london(2026, 3, 2, 9)
    pause = [(london(2026, 3, 10, 12), london(2026, 3, 13, 9))]  # 2 days 21 hours
    assert a.due_at(start, 15, Unit.CALENDAR_DAYS, ENGLAND, pause) == london(
        2026, 3, 20, 23, 59, 59
    )


def test_a_pause_after_the_deadline_changes_nothing_and_a_running_one_suspends_it():
    start = london(2026, 3, 2, 9)
    due = a.due_at(start, 1, Unit.BUSINESS_DAYS, ENGLAND)
    after = [(london(2026, 3, 4, 9), london(2026, 3, 5, 9))]
    assert a.due_at(start, 1, Unit.BUSINESS_DAYS, ENGLAND, after) == due
    assert a.due_at(start, 1, Unit.BUSINESS_DAYS, ENGLAND, [(london(2026, 3, 2, 12), None)]) is None


def test_a_long_pause_that_runs_past_the_original_deadline_counts_in_full():
    start = london(2026, 3, 2, 9)  # 1 business day: Tue 3 March 17:00
    pause = [(london(2026, 3, 3, 16), london(2026, 3, 6, 12))]  # 1 + 8 + 8 + 3 = 20 h
    assert a.due_at(start, 1, Unit.BUSINESS_DAYS, ENGLAND, pause) == london(2026, 3, 6, 17)


def test_the_warning_comes_the_given_business_hours_before_the_deadline():
    start = london(2026, 3, 2, 9)
    due = london(2026, 3, 16, 17)
    assert a.warning_at(start, due, 16, ENGLAND) == london(2026, 3, 13, 9)
    assert a.warning_at(start, london(2026, 3, 2, 17), 40, ENGLAND) == start


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError):
        a.due_at(datetime(2026, 3, 2, 9), 1, Unit.BUSINESS_DAYS, ENGLAND)  # noqa: DTZ001


def test_a_calendar_without_working_days_or_with_closing_before_opening_is_refused():
    with pytest.raises(ValueError):
        Calendar(working_days=frozenset())
    with pytest.raises(ValueError):
        Calendar(opens=time(17), closes=time(9))


# --- Invariants ------------------------------------------------------------------------

ZONES = [
    "Europe/London",
    "America/New_York",
    "Australia/Sydney",
    "Asia/Bangkok",
    "Asia/Dhaka",
    "Europe/Zagreb",
    "Europe/Stockholm",
    "Asia/Kolkata",
    "America/St_Johns",
    "Pacific/Chatham",
]
HOLIDAYS = [("", ""), ("GB", "ENG"), ("US", ""), ("AU", "NSW"), ("TH", ""), ("SE", "")]
HOURS = [
    (time(9), time(17)),
    (time(8, 30), time(16, 45)),
    (time(0), time(0)),
    (time(1, 30), time(3)),  # crosses the daylight-saving jump in some zones
    (time(22), time(23, 30)),
]


@st.composite
def calendars(draw):
    tz = ZoneInfo(draw(st.sampled_from(ZONES)))
    country, region = draw(st.sampled_from(HOLIDAYS))
    opens, closes = draw(st.sampled_from(HOURS))
    days = draw(st.frozensets(st.integers(0, 6), min_size=1))
    closures = draw(st.frozensets(st.dates(date(2025, 1, 1), date(2031, 12, 31)), max_size=5))
    return Calendar(
        tz=tz,
        working_days=days,
        opens=opens,
        closes=closes,
        country=country,
        subdivision=region,
        closures=closures,
    )


instants = st.datetimes(
    min_value=datetime(2025, 1, 1),  # noqa: DTZ001 - hypothesis bounds are naive
    max_value=datetime(2030, 12, 31),  # noqa: DTZ001
    timezones=st.just(UTC),
)
units = st.sampled_from(list(Unit))
amounts = st.integers(0, 40)
SETTINGS = settings(
    max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", 150)),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@st.composite
def pause_lists(draw, start):
    spans = []
    for _ in range(draw(st.integers(0, 4))):
        begin = start + timedelta(minutes=draw(st.integers(-600, 60 * 24 * 40)))
        length = timedelta(minutes=draw(st.integers(0, 60 * 24 * 6)))
        spans.append((begin, begin + length))
    return spans


@SETTINGS
@given(cal=calendars(), start=instants, amount=amounts, unit=units)
def test_a_deadline_is_never_before_its_start_and_grows_with_its_amount(cal, start, amount, unit):
    due = a.due_at(start, amount, unit, cal)
    assert due is not None and due >= start
    later = a.due_at(start, amount + 1, unit, cal)
    assert later is not None and later > due


@SETTINGS
@given(cal=calendars(), start=instants, amount=amounts)
def test_business_days_end_at_closing_on_a_business_day_the_right_count_later(cal, start, amount):
    due = a.due_at(start, amount, Unit.BUSINESS_DAYS, cal)
    day = a.business_day_of(start, cal)
    expected = day
    for _ in range(amount):
        expected = cal.next_business_day(expected)
    assert cal.is_business_day(expected)
    assert due == cal.closing(expected)


@SETTINGS
@given(cal=calendars(), start=instants, amount=amounts)
def test_business_hours_contain_exactly_the_budget_of_working_time(cal, start, amount):
    due = a.due_at(start, amount, Unit.BUSINESS_HOURS, cal)
    assert a.business_seconds(start, due, cal) == pytest.approx(amount * 3600, abs=1e-3)


@SETTINGS
@given(cal=calendars(), start=instants, amount=amounts)
def test_calendar_days_end_the_last_second_of_the_local_day_n_days_on(cal, start, amount):
    due = a.due_at(start, amount, Unit.CALENDAR_DAYS, cal)
    local = due.astimezone(cal.tz)
    assert local.date() == start.astimezone(cal.tz).date() + timedelta(days=amount)
    assert (local + timedelta(seconds=1)).astimezone(cal.tz).date() == local.date() + timedelta(
        days=1
    )


@SETTINGS
@given(cal=calendars(), start=instants, amount=amounts, unit=units, data=st.data())
def test_pauses_never_bring_a_deadline_forward(cal, start, amount, unit, data):
    pauses = data.draw(pause_lists(start))
    plain = a.due_at(start, amount, unit, cal)
    paused = a.due_at(start, amount, unit, cal, pauses)
    assert paused is not None and paused >= plain
    # And a pause that starts only after the (moved) deadline changes nothing more.
    after = max([paused, *(end for _, end in pauses)]) + timedelta(minutes=1)
    extra = [*pauses, (after, after + timedelta(days=3))]
    assert a.due_at(start, amount, unit, cal, extra) == paused


@SETTINGS
@given(cal=calendars(), start=instants, amount=amounts, data=st.data())
def test_business_hours_with_pauses_still_contain_exactly_the_budget(cal, start, amount, data):
    pauses = data.draw(pause_lists(start))
    due = a.due_at(start, amount, Unit.BUSINESS_HOURS, cal, pauses)
    assert a.business_seconds(start, due, cal, pauses) == pytest.approx(amount * 3600, abs=1e-3)


@SETTINGS
@given(
    cal=calendars(),
    end=instants,
    seconds=st.floats(0, 400 * 3600, allow_nan=False),
)
def test_going_back_by_working_time_leaves_exactly_that_working_time(cal, end, seconds):
    begin = a.subtract_business_seconds(end, seconds, cal)
    assert begin <= end
    assert a.business_seconds(begin, end, cal) == pytest.approx(seconds, abs=1e-3)


@SETTINGS
@given(cal=calendars(), start=instants, amount=amounts, unit=units, warn=st.integers(0, 80))
def test_the_warning_falls_between_the_start_and_the_deadline(cal, start, amount, unit, warn):
    due = a.due_at(start, amount, unit, cal)
    warning = a.warning_at(start, due, warn, cal)
    assert start <= warning <= due


@SETTINGS
@given(cal=calendars(), day=st.dates(date(2025, 1, 1), date(2030, 12, 31)))
def test_holidays_and_closures_are_never_business_days(cal, day):
    if cal.is_holiday(day) or day in cal.closures or day.weekday() not in cal.working_days:
        assert not cal.is_business_day(day)
        assert cal.working_interval(day) is None
