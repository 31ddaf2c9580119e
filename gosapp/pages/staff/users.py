"""`/staff/users`: find a user; lock, unlock, reset TOTP, issue an account-confirmation code.

Each action is confirmed in one dialog first. The code issued for the «МФЦ» path is shown to
the staff member once, in this tab only, until they hide it or leave the page.
"""

from __future__ import annotations

from typing import NamedTuple, cast

import reflex as rx
from reflex_components_radix.themes.base import LiteralAccentColor
from sqlmodel import Session

from gosapp.components.data_table import cell, data_table, row_header
from gosapp.components.forms import field_error
from gosapp.components.layout import TOUCH_TARGET
from gosapp.models.accounts import User
from gosapp.pages.staff import STAFF, staff_page
from gosapp.services.backoffice import users
from gosapp.services.common.errors import DomainError, Invalid
from gosapp.state.auth import AuthMixin, guarded


class ActionSpec(NamedTuple):
    """The confirmation dialog of one action on a user, and the toast after it."""

    question: str
    consequence: str
    button: str
    color: str
    done: str


ACTIONS = {
    "lock": ActionSpec(
        "Заблокировать учётную запись?",
        "Все сеансы пользователя будут завершены, войти он не сможет до разблокировки.",
        "Заблокировать",
        "red",
        "Учётная запись заблокирована",
    ),
    "unlock": ActionSpec(
        "Разблокировать учётную запись?",
        "Пользователь снова сможет войти.",
        "Разблокировать",
        "green",
        "Учётная запись разблокирована",
    ),
    "reset_totp": ActionSpec(
        "Сбросить вход по коду из приложения?",
        "Сделайте это, только проверив личность пользователя. Его сеансы и резервные коды будут "
        "отменены; при следующем входе после пароля он подключит приложение заново.",
        "Сбросить",
        "red",
        "Приложение-аутентификатор отключено",
    ),
    "issue_confirmation_code": ActionSpec(
        "Выдать код подтверждения учётной записи?",
        "Выдавайте код только после проверки паспорта лично. Код покажем один раз; он действует "
        "72 часа, прежний код перестанет действовать.",
        "Выдать код",
        "blue",
        "Код выдан",
    ),
}


class StaffUsersState(AuthMixin, rx.State):
    """Search results as display dicts; the pending confirmation; a code issued just now."""

    owner: rx.Field[int] = rx.field(0)
    query: rx.Field[str] = rx.field("")
    query_error: rx.Field[str] = rx.field("")
    searched: rx.Field[bool] = rx.field(False)
    results: rx.Field[list[dict[str, str | int | bool]]] = rx.field(default_factory=list)
    more: rx.Field[bool] = rx.field(False)
    confirm: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    issued_code: rx.Field[str] = rx.field("")
    issued_for: rx.Field[str] = rx.field("")
    _pending: tuple[str, int] | None = None

    def _search(self, db: Session, user: User) -> None:
        found = users.search_users(
            session=db, staff=user, query=self.query, actor=self._actor(user)
        )
        self.results, self.more, self.searched = found.rows, found.more, True

    @rx.event
    @guarded(*STAFF)
    def load(self):
        """Open the page empty (no personal data left from an earlier visit)."""
        with self._signed_in(*STAFF) as (_db, user):
            self.owner = user.id
        self.query, self.query_error, self.results, self.more, self.searched = (
            "",
            "",
            [],
            False,
            False,
        )
        self.confirm, self._pending, self.issued_code, self.issued_for = {}, None, "", ""

    @rx.event
    @guarded(*STAFF)
    def search(self, form: dict):
        """Find users by phone, e-mail, SNILS or last name (the search is audited)."""
        self.query = str(form.get("query", "")).strip()[:100]
        try:
            with self._signed_in(*STAFF, write=True) as (db, user):
                self._search(db, user)
        except Invalid as exc:
            self.query_error, self.results, self.searched = exc.message, [], False
            return
        self.query_error = ""

    @rx.event
    @guarded(*STAFF)
    def ask(self, action: str, user_id: int):
        """Open the confirmation of ``action`` on one of the users found."""
        row = next((r for r in self.results if str(r["id"]) == str(user_id)), None)
        if action not in ACTIONS or row is None:
            return rx.toast.error("Найдите пользователя заново")
        spec = ACTIONS[action]
        self._pending = (action, int(row["id"]))
        self.confirm = dict(
            question=spec.question,
            consequence=spec.consequence,
            button=spec.button,
            color=spec.color,
            name=str(row["name"]),
        )
        return None

    @rx.event
    @guarded(*STAFF)
    def cancel(self):
        """Close the confirmation without acting."""
        self.confirm, self._pending = {}, None

    @rx.event
    @guarded(*STAFF)
    def confirm_open_change(self, is_open: bool):
        """Esc or a click outside closes the confirmation like «Отмена»."""
        if not is_open:
            self.confirm, self._pending = {}, None

    @rx.event
    @guarded(*STAFF)
    def confirmed(self):
        """Carry out the confirmed action and refresh the results."""
        if self._pending is None:
            self.confirm = {}
            return None
        (action, user_id), name = self._pending, self.confirm.get("name", "")
        self.confirm, self._pending = {}, None
        try:
            with self._signed_in(*STAFF, write=True) as (db, user):
                result = getattr(users, action)(
                    session=db, staff=user, user_id=user_id, actor=self._actor(user)
                )
        except DomainError as exc:
            return rx.toast.error(exc.message)
        if action == "issue_confirmation_code":
            self.issued_code, self.issued_for = result, name
        self._refresh_row(user_id)
        return rx.toast.success(ACTIONS[action].done)

    def _refresh_row(self, user_id: int) -> None:
        """Show the account's new state in its row (not a new, audited search)."""
        with self._signed_in(*STAFF) as (db, user):
            row = users.user_row(session=db, staff=user, user_id=user_id)
        self.results = [row if r["id"] == user_id else r for r in self.results]

    @rx.event
    @guarded(*STAFF)
    def hide_code(self):
        """The code has been handed over: it is not shown again."""
        self.issued_code, self.issued_for = "", ""


