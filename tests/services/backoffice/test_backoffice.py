"""The staff back office: queues (contents, order, deadlines, paging), the request as staff see
it, and staff actions going through the request engine."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from gosapp.models.accounts import PassportChange, Role
from gosapp.models.audit import AuditEvent
from gosapp.models.notifications import Notification
from gosapp.models.requests import Document, DocumentKind, RequestStatus
from gosapp.services.backoffice import desk
from gosapp.services.common.audit import Actor
from gosapp.services.common.errors import Invalid, NotAllowed, NotFound
from gosapp.services.identity.accounts import grant_role
from gosapp.services.requests import workflow
from gosapp.services.requests.workflow import AlreadyProcessed
from tests.personas import make_persona

FRIDAY = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)  # 12:00 in Moscow
ACTOR = Actor(ip="127.0.0.1", user_agent="pytest")
QUESTION = {"category": "information", "subject": "Режим работы", "text": "Когда открыт МФЦ?"}
COMPLAINT = {"category": "complaint", "subject": "Очередь", "text": "Долго ждал приёма"}
S = RequestStatus


def new_request(session, persona, data=QUESTION, now=FRIDAY, type_code="support", **kwargs):
    request = workflow.create(
        session=session,
        applicant=persona.user,
        type_code=type_code,
        data=data,
        actor=ACTOR,
        now=now,
        **kwargs,
    )
    session.commit()
    return request


def perform(session, persona, request, action, text="", seen=None):
    result = desk.perform(
        session=session,
        user=persona.user,
        request_id=request.id,
        action=action,
        seen_status=seen or request.status,
        actor=ACTOR,
        text=text,
        now=FRIDAY,
    )
    session.commit()
    return result


def queue(session, persona, **kwargs):
    kwargs.setdefault("today", date(2026, 11, 25))
    return desk.queue(session=session, user=persona.user, **kwargs)


def detail(session, persona, request):
    return desk.request_detail(
        session=session, user=persona.user, request_id=request.id, actor=ACTOR
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
    counts = desk.queue_counts(session=session, user=registrar.user, today=date(2026, 11, 25))
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
        desk.queue_counts(session=session, user=other.user)
    with pytest.raises((NotAllowed, NotFound)):
        detail(session, other, request)
    with pytest.raises((NotAllowed, NotFound)):
        perform(session, other, request, "claim")


# --- the request page ----------------------------------------------------------------------------


def attach_file(session, request, owner, name="скан.pdf"):
    document = Document(
        owner_id=owner.id,
        request_id=request.id,
        kind=DocumentKind.UPLOAD,
        storage_key=f"key-{name}-{request.id}",
        original_name=name,
        content_type="application/pdf",
        size=1_258_291,
        sha256="0" * 64,
    )
    session.add(document)
    session.commit()
    return document


def test_detail_shows_applicant_payload_documents_and_full_timeline(session, alice, registrar):
    request = new_request(session, alice)
    document = attach_file(session, request, alice)
    perform(session, registrar, request, "claim")
    desk.write(
        session=session,
        user=registrar.user,
        request_id=request.id,
        text="Заявитель звонил",
        internal=True,
        actor=ACTOR,
    )
    session.commit()
    view = detail(session, registrar, request)
    assert view["header"]["status"] == "in_progress"
    assert view["header"]["assignee"] == "вы"
    assert {"label": "ФИО", "value": "Смирнова Алиса Петровна"} in view["applicant"]
    assert {"label": "Категория", "value": "Запрос информации"} in view["payload"]
    assert {"label": "Тема", "value": "Режим работы"} in view["payload"]
    assert view["documents"] == [
        {
            "id": str(document.id),
            "name": "скан.pdf",
            "size": "1,2 МБ",
            "kind": "загружен",
            "added": view["documents"][0]["added"],
            "href": f"/api/documents/{document.id}",
        }
    ]
    texts = [e["text"] for e in view["timeline"]]
    assert "Заявитель звонил" in texts  # internal comments are for staff
    assert all("Орлова" not in e["actor"] for e in view["timeline"])
    assert view["actions"] == ["ask_info", "approve", "reject", "comment", "message"]


def test_opening_a_request_is_audited(session, alice, registrar):
    request = new_request(session, alice)
    detail(session, registrar, request)
    session.commit()
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "staff.request.view")).one()
    assert (event.user_id, event.object_id) == (registrar.id, request.number)


def test_actions_offered_follow_status_and_assignment(session, alice, registrar, admin):
    roman = make_persona(session, "roman")
    request = new_request(session, alice)
    assert detail(session, roman, request)["actions"] == ["claim", "comment", "message"]
    perform(session, registrar, request, "claim")
    assert detail(session, roman, request)["actions"] == []  # someone else's work
    assert "approve" in detail(session, admin, request)["actions"]  # admins may step in
    perform(session, registrar, request, "reject", "Не по адресу")
    assert detail(session, registrar, request)["actions"] == ["complete", "comment", "message"]
    perform(session, registrar, request, "complete")
    assert detail(session, registrar, request)["actions"] == []


def test_payload_renderer_labels_keys_and_formats_values():
    rows = desk.render_payload(
        {
            "purpose": "Для работы",
            "period_from": "2026-11-02",
            "delivery": "pickup",
            "urgent": True,
            "codes": ["A", "B"],
            "note": None,
            "change_id": 7,
        }
    )
    assert rows == [
        {"label": "Цель", "value": "Для работы"},
        {"label": "Период с", "value": "02.11.2026"},
        {"label": "Способ получения", "value": "В пункте выдачи"},
        {"label": "urgent", "value": "да"},
        {"label": "codes", "value": "A, B"},
        {"label": "note", "value": "—"},
    ]


def test_passport_check_shows_the_submitted_passport(session, alice, registrar):
    change = PassportChange(
        user_id=alice.id,
        series="4510",
        number="123456",
        issued_on=date(2020, 5, 6),
        issuer="ГУ МВД России по г. Москве",
        division_code="770-001",
    )
    scan = Document(
        owner_id=alice.id,
        kind=DocumentKind.UPLOAD,
        storage_key="passport-scan",
        original_name="паспорт.jpg",
        content_type="image/jpeg",
        size=2048,
        sha256="1" * 64,
    )
    session.add_all([change, scan])
    session.commit()
    request = new_request(
        session,
        alice,
        {"change_id": change.id},
        type_code="passport_verification",
        document_ids=[scan.id],
    )
    rows = detail(session, registrar, request)["payload"]
    assert rows[0]["label"] == "Новые паспортные данные"
    assert rows[0]["value"].startswith("4510 123456, выдан 06.05.2020")
    assert rows[-1] == {"label": "Паспорт в профиле", "value": "не указан"}


# --- acting --------------------------------------------------------------------------------------


def test_staff_actions_go_through_the_engine(session, alice, registrar):
    request = new_request(session, alice)
    perform(session, registrar, request, "claim")
    perform(session, registrar, request, "ask_info", "Приложите паспорт")
    assert request.status == S.NEEDS_INFO
    events = workflow.timeline(session, request)
    assert (events[-1].status, events[-1].actor, events[-1].text) == (
        "Требует уточнения",
        "Регистратор",
        "Приложите паспорт",
    )
    assert (
        session.exec(select(AuditEvent).where(AuditEvent.action == "request.ask_info")).one().role
        == "registrar"
    )


def test_a_decision_on_a_stale_page_gets_the_engines_message(session, alice, registrar):
    request = new_request(session, alice)
    perform(session, registrar, request, "claim")
    workflow.transition(
        session=session, request_id=request.id, action="withdraw", user=alice.user, actor=ACTOR
    )
    session.commit()
    with pytest.raises(AlreadyProcessed, match="Заявление уже обработано"):
        perform(session, registrar, request, "approve", seen="in_progress")


def test_bad_arguments_are_refused_before_the_engine(session, alice, registrar):
    request = new_request(session, alice)
    with pytest.raises(NotAllowed):
        perform(session, registrar, request, "withdraw")  # an applicant's action
    with pytest.raises(NotAllowed):
        perform(session, registrar, request, "claim", seen="whatever")
    with pytest.raises(NotFound):
        desk.visible_request(session, registrar.user, "abc")
    with pytest.raises(NotFound):
        desk.visible_request(session, registrar.user, 10**30)
    perform(session, registrar, request, "claim")
    with pytest.raises(Invalid, match="причину"):
        perform(session, registrar, request, "reject", "  ")


def test_message_reaches_the_applicant_and_comment_does_not(session, alice, registrar):
    request = new_request(session, alice)
    perform(session, registrar, request, "claim")
    for text, internal in (("Сообщаем: всё в порядке", False), ("Внутренняя заметка", True)):
        desk.write(
            session=session,
            user=registrar.user,
            request_id=request.id,
            text=text,
            internal=internal,
            actor=ACTOR,
        )
    session.commit()
    seen_by_alice = [e.text for e in workflow.timeline(session, request)]
    assert "Сообщаем: всё в порядке" in seen_by_alice
    assert "Внутренняя заметка" not in seen_by_alice
    bodies = session.exec(select(Notification.body).where(Notification.user_id == alice.id)).all()
    assert "Сообщаем: всё в порядке" in bodies
    assert "Внутренняя заметка" not in bodies


def test_admin_may_process_but_not_a_doctor(session, alice, admin):
    request = new_request(session, alice)
    perform(session, admin, request, "claim")
    doctor = make_persona(session, "doctor")
    grant_role(session=session, user_id=doctor.id, role=Role.DOCTOR)
    with pytest.raises(NotAllowed):
        perform(session, doctor, request, "approve")


def test_a_very_long_timeline_keeps_the_start_and_the_latest(session, alice, registrar):
    request = new_request(session, alice)
    for n in range(160):
        desk.write(
            session=session,
            user=registrar.user,
            request_id=request.id,
            text=f"Заметка {n}",
            internal=True,
            actor=ACTOR,
        )
    session.commit()
    entries = detail(session, registrar, request)["timeline"]
    assert len(entries) == desk.TIMELINE_LIMIT
    assert entries[0]["status"] == "Черновик"
    assert entries[1]["text"] == "… пропущено событий: 13"  # 162 events: 149 kept + this note
    assert entries[-1]["text"] == "Заметка 159"
