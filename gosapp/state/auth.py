"""The signed-in user, resolved on the server at every event from the session's key.

Page states mix in ``AuthMixin`` (``class XState(AuthMixin, rx.State)``) and stay direct
children of ``rx.State``: a flat tree, so loading one page's state never loads the others.
Every public handler of such a state is ``@guarded`` and gets its user through
``with self._signed_in(write=…) as (db, user)``. The raw session cookie never reaches Reflex:
``api/binding.py`` puts only its keyed hash in the connection's headers, and
``state/binding.py`` resets a tab's state that another session filled.
"""

import functools
import inspect
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar, overload
from urllib.parse import urlencode

import reflex as rx
from sqlmodel import Session

from gosapp import routes
from gosapp.api.binding import BROWSER_HEADER, SESSION_HEADER
from gosapp.db import session_scope, transaction
from gosapp.models.accounts import Role, User, UserPublic
from gosapp.services.common.audit import Actor
from gosapp.services.common.errors import NotAllowed
from gosapp.services.identity import sessions
from gosapp.services.identity.accounts import public_user, roles_of
from gosapp.services.notifications.inbox import unread_count

LOGIN_PAGE = routes.LOGIN

P = ParamSpec("P")
R = TypeVar("R")


class NotSignedIn(NotAllowed):
    """No live session behind this connection."""

    def __init__(self):
        super().__init__("Войдите, чтобы продолжить")


@overload
def guarded(handler: Callable[P, R], /) -> Callable[P, R | rx.event.EventSpec]: ...
@overload
def guarded(
    *roles: Role,
) -> Callable[[Callable[P, R]], Callable[P, R | rx.event.EventSpec]]: ...
def guarded(*roles: Role | Callable[..., Any]) -> Callable[..., Any]:
    """Require a live session (and one of ``roles``) before the handler runs.

    A refusal becomes a redirect to the login page or an error toast, never a crash. Usable
    bare (``@guarded``) or with roles (``@guarded(Role.REGISTRAR)``). The handler gets its user
    from ``self._signed_in(...)``, which reuses what the guard resolved for this event.
    The wrapper keeps the handler's parameters, so ``@rx.event`` types its event args.
    """
    if len(roles) == 1 and callable(roles[0]) and not isinstance(roles[0], Role):
        return _guard(roles[0], ())
    required = tuple(r for r in roles if isinstance(r, Role))
    return lambda handler: _guard(handler, required)


@dataclass(frozen=True)
class _Guarded:
    """What the guard resolved for the event being handled: the user, and (for a plain sync
    handler) the read session the check used, kept open until the handler returns so that the
    handler's reads need no session of their own."""

    user: User
    db: Session | None = None


# A ContextVar, never a state var: never stored or sent.
_guarded: ContextVar[_Guarded | None] = ContextVar("gosapp_guarded", default=None)


def _guard(handler: Callable[P, R], roles: tuple[Role, ...]) -> Callable[P, Any]:
    # The wrapper takes the state first, then the handler's own arguments: typed loosely here
    # and given the handler's parameters (``P``) again by the return annotation.
    call: Callable[..., Any] = handler

    def check(self: "AuthMixin", db: Session) -> tuple[User | None, rx.event.EventSpec | None]:
        try:
            return self._check_session(db, *roles), None
        except NotSignedIn:  # back here after signing in (a deep link survives the sign-in)
            return None, rx.redirect(routes.login_to(self._here()))
        except NotAllowed as exc:
            return None, rx.toast.error(exc.message)

    def run(self: "AuthMixin", guarded: _Guarded, args: Any, kwargs: Any) -> Any:
        reset = _guarded.set(guarded)
        try:
            return call(self, *args, **kwargs)
        finally:
            _guarded.reset(reset)

    wrapper: Callable[..., Any]
    if inspect.iscoroutinefunction(handler):

        @functools.wraps(handler)
        async def async_wrapper(self: "AuthMixin", *args: Any, **kwargs: Any) -> Any:
            # the session is closed before the handler awaits: no connection held across awaits
            with session_scope() as db:
                user, refusal = check(self, db)
            if user is None:
                return refusal
            return await run(self, _Guarded(user), args, kwargs)

        wrapper = async_wrapper
    elif inspect.isgeneratorfunction(handler) or inspect.isasyncgenfunction(handler):

        @functools.wraps(handler)
        def generator_wrapper(self: "AuthMixin", *args: Any, **kwargs: Any) -> Any:
            # the body runs later, as Reflex iterates it: it resolves its user itself
            with session_scope() as db:
                user, refusal = check(self, db)
            return refusal if user is None else call(self, *args, **kwargs)

        wrapper = generator_wrapper
    else:

        @functools.wraps(handler)
        def sync_wrapper(self: "AuthMixin", *args: Any, **kwargs: Any) -> Any:
            with session_scope() as db:
                user, refusal = check(self, db)
                if user is None:
                    return refusal
                return run(self, _Guarded(user, db), args, kwargs)

        wrapper = sync_wrapper
    setattr(wrapper, "gosapp_roles", roles)  # noqa: B010 -- a function attribute, read by the handler walk test
    return wrapper


