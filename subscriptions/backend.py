"""Broadcast backends behind broadcaster's public ``BroadcastBackend`` extension point.

broadcaster 0.3.1's own Redis backend delivers nothing with redis-py 8 (it wakes its listener
before the channel is registered, and the listener then sleeps forever) and goes silent after a
Redis restart (upstream issue #144). ``RedisBackend`` below is ours; see
``docs/decisions/broadcast-backend.md``. Both backends carry JSON *strings* only, so that
``memory://`` behaves like Redis and a test on one means something for the other.

Besides ``Event`` messages, ``next_published`` returns ``Resubscribed`` markers: Redis pub/sub
keeps no history, so the hub tells the channel's subscribers to send a fresh full state when
their channel is listened to again after an outage.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import time
from collections.abc import Sequence
from typing import Any

from broadcaster import BroadcastBackend, Event
from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("orga.live")

RESUBSCRIBE_LOG_INTERVAL = 5.0

# What a lost or refused connection raises, through redis-py or straight from the socket.
CONNECTION_ERRORS: tuple[type[BaseException], ...] = (
    RedisConnectionError,
    RedisTimeoutError,
    OSError,
)


class Resubscribed(Event):
    """Not a message: the backend listens to ``channel`` again after losing it.

    Events published meanwhile are lost, so subscribers must recompute their full state.
    """

    def __init__(self, channel: str) -> None:
        super().__init__(channel=channel, message="")

    def __repr__(self) -> str:
        return f"Resubscribed(channel={self.channel!r})"


def _require_text(message: Any) -> str:
    # The Redis backend can only carry strings; refusing anything else on memory:// too keeps
    # the two backends interchangeable.
    if not isinstance(message, str):
        raise TypeError("seules des chaînes JSON peuvent être publiées")
    return message


class MemoryBackend(BroadcastBackend):
    """Delivery inside one process (``memory://``): one queue that the hub drains at once.

    broadcaster ships a memory backend too, but in a private module (``_backends``); this one
    is a few lines and also enforces the JSON-string contract.
    """

    def __init__(self, url: str = "memory://") -> None:
        # BroadcastBackend.__init__ only raises NotImplementedError: not called on purpose.
        self._queue: asyncio.Queue[Event] | None = None

    async def connect(self) -> None:
        self._queue = asyncio.Queue()

    async def disconnect(self) -> None:
        self._queue = None

    async def subscribe(self, channel: str) -> None:
        # The hub keeps the subscriber lists and drops events nobody listens to.
        return None

    async def unsubscribe(self, channel: str) -> None:
        return None

    async def publish(self, channel: str, message: Any) -> None:
        if self._queue is None:
            raise RuntimeError("diffusion en mémoire non connectée")
        self._queue.put_nowait(Event(channel=channel, message=_require_text(message)))

    async def publish_many(self, messages: Sequence[tuple[str, Any]]) -> None:
        """``publish`` each (channel, message), in order."""
        for channel, message in messages:
            await self.publish(channel, message)

    async def next_published(self) -> Event:
        if self._queue is None:
            raise RuntimeError("diffusion en mémoire non connectée")
        return await self._queue.get()


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def _keepalive_options() -> dict[int, int]:
    # Notice a silently dropped connection in about a minute instead of the kernel's two
    # hours; a stopped Redis closes its sockets and is noticed at once anyway.
    wanted = {"TCP_KEEPIDLE": 30, "TCP_KEEPINTVL": 10, "TCP_KEEPCNT": 3}
    return {getattr(socket, name): value for name, value in wanted.items() if hasattr(socket, name)}


class RedisBackend(BroadcastBackend):
    """Redis pub/sub that survives restarts and concurrent subscribers (redis-py 8).

    - ``subscribe`` sends SUBSCRIBE, *then* wakes the listener, then waits for Redis to confirm
      (bounded): events published after it returns are delivered.
    - The listener keeps reading through disconnects: redis-py reconnects and subscribes again
      to every channel it knew; each channel confirmed again is reported as ``Resubscribed``.
    - Publishing retries once on a connection that a restart killed (``retry_on_error``).
    - Redis down never raises out of ``subscribe``/``unsubscribe``: the channel is remembered
      and subscribed when Redis is back. ``publish`` does raise; the hub logs it.

    Callers serialize ``subscribe``/``unsubscribe`` (the hub's lock).
    """

    def __init__(
        self,
        url: str,
        *,
        confirm_timeout: float = 2.0,
        socket_timeout: float = 2.0,
        max_backoff: float = 1.0,
        max_connections: int = 32,
    ) -> None:
        # BroadcastBackend.__init__ only raises NotImplementedError: not called on purpose.
        self._url = url
        self._confirm_timeout = confirm_timeout
        self._max_backoff = max_backoff
        self._backoff = 0.05
        pool = BlockingConnectionPool.from_url(
            url,
            # Concurrent writes wait for a free connection instead of failing ("Too many
            # connections"); one connection stays with the pub/sub listener.
            max_connections=max_connections,
            timeout=socket_timeout,
            socket_connect_timeout=socket_timeout,
            socket_timeout=socket_timeout,
            socket_keepalive=True,
            socket_keepalive_options=_keepalive_options(),
            # Without this, the first command on a pooled connection that a Redis restart
            # killed raises ConnectionError instead of reconnecting (stack notes).
            retry_on_error=[RedisConnectionError, RedisTimeoutError],
            retry=Retry(ExponentialBackoff(cap=0.2, base=0.02), retries=1),
        )
        # Publications and the listener share the pool: a publication pipelines its
        # commands on a pooled connection, and the pool's retry sends them once more on a
        # connection that a Redis restart killed.
        self._client = Redis.from_pool(pool)
        self._pubsub = self._client.pubsub()
        self._wakeup = asyncio.Event()
        # Channel -> future the listener resolves: True when Redis confirms the subscription,
        # False when the connection is lost first.
        self._confirmations: dict[str, asyncio.Future[bool]] = {}
        # Channels the hub listens to, whatever Redis's state.
        self._wanted: set[str] = set()
        # Channels confirmed on the current connection, and channels whose subscription was
        # lost (outage, refused or unconfirmed subscribe) and must be announced when back.
        self._live: set[str] = set()
        self._lost: set[str] = set()
        self._reachable = True
        self._last_resubscribe_log = -RESUBSCRIBE_LOG_INTERVAL

    @property
    def reachable(self) -> bool:
        """False from a failed Redis call until the listener reads from Redis again."""
        return self._reachable

    async def connect(self) -> None:
        try:
            await self._pubsub.connect()
        except CONNECTION_ERRORS as error:
            # Start anyway: writes must not depend on Redis, and the listener connects when
            # Redis answers (``/healthz`` reports it meanwhile).
            self._mark_unreachable(error)

    async def disconnect(self) -> None:
        for future in self._confirmations.values():
            future.cancel()
        self._confirmations.clear()
        await self._pubsub.aclose()
        await self._client.aclose()

    async def subscribe(self, channel: str) -> None:
        loop = asyncio.get_running_loop()
        confirmed: asyncio.Future[bool] = loop.create_future()
        self._confirmations[channel] = confirmed
        self._wanted.add(channel)
        try:
            if not self._reachable:
                # Leave reconnecting to the listener: two tasks reconnecting one connection
                # at once would each open a socket.
                raise RedisConnectionError("Redis injoignable")
            await self._pubsub.subscribe(channel)
        except CONNECTION_ERRORS as error:
            self._mark_unreachable(error)
            # redis-py subscribes again, on reconnection, to the channels it lists: list this
            # one too, so that it is subscribed and announced when Redis is back.
            self._pubsub.channels[channel.encode()] = None
            self._lost.add(channel)
            self._confirmations.pop(channel, None)
            self._wakeup.set()
            return
        # Only now wake the listener: redis-py stops reading when no channel is registered,
        # which is how broadcaster's backend ends up sleeping forever.
        self._wakeup.set()
        try:
            if not await asyncio.wait_for(asyncio.shield(confirmed), self._confirm_timeout):
                # The connection dropped first: redis-py subscribes the channel again when it
                # reconnects, and its subscribers then get a fresh state.
                self._lost.add(channel)
        except TimeoutError:
            # Redis is slow: when the confirmation finally comes, the channel's subscribers
            # get a fresh state, which covers what they may have missed meanwhile.
            logger.warning("Redis n'a pas confirmé l'abonnement à %s à temps", channel)
            self._lost.add(channel)
        finally:
            if self._confirmations.get(channel) is confirmed:
                del self._confirmations[channel]

    async def unsubscribe(self, channel: str) -> None:
        self._wanted.discard(channel)
        self._live.discard(channel)
        self._lost.discard(channel)
        try:
            if not self._reachable:
                raise RedisConnectionError("Redis injoignable")
            await self._pubsub.unsubscribe(channel)
        except CONNECTION_ERRORS:
            # Forget it here so that the reconnection does not subscribe it again.
            self._pubsub.channels.pop(channel.encode(), None)
            self._pubsub.pending_unsubscribe_channels.discard(channel.encode())

    async def publish(self, channel: str, message: Any) -> None:
        await self.publish_many([(channel, message)])

    async def publish_many(self, messages: Sequence[tuple[str, Any]]) -> None:
        """``publish`` each (channel, message), in order, in one round trip (a redis-py
        pipeline); once more on a new connection when the first attempt finds it lost (a
        Redis restart: the pool's ``retry_on_error``). A resent message that had gone through
        changes nothing: subscribers keep the highest version."""
        async with self._client.pipeline(transaction=False) as pipe:
            for channel, message in messages:
                pipe.publish(channel, _require_text(message))
            await pipe.execute()

    async def next_published(self) -> Event:
        """The next message, or a ``Resubscribed`` marker; waits while nothing is subscribed."""
        while True:
            if not self._pubsub.subscribed:
                # Safe without a lock: no await between the check and the wait, and
                # ``subscribe`` registers the channel before it sets the event.
                self._wakeup.clear()
                await self._wakeup.wait()
                continue
            try:
                if self._pubsub.connection is None:
                    # Redis was down when we started: redis-py only re-subscribes on a
                    # *re*connection, so subscribe what is listed ourselves.
                    await self._pubsub.connect()
                    if self._pubsub.connection is not None:
                        await self._pubsub.on_connect(self._pubsub.connection)
                message = await self._pubsub.get_message(timeout=None)
            except CONNECTION_ERRORS as error:
                self._mark_unreachable(error)
                self._lost |= self._live
                self._live.clear()
                for pending in self._confirmations.values():
                    if not pending.done():
                        pending.set_result(False)
                await asyncio.sleep(self._backoff)
                self._backoff = min(self._backoff * 2, self._max_backoff)
                continue
            self._backoff = 0.05
            if not self._reachable:
                self._reachable = True
                logger.info("Redis répond de nouveau : reprise de la diffusion temps réel")
            if message is None:
                continue
            kind = message.get("type")
            if kind == "message":
                return Event(channel=_text(message["channel"]), message=_text(message["data"]))
            if kind == "subscribe":
                channel = _text(message["channel"])
                if channel not in self._wanted:
                    await self._drop_unwanted(channel)
                    continue
                resubscribed = self._confirm(channel)
                if resubscribed is not None:
                    return resubscribed

    def _confirm(self, channel: str) -> Resubscribed | None:
        """Record Redis's confirmation; a marker when the channel was listened to before."""
        confirmed = self._confirmations.get(channel)
        if confirmed is not None and not confirmed.done():
            confirmed.set_result(True)
        # Confirmed again while already confirmed: redis-py reconnected under us.
        again = channel in self._live or channel in self._lost
        self._lost.discard(channel)
        self._live.add(channel)
        if not again:
            return None
        now = time.monotonic()
        if now - self._last_resubscribe_log > RESUBSCRIBE_LOG_INTERVAL:
            # Once per reconnection, not once per channel: it may be the only trace of a
            # connection Redis closed (a subscriber over its output buffer limit, a restart).
            self._last_resubscribe_log = now
            logger.info(
                "abonnements Redis rétablis : les tableaux de bord reçoivent un état complet"
            )
        return Resubscribed(channel)

    async def _drop_unwanted(self, channel: str) -> None:
        # An UNSUBSCRIBE lost with the connection: redis-py's reconnection subscribed the
        # channel again although nobody listens to it any more.
        try:
            await self._pubsub.unsubscribe(channel)
        except CONNECTION_ERRORS as error:
            self._mark_unreachable(error)

    def _mark_unreachable(self, error: BaseException) -> None:
        if self._reachable:
            self._reachable = False
            logger.warning(
                "Redis injoignable (%s: %s) : les tableaux de bord ne sont plus mis à jour ; "
                "ils recevront un état complet dès le retour de Redis",
                type(error).__name__,
                error,
            )


def create_backend(url: str) -> BroadcastBackend:
    """``memory://`` (one process) or ``redis://`` / ``rediss://`` (across processes)."""
    if url.startswith(("redis://", "rediss://")):
        return RedisBackend(url)
    if url.startswith("memory://"):
        return MemoryBackend(url)
    raise ValueError("la diffusion temps réel doit être memory:// ou redis://hôte:port")
