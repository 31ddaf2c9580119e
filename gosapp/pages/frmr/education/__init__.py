"""`/frmr/education`: the doctor's continuing education (НМО, SPEC §3), tablet first —
progress for the year and the 5-year cycle, the forecast, points per year, the activities."""

from __future__ import annotations

import reflex as rx

from gosapp.components.forms import success_note
from gosapp.components.layout import TOUCH_TARGET
from gosapp.pages.frmr.doctor_page import doctor_page
from gosapp.pages.frmr.education.activities import (
    activity_form,
    activity_list,
    settings_form,
)
from gosapp.pages.frmr.education.progress import bars, chart, forecast
from gosapp.pages.frmr.education.state import EducationState

__all__ = ["EducationState", "education_page"]

S = EducationState


def toolbar() -> rx.Component:
    """The rule in one line, «Добавить мероприятие» and «Дата и цель»."""
    return rx.flex(
        rx.text(
            "250 баллов за пятилетний цикл, рекомендуется 50 в год. Излишек не переносится в "
            "следующий цикл; засчитываются только подтверждённые баллы.",
            color="var(--gray-11)",
            flex="1",
            min_width="220px",
        ),
        rx.button(
            rx.icon("plus", aria_hidden="true"),
            "Добавить мероприятие",
            on_click=S.open_form("activity"),
            id="nmo-add",
            size="3",
            min_height=TOUCH_TARGET,
        ),
        rx.button(
            "Дата и цель",
            on_click=S.open_form("settings"),
            id="nmo-settings-open",
            variant="soft",
            size="3",
            min_height=TOUCH_TARGET,
        ),
        gap="var(--space-3)",
        align="center",
        wrap="wrap",
        width="100%",
    )


def content() -> rx.Component:
    """Toolbar, forms, progress, forecast, chart and the list."""
    return rx.flex(
        toolbar(),
        success_note(S.notice, "nmo-notice"),
        rx.cond(S.setting, settings_form()),
        rx.cond(S.adding, activity_form()),
        bars(),
        forecast(),
        chart(),
        rx.heading("Мероприятия", as_="h2", size="5"),
        activity_list(),
        direction="column",
        gap="var(--space-4)",
        width="100%",
    )


def education_page() -> rx.Component:
    """The «Непрерывное образование (НМО)» page."""
    return doctor_page(
        S,
        content(),
        heading="Непрерывное образование (НМО)",
        refused="Баллы НМО доступны только медицинским работникам.",
        prefix="nmo",
    )
