"""Demo health records: every demo patient has a chronic and a resolved diagnosis, a
recommendation due soon, vaccinations, an allergy and notes on visits with the demo doctor
(who may therefore open their card); seeding twice adds nothing."""

from datetime import timedelta

from sqlmodel import select

from gosapp.models.accounts import Role, User, utcnow
from gosapp.models.record import Recommendation, VisitNote
from gosapp.services.demo.accounts import DEMO_ACCOUNTS, seed_demo
from gosapp.services.demo.record import seed_records
from gosapp.services.demo.scheduling import seed_schedules
from gosapp.services.medical import record
from gosapp.services.medical.access import has_visit


def test_each_demo_patient_gets_a_record_once(session):
    seed_demo(session=session)
    seed_schedules(session=session)
    logins = [a.login for a in DEMO_ACCOUNTS if a.role == Role.CITIZEN]
    assert seed_records(session=session) == len(logins)
    assert seed_records(session=session) == 0
    doctor = session.exec(select(User).where(User.email == "doctor@demo.gosapp.ru")).one()
    soon = utcnow().date() + timedelta(days=2)
    for login in logins:
        patient = session.exec(select(User).where(User.email == login)).one()
        rec = record.load(session, patient.id)
        assert {d["status"] for d in rec.diagnoses} == {"active", "resolved"}
        assert len(rec.chronic) == 1 and rec.allergies and len(rec.vaccinations) == 3
        assert rec.visits and all(v["conclusion"] for v in rec.visits)
        assert has_visit(session, doctor.id, patient.id)
        due = session.exec(
            select(Recommendation).where(
                Recommendation.patient_id == patient.id, Recommendation.due_on == soon
            )
        ).all()
        assert len(due) == 1
    assert len(session.exec(select(VisitNote)).all()) >= len(logins)
