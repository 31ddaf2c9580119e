"""A tab whose host died keeps its client token (and so its state) on the host it reconnects to.

With tab states in Redis, Reflex records in Redis which process holds each tab's websocket, and
a connection presenting a token recorded for another process counts as a duplicated tab: it
gets a new token, i.e. an empty state. A process that is killed never removes its records, so
every tab it served would come back empty on the surviving host (the open ticket closed, the
filters reset) although its state is still in Redis.

So before Reflex checks, a record of another process is tested: each process listens on its
own Redis channel (Reflex's "lost and found" updates for its tabs), and ``PUBLISH`` says how
many listeners received a message. No listener means the process is gone, and its record is
dropped, so the tab keeps its token. The probe is an empty update for the token, which a live
owner passes on to that tab as a no-op. Whoever then opens the state is still checked against
the session that filled it (``state/binding.py``): keeping a token hands nothing to anyone else.
"""

import contextlib
import pickle

from reflex.state import StateUpdate
from reflex.utils.token_manager import LostAndFoundRecord, RedisTokenManager, TokenManager


class ReclaimingTokenManager(RedisTokenManager):
    """Reflex's Redis token manager that takes over the tokens of processes that died."""

    async def link_token_to_sid(self, token: str, sid: str) -> str | None:
        """Drop a dead process's record of ``token``, then link as Reflex does."""
        record = self.token_to_socket.get(token)
        if record is None or record.sid != sid:  # not a reconnection to this very socket
            with contextlib.suppress(Exception):  # Redis trouble: Reflex's own check decides
                await self._release_if_owner_gone(token)
        return await super().link_token_to_sid(token, sid)

    async def _release_if_owner_gone(self, token: str) -> None:
        key = self._get_redis_key(token)
        raw = await self.redis.get(key)
        if raw is None:
            return
        owner = pickle.loads(raw).instance_id  # noqa: S301 -- Reflex's own record, from our Redis
        if owner == self.instance_id:
            return
        probe = pickle.dumps(LostAndFoundRecord(token=token, update=StateUpdate()))
        channel = f"channel:{self._get_lost_and_found_key(owner)}"
        if await self.redis.publish(channel, probe) == 0:
            await self.redis.delete(key)


def _create(cls: type[TokenManager]) -> TokenManager:
    manager = _reflex_create()
    if type(manager) is RedisTokenManager:
        manager.__class__ = ReclaimingTokenManager
    return manager


_reflex_create = TokenManager.create


def install() -> None:
    """Make the app's event namespace use ``ReclaimingTokenManager`` with Redis (call before
    ``rx.App`` is created)."""
    if getattr(TokenManager.create, "__func__", None) is not _create:
        TokenManager.create = classmethod(_create)  # type: ignore[method-assign]
