"""Passport verification from the profile: a request with a scan of the passport (for the
pending change or the current data), refused when open already, without a scan or with nothing
to verify; its approval applies the change and confirms the account. Also the МФЦ code path."""

from datetime import UTC, datetime

import pytest
from sqlmodel import select

from gosapp.models.accounts import AccountLevel, PassportChange, PassportChangeStatus
from gosapp.models.requests import Document, DocumentKind, Request, RequestStatus
from gosapp.services.backoffice import users
from gosapp.services.common.audit import Actor
from gosapp.services.common.errors import DomainError, Invalid, NotFound
from gosapp.services.profile import documents, personal_data
from gosapp.services.requests import workflow

FRIDAY = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)  # 12:00 in Moscow
ACTOR = Actor(ip="127.0.0.1", user_agent="pytest")
DOCUMENTS = {
    "snils": "112-233-445 95",
    "inn": "",
    "oms_policy": "",
    "address": "",
    "passport_series": "45 08",
    "passport_number": "123456",
    "passport_issued_on": "15.04.2010",
    "passport_issuer": "ОВД Тверского района г. Москвы",
    "passport_division_code": "770001",
}
NEW_PASSPORT = {
    "passport_series": "4519",
    "passport_number": "654321",
    "passport_issued_on": "20.03.2025",
    "passport_issuer": "ГУ МВД России по г. Москве",
    "passport_division_code": "770-002",
}


def with_passport(session, persona, **changes):
    documents.save_documents(
        session=session, user=persona.user, form={**DOCUMENTS, **changes}, actor=ACTOR, now=FRIDAY
    )
    session.commit()


def pending_change(session, persona) -> PassportChange:
    with_passport(session, persona)
    with_passport(session, persona, **NEW_PASSPORT)
    change = personal_data.pending_passport(session=session, user_id=persona.id)
    assert change is not None
    return change


def scan(session, owner, name="паспорт.pdf") -> int:
    document = Document(
        owner_id=owner.id,
        kind=DocumentKind.UPLOAD,
        storage_key=f"key-{name}-{owner.id}-{datetime.now().timestamp()}",
        original_name=name,
        content_type="application/pdf",
        size=2048,
        sha256="0" * 64,
    )
    session.add(document)
    session.commit()
    return document.id


def verify(session, persona, document_ids=None) -> Request:
    ids = [scan(session, persona)] if document_ids is None else document_ids
    request = documents.request_passport_verification(
        session=session, user=persona.user, document_ids=ids, actor=ACTOR, now=FRIDAY
    )
    session.commit()
    return request


def act(session, persona, request, action, text=""):
    workflow.transition(
        session=session,
        request_id=request.id,
        action=action,
        user=persona.user,
        actor=ACTOR,
        text=text,
        now=FRIDAY,
    )
    session.commit()


def requests_of(session, persona) -> list[Request]:
    return list(session.exec(select(Request).where(Request.applicant_id == persona.id)))


# --- submitting ----------------------------------------------------------------------------------


def test_pending_change_is_submitted_with_its_id_and_the_scan(session, alice):
    change = pending_change(session, alice)
    assert personal_data.profile_view(session=session, user=alice.user).can_verify
    request = verify(session, alice)
    assert request.type_code == "passport_verification"
    assert request.status == RequestStatus.SUBMITTED
    assert workflow.payload_of(request) == {"change_id": change.id}
    attached = session.exec(select(Document).where(Document.request_id == request.id)).all()
    assert len(attached) == 1
    view = personal_data.profile_view(session=session, user=alice.user)
    assert not view.can_verify
    assert view.verification == {
        "number": request.number,
        "status": "Подано",
        "deadline": workflow.deadline_label(request),
    }
    assert view.verification["deadline"].startswith("решение до ")


def test_current_passport_of_an_unconfirmed_account_is_submitted_without_a_change(session, alice):
    with_passport(session, alice)
    assert alice.user.level == AccountLevel.STANDARD
    request = verify(session, alice)
    assert workflow.payload_of(request) == {"change_id": None}


def test_refused_while_a_verification_is_open(session, alice, registrar):
    pending_change(session, alice)
    first = verify(session, alice)
    act(session, registrar, first, "claim")
    with pytest.raises(DomainError) as caught:
        verify(session, alice)
    assert caught.value.message == documents.VERIFICATION_OPEN
    assert len(requests_of(session, alice)) == 1


