"""The medical worker's payments: the month range from the address (bounds, defaults, what is
refused), the totals (per period, type and month; cancelled never counted), ownership (a
worker sees only their own; anyone else is told the section does not exist) and the demo."""

from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from gosapp.models.frmr_payments import WorkerPayment
from gosapp.services.common.errors import Invalid, NotFound
from gosapp.services.common.months import MonthRange
from gosapp.services.demo.worker_payments import seed_worker_payments
from gosapp.services.frmr import payments
from tests.factories import make_user
from tests.services.frmr.payments_setup import a_year, pay
from tests.services.frmr.portfolio_setup import make_doctor

TODAY = date(2026, 11, 20)
NBSP = "\u00a0"


def money(text: str) -> str:
    return text.replace(NBSP, " ")


def months(start: str, end: str) -> MonthRange:
    return payments.parse_period({"from": start, "to": end}, TODAY)


def test_the_range_comes_from_the_address_with_defaults():
    assert months("2026-03", "2026-05") == MonthRange(date(2026, 3, 1), date(2026, 5, 1))
    assert payments.parse_period({}, TODAY) == MonthRange(date(2025, 12, 1), date(2026, 11, 1))
    assert payments.parse_period({"from": "2026-09"}, TODAY).end == date(2026, 11, 1)
    assert months("2026-01", "2026-12").title == "Январь 2026 – Декабрь 2026"
    assert months("2026-02", "2026-02").title == "Февраль 2026"
    assert months("2026-01", "2026-12").query() == {"from": "2026-01", "to": "2026-12"}


@pytest.mark.parametrize(
    ("start", "end", "field", "says"),
    [
        ("2026-13", "2026-12", "from", "Выберите месяц"),
        ("01.2026", "2026-12", "from", "Выберите месяц"),
        ("2026-01", "2026-1", "to", "Выберите месяц"),
        ("1812-01", "2026-01", "from", "Выберите месяц"),
        ("2026-05", "2026-04", "to", "раньше"),
        ("2023-01", "2026-01", "to", "не больше 36"),
    ],
)
def test_a_bad_range_is_explained(start, end, field, says):
    with pytest.raises(Invalid) as caught:
        months(start, end)
    assert caught.value.field == field and says in caught.value.message


def test_thirty_six_months_are_allowed():
    assert months("2023-12", "2026-11").start == date(2023, 12, 1)


def test_both_end_months_are_in_and_the_neighbours_out(session):
    worker = make_doctor(session)
    for month in (2, 3, 5, 6):
        pay(session, worker, date(2026, month, 1), month * 100)
    found = payments.statement(session=session, user=worker, period=months("2026-03", "2026-05"))
    assert [r.period for r in found.rows] == ["Май 2026", "Март 2026"]  # newest first
    assert money(found.accrued) == "8,00 ₽"


def test_totals_per_period_type_and_month_leave_cancelled_out(session):
    worker = make_doctor(session)
    a_year(session, worker)
    found = payments.statement(session=session, user=worker, period=months("2026-01", "2026-12"))
    assert len(found.rows) == 16  # the cancelled payment is listed…
    assert "Отменена" in {r.status for r in found.rows}
    # …but not counted: 12 × 80 000 + 10 000 + 25 000 + 12 600
    assert money(found.accrued) == "1 007 600,00 ₽"
    assert money(found.paid) == "915 000,00 ₽"  # 11 salaries + ОМС + stimulating
    assert money(found.waiting) == "92 600,00 ₽"  # December's salary and May's duties
    by_type = {t.label: (money(t.accrued), money(t.paid)) for t in found.by_type}
    assert by_type == {
        "Зарплата": ("960 000,00 ₽", "880 000,00 ₽"),
        "Стимулирующая": ("25 000,00 ₽", "25 000,00 ₽"),
        "За дежурства": ("12 600,00 ₽", "0,00 ₽"),
        "ОМС": ("10 000,00 ₽", "10 000,00 ₽"),
    }
    march = next(t for t in found.by_month if t.label == "Март 2026")
    assert (money(march.accrued), money(march.paid)) == ("115 000,00 ₽", "115 000,00 ₽")
    assert [t.label for t in found.by_month][:2] == ["Декабрь 2026", "Ноябрь 2026"]


def test_a_row_is_text_for_the_page(session):
    worker = make_doctor(session)
    pay(session, worker, date(2026, 3, 1), 1_234_567, text="Оклад")
    row = payments.statement(session=session, user=worker, period=months("2026-03", "2026-03"))
    first = row.rows[0]
    assert (money(first.amount), first.paid_on, first.type, first.status) == (
        "12 345,67 ₽",
        "05.04.2026",
        "Зарплата",
        "Выплачена",
    )


def test_a_worker_sees_only_their_own_payments(session):
    mine, theirs = make_doctor(session), make_doctor(session)
    a_year(session, theirs)
    pay(session, mine, date(2026, 3, 1), 100)
    found = payments.statement(session=session, user=mine, period=months("2026-01", "2026-12"))
    assert len(found.rows) == 1 and money(found.accrued) == "1,00 ₽"


def test_anyone_but_a_medical_worker_is_told_there_is_nothing(session):
    citizen = make_user(session)
    session.commit()
    with pytest.raises(NotFound):
        payments.statement(session=session, user=citizen, period=months("2026-01", "2026-12"))


def test_the_demo_year_has_every_type_and_status_and_runs_once(session):
    doctor = make_doctor(session, email="doctor@demo.gosapp.ru")
    now = datetime(2026, 12, 2, 9, tzinfo=UTC)
    created = seed_worker_payments(session=session, now=now)
    session.commit()
    assert created > 30 and seed_worker_payments(session=session, now=now) == 0
    rows = session.exec(select(WorkerPayment).where(WorkerPayment.worker_id == doctor.id)).all()
    assert {r.type for r in rows} == {"salary", "bonus", "duty", "oms"}
    assert {r.status for r in rows} == {"accrued", "paid", "cancelled"}
    assert {r.period for r in rows} == {date(2026, m, 1) for m in range(1, 13)}
    found = payments.statement(session=session, user=doctor, period=months("2026-01", "2026-12"))
    assert len(found.rows) == len(rows)
