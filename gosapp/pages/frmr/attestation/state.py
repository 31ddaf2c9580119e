"""The attestation page's state: the doctor's own category, the requirement check for the
chosen category, the approved portfolio documents to attach, the application form and the
history of their applications, where an undecided one may be withdrawn after a confirmation
(``WithdrawState``, shared with the certificates page).

Every handler is guarded by the doctor role; the services check it again with ownership and
``submit`` re-checks the requirements itself, so nothing the page sends is trusted.
"""

from __future__ import annotations

import reflex as rx

from gosapp.models.accounts import Role, utcnow
from gosapp.services.common.errors import DomainError, Invalid
from gosapp.services.common.workdays import local_date
from gosapp.services.frmr import attestation, attestation_view
from gosapp.services.frmr.attestation_rules import Requirement
from gosapp.services.identity.accounts import InvalidForm
from gosapp.state.auth import AuthMixin, guarded
from gosapp.state.request_cards import WithdrawState
from gosapp.state.uploads import UploadsState

DOCTOR = Role.DOCTOR
WIDGET = "attestation"
RECORD = "record-"  # checkbox names: record-<portfolio record id>


def _errors(exc: DomainError) -> dict[str, str]:
    if isinstance(exc, InvalidForm):
        return dict(exc.errors)
    if isinstance(exc, Invalid):
        return {exc.field or "form": exc.message}
    return {"form": exc.message}


class AttestationState(WithdrawState, AuthMixin, rx.State):
    """What the page shows; ``owner`` is whose it is (the page shows it only to them)."""

    owner: rx.Field[int] = rx.field(0)
    loaded: rx.Field[bool] = rx.field(False)
    category: rx.Field[str] = rx.field("")
    valid_until: rx.Field[str] = rx.field("")
    expired: rx.Field[bool] = rx.field(False)
    reconfirm_note: rx.Field[str] = rx.field("")
    open_number: rx.Field[str] = rx.field("")
    targets: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    target: rx.Field[str] = rx.field("")
    target_label: rx.Field[str] = rx.field("")
    requirements: rx.Field[list[Requirement]] = rx.field(default_factory=list)
    all_met: rx.Field[bool] = rx.field(False)
    documents: rx.Field[list[attestation_view.DocumentChoice]] = rx.field(default_factory=list)
    history: rx.Field[list[attestation_view.HistoryRow]] = rx.field(default_factory=list)
    form_errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    notice: rx.Field[str] = rx.field("")
    _checks: dict[str, list[Requirement]] = {}

    def _reload(self) -> None:
        with self._signed_in(DOCTOR) as (db, user):
            data = attestation_view.attestation_page(
                session=db, user=user, today=local_date(utcnow())
            )
            self.owner, self.loaded = user.id, True
        self.category, self.valid_until, self.expired = (
            data.category,
            data.valid_until,
            data.expired,
        )
        self.reconfirm_note = data.reconfirm_note
        self.open_number, self.targets, self._checks = data.open_number, data.targets, data.checks
        if not self.open_number:  # «Заявление … отправлено» is about an application still open
            self.notice = ""
        self.documents, self.history = data.documents, data.history
        if self.target not in self._checks:
            met = [t for t, rows in self._checks.items() if all(r.met for r in rows)]
            self.target = (met or list(self._checks) or [""])[-1 if met else 0]
        self._show(self.target)

    def _show(self, target: str) -> None:
        self.requirements = list(self._checks.get(target, []))
        self.target_label = next((t["label"] for t in self.targets if t["value"] == target), "")
        self.all_met = bool(self.requirements) and all(r.met for r in self.requirements)

    @rx.event
    @guarded(DOCTOR)
    def load(self):
        """A fresh page: no messages, the best category the doctor may apply for chosen."""
        self.notice, self.form_errors, self.target, self.withdrawing = "", {}, "", ""
        self._reload()

    @rx.event
    @guarded(DOCTOR)
    def choose_target(self, target: str):
        """Show the check for another category (only ones the doctor may apply for)."""
        if isinstance(target, str) and target in self._checks:
            self.target, self.form_errors = target, {}
            self._show(target)

    @rx.event
    @guarded(DOCTOR)
    async def submit(self, form: dict):
        """File the application with the staged report and the ticked documents."""
        values = form if isinstance(form, dict) else {}
        records = [
            str(k)[len(RECORD) :]
            for k, v in values.items()
            if str(k).startswith(RECORD) and str(v).lower() in ("on", "true")
        ]
        target = self.target

        def send(db, user, ids):
            return attestation.submit(
                session=db,
                user=user,
                target=target,
                record_ids=records[:100],
                document_ids=ids,
                actor=self._actor(user, DOCTOR.value),
            )

        uploads = await self.get_state(UploadsState)
        try:
            request = uploads._submit_with(WIDGET, send)
        except DomainError as exc:
            self.form_errors = _errors(exc)
            return None
        self.form_errors = {}
        self.notice = f"Заявление {request.number} отправлено. Решение появится в истории ниже."
        self._reload()
        return rx.toast.success("Заявление отправлено")
