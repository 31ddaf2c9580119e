"""`/staff/requests/[staff_request_id]`: one request as staff see it, and the staff actions.

Every action sends the status the page shows (``seen_status``): if a colleague or the applicant
changed the request meanwhile, the engine refuses with «Заявление уже обработано…», the page
shows that message and reloads the request.
"""

from __future__ import annotations

import reflex as rx
from sqlmodel import Session

from gosapp.components import timeline as timeline_ui
from gosapp.components.forms import field_error, labelled
from gosapp.components.layout import TOUCH_TARGET
from gosapp.db import transaction
from gosapp.models.accounts import User
from gosapp.pages.staff import STAFF, error_callout, staff_page
from gosapp.services.backoffice import desk
from gosapp.services.common.errors import DomainError, Invalid, NotFound
from gosapp.state.auth import SessionState, guarded

ROUTE = "/staff/requests/[staff_request_id]"

# action: (title, explanation, text label ("" = no text), button, colour)
DIALOGS = {
    "ask_info": (
        "Запросить уточнение",
        "Заявитель получит уведомление и сможет ответить или приложить файлы.",
        "Что нужно уточнить",
        "Отправить запрос",
        "blue",
    ),
    "approve": (
        "Одобрить заявление?",
        "Решение нельзя будет изменить. Заявитель получит уведомление.",
        "Комментарий для заявителя (необязательно)",
        "Одобрить",
        "green",
    ),
    "reject": (
        "Отклонить заявление?",
        "Решение нельзя будет изменить. Причину увидит заявитель.",
        "Причина отказа",
        "Отклонить",
        "red",
    ),
    "complete": (
        "Завершить заявление?",
        "После завершения в заявление больше нельзя будет писать.",
        "",
        "Завершить",
        "blue",
    ),
    "comment": (
        "Комментарий для сотрудников",
        "Комментарий виден только сотрудникам, заявитель его не увидит.",
        "Комментарий",
        "Сохранить",
        "gray",
    ),
    "message": (
        "Сообщение заявителю",
        "Заявитель получит уведомление и увидит сообщение в истории обращения.",
        "Сообщение",
        "Отправить",
        "blue",
    ),
}
DONE = {
    "claim": "Заявление взято в работу",
    "ask_info": "Запрос уточнения отправлен",
    "approve": "Заявление одобрено",
    "reject": "Заявление отклонено",
    "complete": "Заявление завершено",
    "comment": "Комментарий сохранён",
    "message": "Сообщение отправлено",
}


