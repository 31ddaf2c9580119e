"""Unexpected errors: a short incident id for the user, the traceback for the server log."""

import logging
import secrets

import reflex as rx

from gosapp import routes

log = logging.getLogger("gosapp.incidents")


def new_incident_id() -> str:
    """A short random id support staff can grep the log for."""
    return secrets.token_hex(4).upper()


def backend_exception_handler(exception: Exception) -> rx.event.EventSpec:
    """Log the failure under a new incident id and show the error page with that id."""
    incident = new_incident_id()
    log.error("incident %s: unhandled error in an event handler", incident, exc_info=exception)
    return rx.redirect(routes.error(incident))
