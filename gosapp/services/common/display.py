"""How values read on screen and in exports: times, phones, file sizes, deadlines, names.

One definition each, so a page, an export and a notification never disagree. Times are stored
in UTC and shown in the portal's time zone (``GOSAPP_TZ``).
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, time

import phonenumbers

from gosapp.models.accounts import User
from gosapp.settings import get_settings

KB = 1024
MB = 1024 * 1024


def display_time(moment: datetime) -> str:
    """``ДД.ММ.ГГГГ ЧЧ:ММ`` in the portal's time zone (a naive time is taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(get_settings().tz).strftime("%d.%m.%Y %H:%M")


def local_midnight_utc(day: date) -> datetime:
    """The start of ``day`` in the portal's time zone, as UTC (how times are stored)."""
    return datetime.combine(day, time(0), tzinfo=get_settings().tz).astimezone(UTC)


def format_phone(phone: str) -> str:
    """An E.164 number as people read it: ``+7 916 123-45-67``."""
    try:
        number = phonenumbers.parse(phone)
    except phonenumbers.NumberParseException:
        return phone
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def file_size(size: int) -> str:
    """«12 КБ» or «1,5 МБ»; kilobytes round up, so a small file never reads «0 КБ»."""
    if size < MB:
        return f"{max(1, math.ceil(size / KB))} КБ"
    return f"{size / MB:.1f} МБ".replace(".", ",")


def short_deadline(due_on: date | None) -> str:
    """«до 24.11.2026», or "" without a deadline."""
    return f"до {due_on:%d.%m.%Y}" if due_on else ""


def full_name(user: User) -> str:
    """«Фамилия Имя Отчество», without the patronymic when there is none."""
    return " ".join(p for p in (user.last_name, user.first_name, user.patronymic) if p)


def masked_phone(phone: str) -> str:
    """Where an SMS went, without the number: ``+7 *** ***-45-67`` (the last four digits)."""
    digits = "".join(c for c in phone if c.isdigit())
    if len(digits) < 4:
        return "***"
    prefix = f"+{digits[0]} " if len(digits) == 11 else ""
    return f"{prefix}*** ***-{digits[-4:-2]}-{digits[-2:]}"


def masked_email(email: str) -> str:
    """Where a letter went, without the address: ``i***@example.ru`` (first letter, domain)."""
    local, at, domain = email.rpartition("@")
    if not at or not local:
        return "***"
    return f"{local[0]}***@{domain}"
