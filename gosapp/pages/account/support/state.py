"""The state of `/support`: the new-ticket form (or a draft ticket being edited), the user's
tickets as cards, and the one opened with its thread."""

from __future__ import annotations

import reflex as rx

from gosapp.components.request_cards import (
    AnswerForm,
)
from gosapp.services.common.errors import DomainError
from gosapp.services.identity.accounts import InvalidForm
from gosapp.services.requests import cards, history, support
from gosapp.state.auth import AuthMixin, guarded
from gosapp.state.draft_form import DRAFT, DraftFormState, Saved
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


class SupportState(RequestCardsState, DraftsState, DraftFormState, AuthMixin, rx.State):
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
        self._forget_draft()
        number = self.router.url.query_parameters.get("open", "")
        with self._signed_in() as (db, user):
            found = history.own_request_id(session=db, user_id=user.id, number=number)
        self.open_id = str(found) if number and found else ""
        self._reload()
        card = next((c for c in self.cards if c.id == self.open_id), None)
        if card is not None and card.can_submit:  # a draft («Продолжить»): into the form
            self.open_id, self.thread = "", []
            return self._edit(card.id)
        return None

    def _form_values(self, type_code: str, values: dict[str, str]) -> dict[str, str]:
        """The category code shown as the radio's label."""
        return {**values, "category": support.CATEGORIES.get(values.get("category", ""), "")}

    def _form_id(self) -> str:
        return "support-form"

    def _submitted_note(self, saved: Saved) -> str:
        return f"Обращение {saved.number} отправлено, {saved.deadline}"

    @rx.event
    @guarded
    async def submit(self, form: dict):
        """Open a ticket (or keep it as a draft: ``intent``) with the staged screenshots;
        errors go beside the fields and everything typed stays in the form."""
        data = {
            "category": CATEGORY_CODES.get(str(form.get("category", "")), ""),
            "subject": str(form.get("subject", "")),
            "text": str(form.get("text", "")),
        }
        intent = str(form.get("intent", ""))
        act = self._save_or_submit(intent, support.TYPE_CODE, data)
        uploads = await self.get_state(UploadsState)
        try:
            saved = uploads._submit_with(TICKET_WIDGET, act)
        except InvalidForm as exc:
            self.form_errors = exc.errors
            return None
        except DomainError as exc:
            self.form_errors = {"form": exc.message}
            return None
        if intent != DRAFT:
            self.open_id = saved.id  # the new ticket's thread shows right away
        self._reload()
        self.form_errors = {}
        self.submitted = self._after_save(intent, saved, support.TYPE_CODE, data)
        return None

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
