"""Form pieces: a labelled field and the Russian error message shown beside it."""

import reflex as rx


def labelled(label: str, control: rx.Component, hint: str = "") -> rx.Component:
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


def field_error(message: rx.Var, element_id: str = "") -> rx.Component:
    """The error under a field, announced to screen readers; nothing when empty."""
    return rx.cond(
        message != "",
        rx.text(
            message,
            color="var(--red-11)",
            size="2",
            role="alert",
            **({"id": element_id} if element_id else {}),
        ),
    )
