"""The experience page's pieces: the totals, the timeline of periods (horizontal bars, part-
time ones hatched), the period cards and the «Добавить период» form."""

from __future__ import annotations

import reflex as rx

from gosapp.components.forms import correction_note, date_field, error_for, labelled
from gosapp.components.tokens import TOUCH_TARGET
from gosapp.components.uploader import uploader
from gosapp.pages.frmr.education.activities import correct_button
from gosapp.pages.frmr.experience.state import WIDGET, ExperienceState
from gosapp.pages.frmr.portfolio.view import native_select, status_badge
from gosapp.services.frmr.experience_review import CONTRACTS

S = ExperienceState
T = S.totals
P = "exp"
FILES_HINT = "Новые документы прикладывайте, только если прежних недостаточно."
HATCH = "repeating-linear-gradient(45deg, var(--accent-7) 0 6px, var(--accent-4) 6px 12px)"


def _total(element_id: str, title: str, value) -> rx.Component:
    return rx.card(
        rx.text(title, size="2", color="var(--gray-11)"),
        rx.text(value, size="6", weight="bold", id=element_id),
        flex="1",
        min_width="200px",
    )


def totals() -> rx.Component:
    """Fixed total, medical, and the total with periods still on check."""
    return rx.flex(
        _total("exp-total", "Общий стаж (зафиксировано)", T.total),
        _total("exp-medical", "Медицинский стаж", T.medical),
        rx.cond(
            T.has_pending,
            _total("exp-with-pending", "С учётом периодов на проверке", T.with_pending),
        ),
        gap="var(--space-3)",
        wrap="wrap",
        width="100%",
    )


def _lane(row) -> rx.Component:
    return rx.box(
        rx.text(row.organisation, size="1", truncate=True),
        rx.box(
            rx.box(
                position="absolute",
                left=row.left,
                width=row.width,
                top="0",
                bottom="0",
                border_radius="var(--radius-2)",
                background=rx.cond(
                    row.part_time,
                    HATCH,
                    rx.cond(row.status == "approved", "var(--accent-9)", "var(--accent-6)"),
                ),
            ),
            position="relative",
            height="16px",
            background="var(--gray-3)",
            border_radius="var(--radius-2)",
        ),
        id="exp-bar-" + row.id,
    )


def timeline() -> rx.Component:
    """One lane per period on a shared time axis; overlaps are visible at a glance."""
    return rx.card(
        rx.heading("Периоды на шкале времени", as_="h2", size="4"),
        rx.flex(rx.foreach(S.periods, _lane), direction="column", gap="var(--space-2)"),
        rx.flex(rx.text(T.first_year, size="1"), rx.text(T.last_year, size="1"), justify="between"),
        rx.text(
            "Штриховка — совместительство (в стаж не добавляется дважды)",
            size="1",
            color="var(--gray-11)",
        ),
        id="exp-timeline",
        width="100%",
    )


def _card(row) -> rx.Component:
    return rx.card(
        rx.flex(
            rx.text(row.organisation, weight="bold", flex="1", min_width="200px"),
            status_badge(row.status, row.status_label),
            gap="var(--space-2)",
            wrap="wrap",
        ),
        rx.text(row.position, " · ", row.contract, size="2"),
        rx.text(row.dates, size="2", color="var(--gray-11)"),
        rx.text(
            "ИНН ",
            row.inn,
            rx.cond(row.medical, " · медицинский стаж", ""),
            size="2",
            color="var(--gray-11)",
        ),
        rx.cond(row.reason != "", rx.text("Причина увольнения: ", row.reason, size="2")),
        rx.cond(
            row.rejection != "",
            rx.text("Причина отказа: ", row.rejection, size="2", color="var(--red-11)"),
        ),
        rx.cond(
            row.status == "rejected",
            correct_button("exp-correct-" + row.id, S.open_correction(row.id)),
        ),
        id="exp-period-" + row.id,
        width="100%",
    )


def period_list() -> rx.Component:
    """The periods, newest first, or what to do when there are none."""
    return rx.cond(
        S.periods.length() > 0,
        rx.flex(
            timeline(),
            rx.foreach(S.periods, _card),
            direction="column",
            gap="var(--space-3)",
        ),
        rx.callout(
            "Периодов пока нет. Нажмите «Добавить период» и приложите трудовую книжку или "
            "справку — после проверки период будет зафиксирован.",
            icon="briefcase",
            id="exp-empty",
        ),
    )


def _text(label: str, name: str, **props) -> rx.Component:
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


def _grid(*children) -> rx.Component:
    return rx.grid(*children, columns=rx.breakpoints(initial="1", xs="2"), gap="var(--space-3)")


def _medical() -> rx.Component:
    return rx.el.label(
        rx.el.input(
            type="checkbox",
            name="medical",
            id=f"{P}-medical-flag",  # "exp-medical" is the medical total
            default_checked=S.form_values.get("medical", "") == "on",
            width="22px",
            height="22px",
        ),
        rx.text("Медицинский стаж (работа в медицинской организации)", size="2"),
        display="flex",
        align_items="center",
        gap="var(--space-2)",
        min_height=TOUCH_TARGET,
    )


def _buttons() -> rx.Component:
    return rx.flex(
        rx.button(
            rx.cond(S.correcting != "", "Отправить снова", "Отправить на проверку"),
            type="submit",
            id=f"{P}-submit",
            size="3",
            min_height=TOUCH_TARGET,
        ),
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


def _contract() -> rx.Component:
    return rx.box(
        labelled(
            "Вид занятости",
            native_select(
                "contract",
                f"{P}-contract",
                CONTRACTS,
                default_value=S.form_values.get("contract", ""),
            ),
        ),
        error_for(S.form_errors, "contract", P),
    )


def period_form() -> rx.Component:
    """Organisation and INN, position, contract, dates, reason, medical flag, documents (or
    the correction of a rejected period: the same form filled with its values)."""
    correcting = S.correcting != ""
    return rx.card(
        rx.heading(
            rx.cond(correcting, "Исправление периода", "Новый период работы"), as_="h2", size="5"
        ),
        rx.cond(correcting, correction_note(S.correcting_reason, FILES_HINT, P)),
        rx.form(
            rx.flex(
                _grid(
                    _text("Организация", "organisation", max_length=200),
                    _text("ИНН организации", "inn", input_mode="numeric", max_length=12),
                ),
                _text("Должность", "position", max_length=200),
                _contract(),
                _grid(
                    _date("Начало", "started_on"),
                    _date("Окончание (пусто — по настоящее время)", "ended_on"),
                ),
                _text("Причина увольнения", "leaving_reason", max_length=200),
                _medical(),
                uploader(
                    WIDGET, input_id=f"{P}-file", label="Документы (трудовая книжка, справка)"
                ),
                error_for(S.form_errors, "file", P),
                error_for(S.form_errors, "form", P),
                _buttons(),
                direction="column",
                gap="var(--space-3)",
            ),
            on_submit=S.submit,
            no_validate=True,
            key=S.correcting,  # a new period to correct remounts the form with its values
            margin_top="var(--space-3)",
        ),
        id=f"{P}-form",
        width="100%",
    )
