"""The СЗН demo: the family citizen is connected, has a year of payments in every status and
applications in every status including a half-filled draft; seeding twice adds nothing."""

from sqlmodel import select

from gosapp.models.accounts import User
from gosapp.models.requests import Request, RequestStatus
from gosapp.models.social import Payment, PaymentStatus
from gosapp.services.demo.accounts import seed_demo
from gosapp.services.demo.social import LOGIN, seed_szn
from gosapp.services.social import applications


def test_the_family_demo_is_complete_and_idempotent(session):
    seed_demo(session=session)
    assert seed_szn(session=session) > 0
    session.commit()
    assert seed_szn(session=session) == 0
    user = session.exec(select(User).where(User.email == LOGIN)).one()
    payments = session.exec(select(Payment).where(Payment.user_id == user.id)).all()
    assert {p.status for p in payments} == set(PaymentStatus)
    statuses = {
        r.status for r in session.exec(select(Request).where(Request.applicant_id == user.id))
    }
    assert statuses == {
        RequestStatus.APPROVED,
        RequestStatus.IN_PROGRESS,
        RequestStatus.SUBMITTED,
        RequestStatus.NEEDS_INFO,
        RequestStatus.REJECTED,
        RequestStatus.DRAFT,
        RequestStatus.WITHDRAWN,
    }
    draft = applications.latest_draft(session=session, user=user)
    data = applications.draft_data(session=session, user=user, request_id=draft.id)
    assert data["bik"] and not data["account"]  # half-filled
    scheduled = [p for p in payments if p.request_id is not None]
    assert len(scheduled) == 6  # the approved child-care application's months
