"""The doctor's statistics on the medical-worker overview (`/frmr`), doctors only: visits per
week, no-show rate, average visit length and busiest hours for this month, quarter or year,
with a CSV download (``routes.DOCTOR_STATS_EXPORT``)."""

from __future__ import annotations

import reflex as rx

from gosapp import routes
from gosapp.components.loading import list_skeleton
from gosapp.components.tokens import TOUCH_TARGET
from gosapp.models.accounts import Role
from gosapp.pages.frmr.statistics.state import DoctorStatsState
from gosapp.pages.frmr.statistics.view import (
    LENGTH_NOTE,
    figures,
    hours_chart,
    period_switch,
    rate_chart,
    tables,
    weekdays_chart,
    weeks_chart,
)
from gosapp.state.auth import SessionState

S = DoctorStatsState


def _toolbar() -> rx.Component:
    """The period switch and «Скачать CSV»."""
    return rx.flex(
        period_switch(),
        rx.button(
            rx.el.a(
                rx.icon("download", size=16, aria_hidden="true"),
                "Скачать CSV",
                href=routes.doctor_stats_export(S.period),
                download="",
                reload_document=True,  # rx.el.a is a router link: make it a real request
                id="stats-csv",
            ),
            as_child=True,
            variant="outline",
            size="3",
            min_height=TOUCH_TARGET,
        ),
        justify="between",
        align="center",
        gap="var(--space-3)",
        wrap="wrap",
    )


def _body() -> rx.Component:
    """The figures, the charts (or what to do when there is nothing yet) and the tables."""
    return rx.flex(
        figures(),
        rx.cond(
            S.marked == 0,
            rx.callout(
                "За этот период нет отмеченных приёмов. Отмечайте приёмы «состоялся» или "
                "«неявка» на рабочем месте врача — они появятся здесь.",
                icon="info",
                id="stats-empty",
            ),
        ),
        rx.grid(
            weeks_chart(),
            rate_chart(),
            hours_chart(),
            weekdays_chart(),
            columns=rx.breakpoints(initial="1", lg="2"),
            gap="var(--space-3)",
            width="100%",
        ),
        rx.text(LENGTH_NOTE, size="2", color="var(--gray-11)", id="stats-length-note"),
        tables(),
        direction="column",
        gap="var(--space-3)",
    )


def doctor_stats_section() -> rx.Component:
    """«Статистика приёмов» (doctors only), loaded when it mounts."""
    is_doctor = SessionState.me & SessionState.me.roles.contains(Role.DOCTOR.value)
    return rx.cond(
        is_doctor,
        rx.card(
            rx.heading("Статистика приёмов", as_="h2", size="5"),
            rx.text(
                "Период: ",
                rx.text.strong(S.figures["period"], id="stats-period-label"),
                ". Время — местное время клиники.",
                size="2",
                color="var(--gray-11)",
            ),
            _toolbar(),
            rx.cond(
                S.error != "",
                rx.callout(S.error, icon="triangle-alert", color_scheme="red", id="stats-error"),
                rx.cond(S.loaded, _body(), list_skeleton("stats-loading")),
            ),
            on_mount=S.load,
            id="doctor-stats",
            margin_top="var(--space-4)",
            width="100%",
        ),
    )


__all__ = ["DoctorStatsState", "doctor_stats_section"]
