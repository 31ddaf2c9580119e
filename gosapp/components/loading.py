"""What a page shows before its first load has answered: grey bars where the list will be.

Never an empty-list message before the data arrived: a page shows ``list_skeleton()`` until
its state says it has loaded (``owner`` is the signed-in user, or ``loaded`` is set).
"""

from __future__ import annotations

import reflex as rx


def list_skeleton(element_id: str = "loading", rows: int = 3) -> rx.Component:
    """``rows`` placeholder cards, announced to screen readers as «Загрузка…»."""
    return rx.flex(
        rx.text("Загрузка…", class_name="visually-hidden"),
        *(rx.skeleton(height="72px", width="100%", loading=True) for _ in range(rows)),
        direction="column",
        gap="var(--space-3)",
        width="100%",
        role="status",
        aria_busy="true",
        id=element_id,
        class_name="list-skeleton",
    )


def card_list(loaded, items, render, *, empty: str, prefix: str) -> rx.Component:
    """``items`` rendered one card under another once ``loaded``; ``empty`` (what to do next,
    id ``<prefix>-empty``) when there are none; the skeleton (``<prefix>-loading``) before."""
    return rx.cond(
        ~loaded,
        list_skeleton(f"{prefix}-loading"),
        rx.cond(
            items.length() > 0,
            rx.flex(rx.foreach(items, render), direction="column", gap="var(--space-3)"),
            rx.text(empty, id=f"{prefix}-empty"),
        ),
    )
