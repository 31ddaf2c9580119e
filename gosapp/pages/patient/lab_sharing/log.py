"""«Кто смотрел мои данные»: every look at the patient's data by someone else, newest first."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from gosapp.components.data_table import cell, data_table, row_header
from gosapp.components.layout import TOUCH_TARGET
from gosapp.pages.patient.lab_sharing.state import LabSharingState as S
from gosapp.services.medical.access_log import AccessLine

HEADERS = ("Когда", "Кто", "Роль", "Что смотрел", "Основание")
EMPTY = "Ваши данные пока никто не смотрел. Здесь появится каждый просмотр врачом или по ссылке."


def log_row(line: ObjectVar[AccessLine]) -> rx.Component:
    """One look."""
    return rx.table.row(
        row_header("Когда", line.at, white_space="nowrap"),
        cell("Кто", line.who),
        cell("Роль", line.role),
        cell("Что смотрел", line.what),
        cell("Основание", line.through),
        id="access-log-" + line.id.to(str),
    )


def log_section() -> rx.Component:
    """The log with «Показать ещё» past each hundred."""
    return rx.card(
        rx.heading("Кто смотрел мои данные", as_="h2", size="5", margin_bottom="var(--space-3)"),
        rx.cond(
            S.log.length() > 0,
            data_table(HEADERS, S.log, log_row, element_id="access-log-table"),
            rx.text(EMPTY, color="var(--gray-11)", id="access-log-empty"),
        ),
        rx.cond(
            S.log_more,
            rx.button(
                "Показать ещё",
                variant="soft",
                size="3",
                min_height=TOUCH_TARGET,
                on_click=S.more_log,
                margin_top="var(--space-3)",
                id="access-log-more",
            ),
        ),
        id="access-log",
        width="100%",
    )
