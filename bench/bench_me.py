"""Benchmark: the authenticated ``me`` query against ``{ __typename }``, same server, same run.

    .venv/bin/python bench/bench_me.py [--duration 10] [--connections 32]

Starts its own uvicorn (one worker) on a fresh SQLite database, signs a user up, creates an
organization and accepts the terms through the API, then loads the server with ``wrk`` (a Lua
script sends the POST bodies; an async httpx client is the fallback when wrk is absent, and
saturates before the server does, so its figures are a floor). Prints the requests per second
of each query and the ratio ``me / __typename``.

Goals: ``__typename`` ≥ 3 000 req/s; ``me`` ≥ 50 % of it.
"""

from __future__ import annotations

import argparse
import asyncio
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
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from models.migrate import upgrade  # noqa: E402

TYPENAME = "{ __typename }"
ME = (
    "{ me { id firstName lastName email organizationTermsAccepted hasSeenAssessmentInstructions "
    "memberships { role organization { id name type } } } }"
)
GOAL_TYPENAME = 3000
GOAL_RATIO = 0.5


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(directory: Path, database_url: str | None) -> tuple[subprocess.Popen[bytes], str]:
    # A fresh database: a new SQLite file, or the (empty) PostgreSQL database given.
    database_url = database_url or f"sqlite://{directory / 'bench.sqlite3'}"
    asyncio.run(upgrade(database_url))
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "ORGA_DATABASE_URL": database_url,
        "ORGA_SECRET_KEY": "bench",
        "ORGA_PUBLIC_URL": url,
        "ORGA_LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
    command = [
        sys.executable, "-m", "uvicorn", "web.app:app_from_env", "--factory",
        "--host", "127.0.0.1", "--port", str(port), "--workers", "1",
        "--no-access-log", "--log-level", "warning",
    ]  # fmt: skip
    process = subprocess.Popen(command, env=env, cwd=ROOT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return process, url
        except httpx.HTTPError:
            time.sleep(0.1)
    process.terminate()
    raise SystemExit("the server did not start")


def graphql(url: str, query: str, variables: dict | None = None, token: str | None = None) -> dict:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = httpx.post(
        f"{url}/graphql", json={"query": query, "variables": variables or {}}, headers=headers
    )
    body = response.json()
    if body.get("errors"):
        raise SystemExit(f"setup failed: {body['errors']}")
    return body["data"]


def create_viewer(url: str) -> str:
    """A teacher with a session, an organization and the terms accepted: the `me` of a dashboard."""
    token = graphql(
        url,
        "mutation($i: SignUpInput!) { signUp(input: $i) { token errors { code } } }",
        {
            "i": {
                "firstName": "Sophie",
                "lastName": "Pix",
                "email": "sophie.pix@example.org",
                "password": "Secret123",
                "acceptTerms": True,
            }
        },
    )["signUp"]["token"]
    graphql(
        url,
        'mutation { createOrganization(input: {name: "Collège Pix", type: SCO}) '
        "{ errors { code } } }",
        token=token,
    )
    version = graphql(url, "{ organizationTerms { version } }")["organizationTerms"]["version"]
    graphql(
        url,
        "mutation($v: String!) "
        "{ acceptOrganizationTerms(input: {version: $v}) { errors { code } } }",
        {"v": version},
        token=token,
    )
    me = graphql(url, ME, token=token)["me"]
    assert me["organizationTermsAccepted"] and len(me["memberships"]) == 1, me
    return token


LUA = """
wrk.method = "POST"
wrk.body = {body}
wrk.headers["Content-Type"] = "application/json"
{auth}
"""


def run_wrk(
    url: str, query: str, token: str | None, duration: int, connections: int, directory: Path
) -> float:
    script = directory / f"{abs(hash(query))}.lua"
    auth = f'wrk.headers["Authorization"] = "Bearer {token}"' if token else ""
    script.write_text(LUA.format(body=json.dumps(json.dumps({"query": query})), auth=auth))
    command = [
        "wrk", "-t", "1", "-c", str(connections), "-d", f"{duration}s",
        "-s", str(script), f"{url}/graphql",
    ]  # fmt: skip
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in output:
        raise SystemExit(f"wrk saw errors:\n{output}")
    found = re.search(r"Requests/sec:\s+([\d.]+)", output)
    assert found, output
    return float(found.group(1))


async def _httpx_load(
    url: str, query: str, token: str | None, duration: int, connections: int
) -> float:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    body = {"query": query}
    done = 0
    deadline = time.monotonic() + duration
    limits = httpx.Limits(max_connections=connections)
    async with httpx.AsyncClient(base_url=url, limits=limits, headers=headers) as client:

        async def worker() -> None:
            nonlocal done
            while time.monotonic() < deadline:
                response = await client.post("/graphql", json=body)
                response.raise_for_status()
                done += 1

        started = time.monotonic()
        await asyncio.gather(*(worker() for _ in range(connections)))
        return done / (time.monotonic() - started)


def measure(
    url: str, query: str, token: str | None, seconds: int, args: argparse.Namespace, directory: Path
) -> float:
    if shutil.which("wrk"):
        return run_wrk(url, query, token, seconds, args.connections, directory)
    return asyncio.run(_httpx_load(url, query, token, seconds, args.connections))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=5, help="seconds per measure")
    parser.add_argument("--rounds", type=int, default=5, help="alternating measures of each")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument(
        "--database-url",
        help="an empty database to use instead of a new SQLite file (e.g. a PostgreSQL one)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        process, url = start_server(directory, args.database_url)
        try:
            token = create_viewer(url)
            tool = "wrk" if shutil.which("wrk") else "httpx (fallback: a floor, not a ceiling)"
            print(
                f"load: {tool}, {args.connections} connections, {args.rounds} rounds of "
                f"{args.duration} s per query, alternating; medians kept"
            )
            measure(url, TYPENAME, None, 2, args, directory)  # warm-up
            measure(url, ME, token, 2, args, directory)
            typenames: list[float] = []
            mes: list[float] = []
            # Alternating rounds: a change of load on the machine hits both queries alike.
            for _ in range(args.rounds):
                typenames.append(measure(url, TYPENAME, None, args.duration, args, directory))
                mes.append(measure(url, ME, token, args.duration, args, directory))
                print(f"  round: __typename {typenames[-1]:6.0f} req/s, me {mes[-1]:6.0f} req/s")
        finally:
            process.terminate()
            process.wait(timeout=10)
    typename, me = statistics.median(typenames), statistics.median(mes)
    ratio = statistics.median(m / t for m, t in zip(mes, typenames, strict=True))
    print(f"{{ __typename }}          {typename:8.0f} req/s   (goal ≥ {GOAL_TYPENAME})")
    print(f"me (authenticated)      {me:8.0f} req/s")
    print(f"ratio me / __typename   {ratio:8.0%}        (goal ≥ {GOAL_RATIO:.0%})")
    ok = typename >= GOAL_TYPENAME and ratio >= GOAL_RATIO
    print("goals met" if ok else "goals NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
