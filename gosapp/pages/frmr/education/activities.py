"""The НМО activities: the list with statuses and certificates, the «Добавить мероприятие»
form (with the certificate uploader) and the accreditation date / yearly goal form."""

from __future__ import annotations

import reflex as rx

from gosapp.components.forms import correction_note, date_field, error_for, labelled
from gosapp.components.tokens import TOUCH_LINK, TOUCH_TARGET
from gosapp.components.uploader import uploader
from gosapp.pages.frmr.education.state import WIDGET, EducationState
from gosapp.pages.frmr.portfolio.view import native_select, status_badge
from gosapp.services.frmr.education_review import KINDS
from gosapp.services.frmr.education_view import AWAITING

S = EducationState
P = "nmo"
FILES_HINT = "Новый сертификат прикладывайте, только если нужно заменить прежний."


def text_field(label: str, name: str, **props) -> rx.Component:
    """A labelled input that keeps what was typed and shows its error under it."""
    return rx.box(
        labelled(
            label,
            rx.input(
                name=name,
                id=f"{P}-{name.replace('_', '-')}",
                default_value=S.form_values.get(name, ""),
                size="3",
                **props,
            ),
        ),
        error_for(S.form_errors, name, P),
    )


def _date(label: str, name: str) -> rx.Component:
    return date_field(
        label,
        name,
        f"{P}-{name.replace('_', '-')}",
        S.form_errors.get(name, ""),
        default_value=S.form_values.get(name, ""),
    )


def buttons(label: str | rx.Var[str], element_id: str) -> rx.Component:
    """Submit and «Отмена»."""
    return rx.flex(
        rx.button(label, type="submit", id=element_id, size="3", min_height=TOUCH_TARGET),
        rx.button(
            "Отмена",
            type="button",
            variant="soft",
            color_scheme="gray",
            size="3",
            on_click=S.close_form,
            min_height=TOUCH_TARGET,
        ),
        gap="var(--space-2)",
        wrap="wrap",
    )


def _grid(*children) -> rx.Component:
    return rx.grid(*children, columns=rx.breakpoints(initial="1", xs="2"), gap="var(--space-3)")


def _kind() -> rx.Component:
    return rx.box(
        labelled(
            "Вид",
            native_select("kind", f"{P}-kind", KINDS, default_value=S.form_values.get("kind", "")),
        ),
        error_for(S.form_errors, "kind", P),
    )


def activity_form() -> rx.Component:
    """Name, provider, kind, dates, hours, points and the certificate (or the correction of a
    rejected activity: the same form filled with its values)."""
    correcting = S.correcting != ""
    return rx.card(
        rx.heading(
            rx.cond(correcting, "Исправление мероприятия", "Новое мероприятие"), as_="h2", size="5"
        ),
        rx.cond(correcting, correction_note(S.correcting_reason, FILES_HINT, P)),
        rx.form(
            rx.flex(
                text_field("Название", "name", max_length=200),
                text_field("Организатор", "provider", max_length=200),
                _kind(),
                _grid(_date("Начало", "started_on"), _date("Окончание", "finished_on")),
                _grid(
                    text_field("Часы", "hours", input_mode="numeric", max_length=4),
                    text_field("Баллы (ЗЕТ)", "points", input_mode="numeric", max_length=3),
                ),
                uploader(WIDGET, input_id=f"{P}-file", label="Сертификат"),
                error_for(S.form_errors, "file", P),
                error_for(S.form_errors, "form", P),
                buttons(
                    rx.cond(correcting, "Отправить снова", "Отправить на проверку"), f"{P}-submit"
                ),
                direction="column",
                gap="var(--space-3)",
            ),
            on_submit=S.submit,
            no_validate=True,
            key=S.correcting,  # a new record to correct remounts the form with its values
            margin_top="var(--space-3)",
        ),
        id=f"{P}-form",
        width="100%",
    )


