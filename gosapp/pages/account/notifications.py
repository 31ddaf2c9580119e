"""`/notifications` («Уведомления»): the user's own in-app notifications, newest first."""

from __future__ import annotations

import reflex as rx

from gosapp.components.layout import TOUCH_TARGET, page
from gosapp.components.loading import list_skeleton
from gosapp.components.tokens import TOUCH_LINK
from gosapp.services.common.errors import NotFound
from gosapp.services.identity import account_security
from gosapp.state.auth import AuthMixin, SessionState, guarded


class NotificationsState(AuthMixin, rx.State):
    """The list as plain dicts (title, body, date, link, read); the unread count is the bell's
    (``SessionState.unread``), so the header follows every change."""

    owner: rx.Field[int] = rx.field(0)  # whose notifications the vars hold: shown only to that user
    items: rx.Field[list[dict[str, str | int | bool]]] = rx.field(default_factory=list)

    @rx.event
    @guarded
    async def load(self):
        """Read the signed-in user's latest notifications (and update the bell's count)."""
        with self._signed_in() as (db, user):
            centre = account_security.notification_centre(session=db, user=user)
        self.items, self.owner = centre["items"], user.id
        (await self.get_state(SessionState)).unread = centre["unread"]

    @rx.event
    @guarded
    def mark_read(self, notification_id: int):
        """Mark one of the user's own notifications read."""
        try:
            with self._signed_in(write=True) as (db, user):
                account_security.read_notification(
                    session=db, user=user, notification_id=notification_id
                )
        except NotFound as exc:
            return [rx.toast.error(exc.message), NotificationsState.load]
        return NotificationsState.load

    @rx.event
    @guarded
    def mark_all_read(self):
        """Mark every notification of the user read."""
        with self._signed_in(write=True) as (db, user):
            account_security.read_all_notifications(session=db, user=user)
        return NotificationsState.load


def notification_card(item: dict) -> rx.Component:
    """One notification: title, date, body, link and its read state."""
    unread = ~item["read"].bool()
    return rx.card(
        rx.flex(
            rx.hstack(
                rx.cond(unread, rx.badge("Новое", color_scheme="blue"), rx.badge("Прочитано")),
                rx.text(item["date"], size="2", color="var(--gray-11)"),
                align="center",
                spacing="2",
            ),
            rx.cond(
                unread,
                rx.button(
                    "Отметить прочитанным",
                    variant="soft",
                    size="2",
                    min_height=TOUCH_TARGET,
                    class_name="notification-mark-read",
                    on_click=NotificationsState.mark_read(item["id"]),
                ),
            ),
            justify="between",
            align="center",
            wrap="wrap",
            gap="var(--space-2)",
        ),
        rx.heading(item["title"], as_="h2", size="4", margin_top="var(--space-2)"),
        rx.cond(item["body"] != "", rx.text(item["body"], margin_top="var(--space-1)")),
        rx.cond(
            item["link"] != "",
            rx.link(
                "Подробнее", href=item["link"].to(str), margin_top="var(--space-2)", **TOUCH_LINK
            ),
        ),
        class_name=rx.cond(unread, "notification notification-unread", "notification"),
        border_left=rx.cond(unread, "4px solid var(--accent-9)", "4px solid transparent"),
        width="100%",
    )


def toolbar() -> rx.Component:
    """The unread count and «Отметить все прочитанными»."""
    return rx.flex(
        rx.text(
            "Непрочитанных: ",
            rx.text.strong(SessionState.unread, id="notifications-unread"),
        ),
        rx.button(
            "Отметить все прочитанными",
            id="notifications-mark-all",
            size="3",
            variant="soft",
            min_height=TOUCH_TARGET,
            disabled=SessionState.unread == 0,
            on_click=NotificationsState.mark_all_read,
        ),
        justify="between",
        align="center",
        wrap="wrap",
        gap="var(--space-3)",
        width="100%",
    )


def notifications_page() -> rx.Component:
    """The «Уведомления» page."""
    return page(
        rx.cond(
            SessionState.me & (SessionState.me.id == NotificationsState.owner),
            rx.vstack(
                toolbar(),
                rx.cond(
                    NotificationsState.items.length() > 0,
                    rx.vstack(
                        rx.foreach(NotificationsState.items, notification_card),
                        spacing="3",
                        width="100%",
                        id="notifications-list",
                    ),
                    rx.card(rx.text("Уведомлений пока нет"), id="notifications-empty"),
                ),
                spacing="4",
                width="100%",
                max_width="820px",
            ),
            list_skeleton("notifications-loading"),
        ),
        heading="Уведомления",
    )
