"""The attestation requirements as pure rules: experience thresholds to the day, НМО points
against the schedule of the cycle, the order of categories, validity and reminder dates."""

from datetime import date

import pytest

from gosapp.services.frmr import attestation_rules as rules
from gosapp.services.frmr.experience_rules import Duration, Span, total

TODAY = date(2026, 11, 20)


@pytest.mark.parametrize(
    ("target", "since", "met"),
    [
        ("second", date(2023, 12, 21), False),  # 2 years 11 months
        ("second", date(2023, 11, 21), True),  # exactly 3 years
        ("first", date(2021, 12, 21), False),  # 4 years 11 months
        ("first", date(2021, 11, 21), True),
        ("highest", date(2019, 11, 21), True),  # exactly 7 years
        ("highest", date(2020, 1, 1), False),
    ],
)
def test_experience_threshold_is_counted_to_the_day(target, since, met):
    medical = total([Span(since)], TODAY)
    assert rules.experience_rule(target, medical).met is met


def test_an_unmet_experience_says_what_to_do_and_links_to_the_experience_page():
    row = rules.experience_rule("second", Duration(2, 11, 0))
    assert not row.met and row.href == "/frmr/experience"
    assert "2 года 11 мес." in row.detail and "зафиксир" in row.hint
    assert row.title == "Стаж по специальности не меньше 3 лет"


@pytest.mark.parametrize(
    ("accredited", "points", "met", "due"),
    [
        (date(2026, 3, 15), 0, True, 0),  # the cycle's first year: nothing due yet
        (date(2024, 11, 20), 99, False, 100),  # two full years today
        (date(2024, 11, 20), 100, True, 100),
        (date(2024, 11, 21), 50, True, 50),  # the second anniversary is tomorrow
        (date(2021, 11, 21), 199, False, 200),  # four full years, the last of the cycle
        (date(2021, 11, 20), 0, True, 0),  # five years on: a new cycle starts today
    ],
)
def test_points_must_keep_to_fifty_a_full_year_of_the_cycle(accredited, points, met, due):
    row = rules.points_rule(accredited, points, TODAY)
    assert row.met is met
    expected = f"из {due} положенных" if due else "в первый год цикла баллы ещё не требуются"
    assert expected in row.detail
    assert (row.href == "") is met


def test_points_due_over_a_leap_day():
    assert rules.points_due(date(2024, 2, 29), date(2025, 2, 28)) == 0
    assert rules.points_due(date(2024, 2, 29), date(2025, 3, 1)) == 50


def test_without_an_accreditation_date_the_points_are_not_met():
    row = rules.points_rule(None, 300, TODAY)
    assert not row.met and row.href == "/frmr/education" and "аккредитации" in row.hint


@pytest.mark.parametrize(
    ("current", "target", "met"),
    [
        ("none", "second", True),
        ("none", "highest", True),  # no rule forbids skipping one
        ("second", "second", False),
        ("first", "second", False),
        ("first", "highest", True),
        ("highest", "highest", False),
        ("first", "none", False),
        ("first", "junk", False),
    ],
)
def test_only_a_higher_category_may_be_applied_for(current, target, met):
    assert rules.category_rule(current, target).met is met


def test_targets_above_each_category():
    assert rules.targets_above("none") == ["second", "first", "highest"]
    assert rules.targets_above("first") == ["highest"]
    assert rules.targets_above("highest") == []


def test_a_category_lasts_five_years_and_is_reminded_a_year_before():
    until = rules.valid_until(date(2026, 11, 20))
    assert until == date(2031, 11, 20)
    assert rules.remind_from(until) == date(2030, 11, 20)
    assert rules.valid_until(date(2024, 2, 29)) == date(2029, 3, 1)


def test_check_lists_every_requirement_and_unmet_picks_the_failures():
    rows = rules.check(
        current="second",
        target="first",
        medical=Duration(4, 0, 0),
        accredited=date(2026, 1, 1),
        cycle_points=0,
        today=TODAY,
    )
    assert [r.key for r in rows] == ["category", "experience", "points"]
    assert [r.key for r in rules.unmet(rows)] == ["experience"]


UNTIL = date(2027, 11, 20)  # the current category's last day


@pytest.mark.parametrize(
    ("today", "allowed"),
    [
        (date(2026, 11, 19), False),  # a year and a day before: not yet
        (date(2026, 11, 20), True),  # exactly 12 months before
        (date(2027, 6, 1), True),
        (UNTIL, True),  # its last day
        (date(2027, 11, 21), True),  # ended: may still be confirmed
        (date(2030, 1, 1), True),
    ],
)
def test_the_current_category_may_be_confirmed_from_a_year_before_its_end(today, allowed):
    assert rules.may_reconfirm("first", UNTIL, today) is allowed
    assert (rules.targets("first", UNTIL, today) == ["first", "highest"]) is allowed
    assert rules.category_rule("first", "first", UNTIL, today).met is allowed
    assert (rules.reconfirm_note("first", UNTIL, today) == "") is allowed


@pytest.mark.parametrize(
    ("current", "until", "today", "targets"),
    [
        ("highest", UNTIL, date(2026, 11, 19), []),  # nothing above, too early to confirm
        ("highest", UNTIL, date(2026, 11, 20), ["highest"]),
        ("none", None, TODAY, ["second", "first", "highest"]),  # nothing to confirm
        ("second", None, TODAY, ["second", "first", "highest"]),  # no end date recorded
        ("second", UNTIL, TODAY, ["second", "first", "highest"]),
        ("second", date(2028, 1, 1), TODAY, ["first", "highest"]),
    ],
)
def test_what_may_be_applied_for(current, until, today, targets):
    assert rules.targets(current, until, today) == targets


def test_a_leap_day_end_is_confirmed_from_the_first_of_march():
    until = date(2028, 2, 29)
    assert rules.reconfirm_from(until) == date(2027, 3, 1)
    assert rules.reconfirm_from(until) == rules.remind_from(until)  # the reminder's day
    assert not rules.may_reconfirm("highest", until, date(2027, 2, 28))
    assert rules.may_reconfirm("highest", until, date(2027, 3, 1))


def test_the_note_says_from_when_the_category_may_be_confirmed():
    note = rules.reconfirm_note("highest", UNTIL, date(2026, 11, 19))
    assert note == "Подтвердить высшую категорию можно будет с 20.11.2026."
    assert rules.reconfirm_note("highest", None, TODAY) == ""
    assert rules.reconfirm_note("none", UNTIL, TODAY) == ""


def test_the_confirmation_line_of_the_check():
    early = rules.category_rule("highest", "highest", UNTIL, date(2026, 11, 1))
    assert not early.met and early.hint
    assert early.detail == (
        "Высшая категория действует до 20.11.2027; подтвердить можно с 20.11.2026"
    )
    ended = rules.category_rule("highest", "highest", date(2026, 1, 1), TODAY)
    assert ended.met and "срок истёк 01.01.2026" in ended.detail
    assert rules.category_rule("highest", "highest", None, TODAY).met


def test_a_confirmation_needs_what_its_category_needs():
    six_years = total([Span(date(2020, 6, 1))], TODAY)
    lines = rules.check(
        current="highest",
        target="highest",
        until=UNTIL,
        medical=six_years,
        accredited=date(2026, 3, 15),
        cycle_points=0,
        today=TODAY,
    )
    assert [(r.key, r.met) for r in lines] == [
        ("category", True),
        ("experience", False),  # высшая needs 7 years
        ("points", True),
    ]
