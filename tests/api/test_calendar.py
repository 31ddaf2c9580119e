"""GET /api/appointments/{id}.ics (the visit's patient only, everyone else a bare 404) and
GET /api/calendar/{token}.ics (the feed by its secret token, no session; unknown or revoked
tokens 404, and too many misses from one address 429)."""

from datetime import timedelta

import pytest
from icalendar import Calendar
from sqlmodel import select

from gosapp.api import calendar as calendar_api
from gosapp.models.accounts import utcnow
from gosapp.models.audit import AuditEvent
from gosapp.services.scheduling import calendar, feeds
from tests.api.test_documents import cookie_for, get
from tests.services.scheduling.booked import book
from tests.services.scheduling.setup import ACTOR, make_doctor, make_patient


def patient_with_2fa(session):
    """A standard-level patient who has enrolled TOTP (a session needs it)."""
    patient = make_patient(session)
    patient.totp_enabled_at = utcnow()
    session.add(patient)
    session.flush()
    return patient


def booked_visit(session, patient):
    """A visit two days ahead at the first slot the doctor has."""
    doctor = make_doctor(session, weekdays=(0, 1, 2, 3, 4, 5, 6))
    now = utcnow()
    day = (now + timedelta(days=2)).date()
    slots = calendar.free_slots(session, [doctor.id], day, day + timedelta(days=7), now)
    slot = slots[doctor.id][0]
    visit = book(session, patient, doctor, slot.starts_utc, now=now)
    session.commit()
    return visit


@pytest.mark.anyio
async def test_the_patient_downloads_their_visit_as_an_attachment(engine, session):
    patient = patient_with_2fa(session)
    visit = booked_visit(session, patient)
    response = await get(
        engine, f"/api/appointments/{visit.id}.ics", cookie_for(session, patient.id)
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert response.headers["content-disposition"].startswith("attachment;")
    assert response.headers["cache-control"] == "private, no-store"
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["UID"]) == f"{visit.number}@gosapp"


@pytest.mark.anyio
async def test_anyone_else_gets_a_bare_404_and_a_signed_in_miss_is_audited(engine, session):
    patient, stranger = patient_with_2fa(session), patient_with_2fa(session)
    visit = booked_visit(session, patient)
    path = f"/api/appointments/{visit.id}.ics"
    anonymous = await get(engine, path)
    other = await get(engine, path, cookie_for(session, stranger.id))
    missing = await get(engine, "/api/appointments/999999.ics", cookie_for(session, patient.id))
    garbage = await get(engine, f"/api/appointments/{10**30}.ics", cookie_for(session, patient.id))
    for response in (anonymous, other, missing, garbage):
        assert (response.status_code, response.content) == (404, b"")
        assert response.headers["cache-control"] == "private, no-store"
    session.expire_all()
    denied = session.exec(
        select(AuditEvent.user_id, AuditEvent.object_id).where(AuditEvent.action == "access.denied")
    ).all()
    assert sorted(denied) == sorted([(stranger.id, str(visit.id)), (patient.id, "999999")])


@pytest.mark.anyio
async def test_the_feed_opens_by_token_until_rotated_or_revoked(engine, session):
    patient = patient_with_2fa(session)
    visit = booked_visit(session, patient)
    url = feeds.create(session=session, patient=patient, actor=ACTOR)
    session.commit()
    path = url.split("://", 1)[1].split("/", 1)[1]
    response = await get(engine, "/" + path)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert response.headers["cache-control"] == "private, no-store"
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["UID"]) for e in events] == [f"{visit.number}@gosapp"]

    feeds.create(session=session, patient=patient, actor=ACTOR)  # rotate: the old URL dies
    session.commit()
    assert (await get(engine, "/" + path)).status_code == 404
    assert (await get(engine, "/api/calendar/nonsense.ics")).status_code == 404


@pytest.mark.anyio
async def test_too_many_unknown_tokens_from_one_address_are_refused(engine, session, monkeypatch):
    monkeypatch.setattr(
        calendar_api, "FEED_MISSES", (calendar_api.throttle.Rule(3, timedelta(minutes=15)),)
    )
    codes = [(await get(engine, f"/api/calendar/guess{i}.ics")).status_code for i in range(5)]
    assert codes == [404, 404, 404, 429, 429]