# --- components ----------------------------------------------------------------------------------


def search_form() -> rx.Component:
    """One field for phone, e-mail, SNILS or last name."""
    return rx.form(
        rx.flex(
            rx.el.label(
                rx.text("Телефон, e-mail, СНИЛС или фамилия", size="2", weight="medium"),
                rx.input(
                    name="query",
                    id="staff-user-query",
                    default_value=StaffUsersState.query,
                    placeholder="Например, Иванова или +7 916",
                    size="3",
                    min_length=3,
                    max_length=100,
                    width="100%",
                ),
                display="flex",
                flex_direction="column",
                gap="var(--space-1)",
                flex_grow="1",
                min_width="240px",
            ),
            rx.button(
                "Найти", type="submit", size="3", id="staff-user-search", min_height=TOUCH_TARGET
            ),
            gap="var(--space-3)",
            align="end",
            wrap="wrap",
        ),
        field_error(StaffUsersState.query_error, "staff-user-query-error"),
        on_submit=StaffUsersState.search,
        no_validate=True,
    )


def action(row: dict, name: str, label: str, color: LiteralAccentColor) -> rx.Component:
    """A button that asks for confirmation first."""
    return rx.button(
        label,
        variant="soft",
        color_scheme=color,
        size="2",
        min_height=TOUCH_TARGET,
        on_click=StaffUsersState.ask(name, row["id"]),
        class_name=f"staff-user-{name.replace('_', '-')}",
    )


def confirmation_code_action(row: dict) -> rx.Component:
    """«Код подтверждения» for an account with TOTP; without it, why the code is not offered."""
    return rx.cond(
        row["totp"],
        action(row, "issue_confirmation_code", "Код подтверждения", "blue"),
        rx.text(
            "Код подтверждения — после подключения TOTP",
            size="1",
            color="var(--gray-11)",
            class_name="staff-user-code-needs-totp",
        ),
    )


def user_actions(row: dict) -> rx.Component:
    """What may be done with this account (or why nothing may)."""
    return rx.cond(
        row["can_act"],
        rx.flex(
            rx.cond(
                row["locked"],
                action(row, "unlock", "Разблокировать", "green"),
                action(row, "lock", "Заблокировать", "red"),
            ),
            rx.cond(row["totp"], action(row, "reset_totp", "Сбросить TOTP", "orange")),
            rx.cond(~row["confirmed"].to(bool), confirmation_code_action(row)),
            gap="var(--space-2)",
            wrap="wrap",
        ),
        rx.text(row["refusal"], size="1", color="var(--gray-11)"),
    )


