"""GET /api/exports/frmr-payments.{csv,pdf}: the cookie's medical worker's payments of the
chosen months only, audited; no session is a redirect, anyone but a medical worker a 404 (as
if there were nothing), a bad range a 400."""

from datetime import date

import pytest
from sqlmodel import select

from gosapp import routes
from gosapp.models.audit import AuditEvent
from gosapp.services.backoffice.audit_labels import action_label
from tests.api.test_exports import cookie_of, get
from tests.services.frmr.payments_setup import a_year, pay
from tests.services.frmr.portfolio_setup import make_doctor

SPRING = "from=2026-03&to=2026-05"


@pytest.fixture
def worker(session):
    doctor = make_doctor(session)
    a_year(session, doctor)
    return doctor


def exports(session, user):
    query = select(AuditEvent).where(
        AuditEvent.action == "frmr.payments.export", AuditEvent.user_id == user.id
    )
    return session.exec(query).all()


@pytest.mark.anyio
async def test_the_csv_is_the_workers_own_months(engine, session, worker):
    other = make_doctor(session)
    pay(session, other, date(2026, 4, 1), 99_999_900, text="Чужая выплата")
    answer = await get(
        engine, routes.frmr_payments_export("csv", SPRING), cookie_of(session, worker)
    )
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    assert answer.headers["content-disposition"].startswith("attachment")
    assert answer.headers["cache-control"] == "no-store"
    assert answer.content.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs
    lines = answer.content.decode("utf-8-sig").strip().split("\r\n")
    assert lines[0].startswith("Месяц;Вид выплаты;Сумма;Дата выплаты;Статус")
    # March: salary, ОМС, stimulating, the cancelled one; April: salary; May: salary, duties
    assert len(lines) == 1 + 7
    assert lines[1].startswith("Май 2026;")
    assert any(
        "Март 2026;Стимулирующая;25\u00a0000,00\u00a0₽;05.04.2026;Выплачена" in x for x in lines
    )
    assert "Чужая выплата" not in answer.content.decode("utf-8-sig")
    (event,) = exports(session, worker)
    assert event.details == "csv, Март 2026 – Май 2026, 7 rows"
    assert action_label(event.action) == "Выгружена выписка о выплатах медработника"


@pytest.mark.anyio
async def test_the_pdf_statement(engine, session, worker):
    cookie = cookie_of(session, worker)
    answer = await get(engine, routes.frmr_payments_export("pdf", SPRING), cookie)
    assert answer.status_code == 200 and answer.content.startswith(b"%PDF")
    assert answer.headers["content-type"] == "application/pdf"
    empty = await get(engine, routes.frmr_payments_export("pdf", "from=2020-01&to=2020-02"), cookie)
    assert empty.status_code == 200 and empty.content.startswith(b"%PDF")
    assert [e.details.split(",")[0] for e in exports(session, worker)] == ["pdf", "pdf"]


@pytest.mark.anyio
async def test_refusals(engine, session, worker, alice):
    assert (await get(engine, routes.frmr_payments_export("csv"))).status_code == 303
    citizen = await get(engine, routes.frmr_payments_export("csv"), cookie_of(session, alice))
    assert citizen.status_code == 404 and "только медицинским" in citizen.text
    assert exports(session, alice.user) == []
    cookie = cookie_of(session, worker)
    bad = await get(engine, routes.frmr_payments_export("csv", "from=2026-05&to=2026-03"), cookie)
    assert bad.status_code == 400 and "раньше" in bad.text
    assert (await get(engine, routes.frmr_payments_export("xls"), cookie)).status_code == 404
    assert exports(session, worker) == []
