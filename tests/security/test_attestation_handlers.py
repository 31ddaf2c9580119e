"""The attestation page's handlers as another doctor would call them, and the work report's
download as anyone but its owner would try it: a colleague's applications, documents and
report never show. (Non-doctors are refused by every handler: the handler walk checks it.)"""

import asyncio
from typing import cast

from sqlmodel import select

from gosapp import routes
from gosapp.db import transaction
from gosapp.models.accounts import Role
from gosapp.models.requests import Document, Request
from gosapp.pages.frmr.attestation import AttestationState
from gosapp.services.identity.roles import grant_role
from tests.api.test_documents import cookie_for, get
from tests.personas import make_persona
from tests.security.test_handler_walk import (  # noqa: F401  (app_database is a fixture)
    app_database,
    call,
    state_instance,
)
from tests.security.test_portfolio_handlers import signed_in
from tests.services.frmr.attestation_setup import apply, ready_doctor
from tests.services.frmr.portfolio_setup import make_doctor


def a_registrar(db):
    """A registrar of the app database's own (personas have fixed e-mails: one per database)."""
    user = make_doctor(db)
    grant_role(session=db, user_id=user.id, role=Role.REGISTRAR)
    db.commit()
    return user


def load(key: str) -> AttestationState:
    state = cast(AttestationState, state_instance(AttestationState, key))
    call(AttestationState.event_handlers["load"].fn, state, [])
    return state


def test_another_doctor_sees_none_of_a_colleagues_application():
    with transaction() as db:
        registrar = a_registrar(db)
        owner, record = ready_doctor(db, registrar)
        other, _ = ready_doctor(db, registrar)
        request = apply(db, owner, [record.id])
        key, owner_key = signed_in(db, other), signed_in(db, owner)
    theirs = load(key)
    assert theirs.loaded and theirs.history == [] and theirs.open_number == ""
    assert str(record.id) not in [d.id for d in theirs.documents]
    call(AttestationState.event_handlers["choose_target"].fn, theirs, ["second"])
    assert theirs.target == "highest"  # only categories above their own are accepted
    mine = load(owner_key)  # the same handler shows the owner their own
    assert mine.open_number == request.number and len(mine.history) == 1


def test_only_its_doctor_withdraws_an_application_through_the_page():
    with transaction() as db:
        registrar = a_registrar(db)
        owner, record = ready_doctor(db, registrar)
        other, _ = ready_doctor(db, registrar)
        request = apply(db, owner, [record.id])
        key, owner_key = signed_in(db, other), signed_in(db, owner)
    withdraw = AttestationState.event_handlers["withdraw"].fn
    theirs = load(key)
    call(withdraw, theirs, [str(request.id)])  # a colleague's id: refused, nothing changes
    with transaction() as db:
        assert db.get_one(Request, request.id).status == "submitted"
    mine = load(owner_key)
    call(AttestationState.event_handlers["ask_withdraw"].fn, mine, [str(request.id)])
    assert mine.withdrawing == str(request.id) and mine.history[0].can_withdraw
    call(withdraw, mine, [str(request.id)])
    with transaction() as db:
        assert db.get_one(Request, request.id).status == "withdrawn"
    assert mine.withdrawing == "" and mine.open_number == "" and mine.targets
    assert not mine.history[0].can_withdraw


def test_the_report_downloads_only_for_its_doctor_and_staff(engine, session):
    registrar = make_persona(session, "registrar")
    owner, record = ready_doctor(session, registrar.user)
    other, _ = ready_doctor(session, registrar.user)
    request = apply(session, owner, [record.id])
    report = session.exec(select(Document).where(Document.request_id == request.id)).one()
    path = routes.document(report.id)
    for user_id in (owner.id, registrar.id):
        answer = asyncio.run(get(engine, path, cookie_for(session, user_id)))
        assert answer.status_code == 200 and answer.content.startswith(b"%PDF")
    alice = make_persona(session, "alice")
    for cookies in (cookie_for(session, other.id), cookie_for(session, alice.id), None):
        answer = asyncio.run(get(engine, path, cookies))
        assert (answer.status_code, answer.content) == (404, b"")
