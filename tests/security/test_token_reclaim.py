"""``state/sockets.py``: a tab keeps its client token when the process that held its socket died,
and still gets a new one when that process lives (a duplicated tab, as in Reflex)."""

import asyncio

import redis.asyncio as aioredis

from gosapp.state.sockets import ReclaimingTokenManager
from tests.services.common.test_health import redis_url  # noqa: F401 -- the fixture

TOKEN = "tab-1"


async def _noop(_update, _token) -> None:
    return None


async def _patterns(client: aioredis.Redis) -> int:
    return int(await client.execute_command("PUBSUB", "NUMPAT"))


async def _until(condition, timeout_s: float = 5) -> None:
    deadline = asyncio.get_running_loop().time() + timeout_s
    while not await condition():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.02)


async def _scenario(url: str) -> tuple[str | None, str | None]:
    watcher = aioredis.from_url(url)
    first_client, second_client = aioredis.from_url(url), aioredis.from_url(url)
    first, second = ReclaimingTokenManager(first_client), ReclaimingTokenManager(second_client)
    try:
        before = await _patterns(watcher)
        first.ensure_lost_and_found_task(_noop)  # a process listens once it has a socket
        assert await first.link_token_to_sid(TOKEN, "sid-1") is None

        async def listening() -> bool:
            return await _patterns(watcher) > before

        await _until(listening)
        while_alive = await second.link_token_to_sid(TOKEN, "sid-2")
        # The first process dies: its connections to Redis are gone, its record stays.
        assert first._lost_and_found_task is not None
        first._lost_and_found_task.cancel()
        await first_client.aclose()

        async def gone() -> bool:
            return await _patterns(watcher) <= before + 1  # the second one's own subscription

        await _until(gone)
        assert await watcher.exists(f"token_manager_socket_record_{TOKEN}")
        after_death = await second.link_token_to_sid(TOKEN, "sid-3")
        return while_alive, after_death
    finally:
        for task in (second._socket_record_task, second._lost_and_found_task):
            if task is not None:
                task.cancel()
        await second_client.aclose()
        await watcher.aclose()


def test_a_dead_processes_socket_record_does_not_cost_the_tab_its_token(redis_url):  # noqa: F811
    while_alive, after_death = asyncio.run(_scenario(redis_url))
    assert while_alive is not None and while_alive != TOKEN  # a duplicated tab: a new token
    assert after_death is None  # the owner is gone: the tab keeps its token
