"""The expiry radar: flags at 90/30/7 days, and the job notifies once per threshold (a second
run, or a second worker, sends nothing; a new date starts afresh)."""

from datetime import UTC, date, datetime, timedelta

from sqlmodel import select

from gosapp.jobs import portfolio as job
from gosapp.models.notifications import Notification
from gosapp.services.frmr import portfolio, portfolio_expiry, portfolio_view
from tests.personas import make_persona
from tests.services.frmr.portfolio_setup import ACTOR, FORM, add, decide, make_doctor, stage

VALID_UNTIL = date(2027, 3, 15)  # FORM's date


def at(days_before: int) -> datetime:
    """Noon (Moscow) ``days_before`` the end of validity."""
    day = VALID_UNTIL - timedelta(days=days_before)
    return datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC)


def notices(session, user) -> list[str]:
    session.expire_all()
    rows = session.exec(select(Notification).where(Notification.user_id == user.id)).all()
    return [n.title for n in rows if n.title.startswith("Срок документа")]


def test_flags_follow_the_thresholds():
    flag = portfolio_expiry.flag
    assert flag(VALID_UNTIL, VALID_UNTIL - timedelta(days=91)).level == ""
    assert flag(VALID_UNTIL, VALID_UNTIL - timedelta(days=90)).level == "90"
    assert flag(VALID_UNTIL, VALID_UNTIL - timedelta(days=30)).level == "30"
    assert flag(VALID_UNTIL, VALID_UNTIL - timedelta(days=7)).label.startswith("истекает через 7")
    assert flag(VALID_UNTIL, VALID_UNTIL + timedelta(days=1)).level == "expired"
    assert flag(None, VALID_UNTIL).level == ""


def test_the_job_notifies_once_per_threshold(engine, session):
    doctor = make_doctor(session)
    row = add(session, doctor)
    add(session, doctor, {"number": "БЕЗ-СРОКА", "valid_until": ""})
    assert job.run_once(engine, at(120)) == 0
    assert job.run_once(engine, at(89)) == 1
    assert job.run_once(engine, at(89)) == 0  # the same day again
    assert job.run_once(engine, at(60)) == 0  # still within the 90-day threshold
    assert job.run_once(engine, at(30)) == 1
    assert job.run_once(engine, at(20)) == 0
    assert job.run_once(engine, at(5)) == 1
    assert job.run_once(engine, at(1)) == 0
    assert notices(session, doctor) == [
        "Срок документа истекает через 89 дн.",
        "Срок документа истекает через 30 дн.",
        "Срок документа истекает через 5 дн.",
    ]
    [card] = [
        c
        for c in portfolio_view.records(
            session=session, user=doctor, filters=portfolio_view.Filters(), today=at(5).date()
        )
        if c.id == str(row.id)
    ]
    assert card.flag_level == "7"


def test_a_late_run_sends_only_the_nearest_threshold_and_a_new_date_starts_afresh(engine, session):
    doctor, registrar = make_doctor(session), make_persona(session, "registrar").user
    row = add(session, doctor)
    assert job.run_once(engine, at(6)) == 1  # the job was down for months: one notice, not three
    assert notices(session, doctor) == ["Срок документа истекает через 6 дн."]
    decide(session, registrar, row, "approve")
    portfolio.add_version(
        session=session,
        user=doctor,
        record_id=row.id,
        form={**FORM, "valid_until": "20.03.2027"},
        document_ids=[stage(session, doctor).id],
        actor=ACTOR,
    )
    session.commit()
    assert job.run_once(engine, at(6)) == 1  # 11 days before the new date: the 30-day notice
    assert len(notices(session, doctor)) == 2


def test_archived_records_and_former_doctors_are_not_notified(engine, session):
    doctor = make_doctor(session)
    row = add(session, doctor)
    portfolio.set_archived(
        session=session, user=doctor, record_id=row.id, archived=True, actor=ACTOR
    )
    session.commit()
    assert job.run_once(engine, at(3)) == 0
    assert portfolio_view.radar(session=session, user=doctor, today=at(3).date()) == []
