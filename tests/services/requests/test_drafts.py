"""Drafts can be continued and submitted: «Подать» is the engine's draft → submitted step,
the cards and the history offer it only on drafts, and «Черновик» is never a timeline step."""

import json
from urllib.parse import quote

import pytest

from gosapp.models.requests import RequestStatus
from gosapp.services.common.errors import NotFound
from gosapp.services.identity.accounts import InvalidForm
from gosapp.services.requests import cards, drafts, history, timeline, workflow
from gosapp.services.requests.history import HistoryFilter
from gosapp.services.requests.workflow import AlreadyProcessed
from tests.services.frmr.portfolio_setup import stage
from tests.services.requests import steps
from tests.services.requests.steps import ACTOR, FRIDAY

CERTIFICATE = {"purpose": "Для работы", "delivery": "electronic"}
TICKET = {"category": "information", "subject": "Режим работы", "text": "Когда открыт МФЦ?"}


def draft_of(session, persona, type_code="cert_health", data=CERTIFICATE):
    return steps.create(session, persona, type_code, data, submit=False)


def submit(session, persona, request):
    submitted = workflow.submit_draft(
        session=session, request_id=request.id, user=persona.user, actor=ACTOR, now=FRIDAY
    )
    session.commit()
    return submitted


def test_submitting_a_draft_starts_its_deadline_and_its_timeline(session, alice):
    draft = draft_of(session, alice)
    assert draft.due_on is None
    submitted = submit(session, alice, draft)
    assert submitted.status == RequestStatus.SUBMITTED
    assert workflow.deadline_label(submitted) == "решение до 25.11.2026"
    assert [e.status for e in timeline.timeline(session, submitted)] == ["Подано"]


def test_a_draft_is_submitted_once(session, alice):
    draft = draft_of(session, alice)
    submit(session, alice, draft)
    with pytest.raises(AlreadyProcessed):
        submit(session, alice, draft)


def test_a_withdrawn_draft_cannot_be_submitted(session, alice):
    draft = draft_of(session, alice)
    steps.act(session, alice, draft, ("withdraw", ""))
    with pytest.raises(AlreadyProcessed):
        submit(session, alice, draft)


def test_someone_elses_draft_is_not_found(session, alice, bob):
    draft = draft_of(session, alice)
    with pytest.raises(NotFound):
        submit(session, bob, draft)
    session.refresh(draft)
    assert draft.status == RequestStatus.DRAFT


def test_only_a_draft_card_offers_submitting(session, alice):
    draft = draft_of(session, alice)
    sent = steps.create(session, alice, "cert_health", CERTIFICATE)
    shown = {
        c.number: c
        for c in cards.cards(session=session, user=alice.user, type_codes=["cert_health"])
    }
    assert shown[draft.number].can_submit and shown[draft.number].deadline == ""
    assert not shown[sent.number].can_submit


def test_a_draft_in_the_history_continues_on_its_types_page(session, alice):
    draft = draft_of(session, alice)
    ticket = draft_of(session, alice, "support", TICKET)
    sent = steps.create(session, alice, "cert_health", CERTIFICATE)
    rows, _ = history.list_requests(session=session, user_id=alice.id, filters=HistoryFilter())
    shown = {row.number: row for row in rows}
    assert shown[draft.number].continue_href == f"/certificates?open={quote(draft.number)}"
    assert shown[ticket.number].continue_href == f"/support?open={quote(ticket.number)}"
    assert shown[sent.number].continue_href == ""


# --- the request pages' own forms: keep, edit and submit a draft ------------------------------


def keep(session, persona, request_id="", data=CERTIFICATE, document_ids=()):
    steps.level_for(session, persona.user, "cert_health")
    request = drafts.keep_draft(
        session=session,
        user=persona.user,
        type_code="cert_health",
        data=data,
        actor=ACTOR,
        request_id=request_id,
        document_ids=list(document_ids),
    )
    session.commit()
    return request


def test_a_half_filled_form_is_kept_as_a_draft_and_updated_in_place(session, alice):
    draft = keep(session, alice, data={"purpose": "", "delivery": "electronic"})
    assert draft.status == RequestStatus.DRAFT and draft.due_on is None
    again = keep(session, alice, draft.id, {"purpose": "Для бассейна", "delivery": "pickup"})
    assert again.id == draft.id
    _, values = drafts.draft_form(session, draft.id, alice.user)
    assert values["purpose"] == "Для бассейна" and values["delivery"] == "pickup"


def test_an_edited_draft_is_submitted_with_its_new_fields_and_files(session, alice):
    draft = keep(session, alice)
    scan = stage(session, alice.user)
    submitted = drafts.submit_edited(
        session=session,
        user=alice.user,
        request_id=draft.id,
        data={"purpose": "Для санатория", "delivery": "electronic"},
        actor=ACTOR,
        document_ids=[scan.id],
    )
    session.commit()
    assert submitted.id == draft.id and submitted.status == RequestStatus.SUBMITTED
    assert json.loads(submitted.payload)["purpose"] == "Для санатория"
    session.refresh(scan)
    assert scan.request_id == draft.id


def test_an_edited_draft_with_a_bad_field_stays_a_draft(session, alice):
    draft = keep(session, alice)
    with pytest.raises(InvalidForm) as caught:
        drafts.submit_edited(
            session=session,
            user=alice.user,
            request_id=draft.id,
            data={"purpose": "", "delivery": "electronic"},
            actor=ACTOR,
        )
    session.rollback()
    assert "purpose" in caught.value.errors
    session.refresh(draft)
    assert draft.status == RequestStatus.DRAFT


def test_a_submitted_request_can_no_longer_be_edited_as_a_draft(session, alice):
    draft = keep(session, alice)
    submit(session, alice, draft)
    with pytest.raises(AlreadyProcessed):
        drafts.draft_form(session, draft.id, alice.user)
    with pytest.raises(AlreadyProcessed):
        keep(session, alice, draft.id, {"purpose": "Другое", "delivery": "electronic"})


def test_someone_elses_draft_cannot_be_read_kept_or_submitted(session, alice, bob):
    draft = keep(session, alice)
    with pytest.raises(NotFound):
        drafts.draft_form(session, draft.id, bob.user)
    with pytest.raises(NotFound):
        keep(session, bob, draft.id, {"purpose": "Чужое", "delivery": "electronic"})
    with pytest.raises(NotFound):
        drafts.submit_edited(
            session=session, user=bob.user, request_id=draft.id, data=CERTIFICATE, actor=ACTOR
        )
    session.rollback()
    session.refresh(draft)
    assert draft.status == RequestStatus.DRAFT
    assert json.loads(draft.payload)["purpose"] == CERTIFICATE["purpose"]
