"""A private ``redis-server`` for tests that stop and restart Redis.

The Redis on 6379 is shared with other test runs: outage tests start their own server on a free
port and stop it by its pid, never by name.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@dataclass
class RedisServer:
    """One redis-server process that a test may stop and start again on the same port."""

    directory: Path
    port: int = field(default_factory=_free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        if self.process is not None and self.process.poll() is None:
            return
        log = (self.directory / f"redis-{self.port}.log").open("ab")
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"redis-server s'est arrêté au démarrage (port {self.port})")
            if _answers(self.port):
                return
            time.sleep(0.02)
        self.stop()
        raise RuntimeError(f"redis-server ne répond pas sur le port {self.port}")

    def stop(self) -> None:
        """Stop this server by its pid (SIGTERM: Redis closes every client connection)."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


def redis_server_or_skip(directory: Path) -> RedisServer:
    """A started private server; skipped without ``redis-server`` unless CI=true."""
    if shutil.which("redis-server") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("redis-server est introuvable : installez le paquet Debian redis-server")
        pytest.skip("redis-server n'est pas installé")
    server = RedisServer(directory)
    server.start()
    return server
