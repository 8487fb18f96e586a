"""``submitAnswer`` over HTTP against the ``me`` query, same server, same run.

    .venv/bin/python bench/bench_answers.py                        # PostgreSQL, 2 workers
    .venv/bin/python bench/bench_answers.py --workers 1
    .venv/bin/python bench/bench_answers.py --database sqlite      # 1 worker
    .venv/bin/python bench/bench_answers.py --baseline ../wt13-base   # and another checkout

Starts uvicorn on a fresh database migrated from empty (PostgreSQL on 127.0.0.1 by default;
with several workers, Redis when it answers, as in production), then through the API: a
school, a campaign on « Les 16 compétences » (about a hundred questions per pupil) and pupils
who join it. ``wrk`` then loads the server with the same connections, in alternating rounds
(5 of 5 s each by default: the machine's speed drifts between runs, a ratio measured round by
round does not), each round:

1. ``me`` (the dashboard's first query: the user, their memberships and organizations);
2. ``submitAnswer``: each wrk thread plays its own pupils (fresh ones each round), one
   connection each, sending the challenge the previous answer returned (``nextChallenge``),
   right or wrong, until the pupil's test is over, then the next pupil. Every answer is
   evaluated, stored with its knowledge elements atomically, and the next challenge
   selected: the real work.

``--fresh-connections``: every request (both loads) on a new connection, as when a browser's
keep-alive connection closed between two answers (uvicorn closes idle ones after 5 s): with
several workers, a pupil's next answer goes to any of them.

``--baseline DIR``: a second checkout of Orga (with its own ``.venv``), served beside this
one on a database of its own; the rounds alternate between the two versions, so that both
see the same machine.

Prints each round, then the medians per version: the answers per second (goal ≥ 500/s on
PostgreSQL with 2 workers), the p99 latency of ``submitAnswer`` (goal ≤ 100 ms at 32
connections), the cost ratio ``me / submitAnswer`` (how many ``me`` one answer costs; for
information), and the CPU each request costs the server and PostgreSQL.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine.content import bundled_referential  # noqa: E402
from models.migrate import upgrade  # noqa: E402
from web.commands.demo import answer_value  # noqa: E402

POSTGRES_ADMIN_URL = os.environ.get(
    "ORGA_BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"
)
REDIS_URL = os.environ.get("ORGA_BENCH_REDIS_URL", "redis://127.0.0.1:6379")
PASSWORD = "Secret123"
GOAL_ANSWERS = 500
GOAL_P99_MS = 100.0

ME = (
    "{ me { id firstName lastName email organizationTermsAccepted hasSeenAssessmentInstructions "
    "memberships { role organization { id name type } } } }"
)
SUBMIT = (
    "mutation S($input: SubmitAnswerInput!) { submitAnswer(input: $input) "
    "{ result finished checkpointDue nextChallenge { id type instruction proposals } "
    "errors { code } } }"
)

# wrk, one connection per thread: request() and response() alternate, so a thread knows
# which pupil each response belongs to. ``pupils`` and ``answers`` are generated below.
SUBMIT_LUA = r"""
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("index", counter)
  table.insert(threads, thread)
end

-- Globals, not locals: done() reads them from each thread with thread:get().
local mine = {}
current, ok, failed, finished, exhausted = 1, 0, 0, 0, 0

function init(args)
  for i, pupil in ipairs(PUPILS) do
    if (i - 1) % THREADS == index - 1 then
      table.insert(mine, {token = pupil[1], assessment = pupil[2], challenge = pupil[3]})
    end
  end
end

local QUERY = QUERY_JSON

