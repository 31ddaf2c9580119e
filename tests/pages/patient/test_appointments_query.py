"""The picker's URL (pages/patient/appointments/query.py) and its calendar rows: plain Python."""

from datetime import date

import pytest

from gosapp.pages.patient.appointments import rows
from gosapp.pages.patient.appointments.query import (
    Choice,
    from_query,
    parse_day,
    parse_id,
    parse_month,
    shift_month,
)
from gosapp.services.scheduling.catalog import DayCell


def test_a_choice_becomes_an_address_in_a_fixed_order_without_empty_values():
    choice = Choice(service="consultation", specialty="therapist", q="Иванова", doctor="7")
    assert choice.url() == (
        "/appointments?service=consultation&specialty=therapist"
        "&q=%D0%98%D0%B2%D0%B0%D0%BD%D0%BE%D0%B2%D0%B0&doctor=7"
    )
    assert choice.url(doctor="", q="") == "/appointments?service=consultation&specialty=therapist"
    assert Choice().url() == "/appointments"


def test_the_query_keeps_only_known_keys_cut_short():
    choice = from_query({"service": " checkup ", "evil": "x", "q": "я" * 500})
    assert choice.service == "checkup" and len(choice.q) == 80
    assert not hasattr(choice, "evil")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", 12),
        ("", 0),
        ("-1", 0),
        ("1e3", 0),
        ("٣", 0),
        ("9" * 5000, 0),
        ("123456789", 123456789),
    ],
)
def test_ids_from_the_url_are_short_ascii_digits(value, expected):
    assert parse_id(value) == expected


def test_days_and_months_parse_or_are_none():
    assert parse_day("2027-01-12") == date(2027, 1, 12)
    assert parse_day("2027-02-30") is None and parse_day("12.01.2027") is None
    assert parse_month("2027-01") == date(2027, 1, 1)
    assert parse_month("2027-13") is None and parse_month("0000-01") is None
    assert shift_month(date(2026, 12, 1), 1) == date(2027, 1, 1)
    assert shift_month(date(2027, 1, 1), -1) == date(2026, 12, 1)


def test_the_month_grid_has_one_tab_stop_on_the_chosen_or_first_free_day():
    week = [None, DayCell(date(2027, 1, 12), 0), DayCell(date(2027, 1, 13), 3)]
    week += [DayCell(date(2027, 1, 14), 2)]
    choice = Choice(service="checkup", specialty="therapist", doctor="7")
    cells = rows.week_rows([week], choice, None)[0]
    assert [c["kind"] for c in cells] == ["blank", "closed", "free", "free"]
    assert [c["tab"] for c in cells] == ["-1", "-1", "0", "-1"]
    assert cells[2]["href"].endswith("&doctor=7&month=2027-01&day=2027-01-13")
    assert cells[1]["href"] == "" and cells[2]["id"] == "slot-day-2027-01-13"
    chosen = rows.week_rows([week], choice, date(2027, 1, 14))[0]
    assert [c["tab"] for c in chosen] == ["-1", "-1", "-1", "0"]
    assert chosen[3]["kind"] == "chosen"
