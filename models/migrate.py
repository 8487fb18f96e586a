"""Applying and checking the aerich migrations of the configured database's dialect."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from aerich import Command

from models.config import migrations_location, tortoise_config


def _command(database_url: str, location: Path) -> Command:
    return Command(
        tortoise_config=tortoise_config(database_url), app="models", location=str(location)
    )


async def upgrade(database_url: str) -> list[str]:
    """Apply every migration not yet applied; return the names of those applied now."""
    command = _command(database_url, migrations_location(database_url))
    try:
        await command.init()
        return list(await command.upgrade(run_in_transaction=True))
    finally:
        await command.aclose()


async def applied(database_url: str) -> list[str]:
    command = _command(database_url, migrations_location(database_url))
    try:
        await command.init()
        return list(await command.history())
    finally:
        await command.aclose()


async def pending_model_changes(database_url: str) -> str | None:
    """The migration aerich would generate for models that its tree does not cover yet.

    Runs offline against a throw-away copy of the tree, so nothing in the repository or the
    database changes. ``None`` means the models and the tree agree.
    """
    source = migrations_location(database_url)
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / source.name
        shutil.copytree(source, copy)
        command = _command(database_url, copy)
        try:
            await command.init(offline=True)
            generated = await command.migrate(name="drift", no_input=True, offline=True)
        finally:
            await command.aclose()
        if not generated:
            return None
        created = next((copy / "models").glob(f"*{generated}*"), None) or next(
            (copy / "models").glob("*drift*"), None
        )
        return created.read_text() if created else str(generated)
