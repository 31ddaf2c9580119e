from datetime import date, time, timedelta

import pytest
from sqlmodel import select

from gosapp.models.audit import AuditEvent
from gosapp.models.notifications import Notification
from gosapp.models.scheduling import (
    Appointment,
    AppointmentStatus,
    ExceptionKind,
    ScheduleException,
    ScheduleTemplate,
)
from gosapp.services.common.errors import NotAllowed
from gosapp.services.identity.accounts import InvalidForm
from gosapp.services.scheduling import schedule_view, schedules
from gosapp.services.scheduling.schedule_forms import (
    AddException,
    DayHours,
    RemoveException,
    SetWeekday,
    parse_day_hours,
    parse_exception,
)
from tests.services.scheduling.setup import ACTOR, MONDAY, at, make_doctor, make_patient

A = AppointmentStatus
TODAY = date(2027, 1, 11)
HOURS = {"starts": "09:00", "ends": "13:00", "slot_minutes": "20"}


def booked(session, resource, starts, patient=None):
    patient = patient or make_patient(session, last_name="Орлова", first_name="Мария")
    row = Appointment(
        number=f"ЗП-2027-{starts:%d%H%M}",
        resource_id=resource.id,
        patient_id=patient.id,
        starts_at=starts,
        ends_at=starts + timedelta(minutes=20),
        status=A.SCHEDULED,
    )
    session.add(row)
    session.flush()
    return row


def preview(session, staff, resource, change):
    return schedules.affected_visits(
        session=session, user=staff, resource_id=resource.id, change=change, now=MONDAY
    )


def apply(session, staff, resource, change, confirmed=()):
    return schedules.apply(
        session=session,
        user=staff,
        resource_id=resource.id,
        change=change,
        confirmed=confirmed,
        actor=ACTOR,
        now=MONDAY,
    )


def vacation(first: date, last: date) -> AddException:
    return AddException(ExceptionKind.VACATION, first, last)


# --- forms ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({**HOURS, "starts": "9"}, "starts", "ЧЧ:ММ"),
        ({**HOURS, "ends": "08:00"}, "ends", "позже начала"),
        ({**HOURS, "slot_minutes": "4"}, "slot_minutes", "от 5 до 120"),
        ({**HOURS, "slot_minutes": "121"}, "slot_minutes", "от 5 до 120"),
        ({**HOURS, "ends": "09:10"}, "ends", "не помещается"),
        ({**HOURS, "break_starts": "12:00"}, "break_ends", "начало и конец"),
        ({**HOURS, "break_starts": "12:00", "break_ends": "14:00"}, "break_starts", "внутри"),
        ({**HOURS, "room": "x" * 21}, "room", "20"),
    ],
)
def test_bad_hours_are_named_per_field(data, field, message):
    with pytest.raises(InvalidForm) as caught:
        parse_day_hours(data)
    assert message in caught.value.errors[field]


def test_good_hours_with_a_break_parse():
    hours = parse_day_hours(
        {**HOURS, "break_starts": "11:00", "break_ends": "11:30", "works_on_holidays": "on"}
    )
    assert hours == DayHours(time(9), time(13), 20, time(11), time(11, 30), "", True)


def test_an_exception_needs_sane_days_and_an_extra_day_hours():
    with pytest.raises(InvalidForm) as caught:
        parse_exception({"kind": "vacation", "first_day": "2027-01-10", "last_day": ""}, TODAY)
    assert set(caught.value.errors) == {"first_day", "last_day"}
    with pytest.raises(InvalidForm) as caught:
        parse_exception(
            {"kind": "extra_day", "first_day": "2027-01-16", "last_day": "2027-01-16"}, TODAY
        )
    assert {"starts", "ends", "slot_minutes"} <= set(caught.value.errors)
    extra = parse_exception(
        {"kind": "extra_day", "first_day": "2027-01-16", "last_day": "2027-01-16"} | HOURS, TODAY
    )
    assert (extra.starts, extra.ends, extra.slot_minutes) == (time(9), time(13), 20)


def test_exception_days_are_typed_as_russian_dates():
    typed = parse_exception(
        {"kind": "vacation", "first_day": "12.01.2027", "last_day": "14.01.2027"}, TODAY
    )
    assert (typed.first_day, typed.last_day) == (date(2027, 1, 12), date(2027, 1, 14))
    with pytest.raises(InvalidForm) as caught:
        parse_exception({"kind": "vacation", "first_day": "31.02.2027", "last_day": "10.01"}, TODAY)
    assert set(caught.value.errors) == {"first_day", "last_day"}


# --- access -----------------------------------------------------------------------------------


def test_only_registrars_and_admins_edit_schedules(session, registrar, admin):
    doctor = make_doctor(session)
    citizen = make_patient(session)
    with pytest.raises(NotAllowed):
        preview(session, citizen, doctor, vacation(TODAY, TODAY))
    with pytest.raises(NotAllowed):
        schedule_view.week_rows(session=session, user=citizen, resource_id=doctor.id)
    assert preview(session, admin.user, doctor, vacation(TODAY, TODAY)) == []


# --- previews ---------------------------------------------------------------------------------


def test_a_vacation_lists_the_booked_visits_on_its_days_before_saving(session, registrar):
    doctor = make_doctor(session)
    hit = booked(session, doctor, at(12, 10))
    booked(session, doctor, at(15, 10))  # outside the vacation
    [row] = preview(session, registrar.user, doctor, vacation(date(2027, 1, 12), date(2027, 1, 13)))
    assert (row.id, row.when, row.patient) == (hit.id, "12.01.2027 10:00", "Орлова Мария Сергеевна")
    assert session.exec(select(ScheduleException)).all() == []


