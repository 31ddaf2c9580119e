"""A tab's state belongs to the session (or pre-login browser) that filled it.

Reflex hands a tab's whole state to whoever presents its client token, a value that sits in
``sessionStorage`` and in the websocket URL. So every event, ``hydrate`` included, first
compares who the connection speaks for (``api/binding.py``: the keyed session and browser
cookies) with who the state was filled for; when they differ the whole tree is reset *before*
the event runs or anything is sent. A copied token without its cookies finds an empty state;
logging in or out (the cookie changes) starts the tab afresh.

A page load also empties the page states of the pages not shown: personal data stays in page
vars only while its page is open (``SessionState``, the header's own summary, and the staged
uploads stay).
"""

import reflex as rx
from reflex.istate.manager.token import BaseStateToken
from reflex.middleware.middleware import Middleware
from reflex.state import BaseState, OnLoadInternalState, State
from reflex_base import constants
from reflex_base.utils.format import format_event_handler

from gosapp.api.binding import binding_of


class BindingState(rx.State):
    """Who this tab's state was filled for (keyed hashes; backend-only)."""

    _owner: str = ""


def connection_binding(state: BaseState) -> str:
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
        elif event.name in _page_load_events():
            _forget_other_pages(app, root)
        return None


def _page_load_events() -> frozenset[str]:
    names = (constants.CompileVars.HYDRATE, constants.CompileVars.HYDRATE_AND_LOAD)
    return frozenset(
        {format_event_handler(State.event_handlers[n]) for n in names}
        | {format_event_handler(OnLoadInternalState.event_handlers["on_load_internal"])}
    )


def _forget_other_pages(app, root: BaseState) -> None:
    """Reset the page states that the route being loaded does not use."""
    from gosapp.state.auth import AuthMixin, SessionState
    from gosapp.state.uploads import UploadsState

    path = root.router_data.get(constants.RouteVar.PATH) or "/"
    keep = {getattr(h, "state", None) for h in app.get_load_events(path)}
    keep |= {SessionState, UploadsState}
    for substate in root.substates.values():
        if isinstance(substate, AuthMixin) and type(substate) not in keep:
            substate.reset()


async def upload_owner(token: str) -> str:
    """The binding a tab's state holds (for ``/_upload``, which runs on that state)."""
    from gosapp.gosapp import app  # the running app; imported late to avoid a cycle

    if not token or len(token) > 64:
        return ""
    state = await app.state_manager.get_state(BaseStateToken(ident=token, cls=BindingState))
    if not isinstance(state, BindingState):
        state = await state.get_state(BindingState)
    return state._owner