class AuthMixin(rx.State, mixin=True):
    """Who is behind this connection; mixed into every page state that shows personal data."""

    def _session_key(self) -> str:
        """The session's database key (a keyed hash of the cookie; never the cookie)."""
        return self.router.headers.raw_headers.get(SESSION_HEADER, "")

    def _browser_key(self) -> str:
        """The pre-login browser cookie's key (binds login tickets and registration)."""
        return self.router.headers.raw_headers.get(BROWSER_HEADER, "")

    def _here(self) -> str:
        """The page this event came from, path and query (where to return after sign-in)."""
        url = self.router.url
        path = getattr(url, "path", "") or ""
        query = getattr(url, "query", "") or ""
        return f"{path}?{query}" if path and query else path

    def _actor(self, user: User | None = None, role: str = "") -> Actor:
        router = self.router  # assembled anew on each read
        return Actor(
            user_id=user.id if user else None,
            role=role,
            ip=router.session.client_ip or "",
            user_agent=router.headers.user_agent or "",
        )

    def _require(self, db: Session, *roles: Role) -> User:
        """The signed-in user holding one of ``roles`` (any role when none given)."""
        return self._user_and_due(db, *roles)[0]

    def _user_and_due(self, db: Session, *roles: Role) -> tuple[User, bool]:
        """``_require``, and whether the session's idle clock is due to move."""
        user, due = sessions.signed_in(session=db, key=self._session_key())
        if user is None:
            raise NotSignedIn()
        if roles and not roles_of(db, user.id) & set(roles):
            raise NotAllowed()
        return user, due

    def _check_session(self, db: Session, *roles: Role) -> User:
        """The guard's check in ``db``: the user, and the idle clock moved when due."""
        user, due = self._user_and_due(db, *roles)
        if due:
            db.commit()  # ends the read (no write waits on it); the user stays loaded
            with transaction() as writing:
                sessions.touch(session=writing, key=self._session_key())
        return user

    @contextmanager
    def _signed_in(self, *roles: Role, write: bool = False) -> Iterator[tuple[Session, User]]:
        """``(db, user)`` for a guarded handler: a write transaction or a read session.

        A read reuses the guard's session and user (resolved once per event). A write gets its
        own transaction and reads its user again there; after it, the guard's answer is dropped
        (its session closed): a later read in the same event resolves its user afresh and sees
        what the write changed. Outside a guard the session is resolved here.
        """
        guarded = _guarded.get()
        if guarded is not None and guarded.db is not None and not write:
            if roles and not roles_of(guarded.db, guarded.user.id) & set(roles):
                raise NotAllowed()
            yield guarded.db, guarded.user
            return
        if guarded is not None and write:
            if guarded.db is not None:
                guarded.db.close()  # ends its snapshot (SQLite would keep showing it)
            _guarded.set(None)  # the guard's wrapper puts the old value back when it returns
        with transaction() if write else session_scope() as db:
            user = None
            if guarded is not None:
                found = guarded.user
                user = db.get(User, found.id) if write else db.merge(found, load=False)
            if user is None:
                user = self._require(db, *roles)
            elif roles and not roles_of(db, user.id) & set(roles):
                raise NotAllowed()
            yield db, user


class SessionState(AuthMixin, rx.State):
    """Knows who is signed in; the only user data it holds is the user's own public summary."""

    me: rx.Field[UserPublic | None] = rx.field(None)
    unread: rx.Field[int] = rx.field(0)
    # Whether ``me`` has been read for this tab: until then the header draws neither «Войти»
    # nor the user menu (a page's first paint comes before the server's answer). Unlike
    # ``is_hydrated`` it stays set across in-app navigation, so the header does not blink.
    checked: rx.Field[bool] = rx.field(False)

    @rx.event
    def load_me(self):
        """On every page load: who is signed in (own summary only), or nobody."""
        with session_scope() as db:
            user = sessions.signed_in_user(session=db, key=self._session_key())
            self.me = public_user(db, user) if user else None
            self.unread = unread_count(session=db, user_id=user.id) if user else 0
        self.checked = True


def open_session_script(ticket: str, next_path: str = routes.HOME_CABINET) -> rx.event.EventSpec:
    """Navigate (full page load) to the route that turns a login ticket into the cookie."""
    query = urlencode({"ticket": ticket, "next": next_path})
    return rx.call_script(f"window.location.assign({json.dumps(f'{routes.API_SESSION}?{query}')})")
