"""Limits on codes sent and guessed, held in the database.

The attacks: re-sending a code until the guesses come back (each re-send used to reset the
5-try budget), SMS-bombing a phone through registration re-sends or profile contact changes
from several accounts, and spreading the same over many accounts from one address.
"""

import re
import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update
from sqlmodel import Session, func, select

from gosapp.db import transaction
from gosapp.models.accounts import CodePurpose, RateSlot, User
from gosapp.models.notifications import OutboundMessage
from gosapp.services.common.audit import Actor
from gosapp.services.common.errors import Invalid, Throttled
from gosapp.services.identity import accounts, recovery, throttle
from gosapp.services.profile import contacts

T0 = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
PHONE = CodePurpose.CONFIRM_PHONE


def minutes(n: float) -> datetime:
    return T0 + timedelta(minutes=n)


def send(session, persona, at, purpose=PHONE, **kwargs):
    accounts.send_contact_code(
        session=session, user=persona.user, purpose=purpose, now=at, **kwargs
    )


def codes_to(session, recipient) -> list[str]:
    bodies = session.exec(
        select(OutboundMessage.body)
        .where(OutboundMessage.recipient == recipient)
        .order_by(OutboundMessage.id)
    ).all()
    return [re.search(r"\d{6}", body).group(0) for body in bodies]


def confirm(session, persona, code, at):
    """confirm_contact's refusal message, or "" when the code was taken."""
    try:
        accounts.confirm_contact(
            session=session, user=persona.user, purpose=PHONE, code=code, now=at
        )
    except Invalid as exc:
        return exc.message
    return ""


# --- wait messages ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wait", "label"),
    [
        (timedelta(seconds=5), "1 мин."),
        (timedelta(minutes=11, seconds=1), "12 мин."),
        (timedelta(hours=2), "2 ч"),
        (timedelta(hours=23, minutes=4, seconds=30), "23 ч 5 мин."),
    ],
)
def test_the_wait_is_said_in_whole_minutes_rounded_up(wait, label):
    assert throttle.wait_label(wait) == label
    assert throttle.send_wait_message(wait) == f"Повторная отправка возможна через {label}"


# --- sends --------------------------------------------------------------------------------------


def test_a_fourth_code_to_one_account_within_15_minutes_is_refused_with_the_wait(session, alice):
    for i in range(3):
        send(session, alice, minutes(i))
    with pytest.raises(Throttled) as caught:
        send(session, alice, minutes(3))
    assert caught.value.field == "code"
    assert caught.value.message == "Повторная отправка возможна через 12 мин."
    assert len(codes_to(session, alice.user.phone)) == 3
    send(session, alice, minutes(15))  # the oldest send has left the window


def test_eleven_codes_a_day_are_refused_even_when_spread_out(session, alice):
    for i in range(10):
        send(session, alice, minutes(20 * i))
    with pytest.raises(Throttled, match=r"через 20 ч 40 мин\.$"):
        send(session, alice, minutes(200))
    send(session, alice, minutes(24 * 60))


def test_each_purpose_of_an_account_has_its_own_limit(session, alice):
    for i in range(3):
        send(session, alice, minutes(i))
    send(session, alice, minutes(3), purpose=CodePurpose.CONFIRM_EMAIL)


CONTACT_ACTOR = Actor(ip="", user_agent="test")  # no address: only the account and contact limits


def test_one_phone_gets_at_most_three_codes_whichever_accounts_ask(session, alice, bob):
    victim = "+79165554433"
    for persona in (alice, alice, bob):
        contacts.request_contact_change(
            session=session,
            user=persona.user,
            password=persona.password,
            actor=CONTACT_ACTOR,
            kind="phone",
            value=victim,
            now=T0,
        )
    with pytest.raises(Throttled) as caught:
        contacts.request_contact_change(
            session=session,
            user=bob.user,
            password=bob.password,
            actor=CONTACT_ACTOR,
            kind="phone",
            value=victim,
            now=minutes(1),
        )
    assert caught.value.field == "value"
    assert caught.value.message == "Повторная отправка возможна через 14 мин."
    assert len(codes_to(session, victim)) == 3
    contacts.request_contact_change(  # bob may still change to another number
        session=session,
        user=bob.user,
        password=bob.password,
        actor=CONTACT_ACTOR,
        kind="phone",
        value="+79165554400",
        now=minutes(1),
    )


def test_contact_change_codes_are_limited_per_account(session, alice):
    for i in range(3):
        contacts.request_contact_change(
            session=session,
            user=alice.user,
            password=alice.password,
            actor=CONTACT_ACTOR,
            kind="email",
            value=f"new{i}@example.ru",
            now=T0,
        )
    with pytest.raises(Throttled):
        contacts.request_contact_change(
            session=session,
            user=alice.user,
            password=alice.password,
            actor=CONTACT_ACTOR,
            kind="email",
            value="new9@example.ru",
            now=T0,
        )


