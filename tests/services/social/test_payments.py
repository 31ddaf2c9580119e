"""The payments list, its filters, the calculation, the statement exports, and that no citizen
ever reads another's payments (by list, by id, by export)."""

from datetime import date

import pytest
from sqlmodel import select

from gosapp.models.audit import AuditEvent
from gosapp.models.social import Payment
from gosapp.services.common.errors import Invalid, NotFound
from gosapp.services.common.money import rubles
from gosapp.services.demo.social import seed_payments
from gosapp.services.social import payments, statement
from gosapp.services.social.payments import PaymentFilter, parse_filter
from tests.services.social.setup import ACTOR, connected

TODAY = date(2026, 11, 20)


@pytest.fixture
def family(session, alice):
    user = connected(session, alice)
    seed_payments(session, user, TODAY)
    session.commit()
    return user


def test_rubles_have_spaces_and_kopecks():
    assert rubles(2_130_000) == "21\u00a0300,00\u00a0₽"
    assert rubles(123_456_789) == "1\u00a0234\u00a0567,89\u00a0₽"
    assert rubles(-5) == "−0,05\u00a0₽"


def test_a_year_in_every_status(session, family):
    rows = payments.payments(session=session, user=family, filters=PaymentFilter())
    assert len(rows) == 12
    assert {r.status for r in rows} == {"Перечислена", "Назначена", "В обработке", "Отказ"}
    assert rows[0].period == "01.10.2026 – 31.10.2026"  # newest first
    refused = next(r for r in rows if r.status == "Отказ")
    assert refused.refusal_reason and refused.refusal_fix
    assert all(r.operation for r in rows if r.status == "Перечислена")


@pytest.mark.parametrize(
    ("query", "count"),
    [
        ({"from": "01.06.2026", "to": "31.08.2026"}, 3),
        ({"status": "paid"}, 9),
        ({"status": "refused"}, 1),
        ({"kind": "unified"}, 0),
        ({"kind": "child_care", "status": "processing"}, 1),
        ({"status": "bogus", "kind": "bogus"}, 12),  # unknown values are ignored
    ],
)
def test_filters_are_applied_in_the_database(session, family, query, count):
    rows = payments.payments(session=session, user=family, filters=parse_filter(query))
    assert len(rows) == count


def test_bad_filter_dates_are_refused():
    with pytest.raises(Invalid):
        parse_filter({"from": "32.01.2026"})
    with pytest.raises(Invalid, match="раньше"):
        parse_filter({"from": "01.02.2026", "to": "01.01.2026"})


def test_the_calculation_explains_the_amount(session, family):
    payment = session.exec(select(Payment).where(Payment.user_id == family.id)).first()
    detail = payments.calculation(session=session, user=family, payment_id=payment.id)
    kinds = [r["kind"] for r in detail.calculation]
    assert kinds[0] == "base" and kinds[-1] == "total"
    assert detail.calculation[-1]["value"] == rubles(payment.amount)


def test_another_citizens_payments_are_invisible(session, family, bob):
    other = connected(session, bob)
    assert payments.payments(session=session, user=other, filters=PaymentFilter()) == []
    ids = session.exec(select(Payment.id).where(Payment.user_id == family.id)).all()
    for guess in [*ids, 0, -1, "abc", 10**12]:
        with pytest.raises(NotFound, match="Выплата не найдена"):
            payments.calculation(session=session, user=other, payment_id=guess)
    assert (
        b"21"
        not in statement.export_csv(
            session=session, user=other, filters=PaymentFilter(), actor=ACTOR
        ).split(b"\r\n", 1)[1]
    )
    denied = session.exec(select(AuditEvent).where(AuditEvent.action == "access.denied")).all()
    assert any(e.object_type == "payment" for e in denied)


def test_exports_are_audited(session, family):
    filters = parse_filter({"from": "01.01.2026", "to": "30.06.2026"})
    csv = statement.export_csv(session=session, user=family, filters=filters, actor=ACTOR)
    lines = csv.decode("utf-8-sig").strip().split("\r\n")
    assert lines[0].startswith("Вид выплаты;Период;Сумма")
    assert len(lines) == 1 + 6
    pdf = statement.export_pdf(session=session, user=family, filters=filters, actor=ACTOR)
    assert pdf.startswith(b"%PDF")
    events = session.exec(select(AuditEvent).where(AuditEvent.action == "szn.payments.export"))
    assert [e.details for e in events] == ["csv, 6 rows", "pdf, 6 rows"]
