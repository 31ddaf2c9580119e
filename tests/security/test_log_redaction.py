"""No credentials in logs (unit level).

Attack this stands for: whoever can read the server log (an operator, a log shipper, a backup,
a leaked support bundle) must not find anything that opens an account there. Reflex logs a whole
event — its router data with the handshake's ``Cookie`` header, its payload with form fields —
when an event names an unknown handler, and a traceback can carry a handler's arguments. So
session cookies, login tickets, tokens, passwords, one-time and recovery codes are masked in
every record, whichever logger made it. The end-to-end check against the production server's log
is tests/e2e/security/test_log_redaction.py.
"""

import logging

import pytest

from gosapp.log_redaction import MASK, RedactingFilter, install_log_redaction, redact

SESSION = "s3cr3t-SESSION-value_0123456789abcdef"
EVENT = (
    "Event(token='b1a4c0de-client-token', name='state.login_state.no_such_handler', "
    "router_data={'pathname': '/login', 'query': {}, 'session': {'client_token': "
    "'b1a4c0de-client-token', 'client_ip': '127.0.0.1', 'session_id': 'sid'}, "
    f"'headers': {{'host': 'localhost:3000', 'cookie': 'theme=light; gosapp_session={SESSION}', "
    "'user-agent': 'Mozilla/5.0'}}, payload={'form': {'login': 'maria@example.ru', "
    "'password': 'Зимний-Вечер-2026', 'code': '123456'}})"
)


def test_the_cookie_header_in_an_events_router_data_is_masked():
    text = redact(EVENT)
    assert SESSION not in text and "theme=light" not in text
    assert f"'cookie': '{MASK}'" in text
    assert "'user-agent': 'Mozilla/5.0'" in text  # the rest stays readable
    assert "state.login_state.no_such_handler" in text


def test_passwords_codes_and_tokens_in_a_payload_are_masked():
    text = redact(EVENT)
    assert "Зимний-Вечер-2026" not in text and "123456" not in text
    assert "b1a4c0de-client-token" not in text
    assert "'login': 'maria@example.ru'" in text


@pytest.mark.parametrize(
    "line, secret",
    [
        (f"gosapp_session={SESSION}; Path=/; HttpOnly", SESSION),
        (f"Cookie: theme=light; gosapp_session={SESSION}", SESSION),
        ("Set-Cookie: gosapp_session=abc123def; HttpOnly", "abc123def"),
        ('"GET /api/auth/session?ticket=T1CKET-value&next=/profile HTTP/1.1" 303', "T1CKET-value"),
        ('{"password": "p\\"ass word", "login": "x"}', 'p\\"ass word'),
        ('{"totp-code": "654321"}', "654321"),
        ("{'code': 654321}", "654321"),
        ("{'recovery_code': 'ABCDE-FGH23'}", "ABCDE-FGH23"),
        ("printed codes: ABCDE-FGH23, KLMNP-QRS45", "KLMNP-QRS45"),
        ("HeaderData(host='h', authorization='Bearer eyJhbGciOi.x.y')", "eyJhbGciOi"),
        ("Authorization: Basic dXNlcjpwYXNz", "dXNlcjpwYXNz"),
        ("X-Api-Key: lab-key-42", "lab-key-42"),
        ("router_data={'asPath': '/shared/6UL3kNXSTvjvCpERDz7n0cZe'}", "6UL3kNXSTvjvCpERDz7n0cZe"),
        ('"GET /api/calendar/Zq9_f2kLm0pQrStUvWxY.ics HTTP/1.1" 200', "Zq9_f2kLm0pQrStUvWxY"),
    ],
)
def test_each_kind_of_credential_is_masked(line, secret):
    assert secret not in redact(line)


@pytest.mark.parametrize(
    "line",
    [
        "GET /api/health HTTP/1.1 200",
        "status_code=200 exit_code=0",
        "{'code': 'ru', 'pathname': '/login'}",
        "incident 1A2B3C4D: unhandled error in an event handler",
    ],
)
def test_ordinary_lines_are_left_alone(line):
    assert redact(line) == line


def test_redaction_is_idempotent():
    once = redact(EVENT)
    assert redact(once) == once


def test_every_logger_is_redacted_after_install_even_one_with_its_own_handler(caplog):
    install_log_redaction()
    captured: list[str] = []

    class Sink(logging.Handler):
        def emit(self, record):
            captured.append(self.format(record))

    reflex_like = logging.getLogger("reflex_base.event.processor.test")
    own = logging.getLogger("tests.isolated")
    own.propagate = False
    own.addHandler(Sink())
    try:
        with caplog.at_level(logging.ERROR):
            reflex_like.error("Error processing event queue entry for %s", EVENT)
            own.error("cookie %s", f"gosapp_session={SESSION}")
    finally:
        own.removeHandler(own.handlers[0])
    assert caplog.records and all(SESSION not in r.getMessage() for r in caplog.records)
    assert captured and all(SESSION not in line for line in captured)


def test_a_traceback_holding_a_credential_is_masked(caplog):
    install_log_redaction()
    with caplog.at_level(logging.ERROR):
        try:
            raise KeyError(f"no handler; cookie='gosapp_session={SESSION}'")
        except KeyError:
            logging.getLogger("tests.tb").exception("failed")
    text = caplog.handler.format(caplog.records[-1])
    assert SESSION not in text
    assert "KeyError" in text and "Traceback" in text


def test_a_record_rebuilt_from_a_dict_is_masked_by_the_filter():
    """Records from ``logging.makeLogRecord`` (socket/queue handlers) bypass the factory."""
    record = logging.makeLogRecord({"msg": "Cookie: %s", "args": (f"gosapp_session={SESSION}",)})
    assert RedactingFilter().filter(record)
    assert SESSION not in record.getMessage()
