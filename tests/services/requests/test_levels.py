"""Account levels gate request types (SPEC §1): each type declares the level it needs, the
engine refuses a lower account with a message saying what to do, and pages ask ``level_gate``."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import func
from sqlmodel import select

from gosapp.models.accounts import AccountLevel, User
from gosapp.models.requests import Request, RequestStatus
from gosapp.services.common.audit import Actor
from gosapp.services.common.errors import NotAllowed
from gosapp.services.demo.accounts import DEMO_ACCOUNTS, seed_demo
from gosapp.services.identity.levels import has_level, level_gate
from gosapp.services.requests import catalog, workflow
from tests.factories import give_documents

FRIDAY = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
ACTOR = Actor(ip="127.0.0.1", user_agent="pytest")
CERTIFICATE = {"purpose": "Для работы", "delivery": "electronic"}
QUESTION = {"category": "information", "subject": "Режим работы", "text": "Когда открыт МФЦ?"}


def create(session, user, type_code, data, **kwargs):
    return workflow.create(
        session=session,
        applicant=user,
        type_code=type_code,
        data=data,
        actor=ACTOR,
        now=FRIDAY,
        **kwargs,
    )


def test_every_type_declares_the_level_the_spec_gives_it():
    levels = {t.code: t.level for t in catalog.all_types()}
    assert levels.pop("support") == AccountLevel.BASIC
    assert levels.pop("passport_verification") == AccountLevel.STANDARD
    for code in (
        "portfolio_check",
        "nmo_check",
        "experience_check",
        "frmr_register",
        "attestation",
    ):
        assert levels.pop(code) == AccountLevel.CONFIRMED  # the medical-worker cabinet, SPEC §3
    assert levels.pop("szn_benefit") == AccountLevel.STANDARD  # СЗН: standard (SPEC §1)
    assert levels.pop("szn_allowance") == AccountLevel.CONFIRMED  # the СЗН cabinet
    assert {code.removeprefix("szn_")[:5] for code in levels} == {"cert_"}  # certificates
    assert set(levels.values()) == {AccountLevel.STANDARD}


def test_a_simplified_account_cannot_order_a_certificate_and_is_told_how_to_upgrade(session, alice):
    with pytest.raises(NotAllowed) as refused:
        create(session, alice.user, "cert_health", CERTIFICATE)
    assert "нужна стандартная учётная запись, у вас — упрощённая" in refused.value.message
    assert "Укажите СНИЛС и паспортные данные" in refused.value.message
    assert session.exec(select(func.count()).select_from(Request)).one() == 0


def test_a_simplified_account_may_write_to_support(session, alice):
    assert create(session, alice.user, "support", QUESTION).status == RequestStatus.SUBMITTED


def test_snils_and_passport_make_the_account_standard_and_open_certificates(session, alice):
    give_documents(session, alice.user)
    assert has_level(alice.user, AccountLevel.STANDARD)
    assert not has_level(alice.user, AccountLevel.CONFIRMED)
    assert create(session, alice.user, "cert_pool", CERTIFICATE).status == RequestStatus.SUBMITTED


def test_a_passport_alone_is_not_enough_for_a_passport_check(session, alice):
    user = alice.user
    user.passport_series, user.passport_number = "4510", "123456"
    with pytest.raises(NotAllowed, match="СНИЛС"):
        create(session, user, "passport_verification", {})


def test_a_draft_is_not_submitted_below_its_level(session, alice):
    give_documents(session, alice.user)
    draft = create(session, alice.user, "cert_health", CERTIFICATE, submit=False)
    alice.user.snils = None  # documents removed while the draft waited
    alice.user.level = AccountLevel.BASIC
    with pytest.raises(NotAllowed, match="стандартная"):
        workflow.transition(
            session=session, request_id=draft.id, action="submit", user=alice.user, actor=ACTOR
        )


def test_the_gate_names_every_step_up_to_the_level_needed(session, alice):
    gate = level_gate(alice.user, AccountLevel.CONFIRMED)
    assert gate["needed"] == "подтверждённая" and gate["current"] == "упрощённая"
    assert "СНИЛС" in gate["todo"] and "Подтвердите паспорт" in gate["todo"]
    assert gate["link"] == "/profile"
    assert level_gate(alice.user, AccountLevel.BASIC) == {}
    give_documents(session, alice.user)
    assert "СНИЛС" not in level_gate(alice.user, AccountLevel.CONFIRMED)["todo"]


def test_demo_patient_and_doctor_have_the_levels_their_services_need(session):
    seed_demo(session=session)
    levels = {user.email: user.level for user in session.exec(select(User).where(User.is_demo))}
    by_role = {a.role.value: levels[a.login] for a in reversed(DEMO_ACCOUNTS)}  # the first
    assert by_role["citizen"] == AccountLevel.STANDARD
    assert by_role["doctor"] == AccountLevel.CONFIRMED
    patient = session.exec(select(User).where(User.email == DEMO_ACCOUNTS[0].login)).one()
    assert create(session, patient, "cert_health", CERTIFICATE).status == RequestStatus.SUBMITTED
