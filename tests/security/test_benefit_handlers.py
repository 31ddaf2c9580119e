"""The benefits page's handlers as another citizen would call them, guessing someone's benefit
ids: nothing of theirs is shown or renewed; the owner's own renewal works through the same
handler."""

from typing import cast

from sqlmodel import select

from gosapp.db import transaction
from gosapp.models.accounts import utcnow
from gosapp.models.social_benefits import Benefit
from gosapp.pages.szn.benefits import BenefitsState
from gosapp.services.common.workdays import local_date
from tests.personas import make_persona
from tests.security.test_handler_walk import (  # noqa: F401  (app_database is a fixture)
    app_database,
    call,
    state_instance,
)
from tests.security.test_portfolio_handlers import signed_in
from tests.services.social.benefit_setup import FORM, add, decide, make_citizen


def handler(name: str):
    return BenefitsState.event_handlers[name].fn


def test_another_citizen_cannot_see_or_renew_someones_benefit_through_the_page():
    soon = local_date(utcnow()).replace(day=1)
    with transaction() as db:
        owner, other = make_citizen(db), make_citizen(db)
        owner.totp_enabled_at = other.totp_enabled_at = utcnow()  # a session needs TOTP
        registrar = make_persona(db, "registrar").user
        form = {
            **FORM,
            "valid_from": f"{soon.replace(year=soon.year - 1):%d.%m.%Y}",
            "valid_to": f"{soon.replace(day=28):%d.%m.%Y}",
        }
        row = add(db, owner, form, now=utcnow())
        decide(db, registrar, row.request_id, now=utcnow())
        benefit_id, owner_key, other_key = str(row.id), signed_in(db, owner), signed_in(db, other)
    state = cast(BenefitsState, state_instance(BenefitsState, other_key))
    call(handler("load"), state, [])
    assert state.loaded and state.rows == [] and state.expiring == []
    result = call(handler("renew"), state, [benefit_id])
    assert "не найдена" in str(result)
    with transaction() as db:
        assert (
            db.exec(select(Benefit).where(Benefit.renewed_from_id == int(benefit_id))).all() == []
        )
    mine = cast(BenefitsState, state_instance(BenefitsState, owner_key))
    call(handler("load"), mine, [])
    assert [r["id"] for r in mine.rows] == [benefit_id]
    call(handler("renew"), mine, [benefit_id])
    assert "продление" in mine.notice
    with transaction() as db:
        assert (
            len(db.exec(select(Benefit).where(Benefit.renewed_from_id == int(benefit_id))).all())
            == 1
        )
