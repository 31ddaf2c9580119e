"""Who may see a patient's data: the patient, a doctor with a visit, a doctor with a live share
(exactly the shared rows); nobody else, and every look by someone else is logged for the patient."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from gosapp.models.accounts import Role, UserRole, utcnow
from gosapp.models.audit import AuditEvent
from gosapp.models.labs import DataAccess, LabShare, LabShareItem
from gosapp.models.scheduling import Appointment, AppointmentStatus
from gosapp.services.common.audit import Actor
from gosapp.services.common.errors import NotFound
from gosapp.services.medical.access import Via, patient_access, record_view
from gosapp.services.medical.lab_query import LabFilter, search
from tests.factories import make_user
from tests.services.medical.setup import START, add_result
from tests.services.scheduling.setup import make_doctor

ACTOR = Actor(user_id=None, role="doctor", ip="127.0.0.1")


def doctor_user(session):
    user = make_user(session)
    session.add(UserRole(user_id=user.id, role=Role.DOCTOR))
    resource = make_doctor(session)
    resource.user_id = user.id
    session.flush()
    return user, resource


def visit(session, resource, patient, status=AppointmentStatus.SCHEDULED):
    session.add(
        Appointment(
            resource_id=resource.id,
            patient_id=patient.id,
            starts_at=START,
            ends_at=START + timedelta(minutes=20),
            status=status,
        )
    )
    session.flush()


def test_the_patient_sees_their_own_without_a_log(session, alice):
    access = patient_access(session, alice.user, alice.id, ACTOR)
    record_view(session, access, ACTOR, "labs")
    assert access.via == Via.OWNER and session.exec(select(DataAccess)).all() == []


def test_a_doctor_with_a_visit_sees_everything_and_is_logged(session, alice):
    doctor, resource = doctor_user(session)
    visit(session, resource, alice, AppointmentStatus.COMPLETED)
    access = patient_access(session, doctor, str(alice.id), ACTOR)
    assert access.via == Via.VISIT and access.scope.share_ids is None
    record_view(session, access, ACTOR, "labs")
    logged = session.exec(select(DataAccess)).one()
    assert (logged.patient_id, logged.viewer_id, logged.what) == (alice.id, doctor.id, "labs")


@pytest.mark.parametrize("status", [AppointmentStatus.CANCELLED, AppointmentStatus.EXPIRED])
def test_a_cancelled_visit_opens_nothing(session, alice, status):
    doctor, resource = doctor_user(session)
    visit(session, resource, alice, status)
    with pytest.raises(NotFound):
        patient_access(session, doctor, alice.id, ACTOR)


def test_a_share_shows_exactly_its_rows_until_revoked_or_expired(session, alice):
    doctor, _ = doctor_user(session)
    shared = add_result(session, alice, "GLU", 5.0)
    add_result(session, alice, "HGB", 130)
    share = LabShare(patient_id=alice.id, doctor_id=doctor.id, expires_at=utcnow() + timedelta(1))
    session.add(share)
    session.flush()
    session.add(LabShareItem(share_id=share.id, result_id=shared.id))
    session.flush()
    access = patient_access(session, doctor, alice.id, ACTOR)
    assert access.via == Via.SHARE and not access.whole_record
    assert [r.id for r in search(session, access.scope, LabFilter()).rows] == [shared.id]
    share.revoked_at = utcnow()
    session.flush()
    with pytest.raises(NotFound):
        patient_access(session, doctor, alice.id, ACTOR)
    share.revoked_at, share.expires_at = None, utcnow() - timedelta(seconds=1)
    session.flush()
    with pytest.raises(NotFound):
        patient_access(session, doctor, alice.id, ACTOR)


@pytest.mark.parametrize("wanted", ["bob", "x", "99999999"])
def test_strangers_and_guesses_learn_nothing_and_are_audited(session, alice, bob, wanted):
    target = bob.id if wanted == "bob" else wanted
    with pytest.raises(NotFound):
        patient_access(session, alice.user, target, Actor(user_id=alice.id))
    if wanted != "x":
        denied = session.exec(select(AuditEvent).where(AuditEvent.action == "access.denied"))
        assert denied.first() is not None
