"""The broadcast hub on memory:// and on a real Redis (a private redis-server per test).

Each behaviour runs on both backends; outage tests stop the private server by its pid and
start it again on the same port.
"""

from __future__ import annotations

import asyncio
import logging
import tracemalloc
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from broadcaster import Event
from redis.asyncio import Redis

from subscriptions.backend import MemoryBackend, RedisBackend, Resubscribed
from subscriptions.broadcast import Delivery, Hub, Mailbox, Payload, Resync, create_broadcast
from tests.subscriptions.redis_server import RedisServer, redis_server_or_skip

TIMEOUT = 5.0


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    server = redis_server_or_skip(tmp_path)
    yield server
    server.stop()


@pytest.fixture(params=["memory", "redis"])
async def hubs(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[tuple[Hub, Hub]]:
    """(subscribing hub, publishing hub): one hub on memory://, two "processes" on Redis."""
    if request.param == "memory":
        hub = create_broadcast("memory://")
        await hub.connect()
        yield hub, hub
        await hub.disconnect()
        return
    server = redis_server_or_skip(tmp_path)
    subscriber, publisher = create_broadcast(server.url), create_broadcast(server.url)
    await subscriber.connect()
    await publisher.connect()
    try:
        yield subscriber, publisher
    finally:
        await subscriber.disconnect()
        await publisher.disconnect()
        server.stop()


def channel() -> str:
    return f"campaign:{uuid.uuid4()}"


async def next_message(box: Mailbox, timeout: float = TIMEOUT) -> Delivery | Resync:
    return await asyncio.wait_for(box.get(), timeout)


async def next_payload(box: Mailbox, timeout: float = TIMEOUT) -> Payload:
    message = await next_message(box, timeout)
    assert isinstance(message, Delivery), message
    return message.payload


async def until(condition: object, timeout: float = TIMEOUT) -> None:
    """Wait until ``condition()`` is true (it is polled every few milliseconds)."""
    assert callable(condition)
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition jamais remplie")
        await asyncio.sleep(0.005)


async def test_a_published_payload_reaches_the_subscriber_as_json(hubs: tuple[Hub, Hub]) -> None:
    subscriber, publisher = hubs
    name = channel()
    async with subscriber.subscribe(name) as box:
        assert await publisher.publish(name, {"version": 1, "label": "Activité élève"})
        assert await next_payload(box) == {"version": 1, "label": "Activité élève"}


async def test_messages_published_together_reach_each_channel_in_order(
    hubs: tuple[Hub, Hub],
) -> None:
    subscriber, publisher = hubs
    first, second = channel(), channel()
    async with subscriber.subscribe(first) as one, subscriber.subscribe(second) as other:
        assert await publisher.publish_all(
            [(first, {"version": 1}), (first, {"version": 3}), (second, {"version": 2})]
        )
        # Delivered in the order sent: once the last one is in, the first channel's mailbox
        # holds the newest of its two states.
        assert await next_payload(other) == {"version": 2}
        assert len(one) == 1
        assert await next_payload(one) == {"version": 3}


async def test_events_of_other_channels_are_not_delivered(hubs: tuple[Hub, Hub]) -> None:
    subscriber, publisher = hubs
    mine, other = channel(), channel()
    async with subscriber.subscribe(mine) as box:
        await publisher.publish(other, {"version": 1})
        await publisher.publish(mine, {"version": 2})
        assert await next_payload(box) == {"version": 2}
        assert len(box) == 0


@pytest.mark.parametrize("together", [False, True], ids=["publish", "publish_all"])
async def test_a_payload_that_is_not_json_is_logged_and_not_sent(
    hubs: tuple[Hub, Hub], caplog: pytest.LogCaptureFixture, together: bool
) -> None:
    subscriber, publisher = hubs
    name = channel()
    async with subscriber.subscribe(name) as box:
        with caplog.at_level(logging.ERROR, logger="orga.live"):
            if together:  # the valid one beside it is not sent either
                refused = [(name, {"version": 1}), (name, {"when": object()})]
                assert not await publisher.publish_all(refused)
            else:
                assert not await publisher.publish(name, {"when": object()})
        assert "pas du JSON" in caplog.text
        await publisher.publish(name, {"version": 3})
        assert await next_payload(box) == {"version": 3}


async def test_backends_carry_strings_only() -> None:
    backend = MemoryBackend()
    await backend.connect()
    with pytest.raises(TypeError):
        await backend.publish("campaign:x", {"version": 1})


async def test_two_subscribers_joining_a_new_channel_at_the_same_moment_both_receive(
    hubs: tuple[Hub, Hub],
) -> None:
    subscriber, publisher = hubs
    name = channel()
    joined = asyncio.Barrier(3)

    async def follow() -> Payload:
        async with subscriber.subscribe(name) as box:
            await joined.wait()
            return await next_payload(box)

    followers = [asyncio.create_task(follow()) for _ in range(2)]
    await asyncio.wait_for(joined.wait(), TIMEOUT)
    await publisher.publish(name, {"version": 1})
    assert await asyncio.gather(*followers) == [{"version": 1}, {"version": 1}]
    # Both left without error, and the channel is released.
    assert subscriber.channels == 0


async def test_many_subscribers_joining_and_leaving_at_once_keep_the_channel_consistent(
    hubs: tuple[Hub, Hub],
) -> None:
    subscriber, publisher = hubs
    name = channel()
    joined = asyncio.Barrier(21)

    async def follow() -> Payload:
        async with subscriber.subscribe(name) as box:
            await joined.wait()
            return await next_payload(box)

    followers = [asyncio.create_task(follow()) for _ in range(20)]
    await asyncio.wait_for(joined.wait(), TIMEOUT)
    assert subscriber.subscribers == 20
    await publisher.publish(name, {"version": 7})
    assert await asyncio.gather(*followers) == [{"version": 7}] * 20
    assert subscriber.channels == 0
    # The channel can be followed again right away.
    async with subscriber.subscribe(name) as box:
        await publisher.publish(name, {"version": 8})
        assert await next_payload(box) == {"version": 8}


async def test_a_slow_subscriber_keeps_only_the_latest_state(hubs: tuple[Hub, Hub]) -> None:
    subscriber, publisher = hubs
    name = channel()
    async with subscriber.subscribe(name) as box:
        # In bursts of 100 concurrent publications: arrival order varies, the version decides.
        for burst in range(100):
            await asyncio.gather(
                *(publisher.publish(name, {"version": burst * 100 + n}) for n in range(1, 101))
            )
            assert len(box) <= 1
        # Every event went through the mailbox, which never held more than one.
        await until(lambda: box.coalesced == 9_999)
        assert len(box) == 1
        assert await next_payload(box) == {"version": 10_000}


async def test_unread_events_do_not_accumulate_in_memory() -> None:
    name = channel()
    async with create_broadcast("memory://") as hub, hub.subscribe(name) as box:
        for version in range(1_000):
            await hub.publish(name, {"version": version, "label": "x" * 100})
        await until(lambda: box.coalesced == 999)
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            for version in range(1_000, 11_000):
                await hub.publish(name, {"version": version, "label": "x" * 100})
            await until(lambda: box.coalesced == 10_999)
            grown = tracemalloc.get_traced_memory()[0] - before
        finally:
            tracemalloc.stop()
        # Kept, 10 000 unread events of ~150 bytes would take well over 1.5 MB.
        assert grown < 100_000
        assert len(box) == 1


async def test_a_slow_subscriber_keeps_the_latest_state_of_each_row_then_asks_for_a_resync(
    hubs: tuple[Hub, Hub],
) -> None:
    subscriber, publisher = hubs
    name = channel()
    rows = 10
    async with subscriber.subscribe(name, key=lambda p: p["row"], capacity=16) as box:
        for version in range(1, 101):
            await publisher.publish(name, {"row": version % rows, "version": version})
        await until(lambda: box.coalesced == 100 - rows)
        received = [await next_payload(box) for _ in range(rows)]
        assert sorted(p["version"] for p in received) == list(range(91, 101))
        # More distinct rows than the mailbox holds: drop them all, ask for a full state.
        for burst in range(100):
            await asyncio.gather(
                *(
                    publisher.publish(name, {"row": row, "version": row})
                    for row in range(burst * 100, burst * 100 + 100)
                )
            )
            assert len(box) <= 16
        await until(lambda: box.coalesced >= 10_000)
        assert await next_message(box) == Resync("overflow")
        assert len(box) == 0


async def test_a_late_older_state_never_replaces_a_newer_pending_one() -> None:
    box = Mailbox()
    box.offer(Delivery("campaign:x", {"version": 5, "shared": 3}))
    box.offer(Delivery("campaign:x", {"version": 4, "shared": 2}))
    assert len(box) == 1
    assert box.coalesced == 1
    assert await next_payload(box) == {"version": 5, "shared": 3}


async def test_subscribers_of_a_channel_share_one_delivery_per_event(
    hubs: tuple[Hub, Hub],
) -> None:
    subscriber, publisher = hubs
    name = channel()
    async with subscriber.subscribe(name) as first, subscriber.subscribe(name) as second:
        await publisher.publish(name, {"version": 1})
        one, other = await next_message(first), await next_message(second)
        assert isinstance(one, Delivery)
        assert one is other
        # What a subscriber derives from the event is computed once for all of them.
        built: list[int] = []
        assert one.shared("update", lambda: built.append(1) or "objet") == "objet"
        assert other.shared("update", lambda: built.append(2) or "autre") == "objet"
        assert built == [1]


async def test_leaving_the_last_subscription_unsubscribes_from_redis(
    redis_server: RedisServer,
) -> None:
    name = channel()
    client = Redis.from_url(redis_server.url)
    async with create_broadcast(redis_server.url) as hub:
        async with hub.subscribe(name), hub.subscribe(name):
            assert await client.pubsub_numsub(name) == [(name.encode(), 1)]
        await until(lambda: hub.channels == 0)
        # The UNSUBSCRIBE is sent when the block ends; Redis applies it right after.
        for _ in range(100):
            if await client.pubsub_numsub(name) == [(name.encode(), 0)]:
                break
            await asyncio.sleep(0.01)
        assert await client.pubsub_numsub(name) == [(name.encode(), 0)]
    await client.aclose()


async def test_unreadable_messages_are_skipped_and_the_listener_keeps_going(
    redis_server: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    name = channel()
    client = Redis.from_url(redis_server.url)
    async with create_broadcast(redis_server.url) as hub, hub.subscribe(name) as box:
        with caplog.at_level(logging.WARNING, logger="orga.live"):
            await client.publish(name, "pas du json")
            await client.publish(name, "[1, 2]")
            await client.publish(name, '{"version": 1}')
            assert await next_payload(box) == {"version": 1}
        assert "message illisible" in caplog.text
        assert "message non objet" in caplog.text
    await client.aclose()


async def test_memory_delivery_stays_inside_one_hub() -> None:
    async with create_broadcast("memory://") as first, create_broadcast("memory://") as second:
        name = channel()
        async with first.subscribe(name) as box:
            await second.publish(name, {"version": 1})
            await asyncio.sleep(0.05)
            assert len(box) == 0


async def test_disconnecting_the_hub_ends_its_subscribers(hubs: tuple[Hub, Hub]) -> None:
    subscriber, _ = hubs
    async with subscriber.subscribe(channel()) as box:
        reader = asyncio.create_task(anext(box, None))
        await asyncio.sleep(0.01)
        await subscriber.disconnect()
        assert await asyncio.wait_for(reader, TIMEOUT) is None
        # The fixture disconnects again at teardown: reconnect so that it has something to close.
        await subscriber.connect()


# --- Redis outages ---------------------------------------------------------------------


async def test_after_a_redis_restart_subscribers_are_told_to_resync_and_delivery_resumes(
    redis_server: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    name = channel()
    async with (
        create_broadcast(redis_server.url) as subscriber,
        create_broadcast(redis_server.url) as publisher,
        subscriber.subscribe(name) as box,
        subscriber.subscribe(name) as other_box,
    ):
        await publisher.publish(name, {"version": 1})
        assert await next_payload(box) == {"version": 1}
        assert await next_payload(other_box) == {"version": 1}

        with caplog.at_level(logging.WARNING, logger="orga.live"):
            redis_server.stop()
            # The write that publishes during the outage succeeds; the failure is logged.
            assert not await publisher.publish(name, {"version": 2})
        assert "événement non publié" in caplog.text

        redis_server.start()
        assert await next_message(box) == Resync("reconnected")
        assert await next_message(other_box) == Resync("reconnected")
        assert await publisher.publish(name, {"version": 3})
        assert await next_payload(box) == {"version": 3}
        assert await next_payload(other_box) == {"version": 3}


async def test_the_first_publication_after_a_quiet_redis_restart_goes_through(
    redis_server: RedisServer,
) -> None:
    name = channel()
    async with (
        create_broadcast(redis_server.url) as subscriber,
        create_broadcast(redis_server.url) as publisher,
        subscriber.subscribe(name) as box,
    ):
        assert await publisher.publish(name, {"version": 1})
        assert await next_payload(box) == {"version": 1}
        # Nothing published during the outage: the publisher's connection died unnoticed.
        redis_server.stop()
        redis_server.start()
        assert await next_message(box) == Resync("reconnected")

        assert await publisher.publish(name, {"version": 2})
        assert await next_payload(box) == {"version": 2}


async def test_publishing_while_redis_is_down_logs_and_returns_quickly(
    redis_server: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    async with create_broadcast(redis_server.url) as publisher:
        redis_server.stop()
        loop = asyncio.get_running_loop()
        started = loop.time()
        with caplog.at_level(logging.WARNING, logger="orga.live"):
            for version in range(20):
                assert not await publisher.publish(channel(), {"version": version})
                assert not await publisher.publish_all([(channel(), {"version": version})] * 2)
        assert loop.time() - started < 5
        # One warning for the outage, not one per write.
        assert caplog.text.count("événement non publié") == 1


async def test_subscribing_while_redis_is_down_waits_for_redis_then_resyncs(
    redis_server: RedisServer,
) -> None:
    name = channel()
    async with (
        create_broadcast(redis_server.url) as subscriber,
        create_broadcast(redis_server.url) as publisher,
    ):
        redis_server.stop()
        async with subscriber.subscribe(name) as box:
            redis_server.start()
            assert await next_message(box) == Resync("reconnected")
            await publisher.publish(name, {"version": 1})
            assert await next_payload(box) == {"version": 1}


async def test_a_hub_started_while_redis_is_down_works_once_redis_answers(
    redis_server: RedisServer,
) -> None:
    redis_server.stop()
    name = channel()
    async with create_broadcast(redis_server.url) as hub:
        assert not await hub.publish(name, {"version": 1})
        async with hub.subscribe(name) as box:
            redis_server.start()
            assert await next_message(box) == Resync("reconnected")
            assert await hub.publish(name, {"version": 2})
            assert await next_payload(box) == {"version": 2}


async def test_leaving_while_redis_is_down_does_not_resubscribe_on_return(
    redis_server: RedisServer,
) -> None:
    name, kept = channel(), channel()
    async with create_broadcast(redis_server.url) as hub, hub.subscribe(kept) as box:
        async with hub.subscribe(name):
            redis_server.stop()
        redis_server.start()
        assert await next_message(box) == Resync("reconnected")
        client = Redis.from_url(redis_server.url)
        assert await client.pubsub_numsub(name, kept) == [(name.encode(), 0), (kept.encode(), 1)]
        await client.aclose()


async def test_the_backend_reports_a_resubscription_once_per_channel(
    redis_server: RedisServer,
) -> None:
    backend = RedisBackend(redis_server.url)
    await backend.connect()
    received: asyncio.Queue[Event] = asyncio.Queue()

    async def listen() -> None:
        while True:
            received.put_nowait(await backend.next_published())

    listener = asyncio.create_task(listen())
    try:
        await backend.subscribe("campaign:a")
        await backend.subscribe("campaign:b")
        assert received.empty()
        redis_server.stop()
        redis_server.start()
        markers = [await asyncio.wait_for(received.get(), TIMEOUT) for _ in range(2)]
        assert all(isinstance(marker, Resubscribed) for marker in markers)
        assert sorted(marker.channel for marker in markers) == ["campaign:a", "campaign:b"]
        await asyncio.sleep(0.2)
        assert received.empty()
        assert backend.reachable
    finally:
        listener.cancel()
        await backend.disconnect()
