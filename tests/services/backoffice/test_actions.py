"""Staff actions go through the request engine: stale pages, bad arguments, messages and
comments, who may act."""

import pytest
from sqlmodel import select

from gosapp.models.accounts import Role
from gosapp.models.audit import AuditEvent
from gosapp.models.notifications import Notification
from gosapp.services.backoffice import access, actions, request_view
from gosapp.services.common.errors import Invalid, NotAllowed, NotFound
from gosapp.services.identity.roles import grant_role
from gosapp.services.requests import timeline, workflow
from gosapp.services.requests.workflow import AlreadyProcessed
from tests.personas import make_persona
from tests.services.backoffice.staffing import ACTOR, S, detail, new_request, perform

# --- acting --------------------------------------------------------------------------------------


def test_staff_actions_go_through_the_engine(session, alice, registrar):
    request = new_request(session, alice)
    perform(session, registrar, request, "claim")
    perform(session, registrar, request, "ask_info", "Приложите паспорт")
    assert request.status == S.NEEDS_INFO
    events = timeline.timeline(session, request)
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
        access.visible_request(session, registrar.user, "abc")
    with pytest.raises(NotFound):
        access.visible_request(session, registrar.user, 10**30)
    perform(session, registrar, request, "claim")
    with pytest.raises(Invalid, match="причину"):
        perform(session, registrar, request, "reject", "  ")


def test_message_reaches_the_applicant_and_comment_does_not(session, alice, registrar):
    request = new_request(session, alice)
    perform(session, registrar, request, "claim")
    for text, internal in (("Сообщаем: всё в порядке", False), ("Внутренняя заметка", True)):
        actions.write(
            session=session,
            user=registrar.user,
            request_id=request.id,
            text=text,
            internal=internal,
            actor=ACTOR,
        )
    session.commit()
    seen_by_alice = [e.text for e in timeline.timeline(session, request)]
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
        actions.write(
            session=session,
            user=registrar.user,
            request_id=request.id,
            text=f"Заметка {n}",
            internal=True,
            actor=ACTOR,
        )
    session.commit()
    entries = detail(session, registrar, request)["timeline"]
    assert len(entries) == request_view.TIMELINE_LIMIT
    assert entries[0]["status"] == "Подано"
    assert entries[1]["text"] == "… пропущено событий: 12"  # 161 events: 149 kept + this note
    assert entries[-1]["text"] == "Заметка 159"
