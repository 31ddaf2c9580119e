"""The doctor's work experience (SPEC §3): periods sent for fixing («зафиксировано») as
``experience_check`` requests, and the page's data — each period with its status, the total
and medical experience with overlaps counted once, and the timeline's bars.

Every function starts from ``require_doctor`` and reads only ``owner_id == user.id``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlmodel import Session, col, select

from gosapp.models.accounts import User, utcnow
from gosapp.models.career import ExperiencePeriod
from gosapp.services.common.audit import Actor, record
from gosapp.services.common.workdays import local_date
from gosapp.services.frmr import career_corrections, career_files
from gosapp.services.frmr import experience_review as review
from gosapp.services.frmr import experience_rules as rules
from gosapp.services.frmr.portfolio import require_doctor
from gosapp.services.frmr.portfolio_review import decisions
from gosapp.services.identity.accounts import InvalidForm

NO_DOCUMENT = "Приложите подтверждающий документ (трудовая книжка, справка, договор)"
FIELDS = ("organisation", "inn", "position", "contract", "started_on", "ended_on")


def _form(form: object, today: date) -> review.PeriodForm:
    values = form if isinstance(form, dict) else {}
    data: dict = {k: str(values.get(k) or "")[:300] for k in FIELDS}
    data["leaving_reason"] = str(values.get("leaving_reason") or "")[:300]
    data["medical"] = str(values.get("medical") or "").lower() in ("on", "true", "1", "yes")
    parsed = review.TYPES[0].parse(data)
    if parsed.started_on > today:
        raise InvalidForm({"started_on": "Начало периода не может быть в будущем"})
    if parsed.ended_on and parsed.ended_on > today:
        raise InvalidForm({"ended_on": "Для текущей работы оставьте окончание пустым"})
    return parsed


def add_period(
    *,
    session: Session,
    user: User,
    form: dict,
    document_ids: list[int],
    actor: Actor,
    now: datetime | None = None,
) -> ExperiencePeriod:
    """«Добавить период»: the period and its documents, sent to staff for fixing."""
    now = now or utcnow()
    require_doctor(session, user)
    parsed = _form(form, local_date(now))
    documents = career_files.staged_files(session, user, document_ids, NO_DOCUMENT)
    request = career_files.send_for_check(
        session,
        user,
        type_code=review.TYPE_CODE,
        payload=parsed.model_dump(mode="json"),
        documents=documents,
        actor=actor,
        now=now,
    )
    row = ExperiencePeriod(
        owner_id=user.id, request_id=request.id, created_at=now, **parsed.model_dump()
    )
    session.add(row)
    session.flush()
    record(
        session=session,
        actor=actor,
        action="experience.period.add",
        object_type="experience",
        object_id=row.id,
    )
    return row


CORRECTION = career_corrections.Kind(
    model=ExperiencePeriod,
    form=review.PeriodForm,
    object_type="experience",
    action="experience.period.resubmit",
    not_found="Период не найден",
)


def rejected_period(
    *, session: Session, user: User, period_id: object, actor: Actor
) -> career_corrections.Correction:
    """«Исправить и отправить снова»: the doctor's own rejected period for the form."""
    return career_corrections.correction(
        session=session, user=user, kind=CORRECTION, row_id=period_id, actor=actor
    )


def resubmit_period(
    *,
    session: Session,
    user: User,
    period_id: object,
    form: dict,
    document_ids: list[int],
    actor: Actor,
    now: datetime | None = None,
) -> ExperiencePeriod:
    """The corrected period sent for fixing again (new documents optional)."""
    now = now or utcnow()
    row = career_corrections.resubmit(
        session=session,
        user=user,
        kind=CORRECTION,
        row_id=period_id,
        parse=lambda: _form(form, local_date(now)),
        document_ids=document_ids,
        actor=actor,
        now=now,
    )
    assert isinstance(row, ExperiencePeriod)
    return row


@dataclass
class PeriodRow:
    """One period as the page lists it, with its bar on the timeline (percent of the span)."""

    id: str
    organisation: str
    inn: str
    position: str
    contract: str
    part_time: bool
    dates: str
    reason: str
    medical: bool
    status: str
    status_label: str
    rejection: str
    left: str
    width: str


@dataclass
class Summary:
    """The totals and the periods; ``total`` counts fixed periods only."""

    total: str = ""
    medical: str = ""
    with_pending: str = ""
    has_pending: bool = False
    first_year: str = ""
    last_year: str = ""
    periods: list[PeriodRow] = field(default_factory=list)


def summary(*, session: Session, user: User, today: date) -> Summary:
    """The doctor's own periods, newest first, and the totals on ``today``."""
    require_doctor(session, user)
    found = session.exec(
        select(ExperiencePeriod)
        .where(ExperiencePeriod.owner_id == user.id)
        .order_by(col(ExperiencePeriod.started_on).desc(), col(ExperiencePeriod.id).desc())
    ).all()
    status = {k: v for k, v in decisions(session, [p.request_id for p in found]).items()}
    fixed = [p for p in found if status[p.request_id].status == "approved"]
    counted = [p for p in found if status[p.request_id].status in ("approved", "pending")]

    def spans(rows) -> list[rules.Span]:
        return [rules.Span(p.started_on, p.ended_on) for p in rows]

    result = Summary(
        total=rules.total(spans(fixed), today).text(),
        medical=rules.total(spans([p for p in fixed if p.medical]), today).text(),
        with_pending=rules.total(spans(counted), today).text(),
        has_pending=len(counted) > len(fixed),
    )
    first = min((p.started_on for p in found), default=today)
    result.first_year, result.last_year = str(first.year), str(today.year)
    width = max((today - first).days + 1, 1)
    for p in found:
        decision = status[p.request_id]
        end = p.ended_on or today
        result.periods.append(
            PeriodRow(
                id=str(p.id),
                organisation=p.organisation,
                inn=p.inn,
                position=p.position,
                contract=review.CONTRACTS.get(p.contract, p.contract),
                part_time=p.contract == "part_time",
                dates=f"{p.started_on:%d.%m.%Y} – "
                + (f"{p.ended_on:%d.%m.%Y}" if p.ended_on else "по настоящее время"),
                reason=p.leaving_reason,
                medical=p.medical,
                status=decision.status,
                status_label=review.STATUS_LABELS[decision.status],
                rejection=decision.reason,
                left=f"{(p.started_on - first).days * 100 / width:.2f}%",
                width=f"{max((end - p.started_on).days + 1, 1) * 100 / width:.2f}%",
            )
        )
    return result
