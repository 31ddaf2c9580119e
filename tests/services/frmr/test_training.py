"""Training programmes: seats, the waiting list and its promotion, finishing into an НМО record
awaiting its certificate, who may enrol, and that no doctor reaches another's enrolment."""

from datetime import timedelta

import pytest
from sqlmodel import select

from gosapp.models.accounts import Role
from gosapp.models.career import NmoActivity
from gosapp.models.notifications import Notification
from gosapp.models.training import EnrolmentStatus as E
from gosapp.models.training import TrainingEnrolment, TrainingProgramme
from gosapp.services.common.errors import NotAllowed, NotFound
from gosapp.services.frmr import education, education_view, training
from gosapp.services.frmr import training_catalog as catalog
from gosapp.services.identity.roles import grant_role
from tests.factories import make_user
from tests.services.frmr.career_setup import decide
from tests.services.frmr.portfolio_setup import ACTOR, make_doctor, stage
from tests.services.frmr.training_setup import NOW, TODAY, enrol, make_programme, make_worker


def _seats(session, programme) -> int:
    session.expire_all()
    return session.get_one(TrainingProgramme, programme.id).seats_taken


def test_enrolling_takes_a_seat(session):
    doctor, programme = make_worker(session), make_programme(session, seats=2)
    row = enrol(session, doctor, programme)
    assert row.status == E.ENROLLED
    assert _seats(session, programme) == 1


def test_a_full_programme_offers_the_waiting_list(session):
    first, second = make_worker(session), make_worker(session)
    programme = make_programme(session, seats=1)
    enrol(session, first, programme)
    with pytest.raises(training.ProgrammeFull):
        enrol(session, second, programme)
    session.rollback()
    assert enrol(session, second, programme, wait=True).status == E.WAITING
    assert _seats(session, programme) == 1


def test_cancelling_a_seat_promotes_the_first_waiting_doctor_and_tells_them(session):
    holder, first, second = make_worker(session), make_worker(session), make_worker(session)
    programme = make_programme(session, seats=1)
    seat = enrol(session, holder, programme)
    queued_first = enrol(session, first, programme, wait=True)
    queued_second = enrol(session, second, programme, wait=True)
    training.cancel(session=session, user=holder, enrolment_id=seat.id, actor=ACTOR, now=NOW)
    session.commit()
    session.expire_all()
    assert session.get_one(TrainingEnrolment, seat.id).status == E.CANCELLED
    assert session.get_one(TrainingEnrolment, queued_first.id).status == E.ENROLLED
    assert session.get_one(TrainingEnrolment, queued_second.id).status == E.WAITING
    assert _seats(session, programme) == 1  # the seat went straight on
    note = session.exec(select(Notification).where(Notification.user_id == first.id)).one()
    assert "Освободилось место" in note.title and note.link == "/frmr/training"
    mine = catalog.my_enrolments(session, second, TODAY)
    assert mine[0]["note"] == "Место в очереди: 1"


def test_cancelling_with_nobody_waiting_frees_the_seat(session):
    doctor, programme = make_worker(session), make_programme(session, seats=1)
    seat = enrol(session, doctor, programme)
    training.cancel(session=session, user=doctor, enrolment_id=seat.id, actor=ACTOR, now=NOW)
    session.commit()
    assert _seats(session, programme) == 0
    assert enrol(session, doctor, programme).status == E.ENROLLED  # may enrol again


def test_leaving_the_queue_keeps_the_seats(session):
    holder, waiting = make_worker(session), make_worker(session)
    programme = make_programme(session, seats=1)
    enrol(session, holder, programme)
    place = enrol(session, waiting, programme, wait=True)
    training.cancel(session=session, user=waiting, enrolment_id=place.id, actor=ACTOR, now=NOW)
    session.commit()
    assert _seats(session, programme) == 1


def test_one_live_enrolment_per_doctor_and_programme(session):
    doctor, programme = make_worker(session), make_programme(session)
    enrol(session, doctor, programme)
    with pytest.raises(training.EnrolmentClosed, match="уже записаны"):
        enrol(session, doctor, programme)
    session.rollback()
    assert _seats(session, programme) == 1


def test_a_started_programme_takes_no_enrolment(session):
    doctor = make_worker(session)
    programme = make_programme(session, starts_on=TODAY, ends_on=TODAY + timedelta(days=2))
    with pytest.raises(training.EnrolmentClosed, match="началось"):
        enrol(session, doctor, programme)


def test_only_medical_workers_with_a_profile_may_enrol(session):
    programme = make_programme(session)
    citizen = make_user(session)
    doctor_without_profile = make_doctor(session)
    registrar = make_user(session)
    grant_role(session=session, user_id=registrar.id, role=Role.REGISTRAR)
    session.commit()
    for user in (citizen, doctor_without_profile, registrar):
        with pytest.raises(NotAllowed):
            enrol(session, user, programme)
        session.rollback()
        with pytest.raises(NotAllowed):
            catalog.search(session, user, catalog.TrainingFilter(), TODAY)


