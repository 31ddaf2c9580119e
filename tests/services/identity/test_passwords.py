import re
import unicodedata
from importlib import resources

import pytest

from gosapp.services.common.errors import Invalid
from gosapp.services.identity import passwords
from gosapp.services.identity.passwords import (
    NEEDS_DIGIT,
    NEEDS_LOWER,
    NEEDS_UPPER,
    TOO_COMMON,
    TOO_LONG,
    TOO_SHORT,
    TOO_WEAK,
    check_new_password,
    hash_password,
    is_common_password,
    needs_rehash,
    password_problems,
    password_strength,
    verify_against_dummy,
    verify_password,
)

STRONG = "Сосна-Ветер-Молоко7"
ARGON2_PARAMS = re.compile(r"^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$[^$]+\$[^$]+$")


@pytest.fixture(scope="module")
def strong_hash() -> str:
    return hash_password(STRONG)


# --- hashing ------------------------------------------------------------------------------------


def test_hash_is_argon2id_with_owasp_parameters(strong_hash):
    match = ARGON2_PARAMS.match(strong_hash)
    assert match, strong_hash
    memory_kib, time_cost, parallelism = map(int, match.groups())
    assert memory_kib >= 19456
    assert time_cost >= 2
    assert parallelism == 1


def test_the_same_password_hashes_differently_each_time(strong_hash):
    assert hash_password(STRONG) != strong_hash


def test_right_password_verifies_and_wrong_one_does_not(strong_hash):
    assert verify_password(STRONG, strong_hash) is True
    assert verify_password(STRONG.lower(), strong_hash) is False
    assert verify_password("", strong_hash) is False


def test_long_cyrillic_password_is_hashed_in_full():
    first = ("ЖёлтыйКотПрыгает42" * 4)[:63] + "а"
    second = first[:-1] + "б"
    assert len(first) == len(second) == 64
    hashed = hash_password(first)
    assert verify_password(first, hashed) is True
    assert verify_password(second, hashed) is False


def test_password_differing_only_in_its_128th_character_does_not_verify():
    first = ("Zebra-Сосна-42-" * 9)[:127] + "x"
    hashed = hash_password(first)
    assert verify_password(first[:-1] + "y", hashed) is False
    assert verify_password(first[:100], hashed) is False  # what zxcvbn sees is not the password


def test_composed_and_decomposed_cyrillic_verify_alike():
    password = "Йогурт-Ёлка-2026"
    hashed = hash_password(unicodedata.normalize("NFC", password))
    assert verify_password(unicodedata.normalize("NFD", password), hashed) is True


@pytest.mark.parametrize(
    "bad_hash",
    [
        "!unusable",
        "",
        None,
        "$argon2id$garbage",
        "$2b$12$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234",  # bcrypt-shaped
        "plain text",
    ],
)
def test_unusable_or_malformed_hash_never_verifies_and_never_raises(bad_hash):
    assert verify_password(STRONG, bad_hash) is False


def test_fresh_hash_needs_no_rehash(strong_hash):
    assert needs_rehash(strong_hash) is False


@pytest.mark.parametrize(
    "settings",
    [
        {"type": "ID", "memory_cost": 8192, "time_cost": 2, "parallelism": 1},
        {"type": "ID", "memory_cost": 19456, "time_cost": 1, "parallelism": 1},
        {"type": "I", "memory_cost": 19456, "time_cost": 2, "parallelism": 1},
    ],
)
def test_hash_made_with_weaker_argon2_settings_needs_rehash(settings):
    from passlib.hash import argon2

    old_hash = argon2.using(**settings).hash(STRONG)
    assert verify_password(STRONG, old_hash) is True
    assert needs_rehash(old_hash) is True


@pytest.mark.parametrize("bad_hash", ["!unusable", "$2b$12$abcdefghijklmnopqrstuu"])
def test_unreadable_or_foreign_hash_needs_rehash(bad_hash):
    assert needs_rehash(bad_hash) is True


class _VerifySpy:
    """Records the hashes ``passwords._context.verify`` is asked to check."""

    def __init__(self, real):
        self.real = real
        self.hashes: list[str] = []

    def __call__(self, secret, hash_, **kwargs):
        self.hashes.append(hash_)
        return self.real(secret, hash_, **kwargs)


@pytest.fixture
def verify_spy(monkeypatch):
    spy = _VerifySpy(passwords._context.verify)
    monkeypatch.setattr(passwords._context, "verify", spy)
    return spy


def test_dummy_verification_does_a_real_argon2id_check_and_returns_false(verify_spy, strong_hash):
    assert verify_against_dummy(STRONG) is False
    assert verify_against_dummy("") is False
    first, second = verify_spy.hashes
    assert first == second  # one dummy hash, computed once
    assert ARGON2_PARAMS.match(first).groups() == ARGON2_PARAMS.match(strong_hash).groups()


