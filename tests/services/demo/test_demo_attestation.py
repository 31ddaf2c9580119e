"""Demo attestation: the demo doctor (первая категория) has applied for высшая and the
application awaits the registrar; the career behind it passes the same check; seeding twice
adds nothing."""

from sqlmodel import select

from gosapp.models.accounts import User, utcnow
from gosapp.services.common.workdays import local_date
from gosapp.services.demo.accounts import seed_demo
from gosapp.services.demo.attestation import seed_attestation
from gosapp.services.demo.career import seed_career
from gosapp.services.demo.frmr import seed_frmr
from gosapp.services.demo.portfolio import seed_portfolios
from gosapp.services.demo.scheduling import seed_schedules
from gosapp.services.frmr import attestation, attestation_view, profile
from gosapp.services.requests import workflow


def test_the_demo_doctor_has_an_application_in_progress(session):
    seed_demo(session=session)
    for step in (seed_schedules, seed_portfolios, seed_frmr, seed_career):
        step(session=session)
    session.commit()
    assert seed_attestation(session=session) == 1
    session.commit()
    assert seed_attestation(session=session) == 0
    doctor = session.exec(select(User).where(User.email == "doctor@demo.gosapp.ru")).one()
    today = local_date(utcnow())
    page = attestation_view.attestation_page(session=session, user=doctor, today=today)
    assert page.category == "Первая" and page.valid_until
    assert page.open_number and page.history[0].status_label == "Подано"
    assert page.history[0].target == "Высшая"
    assert all(r.met for r in page.checks["highest"])  # the career meets the requirements
    request = attestation.open_application(session, doctor)
    assert request is not None
    assert len(workflow.payload_of(request)["portfolio_records"]) >= 1
    view = profile.profile_view(session=session, user=doctor)
    assert view.category.startswith("Первая, действует до ")
