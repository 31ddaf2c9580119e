"""The staff request page's components: header, actions, dialog, applicant, form data,
documents and timeline."""

from __future__ import annotations

from typing import cast

import reflex as rx
from reflex_components_radix.themes.base import LiteralAccentColor

from gosapp import routes
from gosapp.components import timeline as timeline_ui
from gosapp.components.forms import field_error, labelled
from gosapp.components.layout import TOUCH_TARGET
from gosapp.pages.staff import error_callout, staff_page
from gosapp.pages.staff.request.state import StaffRequestState

# The action bar in display order, with each button's colour (labels come from the type).
BAR_COLORS: dict[str, LiteralAccentColor] = {
    "claim": "blue",
    "ask_info": "blue",
    "approve": "green",
    "reject": "red",
    "complete": "blue",
    "message": "gray",
    "comment": "gray",
}


def pairs(rows, element_id: str) -> rx.Component:
    """Label/value pairs as a definition grid."""
    return rx.grid(
        rx.foreach(
            rows,
            lambda r: rx.fragment(
                rx.text(r["label"], color="var(--gray-11)", size="2"),
                rx.cond(
                    r["preview"], preview_image(r), rx.text(r["value"], white_space="pre-wrap")
                ),
            ),
        ),
        columns="minmax(120px, 220px) 1fr",
        gap="var(--space-2)",
        id=element_id,
    )


def preview_image(row) -> rx.Component:
    """A row a request type gave a ``preview`` address (a portfolio scan): the image, scaled."""
    return rx.el.a(
        rx.image(
            src=row["preview"],
            alt="Предпросмотр: " + row["value"],
            width="100%",
            max_width="420px",
            border="1px solid var(--gray-6)",
            background="white",
            class_name="staff-preview",
        ),
        href=row["preview"],
        target="_blank",
        reload_document=True,
    )


def deadline_text() -> rx.Component:
    """«Срок: до …» while a decision is due; nothing once decided, closed or withdrawn."""
    deadline = StaffRequestState.header["deadline"]
    return rx.cond(deadline != "", rx.text("Срок: ", deadline, id="staff-request-deadline"))


def header_card() -> rx.Component:
    """Number, type, status, deadline, assignee."""
    return rx.card(
        rx.flex(
            rx.heading(
                StaffRequestState.header["number"], as_="h2", size="5", id="staff-request-number"
            ),
            rx.box(
                timeline_ui.status_badge(
                    StaffRequestState.header["status"], StaffRequestState.header["status_label"]
                ),
                id="staff-request-status",
            ),
            rx.cond(
                StaffRequestState.header["overdue"] != "",
                rx.badge("Просрочено", color_scheme="red", size="2", class_name="overdue-marker"),
            ),
            gap="var(--space-3)",
            align="center",
            wrap="wrap",
        ),
        rx.text(StaffRequestState.header["type"], weight="medium", margin_top="var(--space-2)"),
        rx.text(StaffRequestState.header["summary"], color="var(--gray-11)"),
        rx.flex(
            rx.text("Подано: ", StaffRequestState.header["submitted"]),
            deadline_text(),
            rx.text(
                "Исполнитель: ", StaffRequestState.header["assignee"], id="staff-request-assignee"
            ),
            gap="var(--space-4)",
            wrap="wrap",
            margin_top="var(--space-2)",
            size="2",
        ),
        width="100%",
    )


def action_button(action: str, color: LiteralAccentColor) -> rx.Component:
    """One action, shown only when the engine would accept it now; claiming needs no dialog."""
    handler = (
        StaffRequestState.claim if action == "claim" else StaffRequestState.open_dialog(action)
    )
    return rx.cond(
        StaffRequestState.actions.contains(action),
        rx.button(
            StaffRequestState.action_labels[action],
            color_scheme=color,
            size="3",
            min_height=TOUCH_TARGET,
            on_click=handler,
            id=f"staff-action-{action.replace('_', '-')}",
        ),
    )


def actions_bar() -> rx.Component:
    """The actions available in this status to this staff member."""
    return rx.cond(
        StaffRequestState.actions.length() > 0,
        rx.flex(
            *[action_button(action, color) for action, color in BAR_COLORS.items()],
            gap="var(--space-2)",
            wrap="wrap",
            id="staff-actions",
        ),
        rx.callout(
            StaffRequestState.no_action_reason,
            icon="info",
            color_scheme="gray",
            id="staff-no-actions",
        ),
    )


