"""CPU per live delivery in one process, up to the graphql-transport-ws frame text.

    .venv/bin/python bench/bench_fanout.py [--subscribers 500] [--events 40] [--profile]

The real schema and the real graphql-transport-ws handler of ``/graphql``, on a temporary
SQLite database and ``memory://``: ``--subscribers`` subscriptions to one campaign's
``campaignActivity``, each through its own handler and a socket stand-in that keeps the text
of each frame it is given (what uvicorn would then write). Each event is published on the hub
and timed (process CPU) until every subscriber's frame text exists. Measured in the same
process, alternately:

- ``strawberry``: strawberry's own handler, which encodes each ``next`` message per
  subscriber (``view.encode_json``), as before the fast path;
- ``orga``: ``OrgaGraphQL``'s handler (``web.transport_ws``): one JSON payload per event and
  query, the subscription id spliced into the frame per subscriber.

Both use our shared execution (``SharedEventExecutionContext``). No socket: the WebSocket
write (uvicorn, system call) comes on top; ``bench_live.py`` measures it end to end.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import statistics
import sys
import time
from collections.abc import AsyncGenerator, Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_live import fan_out_world, sample_event  # noqa: E402
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (  # noqa: E402
    BaseGraphQLTransportWSHandler,
)

from web.transport_ws import OrgaWebSocketAdapter  # noqa: E402

ACTIVITY = (
    "subscription($id: ID!) { campaignActivity(campaignId: $id) { version change "
    "participantsCount startedCount toShareCount sharedCount averageProgress isArchived } }"
)


class SinkSocket(OrgaWebSocketAdapter):
    """A WebSocket stand-in: reads what the test queues, keeps the last frame text sent."""

    def __init__(self, view: Any, sink: Sink) -> None:
        super().__init__(view, None, None)  # type: ignore[arg-type]
        self.incoming: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue()
        self.sink = sink
        self.last = ""

    async def iter_json(self, *, ignore_parsing_errors: bool = False) -> AsyncGenerator[object]:
        while (message := await self.incoming.get()) is not None:
            yield message

    async def send_json(self, message: Mapping[str, object]) -> None:
        # What strawberry's ASGI adapter does before handing the text to starlette.
        encoded = self.view.encode_json(message)
        await self.send_text(encoded if isinstance(encoded, str) else encoded.decode())

    async def send_text(self, text: str) -> None:
        self.last = text
        self.sink.sent()

    async def close(self, code: int, reason: str) -> None:
        self.sink.closed.append((code, reason))


class Sink:
    def __init__(self) -> None:
        self.count = 0
        self.wanted = 0
        self.arrived = asyncio.Event()
        self.closed: list[tuple[int, str]] = []

    def sent(self) -> None:
        self.count += 1
        if self.count >= self.wanted:
            self.arrived.set()

    async def until(self, wanted: int) -> None:
        self.wanted = wanted
        if self.count < wanted:
            self.arrived.clear()
            await self.arrived.wait()


async def measure(subscribers: int, events: int, rounds: int, profile: bool) -> dict[str, float]:
    from resolvers.context import Viewer
    from schema import schema
    from schema.context import OrgaContext
    from schema.ids import global_id
    from web.graphql import OrgaGraphQL
    from web.settings import Settings

    async with fan_out_world() as (hub, services, teacher, campaign):
        view = OrgaGraphQL(Settings(), services)
        variables = {"id": str(global_id("Campaign", campaign.id))}
        handlers = {
            "strawberry": BaseGraphQLTransportWSHandler,
            "orga": view.graphql_transport_ws_handler_class,
        }
        costs: dict[str, list[float]] = {name: [] for name in handlers}
        profiler = cProfile.Profile() if profile else None
        version = 2**52
        for _ in range(rounds):
            for name, handler_class in handlers.items():
                sink = Sink()
                sockets: list[SinkSocket] = []
                tasks = []
                for number in range(subscribers):
                    socket = SinkSocket(view, sink)
                    context = OrgaContext(
                        request=None,  # type: ignore[arg-type]
                        response=None,
                        services=services,
                        viewer=Viewer(user_id=teacher.id),
                    )
                    handler = handler_class(
                        view=view,
                        websocket=socket,
                        context=context,
                        root_value=None,
                        schema=schema,
                        connection_init_wait_timeout=timedelta(minutes=1),
                    )
                    tasks.append(asyncio.create_task(handler.handle()))
                    socket.incoming.put_nowait({"type": "connection_init", "payload": {}})
                    socket.incoming.put_nowait(
                        {
                            "type": "subscribe",
                            "id": f"sub-{number}",
                            "payload": {"query": ACTIVITY, "variables": variables},
                        }
                    )
                    sockets.append(socket)
                # connection_ack and the first full state of every subscriber.
                await sink.until(2 * subscribers)
                cpu = time.process_time()
                if profiler and name == "orga":
                    profiler.enable()
                for _ in range(events):
                    version += 1
                    wanted = sink.count + subscribers
                    await hub.publish(
                        f"campaign:{campaign.id}",
                        sample_event(campaign.id, campaign.organization_id, version=version),
                    )
                    await sink.until(wanted)
                if profiler and name == "orga":
                    profiler.disable()
                costs[name].append((time.process_time() - cpu) / (subscribers * events) * 1e6)
                assert all(f'"version":{version}' in s.last for s in sockets), name
                for socket in sockets:
                    socket.incoming.put_nowait(None)
                await asyncio.gather(*tasks)
                if profiler and name == "orga":
                    pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
                    profiler = None
        return {name: statistics.median(values) for name, values in costs.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subscribers", type=int, default=500)
    parser.add_argument("--events", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3, help="alternated runs of each handler")
    parser.add_argument("--profile", action="store_true", help="cProfile the orga handler")
    args = parser.parse_args()
    costs = asyncio.run(measure(args.subscribers, args.events, args.rounds, args.profile))
    print(
        f"Diffusion dans un processus ({args.subscribers} abonnés d'une campagne, jusqu'au texte "
        "de la trame graphql-transport-ws, sans socket), µs CPU par livraison (médiane de "
        f"{args.rounds}) : gestionnaire de strawberry {costs['strawberry']:.1f}, "
        f"le nôtre {costs['orga']:.1f} ({costs['strawberry'] / costs['orga']:.2f}×)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
