"""Delivery against real peers on loopback: an aiosmtpd server and pytest-httpserver."""

import asyncio
import contextlib
import socket
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from email import message_from_bytes
from email import policy as email_policy

import pytest
from aiosmtpd.controller import Controller
from sqlmodel import Session, select

from gosapp import __version__
from gosapp.db import make_engine, transaction
from gosapp.jobs import delivery as delivery_job
from gosapp.models.accounts import utcnow
from gosapp.models.notifications import Channel, DeliveryStatus, OutboundMessage
from gosapp.services.common.http_client import make_client
from gosapp.services.notifications import inbox
from gosapp.services.notifications.delivery import (
    MAX_ATTEMPTS,
    DeliveryError,
    SmsGatewaySender,
    SmtpSender,
    _record_failure,
    backoff,
    claim_batch,
    deliver_pending,
    senders_from_settings,
)
from gosapp.settings import Settings

# A fixed clock ahead of the queue's real timestamps, so every new message is due. Set at
# import, so half an hour ahead: a slow full run on a loaded 2-core machine took more than a
# minute from collection to these tests, and the messages were not yet due.
NOW = utcnow().replace(microsecond=0) + timedelta(minutes=30)
assert NOW.tzinfo is not None
API_KEY = "sms-secret-key"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    """aiosmtpd handler that keeps every message it accepts."""

    def __init__(self):
        self.messages = []
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        self.messages.append(message_from_bytes(envelope.content, policy=email_policy.default))
        return "250 OK"


@pytest.fixture
def smtp():
    server = Inbox()
    controller = Controller(server, hostname="127.0.0.1", port=_free_port())
    controller.start()
    server.port = controller.port
    yield server
    controller.stop()


@pytest.fixture
def mailer(smtp):
    return SmtpSender("127.0.0.1", smtp.port, "Госпортал <noreply@gosapp.local>", timeout=5)


@pytest.fixture
def sms(httpserver):
    client = make_client(timeout=5)
    yield SmsGatewaySender(httpserver.url_for("/send"), API_KEY, client=client)
    client.close()


def _queue_email(engine, n=1, **values):
    with transaction(engine) as session:
        rows = [
            inbox.enqueue_email(
                session=session,
                recipient=values.get("recipient", f"p{i}@example.ru"),
                subject=values.get("subject", f"Письмо {i}"),
                body=values.get("body", f"Текст {i}"),
            )
            for i in range(n)
        ]
    return [r.id for r in rows]


def _queue_sms(engine, recipient="+79161234567", body="Код: 123456"):
    with transaction(engine) as session:
        return inbox.enqueue_sms(session=session, recipient=recipient, body=body).id


def _row(engine, message_id) -> OutboundMessage:
    with Session(engine) as session:
        return session.get(OutboundMessage, message_id)


def _rows(engine) -> list[OutboundMessage]:
    with Session(engine) as session:
        return list(session.exec(select(OutboundMessage).order_by(OutboundMessage.id)))


# --- e-mail --------------------------------------------------------------------------------


def test_cyrillic_email_arrives_intact(engine, smtp, mailer):
    [mid] = _queue_email(
        engine,
        subject="Запись к врачу подтверждена — терапевт",
        body="Здравствуйте, Анна Сергеевна!\nПриём 5 марта в 09:30, каб. 214.",
    )
    assert (
        deliver_pending(engine=engine, senders={Channel.EMAIL: mailer}, worker_id="w", now=NOW) == 1
    )
    [received] = smtp.messages
    assert received["Subject"] == "Запись к врачу подтверждена — терапевт"
    assert received["To"] == "p0@example.ru"
    assert received["From"].addresses[0].addr_spec == "noreply@gosapp.local"
    assert received.get_content().replace("\r\n", "\n").strip() == (
        "Здравствуйте, Анна Сергеевна!\nПриём 5 марта в 09:30, каб. 214."
    )
    row = _row(engine, mid)
    assert row.status == DeliveryStatus.SENT and row.sent_at == NOW and row.attempts == 0


def test_refused_smtp_connection_is_a_failed_attempt_with_backoff(engine):
    [mid] = _queue_email(engine)
    dead = SmtpSender("127.0.0.1", _free_port(), "noreply@gosapp.local", timeout=2)
    assert (
        deliver_pending(engine=engine, senders={Channel.EMAIL: dead}, worker_id="w", now=NOW) == 0
    )
    row = _row(engine, mid)
    assert row.status == DeliveryStatus.PENDING and row.attempts == 1
    assert row.next_attempt_at == NOW + timedelta(seconds=30)
    assert "ConnectionRefusedError" in row.last_error
    assert row.claimed_by == "" and row.claimed_at is None