def user_row(row: dict) -> rx.Component:
    """One user found (a card of its own below 768 px)."""
    return rx.table.row(
        row_header(
            "Пользователь",
            rx.text(row["name"], weight="medium"),
            rx.text("Дата рождения: ", row["birth_date"], size="1", color="var(--gray-11)"),
        ),
        cell("Контакты", rx.box(rx.text(row["phone"]), rx.text(row["email"], size="1"))),
        cell("СНИЛС", row["snils"]),
        cell("Уровень и роли", rx.box(rx.text(row["level"]), rx.text(row["roles"], size="1"))),
        cell(
            "Состояние",
            rx.cond(
                row["locked"],
                rx.badge(row["lock_label"], color_scheme="red"),
                rx.badge("активна", color_scheme="green"),
            ),
            rx.cond(~row["totp"].to(bool), rx.badge("TOTP не подключён", color_scheme="orange")),
        ),
        cell("Действия", user_actions(row)),
        class_name="staff-user-row",
    )


def results() -> rx.Component:
    """The users found, or what to try next."""
    headers = ("Пользователь", "Контакты", "СНИЛС", "Уровень и роли", "Состояние", "Действия")
    return rx.cond(
        StaffUsersState.results.length() > 0,
        rx.vstack(
            data_table(headers, StaffUsersState.results, user_row, element_id="staff-users"),
            rx.cond(
                StaffUsersState.more,
                rx.text(
                    "Показаны первые 20 совпадений — уточните запрос.",
                    size="2",
                    color="var(--gray-11)",
                ),
            ),
            width="100%",
        ),
        rx.cond(
            StaffUsersState.searched,
            rx.card(
                rx.text(
                    "Никого не нашли. Проверьте запрос: телефон, e-mail, СНИЛС или начало фамилии."
                ),
                id="staff-users-empty",
            ),
        ),
    )


def issued_code_box() -> rx.Component:
    """The confirmation code, shown once."""
    return rx.cond(
        StaffUsersState.issued_code != "",
        rx.callout.root(
            rx.callout.icon(rx.icon("key-round")),
            rx.callout.text(
                "Код подтверждения для ",
                rx.text.strong(StaffUsersState.issued_for),
                ": ",
                rx.code(StaffUsersState.issued_code, size="5", id="staff-issued-code"),
                ". Передайте его пользователю лично — он вводит код в профиле. Код действует "
                "72 часа и больше показан не будет.",
            ),
            rx.button(
                "Код передан, скрыть",
                variant="soft",
                size="2",
                on_click=StaffUsersState.hide_code,
                id="staff-hide-code",
                min_height=TOUCH_TARGET,
            ),
            color_scheme="blue",
        ),
    )


def confirm_dialog() -> rx.Component:
    """One confirmation for every account action."""
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(StaffUsersState.confirm["question"]),
            rx.alert_dialog.description(
                rx.text("Пользователь: ", rx.text.strong(StaffUsersState.confirm["name"])),
                rx.text(StaffUsersState.confirm["consequence"], margin_top="var(--space-2)"),
            ),
            rx.flex(
                # Plain buttons, not Radix's cancel/action parts: their own close event must not
                # race the handler that acts on the pending confirmation.
                rx.button(
                    "Отмена", variant="soft", color_scheme="gray", on_click=StaffUsersState.cancel
                ),
                rx.button(
                    StaffUsersState.confirm["button"],
                    color_scheme=cast(
                        "rx.Var[LiteralAccentColor]", StaffUsersState.confirm["color"]
                    ),
                    on_click=StaffUsersState.confirmed,
                    id="staff-user-confirm",
                ),
                gap="var(--space-3)",
                justify="end",
                margin_top="var(--space-4)",
            ),
        ),
        open=StaffUsersState.confirm.length() > 0,
        on_open_change=StaffUsersState.confirm_open_change,
    )


def users_page() -> rx.Component:
    """The «Пользователи» page."""
    return staff_page(
        rx.vstack(
            search_form(), issued_code_box(), results(), confirm_dialog(), spacing="4", width="100%"
        ),
        StaffUsersState.owner,
        "Бэк-офис: пользователи",
    )
