"""The hub: publishing JSON events and handing them to subscribers through bounded mailboxes.

broadcaster's ``Broadcast`` class gives each subscriber an unbounded queue (a slow client grows
memory without limit) and loses one of two tasks that subscribe to a new channel at the same
moment. The hub replaces it on top of the same ``BroadcastBackend`` interface:

- one listener task per process reads the backend and decodes each event once;
- subscribing and unsubscribing take a lock, so a channel is subscribed exactly once;
- each subscriber has a ``Mailbox`` that keeps the newest state per key, a bounded number of
  keys, and asks for a full state (``Resync``) when it overflows or after a Redis outage;
- ``publish`` never raises: a write that committed must succeed even when Redis is down.

One ``Hub`` per application, created by ``web.app.create_app`` and connected by its lifespan.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import AsyncIterator, Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, TypeVar, runtime_checkable

from broadcaster import BroadcastBackend

from subscriptions.backend import Resubscribed, create_backend

logger = logging.getLogger("orga.live")

Payload = Mapping[str, Any]
# Which pending message a new one replaces: messages with the same key coalesce.
KeyFunction = Callable[[Payload], Hashable]
T = TypeVar("T")

DEFAULT_CAPACITY = 64
PUBLISH_TIMEOUT = 3.0
# While publishing fails, repeat the warning at most this often (seconds).
FAILURE_LOG_INTERVAL = 30.0


@dataclass(frozen=True, slots=True)
class Resync:
    """Not an event: the subscriber must send a fresh full state.

    ``reconnected``: the backend lost the channel (Redis outage) and listens to it again.
    ``overflow``: the subscriber fell so far behind that its pending messages were dropped.
    """

    reason: Literal["reconnected", "overflow"]


@dataclass(slots=True, eq=False)
class Delivery:
    """One event as this process received it, shared by all subscribers of its channel.

    ``payload`` is decoded once and must not be modified. ``shared`` computes something from
    the event once for all of them (the GraphQL object a subscription yields, for instance).
    """

    channel: str
    payload: Payload
    _memo: dict[str, Any] = field(default_factory=dict)

    def shared(self, key: str, build: Callable[[], T]) -> T:
        try:
            value: T = self._memo[key]
        except KeyError:
            value = self._memo[key] = build()
        return value


class MailboxClosed(Exception):
    """The hub disconnected: no message will come any more."""


def _older(new: Delivery, pending: Delivery) -> bool:
    """True when ``new`` carries a lower version than the pending message it would replace."""
    old_version, new_version = pending.payload.get("version"), new.payload.get("version")
    # ``type(...) is int``: a JSON true is not a version.
    return type(old_version) is int and type(new_version) is int and new_version < old_version


class Mailbox:
    """What one subscriber has not read yet: at most ``capacity`` messages, newest per key.

    Without ``key`` every message replaces the pending one ("latest state wins"); a per-row
    key keeps the newest message of each row. A message never replaces a pending one of a
    higher ``version`` (two processes may publish the states of one campaign out of order).
    Reading order is the order in which keys first became pending.

    ``offer`` runs once per event and subscriber in the hub's listener: it is kept to a few
    attribute reads on its common path.
    """

    __slots__ = (
        "_closed",
        "_key",
        "_latest",
        "_pending",
        "_ready",
        "_resync",
        "capacity",
        "coalesced",
    )

    def __init__(self, capacity: int = DEFAULT_CAPACITY, key: KeyFunction | None = None) -> None:
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self.capacity = capacity
        self._key = key
        # The pending message without a key; the pending ones by key otherwise.
        self._latest: Delivery | None = None
        self._pending: dict[Hashable, Delivery] = {}
        self._resync: Resync | None = None
        self._ready = asyncio.Event()
        self._closed = False
        # Messages replaced or dropped before being read: how far behind this subscriber is.
        self.coalesced = 0

    def __len__(self) -> int:
        return len(self._pending) + (self._latest is not None) + (self._resync is not None)

    def offer(self, delivery: Delivery) -> None:
        """Called by the hub for each event of the channel; never blocks, never grows past
        ``capacity``."""
        if self._closed:
            return
        if self._resync is not None:
            # A full state is coming anyway: this message adds nothing.
            self.coalesced += 1
            return
        if self._key is None:
            latest = self._latest
            if latest is None:
                self._latest = delivery
                self._ready.set()
                return
            self.coalesced += 1
            if not _older(delivery, latest):
                self._latest = delivery
            return
        key = self._key(delivery.payload)
        pending = self._pending.get(key)
        if pending is not None:
            self.coalesced += 1
            if not _older(delivery, pending):
                self._pending[key] = delivery
            return
        if len(self._pending) >= self.capacity:
            self.coalesced += len(self._pending) + 1
            self.resync("overflow")
            return
        self._pending[key] = delivery
        self._ready.set()

    def resync(self, reason: Literal["reconnected", "overflow"]) -> None:
        """Drop what is pending: the subscriber will send a full state instead."""
        if self._closed:
            return
        self._latest = None
        self._pending.clear()
        self._resync = Resync(reason)
        self._ready.set()

    def close(self) -> None:
        self._closed = True
        self._latest = None
        self._pending.clear()
        self._resync = None
        self._ready.set()

    async def get(self) -> Delivery | Resync:
        """The next event or a ``Resync``; raises ``MailboxClosed`` when the hub is gone."""
        while True:
            if self._closed:
                raise MailboxClosed
            if self._resync is not None:
                resync, self._resync = self._resync, None
                return resync
            latest = self._latest
            if latest is not None:
                self._latest = None
                return latest
            if self._pending:
                key = next(iter(self._pending))
                return self._pending.pop(key)
            self._ready.clear()
            await self._ready.wait()

    def __aiter__(self) -> AsyncIterator[Delivery | Resync]:
        return self

    async def __anext__(self) -> Delivery | Resync:
        try:
            return await self.get()
        except MailboxClosed:
            raise StopAsyncIteration from None


def _channels(messages: Sequence[tuple[str, Any]]) -> str:
    return ", ".join(channel for channel, _ in messages)


@runtime_checkable
class Publisher(Protocol):
    """What a use case needs to announce a change: ``Hub`` in the app, a fake in tests."""

    async def publish(self, channel: str, payload: Payload) -> bool: ...

    async def publish_all(self, messages: Sequence[tuple[str, Payload]]) -> bool: ...


class Hub:
    """Publishes JSON events and fans them out to this process's subscribers."""

    def __init__(self, backend: BroadcastBackend, *, publish_timeout: float = PUBLISH_TIMEOUT):
        self._backend = backend
        self._publish_timeout = publish_timeout
        self._mailboxes: dict[str, set[Mailbox]] = {}
        self._lock = asyncio.Lock()
        self._listener: asyncio.Task[None] | None = None
        # Publications that failed since the last one that went through.
        self._failures = 0
        self._last_failure_log = -FAILURE_LOG_INTERVAL
        self._last_recovery_log = -FAILURE_LOG_INTERVAL

    @property
    def backend(self) -> BroadcastBackend:
        return self._backend

    @property
    def channels(self) -> int:
        """Channels this process listens to."""
        return len(self._mailboxes)

    @property
    def subscribers(self) -> int:
        return sum(len(boxes) for boxes in self._mailboxes.values())

    async def connect(self) -> None:
        await self._backend.connect()
        self._listener = asyncio.create_task(self._listen(), name="orga-live-listener")

    async def disconnect(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listener
            self._listener = None
        for boxes in self._mailboxes.values():
            for box in boxes:
                box.close()
        self._mailboxes.clear()
        await self._backend.disconnect()

    async def __aenter__(self) -> Hub:
        await self.connect()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.disconnect()

    async def publish(self, channel: str, payload: Payload) -> bool:
        """Send ``payload`` as JSON to every subscriber of ``channel`` in every process.

        Call it after the transaction commits. Returns False, and logs, when it could not be
        sent: the write stays valid and dashboards catch up with the next event or the full
        state they get when Redis is back.
        """
        return await self.publish_all([(channel, payload)])

    async def publish_all(self, messages: Sequence[tuple[str, Payload]]) -> bool:
        """``publish`` each (channel, payload), in order, in one round trip to Redis."""
        try:
            encoded = [
                (channel, json.dumps(payload, separators=(",", ":"), ensure_ascii=False))
                for channel, payload in messages
            ]
        except (TypeError, ValueError):
            logger.exception("événement non publiable sur %s (pas du JSON)", _channels(messages))
            return False
        try:
            await asyncio.wait_for(self._send(encoded), timeout=self._publish_timeout)
        except Exception as error:  # whatever the backend raises, the write must succeed
            self._publish_failed(_channels(messages), error)
            return False
        if self._failures:
            self._publish_recovered()
        return True

    async def _send(self, messages: list[tuple[str, str]]) -> None:
        # broadcaster's interface publishes one message at a time; ours also take several
        # in one round trip.
        publish_many = getattr(self._backend, "publish_many", None)
        if publish_many is not None:
            await publish_many(messages)
            return
        for channel, message in messages:
            await self._backend.publish(channel, message)

    # Both messages are rate limited: a flapping Redis must not flood the logs.
    def _publish_failed(self, channel: str, error: BaseException) -> None:
        self._failures += 1
        now = time.monotonic()
        if now - self._last_failure_log < FAILURE_LOG_INTERVAL:
            return
        self._last_failure_log = now
        logger.warning(
            "événement non publié sur %s (%s: %s) : l'écriture est conservée, les tableaux de "
            "bord se mettront à jour au prochain événement (%d échec(s) en cours)",
            channel,
            type(error).__name__,
            error,
            self._failures,
        )

    def _publish_recovered(self) -> None:
        now = time.monotonic()
        if now - self._last_recovery_log >= FAILURE_LOG_INTERVAL:
            self._last_recovery_log = now
            logger.info(
                "diffusion rétablie : %d événement(s) n'avaient pas pu être publiés",
                self._failures,
            )
        self._failures = 0

    @contextlib.asynccontextmanager
    async def subscribe(
        self, channel: str, *, key: KeyFunction | None = None, capacity: int = DEFAULT_CAPACITY
    ) -> AsyncIterator[Mailbox]:
        """Listen to ``channel`` for the duration of the block.

        When the block starts, the backend listens already (Redis confirmed the subscription,
        or a ``Resync`` will come when it does): read the current state *after* entering and
        no change can fall between that state and the first message.
        """
        mailbox = Mailbox(capacity=capacity, key=key)
        async with self._lock:
            boxes = self._mailboxes.get(channel)
            if boxes:
                boxes.add(mailbox)
            else:
                # Registered before the backend subscribes, so that nothing confirmed in
                # between is dropped.
                self._mailboxes[channel] = {mailbox}
                try:
                    await self._backend.subscribe(channel)
                except BaseException:
                    # Cancelled while Redis confirmed: leave nothing subscribed behind.
                    self._forget(channel, mailbox)
                    with contextlib.suppress(Exception):
                        await asyncio.shield(self._backend.unsubscribe(channel))
                    raise
        try:
            yield mailbox
        finally:
            # Shielded: the subscription's task is usually being cancelled (client gone), and
            # a second cancellation must not leave the channel subscribed forever.
            await asyncio.shield(self._unsubscribe(channel, mailbox))

    async def _unsubscribe(self, channel: str, mailbox: Mailbox) -> None:
        mailbox.close()
        async with self._lock:
            if not self._forget(channel, mailbox):
                return
            try:
                await self._backend.unsubscribe(channel)
            except Exception:
                logger.warning("désabonnement de %s impossible", channel, exc_info=True)

    def _forget(self, channel: str, mailbox: Mailbox) -> bool:
        """Remove ``mailbox``; True when it was the channel's last one."""
        boxes = self._mailboxes.get(channel)
        if boxes is None:
            return False
        boxes.discard(mailbox)
        if boxes:
            return False
        del self._mailboxes[channel]
        return True

    async def _listen(self) -> None:
        while True:
            try:
                event = await self._backend.next_published()
            except asyncio.CancelledError:
                raise
            except Exception:
                # The listener is the only reader: it must outlive any surprise.
                logger.exception("lecture de la diffusion temps réel en échec ; nouvel essai")
                await asyncio.sleep(1.0)
                continue
            boxes = self._mailboxes.get(event.channel)
            if not boxes:
                continue
            if isinstance(event, Resubscribed):
                for box in boxes:
                    box.resync("reconnected")
                continue
            try:
                payload = json.loads(event.message)
            except (TypeError, ValueError):
                logger.warning("message illisible ignoré sur %s", event.channel)
                continue
            if not isinstance(payload, dict):
                logger.warning("message non objet ignoré sur %s", event.channel)
                continue
            # Decoded once per process; every mailbox shares the same delivery.
            delivery = Delivery(event.channel, payload)
            for box in boxes:
                box.offer(delivery)


def create_broadcast(url: str) -> Hub:
    """The hub for ``url``: ``memory://`` inside one process, ``redis://`` across processes."""
    return Hub(create_backend(url))


async def ping_backend(url: str, *, timeout: float = 2.0) -> None:
    """Raise when the backend behind ``url`` does not answer (always fine for memory://)."""
    if not url.startswith(("redis://", "rediss://")):
        return
    from redis.asyncio import Redis

    client = Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
    try:
        await client.ping()
    finally:
        await client.aclose()
