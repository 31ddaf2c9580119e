"""Reading the reference data: clinics and specialties."""

from __future__ import annotations

from sqlmodel import Session, select

from gosapp.models.registry import Clinic, ClinicPublic, InstitutionKind, Specialty


def list_specialties(*, session: Session) -> list[Specialty]:
    """All specialties, alphabetically."""
    return list(session.exec(select(Specialty).order_by(Specialty.name)))


def list_clinics(
    *, session: Session, kind: InstitutionKind = InstitutionKind.CLINIC
) -> list[ClinicPublic]:
    """Institutions of one kind, by district then name, as public models."""
    rows = session.exec(
        select(Clinic).where(Clinic.kind == kind).order_by(Clinic.district, Clinic.name)
    )
    return [ClinicPublic.model_validate(row, from_attributes=True) for row in rows]
