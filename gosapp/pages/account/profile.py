"""`/profile`: personal data and account level (with the staff-issued confirmation code),
contacts, identity documents (with the passport verification request), notifications."""

import reflex as rx

from gosapp.components.forms import field_error, labelled
from gosapp.components.layout import TOUCH_TARGET, page
from gosapp.components.uploader import uploader
from gosapp.db import transaction
from gosapp.services.backoffice.users import redeem_confirmation_code
from gosapp.services.common.errors import DomainError, Invalid
from gosapp.services.identity.accounts import InvalidForm
from gosapp.services.profile import personal_data as profile_service
from gosapp.state.auth import SessionState, guarded
from gosapp.state.uploads import UploadsState

CONTACT_LABELS = {"phone": "Телефон", "email": "Электронная почта"}
SCAN_WIDGET = profile_service.SCAN_WIDGET
LEVEL_COLORS = (("basic", "gray"), ("standard", "blue"), ("confirmed", "green"))


class ProfileState(SessionState):
    """The signed-in user's own profile as plain strings; the contact being changed is kept
    server-side (``_target``) and re-read from the code row on confirmation."""

    loaded: bool = False
    personal: dict[str, str] = {}
    level: dict[str, str] = {}
    contacts: dict[str, str] = {}
    documents: dict[str, str] = {}
    pending_passport: dict[str, str] = {}
    has_pending_passport: bool = False
    verification: dict[str, str] = {}
    has_verification: bool = False
    can_verify: bool = False
    notify_email: bool = True
    notify_sms: bool = False
    errors: dict[str, str] = {}
    saved: str = ""
    form_key: int = 0
    editing: str = ""
    contact_step: str = ""
    contact_target: str = ""
    contact_notice: str = ""
    confirm_notice: str = ""
    _target: str = ""

    def _show(self, view: profile_service.ProfileView) -> None:
        self.personal, self.level, self.contacts = view.personal, view.level, view.contacts
        self.documents, self.pending_passport = view.documents, view.pending_passport
        self.has_pending_passport = bool(view.pending_passport)
        self.verification, self.has_verification = view.verification, bool(view.verification)
        self.can_verify = view.can_verify
        self.notify_email, self.notify_sms = view.notify_email, view.notify_sms
        self.loaded = True

    def _close_contact(self) -> None:
        self.editing, self.contact_step, self.contact_target, self._target = "", "", "", ""
        self.errors = {k: v for k, v in self.errors.items() if not k.startswith("contact_")}

    @rx.event
    @guarded
    def load(self):
        """Read the profile (anonymous visitors are sent to the login page)."""
        with transaction() as db:
            view = profile_service.profile_view(session=db, user=self._require(db))
        self._show(view)
        self._close_contact()
        self.errors, self.saved, self.contact_notice, self.confirm_notice = {}, "", "", ""

    @rx.event
    @guarded
    def save_documents(self, form: dict):
        """Validate and store the documents; every error beside its field, input kept."""
        values = {k: str(form.get(k, ""))[:400] for k in profile_service.FORM_FIELDS}
        try:
            with transaction() as db:
                user = self._require(db)
                view = profile_service.save_documents(
                    session=db, user=user, form=values, actor=self._actor(user)
                )
        except InvalidForm as exc:
            self.errors, self.saved = exc.errors, ""
            return
        self._show(view)
        self.errors, self.saved = {}, "Изменения сохранены"
        self.form_key += 1  # show the stored (normalised) values

    @rx.event
    @guarded
    async def verify_passport(self):
        """Submit the passport (pending change or current data) for verification with the
        scans staged in the «passport» uploader; they stay staged if the submission fails."""

        def send(db, user, document_ids):
            request = profile_service.request_passport_verification(
                session=db, user=user, document_ids=document_ids, actor=self._actor(user)
            )
            return request.number, profile_service.profile_view(session=db, user=user)

        uploads = await self.get_state(UploadsState)
        try:
            number, view = uploads._submit_with(SCAN_WIDGET, send)
        except DomainError as exc:
            self.errors = {**self.errors, "passport_verify": exc.message}
            return None
        self._show(view)
        self.errors = {k: v for k, v in self.errors.items() if k != "passport_verify"}
        return rx.toast.success(f"Заявление {number} на проверку паспорта подано")

    @rx.event
    @guarded
    def redeem_code(self, form: dict):
        """The one-time code a staff member handed over (МФЦ): the account becomes confirmed.
        A wrong code is counted by the service; the typed code stays in the field."""
        try:
            with transaction() as db:
                user = self._require(db)
                redeem_confirmation_code(
                    session=db,
                    user=user,
                    code=str(form.get("code", ""))[:40],
                    actor=self._actor(user),
                )
                view = profile_service.profile_view(session=db, user=user)
                self._refresh_me(db, user)
        except Invalid as exc:
            self.errors, self.confirm_notice = {**self.errors, "confirm_code": exc.message}, ""
            return
        self._show(view)
        self.errors = {k: v for k, v in self.errors.items() if k != "confirm_code"}
        self.confirm_notice = "Учётная запись подтверждена: доступны все услуги портала"

    @rx.event
    @guarded
    def edit_contact(self, kind: str):
        """Open the form for a new phone or e-mail."""
        with transaction() as db:
            self._require(db)
        self._close_contact()
        if kind in profile_service.CONTACTS:
            self.editing, self.contact_step, self.contact_notice = kind, "value", ""

    @rx.event
    @guarded
    def cancel_contact(self):
        """Close the contact form without changes."""
        with transaction() as db:
            self._require(db)
        self._close_contact()

    @rx.event
    @guarded
    def send_contact_code(self, form: dict):
        """Send a code to the new contact typed in the form."""
        self._send(str(form.get("value", ""))[:254])

    @rx.event
    @guarded
    def resend_contact_code(self):
        """Send a fresh code to the same new contact."""
        if self._target:
            self._send(self._target)

    def _send(self, value: str) -> None:
        try:
            with transaction() as db:
                target = profile_service.request_contact_change(
                    session=db, user=self._require(db), kind=self.editing, value=value
                )
        except Invalid as exc:
            self.errors = {**self.errors, f"contact_{exc.field}": exc.message}
            return
        self._target, self.contact_target, self.contact_step = target, target, "code"
        self.errors = {k: v for k, v in self.errors.items() if not k.startswith("contact_")}

    @rx.event
    @guarded
    def confirm_contact(self, form: dict):
        """Check the code sent to the new contact; on success it replaces the old one."""
        try:
            with transaction() as db:
                user = self._require(db)
                view = profile_service.confirm_contact_change(
                    session=db,
                    user=user,
                    kind=self.editing,
                    code=str(form.get("code", ""))[:20],
                    actor=self._actor(user),
                )
        except Invalid as exc:
            if exc.field == "value":  # taken by another account meanwhile
                self.contact_step = "value"
            self.errors = {**self.errors, f"contact_{exc.field}": exc.message}
            return
        notice = f"{CONTACT_LABELS.get(self.editing, 'Контакт')}: изменено и подтверждено"
        self._show(view)
        self._close_contact()
        self.contact_notice = notice

    @rx.event
    @guarded
    def set_preference(self, channel: str, enabled: bool):
        """Switch e-mail or SMS notifications on or off."""
        try:
            with transaction() as db:
                user = self._require(db)
                view = profile_service.set_preference(
                    session=db,
                    user=user,
                    channel=channel,
                    enabled=bool(enabled),
                    actor=self._actor(user),
                )
        except Invalid as exc:
            return rx.toast.error(exc.message)
        self._show(view)
        return None


