from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from gosapp.models.accounts import Role
from gosapp.models.audit import AuditEvent
from gosapp.models.scheduling import Appointment, AppointmentStatus
from gosapp.services.common.audit import Actor
from gosapp.services.common.errors import NotAllowed, NotFound
from gosapp.services.identity.roles import grant_role
from gosapp.services.scheduling import workplace
from tests.factories import make_clinic, make_user
from tests.services.scheduling.setup import ACTOR, MONDAY, at, make_doctor, make_patient

A = AppointmentStatus


def a_doctor(session, **kwargs):
    """A user with the doctor role linked to a resource with a weekday template."""
    user = make_user(session, last_name="Лебедев", first_name="Дмитрий", patronymic="Андреевич")
    grant_role(session=session, user_id=user.id, role=Role.DOCTOR)
    resource = make_doctor(session, **kwargs)
    resource.user_id = user.id
    resource.room = "204"
    session.add(resource)
    session.flush()
    return user, resource


def visit(session, resource, starts, patient=None, status=A.SCHEDULED, complaint="Кашель"):
    patient = patient or make_patient(session, birth_date=date(1984, 6, 1))
    row = Appointment(
        number=f"ЗП-2027-{starts:%d%H%M}",
        resource_id=resource.id,
        patient_id=patient.id,
        specialty_id=resource.specialty_id,
        starts_at=starts,
        ends_at=starts + timedelta(minutes=20),
        status=status,
        complaint=complaint,
    )
    session.add(row)
    session.flush()
    return row


def mark(session, user, row, outcome="completed", now=None):
    return workplace.mark(
        session=session,
        doctor=user,
        appointment_id=row.id,
        outcome=outcome,
        actor=Actor(user.id, "doctor", ACTOR.ip, ACTOR.user_agent),
        now=now or at(11, 12),
    )


@pytest.mark.parametrize(
    ("years", "label"),
    [
        (1, "1 год"),
        (2, "2 года"),
        (5, "5 лет"),
        (11, "11 лет"),
        (12, "12 лет"),
        (21, "21 год"),
        (42, "42 года"),
        (104, "104 года"),
        (111, "111 лет"),
        (0, "0 лет"),
    ],
)
def test_years_read_in_russian(years, label):
    assert workplace.years_label(years) == label


def test_the_day_lists_the_doctors_visits_with_patient_age_service_and_complaint(session):
    doctor, resource = a_doctor(session)
    patient = make_patient(
        session, last_name="Орлова", first_name="Мария", patronymic="", birth_date=date(1984, 6, 1)
    )
    visit(session, resource, at(11, 9, 20), patient)
    visit(session, resource, at(12, 9), status=A.SCHEDULED)  # tomorrow
    visit(session, resource, at(11, 10), status=A.CANCELLED)
    visit(session, make_doctor(session), at(11, 9))  # another doctor's
    [row] = workplace.day_visits(session=session, doctor=doctor, day=date(2027, 1, 11), now=MONDAY)
    assert (row.time, row.patient, row.age) == ("09:20–09:40", "Орлова Мария", "42 года")
    assert (row.service, row.complaint, row.status_label) == (
        "Консультация",
        "Кашель",
        "Запланирован",
    )
    assert row.place.endswith(", каб. 204") and not row.can_mark  # it has not started yet


def test_the_week_runs_monday_to_sunday_with_empty_days(session):
    doctor, resource = a_doctor(session)
    visit(session, resource, at(13, 9))
    visit(session, resource, at(18, 9))  # next Monday
    days = workplace.week_visits(session=session, doctor=doctor, day=date(2027, 1, 14), now=MONDAY)
    assert days[0].day == "2027-01-11" and days[-1].day == "2027-01-17"
    assert [len(d.visits) for d in days] == [0, 0, 1, 0, 0, 0, 0]
    assert days[2].label == "ср, 13.01.2027"


