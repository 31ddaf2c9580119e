"""Tables that become stacked cards on phones: one component for every list of rows.

From 768 px a ``data_table`` is a normal table (Radix scrolls it sideways when it must). Below,
CSS (``.data-table`` in assets/styles.css) lays every row out as a card: cells stack, each
under its column's name (``data-label``, set by ``cell``), so the status, the deadline and the
actions are all on screen without scrolling sideways. A row that expands (a timeline) is the
next card, right under the one the user tapped. The DOM is the same at every width: no element
is rendered twice, so ids stay unique.
"""

from __future__ import annotations

from collections.abc import Sequence

import reflex as rx

from gosapp.components.tokens import TOUCH_TARGET


def _labelled(label: str) -> dict:
    return {"custom_attrs": {"data-label": label}} if label else {}


def cell(label: str, *children, **props) -> rx.Component:
    """A cell of the column ``label`` (the name shown above the value on a card)."""
    return rx.table.cell(*children, **_labelled(label), **props)


def row_header(label: str, *children, **props) -> rx.Component:
    """The cell naming the row (its number): the card's title on phones."""
    return rx.table.row_header_cell(*children, **_labelled(label), **props)


def row_link(text: rx.Var | str, href: rx.Var | str, **props) -> rx.Component:
    """The link that names a row and opens its object; a row built with ``class_name="tap-row"``
    stretches it over the whole row (assets/styles.css), so the whole row is a tap target."""
    return rx.link(
        text,
        href=href,
        weight="medium",
        class_name="row-link",
        min_height=TOUCH_TARGET,
        display="inline-flex",
        align_items="center",
        **props,
    )


def data_table(
    headers: Sequence[str], rows: rx.Var, render, *, element_id: str, **props
) -> rx.Component:
    """A table of ``rows`` rendered by ``render(row)`` (rows built with ``cell``)."""
    return rx.table.root(
        rx.table.header(rx.table.row(*(rx.table.column_header_cell(h) for h in headers))),
        rx.table.body(rx.foreach(rows, render)),
        size="2",
        id=element_id,
        width="100%",
        class_name="data-table",
        **props,
    )
