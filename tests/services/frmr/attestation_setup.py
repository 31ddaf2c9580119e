"""Doctors ready for attestation in tests: a profile, fixed experience, НМО settings and an
approved portfolio document — real service calls, committed at once."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlmodel import Session

from gosapp.models.accounts import User
from gosapp.models.frmr import MedicalWorkerProfile, QualificationCategory
from gosapp.models.portfolio import PortfolioRecord
from gosapp.models.requests import Request
from gosapp.services.frmr import attestation, education
from tests.factories import make_specialty
from tests.services.frmr import portfolio_setup
from tests.services.frmr.career_setup import add_period, decide
from tests.services.frmr.portfolio_setup import ACTOR, make_doctor, stage

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
GRANTED_UNTIL = date(2029, 6, 1)  # a category granted in mid-2024: not yet due to confirm


def give_profile(
    session: Session, user: User, category: str = "first", until: date | None = None
) -> MedicalWorkerProfile:
    """A register profile with ``category`` valid ``until`` (None: no end date recorded)."""
    profile = MedicalWorkerProfile(
        user_id=user.id,
        specialty_id=make_specialty(session).id,
        category=QualificationCategory(category),
        category_valid_until=until,
        position="Врач-терапевт",
        employer_name="ГБУЗ «ГКБ № 1»",
        employer_inn="7707083893",
        employer_ogrn="1027700132195",
        licence_number="ЛО-77-01-000001",
    )
    session.add(profile)
    session.commit()
    return profile


def approved_record(session: Session, user: User, staff: User) -> PortfolioRecord:
    """A portfolio record whose version the registrar approved."""
    row = portfolio_setup.add(session, user)
    portfolio_setup.decide(session, staff, row, "approve")
    return row


def ready_doctor(
    session: Session,
    staff: User,
    *,
    category: str = "first",
    started_on: str = "01.09.2015",
    accredited: str = "15.03.2026",
    until: date | None = GRANTED_UNTIL,
) -> tuple[User, PortfolioRecord]:
    """A doctor with ``category`` (valid ``until``, when not none), fixed medical experience
    since ``started_on`` (open) and an НМО cycle from ``accredited``, plus one approved
    portfolio document."""
    doctor = make_doctor(session)
    give_profile(session, doctor, category, until if category != "none" else None)
    period = add_period(session, doctor, started_on=started_on, ended_on="")
    decide(session, staff, period.request_id, "approve")
    education.save_settings(
        session=session,
        user=doctor,
        form={"accredited_on": accredited, "yearly_goal": "50"},
        actor=ACTOR,
        now=NOW,
    )
    session.commit()
    return doctor, approved_record(session, doctor, staff)


def apply(
    session: Session,
    doctor: User,
    records: list,
    target: str = "highest",
    report: bool = True,
    now: datetime = NOW,
) -> Request:
    """File ``doctor``'s application with a staged report, committed."""
    files = [stage(session, doctor, "отчёт.pdf").id] if report else []
    request = attestation.submit(
        session=session,
        user=doctor,
        target=target,
        record_ids=records,
        document_ids=files,
        actor=ACTOR,
        now=now,
    )
    session.commit()
    return request