function request()
  local pupil = mine[current] or mine[#mine]
  local body = '{"query":' .. QUERY .. ',"variables":{"input":{"assessmentId":"'
    .. pupil.assessment .. '","challengeId":"' .. pupil.challenge .. '","value":'
    .. (ANSWERS[pupil.challenge] or '"1"') .. '}}}'
  local headers = {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. pupil.token,
  }
  if CLOSE then headers["Connection"] = "close" end
  return wrk.format("POST", "/graphql", headers, body)
end

function response(status, headers, body)
  if status == 200 and body:find('"errors":[]', 1, true) then
    ok = ok + 1
  else
    failed = failed + 1
  end
  local following = body:match('"nextChallenge":{"id":"([^"]+)"')
  local pupil = mine[current]
  if pupil and following then
    pupil.challenge = following
  elseif pupil then
    finished = finished + 1
    current = current + 1
    if current > #mine then exhausted = 1 end
  end
end

function done(summary, latency, requests)
  local total_ok, total_failed, total_finished = 0, 0, 0
  exhausted = 0
  for _, thread in ipairs(threads) do
    total_ok = total_ok + thread:get("ok")
    total_failed = total_failed + thread:get("failed")
    total_finished = total_finished + thread:get("finished")
    exhausted = exhausted + thread:get("exhausted")
  end
  io.write(string.format("RESULT ok=%d failed=%d finished=%d exhausted=%d\n",
    total_ok, total_failed, total_finished, exhausted))
end
"""

ME_LUA = """
wrk.method = "POST"
wrk.body = {body}
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer {token}"
"""


# --- server and database -------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _postgres_admin(statement: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(POSTGRES_ADMIN_URL.replace("postgres://", "postgresql://"))
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


def redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def start_server(
    database_url: str, workers: int, log: Path, root: Path = ROOT
) -> tuple[subprocess.Popen[bytes], str]:
    """uvicorn serving the checkout at ``root`` with that checkout's own virtualenv."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    broadcast = REDIS_URL if workers > 1 and redis_answers() else "memory://"
    env = {
        **os.environ,
        "ORGA_DATABASE_URL": database_url,
        "ORGA_BROADCAST_URL": broadcast,
        "ORGA_SECRET_KEY": "bench",
        "ORGA_PUBLIC_URL": url,
        "ORGA_LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(root),
    }
    python = root / ".venv" / "bin" / "python"
    executable = str(python if python.exists() else sys.executable)
    command = [
        executable, "-m", "uvicorn", "web.app:app_from_env", "--factory",
        "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
        "--no-access-log", "--log-level", "warning",
    ]  # fmt: skip
    with log.open("wb") as output:
        process = subprocess.Popen(command, env=env, cwd=root, stdout=output, stderr=output)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                print(
                    f"Serveur {root.name} : {workers} worker(s), "
                    f"diffusion {broadcast.split(':')[0]}"
                )
                return process, url
        time.sleep(0.2)
    process.terminate()
    raise SystemExit(f"le serveur n'a pas démarré :\n{log.read_text()}")


# --- the school, through the API -----------------------------------------------------------


async def graphql(
    client: httpx.AsyncClient, query: str, variables: dict[str, Any] | None = None, token: str = ""
) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
    )
    body = response.json()
    if body.get("errors"):
        raise SystemExit(f"préparation impossible : {body['errors']}")
    data = body["data"]
    payload = next(iter(data.values()))
    if isinstance(payload, dict) and payload.get("errors"):
        raise SystemExit(f"préparation impossible : {payload['errors']}")
    return data  # type: ignore[no-any-return]


async def sign_up(client: httpx.AsyncClient, first_name: str) -> str:
    data = await graphql(
        client,
        "mutation($i: SignUpInput!) { signUp(input: $i) { token errors { code } } }",
        {
            "i": {
                "firstName": first_name,
                "lastName": "Banc",
                "email": f"{first_name.lower()}.{uuid.uuid4().hex[:8]}@bench.orga.fr",
                "password": PASSWORD,
                "acceptTerms": True,
            }
        },
    )
    return str(data["signUp"]["token"])


async def prepare(url: str, pupils: int, profile: str) -> tuple[str, list[tuple[str, str, str]]]:
    """The teacher's token and, per pupil, (token, assessment id, first challenge id)."""
    async with httpx.AsyncClient(base_url=url, timeout=60) as client:
        teacher = await sign_up(client, "Sophie")
        organization = await graphql(
            client,
            'mutation { createOrganization(input: {name: "Collège Pix", type: SCO}) '
            "{ organization { id } errors { code } } }",
            token=teacher,
        )
        version = (await graphql(client, "{ organizationTerms { version } }"))["organizationTerms"][
            "version"
        ]
        await graphql(
            client,
            "mutation($v: String!) { acceptOrganizationTerms(input: {version: $v}) "
            "{ errors { code } } }",
            {"v": version},
            token=teacher,
        )
        campaign = await graphql(
            client,
            "mutation($i: CreateCampaignInput!) { createCampaign(input: $i) "
            "{ campaign { code } errors { code } } }",
            {
                "i": {
                    "organizationId": organization["createOrganization"]["organization"]["id"],
                    "name": "Banc d'essai",
                    "targetProfileId": profile,
                }
            },
            token=teacher,
        )
        code = campaign["createCampaign"]["campaign"]["code"]
        semaphore = asyncio.Semaphore(8)

        async def pupil(number: int) -> tuple[str, str, str]:
            # One client, so one cookie jar, per person: the session cookie a sign-up sets
            # must not make someone else's next request cookie-authenticated.
            async with semaphore, httpx.AsyncClient(base_url=url, timeout=60) as client:
                token = await sign_up(client, f"Eleve{number}")
                joined = await graphql(
                    client,
                    "mutation($i: JoinCampaignInput!) { joinCampaign(input: $i) "
                    "{ assessment { id currentChallenge { id } } errors { code } } }",
                    {"i": {"code": code}},
                    token=token,
                )
                assessment = joined["joinCampaign"]["assessment"]
                return token, assessment["id"], assessment["currentChallenge"]["id"]

        return teacher, list(await asyncio.gather(*(pupil(n) for n in range(pupils))))


