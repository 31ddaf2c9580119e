"""`/frmr/apply`: joining the medical-worker register (SPEC §3). A citizen with a confirmed
account fills the application (or continues a draft, or fixes a rejected one and sends it
again); a lower level sees what to do first; a registered doctor is sent to the cabinet."""

from __future__ import annotations

import reflex as rx

from gosapp import routes
from gosapp.components.cards import level_gate, touch_link
from gosapp.components.forms import error_for, success_note
from gosapp.components.layout import TOUCH_TARGET, page
from gosapp.components.loading import list_skeleton
from gosapp.components.timeline import status_badge
from gosapp.pages.frmr.apply.form import application_form
from gosapp.pages.frmr.apply.state import FrmrApplyState

S = FrmrApplyState

__all__ = ["FrmrApplyState", "apply_page"]


def application_status() -> rx.Component:
    """The current application: number, status, deadline, the reason of a refusal."""
    app = S.application
    return rx.card(
        rx.flex(
            rx.text("Заявление ", app["number"], weight="bold"),
            status_badge(app["status"], app["status_label"]),
            gap="var(--space-2)",
            align="center",
            wrap="wrap",
        ),
        rx.cond(app["deadline"], rx.text(app["deadline"], size="2")),
        rx.cond(
            app["reason"],
            rx.callout(
                rx.text("Причина отказа: ", app["reason"]),
                icon="circle-alert",
                color_scheme="red",
                id="frmr-reject-reason",
                margin_top="var(--space-2)",
            ),
        ),
        rx.cond(
            app["status"] == "rejected",
            rx.text(
                "Исправьте данные ниже и подайте заявление снова — история сохранится.", size="2"
            ),
        ),
        rx.cond(
            (app["status"] == "submitted") | (app["status"] == "in_progress"),
            rx.text(
                "Заявление на проверке у регистратора — о решении придёт уведомление.", size="2"
            ),
        ),
        rx.cond(app["status"] == "needs_info", answer_form()),
        touch_link(
            "Ход рассмотрения — в истории обращений", href=routes.history_open(app["number"])
        ),
        id="frmr-application",
    )


def answer_form() -> rx.Component:
    """The registrar's question and the applicant's answer (text; files go with a new scan)."""
    return rx.form(
        rx.flex(
            rx.callout(
                S.application["question"], icon="message-circle-question", id="frmr-question"
            ),
            rx.text_area(name="text", id="frmr-answer-text", rows="3", aria_label="Ваш ответ"),
            error_for(S.form_errors, "answer", "frmr"),
            rx.button(
                "Отправить ответ",
                type="submit",
                id="frmr-answer-submit",
                min_height=TOUCH_TARGET,
                width="fit-content",
            ),
            direction="column",
            gap="var(--space-2)",
        ),
        on_submit=S.answer,
        no_validate=True,
        margin_y="var(--space-2)",
    )


def registered_note() -> rx.Component:
    """A doctor already in the register: the way to the cabinet."""
    return rx.callout(
        rx.flex(
            rx.text("Вы включены в регистр медицинских работников."),
            touch_link("Перейти в кабинет медработника", href=routes.FRMR, id="frmr-cabinet-link"),
            direction="column",
        ),
        icon="badge-check",
        color_scheme="green",
        id="frmr-registered",
    )


def content() -> rx.Component:
    """What the user's situation calls for."""
    return rx.cond(
        S.registered,
        registered_note(),
        rx.cond(
            S.gate["todo"],
            level_gate(S.gate, "Включение в регистр медработников", "frmr-level-gate"),
            rx.flex(
                rx.cond(S.application["number"], application_status()),
                success_note(S.done, "frmr-done"),
                rx.cond(
                    ~S.application["number"] | (S.application["editable"] != ""),
                    application_form(),
                ),
                direction="column",
                gap="var(--space-4)",
            ),
        ),
    )


def apply_page() -> rx.Component:
    """«Включение в регистр медработников»."""
    return page(
        rx.text(
            "Регистр медицинских работников (ФРМР): после проверки документов регистратором "
            "откроется кабинет медработника и профиль, который видят пациенты при записи.",
            color="var(--gray-11)",
            margin_bottom="var(--space-4)",
        ),
        rx.cond(S.loaded, content(), list_skeleton("frmr-apply-loading")),
        heading="Включение в регистр медработников",
    )
