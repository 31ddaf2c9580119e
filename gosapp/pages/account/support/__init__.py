"""`/support` («Поддержка», SPEC §2.6): write to support with screenshots, follow each ticket's
thread and keep writing in it until it is closed.

``state.py`` holds ``SupportState``, ``form.py`` the new-ticket form.
"""

from __future__ import annotations

import reflex as rx

from gosapp.components.layout import TOUCH_TARGET, page
from gosapp.components.loading import card_list
from gosapp.components.request_cards import (
    CardVar,
    answer_form,
    draft_controls,
    question_callout,
    request_card,
)
from gosapp.components.timeline import timeline
from gosapp.pages.account.support.form import new_ticket_form
from gosapp.pages.account.support.state import REPLY_FORM, SupportState


def ticket_thread(card: CardVar) -> rx.Component:
    """The opened ticket's messages, and the box to write in while it is not closed (a staff
    question shows above it: the next message answers it)."""
    return rx.flex(
        rx.heading("Переписка", as_="h4", size="3"),
        timeline(SupportState.thread, element_id="support-thread"),
        rx.cond(
            card.can_write,
            answer_form(
                REPLY_FORM, SupportState.answer_error, SupportState.reply, question_callout(card)
            ),
            rx.text(
                "Обращение закрыто. Если вопрос остался, создайте новое обращение.",
                size="2",
                color="var(--gray-11)",
            ),
        ),
        direction="column",
        gap="var(--space-3)",
        margin_top="var(--space-3)",
    )


def ticket_card(card: CardVar) -> rx.Component:
    """One ticket: category and subject, number and deadline, whether support waits for the
    user, and the button that shows its thread."""
    is_open = SupportState.open_id == card.id
    return request_card(
        card,
        card.summary,
        rx.text(
            card.number, rx.cond(card.deadline != "", " · " + card.deadline.to(str), ""), size="2"
        ),
        rx.cond(
            card.needs_answer,
            rx.text(
                "Поддержка ждёт вашего ответа", size="2", weight="medium", color="var(--amber-11)"
            ),
        ),
        draft_controls(card, SupportState.submit_draft, SupportState.edit_draft),
        rx.button(
            rx.cond(is_open, "Скрыть переписку", "Открыть переписку"),
            variant="soft",
            min_height=TOUCH_TARGET,
            margin_top="var(--space-2)",
            id="support-toggle-" + card.id.to(str),
            aria_expanded=rx.cond(is_open, "true", "false"),
            on_click=SupportState.toggle(card.id),
        ),
        rx.cond(is_open, ticket_thread(card)),
        element_id="ticket-" + card.id.to(str),
    )


def support_page() -> rx.Component:
    """«Поддержка»: the new-ticket form above the user's tickets."""
    return page(
        rx.flex(
            new_ticket_form(),
            rx.heading("Мои обращения", as_="h2", size="5"),
            card_list(
                SupportState.loaded,
                SupportState.cards,
                ticket_card,
                empty="Обращений пока нет. Опишите вопрос в форме выше — ответ придёт сюда "
                "и в уведомления.",
                prefix="support",
            ),
            direction="column",
            gap="var(--space-4)",
        ),
        heading="Поддержка",
    )


__all__ = ["SupportState", "support_page"]
