"""Normalising what people type into forms: phone, e-mail, SNILS, INN, OMS, passport, names, dates.

Every ``normalize_*``/``parse_*`` function takes the raw text of one form field, forgives
surrounding spaces and the usual separators, and returns the value in its stored form, or raises
``Invalid(field, message)`` with a Russian message meant to be shown beside that field.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

import phonenumbers
from stdnum.ru import inn as ru_inn

from gosapp.services.common.errors import Invalid, NotFound

ID_MAX_DIGITS = 10
# Ids are below this: the range of an INTEGER column on PostgreSQL (a larger number there is
# an error, not a miss), and far more than the portal will ever hold.
ID_LIMIT = 2**31
_ID = re.compile(rf"[0-9]{{1,{ID_MAX_DIGITS}}}")  # ASCII digits only: not "²", "١" or "１"

# Whitespace (including no-break spaces) and hyphen/dash look-alikes people put between digits.
_DIGIT_SEPARATORS = re.compile(r"[\s\-‐‑‒–—]+")
_ASCII_DIGITS = re.compile(r"[0-9]+")

PHONE_MESSAGE = "Введите номер мобильного телефона в формате +7 XXX XXX-XX-XX"
_PHONE_CHARS = re.compile(r"\+?[0-9()\s\-‐‑‒–—.]+")
_MOBILE_TYPES = frozenset(
    {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}
)

EMAIL_MESSAGE = "Введите адрес электронной почты, например ivanov@mail.ru"
EMAIL_MAX_LENGTH = 254
_EMAIL_LOCAL_MAX_LENGTH = 64
_ATEXT = r"[a-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_TLD = r"(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})"
_EMAIL = re.compile(rf"{_ATEXT}(?:\.{_ATEXT})*@(?:{_LABEL}\.)+{_TLD}")

SNILS_MESSAGE = "СНИЛС — 11 цифр в формате XXX-XXX-XXX YY"
SNILS_CHECKSUM_MESSAGE = "Неверная контрольная сумма СНИЛС"
# Numbers up to 001-001-998 were issued before the checksum existed.
_SNILS_LAST_WITHOUT_CHECKSUM = 1_001_998

NAME_MAX_LENGTH = 80
NAME_REQUIRED_MESSAGE = "Заполните это поле"
NAME_LENGTH_MESSAGE = f"Не длиннее {NAME_MAX_LENGTH} символов"
NAME_MESSAGE = "Только русские буквы; внутри можно дефис, пробел или апостроф"
_NAME = re.compile(r"[А-ЯЁа-яё]+(?:[-' ][А-ЯЁа-яё]+)*")
_NAME_WORD = re.compile(r"[А-ЯЁа-яё]+")
_APOSTROPHES = re.compile(r"[’‘ʼ`´]")
_HYPHENS = re.compile(r"\s*[-‐‑‒–—]\s*")

DATE_MESSAGE = "Введите дату в формате ДД.ММ.ГГГГ"
DATE_MISSING_MESSAGE = "Такой даты нет — проверьте день и месяц"
_DATE_RU = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})")
_DATE_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
MIN_REGISTRATION_AGE = 14
MAX_AGE = 120


def _clean(raw: str | None) -> str:
    """Unicode-normalise (NFKC: full-width digits become ASCII) and strip surrounding space."""
    return unicodedata.normalize("NFKC", raw or "").strip()


def _digits(raw: str | None, *, field: str, length: int, message: str) -> str:
    """The digits of ``raw`` without spaces and hyphens; exactly ``length`` of them or Invalid."""
    digits = _DIGIT_SEPARATORS.sub("", _clean(raw))
    if len(digits) != length or not _ASCII_DIGITS.fullmatch(digits):
        raise Invalid(field, message)
    return digits


# --- contacts -----------------------------------------------------------------------------------


def normalize_phone(raw: str | None) -> str:
    """A Russian mobile number as E.164 ``+7XXXXXXXXXX``; accepts 8…, 7…, +7 (…) … forms."""
    text = _clean(raw)
    if not text or len(text) > 32 or not _PHONE_CHARS.fullmatch(text):
        raise Invalid("phone", PHONE_MESSAGE)
    try:
        number = phonenumbers.parse(text, "RU")
    except phonenumbers.NumberParseException:
        raise Invalid("phone", PHONE_MESSAGE) from None
    if not (
        phonenumbers.is_valid_number(number)
        and phonenumbers.region_code_for_number(number) == "RU"
        and phonenumbers.number_type(number) in _MOBILE_TYPES
    ):
        raise Invalid("phone", PHONE_MESSAGE)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalize_email(raw: str | None) -> str:
    """A lower-cased e-mail address ``local@domain.tld`` (ASCII, no spaces, ≤ 254 characters)."""
    email = _clean(raw).lower()
    local = email.rpartition("@")[0]
    if (
        len(email) > EMAIL_MAX_LENGTH
        or len(local) > _EMAIL_LOCAL_MAX_LENGTH
        or not _EMAIL.fullmatch(email)
    ):
        raise Invalid("email", EMAIL_MESSAGE)
    return email


# --- SNILS, INN, OMS --------------------------------------------------------------------------


def snils_checksum(first_nine: str) -> str:
    """The two check digits for the first nine digits of a SNILS (SPEC §6)."""
    total = sum(int(digit) * (9 - position) for position, digit in enumerate(first_nine))
    if total > 101:
        total %= 101
    return "00" if total >= 100 else f"{total:02d}"


def normalize_snils(raw: str | None) -> str:
    """A SNILS as 11 digits; accepts ``XXX-XXX-XXX YY`` and plain digits; checks the checksum."""
    digits = _digits(raw, field="snils", length=11, message=SNILS_MESSAGE)
    number, check = digits[:9], digits[9:]
    if int(number) > _SNILS_LAST_WITHOUT_CHECKSUM and snils_checksum(number) != check:
        raise Invalid("snils", SNILS_CHECKSUM_MESSAGE)
    return digits


def format_snils(digits: str) -> str:
    """Eleven SNILS digits shown as ``XXX-XXX-XXX YY``; ValueError for anything else."""
    if len(digits) != 11 or not _ASCII_DIGITS.fullmatch(digits):
        raise ValueError("format_snils expects 11 digits")
    return f"{digits[:3]}-{digits[3:6]}-{digits[6:9]} {digits[9:]}"


def normalize_inn(raw: str | None) -> str:
    """A personal INN: 12 digits with a valid checksum (a 10-digit company INN is refused)."""
    digits = _DIGIT_SEPARATORS.sub("", _clean(raw))
    if not _ASCII_DIGITS.fullmatch(digits):
        raise Invalid("inn", "ИНН физического лица — 12 цифр")
    if len(digits) == 10:
        raise Invalid("inn", "Это ИНН организации — укажите личный ИНН из 12 цифр")
    if len(digits) != 12:
        raise Invalid("inn", "ИНН физического лица — 12 цифр")
    if not ru_inn.is_valid(digits):
        raise Invalid("inn", "Неверная контрольная сумма ИНН")
    return digits


def normalize_oms(raw: str | None) -> str:
    """An OMS policy number (единый номер полиса): 16 digits."""
    return _digits(raw, field="oms_policy", length=16, message="Номер полиса ОМС — 16 цифр")


# --- passport -----------------------------------------------------------------------------------


def normalize_passport_series(raw: str | None) -> str:
    """A passport series: 4 digits (``45 08`` is accepted as ``4508``)."""
    return _digits(raw, field="passport_series", length=4, message="Серия паспорта — 4 цифры")


def normalize_passport_number(raw: str | None) -> str:
    """A passport number: 6 digits."""
    return _digits(raw, field="passport_number", length=6, message="Номер паспорта — 6 цифр")


def normalize_division_code(raw: str | None) -> str:
    """A subdivision code as ``NNN-NNN``; accepts 6 digits with or without the hyphen."""
    digits = _digits(
        raw,
        field="passport_division_code",
        length=6,
        message="Код подразделения — 6 цифр в формате NNN-NNN",
    )
    return f"{digits[:3]}-{digits[3:]}"


# --- names --------------------------------------------------------------------------------------


def _capitalise_words(name: str) -> str:
    """Each Cyrillic word with an upper-case first letter and the rest lower-case."""
    return _NAME_WORD.sub(lambda word: word[0][:1].upper() + word[0][1:].lower(), name)


def normalize_person_name(raw: str | None, field: str, required: bool = True) -> str:
    """A last/first name or patronymic in Cyrillic, each part capitalised (``Анна-Мария``).

    Hyphens, single spaces and apostrophes are allowed between letters. An empty value is
    returned as ``""`` when ``required`` is false (the patronymic).
    """
    name = _APOSTROPHES.sub("'", _clean(raw))
    name = _HYPHENS.sub("-", " ".join(name.split()))
    if not name:
        if required:
            raise Invalid(field, NAME_REQUIRED_MESSAGE)
        return ""
    if len(name) > NAME_MAX_LENGTH:
        raise Invalid(field, NAME_LENGTH_MESSAGE)
    if not _NAME.fullmatch(name):
        raise Invalid(field, NAME_MESSAGE)
    return _capitalise_words(name)


# --- dates --------------------------------------------------------------------------------------


def parse_date(raw: str | None, field: str) -> date:
    """A calendar date from ``ДД.ММ.ГГГГ`` or ISO ``YYYY-MM-DD``."""
    text = _clean(raw)
    if match := _DATE_RU.fullmatch(text):
        day, month, year = match.groups()
    elif match := _DATE_ISO.fullmatch(text):
        year, month, day = match.groups()
    else:
        raise Invalid(field, DATE_MESSAGE)
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise Invalid(field, DATE_MISSING_MESSAGE) from None


def age_on(birth_date: date, today: date) -> int:
    """Full years of a person born on ``birth_date`` on ``today``."""
    before_birthday = (today.month, today.day) < (birth_date.month, birth_date.day)
    return today.year - birth_date.year - before_birthday


def parse_birth_date(raw: str | None, today: date) -> date:
    """A date of birth: a real, non-future date; the person is 14 to 120 years old on ``today``."""
    born = parse_date(raw, "birth_date")
    if born > today:
        raise Invalid("birth_date", "Дата рождения не может быть в будущем")
    age = age_on(born, today)
    if age < MIN_REGISTRATION_AGE:
        raise Invalid("birth_date", f"Зарегистрироваться можно с {MIN_REGISTRATION_AGE} лет")
    if age > MAX_AGE:
        raise Invalid("birth_date", "Проверьте год рождения")
    return born


def parse_id(value: object, message: str = "Не найдено") -> int:
    """The database id a client sent, or ``NotFound(message)``.

    Accepted: a positive ``int`` below ``ID_LIMIT`` (2³¹), or such a number in 1–10 ASCII
    digits. Anything else (bools, floats, negative or huge numbers, dicts, lists, superscript
    or Arabic-Indic digits, spaces) is a missing object, never a crash: ids in handlers come
    from any client.
    """
    if isinstance(value, bool):
        raise NotFound(message)
    if isinstance(value, str) and _ID.fullmatch(value):
        value = int(value)
    if not isinstance(value, int) or not 0 < value < ID_LIMIT:
        raise NotFound(message)
    return value
