from datetime import date, time, timedelta

from gosapp.models.scheduling import ExceptionKind, ScheduleException
from gosapp.services.scheduling import booking, calendar
from tests.factories import make_clinic
from tests.services.scheduling.setup import ACTOR, MONDAY, at, make_doctor, make_patient


def test_a_template_gives_slots_of_its_length_around_the_break(session):
    doctor = make_doctor(session, break_starts=time(11, 0), break_ends=time(12, 0))
    slots = calendar.free_slots(session, [doctor.id], date(2027, 1, 12), date(2027, 1, 12), MONDAY)
    starts = [s.starts.strftime("%H:%M") for s in slots[doctor.id]]
    assert starts[:3] == ["09:00", "09:20", "09:40"]
    assert "10:40" in starts and "11:00" not in starts and "11:40" not in starts
    assert starts[-1] == "12:40"
    assert len(starts) == 9


def test_no_slot_within_an_hour_from_now_nor_in_the_past(session):
    doctor = make_doctor(session)
    slots = calendar.free_slots(session, [doctor.id], MONDAY.date(), MONDAY.date(), MONDAY)
    first = slots[doctor.id][0].starts
    assert first.strftime("%H:%M") == "10:00"  # it is 09:00: 09:00–09:40 are closed


def test_public_holidays_are_closed_unless_the_template_works_them(session):
    closed = make_doctor(session, weekdays=(3,))
    open_ = make_doctor(session, weekdays=(3,), works_on_holidays=True)
    thursday = date(2027, 1, 7)  # Рождество
    now = MONDAY - timedelta(days=7)
    slots = calendar.free_slots(session, [closed.id, open_.id], thursday, thursday, now)
    assert slots[closed.id] == [] and len(slots[open_.id]) == 12


def test_vacation_closes_days_and_an_extra_day_opens_one(session):
    doctor = make_doctor(session)
    session.add(
        ScheduleException(
            resource_id=doctor.id,
            kind=ExceptionKind.VACATION,
            first_day=date(2027, 1, 12),
            last_day=date(2027, 1, 13),
        )
    )
    session.add(
        ScheduleException(
            resource_id=doctor.id,
            kind=ExceptionKind.EXTRA_DAY,
            first_day=date(2027, 1, 16),
            last_day=date(2027, 1, 16),
            starts=time(10, 0),
            ends=time(11, 0),
            slot_minutes=30,
        )
    )
    session.flush()
    counts = calendar.month_counts(session, [doctor.id], 2027, 1, MONDAY)
    assert date(2027, 1, 12) not in counts and date(2027, 1, 13) not in counts
    assert counts[date(2027, 1, 14)] == 12
    assert counts[date(2027, 1, 16)] == 2  # a Saturday, opened by the exception


def test_slots_are_in_the_clinics_zone_and_stored_in_utc(session):
    vladivostok = make_clinic(session, timezone="Asia/Vladivostok")
    doctor = make_doctor(session, clinic=vladivostok)
    slots = calendar.free_slots(session, [doctor.id], date(2027, 1, 12), date(2027, 1, 12), MONDAY)
    first = slots[doctor.id][0]
    assert first.starts.strftime("%H:%M") == "09:00"
    assert first.starts_utc.hour == 23  # 09:00 in Владивосток is 23:00 UTC the day before


def test_a_held_or_booked_slot_is_not_free_and_an_expired_hold_is(session):
    doctor = make_doctor(session)
    patient = make_patient(session)
    held = booking.hold(
        session=session,
        patient=patient,
        resource_id=doctor.id,
        starts_at=at(12, 9),
        service_code="consultation",
        actor=ACTOR,
        now=MONDAY,
    )
    day = date(2027, 1, 12)
    free = calendar.free_slots(session, [doctor.id], day, day, MONDAY)[doctor.id]
    assert at(12, 9) not in [s.starts_utc for s in free]
    later = held.hold_expires_at + timedelta(seconds=1)
    free = calendar.free_slots(session, [doctor.id], day, day, later)[doctor.id]
    assert at(12, 9) in [s.starts_utc for s in free]


def test_only_six_weeks_ahead(session):
    doctor = make_doctor(session)
    far = MONDAY.date() + timedelta(days=60)
    slots = calendar.free_slots(session, [doctor.id], far, far, MONDAY)
    assert slots[doctor.id] == []
