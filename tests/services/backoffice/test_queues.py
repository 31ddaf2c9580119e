"""The back-office queues: contents, order, deadlines, counts, paging, and who may see them."""

from datetime import date, timedelta

import pytest

from gosapp.services.backoffice import queues
from gosapp.services.common.display import full_name
from gosapp.services.common.errors import Invalid, NotAllowed, NotFound
from gosapp.services.requests import workflow
from tests.personas import make_persona
from tests.services.backoffice.staffing import (
    ACTOR,
    COMPLAINT,
    FRIDAY,
    QUESTION,
    detail,
    new_request,
    perform,
    queue,
)

# --- queues --------------------------------------------------------------------------------------


def test_queue_lists_open_requests_nearest_deadline_first(session, alice, bob, registrar):
    complaint = new_request(session, alice, COMPLAINT)  # due 27.11
    question = new_request(session, bob)  # due 23.11
    monday = new_request(session, alice, now=FRIDAY + timedelta(days=3))  # due 24.11
    rows = queue(session, registrar).rows
    assert [r["number"] for r in rows] == [question.number, monday.number, complaint.number]
    first = rows[0]
    assert first["deadline"] == "до 23.11.2026"
    assert first["type"] == "Обращение в поддержку"
    assert first["status"] == "Подано"
    assert first["submitted"] == "20.11.2026 12:00"
    assert first["assignee"] == "не назначено"
    assert first["applicant"] == full_name(bob.user)
    assert rows[1]["applicant"] == full_name(alice.user)
    assert [r["overdue"] for r in rows] == [True, True, False]  # today is 25.11


def test_queue_marks_requests_where_the_applicant_wrote_last(session, alice, registrar):
    _fresh, talked, answered, waiting = (new_request(session, alice) for _ in range(4))
    for request in (talked, answered, waiting):
        perform(session, registrar, request, "claim")

    def say(persona, request, text, internal=False):
        workflow.add_message(
            session=session,
            request_id=request.id,
            user=persona.user,
            text=text,
            actor=ACTOR,
            internal=internal,
            now=FRIDAY,
        )
        session.commit()

    say(registrar, talked, "Уточняем")
    say(alice, talked, "Жду ответа")
    say(registrar, talked, "Заметка для коллег", internal=True)  # notes do not answer
    perform(session, registrar, answered, "ask_info", "Какой филиал?")
    workflow.transition(
        session=session,
        request_id=answered.id,
        action="answer",
        user=alice.user,
        actor=ACTOR,
        text="Центральный",
        now=FRIDAY,
    )
    session.commit()
    say(alice, waiting, "Спасибо")
    say(registrar, waiting, "Пожалуйста")
    marked = {r["number"] for r in queue(session, registrar).rows if r["replied"]}
    assert marked == {talked.number, answered.number}  # a fresh submission is not a reply


def test_assignee_is_you_another_colleague_or_nobody(session, alice, registrar):
    roman = make_persona(session, "roman")
    taken = new_request(session, alice)
    new_request(session, alice, COMPLAINT)
    perform(session, registrar, taken, "claim")
    labels = {r["number"]: r["assignee"] for r in queue(session, registrar).rows}
    assert labels[taken.number] == "вы"
    seen_by_roman = {r["number"]: r["assignee"] for r in queue(session, roman).rows}
    assert seen_by_roman[taken.number] == "другой сотрудник"
    assert "Орлова" not in str(seen_by_roman)
    assert [r["number"] for r in queue(session, registrar, mine=True).rows] == [taken.number]


def test_status_filter_defaults_to_open(session, alice, registrar):
    done = new_request(session, alice)
    perform(session, registrar, done, "claim")
    perform(session, registrar, done, "approve")
    perform(session, registrar, done, "complete")
    open_one = new_request(session, alice, COMPLAINT)
    assert [r["number"] for r in queue(session, registrar).rows] == [open_one.number]
    assert queue(session, registrar, status="completed").total == 1
    assert queue(session, registrar, status="all").total == 2
    with pytest.raises(Invalid):
        queue(session, registrar, status="draft")
    with pytest.raises(Invalid):
        queue(session, registrar, type_code="no_such_type")


def test_queue_pages_hold_at_most_50_rows(session, alice, registrar):
    for _ in range(51):
        workflow.create(
            session=session,
            applicant=alice.user,
            type_code="support",
            data=QUESTION,
            actor=ACTOR,
            now=FRIDAY,
        )
    session.commit()
    first = queue(session, registrar)
    assert (len(first.rows), first.total, first.pages) == (50, 51, 2)
    last = queue(session, registrar, page=2)
    assert len(last.rows) == 1
    assert last.rows[0]["number"] not in {r["number"] for r in first.rows}
    assert queue(session, registrar, page=99).page == 2  # clamped, not an error


def test_counts_per_type_show_open_and_overdue(session, alice, registrar):
    new_request(session, alice)
    new_request(session, alice, COMPLAINT)
    counts = queues.queue_counts(session=session, user=registrar.user, today=date(2026, 11, 25))
    support = next(c for c in counts if c["code"] == "support")
    assert (support["open"], support["overdue"]) == (2, 1)
    assert {c["code"] for c in counts} >= {"support", "passport_verification"}


def test_staff_never_see_their_own_requests(session, alice, registrar):
    own = new_request(session, registrar)
    new_request(session, alice)
    assert own.number not in {r["number"] for r in queue(session, registrar).rows}
    with pytest.raises(NotAllowed):
        detail(session, registrar, own)


@pytest.mark.parametrize("persona_name", ["bob", "doctor"])
def test_citizens_and_doctors_are_refused(session, alice, persona_name):
    other = make_persona(session, persona_name)
    request = new_request(session, alice)
    with pytest.raises(NotAllowed):
        queue(session, other)
    with pytest.raises(NotAllowed):
        queues.queue_counts(session=session, user=other.user)
    with pytest.raises((NotAllowed, NotFound)):
        detail(session, other, request)
    with pytest.raises((NotAllowed, NotFound)):
        perform(session, other, request, "claim")


def test_a_decided_request_shows_no_deadline(session, alice, registrar):
    decided, waiting = new_request(session, alice), new_request(session, alice)
    perform(session, registrar, decided, "claim")
    perform(session, registrar, decided, "approve")
    shown = {r["number"]: r for r in queue(session, registrar, status="all").rows}
    assert shown[waiting.number]["deadline"] == "до 23.11.2026"
    assert (shown[decided.number]["deadline"], shown[decided.number]["overdue"]) == ("", False)
    assert detail(session, registrar, decided)["header"]["deadline"] == ""
    assert detail(session, registrar, waiting)["header"]["deadline"] == "до 23.11.2026"