def test_shorter_hours_or_a_longer_slot_hit_the_visits_no_longer_on_the_grid(session, registrar):
    doctor = make_doctor(session)  # 09:00–13:00 every 20 minutes
    early, late, off_grid = (
        booked(session, doctor, at(12, h, m)) for h, m in ((9, 0), (12, 0), (9, 20))
    )
    shorter = SetWeekday(1, DayHours(time(9), time(11), 30))
    assert {v.id for v in preview(session, registrar.user, doctor, shorter)} == {
        late.id,
        off_grid.id,
    }
    assert early.status == A.SCHEDULED


def test_a_day_off_hits_that_weekday_only(session, registrar):
    doctor = make_doctor(session)
    tuesday, wednesday = booked(session, doctor, at(12, 10)), booked(session, doctor, at(13, 10))
    hits = preview(session, registrar.user, doctor, SetWeekday(1, None))
    assert [v.id for v in hits] == [tuesday.id] and wednesday.id not in [v.id for v in hits]


def test_past_visits_are_never_hit(session, registrar):
    doctor = make_doctor(session)
    booked(session, doctor, at(11, 9, 0) - timedelta(days=7))
    assert preview(session, registrar.user, doctor, SetWeekday(0, None)) == []


# --- applying ---------------------------------------------------------------------------------


def test_apply_saves_cancels_the_confirmed_visits_and_tells_their_patients(session, registrar):
    doctor = make_doctor(session)
    hit = booked(session, doctor, at(12, 10))
    change = vacation(date(2027, 1, 12), date(2027, 1, 12))
    rows = apply(session, registrar.user, doctor, change, confirmed=[hit.id])
    assert [r.id for r in rows] == [hit.id]
    session.refresh(hit)
    assert (hit.status, hit.cancelled_by) == (A.CANCELLED, "staff")
    note = session.exec(select(Notification).where(Notification.user_id == hit.patient_id)).one()
    assert "отменён из-за изменения расписания" in note.body and note.link == "/appointments"
    assert "12.01.2027 10:00" in note.body
    actions = set(session.exec(select(AuditEvent.action)).all())
    assert {"schedule.exception.add", "appointment.cancel"} <= actions
    assert (
        schedule_view.exception_rows(
            session=session, user=registrar.user, resource_id=doctor.id, today=TODAY
        )[0].kind
        == "Отпуск"
    )


def test_a_visit_booked_after_the_preview_stops_the_save(session, registrar):
    doctor = make_doctor(session)
    change = vacation(date(2027, 1, 12), date(2027, 1, 12))
    assert preview(session, registrar.user, doctor, change) == []
    newcomer = booked(session, doctor, at(12, 11))
    with pytest.raises(schedules.Unconfirmed) as caught:
        apply(session, registrar.user, doctor, change, confirmed=[])
    assert [v.id for v in caught.value.visits] == [newcomer.id]
    assert session.exec(select(ScheduleException)).all() == []
    assert newcomer.status == A.SCHEDULED


def test_saving_a_weekday_replaces_its_template_and_is_audited(session, registrar):
    doctor = make_doctor(session)
    hours = DayHours(time(14), time(20), 30, time(17), time(17, 30), "305", True)
    apply(session, registrar.user, doctor, SetWeekday(0, hours))
    [monday] = session.exec(
        select(ScheduleTemplate).where(
            ScheduleTemplate.resource_id == doctor.id, ScheduleTemplate.weekday == 0
        )
    ).all()
    assert (monday.starts, monday.slot_minutes, monday.room) == (time(14), 30, "305")
    row = schedule_view.week_rows(session=session, user=registrar.user, resource_id=doctor.id)[0]
    assert (row.hours, row.pause, row.slot, row.holidays) == (
        "14:00–20:00",
        "17:00–17:30",
        "30 мин",
        "работает",
    )
    audit = session.exec(
        select(AuditEvent).where(AuditEvent.action == "schedule.template.save")
    ).one()
    assert audit.object_id == str(doctor.id) and audit.details == "weekday=0"


def test_removing_an_extra_day_hits_its_visits(session, registrar):
    doctor = make_doctor(session)
    saturday = ScheduleException(
        resource_id=doctor.id,
        kind=ExceptionKind.EXTRA_DAY,
        first_day=date(2027, 1, 16),
        last_day=date(2027, 1, 16),
        starts=time(10),
        ends=time(14),
        slot_minutes=30,
    )
    session.add(saturday)
    session.flush()
    visit = booked(session, doctor, at(16, 10))
    change = RemoveException(saturday.id)
    assert [v.id for v in preview(session, registrar.user, doctor, change)] == [visit.id]
    apply(session, registrar.user, doctor, change, confirmed=[visit.id])
    assert session.get(ScheduleException, saturday.id) is None
    session.refresh(visit)
    assert visit.status == A.CANCELLED


def test_the_page_lists_clinics_specialties_and_resources(session, registrar):
    doctor = make_doctor(session)
    clinics = schedule_view.clinic_options(session=session, user=registrar.user)
    assert str(doctor.clinic_id) in [c.value for c in clinics]
    [spec] = schedule_view.specialty_options(
        session=session, user=registrar.user, clinic_id=doctor.clinic_id
    )
    [res] = schedule_view.resource_options(
        session=session,
        user=registrar.user,
        clinic_id=doctor.clinic_id,
        specialty_id=int(spec.value),
    )
    assert res.label.startswith("Смирнова Анна Викторовна — ")
