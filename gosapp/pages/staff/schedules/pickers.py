"""Choosing what to edit: a clinic, optionally a specialty, then a doctor or window."""

from __future__ import annotations

import reflex as rx

from gosapp.components.layout import TOUCH_TARGET
from gosapp.pages.staff.schedules.state import ALL, StaffSchedulesState


def picker(label: str, element_id: str, options, value, on_change, placeholder: str, *first):
    """A labelled select of ``options`` (dicts of value and label)."""
    return rx.el.label(
        rx.text(label, size="2", weight="medium"),
        rx.select.root(
            rx.select.trigger(placeholder=placeholder, id=element_id, min_height=TOUCH_TARGET),
            rx.select.content(
                *first,
                rx.foreach(options, lambda o: rx.select.item(o["label"], value=o["value"])),
            ),
            value=value,
            on_change=on_change,
            size="3",
        ),
        display="flex",
        flex_direction="column",
        gap="var(--space-1)",
        min_width="220px",
    )


def pickers() -> rx.Component:
    """Clinic → specialty → resource."""
    s = StaffSchedulesState
    return rx.flex(
        picker("Учреждение", "schedules-clinic", s.clinics, s.clinic_id, s.set_clinic, "Выберите"),
        rx.cond(
            s.clinic_id != "",
            picker(
                "Специальность",
                "schedules-specialty",
                s.specialties,
                s.specialty_id,
                s.set_specialty,
                "Все",
                rx.select.item("Все специальности", value=ALL),
            ),
        ),
        rx.cond(
            s.clinic_id != "",
            picker(
                "Врач или окно",
                "schedules-resource",
                s.resources,
                s.resource_id,
                s.set_resource,
                "Выберите",
            ),
        ),
        gap="var(--space-4)",
        wrap="wrap",
        align="end",
    )
