"""The application form of `/frmr/apply`: specialty, position, employer with INN and OGRN,
category, licence number and the two scans; «Сохранить черновик» and «Подать»."""

from __future__ import annotations

import reflex as rx

from gosapp.components.forms import date_field, error_for, labelled, radio_field
from gosapp.components.layout import TOUCH_TARGET
from gosapp.components.uploader import uploader
from gosapp.pages.frmr.apply.state import ACCREDITATION, DIPLOMA, NO_CATEGORY, FrmrApplyState
from gosapp.services.frmr import register

S = FrmrApplyState
PREFIX = "frmr"
# (name, label, hint, input props): the text fields in the order the form shows them
TEXT_FIELDS = (
    ("position", "Должность", "Как в трудовом договоре", {"max_length": 120}),
    (
        "employer_name",
        "Место работы",
        "Полное наименование медицинской организации",
        {"max_length": 200},
    ),
    ("employer_inn", "ИНН организации", "10 цифр", {"input_mode": "numeric", "max_length": 14}),
    ("employer_ogrn", "ОГРН организации", "13 цифр", {"input_mode": "numeric", "max_length": 19}),
    (
        "licence_number",
        "Номер лицензии",
        "Лицензия организации на медицинскую деятельность",
        {"max_length": 40},
    ),
    (
        "sub_specialties",
        "Дополнительные специальности",
        "Необязательно, через запятую",
        {"max_length": 300},
    ),
)


def text_field(name: str, label: str, hint: str, props: dict) -> rx.Component:
    """One labelled text input with its saved value and its error."""
    element_id = f"{PREFIX}-{name.replace('_', '-')}"
    return rx.box(
        labelled(
            label,
            rx.input(name=name, id=element_id, size="3", default_value=S.values[name], **props),
            hint,
        ),
        error_for(S.form_errors, name, PREFIX),
        width="100%",
    )


def specialty_field() -> rx.Component:
    """The specialty from the register's list."""
    return rx.box(
        rx.text("Специальность", size="2", weight="medium", id="frmr-specialty-label"),
        rx.select.root(
            rx.select.trigger(
                placeholder="Выберите специальность",
                id="frmr-specialty",
                aria_labelledby="frmr-specialty-label",
                min_height=TOUCH_TARGET,
                width="100%",
            ),
            rx.select.content(
                rx.foreach(S.specialties, lambda s: rx.select.item(s["name"], value=s["code"]))
            ),
            name="specialty",
            default_value=S.values["specialty"],
            size="3",
        ),
        error_for(S.form_errors, "specialty", PREFIX),
        display="flex",
        flex_direction="column",
        gap="var(--space-1)",
        width="100%",
    )


def scans() -> rx.Component:
    """The two scan widgets, each with the error of its own check."""
    return rx.grid(
        rx.box(
            uploader(DIPLOMA, label="Диплом о медицинском образовании (скан)"),
            error_for(S.form_errors, "diploma", PREFIX),
        ),
        rx.box(
            uploader(
                ACCREDITATION, label="Сертификат специалиста или свидетельство об аккредитации"
            ),
            error_for(S.form_errors, "accreditation", PREFIX),
        ),
        columns=rx.breakpoints(initial="1", md="2"),
        gap="var(--space-4)",
        width="100%",
    )


def category_fields() -> rx.Component:
    """The category and, with one chosen, the date it is valid until. The date is hidden (not
    removed) for «Без категории», so a date typed before switching back is kept."""
    return rx.flex(
        radio_field(
            "Квалификационная категория",
            "frmr-category",
            items=list(register.CATEGORIES.values()),
            name="category",
            default_value=S.values["category"],
            on_change=S.choose_category,
            direction=rx.breakpoints(initial="column", sm="row"),
            spacing="4",
        ),
        rx.box(
            date_field(
                "Категория действует до",
                "category_valid_until",
                "frmr-category-valid-until",
                S.form_errors.get("category_valid_until", ""),
                default_value=S.values["category_valid_until"],
            ),
            display=rx.cond(S.category_chosen == NO_CATEGORY, "none", "block"),
            max_width="20rem",
            id="frmr-category-until-box",
        ),
        direction="column",
        gap="var(--space-3)",
        width="100%",
    )


def buttons() -> rx.Component:
    """«Подать» (or «Исправить и подать снова») and «Сохранить черновик» for a new or draft one."""
    rejected = S.application["status"] == "rejected"
    return rx.flex(
        rx.button(
            rx.cond(rejected, "Исправить и подать снова", "Подать заявление"),
            type="submit",
            id="frmr-submit",
            size="3",
            min_height=TOUCH_TARGET,
            on_click=S.set_intent("submit"),
        ),
        rx.cond(
            ~rejected,
            rx.button(
                "Сохранить черновик",
                type="submit",
                variant="soft",
                id="frmr-save-draft",
                size="3",
                min_height=TOUCH_TARGET,
                on_click=S.set_intent("draft"),
            ),
        ),
        gap="var(--space-3)",
        wrap="wrap",
    )


def application_form() -> rx.Component:
    """The whole form; it is remounted with the saved values whenever they are read again."""
    return rx.card(
        rx.heading("Заявление на включение в регистр", as_="h2", size="5"),
        rx.form(
            rx.flex(
                specialty_field(),
                rx.grid(
                    *[text_field(*f) for f in TEXT_FIELDS],
                    columns=rx.breakpoints(initial="1", md="2"),
                    gap="var(--space-3)",
                    width="100%",
                ),
                category_fields(),
                scans(),
                error_for(S.form_errors, "form", PREFIX),
                buttons(),
                direction="column",
                gap="var(--space-4)",
            ),
            on_submit=S.submit,
            no_validate=True,  # the server's Russian messages beside each field
            key=S.form_key.to_string(),
            margin_top="var(--space-3)",
        ),
        id="frmr-form",
    )
