"""`/security` («Безопасность»): password change, authenticator and recovery codes, active
sessions and login history.

``state.py`` holds ``SecurityState`` (every handler resolves the user from the session cookie
first); one module per card.
"""

import reflex as rx

from gosapp.components.layout import page
from gosapp.components.loading import list_skeleton
from gosapp.pages.account.security.apps import apps_link_card
from gosapp.pages.account.security.login_history import history_card
from gosapp.pages.account.security.password import password_card
from gosapp.pages.account.security.sessions import sessions_card
from gosapp.pages.account.security.state import SecurityState
from gosapp.pages.account.security.totp import totp_card
from gosapp.state.auth import SessionState

__all__ = ["SecurityState", "security_page"]


def security_page() -> rx.Component:
    """The «Безопасность» page."""
    return page(
        rx.cond(
            SessionState.me & (SessionState.me.id == SecurityState.owner),
            rx.vstack(
                rx.grid(
                    password_card(),
                    totp_card(),
                    columns=rx.breakpoints(initial="1", md="2"),
                    spacing="4",
                    width="100%",
                ),
                sessions_card(),
                apps_link_card(),
                history_card(),
                spacing="4",
                width="100%",
            ),
            list_skeleton("security-loading"),
        ),
        heading="Безопасность",
    )
