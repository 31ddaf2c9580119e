"""The НМО page's top: progress for the year and the cycle, the forecast and the chart of
points per year against the goal (Reflex's recharts, a reference line at the goal)."""

from __future__ import annotations

import reflex as rx

from gosapp.components.tokens import TOUCH_TARGET
from gosapp.pages.frmr.education.state import EducationState

S = EducationState
B = S.board


def _bar(element_id: str, title, value, percent, note) -> rx.Component:
    return rx.card(
        rx.text(title, size="2", color="var(--gray-11)"),
        rx.text(value, size="6", weight="bold", id=f"{element_id}-value"),
        rx.progress(value=percent, max=100, size="3", aria_label=title),
        rx.text(note, size="2", color="var(--gray-11)", id=f"{element_id}-note"),
        id=element_id,
        flex="1",
        min_width="240px",
    )


def bars() -> rx.Component:
    """«В этом году» against the personal goal, «Цикл» against 250."""
    return rx.flex(
        _bar(
            "nmo-year",
            "В " + B.year.to_string() + " году (цель " + B.goal.to_string() + ")",
            B.year_points.to_string() + " из " + B.goal.to_string(),
            B.year_percent,
            "На проверке: " + B.year_pending.to_string(),
        ),
        rx.cond(
            B.set_up,
            _bar(
                "nmo-cycle",
                "Цикл " + B.cycle_label.to(str),
                B.cycle_points.to_string() + " из 250",
                B.cycle_percent,
                "На проверке: " + B.cycle_pending.to_string(),
            ),
        ),
        gap="var(--space-3)",
        wrap="wrap",
        width="100%",
    )


def forecast() -> rx.Component:
    """The forecast sentence (orange while behind), the surplus note, or a prompt to set up."""
    return rx.cond(
        B.set_up,
        rx.flex(
            # Two literal icons, not one icon chosen by a Var: a Var name would make Reflex ship
            # lucide's whole icon set (tests/e2e/public/test_static_assets.py).
            rx.cond(
                B.behind,
                rx.callout(
                    B.forecast, icon="trending-down", color_scheme="orange", id="nmo-forecast"
                ),
                rx.callout(B.forecast, icon="trending-up", color_scheme="green", id="nmo-forecast"),
            ),
            rx.cond(B.cycle_note != "", rx.text(B.cycle_note, size="2", id="nmo-surplus")),
            direction="column",
            gap="var(--space-2)",
        ),
        rx.callout(
            "Укажите дату аккредитации — с неё начинается пятилетний цикл (250 баллов), и мы "
            "покажем прогресс цикла и прогноз.",
            icon="info",
            id="nmo-setup-hint",
        ),
    )


def chart() -> rx.Component:
    """Points per year (confirmed and on check, stacked) with the yearly goal as a line."""
    return rx.card(
        rx.heading("Баллы по годам", as_="h2", size="4"),
        rx.recharts.bar_chart(
            rx.recharts.cartesian_grid(stroke_dasharray="3 3"),
            rx.recharts.x_axis(data_key="year"),
            rx.recharts.y_axis(allow_decimals=False),
            rx.recharts.tooltip(),
            rx.recharts.legend(),
            rx.recharts.bar(
                data_key="points",
                name="Подтверждено",
                stack_id="a",
                fill="#2563eb",
                is_animation_active=False,
            ),
            rx.recharts.bar(
                data_key="pending",
                name="На проверке",
                stack_id="a",
                fill="#93c5fd",
                is_animation_active=False,
            ),
            rx.recharts.reference_line(
                y=B.goal,
                stroke="#dc2626",
                stroke_dasharray="6 3",
                label="Цель",
            ),
            data=S.chart,
            width="100%",
            height=260,
        ),
        id="nmo-chart",
        width="100%",
        min_height=TOUCH_TARGET,
    )
