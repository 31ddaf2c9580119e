"""Demo portfolios: every status (a rejection with its reason, a corrected version), records
about to expire at each threshold, one archived; seeding twice adds nothing."""

from sqlmodel import select

from gosapp.models.accounts import User, utcnow
from gosapp.services.common.workdays import local_date
from gosapp.services.demo.accounts import seed_demo
from gosapp.services.demo.portfolio import seed_portfolios
from gosapp.services.demo.requests import seed_requests
from gosapp.services.frmr import portfolio_view


def test_the_demo_doctor_has_a_portfolio_in_every_status(session):
    seed_demo(session=session)
    seed_requests(session=session)
    assert seed_portfolios(session=session) > 0
    session.commit()
    assert seed_portfolios(session=session) == 0
    doctor = session.exec(select(User).where(User.email == "doctor@demo.gosapp.ru")).one()
    today = local_date(utcnow())
    active = portfolio_view.records(
        session=session, user=doctor, filters=portfolio_view.Filters(), today=today
    )
    archived = portfolio_view.records(
        session=session, user=doctor, filters=portfolio_view.Filters(show="archived"), today=today
    )
    assert {c.status for c in active} == {"approved", "pending", "rejected"}
    assert {c.flag_level for c in active} >= {"7", "30", "90"}
    corrected = next(c for c in active if len(c.versions) == 2)
    assert [v.status for v in corrected.versions] == ["approved", "rejected"]
    assert corrected.versions[1].reason
    assert any(c.status == "rejected" and c.can_correct and c.reason for c in active)
    assert [c.flag_level for c in archived] == [""]
    assert len(portfolio_view.radar(session=session, user=doctor, today=today)) == 3
