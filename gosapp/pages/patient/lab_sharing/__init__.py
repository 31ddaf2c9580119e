"""`/labs/sharing` («Доступ к анализам», SPEC §2.2): share results with a doctor of the portal
or by a one-time link with a QR code, see and revoke the shares, and «кто смотрел мои данные».

``state.py`` holds ``LabSharingState``; ``create``, ``shares`` and ``log`` the views;
``results_table`` the read-only table the doctor's page and the public link page share.
"""

import reflex as rx

from gosapp import routes
from gosapp.components.layout import TOUCH_TARGET, page
from gosapp.components.loading import list_skeleton
from gosapp.pages.patient.lab_sharing.create import create_section
from gosapp.pages.patient.lab_sharing.log import log_section
from gosapp.pages.patient.lab_sharing.shares import new_link, shares_section
from gosapp.pages.patient.lab_sharing.state import LabSharingState
from gosapp.state.auth import SessionState

__all__ = ["LabSharingState", "lab_sharing_page", "sharing_shortcut"]


def lab_sharing_page() -> rx.Component:
    """The page (a skeleton until the signed-in patient's own data is loaded)."""
    return page(
        rx.cond(
            SessionState.me & (SessionState.me.id == LabSharingState.owner),
            rx.flex(
                new_link(),
                create_section(),
                shares_section(),
                log_section(),
                direction="column",
                gap="var(--space-5)",
                width="100%",
            ),
            list_skeleton("sharing-loading"),
        ),
        heading="Доступ к анализам",
    )


def sharing_shortcut() -> rx.Component:
    """For the patient cabinet's overview and the /labs page: «Доступ к анализам»."""
    return rx.card(
        rx.flex(
            rx.icon("share-2", size=28, color="var(--accent-9)", aria_hidden="true"),
            rx.text(
                "Поделиться результатами с врачом или по ссылке; кто смотрел мои данные",
                flex="1",
            ),
            rx.link(
                rx.button("Доступ к анализам", size="3", min_height=TOUCH_TARGET),
                href=routes.LAB_SHARING,
                id="patient-sharing-link",
            ),
            gap="var(--space-3)",
            align="center",
            wrap="wrap",
        ),
        margin_top="var(--space-4)",
        id="patient-sharing",
    )
