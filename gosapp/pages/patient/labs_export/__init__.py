"""«CSV», «PDF», «FHIR»: downloads of the lab results the /labs page currently shows.

The labs page calls ``export_buttons(query)`` with its current query string (the ``lab_params``
names, ``patient=<id>`` included in a doctor's view). Each button is a real link to
``/api/exports/labs.<kind>?<query>``; a click fetches it with a progress line (``scripts``), so
nothing is kept in any Reflex state and the route alone decides what is sent. Why not a Reflex
background task that builds into storage: the file would then need a stored copy, an owner check
on a second route and a clean-up, while the client-side fetch needs nothing on the server and
still shows progress for the one slow case (a large PDF).
"""

from __future__ import annotations

import reflex as rx

from gosapp import routes
from gosapp.components.layout import TOUCH_TARGET
from gosapp.pages.patient.labs_export.scripts import BOX_ID, STATUS_ID, fetch_and_save

FORMATS = (  # kind, label on the button, what a screen reader hears
    ("csv", "CSV", "Скачать CSV — таблица для Excel"),
    ("pdf", "PDF", "Скачать PDF — отчёт с графиками"),
    ("fhir", "FHIR", "Скачать FHIR — файл для медицинских систем"),
)
BUSY_STYLE = {
    "& .labs-export-spinner": {"display": "none"},
    "&[data-busy] .labs-export-spinner": {"display": "inline-block"},
    "&[data-busy] a": {"pointer-events": "none", "opacity": "0.6"},
    f"& #{STATUS_ID}[data-error]": {"color": "var(--red-11)"},
}


def export_buttons(query: rx.Var[str] | str) -> rx.Component:
    """The three download buttons for the filter in ``query`` and their progress line."""
    return rx.flex(
        rx.text("Скачать отобранные результаты", size="2", weight="medium"),
        rx.flex(
            *(export_button(kind, label, hint, query) for kind, label, hint in FORMATS),
            gap="var(--space-2)",
            wrap="wrap",
        ),
        rx.flex(
            rx.spinner(size="2", class_name="labs-export-spinner"),
            rx.text("", id=STATUS_ID, role="status", aria_live="polite", size="2"),
            align="center",
            gap="var(--space-2)",
            min_height="1.5em",
        ),
        id=BOX_ID,
        direction="column",
        gap="var(--space-2)",
        style=BUSY_STYLE,
    )


def export_button(kind: str, label: str, hint: str, query: rx.Var[str] | str) -> rx.Component:
    """One format: a real download link whose click shows progress while the file is built."""
    return rx.button(
        rx.el.a(
            rx.icon("download", size=16, aria_hidden="true"),
            label,
            href=routes.lab_export(kind, query),
            download="",
            reload_document=True,  # rx.el.a is a router link: make it a real request
            id=f"labs-export-{kind}",
            aria_label=hint,
            title=hint,
            on_click=[rx.prevent_default, rx.call_script(fetch_and_save(kind, label))],
        ),
        as_child=True,
        variant="outline",
        size="3",
        min_height=TOUCH_TARGET,
        min_width="88px",
    )
