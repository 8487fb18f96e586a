"""Live dashboards under load: 1 000 subscriptions on 2 server processes sharing Redis.

    .venv/bin/python bench/bench_live.py
    .venv/bin/python bench/bench_live.py --subscriptions 1000 --clients 4 --campaigns 10 \\
        --rate 20 --duration 30

What runs (everything on this machine, PostgreSQL at 127.0.0.1 with trust auth):

- first, in a process of its own, the baseline: 500 subscribers of one campaign through the
  real schema, in process (no socket), each event delivered with our shared execution and
  with strawberry's default per-subscriber execution: µs of CPU per delivery for both;
- a fresh PostgreSQL database, migrated; a private ``redis-server`` on a free port;
- ``--servers`` uvicorn processes (``web.app:app_from_env``, one worker each) on that database
  and that Redis;
- a teacher, ``--campaigns`` campaigns on the smallest bundled target profile, and pupils who
  joined them, all created through the GraphQL API;
- ``--clients`` client processes holding ``--subscriptions`` WebSocket connections in all
  (graphql-transport-ws, one ``campaignActivity`` subscription each, as a teacher's browser
  tab), spread evenly over the servers and the campaigns;
- simulated pupils: ``--rate`` writes per second, round-robin over the campaigns (at most one
  in flight per campaign), each « Je passe » on the asked challenge (``submitAnswer``) or, when
  a campaign has no pupil left mid-test, a new pupil joining; each write goes to the servers in
  turn, so most dashboards learn of it through the *other* process;
- a Redis probe process: one publication every 10 ms on a channel of the same Redis, with its
  send time, and a subscriber measuring publish → receive: the floor of the dashboard latency
  on this machine, measured in the same run.

Then (« Saturation ») campaign events are published straight into Redis, ``--saturation-rate``
per second for ``--saturation`` seconds, round-robin over the campaigns in bursts every 10 ms,
as if pupils wrote that fast (200/s: each dashboard is sent 20 states a second, 10 000
deliveries/s asked of each server): deliveries per second and CPU per delivery of each server
at full load. Mailboxes coalesce what a server cannot deliver in time.

Printed: answer → dashboard latency (from sending the mutation to each dashboard receiving the
change: mutation work, commit, counters query, Redis, fan-out, WebSocket), p50 / p99; the same
from the moment the probe saw the event go through Redis (the live layer alone); messages
delivered per second and per server process; server CPU per delivery; the Redis probe p50 /
p99. Goals (issue 5): p99 < 100 ms; ≥ 20 000 deliveries/s per process.
The database is dropped and every process stopped at the end.

``--own-core`` (Linux): the first server alone on a CPU (the lowest this process may use),
every other process of the bench (other servers, clients, Redis, the injector) on the others:
what one server process delivers when it has a core of its own. PostgreSQL, not started by
the bench, is not pinned.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import bisect
import contextlib
import http.cookiejar
import json
import os
import pickle
import select
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

POSTGRES_ADMIN_URL = os.environ.get(
    "ORGA_BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"
)
PROTOCOL = "graphql-transport-ws"
ACTIVITY = (
    "subscription($id: ID!) { campaignActivity(campaignId: $id) { version change "
    "participantsCount startedCount toShareCount sharedCount averageProgress isArchived } }"
)
PROBE_CHANNEL = "bench:probe"
GOAL_DELIVERIES = 20_000  # per server process, at saturation


# --- small helpers -----------------------------------------------------------------------


def spaced(value: float) -> str:
    """A count with French thousands separators: 21 970."""
    return f"{value:,.0f}".replace(",", " ")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def ms(value: float) -> str:
    return f"{value * 1000:.1f} ms"


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def http_client(**options: Any) -> Any:
    """An HTTP client that keeps no cookie: the bench authenticates with tokens only, and a
    session cookie would make mutations ask for the CSRF header of browser requests."""
    import httpx

    no_cookies = http.cookiejar.CookieJar(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))
    return httpx.AsyncClient(cookies=no_cookies, timeout=60, **options)


async def graphql(client: Any, url: str, query: str, token: str | None = None, **variables: Any):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = await client.post(
        f"{url}/graphql", json={"query": query, "variables": variables}, headers=headers
    )
    body = response.json()
    if body.get("errors"):
        raise RuntimeError(body["errors"])
    data: dict[str, Any] = body["data"]
    for value in data.values():
        if isinstance(value, dict) and value.get("errors"):
            raise RuntimeError(value["errors"])
    return data


# --- services ----------------------------------------------------------------------------


async def postgres_admin(statement: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(POSTGRES_ADMIN_URL.replace("postgres://", "postgresql://"))
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@dataclass
class Process:
    name: str
    popen: subprocess.Popen[bytes]

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()


def start_redis(directory: Path) -> tuple[Process, str]:
    if shutil.which("redis-server") is None:
        raise SystemExit("redis-server est introuvable (paquet Debian redis-server).")
    port = free_port()
    popen = subprocess.Popen(
        [
            *("redis-server", "--port", str(port), "--bind", "127.0.0.1"),
            *("--save", "", "--appendonly", "no", "--dir", str(directory)),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return Process("redis", popen), f"redis://127.0.0.1:{port}/0"
        time.sleep(0.05)
    popen.kill()
    raise SystemExit("redis-server ne répond pas")


def start_server(database_url: str, redis_url: str, log_dir: Path) -> tuple[Process, str]:
    import httpx

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "ORGA_DATABASE_URL": database_url,
        "ORGA_BROADCAST_URL": redis_url,
        "ORGA_SECRET_KEY": "bench-secret-key",
        "ORGA_PUBLIC_URL": url,
        "ORGA_LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
    log = (log_dir / f"server-{port}.log").open("wb")
    popen = subprocess.Popen(
        [
            *(sys.executable, "-m", "uvicorn", "web.app:app_from_env", "--factory"),
            *("--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"),
        ],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if popen.poll() is not None:
            raise SystemExit(f"le serveur s'est arrêté : voir {log.name}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return Process(f"server:{port}", popen), url
        time.sleep(0.1)
    popen.kill()
    raise SystemExit("le serveur n'a pas démarré")


# --- the school --------------------------------------------------------------------------


@dataclass
class Pupil:
    token: str
    assessment_id: str
    challenge_id: str | None


@dataclass
class Campaign:
    index: int
    id: str
    code: str
    pupils: list[Pupil] = field(default_factory=list)
    busy: bool = False


async def sign_up(client: Any, url: str, first_name: str) -> str:
    data = await graphql(
        client,
        url,
        "mutation($input: SignUpInput!) { signUp(input: $input) { token errors { code } } }",
        input={
            "firstName": first_name,
            "lastName": "Bench",
            "email": f"{uuid.uuid4().hex[:16]}@bench.example",
            "password": "Motdepasse123",
            "acceptTerms": True,
        },
    )
    token: str = data["signUp"]["token"]
    return token


async def open_school(client: Any, url: str, campaigns: int) -> tuple[str, list[Campaign]]:
    teacher = await sign_up(client, url, "Sophie")
    created = await graphql(
        client,
        url,
        "mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) "
        "{ organization { id } errors { code } } }",
        teacher,
        input={"name": "Collège du banc d'essai", "type": "SCO"},
    )
    organization_id = created["createOrganization"]["organization"]["id"]
    terms = await graphql(client, url, "{ organizationTerms { version } }", teacher)
    await graphql(
        client,
        url,
        "mutation($input: AcceptOrganizationTermsInput!) { acceptOrganizationTerms(input: "
        "$input) { errors { code } } }",
        teacher,
        input={"version": terms["organizationTerms"]["version"]},
    )
    profiles = await graphql(
        client,
        url,
        "query($id: ID!) { targetProfiles(organizationId: $id) { id skillsCount } }",
        teacher,
        id=organization_id,
    )
    profile = min(profiles["targetProfiles"], key=lambda p: p["skillsCount"])
    result = []
    for index in range(campaigns):
        data = await graphql(
            client,
            url,
            "mutation($input: CreateCampaignInput!) { createCampaign(input: $input) "
            "{ campaign { id code } errors { code } } }",
            teacher,
            input={
                "organizationId": organization_id,
                "name": f"Classe {index + 1}",
                "targetProfileId": profile["id"],
            },
        )
        campaign = data["createCampaign"]["campaign"]
        result.append(Campaign(index, campaign["id"], campaign["code"]))
    return teacher, result


async def join(client: Any, url: str, campaign: Campaign) -> None:
    token = await sign_up(client, url, f"Élève{len(campaign.pupils)}")
    data = await graphql(
        client,
        url,
        "mutation($input: JoinCampaignInput!) { joinCampaign(input: $input) "
        "{ assessment { id currentChallenge { id } } errors { code } } }",
        token,
        input={"code": campaign.code},
    )
    assessment = data["joinCampaign"]["assessment"]
    challenge = assessment["currentChallenge"]
    campaign.pupils.append(Pupil(token, assessment["id"], challenge["id"] if challenge else None))


async def answer(client: Any, url: str, pupil: Pupil) -> None:
    data = await graphql(
        client,
        url,
        "mutation($input: SubmitAnswerInput!) { submitAnswer(input: $input) "
        "{ nextChallenge { id } errors { code } } }",
        pupil.token,
        input={
            "assessmentId": pupil.assessment_id,
            "challengeId": pupil.challenge_id,
            "skip": True,
        },
    )
    following = data["submitAnswer"]["nextChallenge"]
    pupil.challenge_id = following["id"] if following else None


# --- client and probe processes -----------------------------------------------------------


class _RawWebSocket:
    """The client side of one WebSocket, written for the bench: the clients share the two
    cores with the servers they measure, and the ``websockets`` library spent about 50 µs of
    CPU per frame received, taking as much of the machine as the servers. Here a frame costs a
    few reads of the stream: enough for text frames from a server (never masked, never
    fragmented by uvicorn), pings (answered), and a close."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def connect(cls, url: str) -> _RawWebSocket:
        host, _, rest = url.removeprefix("ws://").partition(":")
        port, _, path = rest.partition("/")
        reader, writer = await asyncio.open_connection(host, int(port))
        key = base64.b64encode(os.urandom(16)).decode()
        writer.write(
            f"GET /{path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
            f"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: {PROTOCOL}\r\n\r\n".encode()
        )
        head = await reader.readuntil(b"\r\n\r\n")
        if not head.startswith(b"HTTP/1.1 101"):
            raise SystemExit(f"poignée de main WebSocket refusée : {head[:80]!r}")
        return cls(reader, writer)

    def send(self, opcode: int, payload: bytes) -> None:
        # A client masks what it sends (RFC 6455 §5.3).
        mask = os.urandom(4)
        size = len(payload)
        length = (
            bytes([0x80 | size]) if size < 126 else bytes([0x80 | 126]) + size.to_bytes(2, "big")
        )
        masked = bytes(byte ^ mask[i % 4] for i, byte in enumerate(payload))
        self.writer.write(bytes([0x80 | opcode]) + length + mask + masked)

    def send_json(self, message: dict[str, Any]) -> None:
        self.send(0x1, json.dumps(message).encode())

    async def receive(self) -> bytes | None:
        """The next text frame's payload; None once the server closed."""
        read = self.reader.readexactly
        while True:
            first, second = await read(2)
            size = second & 0x7F
            if size == 126:
                size = int.from_bytes(await read(2), "big")
            elif size == 127:
                size = int.from_bytes(await read(8), "big")
            payload = await read(size) if size else b""
            opcode = first & 0x0F
            if opcode == 0x1:
                return payload
            if opcode == 0x9:
                self.send(0xA, payload)
            elif opcode == 0x8:
                return None

    def close(self) -> None:
        self.writer.close()