def test_no_doctor_sees_or_cancels_another_doctors_enrolment(session):
    alice, bob = make_worker(session), make_worker(session)
    programme = make_programme(session, ends_on=TODAY + timedelta(days=10))
    theirs = enrol(session, alice, programme)
    for act in (training.cancel, training.finish):
        with pytest.raises(NotFound):
            act(session=session, user=bob, enrolment_id=theirs.id, actor=ACTOR, now=NOW)
        session.rollback()
    assert catalog.my_enrolments(session, bob, TODAY) == []
    assert [r["enrolment"] for r in catalog.my_enrolments(session, alice, TODAY)] == [
        str(theirs.id)
    ]
    rows, _ = catalog.search(session, bob, catalog.TrainingFilter(), TODAY)
    assert rows[0]["status"] == ""  # Alice's status is not Bob's
    session.expire_all()
    assert session.get_one(TrainingEnrolment, theirs.id).status == E.ENROLLED


def test_finishing_creates_an_nmo_record_that_counts_only_once_verified(session, registrar):
    doctor = make_worker(session)
    education.save_settings(
        session=session,
        user=doctor,
        form={"accredited_on": "01.03.2024", "yearly_goal": "50"},
        actor=ACTOR,
        now=NOW,
    )
    programme = make_programme(
        session, starts_on=TODAY + timedelta(days=1), ends_on=TODAY + timedelta(days=3), points=18
    )
    seat = enrol(session, doctor, programme)
    with pytest.raises(training.EnrolmentClosed, match="заканчивается"):
        training.finish(session=session, user=doctor, enrolment_id=seat.id, actor=ACTOR, now=NOW)
    session.rollback()
    later = NOW + timedelta(days=3)
    activity = training.finish(
        session=session, user=doctor, enrolment_id=seat.id, actor=ACTOR, now=later
    )
    session.commit()
    assert activity.request_id is None and activity.document_id is None
    board = education_view.dashboard(session=session, user=doctor, today=TODAY + timedelta(3))
    assert board.activities[0].status == education_view.AWAITING
    assert (board.cycle_points, board.cycle_pending) == (0, 0)

    education.attach_certificate(
        session=session,
        user=doctor,
        activity_id=activity.id,
        document_ids=[stage(session, doctor).id],
        actor=ACTOR,
        now=later,
    )
    session.commit()
    board = education_view.dashboard(session=session, user=doctor, today=TODAY + timedelta(3))
    assert (board.activities[0].status, board.cycle_points, board.cycle_pending) == (
        "pending",
        0,
        18,
    )
    session.refresh(activity)
    assert activity.request_id is not None
    decide(session, registrar, activity.request_id, "approve")
    board = education_view.dashboard(session=session, user=doctor, today=TODAY + timedelta(3))
    assert (board.cycle_points, board.cycle_pending) == (18, 0)


def test_a_certificate_is_attached_once_and_only_by_the_owner(session):
    doctor, other = make_worker(session), make_worker(session)
    programme = make_programme(
        session, starts_on=TODAY + timedelta(1), ends_on=TODAY + timedelta(1)
    )
    seat = enrol(session, doctor, programme)
    activity = training.finish(
        session=session, user=doctor, enrolment_id=seat.id, actor=ACTOR, now=NOW + timedelta(1)
    )
    session.commit()
    with pytest.raises(NotFound):
        education.attach_certificate(
            session=session,
            user=other,
            activity_id=activity.id,
            document_ids=[stage(session, other).id],
            actor=ACTOR,
        )
    session.rollback()
    for _ in range(2):
        try:
            education.attach_certificate(
                session=session,
                user=doctor,
                activity_id=activity.id,
                document_ids=[stage(session, doctor).id],
                actor=ACTOR,
            )
            session.commit()
        except Exception as exc:  # the second time
            session.rollback()
            assert "уже отправлен" in str(exc)
    requests = session.exec(select(NmoActivity).where(NmoActivity.owner_id == doctor.id)).all()
    assert len(requests) == 1 and requests[0].request_id is not None


def test_a_seat_cannot_be_cancelled_once_the_programme_has_started(session):
    doctor, programme = make_worker(session), make_programme(session)
    seat = enrol(session, doctor, programme)
    started = NOW + timedelta(days=10)
    with pytest.raises(training.EnrolmentClosed, match="началось"):
        training.cancel(
            session=session, user=doctor, enrolment_id=seat.id, actor=ACTOR, now=started
        )
    session.rollback()
    assert catalog.my_enrolments(session, doctor, TODAY + timedelta(days=10))[0]["can_cancel"] == ""
    assert catalog.my_enrolments(session, doctor, TODAY)[0]["can_cancel"] == "1"
