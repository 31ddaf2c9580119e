"""The Starlette app in front of Reflex: it answers /api/* and passes the rest to Reflex."""

from collections.abc import Callable

from sqlalchemy.engine import Engine
from starlette.applications import Starlette
from starlette.routing import Route

from gosapp.api.health import health_endpoint
from gosapp.db import get_engine


def create_api(engine: Callable[[], Engine] = get_engine) -> Starlette:
    """Every HTTP route gosapp adds to Reflex's own."""
    return Starlette(routes=[Route("/api/health", health_endpoint(engine), methods=["GET"])])
