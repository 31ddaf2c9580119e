"""Synthetic patients, written straight into the target database, and their requests read back.

Signing N people up through the UI is not what a load run measures, so the patients are made
here with the services' own helpers (argon2 hash, encrypted TOTP secret, the standard level's
documents) — exactly what the real sign-in flow then checks. This is test tooling, not a
``gosapp`` command: a production deployment has no business creating accounts in bulk.

The process must see the server's settings (``GOSAPP_DATABASE_URL`` or ``GOSAPP_DATA_DIR``, and
``GOSAPP_SECRET_KEY`` or the demo key in the data folder): the TOTP secrets are encrypted with
that key, and the server must be able to decrypt them.

Each run gets a run number of its own (``load007-0042@load.gosapp.test``), so runs against the
same database never share users and the tally check sees only this run's requests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pyotp
from sqlmodel import col, select

from gosapp.db import session_scope, transaction
from gosapp.models.accounts import Role, Sex, User, UserRole, utcnow
from gosapp.models.requests import Request
from gosapp.services.demo.accounts import give_documents
from gosapp.services.identity import totp
from gosapp.services.identity.passwords import hash_password

DOMAIN = "load.gosapp.test"
PASSWORD = "Нагрузка-Синтетика-2026"  # one password for all: one argon2 hash to compute
_LOGIN = re.compile(r"load(\d{3})-\d{4}@" + re.escape(DOMAIN))
MAX_USERS = 10_000  # four digits of index in the login and the phone


@dataclass(frozen=True)
class Patient:
    """A synthetic patient the load client can sign in as."""

    user_id: int
    login: str
    password: str
    totp_secret: str


def next_run_number() -> int:
    """One more than the highest run number among the load users already in the database."""
    with session_scope() as db:
        emails = db.exec(select(User.email).where(col(User.email).like(f"load%@{DOMAIN}")))
        runs = [int(m.group(1)) for e in emails if (m := _LOGIN.fullmatch(e))]
    run = max(runs, default=0) + 1
    if run > 999:
        raise RuntimeError("999 load runs in this database: start from a fresh one")
    return run


def create_patients(count: int) -> list[Patient]:
    """``count`` patients at the standard level (they may order certificates), TOTP enrolled."""
    if not 0 < count <= MAX_USERS:
        raise ValueError(f"between 1 and {MAX_USERS} users")
    run, now = next_run_number(), utcnow()
    password_hash = hash_password(PASSWORD)
    made: list[tuple[User, str]] = []
    with transaction() as db:
        for i in range(count):
            secret = pyotp.random_base32()
            user = User(
                last_name="Нагрузкин",
                first_name="Тест",
                patronymic=f"№{i}",
                sex=Sex.FEMALE if i % 2 else Sex.MALE,
                birth_date=date(1960 + i % 40, 1 + i % 12, 1 + i % 28),
                phone=f"+7958{run:03d}{i:04d}",
                email=f"load{run:03d}-{i:04d}@{DOMAIN}",
                password_hash=password_hash,
                consent_version="2026-01",
                consent_at=now,
                phone_confirmed_at=now,
                email_confirmed_at=now,
                totp_secret_enc=totp.encrypt_secret(secret),
                totp_enabled_at=now,
            )
            db.add(user)
            made.append((user, secret))
        db.flush()
        for user, _secret in made:
            give_documents(user, series="4599", number=f"{user.id % 1_000_000:06d}")
            db.add(UserRole(user_id=user.id, role=Role.CITIZEN))
    return [Patient(u.id, u.email, PASSWORD, secret) for u, secret in made]


def request_numbers(user_ids: list[int]) -> dict[int, list[str]]:
    """The numbers of every request of these users, by user id (one query per 500 users)."""
    found: dict[int, list[str]] = {}
    with session_scope() as db:
        for start in range(0, len(user_ids), 500):
            chunk = user_ids[start : start + 500]
            query = select(Request.applicant_id, Request.number).where(
                col(Request.applicant_id).in_(chunk)
            )
            for applicant_id, number in db.exec(query):
                found.setdefault(applicant_id, []).append(number)
    return found