# --- personal data ------------------------------------------------------------------------------


def section(title: str, *children: rx.Component, **props) -> rx.Component:
    """A titled card."""
    return rx.card(
        rx.vstack(rx.heading(title, as_="h2", size="4"), *children, spacing="3", width="100%"),
        size="3",
        width="100%",
        **props,
    )


def data_row(label: str, value: rx.Var, element_id: str) -> rx.Component:
    """One read-only label and value."""
    return rx.data_list.item(
        rx.data_list.label(label),
        rx.data_list.value(rx.text(value, id=element_id, weight="medium")),
    )


def personal_card() -> rx.Component:
    """ФИО, date of birth, sex and the account level with what raises it."""
    return section(
        "Личные данные",
        rx.data_list.root(
            data_row("ФИО", ProfileState.personal.get("full_name", ""), "profile-full-name"),
            data_row(
                "Дата рождения", ProfileState.personal.get("birth_date", ""), "profile-birth-date"
            ),
            data_row("Пол", ProfileState.personal.get("sex", ""), "profile-sex"),
            orientation=rx.breakpoints(initial="vertical", sm="horizontal"),
        ),
        rx.hstack(
            rx.text("Учётная запись:", size="2"),
            rx.badge(
                ProfileState.level.get("label", ""),
                color_scheme=rx.match(ProfileState.level.get("code", ""), *LEVEL_COLORS, "gray"),
                size="2",
                id="profile-level",
            ),
            align="center",
        ),
        rx.text(
            ProfileState.level.get("hint", ""),
            size="2",
            color="var(--gray-11)",
            id="profile-level-hint",
        ),
        rx.cond(ProfileState.level.get("code", "") != "confirmed", confirm_code_form()),
        rx.cond(
            ProfileState.confirm_notice != "",
            rx.callout(
                ProfileState.confirm_notice,
                icon="circle-check",
                color_scheme="green",
                role="status",
                id="profile-confirm-notice",
            ),
        ),
    )


