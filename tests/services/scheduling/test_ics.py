"""Visits as iCalendar, parsed back with icalendar: one event per visit with a stable UID, the
clinic's zone, METHOD:CANCEL for a cancelled visit; the feed's window and its secret address."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar
from sqlmodel import select

from gosapp.models.scheduling import AppointmentStatus, CalendarFeed
from gosapp.services.scheduling import booking, feeds, ics
from tests.factories import make_clinic, make_specialty
from tests.services.scheduling.booked import book, visit
from tests.services.scheduling.setup import ACTOR, MONDAY, at, make_doctor, make_patient

A = AppointmentStatus


def parsed(data: bytes) -> Calendar:
    assert data.startswith(b"BEGIN:VCALENDAR")
    return Calendar.from_ical(data)


def test_a_visit_file_has_one_event_in_the_clinics_zone(session):
    clinic = make_clinic(
        session, timezone="Asia/Vladivostok", address="г. Владивосток, ул. Светланская, 1"
    )
    doctor = make_doctor(
        session, clinic=clinic, specialty=make_specialty(session, name="Кардиолог")
    )
    patient = make_patient(session)
    booked = book(session, patient, doctor, at(12, 3), now=MONDAY - timedelta(hours=8))
    row = ics.own_visit(session=session, patient=patient, appointment_id=booked.id)
    assert row is not None

    calendar = parsed(ics.visit_file(row, now=MONDAY))
    (event,) = calendar.walk("VEVENT")
    assert calendar["METHOD"] == "PUBLISH"
    assert str(event["UID"]) == f"{booked.number}@gosapp"
    assert str(event["SUMMARY"]) == "Приём: кардиолог, Смирнова Анна Викторовна"
    assert str(event["LOCATION"]) == "г. Владивосток, ул. Светланская, 1"
    start = event.decoded("DTSTART")
    assert event["DTSTART"].params["TZID"] == "Asia/Vladivostok"
    assert start.utcoffset() == ZoneInfo("Asia/Vladivostok").utcoffset(start.replace(tzinfo=None))
    assert (start.hour, start.minute) == (10, 0)
    assert event.decoded("DTEND") - start == timedelta(minutes=20)
    assert str(event["STATUS"]) == "CONFIRMED"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Vladivostok"]
    assert ics.file_name(row) == f"{booked.number}.ics"


def test_a_cancelled_visit_file_cancels_the_same_uid_with_a_higher_sequence(session):
    doctor, patient = make_doctor(session), make_patient(session)
    booked = book(session, patient, doctor, at(12, 10))
    row = ics.own_visit(session=session, patient=patient, appointment_id=booked.id)
    assert row is not None
    before = parsed(ics.visit_file(row, now=MONDAY)).walk("VEVENT")[0]
    booking.cancel(
        session=session,
        patient=patient,
        appointment_id=booked.id,
        actor=ACTOR,
        now=MONDAY + timedelta(hours=1),
    )
    row = ics.own_visit(session=session, patient=patient, appointment_id=booked.id)
    assert row is not None
    calendar = parsed(ics.visit_file(row, now=MONDAY))
    (event,) = calendar.walk("VEVENT")
    assert calendar["METHOD"] == "CANCEL" and str(event["STATUS"]) == "CANCELLED"
    assert event["UID"] == before["UID"] and event["SEQUENCE"] > before["SEQUENCE"]


def test_only_the_patient_gets_their_visit_and_never_a_handed_on_one(session):
    doctor, patient = make_doctor(session), make_patient(session)
    booked = book(session, patient, doctor, at(12, 10))
    moved = visit(
        session, patient, doctor, at(13, 10), A.CANCELLED, number=None, cancelled_by="reschedule"
    )
    assert (
        ics.own_visit(session=session, patient=make_patient(session), appointment_id=booked.id)
        is None
    )
    assert ics.own_visit(session=session, patient=patient, appointment_id=moved.id) is None
    assert ics.own_visit(session=session, patient=patient, appointment_id=999999) is None


def test_the_feed_holds_the_last_30_days_and_the_future(session):
    doctor, patient = make_doctor(session), make_patient(session)
    old = visit(session, patient, doctor, MONDAY - timedelta(days=31), A.COMPLETED)
    recent = visit(session, patient, doctor, MONDAY - timedelta(days=29), A.NO_SHOW)
    cancelled = visit(
        session, patient, doctor, MONDAY - timedelta(days=2), A.CANCELLED, cancelled_by="patient"
    )
    ahead = book(session, patient, doctor, at(12, 10))
    visit(session, make_patient(session), doctor, at(13, 10), A.SCHEDULED)

    calendar = parsed(ics.feed_file(session=session, patient=patient, now=MONDAY))
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {f"{v.number}@gosapp" for v in (recent, cancelled, ahead)}
    assert old.number and f"{old.number}@gosapp" not in events
    assert str(events[f"{cancelled.number}@gosapp"]["STATUS"]) == "CANCELLED"
    assert calendar["METHOD"] == "PUBLISH"


def test_a_feed_address_opens_only_its_patients_feed_until_rotated_or_revoked(session):
    patient = make_patient(session)
    assert feeds.created_at(session=session, patient=patient) is None
    url = feeds.create(session=session, patient=patient, actor=ACTOR)
    assert url.startswith("http") and url.endswith(".ics")
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    assert len(token) >= 43  # 256 bits, URL-safe base64
    stored = session.exec(select(CalendarFeed)).one()
    assert token not in stored.token_hash and len(stored.token_hash) == 64
    assert feeds.owner_of(session=session, token=token) == patient
    assert feeds.webcal_url(url).startswith("webcal://")

    again = feeds.create(session=session, patient=patient, actor=ACTOR)
    new_token = again.rsplit("/", 1)[1].removesuffix(".ics")
    assert new_token != token
    assert feeds.owner_of(session=session, token=token) is None
    assert feeds.owner_of(session=session, token=new_token) == patient
    assert len(session.exec(select(CalendarFeed)).all()) == 1

    assert feeds.revoke(session=session, patient=patient, actor=ACTOR)
    assert feeds.owner_of(session=session, token=new_token) is None
    assert not feeds.revoke(session=session, patient=patient, actor=ACTOR)
    assert feeds.owner_of(session=session, token="") is None
