"""`/support` («Поддержка», SPEC §2.6): write to support with screenshots, follow each ticket's
thread and keep writing in it until it is closed."""

from __future__ import annotations

import reflex as rx

from gosapp.components.forms import error_for, labelled, radio_field, submit_button, success_note
from gosapp.components.layout import TOUCH_TARGET, page
from gosapp.components.loading import list_skeleton
from gosapp.components.request_cards import (
    AnswerForm,
    CardVar,
    answer_form,
    draft_controls,
    question_callout,
    request_card,
)
from gosapp.components.timeline import timeline
from gosapp.components.uploader import uploader
from gosapp.services.common.errors import DomainError
from gosapp.services.identity.accounts import InvalidForm
from gosapp.services.requests import cards, history, support, workflow
from gosapp.state.auth import AuthMixin, guarded
from gosapp.state.request_cards import DraftsState, RequestCardsState
from gosapp.state.uploads import UploadsState

TICKET_WIDGET, REPLY_WIDGET = "support", "support-reply"
CATEGORY_CODES = {label: code for code, label in support.CATEGORIES.items()}
REPLY_FORM = AnswerForm(
    REPLY_WIDGET,
    "Ваше сообщение",
    "Файлы к сообщению",
    "Добавить сообщение",
    id_prefix="support-reply",
)


class SupportState(RequestCardsState, DraftsState, AuthMixin, rx.State):
    """The new-ticket form, the user's tickets as cards, and the one opened with its thread
    (its reply error is ``answer_error``)."""

    form_errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    submitted: rx.Field[str] = rx.field("")
    open_id: rx.Field[str] = rx.field("")  # the ticket whose thread is shown
    thread: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)

    def _reload(self) -> None:
        """The tickets, and the opened thread (closed if the ticket is gone)."""
        with self._signed_in() as (db, user):
            self.cards = cards.cards(session=db, user=user, type_codes=[support.TYPE_CODE])
            self.loaded = True
            try:
                self.thread = (
                    support.thread(session=db, user=user, request_id=self.open_id)
                    if self.open_id
                    else []
                )
            except DomainError:
                self.open_id, self.thread = "", []

    @rx.event
    @guarded
    def load(self):
        """The user's tickets; ``?open=<номер>`` (a notification's link) opens that one's
        thread. Messages of an earlier visit are forgotten."""
        self.form_errors, self.submitted, self.answer_error = {}, "", ""
        number = self.router.url.query_parameters.get("open", "")
        with self._signed_in() as (db, user):
            found = history.own_request_id(session=db, user_id=user.id, number=number)
        self.open_id = str(found) if number and found else ""
        self._reload()

    @rx.event
    @guarded
    async def submit(self, form: dict):
        """Open a ticket with the staged screenshots; errors go beside the fields and
        everything typed stays in the form."""
        data = {
            "category": CATEGORY_CODES.get(str(form.get("category", "")), ""),
            "subject": str(form.get("subject", "")),
            "text": str(form.get("text", "")),
        }

        def create(db, user, document_ids):
            ticket = workflow.create(
                session=db,
                applicant=user,
                type_code=support.TYPE_CODE,
                data=data,
                actor=self._actor(user),
                document_ids=document_ids,
            )
            return ticket.id, ticket.number, workflow.deadline_label(ticket)

        uploads = await self.get_state(UploadsState)
        try:
            ticket_id, number, deadline = uploads._submit_with(TICKET_WIDGET, create)
        except InvalidForm as exc:
            self.form_errors = exc.errors
            return None
        except DomainError as exc:
            self.form_errors = {"form": exc.message}
            return None
        self.open_id = str(ticket_id)  # the new ticket's thread shows right away
        self._reload()
        self.form_errors = {}
        self.submitted = f"Обращение {number} отправлено, {deadline}"
        return [rx.set_value("support-subject", ""), rx.set_value("support-text", "")]

    @rx.event
    @guarded
    def toggle(self, request_id: str):
        """Show one of the user's tickets with its thread, or hide it if it is shown."""
        if str(request_id) == self.open_id:
            self.open_id, self.thread, self.answer_error = "", [], ""
            return None
        try:
            with self._signed_in() as (db, user):
                self.thread = support.thread(session=db, user=user, request_id=request_id)
        except DomainError as exc:
            return rx.toast.error(exc.message)
        self.open_id, self.answer_error = str(request_id), ""
        return None

    @rx.event
    @guarded
    async def reply(self, form: dict):
        """Write in the opened ticket (text and/or files); an answer to a staff question
        returns the ticket to work."""

        def send(db, user, document_ids):
            support.post_message(
                session=db,
                user=user,
                request_id=self.open_id,
                text=str(form.get("text", "")),
                actor=self._actor(user),
                document_ids=document_ids,
            )

        return await self._send_answer(
            REPLY_WIDGET, send, "Сообщение отправлено", clear="support-reply-text"
        )


