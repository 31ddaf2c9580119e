"""`/dev/outbox` (demo mode only): every e-mail and SMS the portal would have sent."""

import reflex as rx

from gosapp.components.layout import page
from gosapp.db import session_scope
from gosapp.services.notifications.inbox import list_outbox
from gosapp.settings import get_settings


class OutboxState(rx.State):
    """The demo outbox; empty and inert outside demo mode."""

    messages: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    demo: rx.Field[bool] = rx.field(False)

    @rx.event
    def load(self):
        """Read the latest messages (demo mode only)."""
        self.demo = get_settings().demo
        if not self.demo:
            self.messages = []
            return
        with session_scope() as db:
            self.messages = [
                {
                    "id": str(m.id),
                    "channel": "SMS" if m.channel == "sms" else "E-mail",
                    "recipient": m.recipient,
                    "subject": m.subject,
                    "body": m.body,
                    "created_at": m.created_at.strftime("%d.%m.%Y %H:%M:%S"),
                }
                for m in list_outbox(session=db, limit=100)
            ]


def message_card(m: dict) -> rx.Component:
    """One outgoing message."""
    return rx.card(
        rx.hstack(
            rx.badge(m["channel"]),
            rx.text(m["recipient"], weight="bold"),
            rx.text(m["created_at"], size="1", color="var(--gray-11)"),
            wrap="wrap",
        ),
        rx.cond(m["subject"] != "", rx.text(m["subject"], weight="medium")),
        rx.text(m["body"], class_name="outbox-body", white_space="pre-wrap"),
    )


def outbox_page() -> rx.Component:
    """The demo outbox page."""
    return page(
        rx.cond(
            OutboxState.demo,
            rx.vstack(
                rx.text("Демо-режим: сообщения не отправляются, а сохраняются здесь."),
                rx.button("Обновить", on_click=OutboxState.load, variant="soft"),
                rx.cond(
                    OutboxState.messages.length() == 0,
                    rx.text("Сообщений пока нет. Зарегистрируйтесь — сюда придут коды."),
                ),
                rx.foreach(OutboxState.messages, message_card),
                spacing="3",
                id="outbox",
            ),
            rx.text("Страница доступна только на демонстрационном стенде."),
        ),
        heading="Исходящие сообщения",
    )
