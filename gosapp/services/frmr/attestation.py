"""The doctor's attestation application (SPEC §3): the requirement check on the doctor's own
data and ``submit``, which re-checks everything and files an ``attestation`` request.

Every function starts from ``require_doctor`` / ``own_profile`` and reads only the signed-in
doctor's rows (``owner_id == user.id``, ``applicant_id == user.id``). One open application per
doctor: ``submit`` serialises per doctor (an advisory lock on PostgreSQL, the write lock on
SQLite) before it looks for an open one, so two tabs sending at once file exactly one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from gosapp.db import serialize
from gosapp.models.accounts import User, utcnow
from gosapp.models.career import ExperiencePeriod, NmoActivity
from gosapp.models.portfolio import PortfolioRecord
from gosapp.models.requests import Request
from gosapp.services.common.audit import Actor
from gosapp.services.common.errors import Invalid, NotAllowed
from gosapp.services.common.workdays import local_date
from gosapp.services.frmr import attestation_rules as rules
from gosapp.services.frmr import career_files
from gosapp.services.frmr import education_rules as nmo
from gosapp.services.frmr import experience_rules as exp
from gosapp.services.frmr.attestation_review import TYPE_CODE
from gosapp.services.frmr.education import settings_of
from gosapp.services.frmr.portfolio import latest_decision, require_doctor
from gosapp.services.frmr.portfolio_review import APPROVED, decisions
from gosapp.services.frmr.profile import own_profile
from gosapp.services.requests import workflow

NO_REPORT = "Приложите отчёт о профессиональной деятельности (PDF, DOCX, JPG или PNG)"
NO_RECORDS = "Отметьте хотя бы один подтверждённый документ портфолио"
OPEN_ALREADY = (
    "Заявление на аттестацию уже на рассмотрении. Новое можно подать после решения по нему."
)
WRONG_TARGET = "Выберите категорию из списка: выше текущей или подтверждение текущей"
UNMET = "Требования для заявленной категории не выполнены — см. проверку выше"


@dataclass(frozen=True)
class Standing:
    """What the check is computed from: the doctor's own category and career on a day."""

    current: str
    valid_until: date | None
    medical: exp.Duration
    accredited: date | None
    cycle_points: int
    today: date

    def targets(self) -> list[str]:
        """What the doctor may apply for: the current category to confirm, higher ones."""
        return rules.targets(self.current, self.valid_until, self.today)

    def check(self, target: str) -> list[rules.Requirement]:
        """The requirements for ``target``."""
        return rules.check(
            current=self.current,
            target=target,
            until=self.valid_until,
            medical=self.medical,
            accredited=self.accredited,
            cycle_points=self.cycle_points,
            today=self.today,
        )


def standing(session: Session, user: User, today: date) -> Standing:
    """The signed-in doctor's category, fixed medical experience and verified cycle points."""
    profile = own_profile(session, user)
    settings = settings_of(session, user)
    accredited = settings.accredited_on if settings else None
    return Standing(
        current=str(profile.category or "none"),
        valid_until=profile.category_valid_until,
        medical=_medical(session, user, today),
        accredited=accredited,
        cycle_points=_cycle_points(session, user, accredited, today),
        today=today,
    )


def _medical(session: Session, user: User, today: date) -> exp.Duration:
    periods = session.exec(
        select(ExperiencePeriod).where(
            ExperiencePeriod.owner_id == user.id, col(ExperiencePeriod.medical).is_(True)
        )
    ).all()
    status = decisions(session, [p.request_id for p in periods])
    fixed = [p for p in periods if status[p.request_id].status == APPROVED]
    return exp.total([exp.Span(p.started_on, p.ended_on) for p in fixed], today)


def _cycle_points(session: Session, user: User, accredited: date | None, today: date) -> int:
    if accredited is None:
        return 0
    rows = session.exec(select(NmoActivity).where(NmoActivity.owner_id == user.id)).all()
    # an activity awaiting its certificate has no request yet, and no points
    sent = {a.request_id: a for a in rows if a.request_id is not None}
    status = decisions(session, list(sent))
    entries = [
        nmo.Entry(a.finished_on, a.points, True)
        for request_id, a in sent.items()
        if status[request_id].status == APPROVED
    ]
    return nmo.progress(entries, accredited, today, None).cycle_points


def approved_records(session: Session, user: User) -> list[PortfolioRecord]:
    """The doctor's live portfolio records whose newest version is approved."""
    require_doctor(session, user)
    rows = session.exec(
        select(PortfolioRecord)
        .where(PortfolioRecord.owner_id == user.id, col(PortfolioRecord.archived).is_(False))
        .order_by(col(PortfolioRecord.issued_on).desc(), col(PortfolioRecord.id))
    ).all()
    return [r for r in rows if latest_decision(session, r).status == APPROVED]


def open_application(session: Session, user: User) -> Request | None:
    """The doctor's application still awaiting a decision, if any."""
    return session.exec(
        select(Request).where(
            Request.applicant_id == user.id,
            Request.type_code == TYPE_CODE,
            col(Request.status).in_([s.value for s in workflow.OPEN_STATUSES]),
        )
    ).first()


def _chosen(session: Session, user: User, record_ids: list) -> list[int]:
    wanted = {str(i) for i in (record_ids or [])}
    allowed = {str(r.id): r.id for r in approved_records(session, user)}
    if not wanted or not wanted <= set(allowed):  # someone else's id, a pending one, junk
        raise Invalid("records", NO_RECORDS)
    return sorted(allowed[i] for i in wanted)


def submit(
    *,
    session: Session,
    user: User,
    target: object,
    record_ids: list,
    document_ids: list[int],
    actor: Actor,
    now: datetime | None = None,
) -> Request:
    """File the application for ``target`` with the staged report and chosen records.

    Raises NotAllowed (not a doctor, an application already open), Invalid("target" /
    "requirements" / "records" / "file")."""
    now = now or utcnow()
    require_doctor(session, user)
    serialize(session, f"attestation:{user.id}")  # two tabs at once: one application
    if open_application(session, user) is not None:
        raise NotAllowed(OPEN_ALREADY)
    mine = standing(session, user, local_date(now))
    target = str(target or "")
    if target not in mine.targets():
        raise Invalid("target", WRONG_TARGET)
    if rules.unmet(mine.check(target)):
        raise Invalid("requirements", UNMET)
    records = _chosen(session, user, record_ids)
    documents = career_files.staged_files(session, user, document_ids, NO_REPORT)
    assert mine.accredited is not None  # the points rule is unmet without it
    due = rules.points_due(nmo.cycle_at(mine.accredited, mine.today).start, mine.today)
    return career_files.send_for_check(
        session,
        user,
        type_code=TYPE_CODE,
        payload={
            "target": target,
            "current": mine.current,
            "experience": mine.medical.text(),
            "points": f"{mine.cycle_points} (положено к дате подачи: {due})",
            "portfolio_records": records,
        },
        documents=documents,
        actor=actor,
        now=now,
    )
