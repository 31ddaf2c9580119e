"""GET /api/exports/record.pdf: the owner's record (or a treating doctor's view of it) as a PDF,
audited; nobody else gets a byte of it, by guessing ``patient`` or without a session."""

from types import SimpleNamespace

import pytest
from sqlmodel import select

from gosapp.models.accounts import utcnow
from gosapp.models.audit import AuditEvent
from gosapp.models.labs import DataAccess
from gosapp.models.scheduling import AppointmentStatus
from tests.api.test_exports import cookie_of, get
from tests.services.medical.test_access import doctor_user, visit
from tests.services.medical.test_record import _fill


@pytest.mark.anyio
async def test_the_owner_downloads_their_record_and_it_is_audited(engine, session, alice):
    _fill(session, alice.user)
    session.commit()
    response = await get(
        engine, "/api/exports/record.pdf?status=open&diagnosis=I10", cookie_of(session, alice)
    )
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert 'filename="medical-record.pdf"' in response.headers["content-disposition"]
    session.expire_all()
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "record.export_pdf")).one()
    assert event.user_id == alice.id


@pytest.mark.anyio
async def test_another_patients_id_or_no_session_gets_nothing(engine, session, alice, bob):
    _fill(session, alice.user)
    session.commit()
    guessed = await get(
        engine, f"/api/exports/record.pdf?patient={alice.id}", cookie_of(session, bob)
    )
    assert guessed.status_code == 404 and not guessed.content.startswith(b"%PDF")
    anonymous = await get(engine, f"/api/exports/record.pdf?patient={alice.id}")
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")


@pytest.mark.anyio
async def test_a_treating_doctors_download_is_shown_to_the_patient(engine, session, alice):
    doctor, resource = doctor_user(session)
    doctor.totp_enabled_at = utcnow()  # a signed-in session needs the second factor enrolled
    visit(session, resource, alice, AppointmentStatus.COMPLETED)
    session.commit()
    who = SimpleNamespace(id=doctor.id)  # cookie_of wants a persona-like object

    response = await get(
        engine, f"/api/exports/record.pdf?patient={alice.id}", cookie_of(session, who)
    )
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    session.expire_all()
    logged = session.exec(select(DataAccess)).one()
    assert (logged.viewer_id, logged.what) == (doctor.id, "record_pdf")