def test_a_new_verification_is_possible_after_a_rejection(session, alice, registrar):
    with_passport(session, alice)
    first = verify(session, alice)
    act(session, registrar, first, "claim")
    act(session, registrar, first, "reject", "Скан нечитаемый")
    assert personal_data.profile_view(session=session, user=alice.user).can_verify
    second = verify(session, alice)
    assert second.number != first.number


def test_refused_without_a_scan(session, alice):
    pending_change(session, alice)
    with pytest.raises(Invalid) as caught:
        verify(session, alice, document_ids=[])
    assert (caught.value.field, caught.value.message) == ("passport", documents.SCAN_REQUIRED)
    assert caught.value.message == "Приложите скан разворота паспорта"
    assert requests_of(session, alice) == []


def test_another_persons_file_cannot_be_attached(session, alice, bob):
    pending_change(session, alice)
    with pytest.raises(NotFound):
        verify(session, alice, document_ids=[scan(session, bob)])
    session.rollback()
    assert requests_of(session, alice) == []


def test_refused_when_there_is_nothing_to_verify(session, alice, bob):
    assert not personal_data.profile_view(session=session, user=alice.user).can_verify
    with pytest.raises(DomainError) as caught:
        verify(session, alice)  # no passport in the profile
    assert caught.value.message == documents.NOTHING_TO_VERIFY
    with_passport(session, bob)
    bob.user.level = AccountLevel.CONFIRMED
    session.add(bob.user)
    session.commit()
    assert not personal_data.profile_view(session=session, user=bob.user).can_verify
    with pytest.raises(DomainError, match="Нечего подтверждать"):
        verify(session, bob)  # confirmed already, no change pending


def test_confirmed_account_may_verify_a_new_passport(session, alice):
    change = pending_change(session, alice)
    alice.user.level = AccountLevel.CONFIRMED
    session.add(alice.user)
    session.commit()
    request = verify(session, alice)
    assert workflow.payload_of(request) == {"change_id": change.id}


# --- deciding ------------------------------------------------------------------------------------


def test_approval_applies_the_pending_change_and_confirms_the_account(session, alice, registrar):
    change = pending_change(session, alice)
    assert alice.user.passport_number == "123456"  # the old data holds until approval
    request = verify(session, alice)
    act(session, registrar, request, "claim")
    act(session, registrar, request, "approve")
    session.refresh(alice.user)
    user = alice.user
    assert (user.passport_series, user.passport_number) == ("4519", "654321")
    assert (user.passport_issuer, user.passport_division_code) == (
        "ГУ МВД России по г. Москве",
        "770-002",
    )
    assert user.level == AccountLevel.CONFIRMED
    assert session.get(PassportChange, change.id).status == PassportChangeStatus.APPLIED
    view = personal_data.profile_view(session=session, user=user)
    assert view.level["code"] == "confirmed"
    assert (view.pending_passport, view.verification, view.can_verify) == ({}, {}, False)


def test_approval_of_the_current_passport_confirms_the_account(session, alice, registrar):
    with_passport(session, alice)
    request = verify(session, alice)
    act(session, registrar, request, "claim")
    act(session, registrar, request, "approve")
    session.refresh(alice.user)
    assert alice.user.level == AccountLevel.CONFIRMED
    assert alice.user.passport_number == "123456"


# --- the МФЦ code --------------------------------------------------------------------------------


def test_staff_code_redeemed_from_the_profile_confirms_the_account(session, alice, registrar):
    with_passport(session, alice)
    code = users.issue_confirmation_code(
        session=session, staff=registrar.user, user_id=alice.id, actor=ACTOR
    )
    session.commit()
    wrong = code[:-1] + str((int(code[-1]) + 1) % 10)
    with pytest.raises(Invalid) as caught:
        users.redeem_confirmation_code(session=session, user=alice.user, code=wrong, actor=ACTOR)
    assert caught.value.field == "code"
    assert personal_data.profile_view(session=session, user=alice.user).level["code"] == "standard"
    users.redeem_confirmation_code(session=session, user=alice.user, code=code, actor=ACTOR)
    session.commit()
    view = personal_data.profile_view(session=session, user=alice.user)
    assert view.level["code"] == "confirmed"
    assert view.level["label"] == "Подтверждённая"
    assert not view.can_verify
