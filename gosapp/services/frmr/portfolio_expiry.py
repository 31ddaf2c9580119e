"""The expiry radar (SPEC §3): documents whose validity ends within 90, 30 or 7 days are
flagged, and their owner is told once per threshold.

The job (``jobs/portfolio.py``) claims each notice with one conditional UPDATE that lowers
``PortfolioRecord.expiry_notice`` only where it is still above the due threshold and the
date is still the one seen, and notifies in the same transaction: two workers, or a run after
a restart, never send a notice twice, and a run after a long pause sends only the nearest
threshold (not 90, 30 and 7 at once). A new date (a corrected version) starts afresh.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import or_, update
from sqlmodel import Session, col, select

from gosapp import routes
from gosapp.models.accounts import Role, User, UserRole, utcnow
from gosapp.models.portfolio import PortfolioRecord
from gosapp.services.common.workdays import local_date
from gosapp.services.frmr.portfolio_review import TYPE_LABELS
from gosapp.services.notifications.inbox import notify

THRESHOLDS = (90, 30, 7)  # days before the end of validity, widest first
BATCH = 500


@dataclass(frozen=True)
class Flag:
    """How a record stands: ``level`` is "expired", "7", "30", "90" or "" (nothing to say)."""

    level: str
    label: str


def due_threshold(valid_until: date | None, today: date) -> int | None:
    """The narrowest threshold the document is within (7, 30 or 90); None when further away,
    without a date, or already expired."""
    if valid_until is None:
        return None
    left = (valid_until - today).days
    if left < 0:
        return None
    return next((t for t in reversed(THRESHOLDS) if left <= t), None)


def flag(valid_until: date | None, today: date) -> Flag:
    """The badge the list shows: «истёк», «истекает через N дн.» or nothing."""
    if valid_until is None:
        return Flag("", "")
    left = (valid_until - today).days
    if left < 0:
        return Flag("expired", f"срок истёк {valid_until:%d.%m.%Y}")
    threshold = due_threshold(valid_until, today)
    if threshold is None:
        return Flag("", "")
    when = "сегодня" if left == 0 else f"через {left} дн."
    return Flag(str(threshold), f"истекает {when} — {valid_until:%d.%m.%Y}")


def expiring(session: Session, owner_id: int, today: date) -> list[PortfolioRecord]:
    """The owner's records (not archived) that expire within 90 days or have expired."""
    return list(
        session.exec(
            select(PortfolioRecord)
            .where(
                PortfolioRecord.owner_id == owner_id,
                col(PortfolioRecord.archived).is_(False),
                col(PortfolioRecord.valid_until).is_not(None),
                col(PortfolioRecord.valid_until) <= today + timedelta(days=THRESHOLDS[0]),
            )
            .order_by(col(PortfolioRecord.valid_until))
        )
    )


def notify_due(session: Session, now: datetime | None = None) -> list[tuple[int, int]]:
    """Claim and send every notice due today (in the caller's transaction): (record, days)."""
    now = now or utcnow()
    today = local_date(now)
    sent = []
    for row in _candidates(session, today):
        threshold = due_threshold(row.valid_until, today)
        if threshold is not None and _claim(session, row, threshold):
            _tell(session, row, today)
            sent.append((row.id, threshold))
    return sent


def _candidates(session: Session, today: date) -> list[PortfolioRecord]:
    """Live records of doctors within 90 days of expiry with a narrower notice still unsent."""
    doctors = select(UserRole.user_id).where(UserRole.role == Role.DOCTOR)
    return list(
        session.exec(
            select(PortfolioRecord)
            .where(
                col(PortfolioRecord.archived).is_(False),
                col(PortfolioRecord.owner_id).in_(doctors),
                col(PortfolioRecord.valid_until) >= today,
                col(PortfolioRecord.valid_until) <= today + timedelta(days=THRESHOLDS[0]),
                or_(
                    col(PortfolioRecord.expiry_notice).is_(None),
                    col(PortfolioRecord.expiry_notice) > THRESHOLDS[-1],
                ),
            )
            .order_by(col(PortfolioRecord.id))
            .limit(BATCH)
        )
    )


def _claim(session: Session, row: PortfolioRecord, threshold: int) -> bool:
    """The conditional UPDATE: only one worker lowers the mark to ``threshold``."""
    changed = session.exec(
        update(PortfolioRecord)
        .where(
            col(PortfolioRecord.id) == row.id,
            col(PortfolioRecord.valid_until) == row.valid_until,
            col(PortfolioRecord.archived).is_(False),
            or_(
                col(PortfolioRecord.expiry_notice).is_(None),
                col(PortfolioRecord.expiry_notice) > threshold,
            ),
        )
        .values(expiry_notice=threshold)
        .execution_options(synchronize_session=False)
    )
    return changed.rowcount == 1


def _tell(session: Session, row: PortfolioRecord, today: date) -> None:
    owner = session.get_one(User, row.owner_id)
    assert row.valid_until is not None  # selected with a date
    left = (row.valid_until - today).days
    notify(
        session=session,
        user=owner,
        title=f"Срок документа истекает через {left} дн.",
        body=(
            f"{TYPE_LABELS.get(row.doc_type, 'Документ')} № {row.number} действителен до "
            f"{row.valid_until:%d.%m.%Y}. Загрузите новый документ в портфолио."
        ),
        link=routes.PORTFOLIO,
    )
