"""Past visits in the shared ``data_table`` (stacked cards on phones): number, time, doctor,
specialty, clinic, status, and the calendar file (a cancelled visit's removes the entry)."""

from __future__ import annotations

import reflex as rx

from gosapp.components.data_table import cell, data_table, row_header
from gosapp.pages.patient.my_appointments.state import MyAppointmentsState as S
from gosapp.pages.patient.my_appointments.upcoming import DOWNLOAD_LINK, VisitVar, visit_badge

HEADERS = ("Номер", "Дата и время", "Врач", "Поликлиника", "Статус", "")


def stacked(*children) -> rx.Component:
    """Lines of one cell kept together (on phones a cell's children sit beside its label)."""
    return rx.flex(*children, direction="column", flex="1 1 0", min_width="0")


def past_row(visit: VisitVar) -> rx.Component:
    """One past visit; the one a notification opened is tinted."""
    return rx.table.row(
        row_header("Номер", visit.number, white_space="nowrap"),
        cell(
            "Дата и время",
            stacked(
                rx.text(visit.when, white_space="nowrap"),
                rx.cond(visit.zone != "", rx.text(visit.zone, size="1", color="var(--gray-11)")),
            ),
        ),
        cell("Врач", stacked(rx.text(visit.doctor), rx.text(visit.specialty, size="1"))),
        cell("Поликлиника", visit.clinic),
        cell("Статус", visit_badge(visit)),
        cell(
            "",
            rx.el.a(
                rx.icon("calendar-plus", size=16, aria_hidden="true"),
                ".ics",
                href=visit.ics,
                download="",
                reload_document=True,
                aria_label="Файл календаря записи " + visit.number.to(str),
                id="visit-ics-" + visit.id.to(str),
                **DOWNLOAD_LINK,
            ),
        ),
        id="visit-" + visit.id.to(str),
        background=rx.cond(S.opened == visit.number, "var(--accent-3)", "transparent"),
    )


def past_section() -> rx.Component:
    """«Прошедшие приёмы», latest first (nothing when there are none)."""
    return rx.cond(
        S.past.length() > 0,
        rx.flex(
            rx.heading("Прошедшие приёмы", as_="h2", size="5"),
            data_table(HEADERS, S.past, past_row, element_id="my-past"),
            direction="column",
            gap="var(--space-3)",
        ),
    )
