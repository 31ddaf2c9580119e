"""The workplace's pieces: the view and day switcher, a visit card with its marks, the lists.

Tablet first (768×1024, touch): every control is at least 44 px tall, a visit is one card
with the time on the left and the marks under the patient, and nothing needs a sideways
scroll down to a 390 px phone.
"""

from __future__ import annotations

import reflex as rx

from gosapp.components.tokens import TOUCH_TARGET
from gosapp.pages.frmr.workplace.state import WorkplaceState

STATUS_COLORS = (("scheduled", "blue"), ("completed", "green"), ("no_show", "orange"))


def _button(label: str, on_click, element_id: str, **props) -> rx.Component:
    return rx.button(
        label, on_click=on_click, id=element_id, size="3", min_height=TOUCH_TARGET, **props
    )


def view_switch() -> rx.Component:
    """«Сегодня» / «Неделя»: the two views, the current one filled."""
    return rx.flex(
        *(
            _button(
                label,
                WorkplaceState.set_view(code),
                f"workplace-tab-{code}",
                variant=rx.cond(WorkplaceState.view == code, "solid", "soft"),
                aria_pressed=rx.cond(WorkplaceState.view == code, "true", "false"),
            )
            for code, label in (("day", "Сегодня"), ("week", "Неделя"))
        ),
        gap="var(--space-2)",
        role="group",
        aria_label="Вид расписания",
    )


def day_switch() -> rx.Component:
    """Back, the shown day (or week), forward, and «К сегодняшнему дню»."""
    return rx.flex(
        rx.icon_button(
            rx.icon("chevron-left"),
            on_click=WorkplaceState.shift(-1),
            id="workplace-prev",
            size="3",
            variant="soft",
            aria_label=rx.cond(
                WorkplaceState.view == "week", "Предыдущая неделя", "Предыдущий день"
            ),
            min_height=TOUCH_TARGET,
            min_width=TOUCH_TARGET,
        ),
        rx.text(WorkplaceState.title, weight="bold", size="4", id="workplace-title"),
        rx.icon_button(
            rx.icon("chevron-right"),
            on_click=WorkplaceState.shift(1),
            id="workplace-next",
            size="3",
            variant="soft",
            aria_label=rx.cond(WorkplaceState.view == "week", "Следующая неделя", "Следующий день"),
            min_height=TOUCH_TARGET,
            min_width=TOUCH_TARGET,
        ),
        rx.cond(
            WorkplaceState.day != WorkplaceState.today,
            _button("К сегодня", WorkplaceState.go_today, "workplace-today", variant="outline"),
        ),
        align="center",
        gap="var(--space-2)",
        wrap="wrap",
    )


def toolbar() -> rx.Component:
    """The view switch and the day switch, side by side on a tablet, stacked on a phone."""
    return rx.flex(
        view_switch(),
        day_switch(),
        justify="between",
        align="center",
        gap="var(--space-3)",
        wrap="wrap",
        width="100%",
    )


def status_badge(row: dict) -> rx.Component:
    """The visit's status (the word carries the meaning, the colour only helps)."""
    return rx.badge(
        row["status_label"],
        color_scheme=rx.match(row["status"], *STATUS_COLORS, "gray"),  # pyright: ignore[reportArgumentType]
        variant="soft",
        size="2",
        class_name="workplace-status",
    )


def mark_buttons(row: dict) -> rx.Component:
    """«Состоялся» and «Неявка», only while the visit can be marked."""
    return rx.cond(
        row["can_mark"],
        rx.flex(
            _button(
                "Состоялся",
                WorkplaceState.mark(row["id"], "completed"),
                f"workplace-mark-completed-{row['id']}",
                color_scheme="green",
                class_name="workplace-mark",
            ),
            _button(
                "Неявка",
                WorkplaceState.mark(row["id"], "no_show"),
                f"workplace-mark-no-show-{row['id']}",
                color_scheme="orange",
                variant="soft",
                class_name="workplace-mark",
            ),
            gap="var(--space-2)",
            wrap="wrap",
            margin_top="var(--space-2)",
        ),
    )


