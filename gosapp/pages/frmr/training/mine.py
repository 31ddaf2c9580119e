"""«Мои обучения»: the doctor's own enrolments with their status, «Отменить запись» (after a
confirmation) and «Завершить обучение» from the programme's last day."""

from __future__ import annotations

import reflex as rx

from gosapp import routes
from gosapp.components.tokens import TOUCH_TARGET
from gosapp.pages.frmr.training.cards import facts
from gosapp.pages.frmr.training.catalogue import P, status_badge
from gosapp.pages.frmr.training.state import TrainingState

S = TrainingState


def _buttons(row) -> rx.Component:
    return rx.flex(
        rx.cond(
            row["can_finish"] == "1",
            rx.button(
                "Завершить обучение",
                on_click=S.finish(row["enrolment"]),
                id=f"{P}-finish-" + row["enrolment"],
                size="3",
                min_height=TOUCH_TARGET,
            ),
        ),
        rx.cond(
            row["status"] == "finished",
            rx.link(
                rx.button(
                    "Загрузить сертификат", variant="soft", size="3", min_height=TOUCH_TARGET
                ),
                href=routes.EDUCATION,
            ),
        ),
        rx.cond(
            row["can_cancel"] == "1",
            rx.button(
                rx.cond(row["status"] == "waiting", "Выйти из очереди", "Отменить запись"),
                on_click=S.ask_cancel(row["enrolment"]),
                id=f"{P}-cancel-" + row["enrolment"],
                color_scheme="red",
                variant="soft",
                size="3",
                min_height=TOUCH_TARGET,
            ),
        ),
        gap="var(--space-2)",
        wrap="wrap",
    )


def _card(row) -> rx.Component:
    return rx.card(
        rx.flex(
            rx.text(row["title"], weight="bold", flex="1", min_width="200px"),
            status_badge(row["status"], row["status_label"]),
            gap="var(--space-2)",
            wrap="wrap",
        ),
        facts(row),
        rx.cond(row["note"] != "", rx.text(row["note"], size="2", color="var(--gray-11)")),
        _buttons(row),
        id=f"{P}-mine-" + row["enrolment"],
        width="100%",
    )


def cancel_dialog() -> rx.Component:
    """«Отменить запись?» before anything is cancelled."""
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Отменить запись?"),
            rx.alert_dialog.description(
                "«",
                S.cancelling.get("title", ""),
                "». ",
                rx.cond(
                    S.cancelling.get("status", "") == "waiting",
                    "Вы выйдете из листа ожидания.",
                    "Место отдадим следующему в листе ожидания.",
                ),
            ),
            rx.flex(
                rx.alert_dialog.cancel(
                    rx.button("Не отменять", variant="soft", size="3", min_height=TOUCH_TARGET)
                ),
                rx.button(
                    "Да, отменить",
                    color_scheme="red",
                    size="3",
                    min_height=TOUCH_TARGET,
                    on_click=S.cancel,
                    id=f"{P}-cancel-confirm",
                ),
                gap="var(--space-3)",
                justify="end",
                wrap="wrap",
                margin_top="var(--space-4)",
            ),
            id=f"{P}-cancel-dialog",
        ),
        open=S.cancelling.get("id", "") != "",
        on_open_change=S.dialog_changed,
    )


def my_list() -> rx.Component:
    """The doctor's enrolments, or what to do when there are none."""
    return rx.box(
        rx.cond(
            S.mine.length() > 0,
            rx.flex(rx.foreach(S.mine, _card), direction="column", gap="var(--space-3)"),
            rx.callout(
                "Вы пока никуда не записаны. Выберите программу в каталоге ниже и нажмите "
                "«Записаться».",
                icon="graduation-cap",
                id=f"{P}-mine-empty",
            ),
        ),
        cancel_dialog(),
        id=f"{P}-mine",
        width="100%",
    )
