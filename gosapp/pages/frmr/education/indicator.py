"""The НМО indicator on the cabinet overview (seed 003: «индикатор текущего уровня баллов
относительно установленного плана»): this year's confirmed points against the doctor's goal
and the cycle's against 250, linked to /frmr/education. Loaded when it mounts; doctors only."""

from __future__ import annotations

import reflex as rx

from gosapp import routes
from gosapp.components.tokens import TOUCH_LINK
from gosapp.models.accounts import Role, utcnow
from gosapp.services.common.workdays import local_date
from gosapp.services.frmr import education_view
from gosapp.state.auth import AuthMixin, SessionState, guarded


class NmoIndicatorState(AuthMixin, rx.State):
    """The signed-in doctor's two numbers (and whether the cycle is set up)."""

    year: rx.Field[str] = rx.field("")
    cycle: rx.Field[str] = rx.field("")
    percent: rx.Field[int] = rx.field(0)

    @rx.event
    @guarded(Role.DOCTOR)
    def load(self):
        """Read the indicator for the signed-in doctor."""
        with self._signed_in(Role.DOCTOR) as (db, user):
            b = education_view.dashboard(session=db, user=user, today=local_date(utcnow()))
        self.year = f"В {b.year} году: {b.year_points} из {b.goal}"
        self.cycle = f"Цикл: {b.cycle_points} из 250" if b.set_up else "Цикл: укажите дату"
        self.percent = b.year_percent


def nmo_indicator() -> rx.Component:
    """«Баллы НМО»: the year against the goal, the cycle, a link to the page."""
    is_doctor = SessionState.me & SessionState.me.roles.contains(Role.DOCTOR.value)
    return rx.cond(
        is_doctor,
        rx.card(
            rx.heading("Баллы НМО", as_="h2", size="4"),
            rx.text(NmoIndicatorState.year, " · ", NmoIndicatorState.cycle, size="2"),
            rx.progress(value=NmoIndicatorState.percent, max=100, aria_label="Цель на год"),
            rx.link("Прогресс и прогноз", href=routes.EDUCATION, **TOUCH_LINK),
            on_mount=NmoIndicatorState.load,
            id="nmo-indicator",
            margin_top="var(--space-4)",
        ),
    )