def confirm_code_form() -> rx.Component:
    """The one-time code issued by staff after checking the passport in person (МФЦ)."""
    return rx.form(
        rx.vstack(
            labelled(
                "Код подтверждения от сотрудника",
                rx.input(
                    id="profile-confirm-code",
                    name="code",
                    placeholder="8 цифр",
                    input_mode="numeric",
                    auto_complete="one-time-code",
                    size="3",
                    width="100%",
                ),
                "Код выдают в МФЦ при предъявлении паспорта; он действует 72 часа.",
            ),
            field_error(ProfileState.errors.get("confirm_code", ""), "profile-confirm-code-error"),
            rx.button(
                "Подтвердить учётную запись",
                id="profile-confirm-submit",
                type="submit",
                variant="soft",
                size="3",
                min_height=TOUCH_TARGET,
            ),
            spacing="2",
            width="100%",
        ),
        on_submit=ProfileState.redeem_code,
        no_validate=True,
        width="100%",
    )


# --- contacts -----------------------------------------------------------------------------------


def contact_value_form(kind: str) -> rx.Component:
    """Step 1 of a contact change: the new phone or e-mail."""
    input_props = (
        {"type": "tel", "placeholder": "+7 900 000-00-00", "auto_complete": "tel"}
        if kind == "phone"
        else {"type": "email", "placeholder": "ivanov@mail.ru", "auto_complete": "email"}
    )
    return rx.form(
        rx.vstack(
            labelled(
                "Новый номер телефона" if kind == "phone" else "Новый адрес электронной почты",
                rx.input(
                    id=f"contact-{kind}-value", name="value", size="3", width="100%", **input_props
                ),
                "Мы отправим код подтверждения на новый контакт.",
            ),
            field_error(ProfileState.errors.get("contact_value", ""), "contact-value-error"),
            contact_buttons(kind, "send", "Получить код"),
            spacing="2",
            width="100%",
        ),
        on_submit=ProfileState.send_contact_code,
        no_validate=True,
        width="100%",
    )


def contact_code_form(kind: str) -> rx.Component:
    """Step 2: the code sent to the new contact."""
    return rx.form(
        rx.vstack(
            rx.text("Код отправлен на ", rx.text.strong(ProfileState.contact_target), size="2"),
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
            field_error(ProfileState.errors.get("contact_code", ""), "contact-code-error"),
            contact_buttons(kind, "confirm", "Подтвердить"),
            rx.button(
                "Отправить код ещё раз",
                type="button",
                variant="ghost",
                on_click=ProfileState.resend_contact_code,
            ),
            spacing="2",
            width="100%",
        ),
        on_submit=ProfileState.confirm_contact,
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
            on_click=ProfileState.cancel_contact,
        ),
        wrap="wrap",
    )


