"""`/certificates` («Справки», SPEC §2.4): order a certificate with scans, answer a staff
question, withdraw, download the issued PDF and its verification link."""

from __future__ import annotations

import reflex as rx

from gosapp.components.forms import error_for, field_error, labelled, submit_button, success_note
from gosapp.components.layout import TOUCH_TARGET, page
from gosapp.components.timeline import card_heading
from gosapp.components.uploader import uploader
from gosapp.db import session_scope, transaction
from gosapp.services.common.errors import DomainError
from gosapp.services.identity.accounts import InvalidForm
from gosapp.services.medical import certificates
from gosapp.services.requests import cards, workflow
from gosapp.state.auth import SessionState, guarded
from gosapp.state.uploads import UploadsState

FORM_WIDGET, ANSWER_WIDGET = "certificate", "answer"
TYPE_CODES = [kind.code for kind in certificates.KINDS]
DELIVERY_CODES = {label: code for code, label in certificates.DELIVERY.items()}
KIND_CHOICES = [
    {"code": k.code, "title": k.title, "statement": k.statement} for k in certificates.KINDS
]


class CertificatesState(SessionState):
    """The form, its errors, and the user's certificate requests as display dicts."""

    kind: str = ""
    form_errors: dict[str, str] = {}
    submitted: str = ""
    cards: list[dict[str, str]] = []
    answering: str = ""  # the one card whose answer form is open (one upload widget for it)
    answer_error: str = ""
    withdrawing: str = ""  # the card asking "are you sure?"

    def _reload(self) -> None:
        """The user's certificate requests, and which answer form is open."""
        with session_scope() as db:
            user = self._require(db)
            self.cards = cards.cards(session=db, user=user, type_codes=TYPE_CODES)
        waiting = [card["id"] for card in self.cards if card["needs_answer"]]
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
                request_id=request_id,  # the engine parses it (parse_id)
                action="answer",
                user=user,
                actor=self._actor(user),
                text=str(form.get("text", "")),
                document_ids=document_ids,
                seen_status="needs_info",
            )

        uploads = await self.get_state(UploadsState)
        try:
            uploads._submit_with(ANSWER_WIDGET, send)
        except DomainError as exc:
            self.answer_error = exc.message  # the text stays in the field
            return None
        self._reload()
        self.answer_error = ""
        return rx.toast.success("Ответ отправлен")

    @rx.event
    @guarded
    def ask_withdraw(self, request_id: str):
        """Show the confirmation on one card ("" hides it)."""
        self.withdrawing = str(request_id)

    @rx.event
    @guarded
    def withdraw(self, request_id: str):
        """Withdraw one of the user's undecided requests (after the browser's confirmation)."""
        try:
            with transaction() as db:
                user = self._require(db)
                workflow.transition(
                    session=db,
                    request_id=request_id,  # the engine parses it (parse_id)
                    action="withdraw",
                    user=user,
                    actor=self._actor(user),
                )
        except DomainError as exc:
            return rx.toast.error(exc.message)
        self._reload()
        self.withdrawing = ""
        return rx.toast.success("Заявление отозвано")


S = CertificatesState


def kind_choice(kind: dict) -> rx.Component:
    chosen = S.kind == kind["code"]
    return rx.card(
        rx.heading(kind["title"], as_="h3", size="3"),
        rx.text(kind["statement"], size="2", color="var(--gray-11)"),
        id=f"certificate-type-{kind['code']}",
        on_click=S.choose(kind["code"]),
        cursor="pointer",
        role="button",
        tab_index=0,
        aria_pressed=rx.cond(chosen, "true", "false"),
        border=rx.cond(chosen, "2px solid var(--accent-9)", "2px solid transparent"),
        min_height=TOUCH_TARGET,
    )


