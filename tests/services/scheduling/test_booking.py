from datetime import timedelta

import pytest
from sqlmodel import select

from gosapp.models.accounts import AccountLevel
from gosapp.models.notifications import Notification
from gosapp.models.scheduling import Appointment, AppointmentStatus
from gosapp.services.common.errors import DomainError, NotAllowed, NotFound
from gosapp.services.scheduling import booking, holds
from tests.factories import make_clinic, make_user
from tests.services.scheduling.setup import ACTOR, MONDAY, at, make_doctor, make_patient


def hold(session, patient, doctor, starts, now=MONDAY, rescheduling=None):
    return booking.hold(
        session=session,
        patient=patient,
        resource_id=doctor.id,
        starts_at=starts,
        service_code="consultation",
        actor=ACTOR,
        now=now,
        rescheduling=rescheduling,
    )


def book(session, patient, doctor, starts, now=MONDAY):
    row = hold(session, patient, doctor, starts, now)
    return booking.confirm(
        session=session,
        patient=patient,
        appointment_id=row.id,
        actor=ACTOR,
        complaint="Кашель",
        now=now,
    )


def test_hold_then_confirm_books_with_a_number_and_tells_the_patient(session):
    doctor, patient = make_doctor(session), make_patient(session)
    visit = book(session, patient, doctor, at(12, 10))
    assert visit.status == AppointmentStatus.SCHEDULED
    assert visit.number == "ЗП-2027-000001"
    assert visit.complaint == "Кашель" and visit.hold_expires_at is None
    note = session.exec(select(Notification).where(Notification.user_id == patient.id)).one()
    assert "ЗП-2027-000001" in note.title and "12.01.2027 10:00" in note.body


def test_a_slot_someone_holds_cannot_be_held(session):
    doctor = make_doctor(session)
    hold(session, make_patient(session), doctor, at(12, 10))
    with pytest.raises(holds.SlotTaken):
        hold(session, make_patient(session), doctor, at(12, 10))


def test_an_expired_hold_frees_the_slot_and_cannot_be_confirmed(session):
    doctor, first, second = make_doctor(session), make_patient(session), make_patient(session)
    stale = hold(session, first, doctor, at(12, 10))
    later = MONDAY + booking.HOLD + timedelta(seconds=1)
    taken = hold(session, second, doctor, at(12, 10), now=later)
    with pytest.raises(booking.HoldExpired):
        booking.confirm(
            session=session, patient=first, appointment_id=stale.id, actor=ACTOR, now=later
        )
    assert taken.status == AppointmentStatus.HELD
    session.refresh(stale)
    assert stale.status == AppointmentStatus.EXPIRED


def test_a_new_pick_releases_the_previous_hold(session):
    doctor, patient = make_doctor(session), make_patient(session)
    first = hold(session, patient, doctor, at(12, 10))
    hold(session, patient, doctor, at(12, 11))
    session.refresh(first)
    assert first.status == AppointmentStatus.EXPIRED


def test_only_times_the_schedule_offers_within_the_window(session):
    doctor, patient = make_doctor(session), make_patient(session)
    for starts in (at(12, 10, 5), at(12, 14), at(11, 9, 40), MONDAY + timedelta(days=50)):
        with pytest.raises(booking.PolicyViolation):
            hold(session, patient, doctor, starts)


def test_booking_needs_a_standard_account(session):
    doctor, basic = make_doctor(session), make_user(session)
    assert basic.level == AccountLevel.BASIC
    with pytest.raises(NotAllowed, match="стандартная"):
        hold(session, basic, doctor, at(12, 10))


def test_one_future_visit_per_specialty(session):
    doctor, patient = make_doctor(session), make_patient(session)
    colleague = make_doctor(session)
    book(session, patient, doctor, at(12, 10))
    same_specialty = make_doctor(session, clinic=make_clinic(session))
    same_specialty.specialty_id = doctor.specialty_id
    session.add(same_specialty)
    with pytest.raises(booking.PolicyViolation, match="уже есть запись ЗП-2027-000001"):
        hold(session, patient, same_specialty, at(13, 10))
    assert hold(session, patient, colleague, at(13, 10))  # another specialty is fine


def test_no_two_visits_of_a_patient_at_the_same_time(session):
    patient = make_patient(session)
    book(session, patient, make_doctor(session), at(12, 10))
    with pytest.raises(booking.PolicyViolation, match="На это время"):
        hold(session, patient, make_doctor(session, slot_minutes=30), at(12, 10))


def test_cancel_up_to_two_hours_before(session):
    doctor, patient = make_doctor(session), make_patient(session)
    visit = book(session, patient, doctor, at(12, 10))
    late = at(12, 8, 1)
    with pytest.raises(booking.PolicyViolation, match="за 2 часа"):
        booking.cancel(
            session=session, patient=patient, appointment_id=visit.id, actor=ACTOR, now=late
        )
    booking.cancel(
        session=session, patient=patient, appointment_id=visit.id, actor=ACTOR, now=at(12, 8)
    )
    assert visit.status == AppointmentStatus.CANCELLED and visit.cancelled_by == "patient"
    # the slot is free again for another patient
    assert hold(session, make_patient(session), doctor, at(12, 10), now=at(12, 8))


def test_nobody_else_can_cancel_or_confirm_a_visit(session):
    doctor, patient, stranger = make_doctor(session), make_patient(session), make_patient(session)
    held = hold(session, patient, doctor, at(12, 10))
    with pytest.raises(NotFound):
        booking.confirm(
            session=session, patient=stranger, appointment_id=held.id, actor=ACTOR, now=MONDAY
        )
    visit = booking.confirm(
        session=session, patient=patient, appointment_id=held.id, actor=ACTOR, now=MONDAY
    )
    with pytest.raises(NotFound):
        booking.cancel(
            session=session, patient=stranger, appointment_id=visit.id, actor=ACTOR, now=MONDAY
        )


def test_reschedule_moves_the_visit_and_frees_the_old_slot_at_once(session):
    doctor, patient = make_doctor(session), make_patient(session)
    visit = book(session, patient, doctor, at(12, 10))
    number = visit.number
    new_hold = hold(session, patient, doctor, at(14, 11), rescheduling=visit.id)
    moved = booking.reschedule(
        session=session,
        patient=patient,
        appointment_id=visit.id,
        hold_id=new_hold.id,
        actor=ACTOR,
        now=MONDAY,
    )
    assert moved.status == AppointmentStatus.SCHEDULED and moved.number == number
    assert moved.rescheduled_from_id == visit.id and moved.complaint == "Кашель"
    session.refresh(visit)
    assert visit.status == AppointmentStatus.CANCELLED and visit.cancelled_by == "reschedule"
    live = session.exec(select(Appointment).where(Appointment.status == "scheduled")).all()
    assert [a.id for a in live] == [moved.id]
    assert hold(session, make_patient(session), doctor, at(12, 10))


def test_reschedule_fails_whole_when_the_hold_ran_out(session):
    doctor, patient = make_doctor(session), make_patient(session)
    visit = book(session, patient, doctor, at(12, 10))
    new_hold = hold(session, patient, doctor, at(14, 11), rescheduling=visit.id)
    with pytest.raises(DomainError):
        booking.reschedule(
            session=session,
            patient=patient,
            appointment_id=visit.id,
            hold_id=new_hold.id,
            actor=ACTOR,
            now=MONDAY + timedelta(minutes=6),
        )
    session.refresh(visit)
    assert visit.status == AppointmentStatus.SCHEDULED
