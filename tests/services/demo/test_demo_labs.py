"""Demo lab results: two years of every panel for each demo patient, one analyte drifting out of
range, added once."""

from sqlmodel import col, func, select

from gosapp.models.accounts import Role, User
from gosapp.models.labs import LabFlag, LabResult
from gosapp.services.demo.accounts import DEMO_ACCOUNTS, seed_demo
from gosapp.services.demo.labs import DRAWS, seed_labs
from gosapp.services.medical.analytes import analytes


def test_demo_results_are_seeded_once_with_a_visible_trend(session):
    seed_demo(session=session)
    added = seed_labs(session=session)
    citizens = sum(a.role == Role.CITIZEN for a in DEMO_ACCOUNTS)
    assert added == citizens * DRAWS * len(analytes())
    assert seed_labs(session=session) == 0
    patient = session.exec(select(User).where(col(User.email) == "patient@demo.gosapp.ru")).one()
    chol = session.exec(
        select(LabResult)
        .where(col(LabResult.patient_id) == patient.id, col(LabResult.analyte_code) == "CHOL")
        .order_by(col(LabResult.taken_at))
    ).all()
    assert chol[0].flag == LabFlag.NORMAL and chol[-1].flag == LabFlag.HIGH
    assert chol[-1].value > chol[0].value + 1
    labs = session.exec(select(func.count(func.distinct(LabResult.laboratory)))).one()
    assert labs == 2
