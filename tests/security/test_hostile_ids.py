"""Issue 9 point 8: hostile ids never reach an unhandled exception.

Attack: a signed-in citizen calls the handlers that take an id (or a kind) from the client with
values a browser never sends — "²" (``str.isdigit`` says yes, ``int`` says no), Arabic-Indic
digits, a 20- or 5,000-digit number, a negative one, a dict, a list. Before, ``SupportState.toggle``
raised ValueError on "²" and ``ProfileState.edit_contact`` TypeError on a dict. Every such call
must now end in a refusal the page shows (or nothing), never an exception.
"""

import pytest
from sqlmodel import select

from gosapp.db import transaction
from gosapp.models.accounts import User
from gosapp.services.identity import sessions, signin
from tests.personas import make_persona
from tests.security.test_handler_walk import (  # noqa: F401  (app_database is a fixture)
    app_database,
    call,
    gosapp_states,
    state_instance,
)

HOSTILE = ["²", "١٢", "1" * 20, "9" * 5000, "-1", -1, 0, 2.5, True, None, {}, {"id": 1}, [1]]
ID_HANDLERS = [
    ("SupportState", "toggle"),
    ("HistoryState", "toggle"),
    ("NotificationsState", "mark_read"),
    ("CertificatesState", "withdraw"),
    ("AttestationState", "withdraw"),
    ("ContactChangeState", "edit_contact"),
    ("SecurityState", "end_session"),
    ("MyAppointmentsState", "ask_cancel"),
    ("MyAppointmentsState", "accept"),
    ("MyAppointmentsState", "decline"),
    ("MyAppointmentsState", "leave"),
    ("LabsState", "open_result"),
]


@pytest.fixture(scope="module")
def bob_cookie() -> str:
    """The Cookie header of a signed-in citizen."""
    with transaction() as db:  # the app's database is shared by this folder's modules
        known = db.exec(select(User).where(User.email == "bob@example.ru")).first()
        citizen = known or make_persona(db, "bob").user
        ticket = signin.issue_ticket(session=db, user_id=citizen.id)
        token = sessions.exchange_ticket(session=db, ticket=ticket, actor=signin.Actor())
    return f"{sessions.COOKIE_NAME}={token}"


def handler(state_name: str, name: str):
    cls = next(c for c in gosapp_states() if c.__name__ == state_name)
    return cls, cls.event_handlers[name].fn


@pytest.mark.parametrize(("state_name", "name"), ID_HANDLERS)
@pytest.mark.parametrize("value", HOSTILE, ids=lambda v: repr(v)[:16])
def test_a_hostile_id_is_refused_not_raised(state_name, name, value, bob_cookie):
    cls, fn = handler(state_name, name)
    call(fn, state_instance(cls, bob_cookie), [value])  # no exception escapes
