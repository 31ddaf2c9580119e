"""`/frmr/experience`: the doctor's work experience (SPEC §3), tablet first — the totals with
overlapping periods counted once, a timeline of the periods, and adding a period."""

from __future__ import annotations

import reflex as rx

from gosapp.components.forms import success_note
from gosapp.components.layout import TOUCH_TARGET
from gosapp.pages.frmr.doctor_page import doctor_page
from gosapp.pages.frmr.experience.parts import period_form, period_list, totals
from gosapp.pages.frmr.experience.state import ExperienceState

__all__ = ["ExperienceState", "experience_page"]

S = ExperienceState


def toolbar() -> rx.Component:
    """What the page counts, and «Добавить период»."""
    return rx.flex(
        rx.text(
            "Периоды, которые пересекаются (например, совместительство), в общий стаж "
            "засчитываются один раз. Период фиксирует сотрудник после проверки документов.",
            color="var(--gray-11)",
            flex="1",
            min_width="220px",
        ),
        rx.button(
            rx.icon("plus", aria_hidden="true"),
            "Добавить период",
            on_click=S.open_form,
            id="exp-add",
            size="3",
            min_height=TOUCH_TARGET,
        ),
        gap="var(--space-3)",
        align="center",
        wrap="wrap",
        width="100%",
    )


def content() -> rx.Component:
    """Toolbar, the form, totals and the periods."""
    return rx.flex(
        toolbar(),
        success_note(S.notice, "exp-notice"),
        rx.cond(S.adding, period_form()),
        totals(),
        period_list(),
        direction="column",
        gap="var(--space-4)",
        width="100%",
    )


def experience_page() -> rx.Component:
    """The «Трудовой стаж» page."""
    return doctor_page(
        S,
        content(),
        heading="Трудовой стаж",
        refused="Трудовой стаж доступен только медицинским работникам.",
        prefix="exp",
    )
