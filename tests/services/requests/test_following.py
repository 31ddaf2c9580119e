"""Requests a person can follow (issue 11 item 7): the timeline starts at submission, a deadline
shows only while a decision is due and says what is due, a support ticket shows its own text,
and notifications name what happened to what."""

import pytest
from sqlmodel import col, select

from gosapp.models.notifications import Notification
from gosapp.models.requests import RequestStatus
from gosapp.services.requests import cards, dashboard, history, support, timeline, workflow
from gosapp.services.requests.history import HistoryFilter
from tests.services.requests import steps
from tests.services.requests.steps import act

TICKET = {"category": "information", "subject": "Режим работы", "text": "Когда открыт МФЦ?"}
CERTIFICATE = {"purpose": "Для работы", "delivery": "electronic"}
S = RequestStatus


def create(session, persona, type_code="support", data=TICKET, **kwargs):
    return steps.create(session, persona, type_code, data, **kwargs)


def deadlines_shown(session, persona, request) -> set[str]:
    """The deadline of ``request`` as every applicant's view shows it."""
    rows, _ = history.list_requests(session=session, user_id=persona.id, filters=HistoryFilter())
    card = cards.cards(session=session, user=persona.user, type_codes=[request.type_code])
    recent = dashboard.dashboard(session=session, user=persona.user).recent
    return {
        *(row.deadline for row in rows if row.number == request.number),
        *(c.deadline for c in card if c.number == request.number),
        *(r["deadline"] for r in recent if r["number"] == request.number),
    }


def test_the_timeline_starts_at_submission_not_at_the_draft(session, alice):
    request = create(session, alice)
    statuses = [e.status for e in timeline.timeline(session, request, for_staff=True)]
    assert statuses == ["Подано"]
    draft = create(session, alice, submit=False)
    assert timeline.timeline(session, draft) == []


def test_a_support_ticket_promises_an_answer_and_a_certificate_a_decision(session, alice):
    ticket = create(session, alice)
    certificate = create(session, alice, "cert_health", CERTIFICATE)
    assert deadlines_shown(session, alice, ticket) == {"ответ до 23.11.2026"}
    assert deadlines_shown(session, alice, certificate) == {"решение до 25.11.2026"}


@pytest.mark.parametrize(
    "steps",
    [
        [("claim", ""), ("approve", "")],
        [("claim", ""), ("reject", "Нет оснований")],
        [("claim", ""), ("approve", ""), ("complete", "")],
    ],
    ids=["approved", "rejected", "completed"],
)
def test_the_deadline_disappears_once_decided(session, alice, registrar, steps):
    certificate = create(session, alice, "cert_health", CERTIFICATE)
    act(session, registrar, certificate, *steps)
    assert deadlines_shown(session, alice, certificate) <= {""}
    assert workflow.deadline_label(certificate) == ""


def test_a_withdrawn_request_has_no_deadline(session, alice):
    ticket = create(session, alice)
    act(session, alice, ticket, ("withdraw", ""))
    assert workflow.deadline_label(ticket) == ""


def test_a_support_ticket_shows_its_own_text_first(session, alice, registrar):
    ticket = create(session, alice)
    act(session, registrar, ticket, ("claim", ""))
    thread = support.thread(session=session, user=alice.user, request_id=ticket.id)
    assert thread[0] | {"at": ""} == {
        "at": "",
        "actor": "Заявитель",
        "status": "",
        "text": "Когда открыт МФЦ?",
        "document_id": "",
        "document_name": "",
        "kind": "message",
    }
    assert thread[0]["at"] == "20.11.2026 12:00"
    assert [item["status"] for item in thread[1:]] == ["Подано", "В обработке"]


def titles(session, persona) -> list[str]:
    return list(
        session.exec(
            select(Notification.title)
            .where(Notification.user_id == persona.id)
            .order_by(col(Notification.id))
        )
    )


def test_notifications_say_what_happened_to_what(session, alice, registrar):
    certificate = create(session, alice, "cert_health", CERTIFICATE)
    act(session, registrar, certificate, ("claim", ""), ("approve", ""), ("complete", ""))
    number = certificate.number
    assert titles(session, alice) == [
        f"Справка 086/у {number}: заявление подано",
        f"Справка 086/у {number}: взято в работу",
        f"Справка 086/у {number}: готова",
        f"Справка 086/у {number}: заявление закрыто",
    ]


def test_a_support_ticket_is_solved_and_staff_news_names_the_ticket(session, alice, registrar):
    ticket = create(session, alice)
    act(session, registrar, ticket, ("claim", ""), ("ask_info", "Какой браузер?"))
    act(session, alice, ticket, ("answer", "Firefox"))
    act(session, registrar, ticket, ("approve", ""))
    number = ticket.number
    assert titles(session, alice)[-3:] == [
        f"Обращение {number}: нужно уточнение",
        f"Обращение {number}: взято в работу",
        f"Обращение {number}: решено",
    ]
    assert titles(session, registrar) == [f"Обращение {number}: заявитель ответил на вопрос"]