class StaffRequestState(SessionState):
    """The request's display strings; the open dialog's texts; errors."""

    owner: int = 0
    header: dict[str, str] = {}
    applicant: list[dict[str, str]] = []
    payload: list[dict[str, str]] = []
    documents: list[dict[str, str]] = []
    timeline: list[dict[str, str]] = []
    actions: list[str] = []
    error: str = ""
    missing: str = ""
    dialog: str = ""
    dialog_texts: dict[str, str] = {}
    dialog_error: str = ""

    def _request_id(self) -> str:
        """The id from the address (``/staff/requests/<id>``)."""
        return str(self.router.url.path).rstrip("/").rsplit("/", 1)[-1]

    def _show(self, db: Session, user: User) -> None:
        try:
            view = desk.request_detail(
                session=db, user=user, request_id=self._request_id(), actor=self._actor(user)
            )
        except DomainError as exc:
            self.missing, self.header, self.owner = exc.message, {}, user.id
            return
        for name in ("header", "applicant", "payload", "documents", "timeline", "actions"):
            setattr(self, name, view[name])
        self.missing, self.owner = "", user.id

    def _reload(self) -> None:
        with transaction() as db:
            self._show(db, self._require(db, *STAFF))

    @rx.event
    @guarded(*STAFF)
    def load(self):
        """Open the request (the view is audited)."""
        self.error, self.dialog, self.dialog_error = "", "", ""
        self._reload()

    @rx.event
    @guarded(*STAFF)
    def claim(self):
        """«Взять в работу»."""
        return self._act("claim", "")

    @rx.event
    @guarded(*STAFF)
    def open_dialog(self, action: str):
        """Ask for the text (and confirmation) of an action."""
        if action not in DIALOGS or action not in self.actions:
            return rx.toast.error("Это действие сейчас недоступно")
        title, hint, label, button, color = DIALOGS[action]
        self.dialog, self.dialog_error = action, ""
        self.dialog_texts = dict(title=title, hint=hint, label=label, button=button, color=color)
        return None

    @rx.event
    @guarded(*STAFF)
    def dialog_open_change(self, is_open: bool):
        """Closing the dialog (Esc, «Отмена») drops nothing but the dialog itself."""
        if not is_open:
            self.dialog, self.dialog_error = "", ""

    @rx.event
    @guarded(*STAFF)
    def submit_dialog(self, form: dict):
        """Carry out the action of the open dialog with the text typed into it."""
        if self.dialog not in DIALOGS:
            self.dialog = ""
            return None
        return self._act(self.dialog, str(form.get("text", ""))[:5000])

    def _act(self, action: str, text: str):
        try:
            with transaction() as db:
                user = self._require(db, *STAFF)
                self._carry_out(db, user, action, text)
        except Invalid as exc:
            self.dialog_error = exc.message  # the dialog stays open with the text in it
            return None
        except NotFound as exc:
            self.dialog, self.missing = "", exc.message
            return None
        except DomainError as exc:
            self.dialog, self.error = "", exc.message  # e.g. «Заявление уже обработано…»
            self._reload()
            return None
        self.dialog, self.dialog_error, self.error = "", "", ""
        self._reload()
        return rx.toast.success(DONE[action])

    def _carry_out(self, db: Session, user: User, action: str, text: str) -> None:
        actor = self._actor(user)
        if action in desk.WRITE_ACTIONS:
            desk.write(
                session=db,
                user=user,
                request_id=self.header.get("id", ""),
                text=text,
                internal=action == "comment",
                actor=actor,
            )
            return
        desk.perform(
            session=db,
            user=user,
            request_id=self.header.get("id", ""),
            action=action,
            seen_status=self.header.get("status", ""),
            actor=actor,
            text=text,
        )


# --- components ----------------------------------------------------------------------------------

S = StaffRequestState


def pairs(rows, element_id: str) -> rx.Component:
    """Label/value pairs as a definition grid."""
    return rx.grid(
        rx.foreach(
            rows,
            lambda r: rx.fragment(
                rx.text(r["label"], color="var(--gray-11)", size="2"),
                rx.text(r["value"], white_space="pre-wrap"),
            ),
        ),
        columns="minmax(120px, 220px) 1fr",
        gap="var(--space-2)",
        id=element_id,
    )


def header_card() -> rx.Component:
    """Number, type, status, deadline, assignee."""
    return rx.card(
        rx.flex(
            rx.heading(S.header["number"], as_="h2", size="5", id="staff-request-number"),
            rx.box(
                timeline_ui.status_badge(S.header["status"], S.header["status_label"]),
                id="staff-request-status",
            ),
            rx.cond(
                S.header["overdue"] != "",
                rx.badge("Просрочено", color_scheme="red", size="2", class_name="overdue-marker"),
            ),
            gap="var(--space-3)",
            align="center",
            wrap="wrap",
        ),
        rx.text(S.header["type"], weight="medium", margin_top="var(--space-2)"),
        rx.text(S.header["summary"], color="var(--gray-11)"),
        rx.flex(
            rx.text("Подано: ", S.header["submitted"]),
            rx.text("Срок: ", S.header["deadline"]),
            rx.text("Исполнитель: ", S.header["assignee"], id="staff-request-assignee"),
            gap="var(--space-4)",
            wrap="wrap",
            margin_top="var(--space-2)",
            size="2",
        ),
        width="100%",
    )


