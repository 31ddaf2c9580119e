"""What the pages with request cards share (certificates, support): the cards themselves, an
answer to staff sent with staged files, withdrawing after a confirmation, and submitting a
draft (the history uses that too).

Mixins (``mixin=True``), not parent states: each page state stays a direct child of its parent
and gets its own copy of these vars and handlers. A page using them derives from
``SessionState`` too and defines ``_reload`` (which cards it shows).
"""

import reflex as rx

from gosapp.services.common.errors import DomainError
from gosapp.services.requests import workflow
from gosapp.services.requests.cards import RequestCard
from gosapp.state.auth import AuthMixin, guarded
from gosapp.state.uploads import UploadsState


class RequestCardsState(rx.State, mixin=True):
    """The user's cards and the error of the answer being sent."""

    cards: rx.Field[list[RequestCard]] = rx.field(default_factory=list)
    answer_error: rx.Field[str] = rx.field("")
    # the cards have been read once: until then a skeleton, not «пока нет»
    loaded: rx.Field[bool] = rx.field(False)

    def _reload(self) -> None:
        raise NotImplementedError  # each page knows which cards it shows

    async def _send_answer(self, widget: str, act, done: str, clear: str = ""):
        """Run ``act(db, user, document_ids)`` with the files staged in ``widget``. A refusal
        stays beside the field with the typed text kept; success reloads the cards, toasts
        ``done`` and empties the ``clear`` field."""
        uploads = await self.get_state(UploadsState)  # before the transaction, never inside
        try:
            uploads._submit_with(widget, act)
        except DomainError as exc:
            self.answer_error = exc.message
            return None
        self._reload()
        self.answer_error = ""
        return [*([rx.set_value(clear, "")] if clear else []), rx.toast.success(done)]


class WithdrawState(AuthMixin, mixin=True):
    """Withdrawing one of the user's undecided requests, after «Отозвать заявление?»."""

    withdrawing: rx.Field[str] = rx.field("")  # the card asking "are you sure?"

    def _reload(self) -> None:
        raise NotImplementedError  # each page knows which cards it shows

    @rx.event
    @guarded
    def ask_withdraw(self, request_id: str):
        """Show the confirmation on one card ("" hides it)."""
        self.withdrawing = str(request_id)

    @rx.event
    @guarded
    def withdraw(self, request_id: str):
        """Withdraw the request (the engine checks it is the user's and still undecided)."""
        try:
            with self._signed_in(write=True) as (db, user):
                workflow.transition(
                    session=db,
                    request_id=int(request_id) if str(request_id).isdigit() else 0,
                    action="withdraw",
                    user=user,
                    actor=self._actor(user),
                )
        except DomainError as exc:
            return rx.toast.error(exc.message)
        self._reload()
        self.withdrawing = ""
        return rx.toast.success("Заявление отозвано")


class DraftsState(AuthMixin, mixin=True):
    """«Подать»: submitting one of the user's drafts (cards and the history)."""

    def _reload(self) -> None:
        raise NotImplementedError  # each page knows which rows or cards it shows

    @rx.event
    @guarded
    def submit_draft(self, request_id: str):
        """Submit the draft (the engine checks it is the user's, still a draft, and allowed)."""
        try:
            with self._signed_in(write=True) as (db, user):
                request = workflow.submit_draft(
                    session=db,
                    request_id=int(request_id) if str(request_id).isdigit() else 0,
                    user=user,
                    actor=self._actor(user),
                )
                done = f"Заявление {request.number} подано, {workflow.deadline_label(request)}"
        except DomainError as exc:
            return rx.toast.error(exc.message)
        self._reload()
        return rx.toast.success(done)
