"""The «Контакты» card: the phone and e-mail, and the two-step change of either (the new
contact, then the code sent to it).

``ContactChangeState`` owns the flow, so its events load and send only its own vars. The
user re-authenticates (current password or authenticator code) before a code is sent. On
confirmation and on «Отправить код ещё раз» the service reads the new contact from the code
row, never from the browser.
"""

from typing import Any

import reflex as rx

from gosapp.components.forms import field_error, labelled
from gosapp.components.layout import TOUCH_TARGET
from gosapp.pages.account.profile.parts import notice, section
from gosapp.services.common.errors import Invalid
from gosapp.services.profile import contacts as contact_service
from gosapp.state.auth import AuthMixin, guarded

CONTACT_LABELS = {"phone": "Телефон", "email": "Электронная почта"}
NEW_VALUE_INPUTS: dict[str, tuple[str, dict[str, Any]]] = {  # kind -> (label, input props)
    "phone": (
        "Новый номер телефона",
        {"type": "tel", "placeholder": "+7 900 000-00-00", "auto_complete": "tel"},
    ),
    "email": (
        "Новый адрес электронной почты",
        {"type": "email", "placeholder": "ivanov@mail.ru", "auto_complete": "email"},
    ),
}


class ContactChangeState(AuthMixin, rx.State):
    """The user's own phone and e-mail as shown, and the change in progress: which contact
    (``editing``), the step (``value`` → ``code``) and errors keyed by field."""

    contacts: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    editing: rx.Field[str] = rx.field("")
    step: rx.Field[str] = rx.field("")
    target: rx.Field[str] = rx.field("")
    notice: rx.Field[str] = rx.field("")
    errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)

    def _close(self) -> None:
        self.editing, self.step, self.target, self.errors = "", "", "", {}

    def _reset(self, contacts: dict[str, str]) -> None:
        """Show ``contacts`` with no change open (the page was loaded)."""
        self._close()
        self.contacts, self.notice = contacts, ""

    @rx.event
    @guarded
    def edit_contact(self, kind: str):
        """Open the form for a new phone or e-mail."""
        self._close()
        if kind in contact_service.CONTACTS:
            self.editing, self.step, self.notice = kind, "value", ""

    @rx.event
    @guarded
    def cancel_contact(self):
        """Close the contact form without changes."""
        self._close()

    @rx.event
    @guarded
    def send_contact_code(self, form: dict):
        """After the current password (or an authenticator code), send a code to the new
        contact typed in the form. The password field is emptied when it was wrong."""
        try:
            with self._signed_in(write=True) as (db, user):
                target = contact_service.request_contact_change(
                    session=db,
                    user=user,
                    kind=self.editing,
                    value=str(form.get("value", ""))[:254],
                    password=str(form.get("reauth", ""))[:200],
                    actor=self._actor(user),
                )
        except Invalid as exc:
            self.errors = {exc.field: exc.message}
            if exc.field == "reauth":
                return rx.set_value(f"contact-{self.editing}-reauth", "")
            return None
        self.target, self.step, self.errors = target, "code", {}
        return None

    @rx.event
    @guarded
    def resend_contact_code(self):
        """Send a fresh code to the same new contact."""
        try:
            with self._signed_in(write=True) as (db, user):
                contact_service.resend_contact_code(
                    session=db, user=user, kind=self.editing, ip=self._actor(user).ip
                )
        except Invalid as exc:
            self.errors = {exc.field: exc.message}

    @rx.event
    @guarded
    def confirm_contact(self, form: dict):
        """Check the code sent to the new contact; on success it replaces the old one."""
        try:
            with self._signed_in(write=True) as (db, user):
                view = contact_service.confirm_contact_change(
                    session=db,
                    user=user,
                    kind=self.editing,
                    code=str(form.get("code", ""))[:20],
                    actor=self._actor(user),
                )
        except Invalid as exc:
            if exc.field == "value":  # taken by another account meanwhile
                self.step = "value"
            self.errors = {**self.errors, exc.field: exc.message}
            return
        message = f"{CONTACT_LABELS.get(self.editing, 'Контакт')}: изменено и подтверждено"
        self._reset(view.contacts)
        self.notice = message


# --- components ---------------------------------------------------------------------------------


