"""`/security/apps` («Доступ приложений»): the applications the user signed in to through the
portal, what each may read and since when; «Отключить» (after a confirmation) revokes the
consent and every token at once."""

import reflex as rx

from gosapp import routes
from gosapp.components.data_table import cell, data_table
from gosapp.components.layout import TOUCH_TARGET, page
from gosapp.components.loading import list_skeleton
from gosapp.services.common.errors import NotFound
from gosapp.services.identity.oidc import consents
from gosapp.state.auth import AuthMixin, SessionState, guarded

HEADERS = ("Приложение", "Доступ к данным", "Разрешено", "")


class AppsState(AuthMixin, rx.State):
    """The signed-in user's own connected applications, as plain dicts."""

    owner: rx.Field[int] = rx.field(0)  # whose list the var holds: shown only to that user
    apps: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)

    @rx.event
    @guarded
    def load(self):
        """Open the page: the user's connected applications."""
        with self._signed_in() as (db, user):
            self.apps, self.owner = consents.connected(db, user.id), user.id

    @rx.event
    @guarded
    def disconnect(self, client_id: str):
        """«Отключить»: the application loses its access and every token now."""
        try:
            with self._signed_in(write=True) as (db, user):
                consents.revoke(
                    db=db, user_id=user.id, client_id=str(client_id)[:64], actor=self._actor(user)
                )
        except NotFound as exc:
            return [rx.toast.error(exc.message), AppsState.load]
        return [rx.toast.success("Приложение отключено"), AppsState.load]


def disconnect_button(row: dict) -> rx.Component:
    """«Отключить» with a confirmation dialog."""
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(
            rx.button(
                "Отключить",
                variant="soft",
                color_scheme="red",
                min_height=TOUCH_TARGET,
                class_name="disconnect-app",
            )
        ),
        rx.alert_dialog.content(
            rx.alert_dialog.title("Отключить приложение?"),
            rx.alert_dialog.description(
                rx.text(
                    "«",
                    row["name"],
                    "» больше не сможет получать ваши данные. ",
                    "Чтобы снова им пользоваться, потребуется новое разрешение.",
                )
            ),
            rx.flex(
                rx.alert_dialog.cancel(rx.button("Отмена", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(
                    rx.button(
                        "Отключить",
                        color_scheme="red",
                        class_name="confirm-disconnect-app",
                        on_click=AppsState.disconnect(row["client_id"]),
                    )
                ),
                gap="var(--space-3)",
                justify="end",
                margin_top="var(--space-4)",
            ),
        ),
    )


def app_row(row: dict) -> rx.Component:
    """One connected application."""
    return rx.table.row(
        cell("Приложение", rx.text(row["name"], weight="medium")),
        cell("Доступ к данным", row["scopes"]),
        cell("Разрешено", row["granted"]),
        cell("", disconnect_button(row)),
        class_name="app-row",
    )


def empty_state() -> rx.Component:
    """No application has access: say what this page is for."""
    return rx.card(
        rx.text(
            "Ни одно приложение не имеет доступа к вашим данным. Когда вы войдёте в сервис "
            "через «Вход через Госуслуги» и разрешите доступ, он появится здесь, и его можно "
            "будет отключить."
        ),
        id="apps-empty",
        size="3",
        width="100%",
    )


def apps_page() -> rx.Component:
    """The «Доступ приложений» page."""
    return page(
        rx.cond(
            SessionState.me & (SessionState.me.id == AppsState.owner),
            rx.vstack(
                rx.text(
                    "Сервисы, в которые вы вошли через портал, и данные, которые они получают.",
                    color_scheme="gray",
                ),
                rx.cond(
                    AppsState.apps.length() > 0,
                    rx.card(
                        data_table(HEADERS, AppsState.apps, app_row, element_id="security-apps"),
                        size="3",
                        width="100%",
                    ),
                    empty_state(),
                ),
                rx.link("← К настройкам безопасности", href=routes.SECURITY),
                spacing="4",
                width="100%",
            ),
            list_skeleton("apps-loading"),
        ),
        heading="Доступ приложений",
    )


def apps_link_card() -> rx.Component:
    """The card on «Безопасность» that leads here."""
    return rx.card(
        rx.flex(
            rx.box(
                rx.heading("Доступ приложений", as_="h2", size="5"),
                rx.text(
                    "Сервисы, вошедшие через портал, и их доступ к вашим данным.",
                    size="2",
                    color="var(--gray-11)",
                ),
            ),
            rx.button(
                rx.link(
                    "Открыть", href=routes.SECURITY_APPS, id="security-apps-link", underline="none"
                ),
                as_child=True,
                variant="soft",
                size="3",
                min_height=TOUCH_TARGET,
            ),
            justify="between",
            align="center",
            gap="var(--space-3)",
            wrap="wrap",
        ),
        size="3",
        width="100%",
    )
