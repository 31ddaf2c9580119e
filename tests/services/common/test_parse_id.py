"""``parse_id``: the one place an id from a client becomes an int (or a plain «not found»)."""

import pytest

from gosapp.services.common.errors import NotFound
from gosapp.services.common.validation import parse_id

HOSTILE = [
    "²",  # str.isdigit() says yes, int() says no
    "١٢",  # Arabic-Indic digits: int() would accept them
    "１２",  # full-width digits: int() would accept them too
    "1" * 20,
    "9" * 5000,  # int() of this raises ValueError (the 4300-digit limit)
    "",
    " 12",
    "12\n",
    "-5",
    "+5",
    "0",
    "000",
    "1e3",
    "0x10",
    "1_000",
    -5,
    0,
    2**31,  # beyond PostgreSQL's INTEGER: an error there if it reached the database
    "2147483648",
    "9" * 10,
    10**12,
    10**30,
    1.0,
    float("nan"),
    True,
    False,
    None,
    {},
    {"id": 1},
    [1],
    b"12",
]


@pytest.mark.parametrize("value", HOSTILE, ids=lambda v: repr(v)[:16])
def test_hostile_ids_are_not_found_never_a_crash(value):
    with pytest.raises(NotFound) as refused:
        parse_id(value, "Заявление не найдено")
    assert refused.value.message == "Заявление не найдено"


@pytest.mark.parametrize(
    ("value", "number"),
    [(1, 1), ("1", 1), ("42", 42), ("007", 7), ("2147483647", 2**31 - 1), (2**31 - 1, 2**31 - 1)],
)
def test_positive_ints_and_short_ascii_digit_strings_are_ids(value, number):
    assert parse_id(value) == number
