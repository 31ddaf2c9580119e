"""Session cookie routes: a login ticket becomes an HttpOnly cookie; logout clears it.

Reflex talks over a websocket and cannot set HttpOnly cookies, so after a successful login the
page navigates (full load) to /api/auth/session?ticket=…, which sets the cookie and redirects.
"""

from starlette.requests import Request
from starlette.responses import RedirectResponse

from gosapp import routes
from gosapp.api.binding import BROWSER_COOKIE
from gosapp.db import transaction
from gosapp.services.common.audit import Actor
from gosapp.services.identity import sessions
from gosapp.settings import get_settings


def request_actor(request: Request) -> Actor:
    """IP and user agent of an HTTP request."""
    return Actor(
        ip=request.client.host if request.client else "",
        user_agent=request.headers.get("user-agent", ""),
    )


def same_site(request: Request) -> bool:
    """A navigation from our own pages (or typed in): never a foreign page's link or form."""
    fetch_site = request.headers.get("sec-fetch-site", "same-origin")
    origin = request.headers.get("origin")
    own = get_settings().public_url.rstrip("/")
    return fetch_site in ("same-origin", "none") and origin in (None, own)


async def open_session(request: Request) -> RedirectResponse:
    """Exchange a one-time ticket for the session cookie, then go on to the requested page.

    The ticket opens a session only in the browser that passed the password and the code (its
    pre-login cookie), and only on a same-site navigation: a foreign page cannot sign a victim
    into the attacker's account (login CSRF).
    """
    ticket = request.query_params.get("ticket", "")
    browser = sessions.key_of(request.cookies.get(BROWSER_COOKIE, ""))
    token = None
    if browser and same_site(request):
        with transaction(request.app.state.engine()) as db:
            token = sessions.exchange_ticket(
                session=db, ticket=ticket, browser=browser, actor=request_actor(request)
            )
    if token is None:
        return RedirectResponse(routes.LOGIN_EXPIRED, status_code=303)
    response = RedirectResponse(routes.safe_next(request.query_params.get("next")), status_code=303)
    response.set_cookie(
        sessions.COOKIE_NAME,
        token,
        max_age=int(sessions.ABSOLUTE_TIMEOUT.total_seconds()),
        path="/",
        httponly=True,
        samesite="lax",
        secure=get_settings().public_url.startswith("https://"),
    )
    response.headers["Cache-Control"] = "no-store"
    return response


async def logout(request: Request) -> RedirectResponse:
    """Revoke the current session and clear the cookie."""
    token = request.cookies.get(sessions.COOKIE_NAME, "")
    if token:
        with transaction(request.app.state.engine()) as db:
            sessions.revoke(session=db, token=token)
    response = RedirectResponse(routes.LOGGED_OUT, status_code=303)
    response.delete_cookie(sessions.COOKIE_NAME, path="/", httponly=True, samesite="lax")
    return response
