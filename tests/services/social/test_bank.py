"""BIK and account checks: the Bank of Russia control key, table-driven, with real
correspondent accounts of known banks as the reference the algorithm must reproduce."""

import pytest

from gosapp.services.common.errors import Invalid
from gosapp.services.social import bank

REAL_CORRESPONDENT = [  # published details of real banks
    ("044525225", "30101810400000000225"),  # ПАО Сбербанк, Москва
    ("044525974", "30101810145250000974"),  # АО «ТБанк»
    ("044525593", "30101810200000000593"),  # АО «Альфа-Банк»
    ("044030653", "30101810500000000653"),  # Северо-Западный банк ПАО Сбербанк
]


@pytest.mark.parametrize(("bik", "account"), REAL_CORRESPONDENT)
def test_real_correspondent_accounts_pass(bik, account):
    assert bank.check_account(bik, account) == account


@pytest.mark.parametrize(("bik", "account"), REAL_CORRESPONDENT)
def test_any_single_changed_digit_fails(bik, account):
    for position in range(5, 20):  # after «30101», which picks the rule
        digit = account[position]
        wrong = account[:position] + str((int(digit) + 1) % 10) + account[position + 1 :]
        with pytest.raises(Invalid):
            bank.check_account(bik, wrong)


@pytest.mark.parametrize(
    ("bik", "account", "expected"),  # the 9th digit is the key, computed by the known rule
    [
        ("044525225", "40817810000000000001", "40817810700000000001"),
        ("044525974", "40817810000000000001", "40817810000000000001"),
        ("044525593", "40702810000000012345", "40702810800000012345"),
        ("044030653", "42301810000000000777", "42301810200000000777"),
    ],
)
def test_settlement_account_control_key(bik, account, expected):
    assert bank.with_check_digit(bik, account) == expected
    assert bank.check_account(bik, expected) == expected
    wrong_key = expected[:8] + str((int(expected[8]) + 1) % 10) + expected[9:]
    with pytest.raises(Invalid, match="не сходится с БИК"):
        bank.check_account(bik, wrong_key)


def test_the_key_covers_the_bik():
    """The same account under another bank's BIK (another last three digits) is refused."""
    with pytest.raises(Invalid, match="не сходится с БИК"):
        bank.check_account("044525974", "40817810700000000001")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Укажите БИК"),
        ("04452522", "9 цифр"),
        ("0445252251", "9 цифр"),
        ("014525225", "начинается с 04"),
        ("04452522a", "9 цифр"),
    ],
)
def test_bad_biks(value, message):
    with pytest.raises(Invalid, match=message) as caught:
        bank.check_bik(value)
    assert caught.value.field == "bik"


def test_bik_and_account_accept_spaces_and_dashes():
    assert bank.check_bik(" 04 45 25 225 ") == "044525225"
    assert bank.check_account("044525225", "40817 810 7-0000-0000001") == "40817810700000000001"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Укажите номер счёта"),
        ("4081781070000000000", "20 цифр"),
        ("4081781070000000000x", "20 цифр"),
    ],
)
def test_bad_accounts(value, message):
    with pytest.raises(Invalid, match=message):
        bank.check_account("044525225", value)