def test_one_client_address_is_limited_across_accounts_and_destinations(session):
    office = Actor(ip="198.51.100.7", user_agent="test")
    limit = throttle.ip_send_rules()[0].count
    for i in range(limit):
        recovery.request_code(session=session, login=f"user{i}@example.ru", actor=office, now=T0)
    with pytest.raises(Throttled) as caught:
        recovery.request_code(session=session, login="one-more@example.ru", actor=office, now=T0)
    assert caught.value.field == "login"
    home = Actor(ip="203.0.113.9", user_agent="test")
    recovery.request_code(session=session, login="one-more@example.ru", actor=home, now=T0)


def test_registration_resends_to_an_unconfirmed_number_are_limited(session, alice):
    user = session.get(User, alice.id)
    user.phone_confirmed_at = None
    session.commit()
    sent = 0
    for i in range(16):
        try:
            send(session, alice, T0 + timedelta(seconds=i), ip="127.0.0.1")
            sent += 1
        except Throttled:
            pass
    assert sent == 3 == len(codes_to(session, alice.user.phone))


def test_a_refused_send_leaves_the_open_code_valid(session, alice):
    for i in range(3):
        send(session, alice, minutes(i))
    code = codes_to(session, alice.user.phone)[-1]
    with pytest.raises(Throttled):
        send(session, alice, minutes(3))
    assert confirm(session, alice, code, minutes(4)) == ""


# --- guesses ------------------------------------------------------------------------------------


def test_guesses_are_counted_across_resent_codes(session, alice):
    send(session, alice, T0)
    messages = [confirm(session, alice, "000000", T0) for _ in range(4)]
    assert messages[-1] == "Неверный код. Осталось попыток: 1"
    send(session, alice, minutes(1))  # a fresh code, but not fresh tries
    assert confirm(session, alice, "000000", minutes(1)) == (
        "Слишком много попыток. Повторите через 14 мин."
    )
    send(session, alice, minutes(2))
    right = codes_to(session, alice.user.phone)[-1]
    assert confirm(session, alice, right, minutes(2)) == (
        "Слишком много попыток. Повторите через 13 мин."
    )
    send(session, alice, minutes(15))  # that code has expired meanwhile; the tries are back
    assert confirm(session, alice, codes_to(session, alice.user.phone)[-1], minutes(15)) == ""


def test_wrong_registration_guesses_count_even_though_the_page_rolls_back(engine, alice):
    with Session(engine) as db:
        send(db, alice, T0)
        db.commit()
        code = codes_to(db, alice.user.phone)[-1]
    for _ in range(5):
        with pytest.raises(Invalid), transaction(engine) as db:
            accounts.confirm_contact(
                session=db, user=db.get(User, alice.id), purpose=PHONE, code="000000", now=T0
            )
    with pytest.raises(Invalid, match="Слишком много попыток"), transaction(engine) as db:
        accounts.confirm_contact(
            session=db, user=db.get(User, alice.id), purpose=PHONE, code=code, now=T0
        )


# --- held in the database -----------------------------------------------------------------------


def test_the_limit_holds_across_concurrent_workers(engine):
    """Ten connections race to send to one destination; exactly three win."""
    wins, refusals = [], []

    def worker(n: int) -> None:
        try:
            with transaction(engine) as db:
                throttle.before_send(
                    session=db, account=f"worker:{n}", target="+79160000000", now=T0
                )
            wins.append(n)
        except Throttled:
            refusals.append(n)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert (len(wins), len(refusals)) == (3, 7)


def test_a_slot_moved_by_another_worker_is_not_taken_twice(session, monkeypatch):
    rule = throttle.Rule(1, timedelta(minutes=15))
    key = "test:race"
    assert throttle.take(session=session, keys=[(key, [rule])], now=T0) is None
    later = minutes(20)
    # Another worker moves the only slot after we read it: our conditional update finds 0 rows.
    real_slots = throttle._slots

    def stale_read(db, slot_key, r):
        seen = real_slots(db, slot_key, r)
        db.exec(update(RateSlot).where(RateSlot.key == slot_key).values(used_at=later))
        return seen

    monkeypatch.setattr(throttle, "_slots", stale_read)
    assert not throttle._take_one(session, throttle._slot_key(key, rule), rule, later)


def test_purge_deletes_old_slots_without_changing_any_limit(session, alice):
    for i in range(3):
        send(session, alice, minutes(i))
    assert throttle.purge(session=session, now=minutes(60)) == 0
    assert throttle.purge(session=session, now=minutes(24 * 60 + 3)) > 0
    assert session.exec(select(func.count()).select_from(RateSlot)).one() == 0
    send(session, alice, minutes(24 * 60 + 3))


def test_no_contact_or_address_is_stored_in_clear(session, alice):
    send(session, alice, T0, ip="198.51.100.7")
    keys = session.exec(select(RateSlot.key)).all()
    assert keys and all(re.fullmatch(r"[0-9a-f]{64}", key) for key in keys)
    assert not [k for k in keys if alice.user.phone in k or "198.51.100.7" in k]
