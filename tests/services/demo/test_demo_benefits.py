"""Demo benefits: the demo citizen has one in force, one expiring this month (renewable), one
on verification and one rejected; seeding twice adds nothing."""

from sqlmodel import select

from gosapp.models.accounts import User, utcnow
from gosapp.services.common.workdays import local_date
from gosapp.services.demo.accounts import seed_demo
from gosapp.services.demo.benefits import seed_benefits
from gosapp.services.social import benefits_view


def test_the_demo_citizen_has_benefits_in_every_status(session):
    seed_demo(session=session)
    assert seed_benefits(session=session) == 4
    session.commit()
    assert seed_benefits(session=session) == 0
    citizen = session.exec(select(User).where(User.email == "patient@demo.gosapp.ru")).one()
    today = local_date(utcnow())
    rows = benefits_view.rows(session, citizen, today)
    assert sorted(r["status"] for r in rows) == sorted(
        ["действует", "истекает", "на проверке", "отклонена"]
    )
    expiring = next(r for r in rows if r["status"] == "истекает")
    assert expiring["valid_to"].endswith(f".{today:%m.%Y}") and expiring["can_renew"] == "1"
    assert expiring["flag"] in ("7", "30")
