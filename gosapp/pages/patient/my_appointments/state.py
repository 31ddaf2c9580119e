"""``MyAppointmentsState``: the signed-in patient's visits, offers and waiting entries, the
visit asking «Отменить?», and the calendar feed section.

Every handler is ``@guarded`` and passes the user to a service that checks ownership itself
(``booking``, ``waitlist``, ``visits``, ``feeds``); ids from the browser go through
``parse_id``. The feed's full address is the secret: it sits in ``feed_url`` only from
«Создать ссылку» until «Готово» or the next load, and is never read back from the database
(only its keyed hash is stored).
"""

from __future__ import annotations

import reflex as rx
from sqlmodel import Session

from gosapp.models.accounts import User
from gosapp.services.common.display import display_time
from gosapp.services.common.errors import DomainError
from gosapp.services.common.validation import parse_id
from gosapp.services.scheduling import booking, feeds, visits, waitlist
from gosapp.services.scheduling.visits import Offer, Visit, Waiting
from gosapp.state.auth import AuthMixin, guarded


class MyAppointmentsState(AuthMixin, rx.State):
    """«Мои записи»: what the patient has booked, was offered and waits for."""

    owner: rx.Field[int] = rx.field(0)  # whose visits the vars hold (shown only to them)
    upcoming: rx.Field[list[Visit]] = rx.field(default_factory=list)
    past: rx.Field[list[Visit]] = rx.field(default_factory=list)
    offers: rx.Field[list[Offer]] = rx.field(default_factory=list)
    waiting: rx.Field[list[Waiting]] = rx.field(default_factory=list)
    opened: rx.Field[str] = rx.field("")  # the number a notification link opened (?open=)
    cancelling: rx.Field[str] = rx.field("")  # the visit asking «Отменить запись?»
    cancelling_label: rx.Field[str] = rx.field("")
    feed_since: rx.Field[str] = rx.field("")  # when the live feed address was made; "" = none
    feed_url: rx.Field[str] = rx.field("")  # the new address, until «Готово» (shown once)
    feed_webcal: rx.Field[str] = rx.field("")

    def _fetch(self, db: Session, user: User) -> None:
        mine = visits.my_visits(session=db, patient=user)
        self.upcoming, self.past = mine.upcoming, mine.past
        self.offers, self.waiting = mine.offers, mine.waiting
        since = feeds.created_at(session=db, patient=user)
        self.feed_since = display_time(since)[:10] if since else ""
        self.owner = user.id

    def _reload(self) -> None:
        with self._signed_in() as (db, user):
            self._fetch(db, user)

    def _run(self, action, done: str):
        """``action(db, user)`` in a write transaction; a refusal becomes an error toast."""
        try:
            with self._signed_in(write=True) as (db, user):
                action(db, user)
        except DomainError as exc:
            self._reload()
            return rx.toast.error(exc.message)
        self._reload()
        return rx.toast.success(done)

    @rx.event
    @guarded
    def load(self):
        """The patient's visits; ``?open=<номер>`` scrolls to that visit and marks it."""
        self.cancelling = self.cancelling_label = self.feed_url = self.feed_webcal = ""
        self._reload()
        number = self.router.url.query_parameters.get("open", "")[:20]
        shown = [*self.upcoming, *self.past]
        visit = next((v for v in shown if number and v.number == number), None)
        self.opened = visit.number if visit else ""
        return rx.scroll_to("visit-" + visit.id) if visit else None

    @rx.event
    @guarded
    def ask_cancel(self, visit_id: str):
        """Open «Отменить запись?» for one upcoming visit ("" closes it)."""
        visit = next((v for v in self.upcoming if v.id == str(visit_id)), None)
        self.cancelling = visit.id if visit else ""
        self.cancelling_label = f"{visit.number}, {visit.when}, {visit.doctor}" if visit else ""

    @rx.event
    @guarded
    def dialog_changed(self, is_open: bool):
        """Escape, the overlay or «Не отменять» closed the dialog: nothing is cancelled."""
        if not is_open:
            self.cancelling = self.cancelling_label = ""

    @rx.event
    @guarded
    def cancel(self):
        """Cancel the visit the dialog asked about (booking checks owner and the 2 hours)."""
        visit_id, self.cancelling, self.cancelling_label = self.cancelling, "", ""

        def act(db: Session, user: User) -> None:
            booking.cancel(
                session=db, patient=user, appointment_id=parse_id(visit_id), actor=self._actor(user)
            )

        return self._run(act, "Запись отменена")

    @rx.event
    @guarded
    def accept(self, offer_id: str):
        """«Подтвердить» a waiting-list offer (or move the visit of that specialty there)."""

        def act(db: Session, user: User) -> None:
            visits.accept_offer(
                session=db, patient=user, appointment_id=parse_id(offer_id), actor=self._actor(user)
            )

        return self._run(act, "Запись подтверждена")

    @rx.event
    @guarded
    def decline(self, offer_id: str):
        """«Отказаться»: the slot goes back; the next in line gets it at the next scan."""

        def act(db: Session, user: User) -> None:
            booking.release(session=db, patient=user, appointment_id=parse_id(offer_id))

        return self._run(act, "Вы отказались от предложенного времени")

    @rx.event
    @guarded
    def leave(self, entry_id: str):
        """«Покинуть лист ожидания» for one of the patient's entries."""

        def act(db: Session, user: User) -> None:
            waitlist.leave(session=db, patient=user, entry_id=parse_id(entry_id))

        return self._run(act, "Вы покинули лист ожидания")

    @rx.event
    @guarded
    def create_feed(self):
        """A new feed address (an earlier one stops working), shown once."""
        with self._signed_in(write=True) as (db, user):
            url = feeds.create(session=db, patient=user, actor=self._actor(user))
        self.feed_url, self.feed_webcal = url, feeds.webcal_url(url)
        self._reload()

    @rx.event
    @guarded
    def hide_feed(self):
        """«Готово»: forget the address (it cannot be shown again)."""
        self.feed_url = self.feed_webcal = ""

    @rx.event
    @guarded
    def revoke_feed(self):
        """Switch the feed off: calendars following it get nothing more."""
        with self._signed_in(write=True) as (db, user):
            feeds.revoke(session=db, patient=user, actor=self._actor(user))
        self.feed_url = self.feed_webcal = ""
        self._reload()
        return rx.toast.success("Ссылка на календарь отключена")
