"""services/common/display.py: one way to show a time, a phone, a file size, a deadline, a name
(the portal's time zone is Europe/Moscow, UTC+3 all year)."""

from datetime import UTC, date, datetime

import pytest

from gosapp.models.accounts import User
from gosapp.services.common.display import (
    display_time,
    file_size,
    format_phone,
    full_name,
    local_midnight_utc,
    masked_email,
    masked_phone,
    short_deadline,
)


def test_times_are_shown_in_moscow_time():
    assert display_time(datetime(2026, 11, 24, 21, 30, tzinfo=UTC)) == "25.11.2026 00:30"


def test_a_naive_time_is_taken_as_utc():
    assert display_time(datetime(2026, 11, 24, 9, 5)) == "24.11.2026 12:05"


def test_local_midnight_is_three_hours_earlier_in_utc():
    assert local_midnight_utc(date(2026, 11, 24)) == datetime(2026, 11, 23, 21, 0, tzinfo=UTC)


def test_a_phone_reads_as_people_write_it():
    assert format_phone("+79161234567") == "+7 916 123-45-67"


def test_a_phone_that_does_not_parse_is_shown_as_stored():
    assert format_phone("не номер") == "не номер"


@pytest.mark.parametrize(
    ("size", "label"),
    [
        (0, "1 КБ"),
        (1, "1 КБ"),
        (1025, "2 КБ"),  # kilobytes round up: never less than the file holds
        (850 * 1024, "850 КБ"),
        (1024 * 1024 - 1, "1024 КБ"),
        (1024 * 1024, "1,0 МБ"),
        (1258291, "1,2 МБ"),
    ],
)
def test_file_sizes_in_kilobytes_then_megabytes(size, label):
    assert file_size(size) == label


def test_a_deadline_reads_as_until_a_date_and_none_as_nothing():
    assert short_deadline(date(2026, 11, 24)) == "до 24.11.2026"
    assert short_deadline(None) == ""


def test_full_name_is_last_first_patronymic_and_skips_a_missing_patronymic():
    with_patronymic = User(last_name="Петрова", first_name="Мария", patronymic="Ивановна")
    without = User(last_name="Smith", first_name="John", patronymic="")

    assert full_name(with_patronymic) == "Петрова Мария Ивановна"
    assert full_name(without) == "Smith John"


def test_a_masked_phone_shows_only_its_last_four_digits():
    assert masked_phone("+79161234567") == "+7 *** ***-45-67"


def test_a_masked_email_shows_its_first_letter_and_domain():
    assert masked_email("ivan.petrov@example.ru") == "i***@example.ru"


def test_masks_of_malformed_contacts_give_nothing_away():
    assert masked_phone("12") == "***"
    assert masked_email("not-an-address") == "***"
