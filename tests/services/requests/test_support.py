"""Support tickets: the applicant keeps writing in the same ticket, an answer to a staff question
returns it to work, closed tickets refuse, and nobody reaches a ticket that is not theirs."""

from datetime import UTC, datetime
from urllib.parse import quote

import pytest
from sqlmodel import select

from gosapp.models.notifications import Notification
from gosapp.models.requests import Document, EventKind, RequestEvent, RequestStatus
from gosapp.services.common.audit import Actor
from gosapp.services.common.errors import Invalid, NotAllowed, NotFound
from gosapp.services.documents import storage
from gosapp.services.requests import cards, support, timeline, workflow
from tests.factories import level_for
from tests.services.documents.test_storage import PNG
from tests.services.requests import steps
from tests.stores import store  # noqa: F401  (fixture: each storage backend)

FRIDAY = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
ACTOR = Actor(ip="127.0.0.1", user_agent="pytest")
QUESTION = {"category": "technical", "subject": "Не грузится карта", "text": "Белый экран"}
S = RequestStatus


def open_ticket(session, persona, data=QUESTION):
    return steps.create(session, persona, support.TYPE_CODE, data)


def staff(session, persona, ticket, action, text=""):
    steps.act(session, persona, ticket, (action, text))


def write(session, persona, ticket_id, text, **kwargs):
    result = support.post_message(
        session=session,
        user=persona.user,
        request_id=ticket_id,
        text=text,
        actor=ACTOR,
        now=FRIDAY,
        **kwargs,
    )
    session.commit()
    return result


def messages(session, ticket):
    return [
        (e.actor, e.text) for e in timeline.timeline(session, ticket) if e.kind == EventKind.MESSAGE
    ]


def test_the_applicant_adds_messages_to_the_same_ticket(session, alice, registrar):
    ticket = open_ticket(session, alice)
    write(session, alice, ticket.id, "Браузер — Firefox 140")
    staff(session, registrar, ticket, "claim")
    workflow.add_message(
        session=session,
        request_id=ticket.id,
        user=registrar.user,
        text="Очистите кэш и попробуйте снова",
        actor=ACTOR,
        now=FRIDAY,
    )
    write(session, alice, str(ticket.id), "Помогло, спасибо")
    session.refresh(ticket)
    assert ticket.status == S.IN_PROGRESS  # messages never move the ticket
    assert messages(session, ticket) == [
        ("Заявитель", "Браузер — Firefox 140"),
        ("Регистратор", "Очистите кэш и попробуйте снова"),  # a role, never a staff name
        ("Заявитель", "Помогло, спасибо"),
    ]


def test_a_message_while_staff_wait_is_the_answer(session, alice, registrar):
    ticket = open_ticket(session, alice)
    staff(session, registrar, ticket, "claim")
    staff(session, registrar, ticket, "ask_info", "Пришлите снимок экрана")
    write(session, alice, ticket.id, "Снимок во вложении")
    session.refresh(ticket)
    assert ticket.status == S.IN_PROGRESS
    last = session.exec(
        select(RequestEvent)
        .where(RequestEvent.request_id == ticket.id)
        .order_by(RequestEvent.id.desc())
    ).first()
    assert (last.kind, last.from_status, last.to_status) == (
        EventKind.STATUS,
        S.NEEDS_INFO,
        S.IN_PROGRESS,
    )


def test_a_screenshot_joins_the_ticket(session, alice, registrar, store):  # noqa: F811
    ticket = open_ticket(session, alice)
    shot = storage.stage(
        session=session, owner_id=alice.user.id, filename="экран.png", data=PNG, storage=store
    )
    session.commit()
    write(session, alice, ticket.id, "", document_ids=[shot.id])
    assert session.get(Document, shot.id).request_id == ticket.id
    thread = support.thread(session=session, user=alice.user, request_id=ticket.id)
    assert "экран.png" in [item["document_name"] for item in thread]


def test_an_empty_message_is_refused_in_russian(session, alice):
    ticket = open_ticket(session, alice)
    with pytest.raises(Invalid, match="Напишите сообщение"):
        write(session, alice, ticket.id, "   ")


