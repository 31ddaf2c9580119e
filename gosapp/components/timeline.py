"""A request's timeline: status changes, messages and documents, oldest first.

Reused by the citizen's history, the staff back office and the certificates/support pages.
Its input is a list of plain string dicts, as ``gosapp.services.requests.timeline.timeline_items``
builds them: ``at`` («22.11.2026 14:05», portal time), ``actor`` (a role, never a staff name),
``status`` (a status label, "" when the entry is not a status change), ``text``,
``document_id`` ("" when none), ``document_name`` and ``kind`` (status, message, document,
comment — comments are staff-only notes and only reach staff pages).
"""

from __future__ import annotations

from collections.abc import Sequence

import reflex as rx
from reflex.vars import ArrayVar, ObjectVar

from gosapp import routes
from gosapp.components.forms import id_prop
from gosapp.components.layout import TOUCH_TARGET

KIND_LABELS = {
    "status": "Статус",
    "message": "Сообщение",
    "document": "Документ",
    "comment": "Служебная заметка",
}


def timeline(
    items: ArrayVar[Sequence[dict[str, str]]],
    *,
    element_id: str = "",
    empty: str = "Событий пока нет",
) -> rx.Component:
    """The entries as an ordered list (a screen reader hears them in order)."""
    return rx.cond(
        items.length() > 0,
        rx.el.ol(
            rx.foreach(items, timeline_entry),
            class_name="timeline",
            list_style="none",
            padding="0",
            margin="0",
            display="flex",
            flex_direction="column",
            gap="var(--space-3)",
            **id_prop(element_id),
        ),
        rx.text(empty, color="var(--gray-11)", size="2"),
    )


def timeline_entry(item: ObjectVar[dict[str, str]]) -> rx.Component:
    """One entry: a marker, then time and actor, the status reached, the text, the document."""
    return rx.el.li(
        rx.flex(
            _marker(item["kind"]),
            rx.vstack(
                _heading(item),
                rx.cond(
                    item["text"] != "",
                    rx.text(
                        item["text"], size="2", white_space="pre-wrap", word_break="break-word"
                    ),
                ),
                rx.cond(item["document_id"] != "", document_link(item)),
                spacing="1",
                width="100%",
                min_width="0",
            ),
            gap="var(--space-3)",
            align="start",
        ),
        class_name="timeline-entry",
    )


def _heading(item: ObjectVar[dict[str, str]]) -> rx.Component:
    return rx.flex(
        rx.text(item["at"], size="2", weight="medium"),
        rx.text(item["actor"], size="2", color="var(--gray-11)"),
        rx.cond(
            item["status"] != "",
            rx.badge(item["status"], variant="soft"),
            rx.badge(
                rx.match(item["kind"], *KIND_LABELS.items(), ""),
                variant="outline",
                color_scheme=rx.cond(item["kind"] == "comment", "amber", "gray"),
            ),
        ),
        gap="var(--space-2)",
        align="center",
        wrap="wrap",
    )


def _marker(kind: rx.Var[str]) -> rx.Component:
    icon = rx.match(
        kind,
        ("message", rx.icon("message-square", size=16)),
        ("document", rx.icon("paperclip", size=16)),
        ("comment", rx.icon("lock", size=16)),
        rx.icon("circle-dot", size=16),
    )
    return rx.box(
        icon,
        color="var(--accent-11)",
        padding_top="2px",
        flex_shrink="0",
        aria_hidden="true",
    )


def document_link(item: ObjectVar[dict[str, str]]) -> rx.Component:
    """A plain download link (full navigation): the route answers with an attachment."""
    return rx.el.a(
        rx.icon("download", size=16, aria_hidden="true"),
        rx.text(item["document_name"], as_="span"),
        href=routes.document(item["document_id"]),
        download="",
        reload_document=True,  # rx.el.a is a React Router link: fetch the file, do not route
        class_name="timeline-document",
        display="inline-flex",
        align_items="center",
        gap="var(--space-1)",
        min_height=TOUCH_TARGET,
        color="var(--accent-11)",
        text_decoration="underline",
    )


# Badge colour of each request status (codes from RequestStatus).
STATUS_COLORS = (
    ("draft", "gray"),
    ("submitted", "blue"),
    ("in_progress", "indigo"),
    ("needs_info", "amber"),
    ("approved", "green"),
    ("rejected", "red"),
    ("completed", "green"),
    ("withdrawn", "gray"),
)


def status_badge(code: rx.Var[str], label: rx.Var[str]) -> rx.Component:
    """A request's status as a coloured badge (the label carries the meaning, not the colour)."""
    return rx.badge(
        label,
        # rx.match of plain values is a Var; its return type also admits a Component
        color_scheme=rx.match(code, *STATUS_COLORS, "gray"),  # pyright: ignore[reportArgumentType]
        variant="soft",
        size="2",
        class_name="status-badge",
    )
