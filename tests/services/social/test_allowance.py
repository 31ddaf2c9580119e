"""Allowance applications: the draft keeps whatever was typed, «Подать» checks everything,
and approval writes the schedule of payments exactly once, even when two staff approve at once."""

import threading
from datetime import date, timedelta

import pytest
from sqlmodel import select

from gosapp.db import transaction
from gosapp.models.accounts import User
from gosapp.models.requests import Request, RequestStatus
from gosapp.models.social import Payment, PaymentStatus
from gosapp.services.common.errors import DomainError, NotFound
from gosapp.services.identity.accounts import InvalidForm
from gosapp.services.requests import workflow
from gosapp.services.requests.workflow import AlreadyProcessed
from gosapp.services.social import allowance, applications
from gosapp.services.social.allowance import KIND_BY_CODE
from tests.services.social.setup import ACCOUNT, ACTOR, APPLICATION, BIK, NOW, connected

HALF = {"kind": "child_care", "period_from": "01.12.2026", "bik": "0445"}


def draft(session, user, data=HALF):
    request = applications.start(session=session, user=user, data=data, actor=ACTOR, now=NOW)
    session.commit()
    return request


def test_a_half_filled_draft_is_kept_as_typed(session, alice):
    user = connected(session, alice)
    request = draft(session, user)
    applications.save(
        session=session,
        user=user,
        request_id=request.id,
        data={**HALF, "child_name": "Артём", "account": "4081"},
        now=NOW,
    )
    session.commit()
    data = applications.draft_data(session=session, user=user, request_id=request.id)
    assert data["bik"] == "0445" and data["account"] == "4081" and data["child_name"] == "Артём"
    assert data["period_to"] == ""
    assert applications.latest_draft(session=session, user=user).id == request.id


def test_submitting_checks_every_field(session, alice):
    user = connected(session, alice)
    request = draft(session, user)
    bad = {**APPLICATION, "account": ACCOUNT[:8] + "0" + ACCOUNT[9:], "child_name": ""}
    with pytest.raises(InvalidForm) as caught:
        applications.submit(
            session=session, user=user, request_id=request.id, data=bad, actor=ACTOR, now=NOW
        )
    assert caught.value.errors["account"].startswith("Номер счёта не сходится с БИК")
    assert caught.value.errors["child_name"] == "Укажите ФИО ребёнка"
    session.rollback()
    assert session.get_one(Request, request.id).status == RequestStatus.DRAFT


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"bik": "123456789"}, "bik", "начинается с 04"),
        ({"period_to": "01.11.2026"}, "period_to", "раньше даты начала"),
        ({"period_to": "01.12.2028"}, "period_to", "полутора лет"),
        ({"child_birth_date": ""}, "child_birth_date", "дату рождения ребёнка"),
        ({"period_from": "31.02.2026"}, "period_from", "дат"),
        ({"kind": "lottery"}, "kind", "Выберите"),
    ],
)
def test_payload_errors_name_their_field(change, field, message):
    with pytest.raises(InvalidForm) as caught:
        allowance.TYPES[0].parse({**APPLICATION, **change})
    assert message in caught.value.errors[field]


def test_no_child_needed_for_sick_leave():
    data = {**APPLICATION, "kind": "sick_leave", "child_name": "", "child_birth_date": ""}
    assert allowance.TYPES[0].parse(data).bik == BIK


def test_the_schedule_is_monthly_with_its_calculation():
    kind = KIND_BY_CODE["sick_leave"]
    pieces = allowance.schedule(kind, date(2026, 11, 16), date(2026, 12, 31))
    assert [(p.start.isoformat(), p.end.isoformat(), p.pay_on.isoformat()) for p in pieces] == [
        ("2026-11-16", "2026-11-30", "2026-12-15"),
        ("2026-12-01", "2026-12-31", "2027-01-15"),
    ]
    half = kind.monthly_base * 15 // 30
    assert pieces[0].amount == half - half * 13 // 100
    assert [r["kind"] for r in pieces[0].rows] == [
        "base",
        "coefficient",
        "coefficient",
        "deduction",
    ]


def submitted(session, user):
    request = draft(session, user, APPLICATION)
    applications.submit(
        session=session, user=user, request_id=request.id, data=APPLICATION, actor=ACTOR, now=NOW
    )
    session.commit()
    return request


