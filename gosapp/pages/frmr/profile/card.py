"""The profile's pieces: the public card, the register data, the edit form, the photo controls
and, for someone not (yet) in the register, the invitation."""

from __future__ import annotations

import reflex as rx

from gosapp import routes
from gosapp.components.cards import touch_link
from gosapp.components.forms import error_for, labelled
from gosapp.components.layout import TOUCH_TARGET
from gosapp.components.timeline import status_badge
from gosapp.components.uploader import _name_file_input as name_file_input
from gosapp.pages.frmr.profile.state import PHOTO_UPLOAD, FrmrProfileState

S = FrmrProfileState
C = S.card
# (key, label) of the register data: checked by a registrar, changed by a new application
REGISTER_ROWS = (
    ("position", "Должность"),
    ("employer_name", "Место работы"),
    ("employer_inn", "ИНН организации"),
    ("employer_ogrn", "ОГРН организации"),
    ("licence_number", "Номер лицензии"),
    ("category", "Квалификационная категория"),
)


def public_card() -> rx.Component:
    """The card as patients see it when booking: photo or initials, name, specialty."""
    return rx.flex(
        rx.avatar(
            src=C["photo_url"],
            fallback=C["initials"],
            size="8",
            radius="full",
            custom_attrs={"alt": "Фотография врача"},
            id="frmr-photo",
        ),
        rx.flex(
            rx.heading(C["name"], as_="h2", size="6", id="frmr-profile-name"),
            rx.text(C["specialty"], size="4", id="frmr-profile-specialty"),
            rx.cond(C["sub_specialties"], rx.text(C["sub_specialties"], size="2")),
            rx.cond(C["about"], rx.text(C["about"], size="2", color="var(--gray-11)")),
            direction="column",
            gap="var(--space-1)",
            min_width="0",
        ),
        gap="var(--space-4)",
        align="center",
        wrap="wrap",
    )


def photo_picker() -> rx.Component:
    """«Загрузить фото»: a JPEG or PNG, sent as soon as it is picked."""
    zone = rx.upload.root(
        rx.button(
            "Загрузить фото",
            variant="soft",
            type="button",
            min_height=TOUCH_TARGET,
            id="frmr-photo-pick",
        ),
        id=PHOTO_UPLOAD,
        accept={"image/jpeg": [".jpg", ".jpeg"], "image/png": [".png"]},
        max_files=1,
        no_drag=True,
        on_drop=S.upload_photo(rx.upload_files(upload_id=PHOTO_UPLOAD)),  # pyright: ignore[reportArgumentType]
    )
    name_file_input(zone, f"{PHOTO_UPLOAD}-file", "Фотография для профиля")
    return zone


def photo_controls() -> rx.Component:
    """«Загрузить фото» (JPEG/PNG) and «Удалить фото» after a confirmation."""
    return rx.flex(
        photo_picker(),
        rx.cond(C["photo_url"], remove_photo()),
        rx.text(
            "JPEG или PNG до 5 МБ; уменьшается до 512 px, метаданные удаляются.",
            size="1",
            color="var(--gray-11)",
        ),
        rx.cond(
            S.photo_error != "",
            rx.text(
                S.photo_error, color="var(--red-11)", size="2", role="alert", id="frmr-photo-error"
            ),
        ),
        gap="var(--space-2)",
        align="center",
        wrap="wrap",
    )


def remove_photo() -> rx.Component:
    """«Удалить фото», then «Удалить фотографию?» with «Удалить» / «Отмена»."""
    return rx.cond(
        S.confirm_remove,
        rx.flex(
            rx.text("Удалить фотографию?", size="2", weight="medium"),
            rx.button(
                "Удалить",
                color_scheme="red",
                min_height=TOUCH_TARGET,
                on_click=S.remove_photo,
                id="frmr-photo-remove-confirm",
            ),
            rx.button(
                "Отмена",
                variant="soft",
                min_height=TOUCH_TARGET,
                on_click=S.ask_remove_photo(False),
            ),
            gap="var(--space-2)",
            align="center",
        ),
        rx.button(
            "Удалить фото",
            variant="ghost",
            color_scheme="red",
            min_height=TOUCH_TARGET,
            on_click=S.ask_remove_photo(True),
            id="frmr-photo-remove",
        ),
    )