async def client_role(plan_path: Path, out_path: Path) -> None:
    """Hold the planned connections; record (receive time, connection) of every message."""
    plan = json.loads(plan_path.read_text())
    received: list[tuple[float, int]] = []
    opened = 0
    gate = asyncio.Semaphore(20)
    all_open = asyncio.Event()

    async def follow(connection: dict[str, Any]) -> None:
        nonlocal opened
        async with gate:
            socket = await _RawWebSocket.connect(connection["ws_url"])
            socket.send_json({"type": "connection_init", "payload": {"token": plan["token"]}})
            await socket.receive()
            socket.send_json(
                {
                    "id": "1",
                    "type": "subscribe",
                    "payload": {"query": ACTIVITY, "variables": {"id": connection["campaign"]}},
                }
            )
            await socket.receive()  # the full state: subscribed
        opened += 1
        if opened == len(plan["connections"]):
            all_open.set()
        index = connection["index"]
        clock = time.monotonic
        append = received.append
        receive = socket.receive
        try:
            # No parsing here: the client must not be the bottleneck it measures.
            while await receive() is not None:
                append((clock(), index))
        except asyncio.IncompleteReadError:
            pass
        finally:
            socket.close()

    tasks = [asyncio.create_task(follow(c)) for c in plan["connections"]]
    await all_open.wait()
    print("prêt", flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    out_path.write_bytes(pickle.dumps(received))


async def probe_role(redis_url: str, out_path: Path) -> None:
    """Raw Redis publish → receive latency, every 10 ms, until stdin closes; and the time each
    campaign event went through Redis (to split the dashboard latency)."""
    from redis.asyncio import Redis

    publisher, subscriber = Redis.from_url(redis_url), Redis.from_url(redis_url)
    pubsub = subscriber.pubsub()
    await pubsub.subscribe(PROBE_CHANNEL)
    await pubsub.psubscribe("campaign:*")
    latencies: list[float] = []
    events: list[tuple[float, str]] = []

    async def listen() -> None:
        async for message in pubsub.listen():
            if message["type"] == "message":
                latencies.append(time.monotonic() - float(message["data"]))
            elif message["type"] == "pmessage":
                events.append((time.monotonic(), message["channel"].decode()))

    listener = asyncio.create_task(listen())
    stop = asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    print("prêt", flush=True)
    while not stop.done():
        await publisher.publish(PROBE_CHANNEL, repr(time.monotonic()))
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.1)
    listener.cancel()
    out_path.write_bytes(pickle.dumps((latencies, events)))
    await pubsub.aclose()
    await publisher.aclose()
    await subscriber.aclose()


