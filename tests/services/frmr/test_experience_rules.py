"""The experience arithmetic, table-driven: overlaps counted once, open periods, leap years
and 29 February, months the start day does not exist in."""

from datetime import date

import pytest

from gosapp.services.frmr.experience_rules import (
    Duration,
    Span,
    add_months,
    day_count,
    measure,
    merge,
    total,
)

D = date
TODAY = D(2026, 12, 2)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2021, 1, 31), 1, D(2021, 3, 1)),
        (D(2020, 2, 29), 12, D(2021, 3, 1)),
        (D(2020, 2, 29), 48, D(2024, 2, 29)),
        (D(2021, 11, 30), 2, D(2022, 1, 30)),
        (D(2021, 12, 31), 12, D(2022, 12, 31)),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2020, 1, 1), D(2020, 12, 31), Duration(1, 0, 0)),  # a leap year is one year
        (D(2021, 1, 1), D(2021, 12, 31), Duration(1, 0, 0)),
        (D(2020, 2, 29), D(2021, 2, 28), Duration(1, 0, 0)),
        (D(2020, 2, 29), D(2020, 2, 29), Duration(0, 0, 1)),
        (D(2021, 1, 31), D(2021, 2, 28), Duration(0, 1, 0)),
        (D(2024, 2, 1), D(2024, 2, 29), Duration(0, 1, 0)),
        (D(2023, 2, 1), D(2023, 2, 28), Duration(0, 1, 0)),
        (D(2019, 3, 10), D(2021, 5, 14), Duration(2, 2, 5)),
        (D(2021, 3, 1), D(2021, 3, 1), Duration(0, 0, 1)),
    ],
)
def test_measure(start, end, expected):
    assert measure(start, end) == expected


@pytest.mark.parametrize(
    ("spans", "expected", "days"),
    [
        ([], Duration(), 0),
        # a part-time job inside the main one adds nothing
        (
            [Span(D(2015, 1, 1), D(2019, 12, 31)), Span(D(2016, 3, 1), D(2017, 2, 28))],
            Duration(5, 0, 0),
            1826,
        ),
        # partial overlap: counted once
        (
            [Span(D(2018, 1, 1), D(2019, 12, 31)), Span(D(2019, 7, 1), D(2020, 6, 30))],
            Duration(2, 6, 0),
            912,
        ),
        # adjacent periods join; a gap stays a gap
        (
            [Span(D(2018, 1, 1), D(2018, 6, 30)), Span(D(2018, 7, 1), D(2018, 12, 31))],
            Duration(1, 0, 0),
            365,
        ),
        (
            [Span(D(2018, 1, 1), D(2018, 1, 20)), Span(D(2018, 3, 1), D(2018, 3, 20))],
            Duration(0, 1, 10),  # 20 + 20 days: 30 days make a month
            40,
        ),
        # open period to today; a future start is not experience yet
        ([Span(D(2025, 12, 2))], Duration(1, 0, 1), 366),
        ([Span(D(2027, 1, 1))], Duration(), 0),
        # an open period swallows a closed one inside it
        ([Span(D(2020, 12, 2)), Span(D(2021, 1, 1), D(2022, 1, 1))], Duration(6, 0, 1), 2192),
        # the same period twice
        (
            [Span(D(2020, 2, 29), D(2021, 2, 28)), Span(D(2020, 2, 29), D(2021, 2, 28))],
            Duration(1, 0, 0),
            366,
        ),
    ],
)
def test_total(spans, expected, days):
    assert total(spans, TODAY) == expected
    assert day_count(spans, TODAY) == days


def test_merge_ignores_reversed_spans():
    assert merge([Span(D(2020, 5, 1), D(2020, 4, 1))], TODAY) == []


def test_duration_text():
    assert Duration(12, 3, 5).text() == "12 лет 3 мес. 5 дн."
    assert Duration(1, 0, 0).text() == "1 год"
    assert Duration(2, 0, 0).text() == "2 года"
    assert Duration().text() == "0 дн."
