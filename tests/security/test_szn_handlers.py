"""The СЗН pages' handlers as another citizen would call them, guessing the family's payment
and draft ids or sending a tampered state: nothing of theirs is shown, saved over or
submitted. (Anonymous calls are refused by every handler: see test_handler_walk.py.)"""

from datetime import date
from typing import cast

from sqlmodel import select

from gosapp.db import transaction
from gosapp.models.accounts import utcnow
from gosapp.models.requests import Request, RequestStatus
from gosapp.models.social import Payment
from gosapp.pages.szn.applications_state import ApplicationsState
from gosapp.pages.szn.payments import PaymentsState
from gosapp.pages.szn.state import SznState
from gosapp.services.demo.social import seed_payments
from gosapp.services.social import applications
from tests.factories import make_user
from tests.security.test_handler_walk import (  # noqa: F401  (app_database is a fixture)
    app_database,
    call,
    state_instance,
)
from tests.security.test_portfolio_handlers import signed_in
from tests.services.social.setup import ACTOR, APPLICATION, BIK, confirm, connect_user


def handler(cls, name: str):
    return cls.event_handlers[name].fn


def test_another_citizen_reaches_nothing_of_the_family():
    with transaction() as db:
        owner, other = (confirm(db, make_user(db, totp_enabled_at=utcnow())) for _ in "ab")
        connect_user(db, owner)
        connect_user(db, other)
        seed_payments(db, owner, date(2026, 11, 20))
        draft = applications.start(session=db, user=owner, data={"bik": BIK}, actor=ACTOR)
        payment = db.exec(select(Payment).where(Payment.user_id == owner.id)).first()
        assert payment is not None
        payment_id, draft_id = str(payment.id), str(draft.id)
        key, owner_key = signed_in(db, other), signed_in(db, owner)

    own = cast(PaymentsState, state_instance(PaymentsState, owner_key))
    call(handler(PaymentsState, "apply"), own, [{}])
    assert len(own.rows) == 12  # the same handler works for the owner

    payments_page = cast(PaymentsState, state_instance(PaymentsState, key))
    call(handler(PaymentsState, "apply"), payments_page, [{}])
    assert payments_page.rows == []
    call(handler(PaymentsState, "open_detail"), payments_page, [payment_id])
    assert payments_page.detail == {} and "не найдена" in payments_page.error

    form = cast(ApplicationsState, state_instance(ApplicationsState, key))
    form.draft_id = draft_id  # a tampered state: the service still refuses
    call(handler(ApplicationsState, "edit"), form, ["bik", "999"])
    assert "не найдено" in form.saved_note
    call(handler(ApplicationsState, "submit"), form, [APPLICATION])
    assert "не найдено" in form.form_errors.get("form", "")

    overview = cast(SznState, state_instance(SznState, key))
    call(handler(SznState, "load"), overview, [])
    assert overview.connected and overview.upcoming == []
    with transaction() as db:
        kept = db.get_one(Request, int(draft_id))
        assert kept.status == RequestStatus.DRAFT and '"bik":"044525225"' in kept.payload