def spawn(role: list[str]) -> Process:
    popen = subprocess.Popen(
        [sys.executable, __file__, *role],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        cwd=ROOT,
    )
    return Process(role[1], popen)


def wait_ready(process: Process, timeout: float) -> None:
    stdout = process.popen.stdout
    assert stdout is not None
    ready, _, _ = select.select([stdout], [], [], timeout)
    if not ready or stdout.readline().strip() != "prêt".encode():
        raise SystemExit(f"{process.name} n'est pas prêt après {timeout:.0f} s")


def finish(process: Process) -> None:
    assert process.popen.stdin is not None
    with contextlib.suppress(BrokenPipeError):
        process.popen.stdin.write(b"stop\n")
        process.popen.stdin.flush()
    process.popen.wait(timeout=120)


# --- the run -----------------------------------------------------------------------------


@dataclass
class Write:
    campaign: int
    sent: float
    done: float = 0.0
    kind: str = "answer"


async def drive(
    urls: list[str], campaigns: list[Campaign], rate: float, duration: float
) -> list[Write]:
    """Writes at ``rate`` per second, round-robin over the campaigns, one in flight each."""
    import httpx

    writes: list[Write] = []
    pending: set[asyncio.Task[None]] = set()
    async with http_client(limits=httpx.Limits(max_connections=100)) as client:

        async def one(campaign: Campaign, url: str) -> None:
            campaign.busy = True
            pupil = next((p for p in campaign.pupils if p.challenge_id), None)
            write = Write(campaign.index, time.monotonic(), kind="answer" if pupil else "join")
            try:
                if pupil is not None:
                    await answer(client, url, pupil)
                else:
                    await join(client, url, campaign)
                write.done = time.monotonic()
                writes.append(write)
            finally:
                campaign.busy = False

        start = time.monotonic()
        tick = 0
        while time.monotonic() - start < duration:
            campaign = campaigns[tick % len(campaigns)]
            if not campaign.busy:
                task = asyncio.create_task(one(campaign, urls[tick % len(urls)]))
                pending.add(task)
                task.add_done_callback(pending.discard)
            tick += 1
            await asyncio.sleep(max(0.0, start + tick / rate - time.monotonic()))
        await asyncio.gather(*pending)
    return writes