def test_smtp_sender_raises_delivery_error_when_the_server_rejects(smtp):
    class Rejecting(Inbox):
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            return "550 5.1.1 No such user"

    controller = Controller(Rejecting(), hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        sender = SmtpSender("127.0.0.1", controller.port, "noreply@gosapp.local", timeout=5)
        message = OutboundMessage(channel=Channel.EMAIL, recipient="x@example.ru", body="т")
        with pytest.raises(DeliveryError, match="SMTP"):
            sender.send(message)
    finally:
        controller.stop()


def test_smtp_sender_does_not_show_its_password():
    assert "hunter2" not in repr(SmtpSender("h", 25, "a@b.ru", user="u", password="hunter2"))


# --- SMS -------------------------------------------------------------------------------------


def test_sms_is_posted_as_json_with_the_bearer_key(engine, httpserver, sms):
    httpserver.expect_request(
        "/send",
        method="POST",
        json={"to": "+79161234567", "text": "Код: 123456"},
        headers={"Authorization": f"Bearer {API_KEY}", "User-Agent": f"gosapp/{__version__}"},
    ).respond_with_json({"id": "abc"})
    mid = _queue_sms(engine)
    assert deliver_pending(engine=engine, senders={Channel.SMS: sms}, worker_id="w", now=NOW) == 1
    httpserver.check_assertions()
    assert _row(engine, mid).status == DeliveryStatus.SENT


def test_sms_gateway_error_is_retried_with_backoff(engine, httpserver, sms):
    httpserver.expect_request("/send", method="POST").respond_with_data("oops", status=500)
    mid = _queue_sms(engine)
    assert deliver_pending(engine=engine, senders={Channel.SMS: sms}, worker_id="w", now=NOW) == 0
    row = _row(engine, mid)
    assert (row.status, row.attempts) == (DeliveryStatus.PENDING, 1)
    assert row.next_attempt_at == NOW + timedelta(seconds=30)
    assert row.last_error == "SMS gateway answered HTTP 500"
    # Not due again before the backoff has passed.
    later = NOW + timedelta(seconds=29)
    assert claim_batch(engine=engine, worker_id="w", now=later) == []


def test_sms_gives_up_after_eight_failed_attempts(engine, httpserver, sms):
    httpserver.expect_request("/send", method="POST").respond_with_data("oops", status=503)
    mid = _queue_sms(engine)
    now = NOW
    for attempt in range(1, MAX_ATTEMPTS + 1):
        deliver_pending(engine=engine, senders={Channel.SMS: sms}, worker_id="w", now=now)
        row = _row(engine, mid)
        assert row.attempts == attempt
        if attempt < MAX_ATTEMPTS:
            assert row.status == DeliveryStatus.PENDING
            assert row.next_attempt_at == now + backoff(attempt)
            now = row.next_attempt_at
    assert row.status == DeliveryStatus.FAILED
    assert len(httpserver.log) == MAX_ATTEMPTS
    # A failed message is never picked up again.
    assert claim_batch(engine=engine, worker_id="w", now=now + timedelta(days=1)) == []
    assert API_KEY not in row.last_error


def test_unreachable_sms_gateway_is_a_failed_attempt(engine):
    mid = _queue_sms(engine)
    client = make_client(timeout=2)
    dead = SmsGatewaySender(f"http://127.0.0.1:{_free_port()}/send", API_KEY, client=client)
    deliver_pending(engine=engine, senders={Channel.SMS: dead}, worker_id="w", now=NOW)
    client.close()
    row = _row(engine, mid)
    assert row.attempts == 1 and row.last_error.startswith("SMS gateway unreachable")


def test_backoff_doubles_from_thirty_seconds_up_to_an_hour():
    assert [backoff(n).total_seconds() for n in range(1, 9)] == [
        30,
        60,
        120,
        240,
        480,
        960,
        1920,
        3600,
    ]


# --- queue mechanics -------------------------------------------------------------------------


def test_a_channel_without_a_sender_is_left_untouched(engine, smtp, mailer):
    sms_id = _queue_sms(engine)
    _queue_email(engine)
    assert (
        deliver_pending(engine=engine, senders={Channel.EMAIL: mailer}, worker_id="w", now=NOW) == 1
    )
    row = _row(engine, sms_id)
    assert (row.status, row.attempts, row.claimed_by) == (DeliveryStatus.PENDING, 0, "")
    assert deliver_pending(engine=engine, senders={}, worker_id="w", now=NOW) == 0


def test_messages_not_yet_due_wait(engine, smtp, mailer):
    _queue_email(engine)
    past = NOW - timedelta(hours=1)
    assert (
        deliver_pending(engine=engine, senders={Channel.EMAIL: mailer}, worker_id="w", now=past)
        == 0
    )
    assert smtp.messages == []


def test_a_crashed_workers_stale_claim_is_released_and_retried(engine, smtp, mailer):
    stale_id, fresh_id = _queue_email(engine, n=2)
    assert claim_batch(engine=engine, worker_id="crashed", now=NOW, limit=1) == [stale_id]
    assert claim_batch(engine=engine, worker_id="busy", now=NOW + timedelta(minutes=9)) == [
        fresh_id
    ]
    # Ten minutes on, only the older claim has expired.
    later = NOW + timedelta(minutes=10, seconds=1)
    assert (
        deliver_pending(engine=engine, senders={Channel.EMAIL: mailer}, worker_id="w2", now=later)
        == 1
    )
    stale, fresh = _row(engine, stale_id), _row(engine, fresh_id)
    assert (stale.status, stale.claimed_by) == (DeliveryStatus.SENT, "w2")
    assert (fresh.status, fresh.claimed_by) == (DeliveryStatus.SENDING, "busy")
    assert [m["To"] for m in smtp.messages] == ["p0@example.ru"]


def test_a_late_result_from_a_released_claim_does_not_overwrite_the_new_owner(engine, smtp, mailer):
    [mid] = _queue_email(engine)
    claim_batch(engine=engine, worker_id="slow", now=NOW)
    later = NOW + timedelta(minutes=11)
    assert claim_batch(engine=engine, worker_id="new", now=later) == [mid]
    # "slow" finally reports a failure for a message it no longer owns: nothing changes.
    _record_failure(engine, _row(engine, mid), "slow", "late", later)
    row = _row(engine, mid)
    assert (row.status, row.claimed_by, row.attempts) == (DeliveryStatus.SENDING, "new", 0)


def test_concurrent_claims_are_disjoint(engine):
    ids = _queue_email(engine, n=40)
    barrier = threading.Barrier(4)

    def claim(n):
        eng = make_engine(str(engine.url))
        barrier.wait()
        got = []
        while batch := claim_batch(engine=eng, worker_id=f"w{n}", now=NOW, limit=3):
            got += batch
        eng.dispose()
        return got

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(claim, range(4)))
    claimed = [i for r in results for i in r]
    assert sorted(claimed) == ids  # every message claimed, none twice


