"""Reflex names and the real sign-in flow over the websocket, shared by benchmarks and load tests.

The names of states, handlers and delta keys come from the app and from Reflex
(``format_event_handler``), so moving page modules does not break the clients. The sign-in is
the login page's: ``LoginState.submit_password`` and ``submit_code`` as events; the code step
answers with a ``_call_script`` that navigates to ``/api/auth/session?ticket=…``, which httpx
then opens to receive the HttpOnly session cookie.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from typing import Any, Protocol

import httpx
from reflex import constants
from reflex.state import BaseState, State
from reflex_base.event import EventHandler

from gosapp.api.binding import BROWSER_COOKIE
from gosapp.models.accounts import utcnow
from gosapp.services.identity import sessions, totp
from tests.wsclient import ReflexSocket


class SignInNames(Protocol):
    """The names the sign-in flow needs (``tests.bench.bench_events.Names`` has them all)."""

    @property
    def login_state(self) -> str: ...
    @property
    def submit_password(self) -> str: ...
    @property
    def submit_code(self) -> str: ...
    @property
    def login_step(self) -> str: ...
    @property
    def hydrate_and_load(self) -> str: ...
    @property
    def root_state(self) -> str: ...
    @property
    def is_hydrated(self) -> str: ...


def page_state(app, route: str) -> Any:
    """The state of a route's own on_load handler (the last one; the first is ``load_me``)."""
    handler = app.get_load_events(route)[-1]
    if not isinstance(handler, EventHandler) or handler.state is None:
        raise RuntimeError(f"{route}: its last on_load handler is not a state's event handler")
    return handler.state


def delta_key(state: type[BaseState], var: str) -> str:
    """The name a var has in a delta (``is_hydrated_rx_state_``)."""
    return str(getattr(state, var)).rpartition(".")[2]


def hydrate_name() -> str:
    """The full name of the event a page sends when its socket connects."""
    return f"{State.get_full_name()}.{constants.CompileVars.HYDRATE_AND_LOAD}"


def root_name() -> str:
    """The full name of the root state (the key of its part of a delta)."""
    return State.get_full_name()


def is_hydrated_key() -> str:
    """The delta key of ``is_hydrated`` on the root state."""
    return delta_key(State, constants.CompileVars.IS_HYDRATED)


def touches(state: str) -> Callable[[dict], bool]:
    """An update that changes ``state``."""
    return lambda update: state in (update.get("delta") or {})


def hydrated(names: SignInNames) -> Callable[[dict], bool]:
    """The last update of an on_load chain: ``is_hydrated`` set to true."""
    key = names.is_hydrated
    return lambda update: (update.get("delta") or {}).get(names.root_state, {}).get(key) is True


def boot_event(names: SignInNames, path: str) -> dict:
    """The hydrate a page sends in its CONNECT packet."""
    return {
        "name": names.hydrate_and_load,
        "payload": {},
        "router_data": {"pathname": path, "asPath": path},
    }


def sign_in(
    base_url: str, names: SignInNames, login: str, password: str, secret: str = "", code: str = ""
) -> str:
    """The login page's two steps as events, then the ticket for the cookie; the Cookie header.

    The second step sends ``code`` when given (a TOTP or recovery code), else the current TOTP
    code of ``secret``.
    """
    browser = f"{BROWSER_COOKIE}={uuid.uuid4().hex}"  # the ticket is bound to this browser
    tab = ReflexSocket(base_url, cookie=browser, boot=boot_event(names, "/login"))
    try:
        tab.until(hydrated(names))
        form = {"login": login, "password": password}
        tab.emit(names.submit_password, {"form": form}, path="/login")
        step = tab.until(touches(names.login_state))[-1]["delta"][names.login_state]
        if step.get(names.login_step) != "code":
            raise RuntimeError(f"the password step failed: {step}")
        code = code or totp.code_at(secret, utcnow())
        tab.emit(names.submit_code, {"form": {"code": code}}, path="/login")
        # The script that opens the session, or the login state's error (a used code, say).
        answer = tab.until(lambda u: call_script(u) is not None or touches(names.login_state)(u))
    finally:
        tab.close()
    script = call_script(answer[-1])
    if script is None:
        raise RuntimeError(f"the code step failed: {answer[-1]['delta']}")
    return open_session(base_url, script, browser)


def call_script(update: dict) -> str | None:
    """The JavaScript of a ``_call_script`` event in ``update``, if there is one."""
    for event in update.get("events") or []:
        if event.get("name") == "_call_script":
            return event["payload"]["javascript_code"]
    return None


def open_session(base_url: str, script: str, browser: str) -> str:
    """Follow the login script's navigation with httpx; the session cookie as a Cookie header."""
    found = re.search(r"window\.location\.assign\((\".*\")\)", script)
    if found is None:
        raise RuntimeError(f"unexpected login script: {script[:200]}")
    target = json.loads(found.group(1))
    headers = {"Cookie": browser}
    response = httpx.get(base_url + target, headers=headers, follow_redirects=False, timeout=30)
    token = response.cookies.get(sessions.COOKIE_NAME)
    if response.status_code != 303 or not token:
        raise RuntimeError(f"no session cookie from {target}: {response.status_code}")
    return f"{sessions.COOKIE_NAME}={token}; {browser}"
