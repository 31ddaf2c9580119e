"""Demo register: profiles for the demo doctors (with and without photos), the medic's pending
application, every register status in the demo requests — and a second seeding adds nothing."""

from sqlalchemy import func
from sqlmodel import select

from gosapp.models.accounts import Role, User
from gosapp.models.frmr import MedicalWorkerProfile
from gosapp.models.requests import Request, RequestStatus
from gosapp.models.scheduling import Resource
from gosapp.services.demo.accounts import seed_demo
from gosapp.services.demo.frmr import EXTRA_DOCTORS, seed_frmr
from gosapp.services.demo.requests import seed_requests
from gosapp.services.demo.scheduling import seed_schedules
from gosapp.services.frmr import register
from gosapp.services.identity.roles import roles_of


def seed_all(session) -> int:
    seed_demo(session=session)
    seed_requests(session=session)
    seed_schedules(session=session)
    added = seed_frmr(session=session)
    session.commit()
    return added


def test_demo_doctors_have_profiles_some_with_photos_and_the_medic_waits(session):
    assert seed_all(session) > 0
    doctor = session.exec(select(User).where(User.email == "doctor@demo.gosapp.ru")).one()
    assert register.is_registered(session, doctor.id)
    profiles = session.exec(select(MedicalWorkerProfile)).all()
    linked = {r.user_id for r in session.exec(select(Resource)) if r.user_id}
    booked = [p for p in profiles if p.user_id in linked]
    assert len(booked) == 1 + EXTRA_DOCTORS
    with_photo = [p for p in booked if p.photo_document_id]
    assert 0 < len(with_photo) < len(booked)
    assert all(Role.DOCTOR in roles_of(session, p.user_id) for p in profiles)
    medic = session.exec(select(User).where(User.email == "medic@demo.gosapp.ru")).one()
    pending = register.current_application(session, medic)
    assert pending is not None and pending.status == RequestStatus.SUBMITTED
    assert not register.is_registered(session, medic.id)
    patient = session.exec(select(User).where(User.email == "patient@demo.gosapp.ru")).one()
    assert Role.DOCTOR not in roles_of(session, patient.id)
    statuses = set(
        session.exec(select(Request.status).where(Request.type_code == register.TYPE_CODE)).all()
    )
    assert statuses == {s.value for s in RequestStatus}


def test_a_second_seeding_adds_nothing(session):
    seed_all(session)
    counts = [
        session.exec(select(func.count()).select_from(model)).one()
        for model in (MedicalWorkerProfile, Request, User)
    ]
    assert seed_frmr(session=session) == 0
    session.commit()
    assert counts == [
        session.exec(select(func.count()).select_from(model)).one()
        for model in (MedicalWorkerProfile, Request, User)
    ]
