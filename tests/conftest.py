"""Shared fixtures: a real database (SQLite or PostgreSQL) and a real server.

One pytest process runs against one database, chosen by ``ORGA_TEST_DATABASE``
(``sqlite``, the default, or ``postgres``): Tortoise cannot switch dialects inside a
process. ``ORGA_TEST_BROADCAST`` (``memory://`` by default, or ``redis://…``) selects the
broadcast backend of the servers the API tests start.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from tortoise import Tortoise, connections

from models.config import tortoise_config
from models.migrate import upgrade

ROOT = Path(__file__).resolve().parent.parent
DATABASE_KIND = os.environ.get("ORGA_TEST_DATABASE", "sqlite")
BROADCAST_URL = os.environ.get("ORGA_TEST_BROADCAST", "memory://")
POSTGRES_ADMIN_URL = os.environ.get(
    "ORGA_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"
)

if DATABASE_KIND not in {"sqlite", "postgres"}:
    raise RuntimeError("ORGA_TEST_DATABASE doit valoir sqlite ou postgres")


def pytest_report_header(config: pytest.Config) -> str:
    return f"orga: database={DATABASE_KIND} broadcast={BROADCAST_URL}"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The browser tests last: Playwright's sync API keeps an event loop running in the main
    thread from its first use to the end of the session, where ``asyncio.run`` (the database
    set-up) and the async tests could no longer run."""
    items.sort(key=lambda item: item.nodeid.startswith("tests/browser/"))


# --- databases ---------------------------------------------------------------------------


async def _postgres_admin(statement: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(POSTGRES_ADMIN_URL.replace("postgres://", "postgresql://"))
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@dataclass
class DatabaseFactory:
    """Creates fresh, migrated databases of the selected kind; drops them at the end."""

    directory: Path
    created: list[str] = field(default_factory=list)

    def create(self, label: str = "db") -> str:
        name = f"orga_test_{label}_{uuid.uuid4().hex[:10]}"
        if DATABASE_KIND == "sqlite":
            url = f"sqlite://{self.directory / name}.sqlite3"
        else:
            asyncio.run(_postgres_admin(f'CREATE DATABASE "{name}"'))
            base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0]
            url = f"{base}/{name}"
        self.created.append(name)
        asyncio.run(upgrade(url))
        return url

    def drop_all(self) -> None:
        if DATABASE_KIND != "postgres":
            return
        for name in self.created:
            with contextlib.suppress(Exception):
                asyncio.run(_postgres_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def database_factory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DatabaseFactory]:
    factory = DatabaseFactory(tmp_path_factory.mktemp("databases"))
    yield factory
    factory.drop_all()


@pytest.fixture(scope="session")
def database_url(database_factory: DatabaseFactory) -> str:
    """The database of use-case tests (emptied after each test)."""
    return database_factory.create("usecases")


def _tables() -> list[str]:
    tables = []
    for app in Tortoise.apps.values():
        for model in app.values():
            tables.append(model._meta.db_table)
    return tables


async def _empty_tables() -> None:
    connection = connections.get("default")
    tables = [t for t in _tables() if t != "aerich"]
    if DATABASE_KIND == "postgres":
        quoted = ", ".join(f'"{t}"' for t in tables)
        await connection.execute_script(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")
    else:
        await connection.execute_script(
            "PRAGMA foreign_keys = OFF;"
            + "".join(f'DELETE FROM "{t}";' for t in tables)
            + "PRAGMA foreign_keys = ON;"
        )


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[None]:
    """An open Tortoise connection to a migrated, empty database."""
    await Tortoise.init(config=tortoise_config(database_url))
    try:
        await _empty_tables()
        yield
    finally:
        await Tortoise.close_connections()


# --- servers -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """A uvicorn subprocess serving Orga, and how to reach it."""

    url: str
    env: dict[str, str]
    process: subprocess.Popen[bytes]
    log_path: Path

    @property
    def graphql_url(self) -> str:
        return f"{self.url}/graphql"

    @property
    def ws_url(self) -> str:
        return self.graphql_url.replace("http://", "ws://")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_server(
    database_url: str,
    log_dir: Path,
    *,
    broadcast_url: str = BROADCAST_URL,
    extra_env: dict[str, str] | None = None,
    workers: int = 1,
) -> Server:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "ORGA_DATABASE_URL": database_url,
        "ORGA_BROADCAST_URL": broadcast_url,
        "ORGA_SECRET_KEY": "test-secret-key",
        "ORGA_PUBLIC_URL": url,
        "ORGA_ALLOWED_ORIGINS": f"{url},http://localhost:{port}",
        "PYTHONPATH": str(ROOT),
        **(extra_env or {}),
    }
    env.pop("ORGA_DEBUG", None) if "ORGA_DEBUG" not in (extra_env or {}) else None
    log_path = log_dir / f"server-{port}.log"
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "web.app:app_from_env",
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--workers",
        str(workers),
    ]
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    server = Server(url=url, env=env, process=process, log_path=log_path)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"le serveur s'est arrêté au démarrage :\n{server.log()}")
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    server.stop()
    raise RuntimeError(f"le serveur n'a pas répondu en 30 s :\n{server.log()}")


@pytest.fixture(scope="session")
def server(
    database_factory: DatabaseFactory, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """One Orga server for the API tests of this pytest process."""
    running = start_server(database_factory.create("server"), tmp_path_factory.mktemp("logs"))
    yield running
    running.stop()


@pytest.fixture
def make_client(server: Server) -> Callable[..., object]:
    """``make_client(token=None, headers=None)`` → a ``gql.Client`` over HTTP to ``server``."""
    from gql import Client
    from gql.transport.httpx import HTTPXAsyncTransport

    def make(token: str | None = None, headers: dict[str, str] | None = None) -> Client:
        all_headers = dict(headers or {})
        if token:
            all_headers["Authorization"] = f"Bearer {token}"
        transport = HTTPXAsyncTransport(url=server.graphql_url, headers=all_headers, timeout=30)
        return Client(transport=transport, fetch_schema_from_transport=False)

    return make
