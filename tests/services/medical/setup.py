"""Lab test data: results for a patient at fixed times, built through the catalogue."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import Session

from gosapp.models.accounts import User
from gosapp.models.labs import LabResult
from gosapp.services.medical.lab_results import build_result

START = datetime(2026, 1, 15, 7, 30, tzinfo=UTC)


def add_result(
    session: Session,
    patient: User,
    code: str = "GLU",
    value: float = 5.0,
    taken_at: datetime = START,
    **extra,
) -> LabResult:
    """One saved result (flushed, so it has an id); ``patient`` is a User or a test Persona."""
    row = build_result(
        getattr(patient, "user", patient),
        code,
        value,
        taken_at,
        laboratory="Лаборатория ФМБА",
        **extra,
    )
    session.add(row)
    session.flush()
    return row


def add_series(
    session: Session, patient: User, code: str, values: list[float], every_days: int = 30
) -> list[LabResult]:
    """One analyte's values, ``every_days`` apart from START, oldest first."""
    return [
        add_result(session, patient, code, value, START + timedelta(days=every_days * n))
        for n, value in enumerate(values)
    ]
