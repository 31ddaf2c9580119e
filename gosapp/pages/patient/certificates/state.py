"""The state of `/certificates`: the order form (a new request or a draft being edited), its
errors, and the user's certificate requests as cards."""

from __future__ import annotations

import reflex as rx

from gosapp.components.request_cards import (
    AnswerForm,
)
from gosapp.services.common.errors import DomainError
from gosapp.services.identity import levels
from gosapp.services.identity.accounts import InvalidForm
from gosapp.services.medical import certificates
from gosapp.services.requests import cards, workflow
from gosapp.state.auth import AuthMixin, guarded
from gosapp.state.draft_form import DRAFT, DraftFormState
from gosapp.state.request_cards import DraftsState, RequestCardsState, WithdrawState
from gosapp.state.uploads import UploadsState

FORM_WIDGET, ANSWER_WIDGET = "certificate", "answer"
TYPE_CODES = [kind.code for kind in certificates.KINDS]
DELIVERY_CODES = {label: code for code, label in certificates.DELIVERY.items()}
KIND_CHOICES = [
    {"code": k.code, "title": k.title, "statement": k.statement} for k in certificates.KINDS
]
NEEDED = max((t.level for t in certificates.TYPES), key=levels.ORDER.index)
ANSWER_FORM = AnswerForm(
    ANSWER_WIDGET, "Ваш ответ", "Дополнительные файлы", "Отправить ответ", id_prefix="answer"
)


class CertificatesState(
    RequestCardsState, WithdrawState, DraftsState, DraftFormState, AuthMixin, rx.State
):
    """The order form (a new request or a draft being edited), its errors, and the user's
    certificate requests as cards."""

    kind: rx.Field[str] = rx.field("")
    form_errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    submitted: rx.Field[str] = rx.field("")
    # the one card whose answer form is open (one upload widget for it)
    answering: rx.Field[str] = rx.field("")
    # the account level is too low: what to do instead of the form
    gate: rx.Field[dict[str, str]] = rx.field(default_factory=dict)

    def _reload(self) -> None:
        """The user's certificate requests, which answer form is open, and the level gate."""
        with self._signed_in() as (db, user):
            self.cards = cards.cards(session=db, user=user, type_codes=TYPE_CODES)
            self.gate = levels.level_gate(user, NEEDED)
            self.loaded = True
        waiting = [card.id for card in self.cards if card.needs_answer]
        if self.answering not in waiting:
            # A single open question is ready to answer; with several the user picks one.
            self.answering = waiting[0] if len(waiting) == 1 else ""

    @rx.event
    @guarded
    def load(self):
        """The user's certificate requests; messages of an earlier visit are forgotten."""
        self.form_errors, self.submitted, self.kind = {}, "", ""
        self.answering = self.answer_error = self.withdrawing = ""
        self._forget_draft()
        self._reload()
        return self._open(self.router.url.query_parameters.get("open", ""))

    def _open(self, number: str):
        """A link to one request (``?open=<номер>``, from a notification or the history's
        «Продолжить»): a draft fills the form; otherwise scroll to its card, its answer form
        open when staff asked a question."""
        card = next((c for c in self.cards if number and c.number == number), None)
        if card is None:
            return None
        if card.can_submit:
            return self._edit(card.id)
        if card.needs_answer:
            self.answering = card.id
        return rx.scroll_to("request-" + card.id)

    def _form_values(self, type_code: str, values: dict[str, str]) -> dict[str, str]:
        """The draft's type chosen, its dates as ДД.ММ.ГГГГ and its delivery code shown as
        the radio's label."""
        self.kind = type_code if type_code in TYPE_CODES else ""
        shown = certificates.CertificateDraft.model_validate(values).form_values()
        return {**shown, "delivery": certificates.DELIVERY[shown["delivery"]]}

    def _form_id(self) -> str:
        return "certificate-form"

    @rx.event
    @guarded
    def choose(self, code: str):
        """Pick the certificate type (only the four known codes are kept). Another type than
        the draft's makes the form a new request: the draft stays as it was saved."""
        if self.editing and code != self.kind:
            self.editing = self.editing_number = ""
        self.kind = code if code in TYPE_CODES else ""
        self.form_errors, self.submitted = {}, ""

    @rx.event
    @guarded
    async def submit(self, form: dict):
        """Submit the request (or keep it as a draft: ``intent``) with the staged scans;
        errors go beside the fields and everything typed stays."""
        if not self.kind:
            self.form_errors = {"kind": "Выберите вид справки"}
            return None
        data = {k: str(form.get(k, "")) for k in ("purpose", "period_from", "period_to")}
        data["delivery"] = DELIVERY_CODES.get(str(form.get("delivery", "")), "electronic")
        intent, kind = str(form.get("intent", "")), self.kind
        uploads = await self.get_state(UploadsState)
        try:
            saved = uploads._submit_with(FORM_WIDGET, self._save_or_submit(intent, kind, data))
        except InvalidForm as exc:
            self.form_errors = exc.errors
            return None
        except DomainError as exc:
            self.form_errors = {"form": exc.message}
            return None
        self._reload()
        self.form_errors = {}
        self.submitted = self._after_save(intent, saved, kind, data)
        if intent != DRAFT:
            self.kind = ""
        return None

    @rx.event
    @guarded
    def start_answer(self, request_id: str):
        """Open the answer form on one card (the engine checks the request when it is sent)."""
        self.answering, self.answer_error = str(request_id), ""

    @rx.event
    @guarded
    async def answer(self, form: dict):
        """Answer the staff question of the request whose answer form is open."""
        request_id = self.answering

        def send(db, user, document_ids):
            workflow.transition(
                session=db,
                request_id=int(request_id) if request_id.isdigit() else 0,
                action="answer",
                user=user,
                actor=self._actor(user),
                text=str(form.get("text", "")),
                document_ids=document_ids,
                seen_status="needs_info",
            )

        return await self._send_answer(ANSWER_WIDGET, send, "Ответ отправлен")
