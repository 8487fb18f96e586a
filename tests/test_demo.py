"""``orga demo``: a fresh database gets a school whose pupils are in every state, once."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
from typing import Any

from tests.conftest import ROOT, DatabaseFactory


def orga(database_url: str, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "web.cli", *arguments],
        cwd=ROOT,
        env={**os.environ, "ORGA_DATABASE_URL": database_url, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def rows(database_url: str, query: str) -> list[tuple[Any, ...]]:
    if database_url.startswith("sqlite"):
        with sqlite3.connect(database_url.split("://", 1)[1]) as connection:
            return [tuple(row) for row in connection.execute(query).fetchall()]

    async def fetch() -> list[tuple[Any, ...]]:
        import asyncpg

        connection = await asyncpg.connect(database_url.replace("postgres://", "postgresql://"))
        try:
            return [tuple(row) for row in await connection.fetch(query)]
        finally:
            await connection.close()

    return asyncio.run(fetch())


def counts(database_url: str) -> dict[str, object]:
    def one(query: str) -> object:
        return rows(database_url, query)[0][0]

    return {
        "organizations": one("SELECT COUNT(*) FROM organizations"),
        "users": one("SELECT COUNT(*) FROM users"),
        "memberships": one("SELECT COUNT(*) FROM memberships"),
        "campaigns": one("SELECT COUNT(*) FROM campaigns"),
        "participations": one("SELECT COUNT(*) FROM participations"),
        "answers": one("SELECT COUNT(*) FROM answers"),
    }


def test_demo_fills_an_empty_database_once(database_factory: DatabaseFactory) -> None:
    database_url = database_factory.create("demo")

    first = orga(database_url, "demo", "--if-empty")

    assert first.returncode == 0, first.stderr
    # The progress bar goes to stderr, the credentials to stdout.
    assert "30/30" in first.stderr
    assert "sophie.pix@demo.orga.fr" in first.stdout
    assert "stephane.libellot@demo.orga.fr" in first.stdout
    assert first.stdout.count("mot de passe : ") == 3
    by_status = dict(
        rows(database_url, "SELECT status, COUNT(*) FROM participations GROUP BY status")
    )
    assert by_status == {"STARTED": 11, "TO_SHARE": 8, "SHARED": 11}
    per_campaign = dict(
        rows(
            database_url,
            "SELECT c.name, COUNT(p.id) FROM campaigns c "
            "LEFT JOIN participations p ON p.campaign_id = c.id GROUP BY c.name",
        )
    )
    assert per_campaign == {
        "Stéphane Libellot - Classe de 3°4": 3,
        "Classe de 5°B": 11,
        "Classe de 3ème": 3,
        "Besançon 1": 8,
        "Classe de 4ème - année 2025": 5,
    }
    school = rows(database_url, "SELECT name, type, external_id FROM organizations")
    assert school == [("Collège Pix", "SCO", "0251234A")]
    roles = rows(
        database_url,
        "SELECT u.email, m.role FROM memberships m JOIN users u ON u.id = m.user_id "
        "ORDER BY m.role",
    )
    assert roles == [
        ("sophie.pix@demo.orga.fr", "ADMIN"),
        ("stephane.libellot@demo.orga.fr", "MEMBER"),
    ]
    # Both accepted the Orga terms; the archived campaign and the seed's landing text exist.
    assert rows(database_url, "SELECT COUNT(DISTINCT user_id) FROM terms_acceptances") == [(2,)]
    assert rows(database_url, "SELECT name FROM campaigns WHERE archived_at IS NOT NULL") == [
        ("Classe de 4ème - année 2025",)
    ]
    assert rows(
        database_url,
        "SELECT title, landing_text FROM campaigns "
        "WHERE name = 'Stéphane Libellot - Classe de 3°4'",
    ) == [
        (
            "Parcours Mener une recherche",
            "Vous devez m'envoyer votre test avant le 18 mars. Bonne chance !",
        )
    ]
    # Sent results went through the real « J'envoie mes résultats »: snapshot and counts.
    shared = rows(
        database_url,
        "SELECT COUNT(*), COUNT(s.id), COUNT(p.competence_results) FROM participations p "
        "LEFT JOIN knowledge_element_snapshots s ON s.participation_id = p.id "
        "WHERE p.status = 'SHARED'",
    )
    assert shared == [(11, 11, 11)]
    before = counts(database_url)

    second = orga(database_url, "demo", "--if-empty")

    assert second.returncode == 0, second.stderr
    assert "non chargées" in second.stdout
    assert counts(database_url) == before
