"""Demo training: fifteen upcoming programmes across kinds and regions, one with exactly one
seat left, one full with a waiting list, the demo doctor enrolled in two and one finished
programme whose НМО record awaits its certificate; seeding twice adds nothing."""

from sqlmodel import select

from gosapp.models.accounts import User, utcnow
from gosapp.models.training import TrainingEnrolment, TrainingProgramme
from gosapp.services.common.workdays import local_date
from gosapp.services.demo.training import FULL, ONE_LEFT, PROGRAMMES, seed_training
from gosapp.services.frmr import education_view
from gosapp.services.frmr import training_catalog as catalog
from tests.services.demo.test_demo_frmr import seed_all


def test_the_demo_catalogue_and_the_doctors_enrolments(session):
    seed_all(session)
    assert seed_training(session=session) == len(PROGRAMMES) + 1
    session.commit()
    assert seed_training(session=session) == 0
    doctor = session.exec(select(User).where(User.email == "doctor@demo.gosapp.ru")).one()
    today = local_date(utcnow())

    programmes = {p.title: p for p in session.exec(select(TrainingProgramme))}
    assert len(programmes) == len(PROGRAMMES) + 1
    assert {str(p.kind) for p in programmes.values()} == {"course", "webinar", "seminar"}
    assert len({p.region for p in programmes.values()}) >= 5
    one_left, full = programmes[ONE_LEFT], programmes[FULL]
    assert one_left.seats - one_left.seats_taken == 1
    assert full.seats_taken == full.seats
    queue = session.exec(
        select(TrainingEnrolment).where(
            TrainingEnrolment.programme_id == full.id, TrainingEnrolment.status == "waiting"
        )
    ).all()
    assert len(queue) == 2
    for p in programmes.values():  # the counters agree with the rows
        seated = session.exec(
            select(TrainingEnrolment).where(
                TrainingEnrolment.programme_id == p.id,
                TrainingEnrolment.status.in_(("enrolled", "finished")),  # pyright: ignore[reportAttributeAccessIssue]
            )
        ).all()
        assert len(seated) == p.seats_taken, p.title

    mine = catalog.my_enrolments(session, doctor, today)
    assert sorted(r["status"] for r in mine) == ["enrolled", "enrolled", "finished"]
    board = education_view.dashboard(session=session, user=doctor, today=today)
    awaiting = [a for a in board.activities if a.status == education_view.AWAITING]
    assert len(awaiting) == 1
    rows, cursor = catalog.search(session, doctor, catalog.TrainingFilter(), today)
    assert len(rows) == catalog.PAGE_SIZE and cursor is not None
