"""`/certificates` («Справки», SPEC §2.4): order a certificate with scans, answer a staff
question, withdraw, download the issued PDF and its verification link."""

from __future__ import annotations

import reflex as rx

from gosapp import routes
from gosapp.components.cards import level_gate
from gosapp.components.forms import (
    date_field,
    error_for,
    labelled,
    radio_field,
    submit_button,
    success_note,
)
from gosapp.components.layout import TOUCH_TARGET, page
from gosapp.components.loading import list_skeleton
from gosapp.components.request_cards import (
    AnswerForm,
    CardVar,
    answer_form,
    draft_controls,
    request_card,
    staff_question,
    withdraw_control,
)
from gosapp.components.tokens import TOUCH_LINK
from gosapp.components.uploader import uploader
from gosapp.services.common.errors import DomainError
from gosapp.services.identity import levels
from gosapp.services.identity.accounts import InvalidForm
from gosapp.services.medical import certificates
from gosapp.services.requests import cards, workflow
from gosapp.state.auth import AuthMixin, guarded
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


class CertificatesState(RequestCardsState, WithdrawState, DraftsState, AuthMixin, rx.State):
    """The order form, its errors, and the user's certificate requests as cards."""

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
        self.form_errors, self.submitted = {}, ""
        self.answering = self.answer_error = self.withdrawing = ""
        self._reload()
        return self._open(self.router.url.query_parameters.get("open", ""))

    def _open(self, number: str):
        """A notification's link (``?open=<номер>``): scroll to that card, its answer form
        open when staff asked a question."""
        card = next((c for c in self.cards if number and c.number == number), None)
        if card is None:
            return None
        if card.needs_answer:
            self.answering = card.id
        return rx.scroll_to("request-" + card.id)

    @rx.event
    @guarded
    def choose(self, code: str):
        """Pick the certificate type (only the four known codes are kept)."""
        self.kind = code if code in TYPE_CODES else ""
        self.form_errors, self.submitted = {}, ""

    @rx.event
    @guarded
    async def submit(self, form: dict):
        """Create the request with the staged scans; errors go beside the fields."""
        if not self.kind:
            self.form_errors = {"kind": "Выберите вид справки"}
            return None
        data = {k: str(form.get(k, "")) for k in ("purpose", "period_from", "period_to")}
        data["delivery"] = DELIVERY_CODES.get(str(form.get("delivery", "")), "electronic")

        def create(db, user, document_ids):
            request = workflow.create(
                session=db,
                applicant=user,
                type_code=self.kind,
                data=data,
                actor=self._actor(user),
                document_ids=document_ids,
            )
            return request.number, workflow.deadline_label(request)

        uploads = await self.get_state(UploadsState)
        try:
            number, deadline = uploads._submit_with(FORM_WIDGET, create)
        except InvalidForm as exc:
            self.form_errors = exc.errors
            return None
        except DomainError as exc:
            self.form_errors = {"form": exc.message}
            return None
        self._reload()
        self.form_errors, self.kind = {}, ""
        self.submitted = f"Заявление {number} подано, {deadline}"
        return rx.set_value("certificate-purpose", "")

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


def kind_choice(kind: dict) -> rx.Component:
    """One certificate type as a pressable card: a real button (Tab, Enter and Space work)."""
    chosen = CertificatesState.kind == kind["code"]
    return rx.card(
        rx.el.button(
            rx.text(kind["title"], as_="span", weight="bold", size="3", display="block"),
            rx.text(
                kind["statement"], as_="span", size="2", color="var(--gray-11)", display="block"
            ),
            type="button",
            id=f"certificate-type-{kind['code']}",
            on_click=CertificatesState.choose(kind["code"]),
            aria_pressed=rx.cond(chosen, "true", "false"),
        ),
        as_child=True,
        cursor="pointer",
        text_align="left",
        border=rx.cond(chosen, "2px solid var(--accent-9)", "2px solid transparent"),
        min_height=TOUCH_TARGET,
    )


