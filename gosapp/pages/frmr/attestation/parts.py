"""The attestation page's pieces: the current category, the requirement check, the
application form (category, work report, portfolio documents) and the history."""

from __future__ import annotations

import reflex as rx

from gosapp import routes
from gosapp.components.forms import error_for
from gosapp.components.tokens import TOUCH_LINK, TOUCH_TARGET
from gosapp.pages.frmr.attestation.state import RECORD, AttestationState

S = AttestationState
P = "att"


def current_category() -> rx.Component:
    """«Текущая категория: Первая — действует до ДД.ММ.ГГГГ»."""
    return rx.card(
        rx.text("Текущая категория", size="2", color="var(--gray-11)"),
        rx.heading(S.category, as_="h2", size="5", id="att-category"),
        rx.cond(
            S.valid_until != "",
            rx.text(
                rx.cond(S.expired, "Срок истёк ", "Действует до "),
                S.valid_until,
                size="2",
                color=rx.cond(S.expired, "var(--red-11)", "var(--gray-11)"),
                id="att-valid-until",
            ),
        ),
        rx.cond(
            S.reconfirm_note != "",
            rx.text(S.reconfirm_note, size="2", color="var(--gray-11)", id="att-reconfirm-from"),
        ),
        width="100%",
    )


def _requirement(row) -> rx.Component:
    return rx.flex(
        rx.cond(  # two literal icons: a Var name would ship all of lucide
            row.met,
            rx.icon("circle-check", color="var(--green-10)", flex_shrink="0", aria_hidden="true"),
            rx.icon("circle-x", color="var(--red-10)", flex_shrink="0", aria_hidden="true"),
        ),
        rx.flex(
            rx.text(row.title, weight="medium", size="2"),
            rx.text(rx.cond(row.met, "Выполнено. ", "Не выполнено. "), row.detail, size="2"),
            rx.cond(row.hint != "", rx.text(row.hint, size="2", color="var(--red-11)")),
            rx.cond(row.href != "", rx.link(row.link_label, href=row.href, **TOUCH_LINK)),
            direction="column",
            gap="var(--space-1)",
            min_width="0",
        ),
        gap="var(--space-2)",
        id="att-req-" + row.key,
        data_met=rx.cond(row.met, "yes", "no"),
    )


def requirements() -> rx.Component:
    """The check for the chosen category, line by line."""
    return rx.card(
        rx.heading(
            "Проверка требований",
            rx.cond(S.target_label != "", ": " + S.target_label, ""),
            as_="h2",
            size="4",
            id="att-requirements-heading",
        ),
        rx.flex(
            rx.foreach(S.requirements, _requirement),
            direction="column",
            gap="var(--space-3)",
            margin_top="var(--space-2)",
        ),
        rx.cond(
            S.all_met,
            rx.callout(
                "Все требования выполнены — можно подавать заявление.",
                color_scheme="green",
                icon="circle-check",
                id="att-all-met",
                margin_top="var(--space-3)",
            ),
            rx.callout(
                "Подать заявление можно, когда все требования выполнены.",
                color_scheme="amber",
                icon="info",
                id="att-not-met",
                margin_top="var(--space-3)",
            ),
        ),
        id="att-requirements",
        width="100%",
    )


def _target(option) -> rx.Component:
    return rx.el.label(
        rx.el.input(
            type="radio",
            name="target",
            value=option["value"],
            id="att-target-" + option["value"],
            checked=S.target == option["value"],
            on_change=S.choose_target(option["value"]),
            width="22px",
            height="22px",
        ),
        rx.text(option["label"], size="3"),
        display="flex",
        align_items="center",
        gap="var(--space-2)",
        min_height=TOUCH_TARGET,
        padding_right="var(--space-4)",
    )


def targets() -> rx.Component:
    """The categories the doctor may apply for, as radio buttons."""
    return rx.el.fieldset(
        rx.el.legend(rx.text("Категория, на которую подаёте", size="2", weight="medium")),
        rx.flex(rx.foreach(S.targets, _target), wrap="wrap"),
        error_for(S.form_errors, "target", P),
        border="none",
        padding="0",
        margin="0",
    )


def _document(doc) -> rx.Component:
    return rx.el.label(
        rx.el.input(
            type="checkbox",
            name=RECORD + doc.id,
            id="att-record-" + doc.id,
            width="22px",
            height="22px",
            flex_shrink="0",
        ),
        rx.text(doc.label, size="2"),
        display="flex",
        align_items="center",
        gap="var(--space-2)",
        min_height=TOUCH_TARGET,
    )


def documents() -> rx.Component:
    """A checkbox per approved portfolio document, or where to get one."""
    return rx.el.fieldset(
        rx.el.legend(rx.text("Документы из портфолио (подтверждённые)", size="2", weight="medium")),
        rx.cond(
            S.documents.length() > 0,
            rx.flex(rx.foreach(S.documents, _document), direction="column"),
            rx.text(
                "Подтверждённых документов пока нет. ",
                rx.link("Загрузите их в портфолио", href=routes.PORTFOLIO),
                " и дождитесь проверки.",
                size="2",
                id="att-no-documents",
            ),
        ),
        error_for(S.form_errors, "records", P),
        border="none",
        padding="0",
        margin="0",
    )
