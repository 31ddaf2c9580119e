"""Session cookie routes: a login ticket becomes an HttpOnly cookie; logout clears it.

Reflex talks over a websocket and cannot set HttpOnly cookies, so after a successful login the
page navigates (full load) to /api/auth/session?ticket=…, which sets the cookie and redirects.
"""

from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import RedirectResponse

from gosapp.db import transaction
from gosapp.services.common.audit import Actor
from gosapp.services.identity import sessions
from gosapp.settings import get_settings


def safe_next(target: str | None) -> str:
    """Only same-site paths: never redirect a fresh login to another origin."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else "/"


def request_actor(request: Request) -> Actor:
    """IP and user agent of an HTTP request."""
    return Actor(
        ip=request.client.host if request.client else "",
        user_agent=request.headers.get("user-agent", ""),
    )


async def open_session(request: Request) -> RedirectResponse:
    """Exchange a one-time ticket for the session cookie, then go on to the requested page."""
    ticket = request.query_params.get("ticket", "")
    with transaction(request.app.state.engine()) as db:
        token = sessions.exchange_ticket(session=db, ticket=ticket, actor=request_actor(request))
    if token is None:
        return RedirectResponse("/login?expired=1", status_code=303)
    response = RedirectResponse(safe_next(request.query_params.get("next")), status_code=303)
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
    response = RedirectResponse("/login?logged_out=1", status_code=303)
    response.delete_cookie(sessions.COOKIE_NAME, path="/", httponly=True, samesite="lax")
    return response