@dataclass
class Latencies:
    # Per write and dashboard of its campaign: sending the answer → receiving the change.
    end_to_end: list[float] = field(default_factory=list)
    # The same message, from the moment its event went through Redis.
    after_redis: list[float] = field(default_factory=list)
    missed: int = 0


def latencies(
    writes: list[Write],
    received: dict[int, list[float]],
    connections_of: dict[int, list[int]],
    redis_events: dict[int, list[float]],
) -> Latencies:
    """For each write and each dashboard of its campaign: the first message after the write
    was sent, if it came before the campaign's next write (at most one write is in flight per
    campaign, so it is that write's change); and the first event of the campaign on Redis."""
    result = Latencies()
    by_campaign: dict[int, list[Write]] = defaultdict(list)
    for write in writes:
        by_campaign[write.campaign].append(write)
    for campaign, its_writes in by_campaign.items():
        its_writes.sort(key=lambda w: w.sent)
        on_redis = redis_events.get(campaign, [])
        for position, write in enumerate(its_writes):
            limit = (
                its_writes[position + 1].sent if position + 1 < len(its_writes) else float("inf")
            )
            at_redis = bisect.bisect_left(on_redis, write.sent)
            published = on_redis[at_redis] if at_redis < len(on_redis) else None
            for connection in connections_of[campaign]:
                times = received[connection]
                at = bisect.bisect_left(times, write.sent)
                if at < len(times) and times[at] < limit:
                    result.end_to_end.append(times[at] - write.sent)
                    if published is not None and published <= times[at]:
                        result.after_redis.append(times[at] - published)
                else:
                    result.missed += 1
    return result


