"""«Безопасность»: password change, recovery codes, TOTP re-enrolment, sessions, notifications."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from gosapp.models.accounts import LoginEvent, LoginResult, User, utcnow
from gosapp.models.audit import AuditEvent
from gosapp.models.notifications import Notification
from gosapp.models.oidc import OidcToken
from gosapp.services.common.audit import Actor
from gosapp.services.common.errors import Invalid, NotFound
from gosapp.services.identity import account_security, lockout, sessions, signin, totp
from gosapp.services.notifications import inbox
from tests.api.oidc_helpers import register

ACTOR = Actor(ip="10.0.0.7", user_agent="Mozilla/5.0 (Windows NT 10.0) Chrome/131.0")
NEW_PASSWORD = "Гроза-Над-Волгой-2027"


def open_session(session, user_id, user_agent=ACTOR.user_agent):
    ticket = signin.issue_ticket(session=session, user_id=user_id)
    actor = Actor(ip=ACTOR.ip, user_agent=user_agent)
    token = sessions.exchange_ticket(session=session, ticket=ticket, actor=actor)
    session.commit()
    return token


def change(session, persona, current, new=NEW_PASSWORD, confirm=None, keep=""):
    account_security.change_password(
        session=session,
        user=persona.user,
        current=current,
        new=new,
        confirm=new if confirm is None else confirm,
        keep_key=sessions.key_of(keep),
        actor=ACTOR,
    )


def logs_in_with(session, persona, password) -> bool:
    try:
        signin.password_step(
            session=session, login=persona.user.email, password=password, actor=ACTOR
        )
    except signin.LoginFailed:
        return False
    return True


def actions(session, user_id):
    rows = session.exec(select(AuditEvent.action).where(AuditEvent.object_id == str(user_id)))
    return list(rows)


def titles(session, user_id):
    return [n.title for n in inbox.list_notifications(session=session, user_id=user_id)]


# --- password change ------------------------------------------------------------------------


def test_password_change_needs_the_current_password(session, alice):
    with pytest.raises(Invalid) as refused:
        change(session, alice, "Не-Тот-Пароль-1")
    assert refused.value.field == "current_password"
    assert refused.value.message == "Неверный текущий пароль"
    assert logs_in_with(session, alice, alice.password)


def test_password_change_ends_other_sessions_but_not_the_current_one(session, alice, bob):
    current = open_session(session, alice.id)
    other = open_session(session, alice.id, user_agent="Mozilla/5.0 (iPad) Safari/605")
    bobs = open_session(session, bob.id)
    change(session, alice, alice.password, keep=current)
    session.commit()
    assert sessions.resolve(session=session, token=current)
    assert sessions.resolve(session=session, token=other) is None
    assert sessions.resolve(session=session, token=bobs), "another user's session is untouched"


def test_old_password_stops_working_and_the_new_one_works(session, alice):
    change(session, alice, alice.password)
    session.commit()
    assert not logs_in_with(session, alice, alice.password)
    assert logs_in_with(session, alice, NEW_PASSWORD)


def oidc_token(session, persona, client_id, n):
    row = OidcToken(
        client_id=client_id,
        user_id=persona.user.id,
        scope="openid",
        access_hash=f"{persona.user.id}-{n}".ljust(64, "a"),
        family_id=f"family-{persona.user.id}-{n}",
        access_expires_at=utcnow() + timedelta(hours=1),
    )
    session.add(row)
    session.commit()
    return row


def test_password_change_ends_the_users_application_tokens_only(session, alice, bob):
    client = register(session)
    mine = [oidc_token(session, alice, client.client_id, n) for n in range(2)]
    theirs = oidc_token(session, bob, client.client_id, 9)
    change(session, alice, alice.password)
    session.commit()
    for row in [*mine, theirs]:
        session.refresh(row)
    assert all(row.revoked_at is not None for row in mine)
    assert theirs.revoked_at is None


def test_password_change_is_audited_and_the_owner_notified(session, alice):
    change(session, alice, alice.password)
    assert "password.change" in actions(session, alice.id)
    assert "Пароль изменён" in titles(session, alice.id)


@pytest.mark.parametrize(
    ("new", "confirm", "field"),
    [
        (NEW_PASSWORD, NEW_PASSWORD + "x", "password_confirm"),
        ("qwerty12", "qwerty12", "password"),
        ("Alice@example.ru1", "Alice@example.ru1", "password"),  # the own e-mail
        ("Весна-Ромашка-2026", "Весна-Ромашка-2026", "password"),  # the current password
    ],
)
def test_bad_new_password_is_refused_beside_its_field(session, alice, new, confirm, field):
    with pytest.raises(Invalid) as refused:
        change(session, alice, alice.password, new=new, confirm=confirm)
    assert refused.value.field == field
    session.rollback()
    assert logs_in_with(session, alice, alice.password)


def test_wrong_passwords_on_this_page_count_towards_the_lockout(session, alice):
    for _ in range(lockout.LOCK_THRESHOLD):
        with pytest.raises(Invalid):
            account_security.regenerate_recovery_codes(
                session=session, user=alice.user, password="Угадываю-1", actor=ACTOR
            )
    session.refresh(alice.user)
    assert lockout.is_locked(alice.user, utcnow())
    with pytest.raises(Invalid) as refused:
        change(session, alice, alice.password)
    assert "Слишком много" in refused.value.message
    failures = session.exec(select(LoginEvent).where(LoginEvent.user_id == alice.id)).all()
    assert {e.result for e in failures} == {LoginResult.BAD_PASSWORD}


# --- recovery codes and re-enrolment --------------------------------------------------------


def test_recovery_codes_regeneration_needs_the_password(session, alice):
    with pytest.raises(Invalid) as refused:
        account_security.regenerate_recovery_codes(
            session=session, user=alice.user, password="Не-Тот-Пароль-1", actor=ACTOR
        )
    assert refused.value.field == "password"


def test_regenerated_recovery_codes_replace_the_old_set(session, alice):
    old = totp.new_recovery_codes(session=session, user_id=alice.id)
    new = account_security.regenerate_recovery_codes(
        session=session, user=alice.user, password=alice.password, actor=ACTOR
    )
    assert len(new) == 10 and not set(new) & set(old)
    assert not totp.use_recovery_code(session=session, user_id=alice.id, code=old[0])
    assert totp.use_recovery_code(session=session, user_id=alice.id, code=new[0])
    assert totp.remaining_recovery_codes(session=session, user_id=alice.id) == 9
    assert "totp.recovery_codes" in actions(session, alice.id)


def test_reenrolment_needs_the_password(session, alice):
    with pytest.raises(Invalid) as refused:
        account_security.start_reenrolment(
            session=session, user=alice.user, password="Не-Тот-Пароль-1", actor=ACTOR
        )
    assert (refused.value.field, refused.value.message) == ("password", "Неверный пароль")


def test_reenrolment_stores_nothing_until_the_first_code_checks(session, alice):
    before = alice.user.totp_secret_enc
    secret = account_security.start_reenrolment(
        session=session, user=alice.user, password=alice.password, actor=ACTOR
    )
    assert secret != alice.totp_secret and alice.user.totp_secret_enc == before
    with pytest.raises(Invalid):
        account_security.finish_reenrolment(
            session=session, user=alice.user, secret=secret, code="000000", actor=ACTOR
        )
    assert session.get(User, alice.id).totp_secret_enc == before


def test_reenrolment_switches_the_authenticator_and_the_recovery_codes(session, alice):
    old_codes = totp.new_recovery_codes(session=session, user_id=alice.id)
    secret = account_security.start_reenrolment(
        session=session, user=alice.user, password=alice.password, actor=ACTOR
    )
    now = utcnow()
    codes = account_security.finish_reenrolment(
        session=session,
        user=alice.user,
        secret=secret,
        code=totp.code_at(secret, now),
        actor=ACTOR,
        started_at=now,
        now=now,
    )
    user = session.get(User, alice.id)
    assert totp.decrypt_secret(user.totp_secret_enc) == secret
    assert user.totp_last_step == int(now.timestamp()) // totp.STEP_S  # the code is spent
    assert len(codes) == 10
    assert not totp.use_recovery_code(session=session, user_id=alice.id, code=old_codes[0])
    assert "totp.reenrol" in actions(session, alice.id)
    assert "Приложение-аутентификатор изменено" in titles(session, alice.id)


def test_reenrolment_expires(session, alice):
    secret = totp.new_secret()
    started = utcnow() - timedelta(minutes=11)
    with pytest.raises(Invalid) as refused:
        account_security.finish_reenrolment(
            session=session,
            user=alice.user,
            secret=secret,
            code=totp.code_at(secret, utcnow()),
            actor=ACTOR,
            started_at=started,
        )
    assert "истекло" in refused.value.message


# --- overview -------------------------------------------------------------------------------


def test_overview_shows_only_own_sessions_and_marks_the_current_one(session, alice, bob):
    current = open_session(session, alice.id)
    open_session(session, alice.id, user_agent="Mozilla/5.0 (iPad) Safari/605")
    open_session(session, bob.id, user_agent="Mozilla/5.0 (X11; Linux) Firefox/133")
    overview = account_security.security_overview(
        session=session, user=alice.user, current_key=sessions.key_of(current)
    )
    devices = sorted(s["device"] for s in overview["sessions"])
    assert devices == ["Chrome, Windows", "Safari, iPadOS"]
    assert [s["current"] for s in overview["sessions"]].count(True) == 1
    assert next(s for s in overview["sessions"] if s["current"])["device"] == "Chrome, Windows"
    assert all(len(s["handle"]) == 16 and current not in s.values() for s in overview["sessions"])


def test_overview_shows_history_in_moscow_time_and_in_russian(session, alice, bob):
    at = datetime(2026, 1, 15, 21, 30, tzinfo=UTC)
    for user, result in ((alice, LoginResult.RECOVERY_CODE), (bob, LoginResult.SUCCESS)):
        session.add(LoginEvent(user_id=user.id, at=at, ip="10.1.1.1", result=result))
    session.commit()
    overview = account_security.security_overview(session=session, user=alice.user, current_key="")
    assert overview["history"] == [
        {
            "at": "16.01.2026 00:30",
            "ip": "10.1.1.1",
            "device": "браузер, неизвестная система",
            "result": "вход по резервному коду",
            "ok": True,
        }
    ]
    assert overview["sessions"] == [] and overview["recovery_codes_left"] == 0


def test_a_user_cannot_end_another_users_session(session, alice, bob):
    open_session(session, bob.id)
    bobs = account_security.security_overview(session=session, user=bob.user, current_key="")
    handle = bobs["sessions"][0]["handle"]
    for forged in (handle, "x" * 16, "", None, 42):
        with pytest.raises(NotFound):
            account_security.end_session(
                session=session, user=alice.user, handle=forged, actor=ACTOR
            )
    account_security.end_session(session=session, user=bob.user, handle=handle, actor=ACTOR)
    assert (
        account_security.security_overview(session=session, user=bob.user, current_key="")[
            "sessions"
        ]
        == []
    )


# --- notifications --------------------------------------------------------------------------


def test_notification_centre_lists_own_notifications_newest_first(session, alice, bob):
    inbox.notify(session=session, user=alice.user, title="Первое", link="/patient")
    inbox.notify(session=session, user=alice.user, title="Второе", link="javascript:x")
    inbox.notify(session=session, user=bob.user, title="Чужое")
    centre = account_security.notification_centre(session=session, user=alice.user)
    assert [n["title"] for n in centre["items"]] == ["Второе", "Первое"]
    assert [n["link"] for n in centre["items"]] == ["", "/patient"]
    assert centre["unread"] == 2


def test_a_user_marks_only_own_notifications_read(session, alice, bob):
    mine = inbox.notify(session=session, user=alice.user, title="Моё")
    theirs = inbox.notify(session=session, user=bob.user, title="Чужое")
    session.commit()  # a refusal is audited and committed in a write transaction of its own
    for forged in (theirs.id, str(theirs.id), "abc", "²", "1" * 20, 10**30, True, None, [mine.id]):
        with pytest.raises(NotFound):
            account_security.read_notification(
                session=session, user=alice.user, notification_id=forged
            )
    account_security.read_notification(session=session, user=alice.user, notification_id=mine.id)
    assert session.get(Notification, mine.id).read_at is not None
    assert session.get(Notification, theirs.id).read_at is None


def test_mark_all_read_touches_only_own_notifications(session, alice, bob):
    for title in ("Раз", "Два"):
        inbox.notify(session=session, user=alice.user, title=title)
    inbox.notify(session=session, user=bob.user, title="Чужое")
    assert account_security.read_all_notifications(session=session, user=alice.user) == 2
    assert account_security.notification_centre(session=session, user=alice.user)["unread"] == 0
    assert account_security.notification_centre(session=session, user=bob.user)["unread"] == 1


def test_the_notification_centre_pages_by_id_twenty_at_a_time(session, alice, bob):
    for n in range(45):
        inbox.notify(session=session, user=alice.user, title=f"№{n}")
        inbox.notify(session=session, user=bob.user, title=f"Чужое {n}")
    seen, after, pages = [], None, 0
    while True:
        centre = account_security.notification_centre(session=session, user=alice.user, after=after)
        seen += [n["title"] for n in centre["items"]]
        pages += 1
        if not centre["more"]:
            break
        after = centre["items"][-1]["id"]
    assert pages == 3
    assert seen == [f"№{n}" for n in reversed(range(45))]  # newest first, none twice
    first = account_security.notification_centre(session=session, user=alice.user, after="5")
    assert len(first["items"]) == account_security.NOTIFICATION_PAGE  # a forged cursor restarts


def test_the_notification_centre_shows_only_unread_when_asked(session, alice):
    notes = [inbox.notify(session=session, user=alice.user, title=f"№{n}") for n in range(3)]
    unread = account_security.read_notification(
        session=session, user=alice.user, notification_id=notes[1].id
    )
    assert unread == 2
    centre = account_security.notification_centre(
        session=session, user=alice.user, unread_only=True
    )
    assert [n["title"] for n in centre["items"]] == ["№2", "№0"]
    assert (centre["more"], centre["unread"]) == (False, 2)