def data_row(key: str, label: str) -> rx.Component:
    """One line of the register data."""
    return rx.flex(
        rx.text(
            label, size="2", color="var(--gray-11)", width=rx.breakpoints(initial="100%", sm="16em")
        ),
        rx.text(C[key], size="2", weight="medium", id=f"frmr-profile-{key.replace('_', '-')}"),
        gap="var(--space-2)",
        wrap="wrap",
    )


def edit_buttons() -> rx.Component:
    """«Сохранить» and «Отмена» of the edit form."""
    return rx.flex(
        rx.button("Сохранить", type="submit", id="frmr-edit-save", min_height=TOUCH_TARGET),
        rx.button(
            "Отмена", type="button", variant="soft", min_height=TOUCH_TARGET, on_click=S.edit(False)
        ),
        gap="var(--space-2)",
    )


def edit_form() -> rx.Component:
    """The public fields: sub-specialties and a few words for patients."""
    return rx.form(
        rx.flex(
            labelled(
                "Дополнительные специальности",
                rx.input(
                    name="sub_specialties",
                    id="frmr-edit-sub-specialties",
                    size="3",
                    default_value=C["sub_specialties"],
                    max_length=300,
                ),
            ),
            error_for(S.form_errors, "sub_specialties", "frmr-edit"),
            labelled(
                "О себе (видят пациенты)",
                rx.text_area(
                    name="about",
                    id="frmr-edit-about",
                    default_value=C["about"],
                    max_length=1000,
                    rows="4",
                ),
            ),
            error_for(S.form_errors, "about", "frmr-edit"),
            edit_buttons(),
            direction="column",
            gap="var(--space-2)",
        ),
        on_submit=S.save,
        no_validate=True,
        id="frmr-edit-form",
    )


def profile_card() -> rx.Component:
    """The doctor's profile: the public card, photo controls, register data, the edit form."""
    return rx.card(
        rx.flex(
            public_card(),
            photo_controls(),
            rx.divider(),
            rx.heading("Данные регистра", as_="h3", size="4"),
            *[data_row(key, label) for key, label in REGISTER_ROWS],
            rx.text(
                "Эти данные проверены регистратором; чтобы изменить их, подайте новое заявление.",
                size="1",
                color="var(--gray-11)",
            ),
            rx.cond(
                S.editing,
                edit_form(),
                rx.button(
                    "Изменить публичные данные",
                    variant="soft",
                    min_height=TOUCH_TARGET,
                    on_click=S.edit(True),
                    id="frmr-edit",
                    width="fit-content",
                ),
            ),
            direction="column",
            gap="var(--space-3)",
        ),
        id="frmr-profile",
        margin_top="var(--space-4)",
    )


def pending_status() -> rx.Component:
    """The application's number and status, and the reason of a refusal."""
    app = S.application
    return rx.flex(
        rx.flex(
            rx.text("Заявление ", app["number"], size="2"),
            status_badge(app["status"], app["status_label"]),
            gap="var(--space-2)",
            align="center",
            wrap="wrap",
            id="frmr-pending",
        ),
        rx.cond(
            app["reason"],
            rx.text("Причина отказа: ", app["reason"], size="2", color="var(--red-11)"),
        ),
        direction="column",
        gap="var(--space-1)",
    )


def invitation() -> rx.Component:
    """For a user not in the register: what it gives, the way to apply, a pending status."""
    app = S.application
    return rx.card(
        rx.flex(
            rx.icon(
                "id-card", size=28, color="var(--accent-9)", aria_hidden="true", flex_shrink="0"
            ),
            rx.flex(
                rx.text("Вы ещё не включены в регистр медицинских работников", weight="bold"),
                rx.text(
                    "Подайте заявление с дипломом и свидетельством об аккредитации — после "
                    "проверки откроются профиль и портфолио.",
                    size="2",
                ),
                rx.cond(app["number"], pending_status()),
                touch_link(
                    rx.cond(app["number"], "Открыть заявление", "Подать заявление"),
                    href=routes.FRMR_APPLY,
                    id="frmr-apply-link",
                ),
                direction="column",
                gap="var(--space-2)",
            ),
            gap="var(--space-3)",
        ),
        id="frmr-invitation",
        margin_top="var(--space-4)",
    )


def profile_section() -> rx.Component:
    """The profile for a doctor, the invitation for anyone else (nothing until loaded)."""
    return rx.cond(S.loaded, rx.cond(S.registered, profile_card(), invitation()))