def contact_row(kind: str) -> rx.Component:
    """The current contact, «Изменить», and the change form when open."""
    return rx.vstack(
        rx.hstack(
            rx.vstack(
                rx.text(CONTACT_LABELS[kind], size="2", color="var(--gray-11)"),
                rx.text(ProfileState.contacts.get(kind, ""), id=f"profile-{kind}", weight="medium"),
                spacing="0",
            ),
            rx.cond(
                ProfileState.editing != kind,
                rx.button(
                    "Изменить",
                    id=f"contact-{kind}-edit",
                    variant="soft",
                    size="3",
                    min_height=TOUCH_TARGET,
                    on_click=ProfileState.edit_contact(kind),
                ),
            ),
            justify="between",
            align="center",
            width="100%",
        ),
        rx.cond(
            ProfileState.editing == kind,
            rx.cond(
                ProfileState.contact_step == "code",
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
        rx.cond(
            ProfileState.contact_notice != "",
            rx.callout(
                ProfileState.contact_notice,
                icon="circle-check",
                color_scheme="green",
                id="contact-notice",
            ),
        ),
    )


# --- documents ----------------------------------------------------------------------------------


def doc_field(name: str, label: str, hint: str = "", **props) -> rx.Component:
    """A document input (pre-filled with the stored value), its label and its error."""
    return rx.box(
        labelled(
            label,
            rx.input(
                id=f"profile-{name}",
                name=name,
                default_value=ProfileState.documents.get(name, ""),
                size="3",
                width="100%",
                **props,
            ),
            hint,
        ),
        field_error(ProfileState.errors.get(name, ""), f"profile-{name}-error"),
        width="100%",
    )


def two_columns(*children: rx.Component) -> rx.Component:
    """Side by side from tablet width, stacked on phones."""
    return rx.grid(
        *children, columns=rx.breakpoints(initial="1", sm="2"), spacing="3", width="100%"
    )


def pending_passport() -> rx.Component:
    """The submitted passport change awaiting verification."""
    p = ProfileState.pending_passport
    return rx.callout.root(
        rx.callout.icon(rx.icon("hourglass")),
        rx.callout.text(
            rx.text.strong("Новые паспортные данные на проверке"),
            rx.el.br(),
            "Серия и номер: ",
            p.get("series", ""),
            " ",
            p.get("number", ""),
            ", выдан ",
            p.get("issued_on", ""),
            ", ",
            p.get("issuer", ""),
            ", код подразделения ",
            p.get("division_code", ""),
            ". Отправлено ",
            p.get("submitted", ""),
            ". До проверки действуют прежние данные.",
        ),
        color_scheme="amber",
        id="profile-passport-pending",
    )


def verification_status() -> rx.Component:
    """The open passport verification: number, status, decision date, link to the history."""
    v = ProfileState.verification
    return rx.callout.root(
        rx.callout.icon(rx.icon("file-search")),
        rx.callout.text(
            rx.text.strong("Паспорт на проверке"),
            rx.el.br(),
            "Заявление ",
            v.get("number", ""),
            " — ",
            v.get("status", ""),
            ", ",
            v.get("deadline", ""),
            ". ",
            rx.link(
                "Открыть в истории обращений",
                href="/history?open=" + v.get("number", ""),
                id="passport-verification-link",
            ),
        ),
        color_scheme="blue",
        id="passport-verification-status",
    )


def verification_form() -> rx.Component:
    """«Подтвердить паспорт»: the scan and the submit button (outside the documents form)."""
    return rx.vstack(
        rx.heading("Подтвердить паспорт", as_="h3", size="3"),
        rx.text(
            rx.cond(
                ProfileState.has_pending_passport,
                "Приложите скан разворота паспорта с фото: после проверки новые данные заменят "
                "прежние, а учётная запись станет подтверждённой.",
                "Приложите скан разворота паспорта с фото: после проверки учётная запись "
                "станет подтверждённой.",
            ),
            size="2",
            color="var(--gray-11)",
        ),
        uploader(SCAN_WIDGET, label="Скан паспорта (разворот с фото)"),
        field_error(ProfileState.errors.get("passport_verify", ""), "passport-verify-error"),
        rx.button(
            "Отправить на проверку",
            id="passport-verify-submit",
            type="button",
            size="3",
            min_height=TOUCH_TARGET,
            on_click=ProfileState.verify_passport,
        ),
        spacing="3",
        width="100%",
        id="passport-verify",
    )


def passport_verification() -> rx.Component:
    """Status of the open verification, or the form when there is something to verify."""
    return rx.cond(
        ProfileState.has_verification,
        verification_status(),
        rx.cond(ProfileState.can_verify, verification_form()),
    )


def documents_form() -> rx.Component:
    """SNILS, INN, OMS policy, address and passport in one form."""
    return rx.form(
        rx.vstack(
            two_columns(
                doc_field("snils", "СНИЛС", "XXX-XXX-XXX YY", input_mode="numeric"),
                doc_field("inn", "ИНН", "12 цифр", input_mode="numeric"),
                doc_field("oms_policy", "Полис ОМС", "16 цифр", input_mode="numeric"),
                doc_field("address", "Адрес регистрации", auto_complete="street-address"),
            ),
            rx.heading("Паспорт гражданина РФ", as_="h3", size="3", margin_top="var(--space-2)"),
            rx.cond(ProfileState.has_pending_passport, pending_passport()),
            two_columns(
                doc_field("passport_series", "Серия", "4 цифры", input_mode="numeric"),
                doc_field("passport_number", "Номер", "6 цифр", input_mode="numeric"),
                doc_field("passport_issued_on", "Дата выдачи", placeholder="ДД.ММ.ГГГГ"),
                doc_field("passport_division_code", "Код подразделения", placeholder="NNN-NNN"),
            ),
            doc_field("passport_issuer", "Кем выдан"),
            rx.text(
                "Изменение паспортных данных проверяет сотрудник; до проверки действуют прежние.",
                size="1",
                color="var(--gray-11)",
            ),
            rx.hstack(
                rx.button(
                    "Сохранить",
                    id="profile-documents-save",
                    type="submit",
                    size="3",
                    min_height=TOUCH_TARGET,
                ),
                rx.cond(
                    ProfileState.saved != "",
                    rx.text(
                        ProfileState.saved,
                        color="var(--green-11)",
                        role="status",
                        id="profile-documents-saved",
                    ),
                ),
                align="center",
                spacing="3",
                wrap="wrap",
            ),
            spacing="3",
            width="100%",
        ),
        key=ProfileState.form_key,
        on_submit=ProfileState.save_documents,
        no_validate=True,  # the server's Russian messages beside each field
        width="100%",
    )


# --- notifications ------------------------------------------------------------------------------


def switch_row(label: str, element_id: str, **props) -> rx.Component:
    """A labelled switch, large enough to touch."""
    return rx.el.label(
        rx.hstack(
            rx.switch(id=element_id, size="3", aria_label=label, **props),
            rx.text(label),
            align="center",
            spacing="3",
            min_height=TOUCH_TARGET,
        ),
    )


def notifications_card() -> rx.Component:
    """In-app always on; e-mail and SMS by choice."""
    return section(
        "Уведомления",
        switch_row("В личном кабинете (всегда)", "notify-inapp", checked=True, disabled=True),
        switch_row(
            "По электронной почте",
            "notify-email",
            checked=ProfileState.notify_email,
            on_change=ProfileState.set_preference("email"),
        ),
        switch_row(
            "По SMS",
            "notify-sms",
            checked=ProfileState.notify_sms,
            on_change=ProfileState.set_preference("sms"),
        ),
    )


def profile_page() -> rx.Component:
    """The profile page."""
    return page(
        rx.cond(
            ProfileState.loaded,
            rx.vstack(
                rx.grid(
                    personal_card(),
                    contacts_card(),
                    columns=rx.breakpoints(initial="1", md="2"),
                    spacing="4",
                    width="100%",
                ),
                section(
                    "Документы",
                    documents_form(),
                    passport_verification(),
                ),
                notifications_card(),
                spacing="4",
                max_width="960px",
                width="100%",
            ),
            rx.center(rx.spinner(size="3"), min_height="200px"),
        ),
        heading="Профиль",
    )
