"""The category reminder (SPEC §3): a year before a qualification category's validity ends,
its owner is told once to apply for attestation again.

The job (``jobs/attestation.py``) claims each reminder with one conditional UPDATE that sets
``MedicalWorkerProfile.category_reminded_for`` to the validity end it was seen with, only
where it is not that date yet and the date is still the one seen; the notice goes out in the
same transaction. Two workers, or a run after a restart, never send it twice; a new category
(a new date, reset by the approval hook) is reminded afresh.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import or_, update
from sqlmodel import Session, col, select

from gosapp import routes
from gosapp.models.accounts import User, utcnow
from gosapp.models.frmr import MedicalWorkerProfile, QualificationCategory
from gosapp.services.common.workdays import local_date
from gosapp.services.frmr import attestation_rules as rules
from gosapp.services.frmr.education_rules import anniversary
from gosapp.services.notifications.inbox import notify

BATCH = 500
P = MedicalWorkerProfile


def _not_reminded(until):
    return or_(col(P.category_reminded_for).is_(None), col(P.category_reminded_for) != until)


def remind_due(session: Session, now: datetime | None = None) -> list[int]:
    """Claim and send every reminder due today (in the caller's transaction): the profiles."""
    today = local_date(now or utcnow())
    sent = []
    for profile in _candidates(session, today):
        if _claim(session, profile):
            _tell(session, profile)
            sent.append(profile.id)
    return sent


def _candidates(session: Session, today: date) -> list[MedicalWorkerProfile]:
    """Profiles with a category ending within a year (not yet ended), not yet reminded."""
    return list(
        session.exec(
            select(P)
            .where(
                P.category != QualificationCategory.NONE,
                col(P.category_valid_until) >= today,
                col(P.category_valid_until) <= anniversary(today, rules.REMIND_YEARS_BEFORE),
                _not_reminded(col(P.category_valid_until)),
            )
            .order_by(col(P.id))
            .limit(BATCH)
        )
    )


def _claim(session: Session, profile: MedicalWorkerProfile) -> bool:
    """The conditional UPDATE: only one worker marks this validity end as reminded."""
    until = profile.category_valid_until
    changed = session.exec(
        update(P)
        .where(
            col(P.id) == profile.id,
            col(P.category_valid_until) == until,
            _not_reminded(until),
        )
        .values(category_reminded_for=until)
        .execution_options(synchronize_session=False)
    )
    return changed.rowcount == 1


def _tell(session: Session, profile: MedicalWorkerProfile) -> None:
    owner = session.get_one(User, profile.user_id)
    assert profile.category_valid_until is not None  # selected with a date
    label = rules.LABELS.get(str(profile.category), "")
    notify(
        session=session,
        user=owner,
        title="Квалификационная категория истекает через год",
        body=(
            f"Ваша {label} категория действует до {profile.category_valid_until:%d.%m.%Y}. "
            "Подайте заявление на аттестацию заранее."
        ),
        link=routes.ATTESTATION,
    )
