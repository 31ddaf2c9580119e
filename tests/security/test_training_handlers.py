"""The training page's handlers as another doctor would call them: a colleague's enrolments
never show, and their ids (sent by hand, past the page's own checks) cancel or finish
nothing. The НМО page's «Загрузить сертификат» likewise refuses a colleague's record."""

from datetime import timedelta
from typing import cast

from sqlmodel import Session

from gosapp.db import get_engine, transaction
from gosapp.models.accounts import utcnow
from gosapp.models.career import NmoActivity
from gosapp.models.training import TrainingEnrolment
from gosapp.pages.frmr.education import EducationState
from gosapp.pages.frmr.training import TrainingState
from gosapp.services.common.workdays import local_date
from gosapp.services.frmr import training
from tests.security.test_handler_walk import (  # noqa: F401  (app_database is a fixture)
    app_database,
    call,
    state_instance,
)
from tests.security.test_portfolio_handlers import signed_in
from tests.services.frmr.portfolio_setup import ACTOR
from tests.services.frmr.training_setup import make_programme, make_worker


def handler(name: str):
    return TrainingState.event_handlers[name].fn


def test_another_doctor_neither_sees_nor_changes_a_colleagues_enrolment():
    with transaction() as db:
        owner, other = make_worker(db), make_worker(db)
        today = local_date(utcnow())
        programme = make_programme(
            db,
            title="Чужая программа",
            starts_on=today + timedelta(5),
            ends_on=today + timedelta(6),
        )
        seat = training.enrol(session=db, user=owner, programme_id=programme.id, actor=ACTOR)
        key, owner_key = signed_in(db, other), signed_in(db, owner)
    page = cast(TrainingState, state_instance(TrainingState, key))
    call(handler("load"), page, [])
    assert page.loaded and page.mine == []
    assert all(r["status"] == "" for r in page.rows)  # the owner's status is not shown
    call(handler("ask_cancel"), page, [str(seat.id)])
    assert page.cancelling == {}
    page.cancelling = {"id": str(seat.id), "title": "", "status": "enrolled"}  # forged
    call(handler("cancel"), page, [])
    call(handler("finish"), page, [str(seat.id)])
    with Session(get_engine()) as db:
        assert db.get_one(TrainingEnrolment, seat.id).status == "enrolled"
    mine = cast(TrainingState, state_instance(TrainingState, owner_key))
    call(handler("load"), mine, [])
    assert [r["enrolment"] for r in mine.mine] == [str(seat.id)]


def test_another_doctor_cannot_attach_a_certificate_to_a_colleagues_record():
    with transaction() as db:
        owner, other = make_worker(db), make_worker(db)
        today = local_date(utcnow())
        programme = make_programme(db, starts_on=today + timedelta(1), ends_on=today + timedelta(1))
        seat = training.enrol(session=db, user=owner, programme_id=programme.id, actor=ACTOR)
        activity = training.finish(
            session=db,
            user=owner,
            enrolment_id=seat.id,
            actor=ACTOR,
            now=utcnow() + timedelta(days=2),
        )
        key = signed_in(db, other)
    page = cast(EducationState, state_instance(EducationState, key))
    call(EducationState.event_handlers["load"].fn, page, [])
    call(EducationState.event_handlers["open_certificate"].fn, page, [str(activity.id)])
    assert page.attaching == ""
    page.attaching = str(activity.id)  # forged
    call(EducationState.event_handlers["send_certificate"].fn, page, [])
    with Session(get_engine()) as db:
        assert db.get_one(NmoActivity, activity.id).request_id is None