def test_concurrent_workers_send_each_message_exactly_once(engine, smtp, mailer):
    ids = _queue_email(engine, n=30)
    barrier = threading.Barrier(4)

    def work(n):
        eng = make_engine(str(engine.url)) if n % 2 else engine  # separate and shared engines
        barrier.wait()
        while deliver_pending(
            engine=eng, senders={Channel.EMAIL: mailer}, worker_id=f"w{n}", now=NOW, limit=3
        ):
            pass
        if eng is not engine:
            eng.dispose()

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(work, range(4)))
    # A worker stops when its claim comes back empty; finish anything still pending.
    deliver_pending(engine=engine, senders={Channel.EMAIL: mailer}, worker_id="last", now=NOW)
    counts = Counter(m["Subject"] for m in smtp.messages)
    assert counts == Counter(f"Письмо {i}" for i in range(30))
    assert all(c == 1 for c in counts.values())
    rows = _rows(engine)
    assert [r.id for r in rows] == ids
    assert {r.status for r in rows} == {DeliveryStatus.SENT}


# --- settings and the background job ---------------------------------------------------------


def test_senders_from_settings_builds_only_configured_channels():
    assert senders_from_settings(Settings(demo=True)) == {}
    senders = senders_from_settings(
        Settings(
            smtp_host="mail.local",
            smtp_password="pw",
            sms_gateway_url="https://sms.local/",
            sms_api_key="key-9f3a",
        )
    )
    assert isinstance(senders[Channel.EMAIL], SmtpSender)
    assert senders[Channel.EMAIL].password == "pw"
    assert isinstance(senders[Channel.SMS], SmsGatewaySender)
    assert "key-9f3a" not in repr(senders[Channel.SMS])
    senders[Channel.SMS].close()
    assert set(senders_from_settings(Settings(sms_gateway_url="https://sms.local/"))) == {
        Channel.SMS
    }


def test_delivery_loop_returns_at_once_in_demo_mode(engine):
    _queue_email(engine)
    asyncio.run(asyncio.wait_for(delivery_loop_with(Settings(demo=True), engine), 2))
    assert _rows(engine)[0].status == DeliveryStatus.PENDING


def test_delivery_loop_returns_at_once_without_configured_channels(engine):
    asyncio.run(asyncio.wait_for(delivery_loop_with(Settings(demo=False), engine), 2))


def test_delivery_loop_sends_queued_mail_until_cancelled(engine, smtp):
    _queue_email(engine, n=2)
    settings = Settings(demo=False, smtp_host="127.0.0.1", smtp_port=smtp.port)

    async def run():
        task = asyncio.create_task(delivery_loop_with(settings, engine, interval_s=0.01))
        for _ in range(500):
            await asyncio.sleep(0.01)
            if len(smtp.messages) == 2 or task.done():
                break
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    asyncio.run(run())
    assert sorted(m["Subject"] for m in smtp.messages) == ["Письмо 0", "Письмо 1"]


async def delivery_loop_with(settings, engine, interval_s=5.0):
    """Run the job with the given settings and database instead of the process-wide ones."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(delivery_job, "get_settings", lambda: settings)
        mp.setattr(delivery_job, "get_engine", lambda: engine)
        await delivery_job.delivery_loop(interval_s=interval_s)
