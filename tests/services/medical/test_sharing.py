"""Sharing results with a doctor: only the patient's own results, exactly those shown to the
doctor (and logged for the patient), nothing once revoked or expired, nothing for non-doctors,
and the doctor picker lists doctors only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from gosapp.models.accounts import utcnow
from gosapp.models.audit import AuditEvent
from gosapp.models.labs import DataAccess, LabShare, LabShareItem
from gosapp.services.common.audit import Actor
from gosapp.services.common.errors import Invalid, NotFound
from gosapp.services.medical import access_log, sharing, sharing_doctors, sharing_received
from gosapp.services.medical.sharing import Selection
from tests.factories import make_user
from tests.services.medical.setup import START, add_result
from tests.services.medical.test_access import doctor_user, visit


def actor(user) -> Actor:
    return Actor(user_id=user.id, role="citizen", ip="127.0.0.1")


def doctor_actor(user) -> Actor:
    return Actor(user_id=user.id, role="doctor", ip="127.0.0.1")


def actions(session, name: str) -> list[AuditEvent]:
    return list(session.exec(select(AuditEvent).where(AuditEvent.action == name)).all())


@pytest.fixture
def setup(session, alice):
    doctor, resource = doctor_user(session)
    blood = [add_result(session, alice, code, v) for code, v in (("HGB", 130), ("WBC", 6))]
    later = add_result(session, alice, "HGB", 128, START + timedelta(days=40))
    sugar = add_result(session, alice, "GLU", 5.1)
    session.commit()
    return doctor, resource, blood, later, sugar


def test_the_doctor_sees_exactly_the_shared_rows_and_the_patient_sees_the_look(
    session, alice, setup
):
    doctor, _, blood, _, sugar = setup
    share = sharing.create_share(
        session,
        alice.user,
        actor(alice.user),
        doctor_id=str(doctor.id),
        chosen=Selection(panel="cbc", date_from=START.date(), date_to=START.date()),
    )
    session.commit()
    items = session.exec(select(LabShareItem.result_id).where(LabShareItem.share_id == share.id))
    assert sorted(items.all()) == sorted(r.id for r in blood)  # the later HGB is outside
    listed = sharing_received.doctor_shares(session, doctor)
    assert [s.id for s in listed] == [str(share.id)] and listed[0].count == "2"
    lines, more = sharing_received.shared_rows(session, doctor, share.id, doctor_actor(doctor))
    session.commit()
    assert sorted(int(line.id) for line in lines) == sorted(r.id for r in blood) and more is None
    assert str(sugar.id) not in {line.id for line in lines}
    log, _ = access_log.my_log(session, alice.user)
    assert [(e.role, e.what, e.through) for e in log] == [
        ("Врач", "Результаты анализов", share.title)
    ]
    assert "Иванова" in log[0].who and actions(session, "lab_share.create")


def test_individual_results_only_the_patients_own(session, alice, bob, setup):
    doctor, *_, sugar = setup
    theirs = add_result(session, bob, "GLU", 6.0)
    session.commit()
    with pytest.raises(NotFound):
        sharing.create_share(
            session,
            alice.user,
            actor(alice.user),
            doctor_id=doctor.id,
            chosen=Selection(result_ids=(str(sugar.id), str(theirs.id))),
        )
    assert session.exec(select(LabShare)).all() == []
    assert actions(session, "access.denied")
    share = sharing.create_share(
        session, alice.user, actor(alice.user), doctor_id=doctor.id,
        chosen=Selection(result_ids=(str(sugar.id),)),
    )  # fmt: skip
    assert share.title.startswith("Результаты анализов (1) от")


@pytest.mark.parametrize(
    ("doctor_id", "field"), [("me", "doctor"), ("stranger", "doctor"), ("nope", "doctor")]
)
def test_only_a_doctor_can_be_chosen(session, alice, setup, doctor_id, field):
    *_, sugar = setup
    ids = {"me": alice.id, "stranger": make_user(session).id, "nope": "x"}
    with pytest.raises(Invalid) as refused:
        sharing.create_share(
            session, alice.user, actor(alice.user), doctor_id=ids[doctor_id],
            chosen=Selection(result_ids=(sugar.id,)),
        )  # fmt: skip
    assert refused.value.field == field


def test_expiry_defaults_to_30_days_and_is_at_most_a_year(session, alice, setup):
    doctor, *_, sugar = setup
    chosen = Selection(result_ids=(sugar.id,))
    today = sharing.today()
    share = sharing.create_share(
        session, alice.user, actor(alice.user), doctor_id=doctor.id, chosen=chosen
    )
    assert timedelta(days=30) < sharing.aware(share.expires_at) - utcnow() <= timedelta(days=31)
    for bad in (today - timedelta(1), today + timedelta(400)):
        with pytest.raises(Invalid):
            sharing.create_share(
                session, alice.user, actor(alice.user), doctor_id=doctor.id, chosen=chosen,
                expires_on=bad,
            )  # fmt: skip


def test_revoked_and_expired_shares_show_nothing(session, alice, setup):
    doctor, *_, sugar = setup
    chosen = Selection(result_ids=(sugar.id,))
    share = sharing.create_share(
        session, alice.user, actor(alice.user), doctor_id=doctor.id, chosen=chosen
    )
    old = sharing.create_share(
        session, alice.user, actor(alice.user), doctor_id=doctor.id, chosen=chosen
    )
    old.expires_at = utcnow() - timedelta(seconds=1)
    session.commit()
    assert [s.id for s in sharing_received.doctor_shares(session, doctor)] == [str(share.id)]
    assert sharing.revoke(session, alice.user, share.id, actor(alice.user)) is True
    session.commit()
    assert sharing.revoke(session, alice.user, share.id, actor(alice.user)) is False
    assert sharing_received.doctor_shares(session, doctor) == []
    for gone in (share.id, old.id):
        with pytest.raises(NotFound):
            sharing_received.shared_rows(session, doctor, gone, doctor_actor(doctor))
    statuses = {s.id: s.status for s in sharing.my_shares(session, alice.user)}
    assert statuses == {str(share.id): "отозван", str(old.id): "истёк"}
    assert actions(session, "lab_share.revoke") and session.exec(select(DataAccess)).all() == []


def test_a_patient_cannot_see_or_revoke_another_patients_shares_or_log(session, alice, bob, setup):
    doctor, *_, sugar = setup
    share = sharing.create_share(
        session, alice.user, actor(alice.user), doctor_id=doctor.id,
        chosen=Selection(result_ids=(sugar.id,)),
    )  # fmt: skip
    sharing_received.shared_rows(session, doctor, share.id, doctor_actor(doctor))
    session.commit()
    assert sharing.my_shares(session, bob.user) == []
    assert access_log.my_log(session, bob.user) == ([], None)
    with pytest.raises(NotFound):
        sharing.revoke(session, bob.user, share.id, actor(bob.user))
    assert session.get(LabShare, share.id).revoked_at is None


def test_a_non_doctor_or_another_doctor_gets_nothing(session, alice, bob, setup):
    doctor, *_, sugar = setup
    other, _ = doctor_user(session)
    share = sharing.create_share(
        session, alice.user, actor(alice.user), doctor_id=doctor.id,
        chosen=Selection(result_ids=(sugar.id,)),
    )  # fmt: skip
    session.commit()
    assert sharing_received.doctor_shares(session, bob.user) == []
    assert sharing_received.doctor_shares(session, other) == []
    for who in (bob.user, other, alice.user):
        with pytest.raises(NotFound):
            sharing_received.shared_rows(session, who, share.id, doctor_actor(who))
    assert session.exec(select(DataAccess)).all() == []


def test_a_doctor_with_a_visit_still_sees_only_the_share_on_its_page(session, alice, setup):
    doctor, resource, *_, sugar = setup
    visit(session, resource, alice)
    share = sharing.create_share(
        session, alice.user, actor(alice.user), doctor_id=doctor.id,
        chosen=Selection(result_ids=(sugar.id,)),
    )  # fmt: skip
    lines, _ = sharing_received.shared_rows(session, doctor, share.id, doctor_actor(doctor))
    assert [line.id for line in lines] == [str(sugar.id)]
    assert session.exec(select(DataAccess.share_id)).one() == share.id


def test_the_picker_offers_doctors_only_without_contacts(session, alice, setup):
    doctor, resource, *_ = setup
    make_user(session, last_name="Иванов", first_name="Пётр")  # a citizen: never offered
    assert sharing_doctors.my_doctors(session, alice.user) == []
    visit(session, resource, alice)
    mine = sharing_doctors.my_doctors(session, alice.user)
    assert [d.id for d in mine] == [str(doctor.id)]
    found = sharing_doctors.find_doctors(session, alice.user, "ива")
    assert [d.id for d in found] == [str(doctor.id)]
    assert doctor.email not in repr(found) and doctor.phone not in repr(found)
    assert sharing_doctors.find_doctors(session, alice.user, "ива петр") == []
    with pytest.raises(Invalid):
        sharing_doctors.find_doctors(session, alice.user, "и")
