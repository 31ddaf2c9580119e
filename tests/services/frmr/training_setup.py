"""Training programmes in tests: medical workers with a register profile and programmes of the
catalogue, each committed at once."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session

from gosapp.models.accounts import User
from gosapp.models.frmr import MedicalWorkerProfile
from gosapp.models.training import TrainingKind, TrainingProgramme
from gosapp.services.frmr import training
from gosapp.services.frmr.training_catalog import add_programme
from tests.factories import make_specialty
from tests.services.frmr.portfolio_setup import ACTOR, make_doctor

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
TODAY = date(2026, 11, 20)


def make_worker(session: Session) -> User:
    """A doctor (role) with a register profile: who may enrol."""
    user = make_doctor(session)
    specialty = make_specialty(session)
    session.add(
        MedicalWorkerProfile(
            user_id=user.id,
            specialty_id=specialty.id,
            position="Врач-терапевт",
            employer_name="ГБУЗ «ГП № 1»",
            employer_inn="7734135124",
            employer_ogrn="1027739054420",
            licence_number="ЛО-77-01-000001",
        )
    )
    session.commit()
    return user


def make_programme(session: Session, **overrides) -> TrainingProgramme:
    """An upcoming seminar with ten seats (override anything)."""
    values = {
        "title": "Кардиология для терапевтов",
        "provider": "РМАНПО",
        "kind": TrainingKind.SEMINAR,
        "starts_on": TODAY + timedelta(days=10),
        "ends_on": TODAY + timedelta(days=12),
        "hours": 18,
        "points": 18,
        "seats": 10,
        "region": "Москва",
        **overrides,
    }
    row = add_programme(session, **values)
    session.commit()
    return row


def enrol(session: Session, user: User, programme: TrainingProgramme, wait: bool = False):
    """``user`` enrols (committed)."""
    row = training.enrol(
        session=session, user=user, programme_id=programme.id, actor=ACTOR, wait=wait, now=NOW
    )
    session.commit()
    return row
