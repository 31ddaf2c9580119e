"""A tab's state belongs to the session (or pre-login browser) that filled it.

Reflex hands a tab's whole state to whoever presents its client token, a value that sits in
``sessionStorage`` and in the websocket URL. So every event, ``hydrate`` included, first
compares who the connection speaks for (``api/binding.py``: the keyed session and browser
cookies) with who the state was filled for; when they differ the whole tree is reset *before*
the event runs or anything is sent. A copied token without its cookies finds an empty state;
logging in or out (the cookie changes) starts the tab afresh.
"""

import reflex as rx
from reflex.istate.manager.token import BaseStateToken
from reflex.middleware import Middleware
from reflex_base import constants

from gosapp.api.binding import binding_of


class BindingState(rx.State):
    """Who this tab's state was filled for (keyed hashes; backend-only)."""

    _owner: str = ""


def connection_binding(state: rx.State) -> str:
    """Who the event's connection speaks for, from the headers ``CookieShield`` set."""
    headers = state.router_data.get(constants.RouteVar.HEADERS, {})
    return binding_of(headers)


class StateBinding(Middleware):
    """Reset a state tree that another session or browser filled, before the event runs."""

    async def preprocess(self, app, state, event):
        """Compare bindings; reset on a mismatch; never answers for the event itself."""
        root = state._get_root_state()
        if not root.router_data:
            return None  # a backend-initiated event: no connection to compare with
        current = connection_binding(root)
        guard = await root.get_state(BindingState)
        if guard._owner != current:
            root.reset()
            guard._owner = current
        return None


async def upload_owner(token: str) -> str:
    """The binding a tab's state holds (for ``/_upload``, which runs on that state)."""
    from gosapp.gosapp import app  # the running app; imported late to avoid a cycle

    if not token or len(token) > 64:
        return ""
    state = await app.state_manager.get_state(BaseStateToken(ident=token, cls=BindingState))
    if not isinstance(state, BindingState):
        state = await state.get_state(BindingState)
    return state._owner
