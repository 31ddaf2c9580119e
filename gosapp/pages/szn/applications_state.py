"""The allowance application page's state: the form autosaves into a server-side draft as
the citizen types (debounced on change, at once on blur), so nothing typed is lost; «Подать»
checks everything and submits the draft with the staged documents."""

from __future__ import annotations

import reflex as rx

from gosapp.models.accounts import utcnow
from gosapp.pages.szn.state import texts
from gosapp.services.common.errors import DomainError, NotAllowed
from gosapp.services.identity.accounts import InvalidForm
from gosapp.services.requests import workflow
from gosapp.services.social import applications
from gosapp.services.social.allowance import KIND_BY_CODE
from gosapp.settings import get_settings
from gosapp.state.auth import AuthMixin, guarded
from gosapp.state.uploads import UploadsState

FORM_WIDGET = "szn-allowance"
FIELDS = applications.FIELDS
CHILD_KINDS = [k.code for k in KIND_BY_CODE.values() if k.for_child]


class ApplicationsState(AuthMixin, rx.State):
    """The draft's values as typed, its id, the autosave note, errors, and the list."""

    loaded: rx.Field[bool] = rx.field(False)
    blocked: rx.Field[str] = rx.field("")
    values: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    draft_id: rx.Field[str] = rx.field("")
    saved_note: rx.Field[str] = rx.field("")
    form_errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    submitted: rx.Field[str] = rx.field("")
    form_key: rx.Field[int] = rx.field(0)
    rows: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)

    @rx.var
    def needs_child(self) -> bool:
        """The chosen allowance is for a child: ask for the child's data."""
        return self.values.get("kind", "") in CHILD_KINDS

    def _reload(self) -> None:
        try:
            with self._signed_in() as (db, user):
                self.rows = [texts(r) for r in applications.applications(session=db, user=user)]
                draft = applications.latest_draft(session=db, user=user)
                self.draft_id = str(draft.id) if draft else ""
                self.values = (
                    applications.draft_data(session=db, user=user, request_id=draft.id)
                    if draft
                    else {name: "" for name in FIELDS}
                )
        except NotAllowed as exc:
            self.blocked = exc.message
            return
        self.blocked = ""
        self.form_key += 1  # the form remounts with the draft's values

    @rx.event
    @guarded
    def load(self):
        """The applications, and the newest draft back in the form."""
        self.form_errors, self.submitted, self.saved_note = {}, "", ""
        self._reload()
        self.loaded = True

    @rx.event
    @guarded
    def edit(self, name: str, value: str):
        """Autosave one field: the draft is created on the first keystroke, then replaced."""
        if name not in FIELDS or not isinstance(value, str):
            return
        values = {**self.values, name: value[:200]}
        try:
            with self._signed_in(write=True) as (db, user):
                if self.draft_id:
                    applications.save(session=db, user=user, request_id=self.draft_id,
                                      data=values)  # fmt: skip
                else:
                    request = applications.start(session=db, user=user, data=values,
                                                 actor=self._actor(user))  # fmt: skip
                    self.draft_id = str(request.id)
        except InvalidForm as exc:
            self.form_errors = {**self.form_errors, **exc.errors}
            return
        except DomainError as exc:  # submitted or withdrawn from another tab
            self.saved_note = exc.message
            return
        self.values = values
        self.form_errors = {k: v for k, v in self.form_errors.items() if k != name}
        self.saved_note = f"Черновик сохранён в {utcnow().astimezone(get_settings().tz):%H:%M:%S}"

    @rx.event
    @guarded
    async def submit(self, form: dict):
        """«Подать»: everything checked; errors beside the fields, the draft kept."""
        values = {**self.values, **{k: str(form.get(k, "")) for k in FIELDS if k in form}}
        draft_id = self.draft_id

        def send(db, user, document_ids):
            nonlocal draft_id
            if not draft_id:
                request = applications.start(session=db, user=user, data=values,
                                             actor=self._actor(user))  # fmt: skip
                draft_id = str(request.id)
            request = applications.submit(session=db, user=user, request_id=draft_id,
                                          data=values, actor=self._actor(user),
                                          document_ids=document_ids)  # fmt: skip
            return request.number, workflow.deadline_label(request)

        uploads = await self.get_state(UploadsState)
        try:
            number, deadline = uploads._submit_with(FORM_WIDGET, send)
        except InvalidForm as exc:
            self.form_errors, self.values = exc.errors, values
            return
        except DomainError as exc:
            self.form_errors, self.values = {"form": exc.message}, values
            return
        self.submitted = f"Заявление {number} подано, {deadline}"
        self.form_errors, self.saved_note = {}, ""
        self._reload()