def dialog_buttons() -> rx.Component:
    """«Отмена» and the confirm button of the open dialog."""
    return rx.flex(
        rx.dialog.close(
            rx.button("Отмена", type="button", variant="soft", color_scheme="gray", size="3"),
        ),
        rx.button(
            StaffRequestState.dialog_texts["button"],
            type="submit",
            size="3",
            color_scheme=cast(
                "rx.Var[LiteralAccentColor]", StaffRequestState.dialog_texts["color"]
            ),
            id="staff-dialog-confirm",
        ),
        gap="var(--space-3)",
        justify="end",
        width="100%",
    )


def action_dialog() -> rx.Component:
    """The confirmation (and text) of the chosen action."""
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(StaffRequestState.dialog_texts["title"]),
            rx.dialog.description(StaffRequestState.dialog_texts["hint"]),
            rx.form(
                rx.vstack(
                    rx.cond(
                        StaffRequestState.dialog_texts["label"] != "",
                        labelled(
                            StaffRequestState.dialog_texts["label"],
                            rx.text_area(
                                name="text",
                                id="staff-dialog-text",
                                rows="5",
                                max_length=4000,
                                width="100%",
                            ),
                        ),
                    ),
                    field_error(StaffRequestState.dialog_error, "staff-dialog-error"),
                    dialog_buttons(),
                    spacing="3",
                    margin_top="var(--space-3)",
                ),
                on_submit=StaffRequestState.submit_dialog,
            ),
        ),
        open=StaffRequestState.dialog != "",
        on_open_change=StaffRequestState.dialog_open_change,
    )


def documents_card() -> rx.Component:
    """Attached and issued files, downloaded through the authorised route."""
    return rx.card(
        rx.heading("Документы", as_="h3", size="4", margin_bottom="var(--space-2)"),
        rx.cond(
            StaffRequestState.documents.length() > 0,
            rx.vstack(
                rx.foreach(
                    StaffRequestState.documents,
                    lambda d: rx.flex(
                        rx.icon("file-text", size=18),
                        rx.link(d["name"], href=d["href"], is_external=True, download=True),
                        rx.text(
                            d["size"],
                            " · ",
                            d["kind"],
                            " · ",
                            d["added"],
                            size="1",
                            color="var(--gray-11)",
                        ),
                        gap="var(--space-2)",
                        align="center",
                        wrap="wrap",
                    ),
                ),
                spacing="2",
                id="staff-documents",
            ),
            rx.text("Файлы не приложены.", color="var(--gray-11)"),
        ),
        width="100%",
    )


def timeline_card() -> rx.Component:
    """The full timeline, internal comments included; actors by role only."""
    return rx.card(
        rx.heading("Ход рассмотрения", as_="h3", size="4", margin_bottom="var(--space-2)"),
        timeline_ui.timeline(StaffRequestState.timeline, element_id="staff-timeline"),
        width="100%",
    )


def detail() -> rx.Component:
    """The request: header, actions, applicant, form data, documents, timeline."""
    return rx.vstack(
        rx.link(
            "← К очередям",
            href=routes.STAFF,
            min_height=TOUCH_TARGET,
            display="inline-flex",
            align_items="center",
        ),
        error_callout(StaffRequestState.error, "staff-request-error"),
        header_card(),
        actions_bar(),
        rx.grid(
            rx.card(
                rx.heading("Заявитель", as_="h3", size="4", margin_bottom="var(--space-2)"),
                pairs(StaffRequestState.applicant, "staff-applicant"),
            ),
            rx.card(
                rx.heading("Данные заявления", as_="h3", size="4", margin_bottom="var(--space-2)"),
                rx.cond(
                    StaffRequestState.payload.length() > 0,
                    pairs(StaffRequestState.payload, "staff-payload"),
                    rx.text("Заявление не содержит полей формы.", color="var(--gray-11)"),
                ),
            ),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="4",
            width="100%",
        ),
        documents_card(),
        timeline_card(),
        action_dialog(),
        spacing="4",
        width="100%",
    )


def request_page() -> rx.Component:
    """The staff view of one request."""
    return staff_page(
        rx.cond(
            StaffRequestState.missing != "",
            rx.card(
                rx.text(StaffRequestState.missing, id="staff-request-missing"),
                rx.link("Вернуться к очередям", href=routes.STAFF),
            ),
            detail(),
        ),
        StaffRequestState.owner,
        "Бэк-офис: заявление",
    )
