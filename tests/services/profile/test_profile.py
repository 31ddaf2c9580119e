"""Profile: documents (all errors at once, passport changes pending), contacts, preferences."""

import re
from datetime import UTC, date, datetime

import pyotp
import pytest
from sqlmodel import select

from gosapp.models.accounts import (
    AccountLevel,
    CodePurpose,
    LoginEvent,
    LoginResult,
    OneTimeCode,
    PassportChange,
    PassportChangeStatus,
    User,
    utcnow,
)
from gosapp.models.audit import AuditEvent
from gosapp.models.notifications import Notification, OutboundMessage
from gosapp.services.common.audit import Actor
from gosapp.services.common.errors import Invalid
from gosapp.services.identity import account_security, lockout
from gosapp.services.identity.accounts import InvalidForm, current_level, send_contact_code
from gosapp.services.profile import contacts, documents, personal_data

T0 = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
ACTOR = Actor(ip="127.0.0.1", user_agent="test")
DOCUMENTS = {
    "snils": "112-233-445 95",
    "inn": "500100732259",
    "oms_policy": "1234 5678 9012 3456",
    "address": "г. Москва, ул. Ленина, д. 1, кв. 2",
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


def save(session, user, **changes):
    return documents.save_documents(
        session=session, user=user, form={**DOCUMENTS, **changes}, actor=ACTOR, now=T0
    )


def sent_to(session, recipient):
    return session.exec(
        select(OutboundMessage.body)
        .where(OutboundMessage.recipient == recipient)
        .order_by(OutboundMessage.id.desc())
    ).all()


def start_change(session, persona, kind, value, password=None):
    """Ask for a code to a new contact, re-authenticated with the persona's password."""
    return contacts.request_contact_change(
        session=session,
        user=persona.user,
        kind=kind,
        value=value,
        password=persona.password if password is None else password,
        actor=ACTOR,
        now=T0,
    )


def code_sent_to(session, recipient):
    return re.search(r"\d{6}", sent_to(session, recipient)[0]).group(0)


def audit_rows(session, action):
    return session.exec(select(AuditEvent).where(AuditEvent.action == action)).all()


# --- documents ----------------------------------------------------------------------------------


def test_every_wrong_document_field_is_reported_at_once(session, alice):
    with pytest.raises(InvalidForm) as caught:
        save(
            session,
            alice.user,
            snils="112-233-445 96",
            inn="1234",
            oms_policy="123",
            passport_series="45",
            passport_number="12345x",
            passport_issued_on="01.01.2030",
            passport_issuer="",
            passport_division_code="77-001",
        )
    assert set(caught.value.errors) == {
        "snils",
        "inn",
        "oms_policy",
        "passport_series",
        "passport_number",
        "passport_issued_on",
        "passport_issuer",
        "passport_division_code",
    }
    assert caught.value.errors["snils"] == "Неверная контрольная сумма СНИЛС"
    assert "будущем" in caught.value.errors["passport_issued_on"]
    assert alice.user.snils is None and alice.user.passport_number == ""


def test_passport_issued_before_birth_is_refused(session, alice):
    with pytest.raises(InvalidForm) as caught:
        save(session, alice.user, passport_issued_on="01.01.1980")
    assert set(caught.value.errors) == {"passport_issued_on"}


def test_documents_are_stored_normalised_and_shown_formatted(session, alice):
    view = save(session, alice.user)
    user = session.get(User, alice.id)
    assert (user.snils, user.oms_policy) == ("11223344595", "1234567890123456")
    assert (user.passport_series, user.passport_division_code) == ("4508", "770-001")
    assert user.passport_issued_on == date(2010, 4, 15)
    assert view.documents["snils"] == "112-233-445 95"
    assert view.documents["passport_issued_on"] == "15.04.2010"
    assert view.pending_passport == {}


def test_snils_and_passport_make_the_account_standard(session, alice):
    assert personal_data.profile_view(session=session, user=alice.user).level["code"] == "basic"
    view = save(session, alice.user)
    assert view.level == {
        "code": "standard",
        "label": "Стандартная",
        "hint": personal_data.LEVELS[AccountLevel.STANDARD][1],
    }
    assert current_level(alice.user) == AccountLevel.STANDARD
    assert session.get(User, alice.id).level == AccountLevel.STANDARD


def test_snils_alone_keeps_the_account_basic(session, alice):
    no_passport = dict.fromkeys(documents.PASSPORT_FIELDS, "")
    view = save(session, alice.user, **no_passport)
    assert view.level["code"] == "basic"


def test_snils_of_another_account_is_refused(session, alice, bob):
    save(session, bob.user)
    with pytest.raises(InvalidForm) as caught:
        save(session, alice.user, passport_number="999999")
    assert caught.value.errors == {"snils": documents.SNILS_TAKEN}
    assert session.get(User, alice.id).snils is None


def test_first_passport_is_stored_and_a_change_waits_for_verification(session, alice):
    save(session, alice.user)
    view = save(session, alice.user, **NEW_PASSPORT)

    user = session.get(User, alice.id)
    assert (user.passport_series, user.passport_number) == ("4508", "123456")  # old data stays
    pending = personal_data.pending_passport(session=session, user_id=alice.id)
    assert (pending.series, pending.number, pending.status) == ("4519", "654321", "pending")
    assert pending.issued_on == date(2025, 3, 20) and pending.division_code == "770-002"
    assert view.pending_passport["number"] == "654321"
    assert view.documents["passport_number"] == "123456"


def test_a_new_passport_change_replaces_the_pending_one(session, alice):
    save(session, alice.user)
    save(session, alice.user, **NEW_PASSPORT)
    save(session, alice.user, **{**NEW_PASSPORT, "passport_number": "777777"})

    rows = session.exec(select(PassportChange).where(PassportChange.user_id == alice.id)).all()
    assert sorted((r.number, r.status) for r in rows) == [
        ("654321", PassportChangeStatus.REPLACED),
        ("777777", PassportChangeStatus.PENDING),
    ]


def test_saving_the_current_passport_again_changes_nothing(session, alice):
    save(session, alice.user)
    save(session, alice.user, **NEW_PASSPORT)
    save(session, alice.user)  # the form shows the current passport; resubmitting it is a no-op
    assert personal_data.pending_passport(session=session, user_id=alice.id).number == "654321"
    assert len(audit_rows(session, "profile.passport_change")) == 1


def test_the_passport_cannot_be_erased(session, alice):
    save(session, alice.user)
    with pytest.raises(InvalidForm) as caught:
        save(session, alice.user, **dict.fromkeys(documents.PASSPORT_FIELDS, ""))
    assert set(caught.value.errors) == {"passport_series"}


def test_audit_names_the_changed_fields_but_never_their_values(session, alice):
    save(session, alice.user)
    save(session, alice.user, **NEW_PASSPORT)
    document_rows = audit_rows(session, "profile.documents")
    change = audit_rows(session, "profile.passport_change")
    assert len(document_rows) == 1 and len(change) == 1
    assert "snils" in document_rows[0].details and "passport_number" in document_rows[0].details
    assert "passport_number" in change[0].details
    assert change[0].object_type == "passport_change"
    logged = " ".join(f"{r.details} {r.object_id}" for r in session.exec(select(AuditEvent)))
    for value in ("11223344595", "112-233-445", "500100732259", "123456", "654321", "4519"):
        assert value not in logged
    assert "Ленина" not in logged


# --- contacts -----------------------------------------------------------------------------------


def test_email_change_needs_the_code_sent_to_the_new_address(session, alice):
    old = alice.user.email
    target = start_change(session, alice, "email", " Alice.New@Example.RU ")
    assert target == "alice.new@example.ru"
    assert sent_to(session, old) == []  # the code goes to the new address only
    code = code_sent_to(session, target)

    view = contacts.confirm_contact_change(
        session=session, user=alice.user, kind="email", code=code, actor=ACTOR, now=T0
    )
    user = session.get(User, alice.id)
    assert user.email == target and user.email_confirmed_at == T0
    assert view.contacts["email"] == target
    assert session.exec(select(Notification).where(Notification.user_id == alice.id)).all()
    assert any("изменён" in body for body in sent_to(session, old))  # the old address is told
    [event] = audit_rows(session, "profile.contact_change")
    assert event.details == "fields: email" and target not in event.details


def test_wrong_code_is_refused_and_counted(session, alice):
    start_change(session, alice, "email", "alice.new@example.ru")
    with pytest.raises(Invalid) as caught:
        contacts.confirm_contact_change(
            session=session, user=alice.user, kind="email", code="000000", actor=ACTOR, now=T0
        )
    assert caught.value.field == "code"
    session.rollback()
    assert session.get(User, alice.id).email == "alice@example.ru"
    row = session.exec(
        select(OneTimeCode).where(OneTimeCode.purpose == CodePurpose.CHANGE_EMAIL)
    ).one()
    assert row.attempts == 1


def test_a_code_sent_for_another_purpose_cannot_confirm_a_change(session, alice):
    send_contact_code(session=session, user=alice.user, purpose=CodePurpose.CONFIRM_PHONE, now=T0)
    code = code_sent_to(session, alice.user.phone)
    with pytest.raises(Invalid):
        contacts.confirm_contact_change(
            session=session, user=alice.user, kind="phone", code=code, actor=ACTOR, now=T0
        )
    assert audit_rows(session, "profile.contact_change") == []


def test_another_accounts_email_is_refused(session, alice, bob):
    with pytest.raises(Invalid) as caught:
        start_change(session, alice, "email", bob.user.email.upper())
    assert caught.value.field == "value"
    assert "другой учётной записи" in caught.value.message
    assert sent_to(session, bob.user.email) == []


def test_the_current_or_a_malformed_contact_is_refused(session, alice):
    for value in (alice.user.email, "not-an-email"):
        with pytest.raises(Invalid):
            start_change(session, alice, "email", value)


def test_phone_change_sends_the_code_by_sms_to_the_new_number(session, alice):
    target = start_change(session, alice, "phone", "8 (916) 555-44-33")
    assert target == "+79165554433"
    code = code_sent_to(session, target)
    view = contacts.confirm_contact_change(
        session=session, user=alice.user, kind="phone", code=code, actor=ACTOR, now=T0
    )
    assert session.get(User, alice.id).phone == target
    assert view.contacts["phone"] == "+7 916 555-44-33"


def test_a_contact_change_needs_the_current_password(session, alice):
    with pytest.raises(Invalid) as caught:
        start_change(session, alice, "email", "alice.new@example.ru", password="Не-Тот-Пароль-1")
    assert (caught.value.field, caught.value.message) == ("reauth", "Неверный пароль или код")
    session.rollback()
    assert sent_to(session, "alice.new@example.ru") == []
    failures = session.exec(select(LoginEvent).where(LoginEvent.user_id == alice.id)).all()
    assert [f.result for f in failures] == [LoginResult.BAD_PASSWORD]  # committed: it counts


def test_a_code_from_the_authenticator_can_stand_for_the_password_once(session, alice):
    code = pyotp.TOTP(alice.totp_secret).now()
    assert start_change(session, alice, "email", "alice.new@example.ru", password=code)
    with pytest.raises(Invalid) as caught:  # the same time step cannot be used twice
        start_change(session, alice, "email", "alice.other@example.ru", password=code)
    assert caught.value.field == "reauth"


def test_wrong_passwords_on_a_contact_change_count_towards_the_lockout(session, alice):
    for _ in range(lockout.LOCK_THRESHOLD):
        with pytest.raises(Invalid):
            start_change(session, alice, "phone", "+79165554433", password="Не-Тот-Пароль-1")
        session.rollback()
    user = session.get(User, alice.id)
    assert lockout.is_locked(user, utcnow())
    with pytest.raises(Invalid) as caught:  # even the right password waits for the lockout
        start_change(session, alice, "phone", "+79165554433")
    assert caught.value.message == account_security.TOO_MANY_TRIES


def test_whether_a_contact_is_taken_is_told_only_after_reauthentication(session, alice, bob):
    with pytest.raises(Invalid) as caught:
        start_change(session, alice, "email", bob.user.email, password="Не-Тот-Пароль-1")
    assert caught.value.field == "reauth"


def test_resend_goes_to_the_contact_of_the_change_in_progress(session, alice):
    with pytest.raises(Invalid) as caught:
        contacts.resend_contact_code(session=session, user=alice.user, kind="email", now=T0)
    assert caught.value.field == "code"
    target = start_change(session, alice, "email", "alice.new@example.ru")
    first = code_sent_to(session, target)
    again = contacts.resend_contact_code(session=session, user=alice.user, kind="email", now=T0)
    assert again == target and len(sent_to(session, target)) == 2
    with pytest.raises(Invalid):  # only the latest code works
        contacts.confirm_contact_change(
            session=session, user=alice.user, kind="email", code=first, actor=ACTOR, now=T0
        )


# --- preferences --------------------------------------------------------------------------------


def test_email_and_sms_preferences_are_saved_and_audited(session, alice):
    view = personal_data.set_preference(
        session=session, user=alice.user, channel="sms", enabled=True, actor=ACTOR
    )
    view = personal_data.set_preference(
        session=session, user=alice.user, channel="email", enabled=False, actor=ACTOR
    )
    user = session.get(User, alice.id)
    assert (user.notify_sms, user.notify_email) == (True, False)
    assert (view.notify_sms, view.notify_email) == (True, False)
    details = sorted(e.details for e in audit_rows(session, "profile.preferences"))
    assert details == ["fields: notify_email", "fields: notify_sms"]


def test_in_app_notifications_cannot_be_switched_off(session, alice):
    with pytest.raises(Invalid):
        personal_data.set_preference(
            session=session, user=alice.user, channel="inapp", enabled=False, actor=ACTOR
        )


def test_profile_view_holds_only_plain_strings_of_the_users_own_data(session, alice):
    view = personal_data.profile_view(session=session, user=alice.user)
    assert view.personal == {
        "full_name": "Смирнова Алиса Петровна",
        "birth_date": "14.03.1985",
        "sex": "Женский",
    }
    for part in (view.personal, view.level, view.contacts, view.documents):
        assert all(isinstance(v, str) for v in part.values())
