"""The НМО rules, table-driven: cycle boundaries (including 29 February), surplus not
carried over, only verified points in progress, the forecast."""

from datetime import date

import pytest

from gosapp.services.frmr.education_rules import (
    Entry,
    anniversary,
    cycle_at,
    forecast,
    per_year,
    points_word,
    progress,
)

D = date


@pytest.mark.parametrize(
    ("start", "years", "expected"),
    [
        (D(2021, 3, 15), 5, D(2026, 3, 15)),
        (D(2024, 2, 29), 5, D(2029, 3, 1)),  # common year: 1 March
        (D(2024, 2, 29), 20, D(2044, 2, 29)),  # leap again: 29 February
        (D(2024, 2, 29), 4, D(2028, 2, 29)),
        (D(2023, 2, 28), 1, D(2024, 2, 28)),
    ],
)
def test_anniversary(start, years, expected):
    assert anniversary(start, years) == expected


@pytest.mark.parametrize(
    ("accredited", "day", "number", "start", "end"),
    [
        (D(2021, 3, 15), D(2021, 3, 15), 0, D(2021, 3, 15), D(2026, 3, 14)),
        (D(2021, 3, 15), D(2026, 3, 14), 0, D(2021, 3, 15), D(2026, 3, 14)),  # last day
        (D(2021, 3, 15), D(2026, 3, 15), 1, D(2026, 3, 15), D(2031, 3, 14)),  # next starts
        (D(2021, 3, 15), D(2020, 1, 1), 0, D(2021, 3, 15), D(2026, 3, 14)),  # before: first
        (D(2024, 2, 29), D(2029, 2, 28), 0, D(2024, 2, 29), D(2029, 2, 28)),
        (D(2024, 2, 29), D(2029, 3, 1), 1, D(2029, 3, 1), D(2034, 2, 28)),
        (D(2024, 2, 29), D(2044, 2, 28), 3, D(2039, 3, 1), D(2044, 2, 28)),
        (D(2024, 2, 29), D(2044, 2, 29), 4, D(2044, 2, 29), D(2049, 2, 28)),
        (D(2011, 12, 31), D(2026, 12, 31), 3, D(2026, 12, 31), D(2031, 12, 30)),
        (D(2011, 12, 31), D(2026, 12, 30), 2, D(2021, 12, 31), D(2026, 12, 30)),
    ],
)
def test_cycle_at(accredited, day, number, start, end):
    cycle = cycle_at(accredited, day)
    assert (cycle.number, cycle.start, cycle.end) == (number, start, end)


A = D(2021, 3, 15)  # cycle 0: 15.03.2021–14.03.2026, cycle 1 from 15.03.2026


@pytest.mark.parametrize(
    ("entries", "today", "cycle_points", "surplus", "pending", "year_points", "year_pending"),
    [
        ([], D(2026, 11, 20), 0, 0, 0, 0, 0),
        # the last day of a cycle counts in it, the next day in the next one
        ([Entry(D(2026, 3, 14), 30, True)], D(2026, 3, 14), 30, 0, 0, 30, 0),
        ([Entry(D(2026, 3, 14), 30, True)], D(2026, 3, 15), 0, 0, 0, 30, 0),
        ([Entry(D(2026, 3, 15), 30, True)], D(2026, 3, 15), 30, 0, 0, 30, 0),
        # surplus of the old cycle does not carry over; a surplus in this one is capped
        ([Entry(D(2025, 6, 1), 300, True)], D(2026, 5, 1), 0, 0, 0, 0, 0),
        ([Entry(D(2026, 6, 1), 260, True)], D(2026, 7, 1), 250, 10, 0, 260, 0),
        # pending points are reported apart and never count
        (
            [Entry(D(2026, 6, 1), 20, True), Entry(D(2026, 7, 1), 14, False)],
            D(2026, 8, 1),
            20,
            0,
            14,
            20,
            14,
        ),
        # calendar year vs cycle: January points count for the year, not a closed cycle
        ([Entry(D(2026, 1, 10), 12, True)], D(2026, 4, 1), 0, 0, 0, 12, 0),
    ],
)
def test_progress(entries, today, cycle_points, surplus, pending, year_points, year_pending):
    p = progress(entries, A, today, None)
    assert (p.cycle_points, p.cycle_surplus, p.cycle_pending) == (cycle_points, surplus, pending)
    assert (p.year_points, p.year_pending, p.year_goal) == (year_points, year_pending, 50)


def test_personal_goal_replaces_the_recommended_one():
    assert progress([], A, D(2026, 5, 1), 70).year_goal == 70


@pytest.mark.parametrize(
    ("points", "today", "projected", "missing", "per_quarter"),
    [
        # 4 years of 5 gone with 168 points: 210 at the end, 40 more over 4 quarters
        (168, D(2025, 3, 15), 210, 40, 10),
        (200, D(2025, 3, 15), 250, 0, 0),
        (0, D(2021, 3, 15), 0, 250, 13),  # the first day: nothing yet, 20 quarters left
        (250, D(2021, 6, 1), 250, 0, 0),
        (120, D(2026, 3, 14), 120, 130, 0),  # the last day: no quarter left to plan
    ],
)
def test_forecast(points, today, projected, missing, per_quarter):
    f = forecast(cycle_at(A, today), points, today)
    assert (f.projected, f.missing, f.per_quarter) == (projected, missing, per_quarter)


def test_forecast_sentence():
    f = forecast(cycle_at(A, D(2025, 3, 15)), 168, D(2025, 3, 15))
    assert f.text() == (
        "При текущем темпе к концу цикла: 210 из 250 — не хватает 40, "
        "запланируйте ≈ 10 баллов в квартал."
    )
    assert "будет выполнена" in forecast(cycle_at(A, D(2025, 3, 15)), 220, D(2025, 3, 15)).text()


def test_per_year_keeps_empty_years():
    rows = per_year([Entry(D(2022, 5, 1), 10, True), Entry(D(2024, 5, 1), 5, False)], D(2025, 1, 1))
    assert rows == [
        {"year": "2022", "points": 10, "pending": 0},
        {"year": "2023", "points": 0, "pending": 0},
        {"year": "2024", "points": 0, "pending": 5},
        {"year": "2025", "points": 0, "pending": 0},
    ]


@pytest.mark.parametrize(
    ("n", "word"), [(1, "балл"), (2, "балла"), (5, "баллов"), (11, "баллов"), (21, "балл")]
)
def test_points_word(n, word):
    assert points_word(n) == word
