"""The waiting list on a controlled clock: a freed slot goes to the first in line for 15
minutes, then to the next; a run-out offer cannot be confirmed."""

from datetime import timedelta

import pytest
from sqlmodel import col, select

from gosapp.models.notifications import Notification
from gosapp.models.scheduling import Appointment, AppointmentStatus, WaitlistEntry
from gosapp.services.scheduling import booking, waitlist
from tests.services.scheduling.booked import book
from tests.services.scheduling.setup import ACTOR, MONDAY, at, make_doctor, make_patient

A = AppointmentStatus


def held_for(session, patient) -> list[Appointment]:
    return list(
        session.exec(
            select(Appointment).where(
                Appointment.patient_id == patient.id, Appointment.status == A.HELD
            )
        )
    )


def notes(session, patient) -> list[str]:
    query = select(Notification.title).where(Notification.user_id == patient.id)
    return list(session.exec(query.order_by(col(Notification.id))))


def test_a_freed_slot_goes_to_the_first_in_line_then_to_the_next(session):
    doctor = make_doctor(session)
    anna, boris, vera = make_patient(session), make_patient(session), make_patient(session)
    visit = book(session, anna, doctor, at(12, 10))
    for patient in (boris, vera):  # Борис joined first
        waitlist.join(
            session=session, patient=patient, specialty_id=doctor.specialty_id, actor=ACTOR
        )

    booking.cancel(session=session, patient=anna, appointment_id=visit.id, actor=ACTOR, now=MONDAY)

    (offer,) = held_for(session, boris)
    assert offer.resource_id == doctor.id and offer.waitlist_entry_id is not None
    assert offer.hold_expires_at is not None
    assert notes(session, boris) == ["Освободилось время приёма"]
    assert held_for(session, vera) == [] and notes(session, vera) == []

    # 14 minutes later the offer is still Борис's alone
    assert waitlist.expire_offers(session, MONDAY + timedelta(minutes=14)) == 0
    assert held_for(session, vera) == []

    later = MONDAY + waitlist.OFFER_HOLD  # 15 minutes: the hold has run out
    assert waitlist.expire_offers(session, later) == 1
    session.expire_all()
    (passed,) = held_for(session, vera)
    assert passed.starts_at == offer.starts_at
    assert notes(session, vera) == ["Освободилось время приёма"]
    assert session.get(Appointment, offer.id).status == A.EXPIRED
    entry = session.get(WaitlistEntry, offer.waitlist_entry_id)
    assert entry is not None and entry.status == "waiting"  # still in line for another slot

    with pytest.raises(booking.HoldExpired):
        booking.confirm(
            session=session, patient=boris, appointment_id=offer.id, actor=ACTOR, now=later
        )
    # Вера confirms hers
    booked = booking.confirm(
        session=session, patient=vera, appointment_id=passed.id, actor=ACTOR, now=later
    )
    assert booked.status == A.SCHEDULED


def test_a_declined_offer_passes_on_at_the_next_scan(session):
    doctor = make_doctor(session)
    anna, boris, vera = make_patient(session), make_patient(session), make_patient(session)
    visit = book(session, anna, doctor, at(12, 10))
    for patient in (boris, vera):
        waitlist.join(
            session=session, patient=patient, specialty_id=doctor.specialty_id, actor=ACTOR
        )
    booking.cancel(session=session, patient=anna, appointment_id=visit.id, actor=ACTOR, now=MONDAY)
    (offer,) = held_for(session, boris)
    booking.release(session=session, patient=boris, appointment_id=offer.id)
    assert waitlist.expire_offers(session, MONDAY + timedelta(minutes=1)) == 1
    assert len(held_for(session, vera)) == 1
