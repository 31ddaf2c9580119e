"""Layout pieces shared by the profile's cards: a titled card, a read-only row, two columns."""

import reflex as rx


def section(title: str, *children: rx.Component, **props) -> rx.Component:
    """A titled card."""
    return rx.card(
        rx.vstack(rx.heading(title, as_="h2", size="4"), *children, spacing="3", width="100%"),
        size="3",
        width="100%",
        **props,
    )


def data_row(label: str, value: rx.Var, element_id: str) -> rx.Component:
    """One read-only label and value."""
    return rx.data_list.item(
        rx.data_list.label(label),
        rx.data_list.value(rx.text(value, id=element_id, weight="medium")),
    )


def two_columns(*children: rx.Component) -> rx.Component:
    """Side by side from tablet width, stacked on phones."""
    return rx.grid(
        *children, columns=rx.breakpoints(initial="1", sm="2"), spacing="3", width="100%"
    )


def notice(message: rx.Var, element_id: str, **props) -> rx.Component:
    """A green confirmation inside a card; nothing while the message is empty."""
    return rx.cond(
        message != "",
        rx.callout(message, icon="circle-check", color_scheme="green", id=element_id, **props),
    )
