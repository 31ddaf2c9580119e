"""Due-date reminders for recommendations (SPEC §2.3): 3 days before and on the due date, once
each, through the notifications core.

Like the visit reminders (``scheduling.reminders``), each reminder is claimed by one
conditional UPDATE that sets its mark only where it is still empty and the recommendation still
pending; only the worker whose UPDATE changed the row notifies, in the same transaction. A run
that missed the «3 days» moment but is still before the due date sends it late; on or after the
due date only the due-day reminder goes out (marking the early one done too), and a
recommendation more than ``LATE_LIMIT`` overdue is left alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_, func, or_, update
from sqlmodel import Session, col, select

from gosapp import routes
from gosapp.models.accounts import User, utcnow
from gosapp.models.record import Recommendation, RecommendationStatus
from gosapp.services.notifications.inbox import notify

DAYS_BEFORE = 3
LATE_LIMIT = timedelta(days=7)  # a reminder after a long outage would only confuse
BATCH = 200
PENDING = RecommendationStatus.PENDING


@dataclass(frozen=True)
class Sent:
    """Recommendation ids reminded 3 days before and on the due date in one run."""

    before: tuple[int, ...] = ()
    due: tuple[int, ...] = ()


def send_due(session: Session, today: date, now: datetime | None = None) -> Sent:
    """Claim and send the reminders due on local ``today`` (in the caller's transaction)."""
    now = now or utcnow()
    before, due = [], []
    for item in _due(session, today):
        assert item.due_on is not None  # the query asks for a due date
        if item.due_on <= today:
            if _claim(session, item.id, now, "reminded_due_at"):
                _remind(session, item, "сегодня" if item.due_on == today else "прошёл")
                due.append(item.id)
        elif _claim(session, item.id, now, "reminded_before_at"):
            _remind(session, item, f"до {item.due_on:%d.%m.%Y}")
            before.append(item.id)
    return Sent(tuple(before), tuple(due))


def _due(session: Session, today: date) -> list[Recommendation]:
    """Pending recommendations due within 3 days (or lately overdue) with a reminder to send."""
    return list(
        session.exec(
            select(Recommendation)
            .where(
                col(Recommendation.status) == PENDING,
                col(Recommendation.due_on) >= today - LATE_LIMIT,
                col(Recommendation.due_on) <= today + timedelta(days=DAYS_BEFORE),
                or_(
                    and_(
                        col(Recommendation.reminded_before_at).is_(None),
                        col(Recommendation.due_on) > today,
                    ),
                    and_(
                        col(Recommendation.reminded_due_at).is_(None),
                        col(Recommendation.due_on) <= today,
                    ),
                ),
            )
            .order_by(col(Recommendation.due_on), col(Recommendation.id))
            .limit(BATCH)
        )
    )


def _claim(session: Session, item_id: int, now: datetime, mark: str) -> bool:
    """Set ``mark`` where it is empty and the recommendation pending; True for the winner."""
    column = getattr(Recommendation, mark)
    values: dict = {mark: now}
    if mark == "reminded_due_at":
        values["reminded_before_at"] = func.coalesce(col(Recommendation.reminded_before_at), now)
    done = session.execute(
        update(Recommendation)
        .where(
            col(Recommendation.id) == item_id,
            col(column).is_(None),
            col(Recommendation.status) == PENDING,
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return done.rowcount == 1  # type: ignore[attr-defined]


def _remind(session: Session, item: Recommendation, when: str) -> None:
    patient = session.get(User, item.patient_id)
    if patient is None:
        return
    notify(
        session=session,
        user=patient,
        title=f"Напоминание: срок рекомендации врача — {when}",
        body="Рекомендация и её срок — в разделе «Моя карта здоровья».",
        link=routes.RECORD,
    )
