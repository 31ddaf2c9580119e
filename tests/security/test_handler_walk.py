"""Every public event handler is an endpoint any client may call with any arguments.

This walks every handler of every gosapp state and calls it as an anonymous visitor (and, for
role-gated handlers, as a signed-in citizen). Only the documented allow-list may do anything;
every other handler must refuse before touching data.
"""

import asyncio
import inspect
import typing

import pytest
import reflex as rx
from reflex.istate.data import HeaderData
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import text

import gosapp.gosapp  # noqa: F401  -- registers every page and state
from gosapp.api.binding import SESSION_HEADER
from gosapp.db import get_engine, transaction
from gosapp.migrate import upgrade
from gosapp.services.identity import sessions, signin
from gosapp.state.auth import LOGIN_PAGE
from tests.personas import make_persona

# Handlers open to anonymous visitors, and why each is safe.
ALLOWED = {
    # Signing in, registering and recovering are for people without a session. Each keeps its
    # progress in backend-only vars of the caller's own tab and answers alike for any account.
    "LoginState": "*",
    "RegisterState": "*",
    "RecoverState": "*",
    # The demo outbox shows every message, by design, in demo mode only; elsewhere it is empty.
    "OutboxState": {"load"},
    # Tells the page who is signed in: the caller's own public summary, or nobody.
    "SessionState": {"load_me"},
    # `/`: the landing for nobody; for a session, that user's own dashboard (or a redirect to
    # their role's start page). It reads like load_me and writes nothing.
    "HomeState": {"load"},
    # The public certificate check: it reveals only what a number plus its keyed checksum
    # prove (type, dates, issuer, initials), never health data.
    "VerifyState": {"load", "check"},
    # A one-time lab share link: the token in the address is the credential, and the results
    # come only with the patient's date of birth (rate-limited per address, five wrong dates
    # block the link, every try audited: services.medical.share_links). `load` only clears.
    "SharedLinkState": {"load", "check"},
}

SAMPLE_ARGS = {str: "1", int: 1, dict: {"code": "123456", "password": "x"}, bool: True}


def gosapp_states() -> list[type[rx.State]]:
    """Every state class defined in the gosapp package."""
    found, todo = [], [rx.State]
    while todo:
        cls = todo.pop()
        todo.extend(cls.get_substates())
        if cls.__module__.startswith("gosapp"):
            found.append(cls)
    return found


def own_handlers(cls: type[rx.State]) -> dict[str, typing.Callable]:
    """Handlers written in gosapp (not Reflex's built-ins or inherited ones)."""
    return {
        name: handler.fn
        for name, handler in cls.event_handlers.items()
        if getattr(handler.fn, "__module__", "").startswith("gosapp") and name in cls.__dict__
    }


def guarded_handlers():
    for cls in gosapp_states():
        allowed = ALLOWED.get(cls.__name__, set())
        for name, fn in own_handlers(cls).items():
            if allowed != "*" and name not in allowed:
                yield pytest.param(cls, name, fn, id=f"{cls.__name__}.{name}")


def sample_args(fn) -> list:
    params = list(inspect.signature(fn).parameters.values())[1:]
    hints = typing.get_type_hints(fn)
    return [SAMPLE_ARGS.get(hints.get(p.name, str), "1") for p in params]


def state_instance(cls: type[rx.State], session_key: str = ""):
    """A state as a connection sees it: the keyed session header is all it has of cookies."""
    root = rx.State(_reflex_internal_init=True)
    state = root.get_substate(cls.get_full_name().split(".")[1:])
    raw = {"user-agent": "walker", SESSION_HEADER: session_key}
    headers = HeaderData.from_router_data({"headers": raw})
    for s in (root, state):
        s.rx_router_headers = headers
    return state


def call(fn, state, args):
    """Call a handler as Reflex would (awaiting async ones)."""
    result = fn(state, *args)
    return asyncio.run(result) if inspect.iscoroutine(result) else result


def row_counts() -> dict[str, int]:
    engine = get_engine()
    with engine.connect() as conn:
        return {
            t: conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar()
            for t in sa_inspect(engine).get_table_names()
        }


@pytest.fixture(scope="module", autouse=True)
def app_database():
    """The app's own database (the one handlers use), migrated."""
    upgrade(get_engine())


@pytest.fixture(scope="module")
def citizen_cookie() -> str:
    """The session key of a signed-in citizen (no staff role), as the connection carries it."""
    with transaction() as db:
        citizen = make_persona(db, "alice")
        ticket = signin.issue_ticket(session=db, user_id=citizen.id)
        token = sessions.exchange_ticket(session=db, ticket=ticket, actor=signin.Actor())
    return sessions.key_of(token)


def test_walk_finds_the_states():
    names = {cls.__name__ for cls in gosapp_states()}
    assert {"SessionState", "LoginState", "RegisterState"} <= names


def test_every_handler_outside_the_allow_list_is_guarded():
    unguarded = [
        f"{cls.__name__}.{name}"
        for cls in gosapp_states()
        for name, fn in own_handlers(cls).items()
        if ALLOWED.get(cls.__name__) != "*"
        and name not in ALLOWED.get(cls.__name__, ())
        and not hasattr(fn, "gosapp_roles")
    ]
    assert unguarded == []


@pytest.mark.parametrize(("cls", "name", "fn"), list(guarded_handlers()))
def test_anonymous_call_is_sent_to_login_and_changes_nothing(cls, name, fn):
    before = row_counts()
    result = call(fn, state_instance(cls), sample_args(fn))
    assert LOGIN_PAGE in str(result)
    assert row_counts() == before


@pytest.mark.parametrize(
    ("cls", "name", "fn"),
    [p for p in guarded_handlers() if p.values[2].gosapp_roles],
)
def test_wrong_role_is_refused_and_changes_nothing(cls, name, fn, citizen_cookie):
    before = row_counts()
    result = call(fn, state_instance(cls, citizen_cookie), sample_args(fn))
    assert "Недостаточно прав" in str(result)
    assert row_counts() == before
