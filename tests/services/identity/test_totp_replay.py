"""A replayed TOTP code is refused as before, and the owner hears of it once per time step
(in the app, and by e-mail/SMS per their preferences), not once per attempt."""

from datetime import timedelta

import pytest
from sqlmodel import select

from gosapp.models.accounts import LoginEvent
from gosapp.models.notifications import Notification, OutboundMessage
from gosapp.services.identity import totp
from gosapp.services.identity.signin import LoginFailed
from tests.services.identity.test_auth import T0, login

TITLE = "Введён уже использованный код"


def replay_notices(session, persona) -> list[Notification]:
    session.expire_all()
    return session.exec(
        select(Notification).where(Notification.user_id == persona.id, Notification.title == TITLE)
    ).all()


def test_a_replayed_code_is_refused_and_the_owner_is_told(session, alice):
    code = totp.code_at(alice.totp_secret, T0)
    login(session, alice, code=code)
    with pytest.raises(LoginFailed):
        login(session, alice, code=code, now=T0 + timedelta(seconds=5))
    (notice,) = replay_notices(session, alice)
    assert notice.link == "/security"
    assert code not in notice.body
    results = session.exec(select(LoginEvent.result).order_by(LoginEvent.id)).all()
    assert results[-1] == "replayed_code"


def test_the_notice_goes_out_by_email_as_other_security_notices_do(session, alice):
    alice.user.notify_email = True
    session.add(alice.user)
    session.commit()
    code = totp.code_at(alice.totp_secret, T0)
    login(session, alice, code=code)
    with pytest.raises(LoginFailed):
        login(session, alice, code=code, now=T0 + timedelta(seconds=5))
    mails = session.exec(
        select(OutboundMessage).where(OutboundMessage.recipient == alice.user.email)
    ).all()
    assert any(TITLE in (m.subject or "") or TITLE in m.body for m in mails)


def test_replaying_one_code_again_and_again_sends_one_notice(session, alice):
    code = totp.code_at(alice.totp_secret, T0)
    login(session, alice, code=code)
    for seconds in (2, 4, 6, 8):  # fewer than the lock threshold
        with pytest.raises(LoginFailed):
            login(session, alice, code=code, now=T0 + timedelta(seconds=seconds))
    assert len(replay_notices(session, alice)) == 1


def test_a_replay_of_another_step_is_told_again(session, alice):
    later = T0 + timedelta(minutes=20)
    for moment in (T0, later):
        code = totp.code_at(alice.totp_secret, moment)
        login(session, alice, code=code, now=moment)
        with pytest.raises(LoginFailed):
            login(session, alice, code=code, now=moment + timedelta(seconds=3))
    assert len(replay_notices(session, alice)) == 2


def test_a_wrong_code_is_not_a_replay(session, alice):
    with pytest.raises(LoginFailed):
        login(session, alice, code="000000")
    assert replay_notices(session, alice) == []
