"""The doctor's patient card and visit record: who may open it (and that it is logged), who may
write, diagnoses from МКБ-10, results entered by the doctor, and «состоялся»."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from sqlmodel import select

from gosapp.models.accounts import utcnow
from gosapp.models.audit import AuditEvent
from gosapp.models.labs import DataAccess, LabFlag, LabResult, LabShare, LabShareItem
from gosapp.models.notifications import Notification
from gosapp.models.record import Diagnosis, LabOrderStatus, Recommendation
from gosapp.models.scheduling import Appointment, AppointmentStatus
from gosapp.services.common.errors import Invalid, NotAllowed, NotFound
from gosapp.services.medical import visit_record as vr
from gosapp.services.medical import visit_record_labs as labs
from gosapp.services.medical.visit_record_card import my_patients, open_card
from gosapp.services.scheduling.workplace import AlreadyMarked
from tests.factories import make_user
from tests.services.medical.setup import add_result
from tests.services.medical.test_access import ACTOR, doctor_user

A = AppointmentStatus


def started_visit(session, resource, patient, status=A.SCHEDULED, minutes_ago=5):
    starts = utcnow() - timedelta(minutes=minutes_ago)
    visit = Appointment(
        number=f"ЗП-T-{resource.id}-{patient.id}-{minutes_ago}",
        resource_id=resource.id,
        patient_id=patient.id,
        starts_at=starts,
        ends_at=starts + timedelta(minutes=20),
        status=status,
        complaint="Головная боль",
    )
    session.add(visit)
    session.flush()
    return visit


def test_a_doctor_without_a_visit_gets_not_found_and_an_audit_row(session, alice):
    doctor, _ = doctor_user(session)
    actor = replace(ACTOR, user_id=doctor.id)
    with pytest.raises(NotFound):
        open_card(session=session, doctor=doctor, patient_id=alice.id, actor=actor)
    denied = session.exec(select(AuditEvent).where(AuditEvent.outcome != "ok")).all()
    assert [(e.object_type, e.object_id) for e in denied] == [("patient", str(alice.id))]
    assert session.exec(select(DataAccess)).all() == []


def test_a_non_doctor_cannot_open_a_card(session, alice, bob):
    with pytest.raises(NotAllowed):
        open_card(session=session, doctor=bob.user, patient_id=alice.id, actor=ACTOR)


def test_the_treating_doctor_sees_the_record_and_the_patient_sees_the_look(session, alice):
    doctor, resource = doctor_user(session)
    visit = started_visit(session, resource, alice)
    add_result(session, alice, "GLU", 5.0)
    card = open_card(session=session, doctor=doctor, patient_id=str(alice.id), actor=ACTOR)
    assert card.record is not None and card.visit_id == visit.id
    assert card.complaint == "Головная боль" and [r["name"] for r in card.results] == ["Глюкоза"]
    logged = session.exec(select(DataAccess)).one()
    assert (logged.patient_id, logged.viewer_id, logged.what) == (alice.id, doctor.id, "record")


def test_a_share_only_doctor_gets_the_shared_results_and_no_record(session, alice):
    doctor, _ = doctor_user(session)
    shared = add_result(session, alice, "GLU", 5.0)
    add_result(session, alice, "HGB", 130)
    share = LabShare(patient_id=alice.id, doctor_id=doctor.id, expires_at=utcnow() + timedelta(1))
    session.add(share)
    session.flush()
    session.add(LabShareItem(share_id=share.id, result_id=shared.id))
    session.flush()
    card = open_card(session=session, doctor=doctor, patient_id=alice.id, actor=ACTOR)
    assert card.record is None and card.visit_id == 0
    assert [r["name"] for r in card.results] == ["Глюкоза"]
    with pytest.raises(NotFound):
        vr.save_note(
            session=session,
            doctor=doctor,
            appointment_id=1,
            complaint="",
            conclusion="",
            actor=ACTOR,
        )


def test_only_the_visits_doctor_writes_its_record(session, alice):
    doctor, resource = doctor_user(session)
    other, _ = doctor_user(session)
    visit = started_visit(session, resource, alice)
    with pytest.raises(NotFound):
        vr.save_note(
            session=session,
            doctor=other,
            appointment_id=visit.id,
            complaint="x",
            conclusion="y",
            actor=ACTOR,
        )
    note = vr.save_note(
        session=session,
        doctor=doctor,
        appointment_id=str(visit.id),
        complaint="Головная боль по утрам",
        conclusion="Рекомендовано СМАД",
        actor=ACTOR,
    )
    assert (note.patient_id, note.doctor_id) == (alice.id, doctor.id)
    actions = session.exec(select(AuditEvent.action).where(AuditEvent.outcome == "ok")).all()
    assert "visit_record.note" in actions


def test_an_old_or_cancelled_visit_is_not_writable(session, alice):
    doctor, resource = doctor_user(session)
    old = started_visit(session, resource, alice, minutes_ago=60 * 24 * 8)
    cancelled = started_visit(session, resource, alice, A.CANCELLED, minutes_ago=3)
    for visit in (old, cancelled):
        with pytest.raises(NotFound):
            labs.order_lab(
                session=session,
                doctor=doctor,
                appointment_id=visit.id,
                panel_code="cbc",
                actor=ACTOR,
            )


def test_diagnosis_and_recommendation_go_to_the_patients_record(session, alice, bob):
    doctor, resource = doctor_user(session)
    visit = started_visit(session, resource, alice)
    with pytest.raises(Invalid):
        vr.add_diagnosis(
            session=session, doctor=doctor, appointment_id=visit.id, icd_code="Q99", actor=ACTOR
        )
    diagnosis = vr.add_diagnosis(
        session=session,
        doctor=doctor,
        appointment_id=visit.id,
        icd_code="i10",
        chronic=True,
        actor=ACTOR,
    )
    assert (diagnosis.icd_code, diagnosis.patient_id, diagnosis.chronic) == ("I10", alice.id, True)
    assert diagnosis.doctor_name
    foreign = Diagnosis(
        patient_id=bob.id, icd_code="J20", icd_name="Острый бронхит", diagnosed_on=utcnow().date()
    )
    session.add(foreign)
    session.flush()
    kwargs: dict[str, Any] = dict(
        session=session, doctor=doctor, appointment_id=visit.id, actor=ACTOR
    )
    with pytest.raises(Invalid):  # another patient's diagnosis cannot be linked
        vr.add_recommendation(
            **kwargs, kind="treatment", text="x", due_on=None, diagnosis_id=foreign.id
        )
    with pytest.raises(Invalid):
        vr.add_recommendation(**kwargs, kind="examination", text="  ", due_on=None)
    rec = vr.add_recommendation(
        **kwargs,
        kind="examination",
        text="Повторить липидограмму",
        due_on=utcnow().date() + timedelta(days=30),
        diagnosis_id=str(diagnosis.id),
    )
    assert session.get(Recommendation, rec.id).diagnosis_id == diagnosis.id


def test_a_result_entered_by_the_doctor_is_flagged_and_notifies_the_patient(session, alice):
    doctor, resource = doctor_user(session)
    visit = started_visit(session, resource, alice)
    order = labs.order_lab(
        session=session, doctor=doctor, appointment_id=visit.id, panel_code="glucose", actor=ACTOR
    )
    kwargs: dict[str, Any] = dict(
        session=session, doctor=doctor, appointment_id=visit.id, actor=ACTOR
    )
    with pytest.raises(Invalid):
        labs.enter_result(**kwargs, analyte_code="GLU", value="много")
    row = labs.enter_result(**kwargs, analyte_code="GLU", value="7,9")
    stored = session.get(LabResult, row.id)
    assert (stored.value, stored.flag, stored.entered_by_id) == (7.9, LabFlag.HIGH, doctor.id)
    assert stored.appointment_id == visit.id and stored.patient_id == alice.id
    session.refresh(order)
    assert order.status == LabOrderStatus.DONE
    told = session.exec(select(Notification).where(Notification.user_id == alice.id)).one()
    assert told.title == "Новые результаты анализов"


def test_the_visit_is_marked_done_once(session, alice):
    doctor, resource = doctor_user(session)
    visit = started_visit(session, resource, alice)
    vr.complete(session=session, doctor=doctor, appointment_id=visit.id, actor=ACTOR)
    assert session.get(Appointment, visit.id).status == A.COMPLETED
    with pytest.raises(AlreadyMarked):
        vr.complete(session=session, doctor=doctor, appointment_id=visit.id, actor=ACTOR)


def test_the_search_finds_only_the_doctors_own_patients(session, alice):
    doctor, resource = doctor_user(session)
    stranger = make_user(session, last_name="Петрова", first_name="Анна")
    mine = make_user(session, last_name="Петрова", first_name="Мария")
    started_visit(session, resource, mine, A.COMPLETED)
    started_visit(session, resource, alice, A.CANCELLED)
    names = [p["name"] for p in my_patients(session, doctor, "петр")]
    assert names == ["Петрова Мария Сергеевна"] and stranger.id not in names
    assert my_patients(session, doctor, "") == []
    assert my_patients(session, doctor, alice.user.last_name[:4]) == []


def test_the_visits_doctor_closes_a_diagnosis_of_this_patient_only(session, alice, bob):
    doctor, resource = doctor_user(session)
    visit = started_visit(session, resource, alice)
    kwargs: dict[str, Any] = dict(
        session=session, doctor=doctor, appointment_id=visit.id, actor=ACTOR
    )
    mine = vr.add_diagnosis(**kwargs, icd_code="J06.9")
    foreign = Diagnosis(
        patient_id=bob.id, icd_code="J20", icd_name="Острый бронхит", diagnosed_on=utcnow().date()
    )
    session.add(foreign)
    session.flush()
    with pytest.raises(NotFound):
        vr.resolve_diagnosis(**kwargs, diagnosis_id=foreign.id)
    assert vr.resolve_diagnosis(**kwargs, diagnosis_id=mine.id)
    assert not vr.resolve_diagnosis(**kwargs, diagnosis_id=mine.id)
    session.refresh(mine)
    session.refresh(foreign)
    assert (mine.status, foreign.status) == ("resolved", "active")
    assert mine.resolved_on is not None
