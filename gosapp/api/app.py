"""The Starlette app in front of Reflex: it answers /api/* and passes the rest to Reflex."""

from collections.abc import Callable

from sqlalchemy.engine import Engine
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Route

from gosapp.api.auth import logout, open_session
from gosapp.api.documents import DOWNLOAD_PATH, download
from gosapp.api.exports import HISTORY_PATH, history_export
from gosapp.api.headers import SecurityHeaders
from gosapp.api.health import health
from gosapp.api.limits import UploadBodyLimit
from gosapp.db import get_engine


def create_api(engine: Callable[[], Engine] = get_engine) -> Starlette:
    """Every HTTP route gosapp adds to Reflex's own; ``engine`` gives the database."""
    api = Starlette(
        routes=[
            Route("/api/health", health, methods=["GET"]),
            Route("/api/auth/session", open_session, methods=["GET"]),
            Route("/api/auth/logout", logout, methods=["POST"]),
            Route(DOWNLOAD_PATH + "{document_id:int}", download, methods=["GET"]),
            Route(HISTORY_PATH, history_export, methods=["GET"]),
        ],
        # Both also wrap Reflex, mounted inside: pages, assets and /_upload get the headers too.
        middleware=[Middleware(SecurityHeaders), Middleware(UploadBodyLimit)],
    )
    api.state.engine = engine
    return api
