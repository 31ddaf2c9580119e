"""Demo attestation: the demo doctor (первая категория, still valid for a little over a year)
has applied for высшая — the application is submitted and awaits the registrar. The doctor's
career meets the requirements (fixed medical experience since 2003, the НМО cycle in its
first year), so the demo application passes the same check a real one does.

Idempotent: a doctor with any attestation application is left alone.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, select

from gosapp.models.accounts import User, utcnow
from gosapp.models.frmr import MedicalWorkerProfile, QualificationCategory
from gosapp.models.requests import Request
from gosapp.services.common.workdays import local_date
from gosapp.services.demo.portfolio import ACTOR, _pdf
from gosapp.services.documents import storage
from gosapp.services.frmr import attestation
from gosapp.services.frmr.attestation_review import TYPE_CODE

DOCTOR = "doctor@demo.gosapp.ru"
VALID_DAYS_LEFT = 420  # the current category ends in ~14 months: the reminder is due soon
TARGET = "highest"


def seed_attestation(*, session: Session, now: datetime | None = None) -> int:
    """The demo doctor's application for высшая категория; how many were filed (0 or 1)."""
    now = now or utcnow()
    doctor = session.exec(select(User).where(User.email == DOCTOR)).first()
    if doctor is None:
        return 0
    profile = session.exec(
        select(MedicalWorkerProfile).where(MedicalWorkerProfile.user_id == doctor.id)
    ).first()
    filed = select(Request.id).where(
        Request.applicant_id == doctor.id, Request.type_code == TYPE_CODE
    )
    if profile is None or session.exec(filed).first() is not None:
        return 0
    if profile.category != QualificationCategory.NONE and profile.category_valid_until is None:
        profile.category_valid_until = local_date(now) + timedelta(days=VALID_DAYS_LEFT)
        session.add(profile)
        session.flush()
    records = [r.id for r in attestation.approved_records(session, doctor)][:3]
    report = storage.stage(session=session, owner_id=doctor.id, filename="отчёт.pdf", data=_pdf())
    attestation.submit(
        session=session,
        user=doctor,
        target=TARGET,
        record_ids=records,
        document_ids=[report.id],
        actor=ACTOR,
        now=now,
    )
    return 1