def period_fields() -> rx.Component:
    """The period's two dates, side by side, each with its error."""
    return rx.grid(
        date_field(
            "Период с",
            "period_from",
            "certificate-period-from",
            CertificatesState.form_errors.get("period_from", ""),
        ),
        date_field(
            "по",
            "period_to",
            "certificate-period-to",
            CertificatesState.form_errors.get("period_to", ""),
        ),
        columns=rx.breakpoints(initial="1", xs="2"),
        gap="var(--space-3)",
    )


def order_form() -> rx.Component:
    """The type, purpose, period, delivery and scans of a new certificate request."""
    return rx.card(
        rx.heading("Заказать справку", as_="h2", size="5"),
        rx.grid(
            *[kind_choice(k) for k in KIND_CHOICES],
            columns=rx.breakpoints(initial="1", sm="2"),
            gap="var(--space-3)",
            margin_y="var(--space-3)",
        ),
        error_for(CertificatesState.form_errors, "kind", "certificate"),
        rx.form(
            rx.flex(
                labelled(
                    "Цель получения",
                    rx.input(name="purpose", id="certificate-purpose", size="3"),
                    error_for(CertificatesState.form_errors, "purpose", "certificate"),
                ),
                period_fields(),
                rx.text("Период нужен для справки о временной нетрудоспособности.", size="1"),
                radio_field(
                    "Способ получения",
                    "certificate-delivery",
                    items=list(certificates.DELIVERY.values()),
                    name="delivery",
                    default_value=certificates.DELIVERY["electronic"],
                ),
                uploader(FORM_WIDGET, label="Сканы документов (PDF, JPG, PNG до 5 МБ)"),
                error_for(CertificatesState.form_errors, "form", "certificate"),
                submit_button("Отправить заявление", "certificate-submit", size="3"),
                direction="column",
                gap="var(--space-3)",
            ),
            on_submit=CertificatesState.submit,
            no_validate=True,  # the server's Russian messages beside each field
        ),
        success_note(CertificatesState.submitted, "certificate-submitted"),
    )


def certificate_card(card: CardVar) -> rx.Component:
    """One request: what it is for, its deadline, a staff question, the certificate once
    issued, withdrawal while undecided, and the way to its full history."""
    return request_card(
        card,
        card.title,
        rx.text(card.number, " · ", card.summary, size="2"),
        rx.cond(card.deadline != "", rx.text(card.deadline, size="2", weight="medium")),
        staff_question(
            card,
            CertificatesState.answering,
            CertificatesState.start_answer,
            answer_form(ANSWER_FORM, CertificatesState.answer_error, CertificatesState.answer),
        ),
        footer=(
            draft_controls(card, CertificatesState.submit_draft),
            withdraw_control(
                card,
                CertificatesState.withdrawing,
                CertificatesState.ask_withdraw,
                CertificatesState.withdraw,
            ),
            rx.el.a(
                "Ход рассмотрения — в истории обращений",
                href=routes.history_open(card.number),
                size="2",
                **TOUCH_LINK,
            ),
        ),
        element_id="request-" + card.id.to(str),
    )


def certificates_page() -> rx.Component:
    """«Справки»: the order form above the user's requests."""
    return page(
        rx.flex(
            rx.cond(
                CertificatesState.gate["todo"],
                level_gate(CertificatesState.gate, "Справки", "certificates-level-gate"),
                order_form(),
            ),
            rx.heading("Мои справки", as_="h2", size="5"),
            rx.cond(
                ~CertificatesState.loaded,
                list_skeleton("certificates-loading"),
                rx.cond(
                    CertificatesState.cards.length() > 0,
                    rx.flex(
                        rx.foreach(CertificatesState.cards, certificate_card),
                        direction="column",
                        gap="var(--space-3)",
                    ),
                    rx.text(
                        "Заявлений на справки пока нет — выберите вид справки выше.",
                        id="certificates-empty",
                    ),
                ),
            ),
            direction="column",
            gap="var(--space-4)",
        ),
        heading="Справки",
    )
