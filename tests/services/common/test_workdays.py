"""Working days on the Russian production calendar: request deadlines (§2.5, §5)."""

from datetime import UTC, date, datetime

import holidays
import pytest

from gosapp.services.common import workdays
from gosapp.services.common.workdays import (
    add_working_days,
    deadline_for,
    format_deadline,
    is_working_day,
    local_date,
    working_days_between,
)


def test_a_request_filed_on_friday_with_one_working_day_is_due_on_monday():
    assert add_working_days(date(2026, 11, 20), 1) == date(2026, 11, 23)


def test_new_year_holidays_are_skipped():
    # 31.12.2026 is a day off moved from 04.01, 1–8 January are holidays, 9–10 a weekend.
    due = add_working_days(date(2026, 12, 30), 3)

    assert due == date(2027, 1, 13)
    calendar = holidays.RU(years=[2026, 2027])
    assert date(2026, 12, 31) in calendar
    assert all(not is_working_day(date(2027, 1, day)) for day in range(1, 11))


def test_unity_day_is_skipped():
    assert not is_working_day(date(2026, 11, 4))
    assert add_working_days(date(2026, 11, 3), 1) == date(2026, 11, 5)


def test_a_saturday_made_a_working_day_by_decree_counts():
    # 2027: Saturday 20 February is worked, Monday 22 February is off instead.
    assert is_working_day(date(2027, 2, 20))
    assert not is_working_day(date(2027, 2, 22))
    assert add_working_days(date(2027, 2, 19), 1) == date(2027, 2, 20)


def test_an_ordinary_weekend_is_not_a_working_day():
    assert not is_working_day(date(2026, 11, 21))
    assert not is_working_day(date(2026, 11, 22))
    assert is_working_day(date(2026, 11, 23))


def test_zero_days_is_the_start_date_and_negative_days_are_refused():
    assert add_working_days(date(2026, 11, 21), 0) == date(2026, 11, 21)
    with pytest.raises(ValueError):
        add_working_days(date(2026, 11, 20), -1)


@pytest.mark.parametrize("start", [date(2026, 12, 25), date(2026, 11, 3), date(2027, 2, 18)])
@pytest.mark.parametrize("days", [0, 1, 2, 5, 10, 30])
def test_working_days_between_undoes_add_working_days(start, days):
    assert working_days_between(start, add_working_days(start, days)) == days


def test_working_days_between_counts_backwards_as_negative():
    assert working_days_between(date(2026, 11, 23), date(2026, 11, 20)) == -1
    assert working_days_between(date(2026, 11, 20), date(2026, 11, 20)) == 0
    assert working_days_between(date(2026, 11, 20), date(2026, 11, 22)) == 0


def test_local_date_is_the_moscow_date_near_midnight():
    assert local_date(datetime(2026, 11, 23, 20, 59, tzinfo=UTC)) == date(2026, 11, 23)
    assert local_date(datetime(2026, 11, 23, 21, 0, tzinfo=UTC)) == date(2026, 11, 24)
    assert local_date(datetime(2026, 12, 31, 21, 30, tzinfo=UTC)) == date(2027, 1, 1)


def test_a_naive_timestamp_is_taken_as_utc():
    assert local_date(datetime(2026, 11, 23, 21, 30)) == date(2026, 11, 24)


def test_the_deadline_counts_from_the_local_submission_date():
    # Thursday 21:30 UTC is already Friday 00:30 in Moscow: one working day → Monday.
    assert deadline_for(datetime(2026, 11, 19, 21, 30, tzinfo=UTC), 1) == date(2026, 11, 23)
    assert deadline_for(datetime(2026, 11, 19, 20, 30, tzinfo=UTC), 1) == date(2026, 11, 20)


def test_deadline_is_formatted_as_the_history_shows_it():
    assert format_deadline(date(2026, 11, 24)) == "решение до 24.11.2026"


def test_each_year_calendar_is_built_once():
    workdays._calendar.cache_clear()

    for day in range(1, 31):
        is_working_day(date(2026, 11, day))
    add_working_days(date(2026, 12, 30), 3)

    assert workdays._calendar.cache_info().misses == 2
