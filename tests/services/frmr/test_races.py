"""Two (or more) staff approving the same application at once, on the test's real database
(SQLite file or PostgreSQL): exactly one approval wins, the role and the profile are made once,
every other approver is told the request was already processed — nothing else escapes."""

import threading
import time

from sqlmodel import Session, select

from gosapp.models.accounts import Role, User, UserRole
from gosapp.models.frmr import MedicalWorkerProfile
from gosapp.models.requests import RequestEvent, RequestStatus
from gosapp.services.frmr import register
from gosapp.services.requests import workflow
from tests.factories import make_user
from tests.services.frmr.setup import ACTOR, apply, confirmed
from tests.services.requests.steps import FRIDAY, act
from tests.services.scheduling.test_races import kinds, race, unexpected

APPROVERS = 6


def test_concurrent_approvals_grant_the_role_and_create_the_profile_once(
    engine, session, alice, admin, monkeypatch
):
    confirmed(session, alice)
    request = apply(session, alice)
    act(session, admin, request, ("claim", ""))
    admins = [admin.id]
    for _ in range(APPROVERS - 1):
        extra = make_user(session)
        session.add(UserRole(user_id=extra.id, role=Role.ADMIN))
        admins.append(extra.id)
    session.commit()

    grant = register.grant_role

    def slow_grant(**kwargs):  # the winner holds its transaction open while the others try
        grant(**kwargs)
        if threading.current_thread() is not threading.main_thread():
            time.sleep(0.3)

    monkeypatch.setattr(register, "grant_role", slow_grant)

    def approve(user_id: int):
        return lambda db: workflow.transition(
            session=db,
            request_id=request.id,
            action="approve",
            user=db.get_one(User, user_id),
            actor=ACTOR,
            seen_status="in_progress",
        )

    outcomes = race(engine, [approve(uid) for uid in admins])
    assert unexpected(outcomes, workflow.AlreadyProcessed) == []
    assert kinds(outcomes) == {"ok": 1, "AlreadyProcessed": APPROVERS - 1}
    with Session(engine) as db:
        profiles = db.exec(
            select(MedicalWorkerProfile).where(MedicalWorkerProfile.user_id == alice.id)
        ).all()
        roles = db.exec(
            select(UserRole).where(UserRole.user_id == alice.id, UserRole.role == Role.DOCTOR)
        ).all()
        approvals = db.exec(
            select(RequestEvent).where(
                RequestEvent.request_id == request.id,
                RequestEvent.to_status == RequestStatus.APPROVED,
            )
        ).all()
    assert (len(profiles), len(roles), len(approvals)) == (1, 1, 1)


def test_two_tabs_sending_the_application_at_once_file_one(engine, session, alice):
    """Both tabs end without an error; the citizen has one application, not two."""
    from gosapp.models.requests import Request
    from tests.factories import make_specialty
    from tests.services.frmr.setup import form, scan

    confirmed(session, alice)
    specialty = make_specialty(session, name="Терапевт")
    scans = [(scan(session, alice.id, "д.pdf"), scan(session, alice.id, "а.pdf")) for _ in "ab"]
    session.commit()

    def send(diploma: int, accreditation: int):
        return lambda db: register.apply(
            session=db,
            user=db.get_one(User, alice.id),
            data=form(specialty.code),
            diploma_ids=[diploma],
            accreditation_ids=[accreditation],
            actor=ACTOR,
            submit=False,
            now=FRIDAY,  # the form's category validity end is counted from it
        )

    outcomes = race(engine, [send(*pair) for pair in scans])
    assert unexpected(outcomes) == []
    with Session(engine) as db:
        mine = db.exec(select(Request).where(Request.applicant_id == alice.id)).all()
    assert len(mine) == 1
