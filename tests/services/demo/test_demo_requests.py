"""Demo requests: every type in every status, real timelines, documents, certificates."""

from sqlalchemy import func
from sqlmodel import select

from gosapp.models.accounts import User
from gosapp.models.requests import Certificate, Document, Request, RequestEvent, RequestStatus
from gosapp.services.demo.accounts import seed_demo
from gosapp.services.demo.requests import SEEDED_ELSEWHERE, seed_requests
from gosapp.services.requests import catalog, timeline


def test_every_type_in_every_status_once_and_only_once(session):
    seed_demo(session=session)
    created = seed_requests(session=session)
    session.commit()
    pairs = set(session.exec(select(Request.type_code, Request.status)).all())
    expected = {
        (t.code, s.value)
        for t in catalog.all_types()
        if t.code not in SEEDED_ELSEWHERE
        for s in RequestStatus
    }
    assert pairs == expected
    assert created == len(expected)
    assert seed_requests(session=session) == 0  # a second seeding adds nothing


def test_demo_timelines_and_documents_are_real(session):
    seed_demo(session=session)
    seed_requests(session=session)
    session.commit()
    completed = session.exec(
        select(Request).where(
            Request.type_code == "cert_sick_leave", Request.status == RequestStatus.COMPLETED
        )
    ).one()
    statuses = [e.status for e in timeline.timeline(session, completed) if e.status]
    assert statuses == [
        "Подано",
        "В обработке",
        "Требует уточнения",
        "В обработке",
        "Одобрено",
        "Завершено",
    ]
    assert session.exec(select(Certificate).where(Certificate.request_id == completed.id)).one()
    issued = session.exec(select(func.count()).select_from(Certificate)).one()
    assert issued == (4 + 3) * 2  # 4 medical + 3 СЗН certificate types, approved and completed
    attached = session.exec(
        select(func.count()).select_from(Document).where(Document.request_id.is_not(None))
    ).one()
    assert attached >= 48
    assert session.exec(select(func.count()).select_from(RequestEvent)).one() > 150


def test_the_demo_citizen_has_support_tickets_with_a_conversation(session):
    seed_demo(session=session)
    seed_requests(session=session)
    session.commit()
    citizen = session.exec(select(User).where(User.email == "patient@demo.gosapp.ru")).one()
    tickets = session.exec(
        select(Request).where(Request.applicant_id == citizen.id, Request.type_code == "support")
    ).all()
    assert len(tickets) == len(RequestStatus)
    in_progress = next(t for t in tickets if t.status == RequestStatus.IN_PROGRESS)
    thread = [
        (e.actor, e.text) for e in timeline.timeline(session, in_progress) if e.kind == "message"
    ]
    assert [actor for actor, _ in thread] == ["Регистратор", "Заявитель"]