async def prepare(args: argparse.Namespace, urls: list[str]) -> tuple[str, list[Campaign]]:
    async with http_client() as client:
        teacher, campaigns = await open_school(client, urls[0], args.campaigns)
        gate = asyncio.Semaphore(8)

        async def joined(campaign: Campaign) -> None:
            async with gate:
                await join(client, urls[campaign.index % len(urls)], campaign)

        await asyncio.gather(
            *(joined(c) for c in campaigns for _ in range(args.pupils_per_campaign))
        )
    return teacher, campaigns


def deliveries(
    connections: list[dict[str, Any]],
    received: dict[int, list[float]],
    start: float,
    end: float,
    servers: int,
) -> list[int]:
    """Messages received between ``start`` and ``end``, per server process."""
    counts = [0] * servers
    for connection in connections:
        times = received[connection["index"]]
        counts[connection["server"]] += bisect.bisect_right(times, end) - bisect.bisect_left(
            times, start
        )
    return counts


def sample_event(campaign_id: Any, organization_id: Any, *, version: int) -> dict[str, Any]:
    """A campaign event as a write publishes it (``CampaignChanged``), with made-up counters:
    what the in-process baselines and the saturation phase feed the hub."""
    from subscriptions.events import CampaignActivity, CampaignChanged, ChangeKind

    return CampaignChanged(
        campaign_id=uuid.UUID(str(campaign_id)),
        organization_id=uuid.UUID(str(organization_id)),
        version=version,
        change=ChangeKind.ANSWERED,
        activity=CampaignActivity(
            participants=30, started=20, to_share=6, shared=4, average_progress=0.5, archived=False
        ),
        participant=None,
    ).to_payload()


async def flood(redis_url: str, campaigns: list[Campaign], rate: float, duration: float) -> None:
    """Campaign events published straight into Redis at ``rate`` per second, round-robin over
    the campaigns, as if pupils wrote that fast: the dashboards' delivery path at full load.
    Versions start at 2^52, above any real state, so that no subscriber drops them."""
    from redis.asyncio import Redis

    client = Redis.from_url(redis_url)
    # Not read by campaignActivity: any organization id does.
    payloads = [
        (
            f"campaign:{_campaign_uuid(campaign.id)}",
            sample_event(_campaign_uuid(campaign.id), uuid.uuid4(), version=0),
        )
        for campaign in campaigns
    ]
    version = 2**52
    start = time.monotonic()
    sent = 0
    while time.monotonic() - start < duration:
        async with client.pipeline(transaction=False) as pipe:
            for _ in range(max(1, int(rate / 100))):
                channel, payload = payloads[sent % len(payloads)]
                version += 1
                sent += 1
                pipe.publish(channel, json.dumps({**payload, "version": version}))
            await pipe.execute()
        await asyncio.sleep(max(0.0, start + sent / rate - time.monotonic()))
    await client.aclose()


