"""What publishing one campaign change costs the writing process, through the real hub.

    .venv/bin/python bench/bench_publish.py [--redis-url URL] [--events 3000] [--rounds 3]

Every answer, join and sending publishes a change on two channels: the campaign's (its
dashboards) and its organization's (the campaign list). Measured in one process, alternately,
on the same hub and Redis, with a payload the size of a real event:

- ``publish_all``: both messages in one call, one round trip (what Orga does: one redis-py
  pipeline on a pooled connection);
- baseline, ``publish`` twice: one round trip each.

Prints the process CPU and the wall time per event of each, and their ratio (median of the
rounds). On uvloop when it is installed, as uvicorn runs; Redis at 127.0.0.1:6379 by default.
Nobody subscribes: what the subscribers' processes do is ``bench_live.py``'s part.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from subscriptions.broadcast import Hub, create_broadcast  # noqa: E402
from subscriptions.events import (  # noqa: E402
    CampaignActivity,
    CampaignChanged,
    ChangeKind,
    OrganizationCampaignChanged,
    ParticipantRow,
)


def _messages() -> list[tuple[str, dict[str, object]]]:
    """An answer's two messages, as ``publish_campaign_changed`` builds them."""
    campaign_id, organization_id = uuid.uuid4(), uuid.uuid4()
    event = CampaignChanged(
        campaign_id=campaign_id,
        organization_id=organization_id,
        version=2**40,
        change=ChangeKind.ANSWERED,
        activity=CampaignActivity(
            participants=30, started=20, to_share=6, shared=4, average_progress=0.5, archived=False
        ),
        participant=ParticipantRow(
            participation_id=uuid.uuid4(),
            status="STARTED",
            progress=0.42,
            first_name="Éloïse",
            last_name="Dupont",
            external_id=None,
            created_at=datetime.now(UTC),
            shared_at=None,
            mastery_rate=None,
        ),
    )
    line = OrganizationCampaignChanged(
        organization_id=organization_id,
        campaign_id=campaign_id,
        version=event.version,
        change=event.change,
        participants=30,
        shared=4,
        archived=False,
    )
    return [
        (f"bench:campaign:{campaign_id}", event.to_payload()),
        (f"bench:organization:{organization_id}", line.to_payload()),
    ]


async def _time(hub: Hub, events: int, together: bool) -> tuple[float, float]:
    """CPU and wall seconds per event."""
    messages = _messages()
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(events):
        if together:
            assert await hub.publish_all(messages)
        else:
            for channel, payload in messages:
                assert await hub.publish(channel, payload)
    return (time.process_time() - cpu) / events, (time.perf_counter() - wall) / events


async def run(redis_url: str, events: int, rounds: int) -> None:
    variants = (
        ("publish_all (1 aller-retour)", True),
        ("publish × 2 (référence)", False),
    )
    async with create_broadcast(redis_url) as hub:
        hubs = (hub, hub)
        await _time(hub, 200, together=True)  # warm-up: connections, code paths
        results: list[list[tuple[float, float]]] = [[] for _ in variants]
        for _ in range(rounds):
            for index, (_, together) in enumerate(variants):
                results[index].append(await _time(hubs[index], events, together))
    cpu = [statistics.median(c for c, _ in timings) for timings in results]
    wall = [statistics.median(w for _, w in timings) for timings in results]
    print(
        f"Publication d'un changement de campagne sur ses 2 canaux ({redis_url}, "
        f"{events} événements × {rounds} tours, médianes)"
    )
    for (label, _), each_cpu, each_wall in zip(variants, cpu, wall, strict=True):
        print(
            f"  {label:<30} {each_cpu * 1e6:6.0f} µs CPU, {each_wall * 1e6:6.0f} µs par événement"
        )
    for (label, _), each_cpu, each_wall in zip(variants[1:], cpu[1:], wall[1:], strict=True):
        print(
            f"  rapport {label.split(' (')[0]} / publish_all : CPU {each_cpu / cpu[0]:.2f}×, "
            f"durée {each_wall / wall[0]:.2f}×"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379")
    parser.add_argument("--events", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    try:
        import uvloop
    except ImportError:
        asyncio.run(run(args.redis_url, args.events, args.rounds))
    else:
        uvloop.run(run(args.redis_url, args.events, args.rounds))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
