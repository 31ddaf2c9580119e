"""No credentials in the production server's log.

Attack this stands for: a client sends an event naming a handler that does not exist. Reflex
then logs the whole event, including the router data of the websocket handshake — the Cookie
header with the session id. Anyone who reads the log (operators, log shipping, backups) could
replay that cookie. The test sends such an event over a raw websocket with a marker cookie and
greps the server's log: the failure is logged, the marker is not.
"""

import json
import re
import secrets
import socket
import time
import uuid
from urllib.parse import urlsplit

from wsproto import ConnectionType, WSConnection
from wsproto.events import AcceptConnection, Message, Request, TextMessage

UNKNOWN = "reflex___state____state.no_such_state.no_such_handler"


class RawSocketIO:
    """A bare Socket.IO client on a blocking socket (wsproto frames, no threads), joined to
    Reflex's ``/_event`` namespace with whatever headers an attacker chooses."""

    def __init__(self, url: str, headers: dict[str, str]) -> None:
        parts = urlsplit(url)
        self.sock = socket.create_connection((parts.hostname, parts.port), timeout=10)
        self.ws = WSConnection(ConnectionType.CLIENT)
        target = f"/_event/?EIO=4&transport=websocket&token={uuid.uuid4()}"
        extra = [(k.encode(), v.encode()) for k, v in headers.items()]
        self._send(Request(host=parts.netloc, target=target, extra_headers=extra))
        assert isinstance(self._next(), AcceptConnection)
        assert self.receive().startswith("0")  # engine.io open
        self.send("40/_event,")
        assert self.receive().startswith("40/_event")

    def send(self, text: str) -> None:
        self._send(Message(data=text))

    def receive(self) -> str:
        event = self._next()
        assert isinstance(event, TextMessage), event
        return event.data

    def close(self) -> None:
        self.sock.close()

    def _send(self, event) -> None:
        self.sock.sendall(self.ws.send(event))

    def _next(self):
        while True:
            for event in self.ws.events():
                return event
            self.ws.receive_data(self.sock.recv(65536) or None)


def wait_for_log(live_server, needle: str, timeout: float = 20) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = live_server.log.read_text(errors="replace")
        if needle in text:
            return text
        time.sleep(0.2)
    raise AssertionError(f"{needle!r} never reached the log:\n{text[-3000:]}")


def test_an_event_for_an_unknown_handler_is_logged_without_the_cookie(live_server):
    marker = f"cookie{secrets.token_hex(8)}"
    ticket = f"ticket{secrets.token_hex(8)}"
    cookie = f"gosapp_session={marker}; gosapp_other={marker}x"
    ws = RawSocketIO(live_server.url, {"Origin": live_server.url, "Cookie": cookie})
    try:
        event = {
            "name": UNKNOWN,
            "payload": {"form": {"password": f"pw{marker}", "code": "123456"}},
            "router_data": {"pathname": "/login", "query": {}, "asPath": f"/?ticket={ticket}"},
        }
        ws.send("42/_event," + json.dumps(["event", event]))
        text = wait_for_log(live_server, "no_such_handler")
    finally:
        ws.close()
    flat = re.sub(r"\s", "", text)  # the console wraps long lines
    assert marker not in flat
    assert ticket not in flat
