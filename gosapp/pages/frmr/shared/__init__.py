"""`/frmr/shared` («Доступ от пациентов»): lab results patients shared with the signed-in
doctor — the live shares (patient, what, until when) and, opened, exactly a share's results.
Each opening is logged for the patient («кто смотрел мои данные»)."""

import reflex as rx

from gosapp import routes
from gosapp.components.layout import TOUCH_TARGET, page
from gosapp.components.loading import list_skeleton
from gosapp.models.accounts import Role
from gosapp.pages.frmr.shared.state import DoctorSharedState
from gosapp.pages.frmr.shared.view import opened_share, shares_list
from gosapp.state.auth import SessionState

__all__ = ["DoctorSharedState", "doctor_shared_page", "shared_shortcut"]


def doctor_shared_page() -> rx.Component:
    """The doctor's received shares (a skeleton until the doctor's own list is loaded)."""
    return page(
        rx.cond(
            SessionState.me & (SessionState.me.id == DoctorSharedState.owner),
            rx.flex(
                opened_share(),
                shares_list(),
                direction="column",
                gap="var(--space-4)",
                width="100%",
            ),
            list_skeleton("doctor-shared-loading"),
        ),
        heading="Доступ от пациентов",
    )


def shared_shortcut() -> rx.Component:
    """For the medical-worker cabinet's overview: «Доступ от пациентов» (doctors only)."""
    return rx.cond(
        SessionState.me & SessionState.me.roles.contains(Role.DOCTOR.value),
        rx.card(
            rx.flex(
                rx.icon("share-2", size=28, color="var(--accent-9)", aria_hidden="true"),
                rx.text("Результаты анализов, которыми с вами поделились пациенты", flex="1"),
                rx.link(
                    rx.button("Доступ от пациентов", size="3", min_height=TOUCH_TARGET),
                    href=routes.DOCTOR_SHARED,
                    id="frmr-shared-link",
                ),
                gap="var(--space-3)",
                align="center",
                wrap="wrap",
            ),
            margin_top="var(--space-4)",
            id="frmr-shared",
        ),
    )
