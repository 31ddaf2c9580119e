"""Form pieces: a labelled field, the Russian error message shown beside it, the date input, the
submit button and the confirmation shown after a successful submission."""

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


def radio_field(label: str, element_id: str, **radio_props) -> rx.Component:
    """A radio group named by its heading: a <label> around the group would name its first
    radio with every option's text."""
    return rx.flex(
        rx.text(label, size="2", weight="medium", id=f"{element_id}-label"),
        rx.radio_group(id=element_id, aria_labelledby=f"{element_id}-label", **radio_props),
        direction="column",
        gap="var(--space-1)",
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


DATE_PLACEHOLDER = "ДД.ММ.ГГГГ"
# What the browser lets through before the server checks the date (services.common.validation
# .parse_date, the one parser): one or two digits, a dot, one or two, a dot, four.
DATE_PATTERN = r"\d{1,2}\.\d{1,2}\.\d{4}"
# A small typing aid: «14» becomes «14.» and «14.03» «14.03.» as digits are typed at the end,
# and a dot typed right after an added one is not doubled. Editing inside is left alone.
_DATE_MASK = (
    "const el = event.target; const how = (event.nativeEvent || event).inputType;"
    " if (how !== 'insertText' || el.selectionStart !== el.value.length) return;"
    " let v = el.value.replace(/[.][.]+$/, '.');"
    " if (/^[0-9]{2}$/.test(v) || /^[0-9]{1,2}[.][0-9]{2}$/.test(v)) v += '.';"
    " if (v !== el.value) el.value = v;"
)


def date_input(name: str, element_id: str, **props) -> rx.Component:
    """A date typed as «ДД.ММ.ГГГГ» whatever the browser's language: a numeric text input, not
    ``type="date"`` (whose format follows the browser's locale). The server validates it."""
    return rx.input(
        name=name,
        id=element_id,
        type="text",
        input_mode="numeric",
        placeholder=DATE_PLACEHOLDER,
        pattern=DATE_PATTERN,
        max_length=10,
        auto_complete=props.pop("auto_complete", "off"),
        size=props.pop("size", "3"),
        width=props.pop("width", "100%"),
        custom_attrs={"onInput": rx.Var(f"(event) => {{ {_DATE_MASK} }}")},
        **props,
    )


def date_field(
    label: str | rx.Var[str], name: str, element_id: str, error: rx.Var[str], **props
) -> rx.Component:
    """A labelled ``date_input`` with its Russian error under it (id ``<element_id>-error``)."""
    return rx.box(
        labelled(label, date_input(name, element_id, **props), DATE_PLACEHOLDER),
        field_error(error, f"{element_id}-error"),
        width="100%",
    )


SELECT_STYLE: dict[str, Any] = {
    "min_height": TOUCH_TARGET,
    "padding": "0 var(--space-2)",
    "border": "1px solid var(--gray-7)",
    "border_radius": "var(--radius-2)",
    "background": "var(--color-panel-solid)",
    "font_size": "var(--font-size-2)",
    "width": "100%",
}


def native_select(name: str, element_id: str, options: dict[str, str], **props) -> rx.Component:
    """A plain <select> (works with a finger, a keyboard and a form's data)."""
    return rx.el.select(
        *(rx.el.option(label, value=code) for code, label in options.items()),
        name=name,
        id=element_id,
        **SELECT_STYLE,
        **props,
    )


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


def correction_note(reason: rx.Var, files_hint: str, prefix: str) -> rx.Component:
    """Above a rejected record's form being corrected: staff's reason, and what happens to
    the files already attached (the НМО and experience pages)."""
    return rx.callout(
        rx.flex(
            rx.text("Причина отказа: ", reason, weight="medium"),
            rx.text(f"Исправьте данные и отправьте снова. {files_hint}", size="2"),
            direction="column",
            gap="var(--space-1)",
        ),
        icon="circle-alert",
        color_scheme="red",
        id=f"{prefix}-correcting-reason",
    )
