"""The first three steps: the service type, the specialty, the doctor (with filters and cards).

Each choice is a link to the next step's address (ids ``choice-service-<code>``,
``choice-specialty-<code>``, ``choice-doctor-<id>``, SPEC §8), so it works with a keyboard, opens
in a new tab and goes into the browser's history.
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.vars import ObjectVar

from gosapp.components.forms import labelled
from gosapp.components.tokens import TOUCH_TARGET
from gosapp.pages.patient.appointments.state import AppointmentsState
from gosapp.pages.patient.appointments.steps import ALL
from gosapp.pages.patient.appointments.waiting import waitlist_offer

RowVar = ObjectVar[dict[str, str]]
GRID = rx.breakpoints(initial="1", sm="2", lg="3")
CHOICE: dict[str, Any] = {
    "display": "flex",
    "flex_direction": "column",
    "gap": "var(--space-1)",
    "padding": "var(--space-4)",
    "min_height": TOUCH_TARGET,
    "border": "1px solid var(--gray-6)",
    "border_radius": "var(--radius-3)",
    "background": "var(--color-panel-solid)",
    "underline": "none",
    "_hover": {"border_color": "var(--accent-8)", "background": "var(--accent-2)"},
}


def choice_link(title, detail, href, element_id) -> rx.Component:
    """A choice as a card-sized link: its title and one line under it."""
    return rx.link(
        rx.text(title, weight="bold", size="4", color="var(--gray-12)", as_="span"),
        rx.text(detail, size="2", color="var(--gray-11)", as_="span"),
        href=href,
        id=element_id,
        **CHOICE,
    )


def step_heading(text: str) -> rx.Component:
    """The step's question (h2: the page's h1 is «Запись к врачу»)."""
    return rx.heading(text, as_="h2", size="5")


def service_step() -> rx.Component:
    """Step 1: what kind of visit."""
    return rx.flex(
        step_heading("Выберите услугу"),
        rx.grid(
            rx.foreach(
                AppointmentsState.services,
                lambda s: choice_link(
                    s["title"], s["summary"], s["href"], "choice-service-" + s["code"]
                ),
            ),
            columns=rx.breakpoints(initial="1", sm="2"),
            gap="var(--space-3)",
        ),
        direction="column",
        gap="var(--space-3)",
    )


def specialty_step() -> rx.Component:
    """Step 2: which specialist (only specialties somebody receives by)."""
    return rx.flex(
        step_heading("Выберите специальность врача"),
        rx.grid(
            rx.foreach(
                AppointmentsState.specialties,
                lambda s: choice_link(
                    s["name"], s["doctors"], s["href"], "choice-specialty-" + s["code"]
                ),
            ),
            columns=GRID,
            gap="var(--space-3)",
        ),
        direction="column",
        gap="var(--space-3)",
    )


def select_filter(name: str, label: str, options, all_label: str) -> rx.Component:
    """A clinic or district select, applied as soon as it changes."""
    return labelled(
        label,
        rx.select.root(
            rx.select.trigger(id=f"doctor-filter-{name}", min_height=TOUCH_TARGET, width="100%"),
            rx.select.content(rx.select.item(all_label, value=ALL), *options),
            value=AppointmentsState.filters[name],
            on_change=lambda value: AppointmentsState.set_filter(name, value),
            size="3",
        ),
    )


def filters_bar() -> rx.Component:
    """Clinic, district and part of the name."""
    clinics = rx.foreach(
        AppointmentsState.clinics, lambda c: rx.select.item(c["name"], value=c["code"])
    )
    districts = rx.foreach(AppointmentsState.districts, lambda d: rx.select.item(d, value=d))
    return rx.form(
        rx.grid(
            select_filter("clinic", "Медицинская организация", [clinics], "Все организации"),
            select_filter("district", "Район", [districts], "Все районы"),
            labelled(
                "ФИО врача",
                rx.flex(
                    rx.input(
                        name="q",
                        id="doctor-filter-q",
                        default_value=AppointmentsState.filters["q"],
                        placeholder="Например, Иванова",
                        size="3",
                        flex="1",
                        min_height=TOUCH_TARGET,
                    ),
                    rx.button(
                        "Найти",
                        type="submit",
                        size="3",
                        id="doctor-filter-submit",
                        min_height=TOUCH_TARGET,
                    ),
                    gap="var(--space-2)",
                ),
            ),
            columns=GRID,
            gap="var(--space-3)",
            align_items="end",
        ),
        on_submit=AppointmentsState.search,
        id="doctor-filters",
    )


def zone_badge(row: RowVar) -> rx.Component:
    """«время Владивостока, МСК+7» when the clinic is outside the portal's zone."""
    return rx.cond(
        row["zone_note"] != "",
        rx.badge(
            rx.icon("clock", size=12, aria_hidden="true"),
            row["zone_note"],
            color_scheme="amber",
            width="fit-content",
        ),
    )


def doctor_card(row: RowVar) -> rx.Component:
    """Photo (initials), name, specialty, category and experience, place, nearest free day."""
    return rx.card(
        rx.flex(
            rx.avatar(
                src=row["photo"],
                fallback=row["initials"],
                size="5",
                radius="full",
                aria_hidden="true",
            ),
            rx.flex(
                rx.heading(row["name"], as_="h3", size="4"),
                rx.text(row["specialty"], " · ", row["details"], size="2"),
                rx.text(row["place"], size="2", color="var(--gray-11)"),
                zone_badge(row),
                rx.text(
                    row["nearest"],
                    size="2",
                    weight="medium",
                    color=rx.cond(row["free"] != "", "var(--green-11)", "var(--gray-11)"),
                ),
                direction="column",
                gap="var(--space-1)",
                flex="1",
            ),
            gap="var(--space-3)",
        ),
        rx.button(
            rx.link("Выбрать время", href=row["href"], id="choice-doctor-" + row["id"]),
            as_child=True,
            size="3",
            min_height=TOUCH_TARGET,
            margin_top="auto",
            width="100%",
        ),
        display="flex",
        flex_direction="column",
        gap="var(--space-3)",
    )


def doctor_step() -> rx.Component:
    """Step 3: the doctors of the specialty, soonest free first, or what to do when none fit."""
    return rx.flex(
        step_heading("Выберите врача"),
        filters_bar(),
        rx.cond(
            AppointmentsState.doctors.length() > 0,
            rx.grid(
                rx.foreach(AppointmentsState.doctors, doctor_card),
                columns=GRID,
                gap="var(--space-3)",
                id="doctor-list",
            ),
            rx.callout(
                "По этим условиям врачей не нашлось — измените фильтры.",
                icon="search-x",
                id="doctors-empty",
            ),
        ),
        rx.cond(
            AppointmentsState.none_free,
            waitlist_offer(
                "У врачей этой специальности нет свободного времени в ближайшие 6 недель."
            ),
        ),
        direction="column",
        gap="var(--space-4)",
    )