def card_link(row: dict) -> rx.Component:
    """«Карта пациента»: the record, and writing this visit."""
    return rx.button(
        rx.icon("clipboard-list", size=18, aria_hidden="true"),
        "Карта пациента",
        on_click=WorkplaceState.open_card(row["id"]),
        id=f"workplace-card-{row['id']}",
        variant="outline",
        size="3",
        min_height=TOUCH_TARGET,
        width="fit-content",
        class_name="workplace-card-link",
    )


def visit_details(row: dict) -> rx.Component:
    """Patient, age, service, place and complaint."""
    return rx.flex(
        rx.flex(
            rx.text(row["patient"], weight="bold", size="4", class_name="workplace-patient"),
            rx.text(row["age"], size="3", color="var(--gray-11)", class_name="workplace-age"),
            status_badge(row),
            gap="var(--space-2)",
            align="center",
            wrap="wrap",
        ),
        rx.text(row["service"], " · ", row["place"], size="2", color="var(--gray-11)"),
        rx.cond(
            row["complaint"] != "",
            rx.text(rx.text.strong("Жалоба: "), row["complaint"], size="3"),
            rx.text("Жалоба не указана", size="2", color="var(--gray-10)"),
        ),
        mark_buttons(row),
        card_link(row),
        direction="column",
        gap="var(--space-1)",
        flex="1",
        min_width="220px",
    )


def visit_card(row: dict) -> rx.Component:
    """One visit: its time on the left, the patient and the marks beside it."""
    return rx.card(
        rx.flex(
            rx.text(
                row["time"], weight="bold", size="4", min_width="120px", class_name="workplace-time"
            ),
            visit_details(row),
            gap="var(--space-3)",
            wrap="wrap",
        ),
        id=f"workplace-visit-{row['id']}",
        class_name="workplace-visit",
        width="100%",
    )


def empty_day(element_id: str = "workplace-empty") -> rx.Component:
    """What a day without visits says."""
    return rx.card(
        rx.text("На этот день приёмов нет", color="var(--gray-11)"),
        id=element_id,
        class_name="workplace-empty",
        width="100%",
    )


def day_list() -> rx.Component:
    """The shown day's visits, or that there are none."""
    return rx.cond(
        WorkplaceState.visits.length() > 0,
        rx.flex(
            rx.foreach(WorkplaceState.visits, visit_card),
            direction="column",
            gap="var(--space-3)",
            width="100%",
            id="workplace-day",
        ),
        empty_day(),
    )


def week_day_heading(row: dict) -> rx.Component:
    """A day of the week: its date (a link to that day alone) and how many visits it has."""
    return rx.flex(
        rx.button(
            row["label"],
            on_click=WorkplaceState.open_day(row["day"]),
            variant="ghost",
            size="3",
            min_height=TOUCH_TARGET,
            class_name="workplace-week-day",
        ),
        rx.text("Приёмов: ", row["count"], size="2", color="var(--gray-11)"),
        justify="between",
        align="center",
        margin_top="var(--space-3)",
        border_bottom="1px solid var(--gray-6)",
        width="100%",
    )


def week_entry(row: dict) -> rx.Component:
    """A heading, a visit or an empty day's note of the week list."""
    return rx.cond(
        row["kind"] == "day",
        week_day_heading(row),
        rx.cond(
            row["kind"] == "empty",
            rx.text("Приёмов нет", size="2", color="var(--gray-10)", padding_y="var(--space-2)"),
            visit_card(row),
        ),
    )


def week_list() -> rx.Component:
    """Monday to Sunday, each day with its visits."""
    return rx.flex(
        rx.foreach(WorkplaceState.week, week_entry),
        direction="column",
        gap="var(--space-2)",
        width="100%",
        id="workplace-week",
    )