def settings_form() -> rx.Component:
    """The accreditation date and the personal yearly goal."""
    return rx.card(
        rx.heading("Дата аккредитации и цель на год", as_="h2", size="4"),
        rx.form(
            rx.flex(
                _grid(
                    _date("Дата аккредитации (начало цикла)", "accredited_on"),
                    text_field("Моя цель на год, баллов", "yearly_goal", input_mode="numeric"),
                ),
                error_for(S.form_errors, "form", P),
                buttons("Сохранить", f"{P}-settings-save"),
                direction="column",
                gap="var(--space-3)",
            ),
            on_submit=S.save_settings,
            no_validate=True,
        ),
        id=f"{P}-settings",
        width="100%",
    )


def _awaiting(row) -> rx.Component:
    """An activity from a finished programme: no points until its certificate is verified."""
    return rx.flex(
        rx.text(
            "Баллы не засчитаны: загрузите сертификат об окончании.",
            size="2",
            color="var(--amber-11)",
            flex="1",
            min_width="200px",
        ),
        rx.button(
            rx.icon("upload", aria_hidden="true"),
            "Загрузить сертификат",
            on_click=S.open_certificate(row.id),
            id="nmo-attach-" + row.id,
            variant="soft",
            size="3",
            min_height=TOUCH_TARGET,
        ),
        gap="var(--space-2)",
        align="center",
        wrap="wrap",
    )


def certificate_form() -> rx.Component:
    """The certificate of an activity awaiting one."""
    return rx.box(
        rx.form(
            rx.flex(
                uploader(WIDGET, input_id=f"{P}-cert-file", label="Сертификат"),
                error_for(S.form_errors, "file", P),
                error_for(S.form_errors, "form", P),
                buttons("Отправить на проверку", f"{P}-cert-submit"),
                direction="column",
                gap="var(--space-3)",
            ),
            on_submit=lambda _form: S.send_certificate(),
            no_validate=True,
        ),
        id=f"{P}-certificate",
        width="100%",
        margin_top="var(--space-2)",
    )


def correct_button(element_id, on_click) -> rx.Component:
    """«Исправить и отправить снова» on a rejected record."""
    return rx.button(
        rx.icon("pencil", aria_hidden="true"),
        "Исправить и отправить снова",
        on_click=on_click,
        id=element_id,
        variant="soft",
        size="3",
        min_height=TOUCH_TARGET,
        width="fit-content",
        display="flex",  # a line of its own, apart from the certificate link
        margin_y="var(--space-2)",
    )


def _card(row) -> rx.Component:
    return rx.card(
        rx.flex(
            rx.text(row.name, weight="bold", flex="1", min_width="200px"),
            status_badge(row.status, row.status_label),
            gap="var(--space-2)",
            wrap="wrap",
        ),
        rx.text(row.kind, " · ", row.provider, size="2", color="var(--gray-11)"),
        rx.text(row.dates, " · ", row.hours, " ч · ", row.points, " ЗЕТ", size="2"),
        rx.cond(
            row.reason != "", rx.text("Причина: ", row.reason, size="2", color="var(--red-11)")
        ),
        rx.cond(
            row.status == "rejected",
            correct_button("nmo-correct-" + row.id, S.open_correction(row.id)),
        ),
        rx.cond(
            row.status == AWAITING,
            rx.cond(S.attaching == row.id, certificate_form(), _awaiting(row)),
            rx.link(
                "Сертификат: " + row.file_name,
                href=row.file_href,
                is_external=True,
                size="2",
                **TOUCH_LINK,
            ),
        ),
        id="nmo-activity-" + row.id,
        width="100%",
    )


def activity_list() -> rx.Component:
    """The activities, newest first, or what to do when there are none."""
    return rx.cond(
        S.activities.length() > 0,
        rx.flex(rx.foreach(S.activities, _card), direction="column", gap="var(--space-3)"),
        rx.callout(
            "Мероприятий пока нет. Нажмите «Добавить мероприятие» и приложите сертификат — "
            "баллы засчитаются после проверки.",
            icon="book-open",
            id="nmo-empty",
        ),
    )
