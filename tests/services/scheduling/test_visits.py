"""«Мои записи» as the patient reads it: upcoming and past visits with Russian statuses, the
2-hour rule on the buttons, times in the clinic's zone, and waiting-list offers."""

from datetime import timedelta

import pytest
from sqlmodel import select

from gosapp.models.scheduling import Appointment, AppointmentStatus, WaitlistEntry
from gosapp.services.common.errors import NotFound
from gosapp.services.scheduling import booking, visits, waitlist
from tests.factories import make_clinic
from tests.services.scheduling.booked import book, visit
from tests.services.scheduling.setup import ACTOR, MONDAY, at, make_doctor, make_patient

A = AppointmentStatus


def test_upcoming_and_past_visits_with_russian_statuses(session):
    doctor, patient, stranger = make_doctor(session), make_patient(session), make_patient(session)
    soon = book(session, patient, doctor, at(12, 10))
    later = book(session, patient, make_doctor(session), at(14, 11))
    done = visit(session, patient, doctor, at(5, 10) - timedelta(days=30), A.COMPLETED)
    missed = visit(session, patient, doctor, at(5, 10) - timedelta(days=20), A.NO_SHOW)
    cancelled = visit(session, patient, doctor, at(5, 10), A.CANCELLED, cancelled_by="patient")
    unmarked = visit(session, patient, doctor, MONDAY - timedelta(hours=1), A.SCHEDULED)
    visit(session, patient, doctor, at(6, 10), A.CANCELLED, number=None, cancelled_by="reschedule")
    visit(session, stranger, doctor, at(13, 10), A.SCHEDULED)

    mine = visits.my_visits(session=session, patient=patient, now=MONDAY)

    assert [v.number for v in mine.upcoming] == [soon.number, later.number]
    assert [(v.number, v.status_label) for v in mine.past] == [
        (unmarked.number, "Ожидает отметки врача"),
        (cancelled.number, "Отменён"),
        (missed.number, "Неявка"),
        (done.number, "Состоялся"),
    ]
    first = mine.upcoming[0]
    assert first.status_label == "Запланирован" and first.when == "12.01.2027 10:00"
    assert first.zone == "" and first.doctor == "Смирнова Анна Викторовна"
    assert first.ics == f"/api/appointments/{soon.id}.ics"
    assert first.reschedule == f"/appointments?reschedule={soon.id}"
    assert not any(v.can_cancel or v.can_reschedule for v in mine.past)


def test_cancel_and_reschedule_close_two_hours_before(session):
    doctor, patient = make_doctor(session), make_patient(session)
    book(session, patient, doctor, at(12, 10))
    early = visits.my_visits(session=session, patient=patient, now=at(12, 8))
    late = visits.my_visits(session=session, patient=patient, now=at(12, 8, 1))
    assert early.upcoming[0].can_cancel and early.upcoming[0].can_reschedule
    assert not late.upcoming[0].can_cancel and not late.upcoming[0].can_reschedule


def test_a_visit_in_vladivostok_reads_in_vladivostok_time_marked_so(session):
    clinic = make_clinic(session, timezone="Asia/Vladivostok", address="г. Владивосток")
    doctor = make_doctor(session, clinic=clinic)
    patient = make_patient(session)
    # 10:00 in Vladivostok (UTC+10) is 00:00 UTC
    booked = book(session, patient, doctor, at(12, 3), now=MONDAY - timedelta(hours=8))
    row = visits.my_visits(session=session, patient=patient, now=MONDAY).upcoming[0]
    assert row.number == booked.number
    assert row.when == "12.01.2027 10:00" and row.zone == "время Владивостока, МСК+7"
    assert row.address == "г. Владивосток"


def offer_for(session, waiting_patient, doctor, starts):
    """Someone books ``starts`` and cancels it; the waiting patient is offered the slot."""
    waitlist.join(
        session=session, patient=waiting_patient, specialty_id=doctor.specialty_id, actor=ACTOR
    )
    other = make_patient(session)
    booked = book(session, other, doctor, starts)
    booking.cancel(
        session=session, patient=other, appointment_id=booked.id, actor=ACTOR, now=MONDAY
    )
    return session.exec(
        select(Appointment).where(
            Appointment.patient_id == waiting_patient.id, Appointment.status == A.HELD
        )
    ).one()


def test_a_live_offer_and_the_waiting_entries_are_listed(session):
    doctor, patient = make_doctor(session), make_patient(session)
    offer = offer_for(session, patient, doctor, at(12, 10))
    mine = visits.my_visits(session=session, patient=patient, now=MONDAY)
    assert [o.id for o in mine.offers] == [str(offer.id)]
    assert mine.offers[0].expires == "до 09:15" and mine.offers[0].replaces == ""
    assert [w.status_label for w in mine.waiting] == ["Предложено время"]
    gone = visits.my_visits(session=session, patient=patient, now=MONDAY + timedelta(minutes=16))
    assert gone.offers == []


def test_accepting_an_offer_books_it(session):
    doctor, patient = make_doctor(session), make_patient(session)
    offer = offer_for(session, patient, doctor, at(12, 10))
    booked = visits.accept_offer(
        session=session, patient=patient, appointment_id=offer.id, actor=ACTOR, now=MONDAY
    )
    assert booked.status == A.SCHEDULED and booked.number
    entry = session.get(WaitlistEntry, offer.waitlist_entry_id)
    assert entry is not None and entry.status == "booked"


def test_accepting_an_offer_moves_the_visit_of_that_specialty_there(session):
    doctor, patient = make_doctor(session), make_patient(session)
    later = book(session, patient, doctor, at(15, 12))
    number = later.number
    offer = offer_for(session, patient, doctor, at(12, 10))
    listed = visits.my_visits(session=session, patient=patient, now=MONDAY).offers[0]
    assert listed.replaces == number
    moved = visits.accept_offer(
        session=session, patient=patient, appointment_id=offer.id, actor=ACTOR, now=MONDAY
    )
    assert moved.id == offer.id and moved.number == number
    session.refresh(later)
    assert later.status == A.CANCELLED and later.cancelled_by == "reschedule"
    entry = session.get(WaitlistEntry, offer.waitlist_entry_id)
    assert entry is not None and entry.status == "booked"
    # the expiry scan leaves a booked entry alone
    assert waitlist.expire_offers(session, MONDAY + timedelta(minutes=20)) == 0


def test_nobody_else_accepts_a_patients_offer(session):
    doctor, patient = make_doctor(session), make_patient(session)
    offer = offer_for(session, patient, doctor, at(12, 10))
    with pytest.raises(NotFound):
        visits.accept_offer(
            session=session,
            patient=make_patient(session),
            appointment_id=offer.id,
            actor=ACTOR,
            now=MONDAY,
        )