# --- load ----------------------------------------------------------------------------------


def _lua_string(value: str) -> str:
    return "[==[" + value + "]==]"


def submit_script(
    pupils: list[tuple[str, str, str]], threads: int, directory: Path, *, close: bool = False
) -> Path:
    """The Lua of the ``submitAnswer`` load: every pupil, and a right or wrong answer (one in
    two, fixed per challenge) to every challenge, JSON-encoded once here. ``close``: each
    request on a new connection."""
    referential = bundled_referential()
    lines = [f"THREADS = {threads}", f"CLOSE = {'true' if close else 'false'}"]
    lines.append("PUPILS = {")
    lines += [f'  {{"{t}", "{a}", "{c}"}},' for t, a, c in pupils]
    lines.append("}")
    lines.append("ANSWERS = {")
    for index, challenge in enumerate(sorted(referential.challenges.values(), key=lambda c: c.id)):
        value = json.dumps(answer_value(challenge, correct=index % 2 == 0))
        lines.append(f'  ["{challenge.id}"] = {_lua_string(value)},')
    lines.append("}")
    lines.append(f"QUERY_JSON = {_lua_string(json.dumps(SUBMIT))}")
    script = directory / "submit.lua"
    script.write_text("\n".join(lines) + "\n" + SUBMIT_LUA)
    return script


def wrk(url: str, script: Path, threads: int, duration: int) -> str:
    command = [
        "wrk", "-t", str(threads), "-c", str(threads), "-d", f"{duration}s", "--latency",
        "-s", str(script), f"{url}/graphql",
    ]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


_TICKS = os.sysconf("SC_CLK_TCK")


def server_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by the server and its worker processes."""
    total, pending = 0.0, [pid]
    while pending:
        current = pending.pop()
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / _TICKS
            for task in Path(f"/proc/{current}/task").iterdir():
                children = (task / "children").read_text().split()
                pending.extend(int(child) for child in children)
    return total


def database_cpu(database: str | None = None) -> float:
    """CPU seconds used so far by every PostgreSQL process of the machine (the server's
    backends, its writer, its WAL writer): the database's share of a request. With
    ``database``, only the backends connected to it: the statements' own work, without
    autovacuum or the checkpointer, which inserts wake at random moments."""
    total = 0.0
    for process in Path("/proc").glob("[0-9]*"):
        with contextlib.suppress(OSError):
            name, fields = (process / "stat").read_text().split(" (", 1)[1].rsplit(")", 1)
            if not name.startswith("postgres"):
                continue
            # A backend's command line: "postgres: 15/main: user database host(port) state".
            if database and f" {database} ".encode() not in (process / "cmdline").read_bytes():
                continue
            values = fields.split()
            total += (int(values[11]) + int(values[12])) / _TICKS
    return total


def rate(output: str) -> float:
    found = re.search(r"Requests/sec:\s+([\d.]+)", output)
    assert found, output
    return float(found.group(1))


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def latency(output: str, percentile: str) -> float:
    """wrk's latency at ``percentile`` (``--latency``), in milliseconds."""
    found = re.search(rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s|m)\b", output, re.MULTILINE)
    assert found, output
    return float(found.group(1)) * _UNITS[found.group(2)]


@dataclasses.dataclass(frozen=True)
class Round:
    """One ``me`` load then one ``submitAnswer`` load, and what they cost."""

    me_rate: float
    submit_rate: float
    #: p50 and p99, in milliseconds.
    me_latency: tuple[float, float]
    submit_latency: tuple[float, float]
    ok: int
    failed: int
    finished: int
    exhausted: int
    #: Server and PostgreSQL CPU seconds per request (PostgreSQL: 0 on SQLite).
    server_me: float
    server_answer: float
    database_me: float
    database_answer: float

    @property
    def ratio(self) -> float:
        return self.me_rate / self.submit_rate


