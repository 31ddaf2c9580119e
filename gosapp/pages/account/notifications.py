"""`/notifications` («Уведомления»): the user's own in-app notifications, newest first, 20 at a
time («Показать ещё»), all or only the unread ones."""

from __future__ import annotations

import reflex as rx

from gosapp.components.layout import TOUCH_TARGET, page
from gosapp.components.loading import list_skeleton
from gosapp.components.tokens import TOUCH_LINK
from gosapp.services.common.errors import NotFound
from gosapp.services.identity import account_security
from gosapp.state.auth import AuthMixin, SessionState, guarded


class NotificationsState(AuthMixin, rx.State):
    """The pages shown so far as plain dicts (id, title, body, date, link, read), the filter,
    and whether there are ``more``; the unread count is the bell's (``SessionState.unread``),
    so the header follows every change."""

    owner: rx.Field[int] = rx.field(0)  # whose notifications the vars hold: shown only to that user
    items: rx.Field[list[dict[str, str | int | bool]]] = rx.field(default_factory=list)
    unread_only: rx.Field[bool] = rx.field(False)
    more: rx.Field[bool] = rx.field(False)

    async def _fetch(self, after: object = None) -> None:
        """One page after ``after`` (the first page without it), appended to what is shown."""
        with self._signed_in() as (db, user):
            centre = account_security.notification_centre(
                session=db, user=user, unread_only=self.unread_only, after=after
            )
        shown = self.items if after is not None and self.owner == user.id else []
        self.items, self.more, self.owner = [*shown, *centre["items"]], centre["more"], user.id
        (await self.get_state(SessionState)).unread = centre["unread"]

    @rx.event
    @guarded
    async def load(self):
        """The first page of the signed-in user's notifications (and the bell's count)."""
        await self._fetch()

    @rx.event
    @guarded
    async def load_more(self):
        """The next page, after the last notification shown (keyset: by id)."""
        await self._fetch(self.items[-1]["id"] if self.items else None)

    @rx.event
    @guarded
    async def show_unread(self, unread_only: bool):
        """«Все» / «Непрочитанные»: the first page of the chosen list."""
        self.unread_only = unread_only is True
        await self._fetch()

    @rx.event
    @guarded
    async def mark_read(self, notification_id: int):
        """Mark one of the user's own notifications read; it stays where it is, marked read."""
        try:
            with self._signed_in(write=True) as (db, user):
                unread = account_security.read_notification(
                    session=db, user=user, notification_id=notification_id
                )
        except NotFound as exc:
            return [rx.toast.error(exc.message), NotificationsState.load]
        self.items = [
            {**item, "read": True} if str(item["id"]) == str(notification_id) else item
            for item in self.items
        ]
        (await self.get_state(SessionState)).unread = unread

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


def filter_button(label: str, unread_only: bool, element_id: str) -> rx.Component:
    """One of «Все» / «Непрочитанные»; the chosen one is solid and pressed."""
    chosen = NotificationsState.unread_only == unread_only
    return rx.button(
        label,
        id=element_id,
        size="3",
        variant=rx.cond(chosen, "solid", "outline"),
        min_height=TOUCH_TARGET,
        aria_pressed=rx.cond(chosen, "true", "false"),
        on_click=NotificationsState.show_unread(unread_only),
    )


def toolbar() -> rx.Component:
    """The filter, the unread count and «Отметить все прочитанными»."""
    return rx.flex(
        rx.hstack(
            filter_button("Все", False, "notifications-filter-all"),
            filter_button("Непрочитанные", True, "notifications-filter-unread"),
            spacing="2",
            role="group",
            aria_label="Какие уведомления показать",
        ),
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


def notification_list() -> rx.Component:
    """The notifications shown so far and «Показать ещё» while there are more."""
    return rx.vstack(
        rx.vstack(
            rx.foreach(NotificationsState.items, notification_card),
            spacing="3",
            width="100%",
            id="notifications-list",
        ),
        rx.cond(
            NotificationsState.more,
            rx.button(
                "Показать ещё",
                id="notifications-more",
                size="3",
                variant="outline",
                min_height=TOUCH_TARGET,
                on_click=NotificationsState.load_more,
            ),
        ),
        spacing="3",
        width="100%",
        align="center",
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
                    notification_list(),
                    rx.card(
                        rx.text(
                            rx.cond(
                                NotificationsState.unread_only,
                                "Непрочитанных уведомлений нет",
                                "Уведомлений пока нет",
                            )
                        ),
                        id="notifications-empty",
                    ),
                ),
                spacing="4",
                width="100%",
                max_width="820px",
            ),
            list_skeleton("notifications-loading"),
        ),
        heading="Уведомления",
    )
