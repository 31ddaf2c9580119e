"""The new-ticket form of `/support`: category, subject, text, screenshots, and the buttons
to send the ticket or keep it as a draft."""

from __future__ import annotations

import reflex as rx

from gosapp.components.draft_form import draft_banner, draft_buttons
from gosapp.components.forms import error_for, labelled, radio_field, success_note
from gosapp.components.uploader import uploader
from gosapp.pages.account.support.state import CATEGORY_CODES, TICKET_WIDGET, SupportState

DRAFT_VALUES = SupportState.draft_values


def ticket_fields() -> list[rx.Component]:
    """Category, subject and text, each with its error."""
    return [
        radio_field(
            "Тема обращения",
            "support-category",
            items=list(CATEGORY_CODES),
            name="category",
            direction="column",
            default_value=DRAFT_VALUES.get("category", ""),
        ),
        error_for(SupportState.form_errors, "category", "support"),
        labelled(
            "Кратко о чём",
            rx.input(
                name="subject",
                id="support-subject",
                size="3",
                default_value=DRAFT_VALUES.get("subject", ""),
            ),
        ),
        error_for(SupportState.form_errors, "subject", "support"),
        labelled(
            "Опишите вопрос или проблему",
            rx.text_area(
                name="text",
                id="support-text",
                rows="5",
                default_value=DRAFT_VALUES.get("text", ""),
            ),
        ),
        error_for(SupportState.form_errors, "text", "support"),
    ]


def new_ticket_form() -> rx.Component:
    """Category, subject, text and screenshots of a new ticket."""
    return rx.card(
        rx.heading("Новое обращение", as_="h2", size="5"),
        rx.text(
            "На вопросы и предложения отвечаем за 1 рабочий день, "
            "на технические проблемы и жалобы — за 5.",
            size="2",
            color="var(--gray-11)",
        ),
        rx.form(
            rx.flex(
                draft_banner(SupportState, "support", "Новое обращение"),
                *ticket_fields(),
                uploader(TICKET_WIDGET, label="Снимки экрана и документы (до 5 файлов)"),
                error_for(SupportState.form_errors, "form", "support"),
                draft_buttons("Отправить обращение", "support"),
                direction="column",
                gap="var(--space-3)",
                margin_top="var(--space-3)",
            ),
            on_submit=SupportState.submit,
            key=SupportState.form_key,  # a draft opened: the fields take its values
            id="support-form",
        ),
        success_note(SupportState.submitted, "support-submitted"),
    )