def test_approval_creates_the_scheduled_payments(session, alice, registrar):
    user = connected(session, alice)
    request = submitted(session, user)
    [plan] = allowance.schedule_rows(session, request)  # what the registrar sees before
    assert plan["value"].startswith("4 ежемесячно на ") and plan["value"].endswith("15.01.2027")
    for action in ("claim", "approve"):
        workflow.transition(
            session=session,
            request_id=request.id,
            action=action,
            user=registrar.user,
            actor=ACTOR,
            now=NOW,
        )
    session.commit()
    rows = session.exec(select(Payment).where(Payment.request_id == request.id)).all()
    assert len(rows) == 4  # December, January, February, half of March
    [shown] = allowance.schedule_rows(session, session.get_one(Request, request.id))
    assert shown["label"] == "Назначено выплат" and shown["value"].startswith("4 на ")
    assert {r.status for r in rows} == {PaymentStatus.ASSIGNED}
    assert all(r.user_id == user.id for r in rows)


def test_concurrent_approvals_write_one_schedule(engine, session, alice, registrar, admin):
    user = connected(session, alice)
    request = submitted(session, user)
    workflow.transition(
        session=session,
        request_id=request.id,
        action="claim",
        user=registrar.user,
        actor=ACTOR,
        now=NOW,
    )
    session.commit()
    outcomes = _race(engine, request.id, [registrar.user.id, admin.user.id])
    assert sorted(type(o).__name__ for o in outcomes) == ["AlreadyProcessed", "str"]
    session.expire_all()
    rows = session.exec(select(Payment).where(Payment.request_id == request.id)).all()
    assert len(rows) == 4


def _race(engine, request_id, staff_ids):
    barrier = threading.Barrier(len(staff_ids))
    outcomes: list[object] = [None] * len(staff_ids)

    def run(i):
        barrier.wait()
        try:
            with transaction(engine) as db:
                workflow.transition(
                    session=db,
                    request_id=request_id,
                    action="approve",
                    user=db.get_one(User, staff_ids[i]),
                    actor=ACTOR,
                    seen_status="in_progress",
                )
            outcomes[i] = "approved"
        except DomainError as exc:
            outcomes[i] = exc

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(len(staff_ids))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not any(t.is_alive() for t in threads), "an approver hung"
    return outcomes


def test_a_submitted_application_is_no_longer_autosaved(session, alice):
    user = connected(session, alice)
    request = submitted(session, user)
    with pytest.raises(AlreadyProcessed):
        applications.save(session=session, user=user, request_id=request.id, data=HALF, now=NOW)


def test_another_citizens_draft_is_not_found(session, alice, bob):
    user = connected(session, alice)
    other = connected(session, bob)
    request = draft(session, user)
    for call in (
        lambda: applications.save(session=session, user=other, request_id=request.id, data=HALF),
        lambda: applications.draft_data(session=session, user=other, request_id=request.id),
        lambda: applications.submit(
            session=session, user=other, request_id=request.id, data=APPLICATION, actor=ACTOR
        ),
    ):
        with pytest.raises(NotFound):
            call()
    assert applications.applications(session=session, user=other) == []
    assert (
        applications.draft_data(session=session, user=user, request_id=request.id)["bik"] == "0445"
    )


def test_an_incomplete_draft_cannot_be_submitted_from_elsewhere(session, alice):
    """«Подать» on the history page goes straight to the engine: the strict payload still
    applies there, and the draft stays a draft."""
    user = connected(session, alice)
    request = draft(session, user)
    with pytest.raises(InvalidForm):
        workflow.submit_draft(session=session, request_id=request.id, user=user, actor=ACTOR)
    session.rollback()
    assert session.get_one(Request, request.id).status == RequestStatus.DRAFT


@pytest.mark.parametrize(
    ("start", "end", "pay_days"),
    [
        (date(2026, 12, 1), date(2026, 12, 31), ["2027-01-15"]),  # December → next January
        (date(2027, 1, 31), date(2027, 2, 1), ["2027-02-15", "2027-03-15"]),
        (date(2028, 2, 1), date(2028, 2, 29), ["2028-03-15"]),  # a leap February, whole
    ],
)
def test_pay_days_follow_each_month(start, end, pay_days):
    pieces = allowance.schedule(KIND_BY_CODE["unified"], start, end)
    assert [p.pay_on.isoformat() for p in pieces] == pay_days
    whole = [p for p in pieces if p.start.day == 1 and (p.end + timedelta(days=1)).day == 1]
    assert all(p.amount == KIND_BY_CODE["unified"].monthly_base for p in whole)
