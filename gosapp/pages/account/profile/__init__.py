"""`/profile`: personal data and account level (with the staff-issued confirmation code),
contacts, identity documents (with the passport verification request), notifications.

One module per card; ``state.py`` holds ``ProfileState``, ``contacts.py`` the contact change
with its own small state.
"""

import reflex as rx

from gosapp.components.layout import page
from gosapp.components.loading import list_skeleton
from gosapp.pages.account.profile.contacts import ContactChangeState, contacts_card
from gosapp.pages.account.profile.documents import documents_card
from gosapp.pages.account.profile.notifications import notifications_card
from gosapp.pages.account.profile.personal import personal_card
from gosapp.pages.account.profile.state import ProfileState

__all__ = ["ContactChangeState", "ProfileState", "profile_page"]


def profile_page() -> rx.Component:
    """The profile page."""
    return page(
        rx.cond(
            ProfileState.loaded,
            rx.vstack(
                rx.grid(
                    personal_card(),
                    contacts_card(),
                    columns=rx.breakpoints(initial="1", md="2"),
                    spacing="4",
                    width="100%",
                ),
                documents_card(),
                notifications_card(),
                spacing="4",
                max_width="960px",
                width="100%",
            ),
            list_skeleton("profile-loading"),
        ),
        heading="Профиль",
    )
