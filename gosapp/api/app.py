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
        # Both also wrap Reflex, mounted inside: upload bodies are capped, cookies never reach it.
        middleware=[Middleware(UploadBodyLimit), Middleware(CookieShield, upload_owner=owner)],
    )
    api.state.engine = engine
    return api