def measure_round(
    url: str, pid: int, me_script: Path, submit: Path, threads: int, duration: int
) -> Round:
    cpu_before, db_before = server_cpu(pid), database_cpu()
    me_output = wrk(url, me_script, threads, duration)
    cpu_me, db_me = server_cpu(pid) - cpu_before, database_cpu() - db_before
    cpu_before, db_before = server_cpu(pid), database_cpu()
    submit_output = wrk(url, submit, threads, duration)
    cpu_submit, db_submit = server_cpu(pid) - cpu_before, database_cpu() - db_before
    result = re.search(
        r"RESULT ok=(\d+) failed=(\d+) finished=(\d+) exhausted=(\d+)", submit_output
    )
    assert result, submit_output
    ok, failed, finished, exhausted = (int(x) for x in result.groups())
    me_requests = rate(me_output) * duration
    return Round(
        me_rate=rate(me_output),
        submit_rate=rate(submit_output),
        me_latency=(latency(me_output, "50"), latency(me_output, "99")),
        submit_latency=(latency(submit_output, "50"), latency(submit_output, "99")),
        ok=ok,
        failed=failed,
        finished=finished,
        exhausted=exhausted,
        server_me=cpu_me / me_requests,
        server_answer=cpu_submit / max(1, ok + failed),
        database_me=db_me / me_requests,
        database_answer=db_submit / max(1, ok + failed),
    )


@dataclasses.dataclass
class Version:
    """One checkout of Orga under test: its server, its database, its pupils, its rounds."""

    label: str
    root: Path
    database_url: str = ""
    database_name: str = ""
    process: subprocess.Popen[bytes] | None = None
    url: str = ""
    pupils: list[tuple[str, str, str]] = dataclasses.field(default_factory=list)
    me_script: Path | None = None
    rounds: list[Round] = dataclasses.field(default_factory=list)


def _start(version: Version, args: argparse.Namespace, workers: int, directory: Path) -> None:
    name = f"orga_bench_{uuid.uuid4().hex[:10]}"
    version.database_name = name
    if args.database == "sqlite":
        version.database_url = f"sqlite://{directory / name}.sqlite3"
    else:
        asyncio.run(_postgres_admin(f'CREATE DATABASE "{name}"'))
        version.database_url = f"{POSTGRES_ADMIN_URL.rsplit('/', 1)[0]}/{name}"
    asyncio.run(upgrade(version.database_url))
    version.process, version.url = start_server(
        version.database_url, workers, directory / f"server-{name}.log", version.root
    )
    started = time.perf_counter()
    teacher, version.pupils = asyncio.run(
        prepare(version.url, args.pupils * args.rounds, args.profile)
    )
    print(
        f"Préparation ({version.label}) : {len(version.pupils)} élèves inscrits sur "
        f"{args.profile} en {time.perf_counter() - started:.0f} s"
    )
    version.me_script = directory / f"me-{name}.lua"
    me_lua = ME_LUA.format(body=json.dumps(json.dumps({"query": ME})), token=teacher)
    if args.fresh_connections:
        me_lua += 'wrk.headers["Connection"] = "close"\n'
    version.me_script.write_text(me_lua)
    wrk(version.url, version.me_script, args.connections, 2)  # warm-up: caches, pools


def _stop(version: Version, database: str) -> None:
    if version.process is not None:
        version.process.terminate()
        version.process.wait(timeout=15)
    if database == "postgres" and version.database_name:
        with contextlib.suppress(Exception):
            asyncio.run(
                _postgres_admin(f'DROP DATABASE IF EXISTS "{version.database_name}" WITH (FORCE)')
            )


