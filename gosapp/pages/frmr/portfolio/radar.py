"""The expiry radar on the cabinet overview: the doctor's documents expiring within 90 days
(or expired), each linked to the portfolio. Loaded when it mounts; shown to doctors only."""

from __future__ import annotations

import reflex as rx

from gosapp import routes
from gosapp.components.tokens import TOUCH_LINK
from gosapp.models.accounts import Role, utcnow
from gosapp.pages.frmr.portfolio.view import FLAG_COLORS
from gosapp.services.common.workdays import local_date
from gosapp.services.frmr import portfolio_view
from gosapp.state.auth import AuthMixin, SessionState, guarded


class PortfolioRadarState(AuthMixin, rx.State):
    """The signed-in doctor's expiring documents (title and flag only)."""

    items: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)

    @rx.event
    @guarded(Role.DOCTOR)
    def load(self):
        """Read the radar for the signed-in doctor."""
        with self._signed_in(Role.DOCTOR) as (db, user):
            self.items = portfolio_view.radar(session=db, user=user, today=local_date(utcnow()))


def _item(item: dict) -> rx.Component:
    return rx.flex(
        rx.badge(
            item["label"],
            color_scheme=rx.match(item["level"], *FLAG_COLORS, "gray"),  # pyright: ignore[reportArgumentType]
            variant="soft",
        ),
        rx.text(item["title"], size="2"),
        gap="var(--space-2)",
        align="center",
        wrap="wrap",
    )


def expiry_radar() -> rx.Component:
    """«Сроки документов»: nothing unless the doctor has something expiring."""
    is_doctor = SessionState.me & SessionState.me.roles.contains(Role.DOCTOR.value)
    return rx.cond(
        is_doctor,
        rx.box(
            rx.cond(
                PortfolioRadarState.items.length() > 0,
                rx.card(
                    rx.heading("Сроки документов", as_="h2", size="4"),
                    rx.flex(
                        rx.foreach(PortfolioRadarState.items, _item),
                        direction="column",
                        gap="var(--space-2)",
                        margin_y="var(--space-2)",
                    ),
                    rx.link("Открыть портфолио", href=routes.PORTFOLIO, **TOUCH_LINK),
                    id="portfolio-radar",
                ),
            ),
            on_mount=PortfolioRadarState.load,
            margin_top="var(--space-4)",
        ),
    )
