"""Factories for test data: small functions with sensible defaults, overridable by keyword."""

from datetime import date
from itertools import count

from sqlmodel import Session

from gosapp.models.accounts import AccountLevel, Role, Sex, User, UserRole, utcnow
from gosapp.models.registry import Clinic, InstitutionKind, Specialty
from gosapp.services.common.validation import snils_checksum
from gosapp.services.identity.levels import has_level
from gosapp.services.requests import catalog

_seq = count(1)


def make_specialty(session: Session, **overrides) -> Specialty:
    """A specialty with a unique code."""
    n = next(_seq)
    row = Specialty(**{"code": f"spec-{n}", "name": f"Специальность {n}", **overrides})
    session.add(row)
    session.flush()
    return row


def make_clinic(session: Session, **overrides) -> Clinic:
    """A clinic with a unique code."""
    n = next(_seq)
    values = {
        "code": f"clinic-{n}",
        "kind": InstitutionKind.CLINIC,
        "name": f"Поликлиника № {n}",
        "short_name": f"П-{n}",
        "district": "Центральный",
        "address": "г. Москва, ул. Тестовая, д. 1",
        "phone": "+74950000000",
    }
    row = Clinic(**{**values, **overrides})
    session.add(row)
    session.flush()
    return row


def make_user(session: Session, **overrides) -> User:
    """A citizen with confirmed contacts and unique phone/e-mail (no usable password)."""
    n = next(_seq)
    values = {
        "last_name": "Иванова",
        "first_name": "Анна",
        "patronymic": "Сергеевна",
        "birth_date": date(1985, 3, 14),
        "sex": Sex.FEMALE,
        "phone": f"+7925{n:07d}",
        "email": f"user{n}@example.ru",
        "password_hash": "!unusable",
        "consent_version": "2026-01",
        "consent_at": utcnow(),
        "phone_confirmed_at": utcnow(),
        "email_confirmed_at": utcnow(),
    }
    user = User(**{**values, **overrides})
    session.add(user)
    session.flush()
    session.add(UserRole(user_id=user.id, role=Role.CITIZEN))
    session.flush()
    return user


def give_documents(session: Session, user: User) -> User:
    """A checksum-valid SNILS unique to the user and a passport: a standard account (SPEC §1)."""
    first_nine = f"{200_000_000 + user.id:09d}"
    user.snils = user.snils or first_nine + snils_checksum(first_nine)
    if not user.passport_series:
        user.passport_series, user.passport_number = "4510", f"{user.id:06d}"
        user.passport_issued_on = date(2015, 6, 1)
        user.passport_issuer = "ГУ МВД России по г. Москве"
        user.passport_division_code = "770-001"
    if user.level == AccountLevel.BASIC:
        user.level = AccountLevel.STANDARD
    session.add(user)
    session.flush()
    return user


def level_for(session: Session, user: User, type_code: str) -> User:
    """``user`` with the documents request type ``type_code`` needs (SPEC §1), when missing."""
    if not has_level(user, catalog.get(type_code).level):
        give_documents(session, user)
    return user
