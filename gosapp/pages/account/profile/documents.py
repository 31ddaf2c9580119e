"""The «Документы» card: SNILS, INN, OMS policy, address and passport in one form, the passport
change awaiting verification, and «Подтвердить паспорт» with a scan."""

import reflex as rx

from gosapp import routes
from gosapp.components.forms import date_field, field_error, labelled
from gosapp.components.layout import TOUCH_TARGET
from gosapp.components.uploader import uploader
from gosapp.pages.account.profile.parts import section, two_columns
from gosapp.pages.account.profile.state import SCAN_WIDGET, ProfileState

NUMERIC = {"input_mode": "numeric"}
# name, label, hint, input props: the fields in their order on the form.
DOCUMENT_FIELDS = (
    ("snils", "СНИЛС", "XXX-XXX-XXX YY", NUMERIC),
    ("inn", "ИНН", "12 цифр", NUMERIC),
    ("oms_policy", "Полис ОМС", "16 цифр", NUMERIC),
    ("address", "Адрес регистрации", "", {"auto_complete": "street-address"}),
)
PASSPORT_GRID = (
    ("passport_series", "Серия", "4 цифры", NUMERIC),
    ("passport_number", "Номер", "6 цифр", NUMERIC),
    ("passport_issued_on", "Дата выдачи", "", {}),  # a date_field (doc_field picks it)
    ("passport_division_code", "Код подразделения", "", {"placeholder": "NNN-NNN"}),
)
DATE_FIELDS = {"passport_issued_on"}
PASSPORT_ISSUER = ("passport_issuer", "Кем выдан", "", {})
# The pending-change callout: each text followed by that value of the pending change.
PENDING_TEXT = (
    ("Серия и номер: ", "series"),
    (" ", "number"),
    (", выдан ", "issued_on"),
    (", ", "issuer"),
    (", код подразделения ", "division_code"),
    (". Отправлено ", "submitted"),
)


def doc_field(name: str, label: str, hint: str = "", props: dict | None = None) -> rx.Component:
    """A document input (pre-filled with the stored value), its label and its error."""
    if name in DATE_FIELDS:
        return date_field(
            label,
            name,
            f"profile-{name}",
            ProfileState.errors.get(name, ""),
            default_value=ProfileState.documents.get(name, ""),
        )
    return rx.box(
        labelled(
            label,
            rx.input(
                id=f"profile-{name}",
                name=name,
                default_value=ProfileState.documents.get(name, ""),
                size="3",
                width="100%",
                **(props or {}),
            ),
            hint,
        ),
        field_error(ProfileState.errors.get(name, ""), f"profile-{name}-error"),
        width="100%",
    )


def pending_passport() -> rx.Component:
    """The submitted passport change awaiting verification."""
    p = ProfileState.pending_passport
    pieces = [part for text, key in PENDING_TEXT for part in (text, p.get(key, ""))]
    return rx.callout.root(
        rx.callout.icon(rx.icon("hourglass")),
        rx.callout.text(
            rx.text.strong("Новые паспортные данные на проверке"),
            rx.el.br(),
            *pieces,
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
                href=routes.history_open(v.get("number", "")),
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


def save_row() -> rx.Component:
    """«Сохранить» and, once saved, the confirmation beside it."""
    return rx.hstack(
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
    )


def documents_form() -> rx.Component:
    """SNILS, INN, OMS policy, address and passport in one form."""
    return rx.form(
        rx.vstack(
            two_columns(*(doc_field(*spec) for spec in DOCUMENT_FIELDS)),
            rx.heading("Паспорт гражданина РФ", as_="h3", size="3", margin_top="var(--space-2)"),
            rx.cond(ProfileState.has_pending_passport, pending_passport()),
            two_columns(*(doc_field(*spec) for spec in PASSPORT_GRID)),
            doc_field(*PASSPORT_ISSUER),
            rx.text(
                "Изменение паспортных данных проверяет сотрудник; до проверки действуют прежние.",
                size="1",
                color="var(--gray-11)",
            ),
            save_row(),
            spacing="3",
            width="100%",
        ),
        key=ProfileState.form_key,
        on_submit=ProfileState.save_documents,
        no_validate=True,  # the server's Russian messages beside each field
        width="100%",
    )


def documents_card() -> rx.Component:
    """The documents form and, below it, the passport verification."""
    return section("Документы", documents_form(), passport_verification())
