"""Portfolios in tests: doctors, real files (a PDF fpdf2 drew, a PNG Pillow drew) and the
staff decisions, each a real service call committed at once."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

from PIL import Image
from sqlmodel import Session

from gosapp.models.accounts import AccountLevel, Role, User, utcnow
from gosapp.models.portfolio import PortfolioRecord
from gosapp.models.requests import Request, RequestStatus
from gosapp.services.common import pdf
from gosapp.services.common.audit import Actor
from gosapp.services.documents import storage
from gosapp.services.frmr import portfolio
from gosapp.services.identity.roles import grant_role
from gosapp.services.requests import workflow
from tests.factories import make_user

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
TODAY = date(2026, 11, 20)
ACTOR = Actor(ip="127.0.0.1", user_agent="pytest")
FORM = {
    "doc_type": "specialist_certificate",
    "number": "0177241234567",
    "issued_on": "15.03.2022",
    "issuer": "РНИМУ им. Н. И. Пирогова",
    "valid_until": "15.03.2027",
}


def a_pdf(title: str = "Сертификат специалиста") -> bytes:
    """A real one-page PDF."""
    return pdf.table_report(title=title, subtitle="", columns=[("A", 1)], rows=[["1"]])


def a_png(color: str = "navy") -> bytes:
    """A real 40×30 PNG."""
    out = io.BytesIO()
    Image.new("RGB", (40, 30), color).save(out, format="PNG")
    return out.getvalue()


def make_doctor(session: Session, **overrides) -> User:
    """A confirmed account (TOTP enrolled, so a session works) holding the doctor role."""
    values = {"totp_enabled_at": utcnow(), "level": AccountLevel.CONFIRMED, **overrides}
    user = make_user(session, **values)
    grant_role(session=session, user_id=user.id, role=Role.DOCTOR)
    session.commit()
    return user


def stage(session: Session, user: User, name: str = "сертификат.pdf", data: bytes | None = None):
    """One staged upload of ``user`` (committed)."""
    document = storage.stage(
        session=session, owner_id=user.id, filename=name, data=a_pdf() if data is None else data
    )
    session.commit()
    return document


def add(session: Session, user: User, form: dict | None = None, **files) -> PortfolioRecord:
    """A record with one staged PDF (or the given documents), committed."""
    documents = files.get("documents") or [stage(session, user)]
    row = portfolio.add_record(
        session=session,
        user=user,
        form={**FORM, **(form or {})},
        document_ids=[d.id for d in documents],
        actor=ACTOR,
        now=NOW,
    )
    session.commit()
    return row


def decide(session: Session, staff: User, row: PortfolioRecord, action: str, text: str = ""):
    """``staff`` claims the record's newest version (when not yet claimed) and decides."""
    request_id = portfolio.versions_of(session, row.id)[0].request_id
    if session.get_one(Request, request_id).status == RequestStatus.SUBMITTED:
        workflow.transition(
            session=session, request_id=request_id, action="claim", user=staff, actor=ACTOR
        )
    workflow.transition(
        session=session, request_id=request_id, action=action, user=staff, actor=ACTOR, text=text
    )
    session.commit()