def new_ticket_form() -> rx.Component:
    """Category, subject, text and screenshots of a new ticket."""
    return rx.card(
        rx.heading("Новое обращение", as_="h2", size="5"),
        rx.text(
            "На вопросы и предложения отвечаем за 1 рабочий день, "
            "на технические проблемы и жалобы — за 5.",
            size="2",
            color="var(--gray-11)",
        ),
        rx.form(
            rx.flex(
                radio_field(
                    "Тема обращения",
                    "support-category",
                    items=list(CATEGORY_CODES),
                    name="category",
                    direction="column",
                ),
                error_for(SupportState.form_errors, "category", "support"),
                labelled("Кратко о чём", rx.input(name="subject", id="support-subject", size="3")),
                error_for(SupportState.form_errors, "subject", "support"),
                labelled(
                    "Опишите вопрос или проблему",
                    rx.text_area(name="text", id="support-text", rows="5"),
                ),
                error_for(SupportState.form_errors, "text", "support"),
                uploader(TICKET_WIDGET, label="Снимки экрана и документы (до 5 файлов)"),
                error_for(SupportState.form_errors, "form", "support"),
                submit_button("Отправить обращение", "support-submit", size="3"),
                direction="column",
                gap="var(--space-3)",
                margin_top="var(--space-3)",
            ),
            on_submit=SupportState.submit,
        ),
        success_note(SupportState.submitted, "support-submitted"),
    )


def ticket_thread(card: CardVar) -> rx.Component:
    """The opened ticket's messages, and the box to write in while it is not closed (a staff
    question shows above it: the next message answers it)."""
    return rx.flex(
        rx.heading("Переписка", as_="h4", size="3"),
        timeline(SupportState.thread, element_id="support-thread"),
        rx.cond(
            card.can_write,
            answer_form(
                REPLY_FORM, SupportState.answer_error, SupportState.reply, question_callout(card)
            ),
            rx.text(
                "Обращение закрыто. Если вопрос остался, создайте новое обращение.",
                size="2",
                color="var(--gray-11)",
            ),
        ),
        direction="column",
        gap="var(--space-3)",
        margin_top="var(--space-3)",
    )


def ticket_card(card: CardVar) -> rx.Component:
    """One ticket: category and subject, number and deadline, whether support waits for the
    user, and the button that shows its thread."""
    is_open = SupportState.open_id == card.id
    return request_card(
        card,
        card.summary,
        rx.text(
            card.number, rx.cond(card.deadline != "", " · " + card.deadline.to(str), ""), size="2"
        ),
        rx.cond(
            card.needs_answer,
            rx.text(
                "Поддержка ждёт вашего ответа", size="2", weight="medium", color="var(--amber-11)"
            ),
        ),
        draft_controls(card, SupportState.submit_draft),
        rx.button(
            rx.cond(is_open, "Скрыть переписку", "Открыть переписку"),
            variant="soft",
            min_height=TOUCH_TARGET,
            margin_top="var(--space-2)",
            id="support-toggle-" + card.id.to(str),
            aria_expanded=rx.cond(is_open, "true", "false"),
            on_click=SupportState.toggle(card.id),
        ),
        rx.cond(is_open, ticket_thread(card)),
        element_id="ticket-" + card.id.to(str),
    )


def support_page() -> rx.Component:
    """«Поддержка»: the new-ticket form above the user's tickets."""
    return page(
        rx.flex(
            new_ticket_form(),
            rx.heading("Мои обращения", as_="h2", size="5"),
            rx.cond(
                ~SupportState.loaded,
                list_skeleton("support-loading"),
                rx.cond(
                    SupportState.cards.length() > 0,
                    rx.flex(
                        rx.foreach(SupportState.cards, ticket_card),
                        direction="column",
                        gap="var(--space-3)",
                    ),
                    rx.text(
                        "Обращений пока нет. Опишите вопрос в форме выше — ответ придёт сюда "
                        "и в уведомления.",
                        id="support-empty",
                    ),
                ),
            ),
            direction="column",
            gap="var(--space-4)",
        ),
        heading="Поддержка",
    )
