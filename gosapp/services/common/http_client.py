"""The one place that builds outbound HTTP clients (SMS gateway and any future peer).

Every client gets bounded timeouts, a recognisable User-Agent, no redirect following and a
retry of failed *connections* only (a request that reached the peer is never repeated here:
retrying sends is the delivery queue's job).
"""

from __future__ import annotations

import httpx

from gosapp import __version__

USER_AGENT = f"gosapp/{__version__}"
CONNECT_TIMEOUT_S = 5.0
CONNECT_RETRIES = 2


def make_client(
    timeout: float = 10.0, transport: httpx.BaseTransport | None = None
) -> httpx.Client:
    """A new httpx client with gosapp's timeouts and User-Agent; the caller closes it.

    ``transport`` lets tests plug in ``httpx.MockTransport``; by default connections that
    fail to open are retried a couple of times.
    """
    return httpx.Client(
        timeout=httpx.Timeout(timeout, connect=min(timeout, CONNECT_TIMEOUT_S)),
        headers={"User-Agent": USER_AGENT},
        transport=transport or httpx.HTTPTransport(retries=CONNECT_RETRIES),
        follow_redirects=False,
    )