def test_unusable_hash_costs_a_dummy_verification(verify_spy):
    assert verify_password(STRONG, "!unusable") is False
    assert verify_spy.hashes[-1].startswith("$argon2id$")


# --- policy: length and characters -------------------------------------------------------------


def test_strong_cyrillic_password_is_accepted():
    assert password_problems(STRONG) == []
    assert check_new_password(STRONG) is None


def test_cyrillic_letters_count_as_upper_and_lower_case_letters():
    problems = password_problems("Пароль2026")
    assert not {NEEDS_LOWER, NEEDS_UPPER, NEEDS_DIGIT} & set(problems)


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("Aa1", TOO_SHORT),
        ("Сос-Ве7", TOO_SHORT),
        ("Aa1-" + "Сосна-Ветер-" * 11, TOO_LONG),
        ("сосна-ветер-молоко7", NEEDS_UPPER),
        ("СОСНА-ВЕТЕР-МОЛОКО7", NEEDS_LOWER),
        ("Сосна-Ветер-Молоко", NEEDS_DIGIT),
        ("", TOO_SHORT),
    ],
)
def test_password_breaking_a_rule_is_refused_with_that_rule(password, problem):
    assert problem in password_problems(password)


def test_128_characters_is_the_longest_password_allowed():
    longest = (STRONG + "-") * 6 + "Ёж-Кот-Лиса-Волк-2026-Zebra!"
    longest = longest[:128]
    assert len(longest) == 128
    assert password_problems(longest) == []
    assert TOO_LONG in password_problems(longest + "x")


def test_empty_password_lists_every_missing_rule():
    assert password_problems("") == [TOO_SHORT, NEEDS_LOWER, NEEDS_UPPER, NEEDS_DIGIT]


def test_new_password_check_raises_the_first_problem_on_the_password_field():
    with pytest.raises(Invalid) as caught:
        check_new_password("aa1")
    assert caught.value.field == "password"
    assert caught.value.message == TOO_SHORT


# --- policy: common list and zxcvbn -------------------------------------------------------------


@pytest.mark.parametrize(
    "password",
    [
        "Qwerty123",
        "Password1",
        "1q2w3e4R",
        "P@ssw0rd",
        "Пароль123",
        "Gfhjkm123",  # «Пароль123» typed in the Latin layout
        "Йцукен123",  # «Qwerty123» typed in the Cyrillic layout
    ],
)
def test_common_password_is_refused_whatever_its_case_or_layout(password):
    assert is_common_password(password)
    assert TOO_COMMON in password_problems(password)


def test_common_password_list_is_shipped_lower_cased_and_large_enough():
    text = resources.files("gosapp").joinpath("data", "common_passwords.txt").read_text("utf-8")
    entries = text.splitlines()
    assert 500 <= len(entries) <= 1500
    assert all(entry and entry == entry.lower() and entry == entry.strip() for entry in entries)
    assert len(set(entries)) == len(entries)
    assert {"qwerty123", "йцукен", "пароль", "1q2w3e4r", "gfhjkm", "ghbdtn"} <= set(entries)


@pytest.mark.parametrize(
    "password",
    [
        "Ivanov1985",  # a surname and a year
        "Пароль2026",  # «gfhjkm2026» in the Latin layout: a known word and a year
        "ЙцукенЙцукен1",  # a keyboard row, twice
        "Aaaaaaaa1",
        "Abcd12345",
    ],
)
def test_easily_guessed_password_is_refused(password):
    assert not is_common_password(password)
    assert password_problems(password) == [TOO_WEAK]


def test_personal_data_makes_a_password_weak():
    password = "Petrov1985!"
    assert password_problems(password) == []
    assert password_problems(password, ["Пётр Петров", "p.petrov@mail.ru"]) == [TOO_WEAK]


@pytest.mark.parametrize("phone", ["+79161234567", "+7 (916) 123-45-67"])
def test_phone_number_in_the_password_is_recognised(phone):
    password = "Mail9161234567"
    assert password_problems(password) == []
    assert password_problems(password, [phone]) == [TOO_WEAK]


def test_empty_user_inputs_are_ignored():
    assert password_problems(STRONG, ["", None, "   "]) == []


# --- strength meter -----------------------------------------------------------------------------


def test_strength_is_zero_for_empty_and_common_passwords():
    assert password_strength("") == 0
    assert password_strength("Qwerty123") == 0


def test_strength_grows_with_the_password():
    assert password_strength("Ivanov1985") < 3
    assert password_strength(STRONG) == 4


def test_strength_of_a_password_longer_than_zxcvbn_reads_is_measured():
    assert password_strength(STRONG * 8) == 4
    assert password_problems(STRONG * 8) == [TOO_LONG]