def test_times_are_the_clinics_own(session):
    clinic = make_clinic(session, timezone="Asia/Vladivostok")
    doctor, resource = a_doctor(session, clinic=clinic)
    visit(session, resource, at(11, 3))  # 03:00 in Moscow is 10:00 in Владивосток
    [row] = workplace.day_visits(session=session, doctor=doctor, day=date(2027, 1, 11), now=MONDAY)
    assert row.time.startswith("10:00–10:20 (время Владивостока")


def test_only_a_doctor_sees_a_workplace(session):
    citizen = make_patient(session)
    with pytest.raises(NotAllowed):
        workplace.day_visits(session=session, doctor=citizen, day=date(2027, 1, 11))


def test_a_started_visit_is_marked_once_and_audited(session):
    doctor, resource = a_doctor(session)
    row = visit(session, resource, at(11, 12))
    assert mark(session, doctor, row, "no_show").status == A.NO_SHOW
    audit = session.exec(select(AuditEvent).where(AuditEvent.action == "appointment.no_show")).one()
    assert audit.object_id == row.number
    with pytest.raises(workplace.AlreadyMarked, match="«Неявка»"):
        mark(session, doctor, row, "completed")


def test_a_future_visit_cannot_be_marked(session):
    doctor, resource = a_doctor(session)
    row = visit(session, resource, at(11, 12, 20))
    with pytest.raises(NotAllowed, match="когда он начнётся"):
        mark(session, doctor, row, now=at(11, 12, 19))
    assert session.get(Appointment, row.id).status == A.SCHEDULED


def test_a_visit_older_than_a_week_cannot_be_marked(session):
    doctor, resource = a_doctor(session)
    row = visit(session, resource, at(11, 12))
    with pytest.raises(NotAllowed, match="7 дней"):
        mark(session, doctor, row, now=at(18, 12, 1))


def test_another_doctor_cannot_mark_and_learns_nothing(session):
    _, resource = a_doctor(session)
    other, _ = a_doctor(session)
    row = visit(session, resource, at(11, 12))
    session.commit()  # the denial is written in a transaction of its own
    with pytest.raises(NotFound):
        mark(session, other, row)
    assert session.get(Appointment, row.id).status == A.SCHEDULED
    denied = session.exec(select(AuditEvent).where(AuditEvent.action == "access.denied")).one()
    assert denied.user_id == other.id


def test_a_citizen_cannot_mark(session):
    _, resource = a_doctor(session)
    row = visit(session, resource, at(11, 12))
    with pytest.raises(NotAllowed):
        mark(session, make_patient(session), row)


def test_a_registrar_may_mark_any_doctors_visit(session, registrar):
    _, resource = a_doctor(session)
    row = visit(session, resource, at(11, 12))
    assert mark(session, registrar.user, row).status == A.COMPLETED


def test_an_unknown_outcome_or_id_is_refused(session):
    doctor, resource = a_doctor(session)
    row = visit(session, resource, at(11, 12))
    with pytest.raises(NotAllowed):
        mark(session, doctor, row, "cancelled")
    with pytest.raises(NotFound):
        workplace.mark(
            session=session, doctor=doctor, appointment_id="1e3", outcome="completed", actor=ACTOR
        )


def test_two_tabs_marking_one_visit_one_wins(session, engine):
    doctor, resource = a_doctor(session)
    row = visit(session, resource, at(11, 12))
    session.commit()
    with Session(engine) as tab_a, Session(engine, expire_on_commit=False) as tab_b:
        seen_by_b = tab_b.get(Appointment, row.id)  # B read the visit before A marked it
        tab_b.commit()
        mark(tab_a, tab_a.get(type(doctor), doctor.id), row, "completed")
        tab_a.commit()
        assert seen_by_b is not None and seen_by_b.status == A.SCHEDULED  # B's view is stale
        with pytest.raises(workplace.AlreadyMarked, match="«Состоялся»"):
            mark(tab_b, tab_b.get(type(doctor), doctor.id), row, "no_show")
    session.expire_all()
    assert session.get(Appointment, row.id).status == A.COMPLETED
