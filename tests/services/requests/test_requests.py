"""The request engine: numbers, the state machine and who may move it, the append-only
timeline, deadlines in working days, notifications, and the race between two staff."""

import threading
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from gosapp.db import transaction
from gosapp.models.notifications import Notification
from gosapp.models.requests import RequestEvent, RequestStatus
from gosapp.services.common.audit import Actor
from gosapp.services.common.errors import Invalid, NotAllowed, NotFound
from gosapp.services.identity.accounts import InvalidForm
from gosapp.services.requests import lookup, timeline, workflow
from gosapp.services.requests.workflow import AlreadyProcessed
from tests.personas import make_persona

FRIDAY = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)  # 12:00 in Moscow
ACTOR = Actor(ip="127.0.0.1", user_agent="pytest")
QUESTION = {"category": "information", "subject": "Режим работы", "text": "Когда открыт МФЦ?"}
COMPLAINT = {"category": "complaint", "subject": "Очередь", "text": "Долго ждал приёма"}
S = RequestStatus


def new_request(session, persona, data=QUESTION, now=FRIDAY, **kwargs):
    request = workflow.create(
        session=session,
        applicant=persona.user,
        type_code="support",
        data=data,
        actor=ACTOR,
        now=now,
        **kwargs,
    )
    session.commit()
    return request


def act(session, persona, request, action, text="", **kwargs):
    result = workflow.transition(
        session=session,
        request_id=request.id,
        action=action,
        user=persona.user,
        actor=ACTOR,
        text=text,
        now=kwargs.pop("now", FRIDAY),
        **kwargs,
    )
    session.commit()
    return result


def test_numbers_are_yearly_and_sequential(session, alice):
    first, second = new_request(session, alice), new_request(session, alice)
    assert (first.number, second.number) == ("ОБР-2026-000001", "ОБР-2026-000002")
    next_year = new_request(session, alice, now=datetime(2027, 1, 11, 9, tzinfo=UTC))
    assert next_year.number == "ОБР-2027-000001"


def test_submission_sets_a_deadline_in_working_days(session, alice):
    question, complaint = new_request(session, alice), new_request(session, alice, COMPLAINT)
    assert question.status == S.SUBMITTED
    assert question.due_on == date(2026, 11, 23)  # Friday + 1 working day = Monday
    assert complaint.due_on == date(2026, 11, 27)
    assert workflow.deadline_label(question) == "ответ до 23.11.2026"


def test_bad_payload_names_the_field_in_russian(session, alice):
    with pytest.raises(InvalidForm) as err:
        new_request(session, alice, {"category": "spam", "subject": " ", "text": "x"})
    assert err.value.errors == {
        "category": "Выберите значение из списка",
        "subject": "Заполните поле",
    }


def test_full_path_with_clarification(session, alice, registrar):
    request = new_request(session, alice)
    act(session, registrar, request, "claim")
    act(session, registrar, request, "ask_info", "Уточните адрес МФЦ")
    act(session, alice, request, "answer", "ул. Ленина, 1")
    act(session, registrar, request, "approve", "Ответ дан")
    act(session, registrar, request, "complete")
    assert request.status == S.COMPLETED
    entries = timeline.timeline(session, request)
    assert [(e.status, e.actor) for e in entries] == [
        ("Подано", "Заявитель"),
        ("В обработке", "Регистратор"),
        ("Требует уточнения", "Регистратор"),
        ("В обработке", "Заявитель"),
        ("Одобрено", "Регистратор"),
        ("Завершено", "Регистратор"),
    ]
    assert entries[2].text == "Уточните адрес МФЦ"
    assert all("Орлова" not in f"{e.actor}{e.text}" for e in entries)  # roles, not names


def test_every_transition_notifies_the_applicant(session, alice, registrar):
    request = new_request(session, alice)
    act(session, registrar, request, "claim")
    act(session, registrar, request, "reject", "Вопрос не по адресу")
    titles = session.exec(
        select(Notification.title).where(Notification.user_id == alice.id).order_by(Notification.id)
    ).all()
    assert titles == [
        f"Обращение {request.number}: заявление подано",
        f"Обращение {request.number}: взято в работу",
        f"Обращение {request.number}: отклонено",
    ]


@pytest.mark.parametrize(
    ("status_path", "who", "action"),
    [
        ([], "alice", "claim"),  # the applicant cannot act as staff
        ([], "alice", "approve"),
        ([], "registrar", "approve"),  # not claimed yet
        ([], "registrar", "answer"),  # staff cannot answer for the applicant
        (["claim"], "alice", "reject"),
        (["claim"], "registrar", "claim"),
        (["claim", "approve"], "alice", "withdraw"),  # decided: too late
        (["claim", "approve"], "registrar", "reject"),
        (["claim", "approve", "complete"], "registrar", "approve"),
        ([], "registrar", "teleport"),
    ],
)
def test_forbidden_transitions_are_refused(session, alice, registrar, status_path, who, action):
    people = {"alice": alice, "registrar": registrar}
    request = new_request(session, alice)
    for step in status_path:
        act(session, registrar, request, step, "причина")
    before = session.exec(select(func.count()).select_from(RequestEvent)).one()
    with pytest.raises((NotAllowed, NotFound)):
        act(session, people[who], request, action, "причина")
    session.rollback()
    assert session.exec(select(func.count()).select_from(RequestEvent)).one() == before


def test_another_citizen_cannot_see_or_touch_the_request(session, alice, bob, registrar):
    request = new_request(session, alice)
    with pytest.raises(NotFound):
        lookup.own_request(session, bob.user, request.id)
    with pytest.raises(NotFound):
        act(session, bob, request, "withdraw")
    with pytest.raises(NotFound):  # a citizen calling the staff action gets "not found"
        act(session, bob, request, "claim")
    with pytest.raises(NotFound):
        lookup.staff_request(session, bob.user, request.id)


