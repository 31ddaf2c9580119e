"""Social-protection offices in the slot picker (SPEC §4): the office services offer the
offices' windows (and only them), the windows have free times from their schedules, and a
citizen books one through the same engine as a doctor's slot."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from gosapp.models.accounts import User, utcnow
from gosapp.models.scheduling import AppointmentStatus, Resource, ResourceKind
from gosapp.services.demo.accounts import seed_demo
from gosapp.services.demo.scheduling import seed_schedules
from gosapp.services.demo.szn_offices import seed_office_services
from gosapp.services.scheduling import booking, calendar, catalog
from tests.services.social.benefit_setup import ACTOR


def test_office_services_offer_windows_that_a_citizen_books(session):
    seed_demo(session=session)
    seed_schedules(session=session)
    assert seed_office_services(session=session) == 4
    assert seed_office_services(session=session) == 0  # idempotent
    session.commit()
    [office] = catalog.specialties(session, "szn_benefits")
    assert (office.code, office.name, office.doctors) == (
        "szn_office",
        "Отделение социальной защиты",
        4,
    )
    medical = {s.code for s in catalog.specialties(session, "consultation")}
    assert "szn_office" not in medical and "therapist" in medical
    now = utcnow()
    windows = catalog.doctors(session, specialty_code="szn_office", now=now)
    assert len(windows) == 4 and all(w.clinic.startswith("УСЗН") for w in windows)
    window = windows[0]
    assert window.nearest is not None
    slots = calendar.free_slots(
        session, [window.id], now.date(), now.date() + timedelta(days=14), now
    )[window.id]
    citizen = session.exec(select(User).where(User.email == "patient@demo.gosapp.ru")).one()
    held = booking.hold(
        session=session,
        patient=citizen,
        resource_id=window.id,
        starts_at=slots[0].starts,
        service_code="szn_documents",
        actor=ACTOR,
        now=now,
    )
    visit = booking.confirm(
        session=session, patient=citizen, appointment_id=held.id, actor=ACTOR, now=now
    )
    assert visit.status == AppointmentStatus.SCHEDULED and (visit.number or "").startswith("ЗП-")
    assert session.get_one(Resource, visit.resource_id).kind == ResourceKind.OFFICE_WINDOW
