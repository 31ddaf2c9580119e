"""Demo visit statistics: the demo doctor has a year of past visits (mostly held, some no-
shows and cancellations, mornings busiest) on the filler patients only, so the demo accounts'
stories stay as they were; seeding twice adds nothing."""

from sqlalchemy import func
from sqlmodel import col, select

from gosapp.models.accounts import User
from gosapp.models.scheduling import Appointment
from gosapp.services.demo.accounts import seed_demo
from gosapp.services.demo.frmr import seed_frmr
from gosapp.services.demo.scheduling import seed_schedules
from gosapp.services.demo.visit_stats import seed_visit_stats
from gosapp.services.scheduling import doctor_stats


def visits_of_demo_accounts(session) -> int:
    demo = select(User.id).where(
        col(User.email).like("%@demo.gosapp.ru"), col(User.email).notlike("demo-patient-%")
    )
    return session.exec(
        select(func.count()).select_from(Appointment).where(col(Appointment.patient_id).in_(demo))
    ).one()


def test_the_demo_doctor_has_a_year_of_visits(session):
    seed_demo(session=session)
    seed_schedules(session=session)
    seed_frmr(session=session)
    before = visits_of_demo_accounts(session)
    added = seed_visit_stats(session=session)
    assert added > 600
    session.commit()
    assert seed_visit_stats(session=session) == 0
    assert visits_of_demo_accounts(session) == before  # the demo accounts' stories unchanged

    doctor = session.exec(select(User).where(User.email == "doctor@demo.gosapp.ru")).one()
    year = doctor_stats.statistics(
        session=session, viewer=doctor, doctor_id=doctor.id, period="year"
    )
    assert year.completed > 10 * year.no_show > 0 and year.cancelled > 0
    assert year.rate is not None and 0.03 < year.rate < 0.2
    assert year.average_minutes is not None and year.average_minutes >= 15
    assert year.busiest is not None and year.busiest.hour < 13
    quarter = doctor_stats.statistics(
        session=session, viewer=doctor, doctor_id=doctor.id, period="quarter"
    )
    past = quarter.weeks[:-1]  # this week is the schedules step's
    assert sum(1 for w in past if w.completed) >= len(past) - 2  # New Year holidays aside
