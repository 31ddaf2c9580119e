"""GET /api/exports/doctor-stats.csv: the cookie's doctor's own statistics of the current period
as CSV for Excel, audited; no session is a redirect, anyone but a doctor a 403, another format
a 404, another period a 400."""

import pytest
from sqlmodel import select

from gosapp import routes
from gosapp.models.accounts import utcnow
from gosapp.models.audit import AuditEvent
from gosapp.models.scheduling import AppointmentStatus
from gosapp.services.common.workdays import local_date
from tests.api.test_exports import cookie_of, get
from tests.services.scheduling.test_doctor_stats import a_doctor, local, visit

A = AppointmentStatus


def signed_up(session):
    user, resource = a_doctor(session)
    user.totp_enabled_at = utcnow()  # a finished sign-up: sessions need the second factor
    session.add(user)
    return user, resource


@pytest.fixture
def doctor(session):
    user, resource = signed_up(session)
    first = local_date(utcnow()).replace(day=1)  # the current month (and quarter, and year)
    visit(session, resource, local(first, 9))
    visit(session, resource, local(first, 9, 20), minutes=30)
    visit(session, resource, local(first, 10), A.NO_SHOW)
    session.commit()
    return user


@pytest.mark.anyio
async def test_the_csv_is_the_doctors_own_period(engine, session, doctor):
    answer = await get(engine, routes.doctor_stats_export("quarter"), cookie_of(session, doctor))
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    assert answer.headers["content-disposition"].startswith("attachment")
    assert answer.content.startswith("\ufeff".encode())  # Excel reads the BOM as UTF-8
    lines = answer.content.decode("utf-8-sig").split("\r\n")
    assert lines[0] == "Раздел;Показатель;Значение"
    assert "Итого;Приёмы состоялись;2" in lines and "Итого;Неявки;1" in lines
    assert "Итого;Доля неявок;33 %" in lines
    assert "Итого;Средняя длительность приёма (по расписанию);25 мин" in lines
    assert "Приёмы по часам;09:00–10:00;2" in lines
    assert "Итого;Самый загруженный час;09:00–10:00" in lines
    assert any(line.startswith("Итого;Период;") and "квартал" in line for line in lines)
    assert sum(1 for line in lines if line.startswith("Неделя ")) % 3 == 0
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "doctor_stats.export")).one()
    assert event.user_id == doctor.id and event.object_id == str(doctor.id)


@pytest.mark.anyio
async def test_another_doctor_gets_their_own_numbers(engine, session, doctor):
    other, _ = signed_up(session)
    session.commit()
    answer = await get(engine, routes.doctor_stats_export("month"), cookie_of(session, other))
    assert answer.status_code == 200
    lines = answer.content.decode("utf-8-sig").split("\r\n")
    assert "Итого;Приёмы состоялись;0" in lines and "Итого;Доля неявок;—" in lines


@pytest.mark.anyio
async def test_refusals(engine, session, doctor, alice):
    assert (await get(engine, routes.doctor_stats_export("month"))).status_code == 303
    citizen = await get(engine, routes.doctor_stats_export("year"), cookie_of(session, alice))
    assert citizen.status_code == 403 and "Раздел" not in citizen.text
    cookie = cookie_of(session, doctor)
    assert (await get(engine, routes.doctor_stats_export("week"), cookie)).status_code == 400
    pdf = routes.DOCTOR_STATS_EXPORT.replace("{kind}", "pdf")
    assert (await get(engine, pdf, cookie)).status_code == 404
