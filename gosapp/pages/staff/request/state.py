"""`/staff/requests/[staff_request_id]`: one request as staff see it, and the staff actions.

Every action sends the status the page shows (``seen_status``): if a colleague or the applicant
changed the request meanwhile, the engine refuses with «Заявление уже обработано…», the page
shows that message and reloads the request.
"""

from __future__ import annotations

from typing import NamedTuple

import reflex as rx
from sqlmodel import Session

from gosapp.models.accounts import User
from gosapp.pages.staff import STAFF
from gosapp.services.backoffice import actions, request_view
from gosapp.services.common.errors import DomainError, Invalid, NotFound
from gosapp.state.auth import AuthMixin, guarded


class DialogSpec(NamedTuple):
    """What an action's dialog says besides the type's wording (its question comes from it)."""

    hint: str
    text_label: str  # "" = the action takes no text
    confirm: str  # the confirm button; "" = the action's own button label
    color: str


DIALOGS = {
    "ask_info": DialogSpec(
        "Заявитель получит уведомление и сможет ответить или приложить файлы.",
        "Что нужно уточнить",
        "Отправить запрос",
        "blue",
    ),
    "approve": DialogSpec(
        "Решение нельзя будет изменить. Заявитель получит уведомление.",
        "Комментарий для заявителя (необязательно)",
        "",
        "green",
    ),
    "reject": DialogSpec(
        "Решение нельзя будет изменить. Причину увидит заявитель.", "Причина отказа", "", "red"
    ),
    "complete": DialogSpec(
        "После завершения в заявление больше нельзя будет писать.", "", "", "blue"
    ),
    "comment": DialogSpec(
        "Комментарий виден только сотрудникам, заявитель его не увидит.",
        "Комментарий",
        "Сохранить",
        "gray",
    ),
    "message": DialogSpec(
        "Заявитель получит уведомление и увидит сообщение в истории обращения.",
        "Сообщение",
        "Отправить",
        "blue",
    ),
}


class StaffRequestState(AuthMixin, rx.State):
    """The request's display strings; the open dialog's texts; errors."""

    owner: rx.Field[int] = rx.field(0)
    header: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    applicant: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    payload: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    documents: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    timeline: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    actions: rx.Field[list[str]] = rx.field(default_factory=list)
    no_action_reason: rx.Field[str] = rx.field("")  # one sentence when ``actions`` is empty
    action_labels: rx.Field[dict[str, str]] = rx.field(
        default_factory=dict
    )  # the buttons, as this request's type words them
    error: rx.Field[str] = rx.field("")
    missing: rx.Field[str] = rx.field("")
    dialog: rx.Field[str] = rx.field("")
    dialog_texts: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    dialog_error: rx.Field[str] = rx.field("")
    _wording: dict[str, dict[str, str]] = {}

    def _request_id(self) -> str:
        """The id from the address (``/staff/requests/<id>``)."""
        return str(self.router.url.path).rstrip("/").rsplit("/", 1)[-1]

    def _show(self, db: Session, user: User) -> None:
        try:
            view = request_view.request_detail(
                session=db, user=user, request_id=self._request_id(), actor=self._actor(user)
            )
        except DomainError as exc:
            self.missing, self.header, self.owner = exc.message, {}, user.id
            return
        shown = ("header", "applicant", "payload", "documents", "timeline", "actions")
        for name in (*shown, "no_action_reason"):
            setattr(self, name, view[name])
        self._wording = view["wording"]
        self.action_labels = {a: words["button"] for a, words in self._wording.items()}
        self.missing, self.owner = "", user.id

    def _reload(self) -> None:
        with self._signed_in(*STAFF, write=True) as (db, user):
            self._show(db, user)

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
        spec, words = DIALOGS[action], self._wording.get(action, {})
        self.dialog, self.dialog_error = action, ""
        self.dialog_texts = dict(
            title=words.get("title", ""),
            hint=spec.hint,
            label=spec.text_label,
            button=spec.confirm or words.get("button", ""),
            color=spec.color,
        )
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
        done = self._wording.get(action, {}).get("done", "Готово")
        try:
            with self._signed_in(*STAFF, write=True) as (db, user):
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
        return rx.toast.success(done)

    def _carry_out(self, db: Session, user: User, action: str, text: str) -> None:
        actor = self._actor(user)
        if action in actions.WRITE_ACTIONS:
            actions.write(
                session=db,
                user=user,
                request_id=self.header.get("id", ""),
                text=text,
                internal=action == "comment",
                actor=actor,
            )
            return
        actions.perform(
            session=db,
            user=user,
            request_id=self.header.get("id", ""),
            action=action,
            seen_status=self.header.get("status", ""),
            actor=actor,
            text=text,
        )
