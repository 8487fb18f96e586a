"""Orga served on a throw-away database, for the screenshots and the web app's benchmarks.

``demo_orga()`` migrates an SQLite database in a temporary folder, fills it with `orga demo`
and serves it; ``serve(env)`` serves a database made by the caller. Both yield the server's
URL once `/healthz` answers, and stop it afterwards.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ORGA = str(Path(sys.executable).with_name("orga"))
CHROMIUM = os.environ.get("ORGA_TEST_CHROMIUM", "/usr/bin/chromium")
ADMIN_LINE = re.compile(r"Administratrice : (\S+)\s+mot de passe : (\S+)")


@dataclass
class DemoOrga:
    url: str
    admin_email: str
    admin_password: str


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_env(database_url: str, port: int) -> dict[str, str]:
    url = f"http://127.0.0.1:{port}"
    return {
        **os.environ,
        "ORGA_DATABASE_URL": database_url,
        "ORGA_BROADCAST_URL": os.environ.get("ORGA_BROADCAST_URL", "memory://"),
        "ORGA_PUBLIC_URL": url,
        "ORGA_SECRET_KEY": "throw-away-server",
        "ORGA_LOG_LEVEL": "WARNING",
    }


@contextmanager
def serve(env: dict[str, str], port: int, cwd: str) -> Iterator[str]:
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [ORGA, "serve", "--no-migrate", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            if server.poll() is not None:
                raise SystemExit("Le serveur s'est arrêté au démarrage.")
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("Le serveur n'a pas répondu en 30 s.")
            time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


@contextmanager
def demo_orga() -> Iterator[DemoOrga]:
    with tempfile.TemporaryDirectory(prefix="orga-demo-") as work:
        port = free_port()
        env = server_env(f"sqlite://{work}/demo.sqlite3", port)
        subprocess.run([ORGA, "migrate"], env=env, cwd=work, check=True, capture_output=True)
        print("Données de démonstration…", file=sys.stderr, flush=True)
        demo = subprocess.run(
            [ORGA, "demo"], env=env, cwd=work, check=True, capture_output=True, text=True
        )
        found = ADMIN_LINE.search(demo.stdout)
        if not found:
            raise SystemExit("`orga demo` n'a pas affiché le compte de l'administratrice.")
        with serve(env, port, work) as url:
            yield DemoOrga(url, *found.groups())
