"""One request as staff see it: applicant, payload as the type describes it, documents,
timeline, the actions on offer; opening it is audited."""

from datetime import date

from pydantic import BaseModel, Field
from sqlmodel import select

from gosapp.models.accounts import PassportChange
from gosapp.models.audit import AuditEvent
from gosapp.models.requests import Document, DocumentKind
from gosapp.services.backoffice import actions, request_view
from gosapp.services.medical.certificates import DELIVERY
from gosapp.services.requests import catalog, workflow
from tests.personas import make_persona
from tests.services.backoffice.staffing import (
    ACTOR,
    attach_file,
    detail,
    new_request,
    perform,
)

# --- the request page ----------------------------------------------------------------------------


def test_detail_shows_applicant_payload_documents_and_full_timeline(session, alice, registrar):
    request = new_request(session, alice)
    document = attach_file(session, request, alice)
    perform(session, registrar, request, "claim")
    actions.write(
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
    assert view["applicant"][-1] == {"label": "Уровень учётной записи", "value": "Упрощённая"}
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


class SamplePayload(BaseModel):
    """A payload that describes itself the way request types do."""

    purpose: str = Field(title="Цель")
    period_from: date | None = Field(default=None, title="Период с")
    delivery: str = Field(title="Способ получения", json_schema_extra={"choices": DELIVERY})
    change_id: int | None = Field(default=None, json_schema_extra={"hidden": True})


def test_payload_renderer_uses_the_models_titles_choices_and_formats():
    rows = request_view.render_payload(
        {
            "purpose": "Для работы",
            "period_from": "2026-11-02",
            "delivery": "pickup",
            "urgent": True,
            "codes": ["A", "B"],
            "note": None,
            "change_id": 7,
        },
        SamplePayload,
    )
    assert rows == [
        {"label": "Цель", "value": "Для работы"},
        {"label": "Период с", "value": "02.11.2026"},
        {"label": "Способ получения", "value": "В пункте выдачи"},
        {"label": "urgent", "value": "да"},
        {"label": "codes", "value": "A, B"},
        {"label": "note", "value": "—"},
    ]


def test_every_request_type_titles_every_field_it_shows():
    """A new type without titles would show raw keys to staff."""
    for rtype in catalog.all_types():
        for name, info in rtype.payload.model_fields.items():
            hidden = (info.json_schema_extra or {}).get("hidden")
            assert hidden or info.title, f"{rtype.code}.{name} has no title"


def test_certificate_payload_reads_in_russian(session, alice, registrar):
    request = new_request(
        session,
        alice,
        {"purpose": "Для работы", "period_from": "02.11.2026", "delivery": "pickup"},
        type_code="cert_health",
    )
    rows = detail(session, registrar, request)["payload"]
    assert {"label": "Период с", "value": "02.11.2026"} in rows
    assert {"label": "Способ получения", "value": "В пункте выдачи"} in rows


def test_a_type_rewords_staff_actions(session, alice, bob, registrar):
    ticket = new_request(session, alice)
    certificate = new_request(session, bob, {"purpose": "Для работы"}, type_code="cert_pool")
    assert detail(session, registrar, ticket)["wording"]["approve"] == {
        "button": "Решено",
        "title": "Отметить обращение решённым?",
        "done": "Обращение отмечено решённым",
    }
    assert detail(session, registrar, certificate)["wording"]["approve"]["button"] == "Одобрить"
    assert detail(session, registrar, ticket)["wording"]["reject"]["button"] == "Отклонить"


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
    assert rows[-1]["label"] == "Паспорт в профиле"
    assert rows[-1]["value"].startswith(f"4510 {alice.id:06d}")  # the data being replaced


def test_one_clear_reason_when_no_action_is_available(session, alice, bob, registrar, admin):
    roman = make_persona(session, "roman")
    request = new_request(session, alice)
    assert detail(session, roman, request)["no_action_reason"] == ""  # «Взять в работу»
    perform(session, registrar, request, "claim")
    view = detail(session, roman, request)
    assert (view["actions"], view["no_action_reason"]) == (
        [],
        "Заявление взял в работу другой сотрудник",
    )
    assert detail(session, admin, request)["no_action_reason"] == ""
    perform(session, registrar, request, "approve")
    perform(session, registrar, request, "complete")
    assert detail(session, registrar, request)["no_action_reason"] == "Заявление уже решено"
    withdrawn = new_request(session, bob)
    workflow.transition(
        session=session, request_id=withdrawn.id, action="withdraw", user=bob.user, actor=ACTOR
    )
    session.commit()
    reason = detail(session, registrar, withdrawn)["no_action_reason"]
    assert reason == "Заявитель отозвал заявление"


def test_own_request_reason_names_it(session, alice, bob, registrar):
    request = new_request(session, alice)
    reason = actions.no_action_reason(session, request, registrar.user)
    assert reason == ""
    assert actions.no_action_reason(session, request, bob.user) == (
        "Заявления этого вида рассматривают другие сотрудники"
    )
    own = new_request(session, registrar)
    assert actions.no_action_reason(session, own, registrar.user).startswith(
        "Это ваше собственное заявление"
    )