def action_button(action: str, label: str, color: str, handler) -> rx.Component:
    """One action, shown only when the engine would accept it now."""
    return rx.cond(
        S.actions.contains(action),
        rx.button(
            label,
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
        S.actions.length() > 0,
        rx.flex(
            action_button("claim", "Взять в работу", "blue", S.claim),
            action_button("ask_info", "Запросить уточнение", "blue", S.open_dialog("ask_info")),
            action_button("approve", "Одобрить", "green", S.open_dialog("approve")),
            action_button("reject", "Отклонить", "red", S.open_dialog("reject")),
            action_button("complete", "Завершить", "blue", S.open_dialog("complete")),
            action_button("message", "Сообщение заявителю", "gray", S.open_dialog("message")),
            action_button(
                "comment",
                "Комментарий (виден только сотрудникам)",
                "gray",
                S.open_dialog("comment"),
            ),
            gap="var(--space-2)",
            wrap="wrap",
            id="staff-actions",
        ),
        rx.text(
            "Действий нет: заявление закрыто или в работе у другого сотрудника.",
            color="var(--gray-11)",
            id="staff-no-actions",
        ),
    )


def action_dialog() -> rx.Component:
    """The confirmation (and text) of the chosen action."""
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(S.dialog_texts["title"]),
            rx.dialog.description(S.dialog_texts["hint"]),
            rx.form(
                rx.vstack(
                    rx.cond(
                        S.dialog_texts["label"] != "",
                        labelled(
                            S.dialog_texts["label"],
                            rx.text_area(
                                name="text",
                                id="staff-dialog-text",
                                rows="5",
                                max_length=4000,
                                width="100%",
                            ),
                        ),
                    ),
                    field_error(S.dialog_error, "staff-dialog-error"),
                    rx.flex(
                        rx.dialog.close(
                            rx.button(
                                "Отмена",
                                type="button",
                                variant="soft",
                                color_scheme="gray",
                                size="3",
                            ),
                        ),
                        rx.button(
                            S.dialog_texts["button"],
                            type="submit",
                            size="3",
                            color_scheme=S.dialog_texts["color"],
                            id="staff-dialog-confirm",
                        ),
                        gap="var(--space-3)",
                        justify="end",
                        width="100%",
                    ),
                    spacing="3",
                    margin_top="var(--space-3)",
                ),
                on_submit=S.submit_dialog,
            ),
        ),
        open=S.dialog != "",
        on_open_change=S.dialog_open_change,
    )


def documents_card() -> rx.Component:
    """Attached and issued files, downloaded through the authorised route."""
    return rx.card(
        rx.heading("Документы", as_="h3", size="4", margin_bottom="var(--space-2)"),
        rx.cond(
            S.documents.length() > 0,
            rx.vstack(
                rx.foreach(
                    S.documents,
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
        timeline_ui.timeline(S.timeline, element_id="staff-timeline"),
        width="100%",
    )


def detail() -> rx.Component:
    """The request: header, actions, applicant, form data, documents, timeline."""
    return rx.vstack(
        rx.link(
            "← К очередям",
            href="/staff",
            min_height=TOUCH_TARGET,
            display="inline-flex",
            align_items="center",
        ),
        error_callout(S.error, "staff-request-error"),
        header_card(),
        actions_bar(),
        rx.grid(
            rx.card(
                rx.heading("Заявитель", as_="h3", size="4", margin_bottom="var(--space-2)"),
                pairs(S.applicant, "staff-applicant"),
            ),
            rx.card(
                rx.heading("Данные заявления", as_="h3", size="4", margin_bottom="var(--space-2)"),
                rx.cond(
                    S.payload.length() > 0,
                    pairs(S.payload, "staff-payload"),
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
            S.missing != "",
            rx.card(
                rx.text(S.missing, id="staff-request-missing"),
                rx.link("Вернуться к очередям", href="/staff"),
            ),
            detail(),
        ),
        S.owner,
        "Бэк-офис: заявление",
    )
