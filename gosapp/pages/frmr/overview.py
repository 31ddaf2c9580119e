"""`/frmr`: the medical-worker cabinet's overview: a doctor's professional profile (the card
patients see, the register data, the photo) and the way to today's visits; anyone else the
invitation to join the register and the status of their application."""

import reflex as rx

from gosapp import routes
from gosapp.components.cards import cabinet_overview
from gosapp.components.tokens import TOUCH_TARGET
from gosapp.models.accounts import Role
from gosapp.pages.frmr.education.indicator import nmo_indicator
from gosapp.pages.frmr.portfolio.radar import expiry_radar
from gosapp.pages.frmr.profile import FrmrProfileState, profile_section
from gosapp.pages.frmr.shared import shared_shortcut
from gosapp.pages.frmr.statistics import doctor_stats_section
from gosapp.state.auth import SessionState


def workplace_shortcut() -> rx.Component:
    """«Рабочее место врача»: today's and this week's visits (doctors only)."""
    return rx.cond(
        SessionState.me & SessionState.me.roles.contains(Role.DOCTOR.value),
        rx.card(
            rx.flex(
                rx.icon("calendar-clock", size=28, color="var(--accent-9)", aria_hidden="true"),
                rx.text("Приёмы на сегодня и неделю, отметки «состоялся» и «неявка»", flex="1"),
                rx.link(
                    rx.button("Рабочее место врача", size="3", min_height=TOUCH_TARGET),
                    href=routes.WORKPLACE,
                    id="frmr-workplace-link",
                ),
                gap="var(--space-3)",
                align="center",
                wrap="wrap",
            ),
            margin_top="var(--space-4)",
            id="frmr-workplace",
        ),
    )


def frmr_page() -> rx.Component:
    """What the medical-worker cabinet offers."""
    return cabinet_overview(
        routes.cabinet(routes.FRMR),
        profile_section(),
        workplace_shortcut(),
        expiry_radar(),
        shared_shortcut(),
        nmo_indicator(),
        doctor_stats_section(),
    )


__all__ = ["FrmrProfileState", "frmr_page"]
