"""The Starlette app in front of Reflex: it answers /api/* and passes the rest to Reflex."""

from collections.abc import Callable

from sqlalchemy.engine import Engine
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Route

from gosapp import routes
from gosapp.api.auth import logout, open_session
from gosapp.api.binding import CookieShield, UploadOwner
from gosapp.api.caching import CachePolicy, Compression
from gosapp.api.calendar import feed_ics, visit_ics
from gosapp.api.doctor_stats_export import doctor_stats_export
from gosapp.api.documents import download
from gosapp.api.exports import history_export
from gosapp.api.frmr_payments import frmr_payments_export
from gosapp.api.headers import SecurityHeaders
from gosapp.api.health import health
from gosapp.api.lab_exports import lab_export
from gosapp.api.limits import UploadBodyLimit
from gosapp.api.oidc import (
    authorize_endpoint,
    jwks,
    openid_configuration,
    revoke_endpoint,
    token_endpoint,
    userinfo_endpoint,
)
from gosapp.api.photos import doctor_photo
from gosapp.api.portfolio import preview as portfolio_preview
from gosapp.api.record_export import record_export
from gosapp.api.szn_exports import szn_payments_export
from gosapp.api.v1.lab_results import post_lab_results
from gosapp.api.v1.openapi import openapi
from gosapp.db import get_engine


def create_api(
    engine: Callable[[], Engine] = get_engine, owner: UploadOwner | None = None
) -> Starlette:
    """Every HTTP route gosapp adds to Reflex's own; ``engine`` gives the database.

    ``owner`` tells whom a tab's state is bound to, for uploads (none: uploads are refused).
    """
    api = Starlette(
        routes=[
            Route(routes.API_HEALTH, health, methods=["GET"]),
            Route(routes.API_SESSION, open_session, methods=["GET"]),
            Route(routes.API_LOGOUT, logout, methods=["POST"]),
            Route(routes.DOCUMENT, download, methods=["GET"]),
            Route(routes.HISTORY_EXPORT, history_export, methods=["GET"]),
            Route(routes.SZN_PAYMENTS_EXPORT, szn_payments_export, methods=["GET"]),
            Route(routes.FRMR_PAYMENTS_EXPORT, frmr_payments_export, methods=["GET"]),
            Route(routes.DOCTOR_STATS_EXPORT, doctor_stats_export, methods=["GET"]),
            Route(routes.LAB_EXPORT, lab_export, methods=["GET"]),
            Route(routes.RECORD_EXPORT, record_export, methods=["GET"]),
            Route(routes.APPOINTMENT_ICS, visit_ics, methods=["GET"]),
            Route(routes.CALENDAR_FEED, feed_ics, methods=["GET"]),
            Route(routes.API_LAB_RESULTS, post_lab_results, methods=["POST"]),
            Route(routes.API_OPENAPI, openapi, methods=["GET"]),
            Route(routes.OIDC_CONFIGURATION, openid_configuration, methods=["GET"]),
            Route(routes.OIDC_JWKS, jwks, methods=["GET"]),
            Route(routes.OAUTH_AUTHORIZE, authorize_endpoint, methods=["GET", "POST"]),
            Route(routes.OAUTH_TOKEN, token_endpoint, methods=["POST"]),
            Route(routes.OAUTH_USERINFO, userinfo_endpoint, methods=["GET", "POST"]),
            Route(routes.OAUTH_REVOKE, revoke_endpoint, methods=["POST"]),
            Route(routes.PORTFOLIO_PREVIEW, portfolio_preview, methods=["GET"]),
            Route(routes.DOCTOR_PHOTO, doctor_photo, methods=["GET"]),
        ],
        # All also wrap Reflex, mounted inside, outermost first: frontend answers are gzipped
        # (outermost: it only rewrites bodies, after every header is set; never the websocket,
        # uploads or the API), every answer gets the security headers (refusals too) and its
        # Cache-Control (hashed assets a year, pages revalidated), upload bodies are capped, and
        # cookies never reach Reflex.
        middleware=[
            Middleware(Compression),
            Middleware(SecurityHeaders),
            Middleware(CachePolicy),
            Middleware(UploadBodyLimit),
            Middleware(CookieShield, upload_owner=owner),
        ],
    )
    api.state.engine = engine
    return api
