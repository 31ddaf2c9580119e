"""Staff user lookup and account actions: lock/unlock, TOTP reset, the one-time confirmation
code (and the citizen redeeming it); staff never act on themselves, only admins on admins."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from gosapp.models.accounts import (
    AccountLevel,
    AuthSession,
    CodePurpose,
    OneTimeCode,
    RecoveryCode,
    utcnow,
)
from gosapp.models.audit import AuditEvent
from gosapp.models.notifications import Notification
from gosapp.services.backoffice import users
from gosapp.services.common.audit import Actor
from gosapp.services.common.errors import DomainError, Invalid, NotAllowed, NotFound
from gosapp.services.identity import lockout, sessions, signin, totp
from tests.factories import make_user
from tests.personas import make_persona

ACTOR = Actor(ip="10.1.1.1", user_agent="pytest")


def open_session(session, persona):
    ticket = signin.issue_ticket(session=session, user_id=persona.id)
    token = sessions.exchange_ticket(session=session, ticket=ticket, actor=ACTOR)
    session.commit()
    return token


def live_sessions(session, persona) -> int:
    return len(
        session.exec(
            select(AuthSession).where(
                AuthSession.user_id == persona.id, AuthSession.revoked_at.is_(None)
            )
        ).all()
    )


def act(session, staff, action, target, **kwargs):
    result = getattr(users, action)(
        session=session, staff=staff.user, user_id=target.id, actor=ACTOR, **kwargs
    )
    session.commit()
    return result


def search(session, staff, query):
    return users.search_users(session=session, staff=staff.user, query=query, actor=ACTOR)


def audit_actions(session, target) -> list[str]:
    return list(
        session.exec(
            select(AuditEvent.action)
            .where(AuditEvent.object_type == "user", AuditEvent.object_id == str(target.id))
            .order_by(AuditEvent.id)
        )
    )


# --- lookup --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    ["Смирн", "смирнова", "alice@exam", "ALICE@example.ru", "+7 925", "112-233-445"],
)
def test_search_by_last_name_email_phone_or_snils(session, alice, bob, registrar, query):
    alice.user.snils = "11223344595"
    session.add(alice.user)
    session.commit()
    names = [r["name"] for r in search(session, registrar, query).rows]
    assert "Смирнова Алиса Петровна" in names
    if query != "+7 925":  # every factory phone starts like this
        assert "Кузнецов Борис Игоревич" not in names


def test_search_row_shows_what_staff_need(session, alice, registrar):
    row = search(session, registrar, "Смирнова").rows[0]
    assert row["birth_date"] == "14.03.1985"
    assert row["email"] == "alice@example.ru"
    assert row["level"] == "Упрощённая"
    assert row["roles"] == "гражданин"
    assert (row["locked"], row["totp"], row["can_act"]) == (False, True, True)


def test_search_needs_three_characters_and_returns_at_most_20(session, registrar):
    for _ in range(21):
        make_user(session, last_name="Петрова")
    session.commit()
    with pytest.raises(Invalid, match="не меньше 3"):
        search(session, registrar, "Пе ")
    found = search(session, registrar, "Петрова")
    assert (len(found.rows), found.more) == (20, True)


def test_search_is_audited_without_the_query(session, alice, registrar):
    search(session, registrar, "Смирнова")
    session.commit()
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "staff.user.search")).one()
    assert "Смирнова" not in f"{event.details}{event.object_id}"
    assert (event.user_id, event.role) == (registrar.id, "registrar")


def test_citizen_cannot_search_or_act(session, alice, bob):
    with pytest.raises(NotAllowed):
        search(session, bob, "Смирнова")
    for action in ("lock", "unlock", "reset_totp", "issue_confirmation_code"):
        with pytest.raises(NotAllowed):
            act(session, bob, action, alice)


# --- who may act on whom -------------------------------------------------------------------------


@pytest.mark.parametrize("action", ["lock", "unlock", "reset_totp", "issue_confirmation_code"])
def test_staff_cannot_act_on_their_own_account(session, registrar, action):
    with pytest.raises(NotAllowed, match="своей учётной записью"):
        act(session, registrar, action, registrar)


def test_only_an_admin_acts_on_an_admin(session, registrar, admin):
    with pytest.raises(NotAllowed, match="администратор"):
        act(session, registrar, "lock", admin)
    roman = make_persona(session, "roman")
    act(session, admin, "lock", roman)
    assert lockout.is_locked(roman.user, utcnow())
    row = search(session, registrar, "Андреев").rows[0]
    assert row["can_act"] is False and "администратор" in row["refusal"]


def test_unknown_user_is_not_found(session, registrar):
    for user_id in (10_000, "abc", 10**40):
        with pytest.raises(NotFound):
            users.lock(session=session, staff=registrar.user, user_id=user_id, actor=ACTOR)


# --- lock and unlock -----------------------------------------------------------------------------


def test_lock_ends_sessions_and_refuses_login_until_unlocked(session, alice, registrar):
    open_session(session, alice)
    open_session(session, alice)
    act(session, registrar, "lock", alice)
    assert live_sessions(session, alice) == 0
    with pytest.raises(signin.LoginFailed):
        signin.password_step(
            session=session, login=alice.user.email, password=alice.password, actor=ACTOR
        )
    session.refresh(alice.user)
    assert search(session, registrar, "Смирнова").rows[0]["lock_label"] == (
        "заблокирована сотрудником"
    )
    act(session, registrar, "unlock", alice)
    pending = signin.password_step(
        session=session, login=alice.user.email, password=alice.password, actor=ACTOR
    )
    assert pending.user_id == alice.id
    assert audit_actions(session, alice)[-3:] == [
        "staff.user.lock",
        "account.unlocked",
        "staff.user.unlock",
    ]


def test_lock_spends_a_pending_login_ticket(session, alice, registrar):
    ticket = signin.issue_ticket(session=session, user_id=alice.id)
    session.commit()
    act(session, registrar, "lock", alice)
    assert sessions.exchange_ticket(session=session, ticket=ticket, actor=ACTOR) is None


def test_unlocking_an_unlocked_account_says_so(session, alice, registrar):
    with pytest.raises(DomainError, match="не заблокирована"):
        act(session, registrar, "unlock", alice)


def test_unlock_lifts_a_lockout_after_failed_logins(session, alice, registrar):
    alice.user.locked_until = utcnow() + timedelta(minutes=15)
    session.add(alice.user)
    session.commit()
    assert (
        search(session, registrar, "Смирнова").rows[0]["lock_label"].startswith("заблокирована до ")
    )
    act(session, registrar, "unlock", alice)
    assert alice.user.locked_until is None


# --- TOTP reset ----------------------------------------------------------------------------------


def test_reset_totp_clears_the_factor_and_ends_sessions(session, alice, registrar):
    totp.new_recovery_codes(session=session, user_id=alice.id)
    open_session(session, alice)
    act(session, registrar, "reset_totp", alice)
    user = alice.user
    assert (user.totp_secret_enc, user.totp_enabled_at, user.totp_last_step) == (None, None, None)
    assert session.exec(select(RecoveryCode).where(RecoveryCode.user_id == alice.id)).all() == []
    assert live_sessions(session, alice) == 0
    pending = signin.password_step(
        session=session, login=user.email, password=alice.password, actor=ACTOR
    )
    assert not signin.has_second_factor(session, pending)  # the login goes on to enrolment
    titles = session.exec(select(Notification.title).where(Notification.user_id == alice.id))
    assert "Вход по коду из приложения сброшен" in list(titles)
    assert "staff.user.reset_totp" in audit_actions(session, alice)
    with pytest.raises(DomainError, match="не подключено"):
        act(session, registrar, "reset_totp", alice)


# --- the confirmation code -----------------------------------------------------------------------


def redeem(session, persona, code, now=None):
    users.redeem_confirmation_code(
        session=session, user=persona.user, code=code, actor=ACTOR, now=now
    )
    session.commit()


def test_confirmation_code_confirms_the_account_once(session, alice, registrar):
    code = act(session, registrar, "issue_confirmation_code", alice)
    assert len(code.replace(" ", "")) == 8
    stored = session.exec(select(OneTimeCode).where(OneTimeCode.user_id == alice.id)).one()
    assert stored.purpose == CodePurpose.STAFF_CONFIRM
    assert code.replace(" ", "") not in stored.code_hash
    redeem(session, alice, code)
    assert alice.user.level == AccountLevel.CONFIRMED
    with pytest.raises(Invalid):
        redeem(session, alice, code)


def test_confirmation_code_never_lands_in_the_audit_log(session, alice, registrar):
    code = act(session, registrar, "issue_confirmation_code", alice).replace(" ", "")
    rows = session.exec(select(AuditEvent)).all()
    assert all(code not in f"{r.details}{r.object_id}{r.action}" for r in rows)
    assert "staff.user.issue_code" in audit_actions(session, alice)


def test_confirmation_code_expires_after_72_hours(session, alice, registrar):
    code = act(session, registrar, "issue_confirmation_code", alice)
    later = utcnow() + timedelta(hours=72, minutes=1)
    with pytest.raises(Invalid, match="у сотрудника"):
        redeem(session, alice, code, now=later)
    assert alice.user.level != AccountLevel.CONFIRMED


def test_wrong_codes_count_and_a_new_code_replaces_the_old(session, alice, registrar):
    first = act(session, registrar, "issue_confirmation_code", alice)
    second = act(session, registrar, "issue_confirmation_code", alice)
    with pytest.raises(Invalid):
        redeem(session, alice, first)
    wrong = "0000 0000" if second != "0000 0000" else "1111 1111"
    for _ in range(4):
        with pytest.raises(Invalid):
            redeem(session, alice, wrong)
    with pytest.raises(Invalid, match="попыток"):
        redeem(session, alice, second)  # five wrong tries: even the right code is dead now


def test_another_users_code_does_not_work(session, alice, bob, registrar):
    code = act(session, registrar, "issue_confirmation_code", alice)
    with pytest.raises(Invalid):
        redeem(session, bob, code)
    assert bob.user.level != AccountLevel.CONFIRMED


def test_no_code_for_a_confirmed_account(session, alice, registrar):
    alice.user.level = AccountLevel.CONFIRMED
    session.add(alice.user)
    session.commit()
    with pytest.raises(DomainError, match="уже подтверждена"):
        act(session, registrar, "issue_confirmation_code", alice)


def test_redeem_uses_the_given_time(session, alice, registrar):
    issued_at = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    code = users.issue_confirmation_code(
        session=session, staff=registrar.user, user_id=alice.id, actor=ACTOR, now=issued_at
    )
    session.commit()
    redeem(session, alice, code, now=issued_at + timedelta(hours=71))
    assert alice.user.level == AccountLevel.CONFIRMED


def test_row_after_an_action_shows_the_new_state_without_a_new_search(session, alice, registrar):
    act(session, registrar, "lock", alice)
    row = users.user_row(session=session, staff=registrar.user, user_id=alice.id)
    assert (row["locked"], row["lock_label"]) == (True, "заблокирована сотрудником")
    with pytest.raises(NotAllowed):
        users.user_row(session=session, staff=alice.user, user_id=alice.id)


def test_confirmation_code_needs_totp_enrolled(session, alice, registrar):
    alice.user.totp_enabled_at = None
    session.add(alice.user)
    session.commit()
    with pytest.raises(DomainError, match="вторым фактором"):
        act(session, registrar, "issue_confirmation_code", alice)
    assert not session.exec(select(OneTimeCode).where(OneTimeCode.user_id == alice.id)).all()
    assert "staff.user.issue_code" not in audit_actions(session, alice)