def test_staff_cannot_process_their_own_request(session, registrar):
    request = new_request(session, registrar)
    with pytest.raises(NotAllowed):
        act(session, registrar, request, "claim")


def test_only_the_assignee_or_an_admin_decides(session, alice, registrar, admin):
    roman = make_persona(session, "roman")
    request = new_request(session, alice)
    act(session, registrar, request, "claim")
    with pytest.raises(NotAllowed, match="другого сотрудника"):
        act(session, roman, request, "approve")
    act(session, admin, request, "approve")
    assert request.status == S.APPROVED


def test_decision_on_stale_page_is_refused_with_a_clear_message(session, alice, registrar):
    request = new_request(session, alice)
    act(session, registrar, request, "claim")
    act(session, alice, request, "withdraw")
    with pytest.raises(AlreadyProcessed, match="«Отозвано»"):
        act(session, registrar, request, "approve", seen_status="in_progress")


def test_texts_required_where_they_matter(session, alice, registrar):
    request = new_request(session, alice)
    act(session, registrar, request, "claim")
    with pytest.raises(Invalid, match="причину"):
        act(session, registrar, request, "reject", "   ")
    with pytest.raises(Invalid, match="уточнить"):
        act(session, registrar, request, "ask_info")


def test_messages_both_ways_and_staff_comments_stay_internal(session, alice, registrar):
    request = new_request(session, alice)
    act(session, registrar, request, "claim")
    for user, text, internal in (
        (registrar, "Проверяем", False),
        (alice, "Спасибо", False),
        (registrar, "Заявитель звонил дважды", True),
    ):
        workflow.add_message(
            session=session,
            request_id=request.id,
            user=user.user,
            text=text,
            actor=ACTOR,
            internal=internal,
            now=FRIDAY,
        )
    session.commit()
    seen = [e.text for e in timeline.timeline(session, request) if e.kind == "message"]
    assert seen == ["Проверяем", "Спасибо"]
    staff_view = [e.text for e in timeline.timeline(session, request, for_staff=True)]
    assert "Заявитель звонил дважды" in staff_view
    with pytest.raises(NotAllowed):  # a citizen cannot write an internal comment
        workflow.add_message(
            session=session,
            request_id=request.id,
            user=alice.user,
            text="x",
            actor=ACTOR,
            internal=True,
        )


def test_events_are_only_ever_appended(session, alice, registrar):
    request = new_request(session, alice)
    ids_before = session.exec(select(RequestEvent.id, RequestEvent.text)).all()
    act(session, registrar, request, "claim")
    act(session, registrar, request, "approve")
    ids_after = session.exec(select(RequestEvent.id, RequestEvent.text)).all()
    assert ids_after[: len(ids_before)] == ids_before
    assert len(ids_after) == len(ids_before) + 2


def test_first_requests_of_a_year_created_at_once_get_distinct_gap_free_numbers(engine, alice):
    """Eight workers file the year's first requests together: no unique-key failure (the row
    of the year does not exist yet when they start) and the numbers are 1..8."""
    barrier = threading.Barrier(8)
    numbers: list[str] = []
    errors: list[BaseException] = []

    def file_one():
        barrier.wait()
        try:
            with transaction(engine) as db:
                request = workflow.create(
                    session=db,
                    applicant=db.get(type(alice.user), alice.id),
                    type_code="support",
                    data=QUESTION,
                    actor=ACTOR,
                    now=FRIDAY,
                )
                numbers.append(request.number)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=file_one) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(numbers) == [f"ОБР-2026-{n:06d}" for n in range(1, 9)]


def test_two_staff_deciding_at_once_have_exactly_one_winner(engine, session, alice, admin):
    """Two threads, two connections, a barrier: both saw "в обработке"; one approves, one
    rejects. Exactly one commits; the other is told the request was already processed."""
    request = new_request(session, alice)
    act(session, admin, request, "claim")
    roman = make_persona(session, "roman")
    from gosapp.models.accounts import Role
    from gosapp.services.identity.roles import grant_role

    grant_role(session=session, user_id=roman.id, role=Role.ADMIN)
    session.commit()
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def decide(persona, action):
        with Session(engine) as db:
            user = db.get(type(persona.user), persona.id)
        barrier.wait()
        try:
            with transaction(engine) as db:
                workflow.transition(
                    session=db,
                    request_id=request.id,
                    action=action,
                    user=user,
                    actor=ACTOR,
                    text="решение",
                    seen_status="in_progress",
                )
            outcomes[action] = "won"
        except AlreadyProcessed as exc:
            outcomes[action] = exc.message

    threads = [
        threading.Thread(target=decide, args=(admin, "approve")),
        threading.Thread(target=decide, args=(roman, "reject")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(v == "won" for v in outcomes.values()) == [False, True]
    loser = next(v for v in outcomes.values() if v != "won")
    assert "уже обработано" in loser
    session.expire_all()
    decisions = session.exec(
        select(RequestEvent.to_status).where(
            RequestEvent.request_id == request.id,
            RequestEvent.to_status.in_(["approved", "rejected"]),
        )
    ).all()
    assert len(decisions) == 1


def test_conditional_update_refuses_a_stale_status_even_without_the_check(session, alice, admin):
    """The database, not the Python check, is the guarantee: a stale row still loses."""
    request = new_request(session, alice)
    act(session, admin, request, "claim")
    with pytest.raises(AlreadyProcessed):
        workflow._switch(session, request, S.SUBMITTED, S.IN_PROGRESS, admin.user, "claim", FRIDAY)
