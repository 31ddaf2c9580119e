"""Demo НМО and experience: five years of points (the previous cycle closed at 240 of 250, the
current one behind with a certificate on check and one rejected), overlapping periods counted
once; seeding twice adds nothing."""

from datetime import timedelta

from sqlmodel import select

from gosapp.models.accounts import User, utcnow
from gosapp.models.career import NmoActivity
from gosapp.services.common.workdays import local_date
from gosapp.services.demo.accounts import seed_demo
from gosapp.services.demo.career import PERIODS, seed_career
from gosapp.services.frmr import education, education_view, experience
from gosapp.services.frmr.experience_rules import Span, total


def test_the_demo_doctor_has_a_career(session):
    seed_demo(session=session)
    assert seed_career(session=session) == 18
    session.commit()
    assert seed_career(session=session) == 0
    doctor = session.exec(select(User).where(User.email == "doctor@demo.gosapp.ru")).one()
    today = local_date(utcnow())
    board = education_view.dashboard(session=session, user=doctor, today=today)
    assert board.set_up and board.behind
    assert (board.cycle_points, board.cycle_pending) == (12, 18)
    assert len(board.chart) >= 6  # five years of history and this one
    assert {a.status for a in board.activities} == {"approved", "pending", "rejected"}
    # the previous cycle, seen on its last day: nearly complete
    settings = education.settings_of(session, doctor)
    assert settings is not None and settings.accredited_on is not None
    last_day = education_view.rules.cycle_at(settings.accredited_on, today).start - timedelta(
        days=1
    )
    before = education_view.dashboard(session=session, user=doctor, today=last_day)
    assert before.cycle_points == 240 and before.behind
    assert session.exec(select(NmoActivity).where(NmoActivity.owner_id == doctor.id)).all()

    summary = experience.summary(session=session, user=doctor, today=today)
    assert [p.status for p in summary.periods].count("pending") == 1
    main = [Span(p[4], p[5]) for p in PERIODS if p[3] == "main"]
    assert summary.total == total(main, today).text()  # the part-time job inside adds nothing
    assert summary.with_pending != summary.total  # the pending one starts before the second job
