"""The application form and the history of the doctor's applications."""

from __future__ import annotations

import reflex as rx

from gosapp.components.forms import error_for, submit_button
from gosapp.components.request_cards import withdraw_control
from gosapp.components.uploader import uploader
from gosapp.pages.frmr.attestation.parts import P, S, documents, requirements, targets
from gosapp.pages.frmr.attestation.state import WIDGET
from gosapp.pages.frmr.portfolio.view import status_badge


def application_form() -> rx.Component:
    """Category, work report, portfolio documents and «Подать заявление»."""
    return rx.card(
        rx.heading("Заявление на аттестацию", as_="h2", size="4", margin_bottom="var(--space-3)"),
        rx.form(
            rx.flex(
                targets(),
                uploader(
                    WIDGET, input_id=f"{P}-file", label="Отчёт о профессиональной деятельности"
                ),
                error_for(S.form_errors, "file", P),
                documents(),
                error_for(S.form_errors, "requirements", P),
                error_for(S.form_errors, "form", P),
                submit_button("Подать заявление", f"{P}-submit", size="3", disabled=~S.all_met),
                direction="column",
                gap="var(--space-4)",
            ),
            on_submit=S.submit,
            no_validate=True,
        ),
        id="att-form",
        width="100%",
    )


def under_review() -> rx.Component:
    """Instead of the form while an application awaits a decision."""
    return rx.callout(
        f"Заявление {S.open_number} на рассмотрении. Новое можно подать после решения по нему "
        "или отозвав это заявление в списке «Мои заявления» ниже.",
        icon="hourglass",
        id="att-under-review",
    )


def no_higher() -> rx.Component:
    """A doctor with the highest category, not yet due to confirm it, has nothing to apply for."""
    return rx.callout(
        "У вас высшая категория — выше подать нельзя, а подтвердить её можно за год до "
        "окончания срока. Напоминание придёт в этот день.",
        icon="award",
        id="att-top",
    )


def apply_block() -> rx.Component:
    """The check and the form, or why there is none."""
    return rx.cond(
        S.open_number != "",
        under_review(),
        rx.cond(
            S.targets.length() > 0,
            rx.fragment(requirements(), application_form()),
            no_higher(),
        ),
    )


def _row(row) -> rx.Component:
    """One application; an undecided one may be withdrawn after «Отозвать заявление?»."""
    return rx.card(
        rx.flex(
            rx.flex(
                rx.text(row.number, weight="bold"),
                rx.text("на категорию: ", row.target, size="2", flex="1", min_width="160px"),
                status_badge(row.status, row.status_label),
                gap="var(--space-2)",
                align="center",
                wrap="wrap",
            ),
            rx.cond(row.submitted != "", rx.text("Подано ", row.submitted, size="2")),
            rx.cond(
                row.reason != "",
                rx.text("Причина: ", row.reason, size="2", color="var(--red-11)"),
            ),
            withdraw_control(row, S.withdrawing, S.ask_withdraw, S.withdraw),
            direction="column",
            gap="var(--space-2)",
        ),
        id="att-history-" + row.id,
        width="100%",
    )


def history() -> rx.Component:
    """The doctor's applications, newest first, or that there are none yet."""
    return rx.flex(
        rx.heading("Мои заявления", as_="h2", size="5"),
        rx.cond(
            S.history.length() > 0,
            rx.flex(rx.foreach(S.history, _row), direction="column", gap="var(--space-3)"),
            rx.text("Заявлений на аттестацию пока не было.", id="att-history-empty"),
        ),
        direction="column",
        gap="var(--space-3)",
        width="100%",
    )