def order_form() -> rx.Component:
    return rx.card(
        rx.heading("Заказать справку", as_="h2", size="5"),
        rx.grid(
            *[kind_choice(k) for k in KIND_CHOICES],
            columns=rx.breakpoints(initial="1", sm="2"),
            gap="var(--space-3)",
            margin_y="var(--space-3)",
        ),
        error_for(S.form_errors, "kind", "certificate"),
        rx.form(
            rx.flex(
                labelled(
                    "Цель получения",
                    rx.input(name="purpose", id="certificate-purpose", size="3"),
                    error_for(S.form_errors, "purpose", "certificate"),
                ),
                rx.grid(
                    labelled(
                        "Период с (ДД.ММ.ГГГГ)",
                        rx.input(name="period_from", id="certificate-period-from", size="3"),
                        error_for(S.form_errors, "period_from", "certificate"),
                    ),
                    labelled(
                        "по",
                        rx.input(name="period_to", id="certificate-period-to", size="3"),
                        error_for(S.form_errors, "period_to", "certificate"),
                    ),
                    columns="2",
                    gap="var(--space-3)",
                ),
                rx.text("Период нужен для справки о временной нетрудоспособности.", size="1"),
                labelled(
                    "Способ получения",
                    rx.radio_group(
                        items=list(certificates.DELIVERY.values()),
                        name="delivery",
                        default_value=certificates.DELIVERY["electronic"],
                    ),
                ),
                uploader(FORM_WIDGET, label="Сканы документов (PDF, JPG, PNG до 5 МБ)"),
                error_for(S.form_errors, "form", "certificate"),
                submit_button("Отправить заявление", "certificate-submit", size="3"),
                direction="column",
                gap="var(--space-3)",
            ),
            on_submit=S.submit,
        ),
        success_note(S.submitted, "certificate-submitted"),
    )


def staff_question(card: dict) -> rx.Component:
    """What staff asked, and the answer form (or the button that opens it)."""
    return rx.flex(
        rx.callout(card["question"], icon="message-circle-question", color_scheme="amber"),
        rx.cond(
            S.answering == card["id"],
            answer_form(),
            rx.button(
                "Ответить",
                variant="soft",
                min_height=TOUCH_TARGET,
                id="answer-open-" + card["id"],
                on_click=S.start_answer(card["id"]),
            ),
        ),
        direction="column",
        gap="var(--space-2)",
    )


def answer_form() -> rx.Component:
    return rx.form(
        labelled("Ваш ответ", rx.text_area(name="text", id="answer-text", rows="3")),
        uploader(ANSWER_WIDGET, label="Дополнительные файлы"),
        field_error(S.answer_error, "answer-error"),
        submit_button("Отправить ответ", "answer-submit"),
        on_submit=S.answer,
        display="flex",
        flex_direction="column",
        gap="var(--space-2)",
    )


def request_card(card: dict) -> rx.Component:
    return rx.card(
        card_heading(card["title"], card),
        rx.text(card["number"], " · ", card["summary"], size="2"),
        rx.cond(card["deadline"] != "", rx.text(card["deadline"], size="2", weight="medium")),
        rx.cond(card["needs_answer"] != "", staff_question(card)),
        rx.cond(
            card["certificate_document"] != "",
            rx.flex(
                rx.el.a(
                    "Скачать справку (PDF)",
                    href="/api/documents/" + card["certificate_document"],
                    reload_document=True,
                    id="certificate-download-" + card["id"],
                ),
                rx.el.a(
                    "Проверка подлинности",
                    href=card["verify_path"],
                    reload_document=True,
                    id="certificate-verify-link-" + card["id"],
                ),
                gap="var(--space-4)",
                wrap="wrap",
            ),
        ),
        rx.cond(
            card["can_withdraw"] != "",
            rx.cond(
                S.withdrawing == card["id"],
                rx.flex(
                    rx.text("Отозвать заявление? Это нельзя отменить.", weight="medium"),
                    rx.button(
                        "Да, отозвать",
                        color_scheme="red",
                        min_height=TOUCH_TARGET,
                        on_click=S.withdraw(card["id"]),
                    ),
                    rx.button(
                        "Отмена",
                        variant="soft",
                        min_height=TOUCH_TARGET,
                        on_click=S.ask_withdraw(""),
                    ),
                    gap="var(--space-2)",
                    align="center",
                    wrap="wrap",
                ),
                rx.button(
                    "Отозвать заявление",
                    variant="soft",
                    color_scheme="red",
                    min_height=TOUCH_TARGET,
                    on_click=S.ask_withdraw(card["id"]),
                ),
            ),
        ),
        rx.el.a(
            "Ход рассмотрения — в истории обращений",
            href="/history?open=" + card["number"],
            size="2",
        ),
        id="request-" + card["id"],
        width="100%",
    )


def certificates_page() -> rx.Component:
    return page(
        rx.flex(
            order_form(),
            rx.heading("Мои справки", as_="h2", size="5"),
            rx.cond(
                S.cards.length() > 0,
                rx.flex(
                    rx.foreach(S.cards, request_card), direction="column", gap="var(--space-3)"
                ),
                rx.text(
                    "Заявлений на справки пока нет — выберите вид справки выше.",
                    id="certificates-empty",
                ),
            ),
            direction="column",
            gap="var(--space-4)",
        ),
        heading="Справки",
    )
