"""The Starlette app in front of Reflex: it answers /api/* and passes the rest to Reflex."""

from collections.abc import Callable

from sqlalchemy.engine import Engine
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Route

from gosapp.api.auth import logout, open_session
from gosapp.api.binding import CookieShield, UploadOwner
from gosapp.api.documents import DOWNLOAD_ROUTE, download
from gosapp.api.exports import HISTORY_PATH, history_export
from gosapp.api.headers import SecurityHeaders
from gosapp.api.health import health
from gosapp.api.limits import UploadBodyLimit
from gosapp.db import get_engine


def create_api(
    engine: Callable[[], Engine] = get_engine, owner: UploadOwner | None = None
) -> Starlette:
    """Every HTTP route gosapp adds to Reflex's own; ``engine`` gives the database.

    ``owner`` tells whom a tab's state is bound to, for uploads (none: uploads are refused).
    """
    api = Starlette(
        routes=[
            Route("/api/health", health, methods=["GET"]),
            Route("/api/auth/session", open_session, methods=["GET"]),
            Route("/api/auth/logout", logout, methods=["POST"]),
            Route(DOWNLOAD_ROUTE, download, methods=["GET"]),
            Route(HISTORY_PATH, history_export, methods=["GET"]),
        ],
        # All also wrap Reflex, mounted inside, outermost first: every answer gets the security
        # headers (refusals too), upload bodies are capped, and cookies never reach Reflex.
        middleware=[
            Middleware(SecurityHeaders),
            Middleware(UploadBodyLimit),
            Middleware(CookieShield, upload_owner=owner),
        ],
    )
    api.state.engine = engine
    return api
