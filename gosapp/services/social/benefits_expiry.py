"""Expiring benefits (SPEC §4): benefits whose validity ends within 60, 30 or 7 days are
flagged, and their owner is told once per threshold.

The job (``jobs/benefits.py``) claims each notice with one conditional UPDATE that lowers
``Benefit.expiry_notice`` only where it is still above the due threshold and the end date is
still the one seen, and notifies in the same transaction: two workers, or a run after a
restart, never send a notice twice, and a run after a long pause sends only the nearest
threshold (not 60, 30 and 7 at once).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import or_, update
from sqlmodel import Session, col, select

from gosapp import routes
from gosapp.models.accounts import User, utcnow
from gosapp.models.social_benefits import Benefit, BenefitStatus
from gosapp.services.common.workdays import local_date
from gosapp.services.notifications.inbox import notify
from gosapp.services.social.benefits_review import KIND_LABELS

THRESHOLDS = (60, 30, 7)  # days before the end of validity, widest first
BATCH = 500


def due_threshold(valid_to: date | None, today: date) -> int | None:
    """The narrowest threshold the benefit is within (7, 30 or 60); None when further away,
    without an end date, or already expired."""
    if valid_to is None:
        return None
    left = (valid_to - today).days
    if left < 0:
        return None
    return next((t for t in reversed(THRESHOLDS) if left <= t), None)


def notify_due(session: Session, now: datetime | None = None) -> list[tuple[int, int]]:
    """Claim and send every notice due today (in the caller's transaction): (benefit, days)."""
    now = now or utcnow()
    today = local_date(now)
    sent = []
    for row in _candidates(session, today):
        threshold = due_threshold(row.valid_to, today)
        if threshold is not None and _claim(session, row, threshold):
            _tell(session, row, today)
            sent.append((row.id, threshold))
    return sent


def _not_yet(threshold: int):
    return or_(col(Benefit.expiry_notice).is_(None), col(Benefit.expiry_notice) > threshold)


def _candidates(session: Session, today: date) -> list[Benefit]:
    return list(
        session.exec(
            select(Benefit)
            .where(
                Benefit.status == BenefitStatus.ACTIVE,
                col(Benefit.valid_to) >= today,
                col(Benefit.valid_to) <= today + timedelta(days=THRESHOLDS[0]),
                _not_yet(THRESHOLDS[-1]),
            )
            .order_by(col(Benefit.id))
            .limit(BATCH)
        )
    )


def _claim(session: Session, row: Benefit, threshold: int) -> bool:
    """The conditional UPDATE: only one worker lowers the mark to ``threshold``."""
    changed = session.exec(
        update(Benefit)
        .where(
            col(Benefit.id) == row.id,
            col(Benefit.valid_to) == row.valid_to,
            col(Benefit.status) == BenefitStatus.ACTIVE,
            _not_yet(threshold),
        )
        .values(expiry_notice=threshold)
        .execution_options(synchronize_session=False)
    )
    return changed.rowcount == 1


def _tell(session: Session, row: Benefit, today: date) -> None:
    owner = session.get_one(User, row.owner_id)
    assert row.valid_to is not None  # selected with a date
    left = (row.valid_to - today).days
    when = "сегодня" if left == 0 else f"через {left} дн."
    notify(
        session=session,
        user=owner,
        title=f"Льгота истекает {when}",
        body=(
            f"Льгота «{KIND_LABELS.get(row.kind, 'льгота')}» действует до "
            f"{row.valid_to:%d.%m.%Y}. Продлите её в один клик на странице «Льготы»."
        ),
        link=routes.SZN_BENEFITS,
    )