def contact_value_form(kind: str) -> rx.Component:
    """Step 1 of a contact change: the new phone or e-mail."""
    label, input_props = NEW_VALUE_INPUTS[kind]
    return rx.form(
        rx.vstack(
            labelled(
                label,
                rx.input(
                    id=f"contact-{kind}-value", name="value", size="3", width="100%", **input_props
                ),
                "Мы отправим код подтверждения на новый контакт.",
            ),
            field_error(ContactChangeState.errors.get("value", ""), "contact-value-error"),
            reauth_field(kind),
            contact_buttons(kind, "send", "Получить код"),
            spacing="2",
            width="100%",
        ),
        on_submit=ContactChangeState.send_contact_code,
        no_validate=True,
        width="100%",
    )


def reauth_field(kind: str) -> rx.Component:
    """The current password or an authenticator code, asked before a code goes out."""
    return rx.box(
        labelled(
            "Текущий пароль или код из приложения-аутентификатора",
            rx.input(
                id=f"contact-{kind}-reauth",
                name="reauth",
                type="password",
                auto_complete="current-password",
                size="3",
                width="100%",
                max_length=128,
            ),
            "Подтвердите, что контакт меняете именно вы.",
        ),
        field_error(ContactChangeState.errors.get("reauth", ""), "contact-reauth-error"),
        width="100%",
    )


def contact_code_form(kind: str) -> rx.Component:
    """Step 2: the code sent to the new contact."""
    return rx.form(
        rx.vstack(
            rx.text("Код отправлен на ", rx.text.strong(ContactChangeState.target), size="2"),
            labelled(
                "Код подтверждения",
                rx.input(
                    id=f"contact-{kind}-code",
                    name="code",
                    placeholder="6 цифр",
                    input_mode="numeric",
                    auto_complete="one-time-code",
                    size="3",
                    width="100%",
                ),
            ),
            field_error(ContactChangeState.errors.get("code", ""), "contact-code-error"),
            contact_buttons(kind, "confirm", "Подтвердить"),
            rx.button(
                "Отправить код ещё раз",
                type="button",
                variant="ghost",
                on_click=ContactChangeState.resend_contact_code,
            ),
            spacing="2",
            width="100%",
        ),
        on_submit=ContactChangeState.confirm_contact,
        reset_on_submit=True,
        no_validate=True,
        width="100%",
    )


def contact_buttons(kind: str, action: str, label: str) -> rx.Component:
    """Submit and cancel."""
    return rx.hstack(
        rx.button(
            label, id=f"contact-{kind}-{action}", type="submit", size="3", min_height=TOUCH_TARGET
        ),
        rx.button(
            "Отмена",
            type="button",
            variant="soft",
            color_scheme="gray",
            size="3",
            min_height=TOUCH_TARGET,
            on_click=ContactChangeState.cancel_contact,
        ),
        wrap="wrap",
    )


def contact_row(kind: str) -> rx.Component:
    """The current contact, «Изменить», and the change form when open."""
    return rx.vstack(
        rx.hstack(
            rx.vstack(
                rx.text(CONTACT_LABELS[kind], size="2", color="var(--gray-11)"),
                rx.text(
                    ContactChangeState.contacts.get(kind, ""), id=f"profile-{kind}", weight="medium"
                ),
                spacing="0",
            ),
            rx.cond(
                ContactChangeState.editing != kind,
                rx.button(
                    "Изменить",
                    id=f"contact-{kind}-edit",
                    variant="soft",
                    size="3",
                    min_height=TOUCH_TARGET,
                    on_click=ContactChangeState.edit_contact(kind),
                ),
            ),
            justify="between",
            align="center",
            width="100%",
        ),
        rx.cond(
            ContactChangeState.editing == kind,
            rx.cond(
                ContactChangeState.step == "code",
                contact_code_form(kind),
                contact_value_form(kind),
            ),
        ),
        spacing="2",
        width="100%",
    )


def contacts_card() -> rx.Component:
    """Phone and e-mail; a change needs the code sent to the new contact."""
    return section(
        "Контакты",
        contact_row("phone"),
        rx.separator(size="4"),
        contact_row("email"),
        notice(ContactChangeState.notice, "contact-notice"),
    )
