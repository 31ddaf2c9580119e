"""The portfolio page's handlers as another doctor would call them, guessing a colleague's
record ids (or sending a tampered state): nothing of the colleague's is shown, archived,
corrected or picked for a package. (Non-doctors are refused by every handler: the handler
walk in test_handler_walk.py checks the role on each.)"""

from typing import cast

from sqlmodel import select

from gosapp.db import transaction
from gosapp.models.portfolio import PortfolioRecord, PortfolioVersion
from gosapp.pages.frmr.portfolio import PortfolioState
from gosapp.services.identity import sessions, signin
from tests.security.test_handler_walk import (  # noqa: F401  (app_database is a fixture)
    app_database,
    call,
    state_instance,
)
from tests.services.frmr.portfolio_setup import FORM, add, make_doctor


def signed_in(db, user) -> str:
    ticket = signin.issue_ticket(session=db, user_id=user.id)
    token = sessions.exchange_ticket(session=db, ticket=ticket, actor=signin.Actor())
    assert token is not None
    return sessions.key_of(token)


def handler(name: str):
    return PortfolioState.event_handlers[name].fn


def test_another_doctor_cannot_reach_a_colleagues_records_through_the_page():
    with transaction() as db:
        owner, other = make_doctor(db), make_doctor(db)
        record_id = str(add(db, owner).id)
        key = signed_in(db, other)
    state = cast(PortfolioState, state_instance(PortfolioState, key))
    call(handler("load"), state, [])
    assert state.loaded and state.records == []
    call(handler("open_form"), state, [record_id])
    assert state.editing == "" and state.form_values == {}
    call(handler("ask_archive"), state, [record_id])
    assert state.confirming == ""
    call(handler("toggle_pick"), state, [record_id])
    assert state.picked == []
    state.confirming = record_id  # a tampered state: the service still refuses
    result = call(handler("confirm_archive"), state, [])
    assert "не найдена" in str(result)
    state.editing = record_id
    call(handler("submit"), state, [FORM])
    assert state.form_errors  # refused beside the form, nothing sent
    with transaction() as db:
        assert not db.get_one(PortfolioRecord, int(record_id)).archived
        versions = db.exec(
            select(PortfolioVersion).where(PortfolioVersion.record_id == int(record_id))
        ).all()
        assert len(versions) == 1
