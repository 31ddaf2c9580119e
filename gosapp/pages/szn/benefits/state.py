"""The benefits page's state: the citizen's own benefits (display rows), «Добавить льготу» with
its staged documents, one-click renewal, and the СЗН certificates ordered here.

Every handler is guarded; the services find benefits only among the caller's own. Benefit ids
come back from the browser as text and the services parse them (``parse_id``).
"""

from __future__ import annotations

import reflex as rx

from gosapp.models.accounts import AccountLevel, utcnow
from gosapp.models.requests import Request
from gosapp.services.common.errors import DomainError
from gosapp.services.common.workdays import local_date
from gosapp.services.identity import levels
from gosapp.services.identity.accounts import InvalidForm
from gosapp.services.requests import cards, workflow
from gosapp.services.social import benefits, benefits_view, szn_certificates
from gosapp.services.social.benefits_review import KIND_LABELS
from gosapp.state.auth import AuthMixin, guarded
from gosapp.state.uploads import UploadsState

WIDGET = "benefit"
KIND_CODES = {label: code for code, label in KIND_LABELS.items()}
FIELDS = ("kind", "basis", "valid_from", "valid_to")
CERT_CODES = szn_certificates.TYPE_CODES


class BenefitsState(AuthMixin, rx.State):
    """What the page shows, to its owner only."""

    loaded: rx.Field[bool] = rx.field(False)
    rows: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    certificates: rx.Field[list[cards.RequestCard]] = rx.field(default_factory=list)
    gate: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    adding: rx.Field[bool] = rx.field(False)
    form_values: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    form_errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    notice: rx.Field[str] = rx.field("")
    cert_kind: rx.Field[str] = rx.field("")
    cert_error: rx.Field[str] = rx.field("")

    @rx.var
    def expiring(self) -> list[dict[str, str]]:
        """The benefits flagged to expire within 60 days (the overview's card)."""
        return [row for row in self.rows if row.get("flag")]

    def _reload(self) -> None:
        with self._signed_in() as (db, user):
            self.rows = benefits_view.rows(db, user, local_date(utcnow()))
            self.certificates = cards.cards(session=db, user=user, type_codes=CERT_CODES)
            self.gate = levels.level_gate(user, AccountLevel.STANDARD)
        self.loaded = True

    @rx.event
    @guarded
    def load(self):
        """The citizen's benefits; messages of an earlier visit are forgotten."""
        self.notice, self.form_errors, self.cert_error, self.adding = "", {}, "", False
        self._reload()

    @rx.event
    @guarded
    def open_form(self):
        """Show «Добавить льготу» (what was typed before is kept)."""
        self.adding, self.notice = True, ""

    @rx.event
    @guarded
    def close_form(self):
        """Hide the form."""
        self.adding, self.form_errors = False, {}

    @rx.event
    @guarded
    async def add(self, form: dict):
        """Create the benefit and its verification request with the staged documents."""
        self.form_values = {k: str(form.get(k, "")) for k in FIELDS}
        uploads = await self.get_state(UploadsState)  # before the transaction
        try:
            row = uploads._submit_with(
                WIDGET,
                lambda db, user, ids: _number(
                    db,
                    benefits.add_benefit(
                        session=db,
                        user=user,
                        form=_coded(self.form_values),
                        document_ids=ids,
                        actor=self._actor(user),
                    ),
                ),
            )
        except InvalidForm as exc:
            self.form_errors = exc.errors
            return None
        except DomainError as exc:
            self.form_errors = {"form": exc.message}
            return None
        self.form_values, self.form_errors, self.adding = {}, {}, False
        self.notice = f"Льгота отправлена на проверку: заявление {row[0]}, {row[1]}"
        self._reload()
        return rx.toast.success("Льгота отправлена на проверку")

    @rx.event
    @guarded
    def renew(self, benefit_id: str):
        """«Продлить»: one click submits the renewal prefilled from the benefit."""
        try:
            with self._signed_in(write=True) as (db, user):
                number = _number(
                    db,
                    benefits.renew(
                        session=db, user=user, benefit_id=benefit_id, actor=self._actor(user)
                    ),
                )
        except DomainError as exc:
            return rx.toast.error(exc.message)
        self.notice = f"Заявление на продление {number[0]} подано, {number[1]}"
        self._reload()
        return rx.toast.success("Заявление на продление подано")

    @rx.event
    @guarded
    def choose_certificate(self, code: str):
        """Pick a certificate type (only the known codes are kept)."""
        self.cert_kind = code if code in CERT_CODES else ""
        self.cert_error = ""

    @rx.event
    @guarded
    def order_certificate(self, form: dict):
        """Order the chosen СЗН certificate."""
        if not self.cert_kind:
            self.cert_error = "Выберите вид справки"
            return None
        try:
            with self._signed_in(write=True) as (db, user):
                workflow.create(
                    session=db,
                    applicant=user,
                    type_code=self.cert_kind,
                    data={"purpose": str(form.get("purpose", ""))},
                    actor=self._actor(user),
                )
        except InvalidForm as exc:
            self.cert_error = next(iter(exc.errors.values()), "Проверьте поля")
            return None
        except DomainError as exc:
            self.cert_error = exc.message
            return None
        self.cert_kind, self.cert_error = "", ""
        self._reload()
        return [
            rx.set_value("szn-cert-purpose", ""),
            rx.toast.success("Заявление на справку подано"),
        ]


def _number(db, row) -> tuple[str, str]:
    """The verification request's number and deadline wording («решение до …»)."""
    request = db.get_one(Request, row.request_id)
    return request.number, workflow.deadline_label(request)


def _coded(values: dict[str, str]) -> dict[str, str]:
    """The form with the benefit's label (the radio's value) turned into its code."""
    return {**values, "kind": KIND_CODES.get(values.get("kind", ""), "")}