def _summary(version: Version, database: str, duration: int) -> tuple[float, float, int]:
    """Prints the medians of ``version``'s rounds; (answers/s, p99 ms, refused answers)."""
    median = statistics.median
    rounds = version.rounds
    answers = median(r.ok / duration for r in rounds)
    p99 = median(r.submit_latency[1] for r in rounds)
    failed = sum(r.failed for r in rounds)
    server_me = median(r.server_me for r in rounds)
    server_answer = median(r.server_answer for r in rounds)
    print(f"\n{version.label} ({version.root}) : médianes sur {len(rounds)} tours")
    print(
        f"  réponses enregistrées : {sum(r.ok for r in rounds)}, refusées : {failed}, "
        f"tests terminés : {sum(r.finished for r in rounds)}"
    )
    print(
        f"  réponses par seconde : {answers:.0f}   (objectif ≥ {GOAL_ANSWERS}/s, "
        "PostgreSQL, 2 workers)"
    )
    print(
        f"  submitAnswer p50 {median(r.submit_latency[0] for r in rounds):.1f} ms, "
        f"p99 {p99:.1f} ms   (objectif p99 ≤ {GOAL_P99_MS:.0f} ms) ; me p50 "
        f"{median(r.me_latency[0] for r in rounds):.1f} ms, "
        f"p99 {median(r.me_latency[1] for r in rounds):.1f} ms"
    )
    print(f"  rapport de coût me / submitAnswer : {median(r.ratio for r in rounds):.2f}")
    print(
        f"  CPU du serveur par requête : me {1000 * server_me:.2f} ms, "
        f"submitAnswer {1000 * server_answer:.2f} ms (rapport {server_answer / server_me:.2f})"
    )
    if database == "postgres":
        print(
            f"  CPU de PostgreSQL par requête : me "
            f"{1000 * median(r.database_me for r in rounds):.2f} ms, submitAnswer "
            f"{1000 * median(r.database_answer for r in rounds):.2f} ms"
        )
    exhausted = sum(r.exhausted for r in rounds)
    if exhausted:
        print(f"  ATTENTION : {exhausted} fils ont épuisé leurs élèves (augmentez --pupils)")
    return answers, p99, failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument("--workers", type=int, default=None, help="2 on PostgreSQL, 1 on SQLite")
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds (5)")
    parser.add_argument("--duration", type=int, default=5, help="seconds per load (5)")
    parser.add_argument("--connections", type=int, default=32, help="wrk threads = connections")
    parser.add_argument(
        "--pupils", type=int, default=128, help="fresh pupils who play each round (128)"
    )
    parser.add_argument("--profile", default="tp-16", help="target profile (tp-16)")
    parser.add_argument(
        "--fresh-connections",
        action="store_true",
        help="each request on a new connection, so any worker may take a pupil's next answer",
    )
    parser.add_argument(
        "--baseline",
        type=Path,
        default=None,
        help="another checkout (with its .venv) measured in the same run, rounds alternating",
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk est nécessaire (paquet Debian wrk).")
    workers = args.workers or (2 if args.database == "postgres" else 1)
    if args.database == "sqlite" and workers > 1:
        raise SystemExit("SQLite n'accepte qu'un processus écrivain : --workers 1.")
    versions = [Version("actuel", ROOT)]
    if args.baseline is not None:
        versions.append(Version("référence", args.baseline.resolve()))

    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        try:
            for version in versions:
                _start(version, args, workers, directory)
            threads = args.connections
            print(
                f"\n{args.database}, {workers} worker(s), {threads} connexions, "
                f"{args.rounds} tours de {args.duration} s + {args.duration} s par version"
            )
            print(
                "tour  version     me req/s  answers/s  p99 réponse  rapport  "
                "CPU serveur me / réponse"
                + ("  CPU PostgreSQL me / réponse" if args.database == "postgres" else "")
            )
            for number in range(args.rounds):
                # The order alternates too: neither version always follows the other.
                for version in versions if number % 2 == 0 else versions[::-1]:
                    # Each round plays its own pupils from their first question.
                    own = version.pupils[number * args.pupils : (number + 1) * args.pupils]
                    round_directory = directory / f"{version.database_name}-round{number}"
                    round_directory.mkdir()
                    submit = submit_script(
                        own, threads, round_directory, close=args.fresh_connections
                    )
                    assert version.process is not None and version.me_script is not None
                    measured = measure_round(
                        version.url,
                        version.process.pid,
                        version.me_script,
                        submit,
                        threads,
                        args.duration,
                    )
                    version.rounds.append(measured)
                    line = (
                        f"{number + 1:>4}  {version.label:<10}  {measured.me_rate:8.0f}  "
                        f"{measured.ok / args.duration:9.0f}  "
                        f"{measured.submit_latency[1]:8.1f} ms  {measured.ratio:7.2f}  "
                        f"{1000 * measured.server_me:.2f} / {1000 * measured.server_answer:.2f} ms"
                    )
                    if args.database == "postgres":
                        line += (
                            f"            {1000 * measured.database_me:.2f} / "
                            f"{1000 * measured.database_answer:.2f} ms"
                        )
                    print(line, flush=True)
        finally:
            for version in versions:
                _stop(version, args.database)

    answers, p99, failed = _summary(versions[0], args.database, args.duration)
    for version in versions[1:]:
        _summary(version, args.database, args.duration)
    met = failed == 0
    if args.database == "postgres" and workers == 2 and args.connections == 32:
        met = met and answers >= GOAL_ANSWERS and p99 <= GOAL_P99_MS
    print("\nobjectifs atteints" if met else "\nobjectifs NON atteints")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
