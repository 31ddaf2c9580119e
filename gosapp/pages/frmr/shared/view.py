"""`/frmr/shared`'s views: the list of live shares and the open share's results."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from gosapp.components.data_table import cell, data_table, row_header
from gosapp.components.layout import TOUCH_TARGET
from gosapp.pages.frmr.shared.state import DoctorSharedState as S
from gosapp.pages.patient.lab_sharing.results_table import results_table
from gosapp.services.medical.sharing_received import SharedWithMe

HEADERS = ("Пациент", "Что передано", "Результатов", "Доступ до", "")
EMPTY = (
    "Пациенты пока не открывали вам доступ к результатам анализов. Пациент делает это в "
    "своём кабинете: «Доступ к анализам» → выбор врача."
)


def share_row(share: ObjectVar[SharedWithMe]) -> rx.Component:
    """One live share with «Открыть»."""
    return rx.table.row(
        row_header("Пациент", share.patient),
        cell("Что передано", share.title),
        cell("Результатов", share.count),
        cell("Доступ до", share.until, white_space="nowrap"),
        cell(
            "",
            rx.button(
                "Открыть",
                size="3",
                min_height=TOUCH_TARGET,
                on_click=S.open_share(share.id),
                id="doctor-shared-open-" + share.id.to(str),
            ),
        ),
        id="doctor-shared-" + share.id.to(str),
    )


def shares_list() -> rx.Component:
    """The live shares, or what to expect when there are none."""
    return rx.card(
        rx.heading("Действующие доступы", as_="h2", size="5", margin_bottom="var(--space-3)"),
        rx.cond(
            S.shares.length() > 0,
            data_table(HEADERS, S.shares, share_row, element_id="doctor-shared-list"),
            rx.callout(EMPTY, icon="inbox", id="doctor-shared-empty"),
        ),
        width="100%",
    )


def opened_share() -> rx.Component:
    """The open share's results (read-only) and «Показать ещё» past the first hundred."""
    return rx.cond(
        S.opened != "",
        rx.card(
            rx.flex(
                rx.heading(S.opened_title, as_="h2", size="5", flex="1"),
                rx.button(
                    "Закрыть",
                    variant="soft",
                    size="3",
                    min_height=TOUCH_TARGET,
                    on_click=S.close,
                    id="doctor-shared-close",
                ),
                align="center",
                gap="var(--space-3)",
                wrap="wrap",
                margin_bottom="var(--space-3)",
            ),
            results_table(S.rows, "doctor-shared-table"),
            rx.cond(
                S.more,
                rx.button(
                    "Показать ещё",
                    variant="soft",
                    size="3",
                    min_height=TOUCH_TARGET,
                    on_click=S.show_more,
                    margin_top="var(--space-3)",
                    id="doctor-shared-more",
                ),
            ),
            id="doctor-shared-open",
            width="100%",
        ),
    )