@pytest.mark.parametrize("closing", ["withdraw", "complete"])
def test_a_closed_ticket_takes_no_more_messages(session, alice, registrar, closing):
    ticket = open_ticket(session, alice)
    if closing == "withdraw":
        workflow.transition(
            session=session, request_id=ticket.id, action="withdraw", user=alice.user, actor=ACTOR
        )
    else:
        for action in ("claim", "approve", "complete"):
            staff(session, registrar, ticket, action)
    with pytest.raises(NotAllowed, match="создайте новое обращение"):
        write(session, alice, ticket.id, "Ещё вопрос")
    card = cards.cards(session=session, user=alice.user, type_codes=["support"])[0]
    assert card.can_write is False


def test_nobody_writes_in_or_reads_a_ticket_that_is_not_theirs(session, alice, bob):
    ticket = open_ticket(session, alice)
    level_for(session, bob.user, "cert_pool")
    certificate = workflow.create(
        session=session,
        applicant=bob.user,
        type_code="cert_pool",
        data={"purpose": "Бассейн", "delivery": "electronic"},
        actor=ACTOR,
    )
    session.commit()
    for request_id in (ticket.id, str(ticket.id), certificate.id, "1 OR 1=1", "", -1, None):
        with pytest.raises(NotFound, match="Заявление не найдено"):
            write(session, bob, request_id, "Чужое")
        with pytest.raises(NotFound):
            support.thread(session=session, user=bob.user, request_id=request_id)
    assert messages(session, ticket) == []


def test_staff_notes_stay_out_of_the_thread(session, alice, registrar):
    ticket = open_ticket(session, alice)
    workflow.add_message(
        session=session,
        request_id=ticket.id,
        user=registrar.user,
        text="Проверить логи фронтенда",
        actor=ACTOR,
        internal=True,
    )
    session.commit()
    thread = support.thread(session=session, user=alice.user, request_id=ticket.id)
    assert "Проверить логи фронтенда" not in [item["text"] for item in thread]


def test_staff_replies_notify_with_a_link_to_the_support_page(session, alice, registrar):
    ticket = open_ticket(session, alice)
    workflow.add_message(
        session=session,
        request_id=ticket.id,
        user=registrar.user,
        text="Ответили на почту",
        actor=ACTOR,
    )
    session.commit()
    note = session.exec(
        select(Notification)
        .where(Notification.user_id == alice.user.id)
        .order_by(Notification.id.desc())
    ).first()
    assert (note.title, note.link) == (
        f"Обращение {ticket.number}: новое сообщение",
        f"/support?open={quote(ticket.number)}",
    )


def test_a_long_staff_question_is_shortened_on_the_card(session, alice, registrar):
    ticket = open_ticket(session, alice)
    staff(session, registrar, ticket, "claim")
    staff(session, registrar, ticket, "ask_info", "Уточните " + "ж" * 3000)
    card = cards.cards(session=session, user=alice.user, type_codes=["support"])[0]
    assert len(card.question) == cards.QUESTION_PREVIEW
    assert card.question.startswith("Уточните ж") and card.question.endswith("…")
    thread = support.thread(session=session, user=alice.user, request_id=ticket.id)
    assert len(thread[-1]["text"]) == len("Уточните ") + 3000  # the thread keeps it whole


def test_the_staff_member_on_the_ticket_hears_when_the_applicant_writes(session, alice, registrar):
    def staff_notes():
        return session.exec(
            select(Notification.title, Notification.body, Notification.link)
            .where(Notification.user_id == registrar.user.id)
            .order_by(Notification.id)
        ).all()

    ticket = open_ticket(session, alice)
    write(session, alice, ticket.id, "Нет ответа")
    assert staff_notes() == []  # nobody has taken the ticket yet: the queue shows it
    staff(session, registrar, ticket, "claim")
    write(session, alice, ticket.id, "Жду ответа")
    staff(session, registrar, ticket, "ask_info", "Какой браузер?")
    write(session, alice, ticket.id, "Firefox")
    link = f"/staff/requests/{ticket.id}"
    assert staff_notes() == [
        (f"Обращение {ticket.number}: новое сообщение заявителя", "", link),
        (f"Обращение {ticket.number}: заявитель ответил на вопрос", "", link),
    ]
