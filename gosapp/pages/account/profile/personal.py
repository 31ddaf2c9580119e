"""The «Личные данные» card: ФИО, date of birth, sex, the account level with what raises it,
and the one-time confirmation code issued by staff (МФЦ)."""

import reflex as rx

from gosapp.components.forms import field_error, labelled
from gosapp.components.layout import TOUCH_TARGET
from gosapp.pages.account.profile.parts import data_row, notice, section
from gosapp.pages.account.profile.state import ProfileState

PERSONAL_ROWS = (  # label, key in ProfileState.personal, element id
    ("ФИО", "full_name", "profile-full-name"),
    ("Дата рождения", "birth_date", "profile-birth-date"),
    ("Пол", "sex", "profile-sex"),
)
LEVEL_COLORS = (("basic", "gray"), ("standard", "blue"), ("confirmed", "green"))


def level_badge() -> rx.Component:
    """«Учётная запись: <level>» in the level's colour."""
    return rx.hstack(
        rx.text("Учётная запись:", size="2"),
        rx.badge(
            ProfileState.level.get("label", ""),
            # rx.match of plain values is a Var; its return type also admits a Component
            color_scheme=rx.match(  # pyright: ignore[reportArgumentType]
                ProfileState.level.get("code", ""), *LEVEL_COLORS, "gray"
            ),
            size="2",
            id="profile-level",
        ),
        align="center",
    )


def personal_card() -> rx.Component:
    """ФИО, date of birth, sex and the account level with what raises it."""
    return section(
        "Личные данные",
        rx.data_list.root(
            *(
                data_row(label, ProfileState.personal.get(key, ""), element_id)
                for label, key, element_id in PERSONAL_ROWS
            ),
            orientation=rx.breakpoints(initial="vertical", sm="horizontal"),
        ),
        level_badge(),
        rx.text(
            ProfileState.level.get("hint", ""),
            size="2",
            color="var(--gray-11)",
            id="profile-level-hint",
        ),
        rx.cond(ProfileState.level.get("code", "") != "confirmed", confirm_code_form()),
        notice(ProfileState.confirm_notice, "profile-confirm-notice", role="status"),
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
