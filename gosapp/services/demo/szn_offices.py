"""Demo social-protection offices in the slot picker (SPEC §4): the offices' windows (seeded
with their hours by ``demo.scheduling``) receive by the «specialty» ``szn_office``, so the
picker offers them for «Консультация по льготам» and «Подача документов». Idempotent: the
specialty is created once and only windows without one are linked."""

from __future__ import annotations

from sqlmodel import Session, col, select

from gosapp.models.registry import Specialty
from gosapp.models.scheduling import Resource, ResourceKind
from gosapp.services.scheduling.catalog import OFFICE_SPECIALTY

OFFICE_NAME = "Отделение социальной защиты"


def seed_office_services(*, session: Session) -> int:
    """Link the office windows to the office «specialty»; how many were linked."""
    office = session.exec(select(Specialty).where(Specialty.code == OFFICE_SPECIALTY)).first()
    if office is None:
        office = Specialty(code=OFFICE_SPECIALTY, name=OFFICE_NAME)
        session.add(office)
        session.flush()
    windows = session.exec(
        select(Resource).where(
            Resource.kind == ResourceKind.OFFICE_WINDOW, col(Resource.specialty_id).is_(None)
        )
    ).all()
    for window in windows:
        window.specialty_id = office.id
        session.add(window)
    return len(windows)
