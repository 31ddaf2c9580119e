"""Frontend vars are sent to the browser: no table rows, hashes, secrets or session ids there."""

import asyncio
import json
import re
import typing

from sqlmodel import SQLModel

from gosapp.db import get_engine, transaction
from gosapp.migrate import upgrade
from gosapp.pages.account.login import LoginState
from tests.personas import make_persona
from tests.security.test_handler_walk import gosapp_states, state_instance

# A var *named* like a secret (password, totp_secret, session_token, ...) is suspect.
SECRET_NAME = re.compile(r"(^|_)(password|secret|hash|token|ticket)$")


def _is_table_row(annotation) -> bool:
    candidates = [annotation, *typing.get_args(annotation)]
    for arg in list(candidates):
        candidates.extend(typing.get_args(arg))
    return any(
        isinstance(c, type)
        and issubclass(c, SQLModel)
        and getattr(c, "__table__", None) is not None
        for c in candidates
    )


def test_no_frontend_var_holds_a_table_row_or_a_secret_by_name():
    offenders = []
    for cls in gosapp_states():
        for name, var in cls.base_vars.items():
            if name.startswith("_") or name.startswith("rx_router") or name == "is_hydrated":
                continue
            if _is_table_row(var._var_type) or SECRET_NAME.search(name):
                offenders.append(f"{cls.__name__}.{name}")
    assert offenders == []


def test_login_state_sent_to_the_browser_carries_no_hash_or_secret():
    upgrade(get_engine())
    with transaction() as db:
        bob = make_persona(db, "bob")
        password_hash, encrypted = bob.user.password_hash, bob.user.totp_secret_enc
    state = state_instance(LoginState)
    asyncio.run(
        LoginState.event_handlers["submit_password"].fn(
            state, {"login": bob.user.email, "password": bob.password}
        )
    )
    assert state.step == "code"
    sent = json.dumps(state.dict(), default=str, ensure_ascii=False)
    for secret in (password_hash, encrypted, bob.totp_secret, bob.password):
        assert secret not in sent
    assert "_pending" not in sent
