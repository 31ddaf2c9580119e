"""The state of `/frmr/apply`: the user's current application, the form's saved values and
errors, and saving or submitting it with the two scan widgets."""

from __future__ import annotations

import reflex as rx

from gosapp.services.common.errors import DomainError
from gosapp.services.frmr import applications, register
from gosapp.services.identity import levels
from gosapp.services.identity.accounts import InvalidForm
from gosapp.services.requests import workflow
from gosapp.state.auth import AuthMixin, guarded
from gosapp.state.uploads import UploadsState

DIPLOMA, ACCREDITATION = "frmr-diploma", "frmr-accreditation"
NEEDED = register.TYPES[0].level
CATEGORY_CODES = {label: code for code, label in register.CATEGORIES.items()}
NO_CATEGORY = register.CATEGORIES["none"]
# what a failed scan check is called on the page: the widgets' error places
SCAN_ERRORS = {"diploma_documents": "diploma", "accreditation_documents": "accreditation"}


class FrmrApplyState(AuthMixin, rx.State):
    """The applicant's own application (status, reason of a refusal) and its form."""

    gate: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    registered: rx.Field[bool] = rx.field(False)
    application: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    specialties: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    values: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    form_key: rx.Field[int] = rx.field(0)  # a new key remounts the form with ``values``
    form_errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    done: rx.Field[str] = rx.field("")
    intent: rx.Field[str] = rx.field("submit")  # which button sent the form
    # the category radio's label as chosen now: «Категория действует до» shows with a category
    category_chosen: rx.Field[str] = rx.field("")
    loaded: rx.Field[bool] = rx.field(False)

    def _reload(self) -> None:
        with self._signed_in() as (db, user):
            self.gate = levels.level_gate(user, NEEDED)
            self.registered = register.is_registered(db, user.id)
            view = applications.application_view(db, user)
            current = register.current_application(db, user)
            self.values = applications.form_values(current if view and view.editable else None)
            self.specialties = register.specialty_choices(db)
        self.application = _as_dict(view)
        self.values = {
            **self.values,
            "category": register.CATEGORIES[self.values["category"] or "none"],
        }
        self.category_chosen = self.values["category"]
        self.form_key += 1
        self.loaded = True

    @rx.event
    @guarded
    def load(self):
        """The current application and its form; messages of an earlier visit are forgotten."""
        self.form_errors, self.done, self.intent = {}, "", "submit"
        self._reload()

    @rx.event
    @guarded
    def set_intent(self, intent: str):
        """«Сохранить черновик» or «Подать» was pressed (the form's submit follows)."""
        self.intent = "draft" if intent == "draft" else "submit"

    @rx.event
    @guarded
    def choose_category(self, label: str):
        """A category radio was picked: the validity date shows for any but «Без категории»."""
        self.category_chosen = label if label in CATEGORY_CODES else NO_CATEGORY

    @rx.event
    @guarded
    async def submit(self, form: dict):
        """Save or send the application with the staged scans; errors go beside the fields."""
        data = {key: str(form.get(key, "") or "") for key in register.TEXT_FIELDS}
        data["category"] = CATEGORY_CODES.get(data["category"], "none")
        uploads = await self.get_state(UploadsState)  # before the transaction, never inside
        try:
            with self._signed_in(write=True) as (db, user):
                mine = uploads._owner_id == user.id
                request = register.apply(
                    session=db,
                    user=user,
                    data=data,
                    diploma_ids=uploads._staged_ids(DIPLOMA) if mine else [],
                    accreditation_ids=uploads._staged_ids(ACCREDITATION) if mine else [],
                    actor=self._actor(user),
                    submit=self.intent != "draft",
                )
                number, status = request.number, request.status
        except InvalidForm as exc:
            self.form_errors = {SCAN_ERRORS.get(k, k): v for k, v in exc.errors.items()}
            typed = {k: str(form.get(k, "") or "") for k in register.TEXT_FIELDS if k in form}
            self.values = {**self.values, **typed}  # nothing typed is lost
            return None
        except DomainError as exc:
            self.form_errors = {"form": exc.message}
            return None
        uploads._clear_staged(DIPLOMA)
        uploads._clear_staged(ACCREDITATION)
        self._reload()
        self.form_errors = {}
        self.done = (
            f"Черновик {number} сохранён — подайте его, когда будете готовы"
            if status == "draft"
            else f"Заявление {number} подано. {self.application.get('deadline', '').capitalize()}"
        )
        return rx.scroll_to("frmr-application")

    @rx.event
    @guarded
    def answer(self, form: dict):
        """Answer the registrar's question (the engine checks it is the user's and waiting)."""
        try:
            with self._signed_in(write=True) as (db, user):
                workflow.transition(
                    session=db,
                    request_id=self.application.get("id", "0"),
                    action="answer",
                    user=user,
                    actor=self._actor(user),
                    text=str(form.get("text", "")),
                    seen_status="needs_info",
                )
        except DomainError as exc:
            self.form_errors = {"answer": exc.message}
            return None
        self._reload()
        self.form_errors = {}
        return rx.toast.success("Ответ отправлен")


def _as_dict(view: applications.ApplicationView | None) -> dict[str, str]:
    if view is None:
        return {}
    return {
        "id": view.id,
        "number": view.number,
        "status": view.status,
        "status_label": view.status_label,
        "deadline": view.deadline,
        "reason": view.reason,
        "editable": "1" if view.editable else "",
        "question": view.question,
    }
