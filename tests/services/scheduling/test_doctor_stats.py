"""The doctor's statistics, counted in SQL on the real database (SQLite, and PostgreSQL with
GOSAPP_TEST_DATABASE=postgresql): weeks keyed by Monday across New Year, hours in each clinic's
local time, the no-show rate without visits, only the doctor's own resources, nobody else."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func
from sqlmodel import col, select

from gosapp.models.accounts import Role
from gosapp.models.registry import Clinic
from gosapp.models.scheduling import Appointment, AppointmentStatus, Resource
from gosapp.services.common.errors import Invalid, NotAllowed
from gosapp.services.identity.roles import grant_role
from gosapp.services.scheduling import doctor_stats
from gosapp.services.scheduling.stats_sql import as_date, clock_for
from tests.factories import make_clinic, make_user
from tests.services.scheduling.setup import make_doctor, make_patient

A = AppointmentStatus
MOSCOW = "Europe/Moscow"
VLADIVOSTOK = "Asia/Vladivostok"
NOW = datetime(2027, 1, 20, 9, 0, tzinfo=UTC)  # Wednesday 20.01.2027, 12:00 in Moscow


def a_doctor(session, clinic=None):
    user = make_user(session, last_name="Лебедев", first_name="Дмитрий")
    grant_role(session=session, user_id=user.id, role=Role.DOCTOR)
    resource = make_doctor(session, clinic=clinic)
    resource.user_id = user.id
    session.add(resource)
    session.flush()
    return user, resource


def local(day: date, hour: int, minute: int = 0, zone: str = MOSCOW) -> datetime:
    """A wall-clock time of ``zone`` as UTC."""
    moment = datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(zone))
    return moment.astimezone(UTC)


def visit(session, resource, starts, status=A.COMPLETED, minutes=20, patient=None):
    row = Appointment(
        resource_id=resource.id,
        patient_id=(patient or make_patient(session)).id,
        starts_at=starts,
        ends_at=starts + timedelta(minutes=minutes),
        status=status,
    )
    session.add(row)
    session.flush()
    return row


def stats(session, user, period="year", now=NOW):
    return doctor_stats.statistics(
        session=session, viewer=user, doctor_id=user.id, period=period, now=now
    )


def test_without_visits_there_is_no_rate_and_every_week_is_listed(session):
    user, _ = a_doctor(session)
    result = stats(session, user, "month")
    assert (result.completed, result.no_show, result.cancelled) == (0, 0, 0)
    assert result.rate is None and doctor_stats.percent_label(result.rate) == "—"
    assert result.average_minutes is None and result.busiest is None
    # January 2027 up to today (Wednesday 20th): the weeks of 28.12, 04.01, 11.01 and 18.01
    assert [w.monday for w in result.weeks] == [
        date(2026, 12, 28),
        date(2027, 1, 4),
        date(2027, 1, 11),
        date(2027, 1, 18),
    ]
    assert all(w.rate is None and w.completed == w.no_show == 0 for w in result.weeks)
    assert [d.visits for d in result.weekdays] == [0] * 7


def test_weeks_are_keyed_by_monday_across_new_year(session):
    user, resource = a_doctor(session)
    visit(session, resource, local(date(2026, 12, 29), 10))  # Tuesday, last year
    visit(session, resource, local(date(2027, 1, 1), 0, 30))  # 31.12 21:30 UTC: 2027 in Moscow
    visit(session, resource, local(date(2027, 1, 2), 11), A.NO_SHOW)
    visit(session, resource, local(date(2027, 1, 4), 9))  # the next Monday
    clock = clock_for(session, [MOSCOW], NOW)
    week = clock.week(col(Appointment.starts_at)).label("week")
    rows = session.exec(
        select(week, func.count())
        .select_from(Appointment)
        .join(Resource, col(Resource.id) == Appointment.resource_id)
        .join(Clinic, col(Clinic.id) == Resource.clinic_id)
        .group_by(week)
    ).all()
    assert {as_date(w): n for w, n in rows} == {date(2026, 12, 28): 3, date(2027, 1, 4): 1}

    result = stats(session, user, "year")  # 2027 only: the visit of 29.12.2026 is not counted
    first = result.weeks[0]
    assert (first.monday, first.completed, first.no_show) == (date(2026, 12, 28), 1, 1)
    assert first.label == "28.12–03.01" and doctor_stats.percent_label(first.rate) == "50 %"
    assert (result.weeks[1].monday, result.weeks[1].completed) == (date(2027, 1, 4), 1)
    assert (result.completed, result.no_show) == (2, 1)
    assert doctor_stats.percent_label(result.rate) == "33 %"
    assert result.period.label == "2027 год"


def test_hours_are_local_to_each_clinic(session):
    user, moscow = a_doctor(session)
    far = make_doctor(session, clinic=make_clinic(session, timezone=VLADIVOSTOK))
    far.user_id = user.id
    session.add(far)
    session.flush()
    monday = date(2027, 1, 11)
    for minute in (0, 20, 40):
        visit(session, moscow, local(monday, 9, minute))  # 06:xx UTC
    visit(session, moscow, local(monday, 14), A.NO_SHOW)
    # 09:00 in Vladivostok is 23:00 UTC on Sunday: hour 9 and Monday locally
    visit(session, far, local(monday, 9, zone=VLADIVOSTOK))
    visit(session, far, local(monday, 10, zone=VLADIVOSTOK), A.CANCELLED)
    result = stats(session, user, "month")
    assert [(h.hour, h.visits) for h in result.hours] == [(9, 4), (14, 1)]
    assert result.busiest is not None and result.busiest.label == "09:00–10:00"
    assert [d.visits for d in result.weekdays] == [5, 0, 0, 0, 0, 0, 0]
    assert result.cancelled == 1
    assert [(w.monday, w.completed, w.no_show) for w in result.weeks][2] == (monday, 4, 1)


def test_average_length_is_the_booked_slot_of_held_visits(session):
    user, resource = a_doctor(session)
    visit(session, resource, local(date(2027, 1, 12), 9), minutes=20)
    visit(session, resource, local(date(2027, 1, 12), 10), minutes=30)
    visit(session, resource, local(date(2027, 1, 12), 11), A.NO_SHOW, minutes=60)
    visit(session, resource, local(date(2027, 1, 12), 12), A.SCHEDULED, minutes=60)
    result = stats(session, user, "quarter")
    assert result.average_minutes == pytest.approx(25)
    assert doctor_stats.minutes_label(result.average_minutes) == "25 мин"
    assert doctor_stats.minutes_label(17.54) == "17,5 мин"
    assert result.period.label == "I квартал 2027"
    assert (result.completed, result.no_show) == (2, 1)  # a visit not yet marked is not counted


def test_only_the_doctors_own_resources_and_period_count(session):
    user, resource = a_doctor(session)
    other, theirs = a_doctor(session)
    visit(session, resource, local(date(2027, 1, 12), 9))
    visit(session, resource, local(date(2026, 12, 31), 23, 30))  # last year in Moscow
    visit(session, resource, local(date(2027, 2, 1), 9))  # next month
    for hour in (9, 10, 11):
        visit(session, theirs, local(date(2027, 1, 12), hour), A.NO_SHOW)
    mine = stats(session, user, "month")
    assert (mine.completed, mine.no_show, mine.period.label) == (1, 0, "январь 2027")
    assert stats(session, user, "year").completed == 2
    assert stats(session, other, "month").no_show == 3


def test_nobody_else_sees_a_doctors_statistics(session):
    user, _ = a_doctor(session)
    other, _ = a_doctor(session)
    with pytest.raises(NotAllowed):
        doctor_stats.statistics(
            session=session, viewer=other, doctor_id=user.id, period="month", now=NOW
        )
    citizen = make_patient(session)
    with pytest.raises(NotAllowed):
        stats(session, citizen)
    with pytest.raises(Invalid):
        stats(session, user, "week")


@pytest.mark.parametrize(
    ("today", "key", "first", "last"),
    [
        (date(2028, 2, 10), "month", date(2028, 2, 1), date(2028, 2, 29)),
        (date(2026, 12, 31), "month", date(2026, 12, 1), date(2026, 12, 31)),
        (date(2026, 12, 31), "quarter", date(2026, 10, 1), date(2026, 12, 31)),
        (date(2027, 5, 1), "quarter", date(2027, 4, 1), date(2027, 6, 30)),
        (date(2027, 5, 1), "year", date(2027, 1, 1), date(2027, 12, 31)),
    ],
)
def test_periods(today, key, first, last):
    period = doctor_stats.period_of(key, today)
    assert (period.first, period.last) == (first, last)
