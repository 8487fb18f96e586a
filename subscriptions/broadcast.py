"""Creating the broadcaster for the configured backend, and checking that it answers."""

from __future__ import annotations

from broadcaster import Broadcast


def create_broadcast(url: str) -> Broadcast:
    """``memory://`` inside one process, ``redis://`` across processes."""
    return Broadcast(url)


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
