"""The signed-in user, resolved on the server from the HttpOnly session cookie at every event.

Every page state that touches personal data derives from ``SessionState`` and every public
handler of such a state starts with ``self._require(db, …)`` inside a ``@guarded`` handler.
The cookie arrives with the websocket handshake (``router.headers.cookie``); Reflex never sends
it back to the browser, and the session id is never the Reflex client token.
"""

import functools
import inspect
import json
from collections.abc import Callable
from urllib.parse import urlencode

import reflex as rx
from sqlmodel import Session

from gosapp.db import session_scope
from gosapp.models.accounts import Role, User, UserPublic
from gosapp.services.common.audit import Actor
from gosapp.services.common.errors import NotAllowed
from gosapp.services.identity import sessions
from gosapp.services.identity.accounts import public_user, roles_of
from gosapp.services.notifications.inbox import unread_count

LOGIN_PAGE = "/login"


class NotSignedIn(NotAllowed):
    """No live session behind this connection."""

    def __init__(self):
        super().__init__("Войдите, чтобы продолжить")


def guarded(*roles: Role | Callable) -> Callable:
    """Require a live session (and one of ``roles``) before the handler runs.

    A refusal becomes a redirect to the login page or an error toast, never a crash. Usable
    bare (``@guarded``) or with roles (``@guarded(Role.REGISTRAR)``). The handler still calls
    ``self._require`` itself to get the user; the guard makes forgetting that harmless.
    """
    if len(roles) == 1 and callable(roles[0]) and not isinstance(roles[0], Role):
        return _guard(roles[0], ())
    return lambda handler: _guard(handler, roles)


def _guard(handler: Callable, roles: tuple[Role, ...]) -> Callable:
    def check(self) -> rx.event.EventSpec | None:
        try:
            with session_scope() as db:
                self._require(db, *roles)
        except NotSignedIn:
            return rx.redirect(LOGIN_PAGE)
        except NotAllowed as exc:
            return rx.toast.error(exc.message)
        return None

    if inspect.iscoroutinefunction(handler):

        @functools.wraps(handler)
        async def async_wrapper(self, *args, **kwargs):
            refusal = check(self)
            return refusal if refusal is not None else await handler(self, *args, **kwargs)

        wrapper = async_wrapper
    else:

        @functools.wraps(handler)
        def wrapper(self, *args, **kwargs):
            refusal = check(self)
            return refusal if refusal is not None else handler(self, *args, **kwargs)

    wrapper.gosapp_roles = roles
    return wrapper


class SessionState(rx.State):
    """Knows who is signed in; the only user data it holds is the user's own public summary."""

    me: UserPublic | None = None
    unread: int = 0

    def _token(self) -> str:
        return sessions.token_from_cookie_header(self.router.headers.cookie)

    def _actor(self, user: User | None = None, role: str = "") -> Actor:
        return Actor(
            user_id=user.id if user else None,
            role=role,
            ip=self.router.session.client_ip or "",
            user_agent=self.router.headers.user_agent or "",
        )

    def _require(self, db: Session, *roles: Role) -> User:
        """The signed-in user holding one of ``roles`` (any role when none given)."""
        user = sessions.resolve(session=db, token=self._token())
        if user is None or user.totp_enabled_at is None:
            raise NotSignedIn()
        if roles and not roles_of(db, user.id) & set(roles):
            raise NotAllowed()
        return user

    def _refresh_me(self, db: Session, user: User) -> None:
        self.me = public_user(db, user)

    @rx.event
    def load_me(self):
        """On every page load: who is signed in (own summary only), or nobody."""
        with session_scope() as db:
            user = sessions.resolve(session=db, token=self._token())
            signed_in = user is not None and user.totp_enabled_at is not None
            self.me = public_user(db, user) if signed_in else None
            self.unread = unread_count(session=db, user_id=user.id) if signed_in else 0


def open_session_script(ticket: str, next_path: str = "/patient") -> rx.event.EventSpec:
    """Navigate (full page load) to the route that turns a login ticket into the cookie."""
    query = urlencode({"ticket": ticket, "next": next_path})
    return rx.call_script(f"window.location.assign({json.dumps('/api/auth/session?' + query)})")
