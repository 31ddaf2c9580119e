"""Form pieces: a labelled field, the Russian error message shown beside it, the submit button
and the confirmation shown after a successful submission."""

from typing import Any

import reflex as rx
from reflex.vars import ObjectVar

from gosapp.components.layout import TOUCH_TARGET


def id_prop(element_id: str) -> dict[str, Any]:
    """``{"id": element_id}`` to spread into a component's props, or nothing when empty."""
    return {"id": element_id} if element_id else {}


def labelled(
    label: str | rx.Var[str], control: rx.Component, hint: str | rx.Component = ""
) -> rx.Component:
    """A field with its visible label (and an optional hint below)."""
    return rx.el.label(
        rx.text(label, size="2", weight="medium"),
        control,
        *([rx.text(hint, size="1", color="var(--gray-11)")] if hint else []),
        display="flex",
        flex_direction="column",
        gap="var(--space-1)",
        width="100%",
    )


def field_error(message: rx.Var[str], element_id: str = "") -> rx.Component:
    """The error under a field, announced to screen readers; nothing when empty."""
    return rx.cond(
        message != "",
        rx.text(
            message,
            color="var(--red-11)",
            size="2",
            role="alert",
            **id_prop(element_id),
        ),
    )


def error_for(errors: ObjectVar[dict[str, str]], name: str, prefix: str) -> rx.Component:
    """The error of field ``name`` from a form's errors dict, with id ``<prefix>-<name>-error``."""
    return field_error(errors.get(name, ""), f"{prefix}-{name.replace('_', '-')}-error")


def submit_button(label: str, element_id: str, **props) -> rx.Component:
    """The form's submit button, touch-sized."""
    return rx.button(label, type="submit", id=element_id, min_height=TOUCH_TARGET, **props)


def success_note(message: rx.Var[str], element_id: str) -> rx.Component:
    """A green confirmation under a form once it went through; nothing when empty."""
    return rx.cond(
        message != "",
        rx.callout(
            message,
            icon="circle-check",
            color_scheme="green",
            id=element_id,
            margin_top="var(--space-3)",
        ),
    )
