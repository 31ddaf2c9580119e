"""A request page's form that also keeps drafts (certificates, support): «Сохранить черновик»,
«Изменить» on a draft's card (the form fills with the draft), and «Отправить заявление» of the
draft being edited.

The form says which button sent it in a hidden ``intent`` field (``components.forms.
intent_button`` sets it as the click happens, before the browser builds the form data).
``form_key`` remounts the form, so its uncontrolled fields take the draft's values as their
defaults.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import reflex as rx
from sqlmodel import Session

from gosapp.models.accounts import User
from gosapp.services.common.errors import DomainError
from gosapp.services.requests import drafts, workflow
from gosapp.state.auth import AuthMixin, guarded

DRAFT = "draft"


class DraftFormState(AuthMixin, mixin=True):
    """Which of the user's drafts the form edits, and the values it starts with."""

    editing: rx.Field[str] = rx.field("")  # the draft's id; "" for a new request
    editing_number: rx.Field[str] = rx.field("")
    draft_values: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    form_key: rx.Field[int] = rx.field(0)

    def _form_values(self, type_code: str, values: dict[str, str]) -> dict[str, str]:
        """The draft's payload as the page's fields show it (pages override to map codes)."""
        return values

    def _form_id(self) -> str:
        raise NotImplementedError  # the element the page scrolls to when a draft is opened

    def _edit(self, request_id: object):
        """Fill the form with the user's draft (its own data, on its owner's page)."""
        with self._signed_in() as (db, user):
            request, values = drafts.draft_form(db, request_id, user)
        self.editing, self.editing_number = str(request.id), request.number
        self.draft_values = self._form_values(request.type_code, values)
        self.form_key += 1
        return rx.scroll_to(self._form_id())

    def _forget_draft(self) -> None:
        """An empty form for a new request."""
        self.editing = self.editing_number = ""
        self.draft_values = {}
        self.form_key += 1

    @rx.event
    @guarded
    def edit_draft(self, request_id: str):
        """«Изменить»: the draft's fields in the form (the service checks it is the user's)."""
        try:
            return self._edit(request_id)
        except DomainError as exc:
            return rx.toast.error(exc.message)

    @rx.event
    @guarded
    def stop_editing(self):
        """«Новое заявление»: leave the draft as it was saved and empty the form."""
        self._forget_draft()

    def _save_or_submit(
        self, intent: str, type_code: str, data: dict
    ) -> Callable[[Session, User, list[int]], Saved]:
        """What the form's submit does in one transaction with the staged files: keep a
        draft, submit the draft being edited, or create and submit a new request."""
        editing = self.editing

        def act(db: Session, user: User, document_ids: list[int]) -> Saved:
            actor = self._actor(user)
            if intent == DRAFT:
                request = drafts.keep_draft(
                    session=db,
                    user=user,
                    type_code=type_code,
                    data=data,
                    actor=actor,
                    request_id=editing,
                    document_ids=document_ids,
                )
            elif editing:
                request = drafts.submit_edited(
                    session=db,
                    user=user,
                    request_id=editing,
                    data=data,
                    actor=actor,
                    document_ids=document_ids,
                )
            else:
                request = workflow.create(
                    session=db,
                    applicant=user,
                    type_code=type_code,
                    data=data,
                    actor=actor,
                    document_ids=document_ids,
                )
            return Saved(str(request.id), request.number, workflow.deadline_label(request))

        return act

    def _after_save(self, intent: str, saved: Saved, type_code: str, data: dict) -> str:
        """The note under the form. A kept draft stays in the form (the next save updates
        it); a submitted request leaves an empty form."""
        if intent == DRAFT:
            self.editing, self.editing_number = saved.id, saved.number
            self.draft_values = self._form_values(type_code, {k: str(v) for k, v in data.items()})
            return f"Черновик {saved.number} сохранён — подайте его, когда будете готовы"
        self._forget_draft()
        return self._submitted_note(saved)

    def _submitted_note(self, saved: Saved) -> str:
        return f"Заявление {saved.number} подано, {saved.deadline}"


class Saved(NamedTuple):
    """What the page needs of a saved request once its transaction committed."""

    id: str
    number: str
    deadline: str


__all__ = ["DRAFT", "DraftFormState"]
