"""Factories for test data: small functions with sensible defaults, overridable by keyword."""

from itertools import count

from sqlmodel import Session

from gosapp.models.registry import Clinic, InstitutionKind, Specialty

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