def run(args: argparse.Namespace, work: Path, database_url: str) -> None:
    redis, redis_url = start_redis(work)
    started: list[Process] = [redis]
    try:
        urls: list[str] = []
        for number in range(args.servers):
            server, url = start_server(database_url, redis_url, work)
            started.append(server)
            urls.append(url)
            if args.own_cpu is not None and number == 0:
                os.sched_setaffinity(server.popen.pid, {args.own_cpu})
                rest = sorted(os.sched_getaffinity(0))
                print(f"Serveur 1 seul sur le CPU {args.own_cpu} ; le reste sur les CPU {rest}")
        servers = started[1:]
        print(f"{len(urls)} serveurs, Redis {redis_url}, base {database_url.rsplit('/', 1)[1]}")
        teacher, campaigns = asyncio.run(prepare(args, urls))
        print(
            f"{len(campaigns)} campagnes, "
            f"{sum(len(c.pupils) for c in campaigns)} élèves inscrits ; ouverture de "
            f"{args.subscriptions} abonnements sur {args.clients} processus clients…"
        )

        connections = [
            {
                "index": index,
                "server": index % len(urls),
                "ws_url": urls[index % len(urls)].replace("http://", "ws://") + "/graphql",
                "campaign_index": (index // len(urls)) % len(campaigns),
                "campaign": campaigns[(index // len(urls)) % len(campaigns)].id,
            }
            for index in range(args.subscriptions)
        ]
        clients: list[Process] = []
        for number in range(args.clients):
            plan = work / f"plan-{number}.json"
            mine = connections[number :: args.clients]
            plan.write_text(json.dumps({"token": teacher, "connections": mine}))
            clients.append(
                spawn(["--role", f"client-{number}", str(plan), str(work / f"out-{number}.pickle")])
            )
        started.extend(clients)
        for client in clients:
            wait_ready(client, timeout=300)
        probe = spawn(["--role", "probe", redis_url, str(work / "probe.pickle")])
        started.append(probe)
        wait_ready(probe, timeout=30)

        print(f"Élèves : {args.rate:g} écritures/s pendant {args.duration:g} s…")
        cpu_before = [cpu_seconds(s.popen.pid) for s in servers]
        window_start = time.monotonic()
        writes = asyncio.run(drive(urls, campaigns, args.rate, args.duration))
        time.sleep(1.0)  # the last events reach the dashboards
        window_end = time.monotonic()
        cpu_used = [cpu_seconds(s.popen.pid) - b for s, b in zip(servers, cpu_before, strict=True)]
        saturation: tuple[float, float, list[float]] | None = None
        if args.saturation > 0:
            print(
                f"Saturation : {args.saturation_rate:g} événements/s injectés dans Redis "
                f"pendant {args.saturation:g} s…"
            )
            time.sleep(1.0)
            cpu_before = [cpu_seconds(s.popen.pid) for s in servers]
            others_before = {p.name: cpu_seconds(p.popen.pid) for p in [redis, *clients]}
            flood_start = time.monotonic()
            asyncio.run(flood(redis_url, campaigns, args.saturation_rate, args.saturation))
            time.sleep(0.5)
            flood_end = time.monotonic()
            flood_cpu = [
                cpu_seconds(s.popen.pid) - b for s, b in zip(servers, cpu_before, strict=True)
            ]
            saturation = (flood_start, flood_end, flood_cpu)
            # Where the machine's CPU went meanwhile: clients compete with the servers here.
            others = {
                name: (cpu_seconds(p.popen.pid) - others_before[name]) / (flood_end - flood_start)
                for name, p in ((p.name, p) for p in [redis, *clients])
            }
            print(
                "CPU pendant la saturation : "
                + ", ".join(f"{name} {share * 100:.0f} %" for name, share in others.items())
                + f" ; charge moyenne de la machine {os.getloadavg()[0]:.1f}"
            )
        for process in [*clients, probe]:
            finish(process)

        received: dict[int, list[float]] = defaultdict(list)
        for number in range(args.clients):
            for when, index in pickle.loads((work / f"out-{number}.pickle").read_bytes()):
                received[index].append(when)
        for times in received.values():
            times.sort()
        connections_of: dict[int, list[int]] = defaultdict(list)
        for connection in connections:
            connections_of[connection["campaign_index"]].append(connection["index"])
        probe_samples, probe_events = pickle.loads((work / "probe.pickle").read_bytes())
        index_of = {_campaign_uuid(c.id): c.index for c in campaigns}
        redis_events: dict[int, list[float]] = defaultdict(list)
        for when, channel in probe_events:
            campaign_index = index_of.get(channel.split(":", 1)[1])
            if campaign_index is not None:
                redis_events[campaign_index].append(when)
        measured = latencies(writes, received, connections_of, redis_events)

        window = window_end - window_start
        per_server = deliveries(connections, received, window_start, window_end, len(urls))
        mutation = [w.done - w.sent for w in writes]
        report(args, writes, measured, mutation, probe_samples, per_server, cpu_used, window)
        if saturation is not None:
            start, end, flood_cpu = saturation
            counts = deliveries(connections, received, start, end, len(urls))
            print()
            print(
                "| processus serveur, saturation | livraisons/s | CPU serveur | "
                "µs CPU par livraison |"
            )
            print("|---|---|---|---|")
            for number, (count, cpu) in enumerate(zip(counts, flood_cpu, strict=True)):
                cost = cpu / count * 1e6 if count else float("nan")
                line = (
                    f"| {number + 1} | {count / (end - start):,.0f} | "
                    f"{cpu / (end - start) * 100:.0f} % | {cost:.0f} |"
                )
                print(line.replace(",", " "))
            rates = [count / (end - start) for count in counts]
            verdicts = " ; ".join(
                f"serveur {number + 1} : {spaced(rate)}/s, "
                + ("atteint" if rate >= GOAL_DELIVERIES else "NON atteint")
                for number, rate in enumerate(rates)
            )
            print(f"Objectif ≥ {spaced(GOAL_DELIVERIES)} livraisons/s par processus → {verdicts}")
        else:
            print(
                f"Objectif ≥ {spaced(GOAL_DELIVERIES)} livraisons/s par processus : non mesuré "
                "(--saturation 0)"
            )
    finally:
        for process in reversed(started):
            process.stop()


def _campaign_uuid(global_id: str) -> str:
    return base64.b64decode(global_id).decode().split(":", 1)[1]


def report(
    args: argparse.Namespace,
    writes: list[Write],
    measured: Latencies,
    mutation: list[float],
    probe: list[float],
    per_server: list[int],
    cpu_used: list[float],
    window: float,
) -> None:
    joins = sum(1 for w in writes if w.kind == "join")
    samples = measured.end_to_end
    print()
    print(
        f"Écritures : {len(writes)} ({len(writes) / args.duration:.1f}/s, dont {joins} "
        f"inscriptions) ; mutation (réponse HTTP reçue) p50 {ms(percentile(mutation, 0.5))}, "
        f"p99 {ms(percentile(mutation, 0.99))}"
    )
    print()
    print("| mesure | p50 | p99 | échantillons |")
    print("|---|---|---|---|")
    print(
        f"| réponse envoyée → tableau de bord | {ms(percentile(samples, 0.5))} | "
        f"{ms(percentile(samples, 0.99))} | {len(samples)} (manqués : {measured.missed}) |"
    )
    after = measured.after_redis
    print(
        f"| événement sur Redis → tableau de bord | {ms(percentile(after, 0.5))} | "
        f"{ms(percentile(after, 0.99))} | {len(after)} |"
    )
    print(
        f"| Redis brut, publication → réception | {ms(percentile(probe, 0.5))} | "
        f"{ms(percentile(probe, 0.99))} | {len(probe)} |"
    )
    print()
    print("| processus serveur | livraisons/s | CPU serveur (mutations comprises) |")
    print("|---|---|---|")
    for number, (count, cpu) in enumerate(zip(per_server, cpu_used, strict=True)):
        line = f"| {number + 1} | {count / window:,.0f} | {cpu / window * 100:.0f} % |"
        print(line.replace(",", " "))
    p99 = percentile(samples, 0.99)
    print()
    # Deliveries per second are judged at saturation (below): here the pupils' steady rate
    # sets them.
    print(f"Objectif p99 < 100 ms → {'atteint' if p99 < 0.1 else 'NON atteint'} ({ms(p99)})")
    if after and probe:
        ratio = statistics.median(after) / statistics.median(probe)
        print(f"Rapport p50 (Redis → tableau de bord) / p50 (Redis brut) : {ratio:.1f}×")


@contextlib.asynccontextmanager
async def fan_out_world() -> AsyncIterator[tuple[Any, Any, Any, Any]]:
    """What the in-process fan-out baselines subscribe to (``bench_fanout.py`` uses it too): a
    temporary SQLite database, a ``memory://`` hub, the services on it, a teacher (terms
    accepted) and a one-skill campaign of their school. Yields (hub, services, teacher,
    campaign); closes the hub and the database after."""
    from tortoise import Tortoise

    from models.config import tortoise_config
    from models.migrate import upgrade
    from resolvers.context import Services
    from subscriptions.broadcast import create_broadcast

    with tempfile.TemporaryDirectory(prefix="orga-bench-fan-out-") as directory:
        url = f"sqlite://{directory}/fan-out.sqlite3"
        await upgrade(url)
        await Tortoise.init(config=tortoise_config(url))
        hub = create_broadcast("memory://")
        await hub.connect()
        try:
            services = Services(publisher=hub)
            teacher, campaign = await bench_school(services, skill_ids=["@a1"])
            yield hub, services, teacher, campaign
        finally:
            await hub.disconnect()
            await Tortoise.close_connections()


async def bench_school(services: Any, *, skill_ids: list[str]) -> tuple[Any, Any]:
    """A school with a teacher (terms accepted) and a campaign of code ``BENCHE123`` on
    ``skill_ids``, written straight to the database: (teacher, campaign)."""
    from models import Campaign as CampaignRow
    from models import Membership, Organization, OrganizationType, TermsAcceptance, User

    organization = await Organization.create(name="Collège", type=OrganizationType.SCO)
    teacher = await User.create(
        email="enseignante@bench.example",
        password_hash="-",
        first_name="Sophie",
        last_name="Bench",
        platform_terms_accepted_at=datetime.now(UTC),
    )
    await Membership.create(organization=organization, user=teacher)
    await TermsAcceptance.create(user=teacher, version=services.policy.terms_version)
    campaign = await CampaignRow.create(
        organization=organization,
        name="Classe",
        code="BENCHE123",
        target_profile_name="Banc",
        skill_ids=skill_ids,
        content_release="bench",
        owner=teacher,
        creator=teacher,
    )
    return teacher, campaign


async def fan_out_in_process(subscribers: int, events: int) -> tuple[float, float]:
    """µs of CPU per delivery through the real schema, in this process (no socket), with the
    shared execution and with strawberry's default one: the baseline of the same run."""
    from dataclasses import dataclass as plain_dataclass

    from strawberry.schema.config import StrawberryConfig

    import schema as root
    from resolvers.context import Services, Viewer
    from schema.errors import ApiErrors, OrgaSchema
    from schema.limits import RequestLimits
    from schema.subscriptions import SCALARS

    @plain_dataclass
    class Context:
        viewer: Viewer
        services: Services

    plain = OrgaSchema(
        query=root._root("Query"),  # type: ignore[arg-type]
        mutation=root._root("Mutation"),
        subscription=root._root("Subscription"),
        extensions=[ApiErrors, RequestLimits],
        config=StrawberryConfig(scalar_map=SCALARS),
    )
    async with fan_out_world() as (hub, services, teacher, campaign):
        context = Context(Viewer(user_id=teacher.id), services)
        costs = []
        for schema_under_test in (root.schema, plain):
            costs.append(
                await _fan_out(schema_under_test, hub, context, campaign, subscribers, events)
            )
        return costs[0], costs[1]


async def _fan_out(
    schema_under_test: Any, hub: Any, context: Any, campaign: Any, subscribers: int, events: int
) -> float:
    from schema.ids import global_id

    variables = {"id": str(global_id("Campaign", campaign.id))}
    received = 0
    wanted = subscribers
    arrived = asyncio.Event()

    async def follow() -> None:
        nonlocal received
        stream = await schema_under_test.subscribe(
            ACTIVITY, variable_values=variables, context_value=context
        )
        async for result in stream:
            # What the WebSocket handler does with each result, short of writing it.
            json.dumps({"id": "1", "type": "next", "payload": {"data": result.data}})
            received += 1
            if received >= wanted:
                arrived.set()

    tasks = [asyncio.create_task(follow()) for _ in range(subscribers)]
    await arrived.wait()
    cpu = time.process_time()
    for number in range(events):
        wanted = subscribers * (number + 2)
        arrived.clear()
        await hub.publish(
            f"campaign:{campaign.id}",
            sample_event(campaign.id, campaign.organization_id, version=2**52 + number),
        )
        await arrived.wait()
    spent = time.process_time() - cpu
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return spent / (subscribers * events) * 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subscriptions", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=4, help="processus clients WebSocket")
    parser.add_argument("--servers", type=int, default=2)
    parser.add_argument("--campaigns", type=int, default=10)
    parser.add_argument("--pupils-per-campaign", type=int, default=16)
    parser.add_argument("--rate", type=float, default=20.0, help="écritures d'élèves par seconde")
    parser.add_argument("--duration", type=float, default=30.0, help="secondes de mesure")
    parser.add_argument(
        "--saturation", type=float, default=10.0, help="secondes d'injection directe (0 : aucune)"
    )
    parser.add_argument(
        "--saturation-rate", type=float, default=200.0, help="événements/s injectés dans Redis"
    )
    parser.add_argument(
        "--own-core",
        action="store_true",
        help="le premier serveur seul sur un CPU, tout le reste sur les autres (Linux)",
    )
    parser.add_argument("--role", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.role:
        role, *rest = args.role
        if role.startswith("client-"):
            asyncio.run(client_role(Path(rest[0]), Path(rest[1])))
        elif role == "probe":
            asyncio.run(probe_role(rest[0], Path(rest[1])))
        elif role == "fan-out":
            shared, default = asyncio.run(fan_out_in_process(500, 40))
            print(
                "Diffusion dans un processus (schéma réel, 500 abonnés d'une campagne, sans "
                f"socket) : {shared:.0f} µs CPU par livraison avec l'exécution partagée, "
                f"{default:.0f} µs avec l'exécution par abonné de strawberry "
                f"({default / shared:.1f}×)"
            )
        return 0

    from models.migrate import upgrade

    args.own_cpu = None
    if args.own_core:
        allowed = os.sched_getaffinity(0)
        if len(allowed) < 2:
            raise SystemExit("--own-core demande au moins 2 CPU.")
        # Inherited by every process started from here on; the first server then moves to
        # the CPU kept aside.
        args.own_cpu = min(allowed)
        os.sched_setaffinity(0, allowed - {args.own_cpu})
    # In its own process: Tortoise cannot use SQLite there and PostgreSQL here in one process.
    subprocess.run([sys.executable, __file__, "--role", "fan-out"], cwd=ROOT, check=True)
    name = f"orga_bench_live_{uuid.uuid4().hex[:8]}"
    asyncio.run(postgres_admin(f'CREATE DATABASE "{name}"'))
    database_url = f"{POSTGRES_ADMIN_URL.rsplit('/', 1)[0]}/{name}"
    try:
        asyncio.run(upgrade(database_url))
        with tempfile.TemporaryDirectory(prefix="orga-bench-live-") as work:
            run(args, Path(work), database_url)
    finally:
        asyncio.run(postgres_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
