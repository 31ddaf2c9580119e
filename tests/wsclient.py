"""A small Socket.IO client that speaks Reflex's wire format, for tests and benchmarks.

Engine.IO 4 framing over a blocking websocket (wsproto, in this thread), Reflex's ``/_event``
namespace. It lets a test act as an attacker would: any client token, any cookies (or none),
any event name and payload, and read exactly what the server sends back.
"""

from __future__ import annotations

import contextlib
import json
import socket
import uuid
from collections import deque
from collections.abc import Callable
from urllib.parse import urlsplit

from reflex import constants
from wsproto import ConnectionType, WSConnection
from wsproto.events import (
    AcceptConnection,
    CloseConnection,
    Message,
    Ping,
    RejectConnection,
    Request,
    TextMessage,
)

REPLY_TIMEOUT_S = 30


class WebSocket:
    """A blocking websocket client on wsproto, in this thread: no reader thread to wake up."""

    def __init__(self, url: str, headers: dict[str, str]):
        parts = urlsplit(url)
        host, port = parts.hostname or "127.0.0.1", parts.port or 80
        self.sock = socket.create_connection((host, port), timeout=REPLY_TIMEOUT_S)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.conn = WSConnection(ConnectionType.CLIENT)
        self.messages: deque[str] = deque()
        self._parts: list[str] = []
        self._accepted = False
        target = f"{parts.path}?{parts.query}"
        extra = [(k.encode(), v.encode()) for k, v in headers.items()]
        self.sock.sendall(self.conn.send(Request(host=host, target=target, extra_headers=extra)))
        while not self._accepted:
            self._pump()

    def send(self, text: str) -> None:
        self.sock.sendall(self.conn.send(Message(data=text)))

    def receive(self) -> str:
        """The next text message (REPLY_TIMEOUT_S at most between two reads)."""
        while not self.messages:
            self._pump()
        return self.messages.popleft()

    def _pump(self) -> None:
        data = self.sock.recv(1 << 16)
        if not data:
            raise ConnectionError("the server closed the connection")
        self.conn.receive_data(data)
        for event in self.conn.events():
            if isinstance(event, AcceptConnection):
                self._accepted = True
            elif isinstance(event, TextMessage):
                self._parts.append(event.data)
                if event.message_finished:
                    self.messages.append("".join(self._parts))
                    self._parts.clear()
            elif isinstance(event, Ping):
                self.sock.sendall(self.conn.send(event.response()))
            elif isinstance(event, (RejectConnection, CloseConnection)):
                raise ConnectionError(f"the server refused or closed the websocket: {event}")

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.sock.sendall(self.conn.send(CloseConnection(code=1000)))
        self.sock.close()


class ReflexSocket:
    """One tab's connection: Engine.IO 4 packets over a websocket, Reflex's ``/_event`` namespace.

    ``emit`` sends ``42/_event,["event", {name, payload, router_data}]``; the server answers
    with ``42/_event,["event", {delta, events}]`` updates. Engine.IO pings (``2``) are answered
    while reading.
    """

    NAMESPACE = str(constants.Endpoint.EVENT)

    def __init__(
        self, base_url: str, *, cookie: str = "", boot: dict | None = None, token: str = ""
    ):
        self.token = token or str(uuid.uuid4())
        parts = urlsplit(base_url)
        # localhost as 127.0.0.1: the server listens on IPv4, no failed ::1 attempt first
        host = "127.0.0.1" if parts.hostname in (None, "localhost") else parts.hostname
        url = (
            f"ws://{host}:{parts.port or 80}{self.NAMESPACE}/"
            f"?EIO=4&transport=websocket&token={self.token}"
        )
        headers = {"Origin": base_url, **({"Cookie": cookie} if cookie else {})}
        self.ws = WebSocket(url, headers)
        self.pending: deque[dict] = deque()
        self.received_bytes = 0
        opening = self._read()
        if not opening.startswith("0"):
            raise RuntimeError(f"not an Engine.IO open packet: {opening[:200]}")
        self.ws.send("40" + self.NAMESPACE + "," + json.dumps({"event": boot} if boot else {}))
        self._await_connected()

    def _read(self) -> str:
        packet = self.ws.receive()
        self.received_bytes += len(packet)
        return packet

    def _await_connected(self) -> None:
        """Wait for the namespace's CONNECT answer; updates arriving first are kept."""
        while True:
            packet = self._next_packet()
            if packet.startswith("0" + self.NAMESPACE):
                return
            if packet.startswith("4" + self.NAMESPACE):
                raise RuntimeError(f"the server refused the connection: {packet[:300]}")
            self._keep_update(packet)

    def _next_packet(self) -> str:
        """The next Socket.IO packet (Engine.IO message minus its "4"); pings are answered."""
        while True:
            packet = self._read()
            if packet == "2":
                self.ws.send("3")
            elif packet.startswith("4"):
                return packet[1:]

    def _keep_update(self, packet: str) -> None:
        prefix = "2" + self.NAMESPACE + ","
        if packet.startswith(prefix):
            name, *args = json.loads(packet[len(prefix) :])
            if name == "event":
                self.pending.append(args[0])

    def update(self) -> dict:
        """The next state update (``{"delta": …, "events": …}``) from the server."""
        while not self.pending:
            self._keep_update(self._next_packet())
        return self.pending.popleft()

    def emit(self, name: str, payload: dict | None = None, path: str = "/history") -> None:
        event = {
            "name": name,
            "payload": payload or {},
            "router_data": {"pathname": path, "asPath": path},
        }
        self.ws.send(f"42{self.NAMESPACE},{json.dumps(['event', event])}")

    def until(self, done: Callable[[dict], bool]) -> list[dict]:
        """Updates up to and including the first one for which ``done`` is true."""
        updates = []
        while True:
            updates.append(self.update())
            refused(updates[-1])
            if done(updates[-1]):
                return updates

    def close(self) -> None:
        self.ws.close()


def refused(update: dict) -> None:
    """Raise when the guard refused the event (a redirect to /login or an error toast)."""
    for event in update.get("events") or []:
        if event.get("name") in ("_redirect", "_call_function", "_toast"):
            raise RuntimeError(f"the event was refused: {json.dumps(event)[:300]}")
