"""Demo НМО history and work experience for the demo doctor: five years of activities (the
previous cycle closed nearly complete — 240 of 250 — and the current one behind schedule,
with a certificate on check and one rejected), and overlapping experience periods (a part-
time job inside a main one, an open current job, one period still on check).

Dates are relative to today so the demo keeps its shape. Idempotent: a doctor who has any
НМО activity or experience period is left alone for that part.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlmodel import Session, select

from gosapp.models.accounts import Role, User, utcnow
from gosapp.models.career import ExperiencePeriod, NmoActivity
from gosapp.services.common.workdays import local_date
from gosapp.services.demo.portfolio import ACTOR, _doctors, _pdf, _user
from gosapp.services.documents import storage
from gosapp.services.frmr import education, experience
from gosapp.services.frmr.education_rules import anniversary
from gosapp.services.requests import workflow

REJECTED = "На сертификате не видны баллы ЗЕТ и номер. Загрузите полный скан."
# (days ago it finished, name, provider, kind, hours, points, decision: approve/reject/"")
ACTIVITIES = (
    (1990, "Артериальная гипертензия: новые рекомендации", "РМАНПО", "course", 36, 36, "approve"),
    (1800, "Школа терапевта", "РНМОТ", "conference", 16, 16, "approve"),
    (
        1620,
        "Сахарный диабет 2 типа",
        "НМИЦ эндокринологии",
        "module",
        6,
        6,
        "approve",
    ),
    (1450, "Хроническая сердечная недостаточность", "РМАНПО", "course", 36, 36, "approve"),
    (1260, "Национальный конгресс терапевтов", "РНМОТ", "conference", 14, 14, "approve"),
    (
        1090,
        "Антибактериальная терапия в амбулаторной практике",
        "ПМГМУ им. И. М. Сеченова",
        "course",
        36,
        36,
        "approve",
    ),
    (900, "Вебинар: ХОБЛ и бронхиальная астма", "РНМОТ", "webinar", 4, 4, "approve"),
    (
        720,
        "Неотложные состояния в терапии",
        "РНИМУ им. Пирогова",
        "course",
        36,
        36,
        "approve",
    ),
    (540, "Школа по кардиологии", "НМИЦ кардиологии", "seminar", 12, 12, "approve"),
    (400, "Диспансерное наблюдение", "РМАНПО", "module", 44, 44, "approve"),
    (200, "Клинические рекомендации по пневмонии", "РНМОТ", "webinar", 6, 6, "approve"),
    (120, "Анемии в практике терапевта", "НМИЦ гематологии", "module", 6, 6, "approve"),
    (60, "Фибрилляция предсердий", "РМАНПО", "course", 18, 18, ""),
    (30, "Вебинар: дислипидемии", "Учебный центр «Медик»", "webinar", 2, 2, "reject"),
)
ACCREDITED_DAYS_AGO = 300  # the current cycle started ~10 months ago
# (organisation, INN, position, contract, start, end or None, reason, medical, decision)
PERIODS = (
    (
        "ГБУЗ «Городская поликлиника № 1»",
        "7714012340",
        "Врач-терапевт участковый",
        "main",
        date(2003, 8, 1),
        date(2012, 6, 29),
        "Перевод в другую организацию",
        True,
        "approve",
    ),
    (
        "ГБУЗ «ГКБ № 52»",
        "7703012348",
        "Врач-терапевт",
        "main",
        date(2012, 7, 2),
        None,
        "",
        True,
        "approve",
    ),
    (
        "ООО «Клиника семейной медицины»",
        "5027012348",
        "Врач-терапевт",
        "part_time",
        date(2015, 9, 1),
        date(2019, 5, 31),
        "Окончание договора",
        True,
        "approve",
    ),
    (
        "АНО ДПО «Учебный центр «Медик»",
        "7728012340",
        "Преподаватель",
        "part_time",
        date(2010, 2, 1),
        date(2013, 6, 30),
        "Окончание договора",
        False,
        "",
    ),
)


def seed_career(*, session: Session, now: datetime | None = None) -> int:
    """The demo doctors' НМО history and experience periods; how many rows were created."""
    now = now or utcnow()
    registrar = _user(session, Role.REGISTRAR)
    created = 0
    for doctor in _doctors(session):
        if not session.exec(select(NmoActivity).where(NmoActivity.owner_id == doctor.id)).first():
            created += _nmo(session, doctor, registrar, now)
        mine = select(ExperiencePeriod).where(ExperiencePeriod.owner_id == doctor.id)
        if not session.exec(mine).first():
            created += _experience(session, doctor, registrar, now)
    return created


def _nmo(session: Session, doctor: User, registrar: User, now: datetime) -> int:
    today = local_date(now)
    accredited = anniversary(today - timedelta(days=ACCREDITED_DAYS_AGO), -5)
    form = {"accredited_on": f"{accredited:%d.%m.%Y}", "yearly_goal": "50"}
    education.save_settings(session=session, user=doctor, form=form, actor=ACTOR, now=now)
    for days, name, provider, kind, hours, points, decision in ACTIVITIES:
        finished = today - timedelta(days=days)
        started = finished - timedelta(days=max(hours // 8, 1) - 1)
        row = education.add_activity(
            session=session,
            user=doctor,
            form={
                "name": name,
                "provider": provider,
                "kind": kind,
                "started_on": f"{started:%d.%m.%Y}",
                "finished_on": f"{finished:%d.%m.%Y}",
                "hours": str(hours),
                "points": str(points),
            },
            document_ids=[_file(session, doctor, "сертификат.pdf")],
            actor=ACTOR,
            now=now,
        )
        assert row.request_id is not None  # added with its certificate: a request at once
        _decide(session, registrar, row.request_id, decision, now)
    return len(ACTIVITIES)


def _experience(session: Session, doctor: User, registrar: User, now: datetime) -> int:
    for org, inn, position, contract, start, end, reason, medical, decision in PERIODS:
        row = experience.add_period(
            session=session,
            user=doctor,
            form={
                "organisation": org,
                "inn": inn,
                "position": position,
                "contract": contract,
                "started_on": f"{start:%d.%m.%Y}",
                "ended_on": f"{end:%d.%m.%Y}" if end else "",
                "leaving_reason": reason,
                "medical": "on" if medical else "",
            },
            document_ids=[_file(session, doctor, "трудовая.pdf")],
            actor=ACTOR,
            now=now,
        )
        _decide(session, registrar, row.request_id, decision, now)
    return len(PERIODS)


def _file(session: Session, doctor: User, name: str) -> int:
    return storage.stage(session=session, owner_id=doctor.id, filename=name, data=_pdf()).id


def _decide(session: Session, registrar: User, request_id: int, action: str, now: datetime):
    if not action:
        return
    for step, text in (("claim", ""), (action, REJECTED if action == "reject" else "")):
        workflow.transition(
            session=session,
            request_id=request_id,
            action=step,
            user=registrar,
            actor=ACTOR,
            text=text,
            now=now,
        )
