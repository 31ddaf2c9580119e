"""Recovery codes on screen: the list, and copying, downloading or printing it.

All three work in the browser from the codes already on the page (the ``code`` elements of the
list): the server sends the codes nowhere new and keeps no file of them. The download is a
``.txt`` made from a Blob in the tab; printing prints the page, which the print style sheet
(assets/styles.css) trims to the content.
"""

from __future__ import annotations

from collections.abc import Sequence

import reflex as rx

from gosapp.components.tokens import PRODUCT_NAME, TOUCH_TARGET

FILE_NAME = "rezervnye-kody.txt"


def _codes_js(list_id: str) -> str:
    """A JS expression: the codes shown in the list ``list_id``, one a line."""
    return (
        f"Array.from(document.querySelectorAll('#{list_id} code'))"
        ".map((c) => c.textContent.trim()).join('\\n')"
    )


def _say_js(status_id: str, message: str) -> str:
    """JS that puts ``message`` in the polite live region ``status_id``."""
    return f"document.getElementById('{status_id}').textContent = '{message}';"


def copy_script(list_id: str, status_id: str) -> rx.event.EventSpec:
    """Copy the codes to the clipboard and say whether it worked."""
    done, failed = (
        _say_js(status_id, "Коды скопированы"),
        _say_js(status_id, "Не удалось скопировать: выделите коды и скопируйте вручную"),
    )
    return rx.call_script(
        f"(navigator.clipboard ? navigator.clipboard.writeText({_codes_js(list_id)})"
        f" : Promise.reject()).then(() => {{ {done} }}, () => {{ {failed} }});"
    )


def download_script(list_id: str, status_id: str) -> rx.event.EventSpec:
    """Save the codes as a ``.txt`` made in the tab (never fetched from the server)."""
    heading = f"{PRODUCT_NAME}: резервные коды входа. Каждый код действует один раз.\\n\\n"
    return rx.call_script(
        f"const blob = new Blob(['{heading}' + {_codes_js(list_id)} + '\\n'],"
        " {type: 'text/plain;charset=utf-8'});"
        " const a = document.createElement('a'); a.href = URL.createObjectURL(blob);"
        f" a.download = '{FILE_NAME}'; document.body.appendChild(a); a.click(); a.remove();"
        " setTimeout(() => URL.revokeObjectURL(a.href), 1000);"
        f" {_say_js(status_id, 'Файл с кодами сохранён')}"
    )


def _action(label: str, icon: str, element_id: str, on_click) -> rx.Component:
    return rx.button(
        rx.icon(icon, size=16, aria_hidden="true"),
        label,
        type="button",
        variant="outline",
        size="3",
        id=element_id,
        on_click=on_click,
        min_height=TOUCH_TARGET,
    )


def codes_list(codes: rx.Var[Sequence[str]], list_id: str) -> rx.Component:
    """The codes in two columns."""
    return rx.grid(
        rx.foreach(codes, lambda c: rx.code(c, size="4")),
        columns="2",
        spacing="2",
        id=list_id,
    )


def codes_actions(list_id: str, prefix: str) -> rx.Component:
    """«Скопировать», «Скачать .txt», «Распечатать» for the list ``list_id``, and what happened."""
    status_id = f"{prefix}-codes-status"
    return rx.box(
        rx.flex(
            _action("Скопировать", "copy", f"{prefix}-codes-copy", copy_script(list_id, status_id)),
            _action(
                "Скачать .txt",
                "download",
                f"{prefix}-codes-download",
                download_script(list_id, status_id),
            ),
            _action(
                "Распечатать", "printer", f"{prefix}-codes-print", rx.call_script("window.print()")
            ),
            gap="var(--space-2)",
            wrap="wrap",
        ),
        rx.text("", id=status_id, size="2", color="var(--green-11)", aria_live="polite"),
        class_name="no-print",
    )
