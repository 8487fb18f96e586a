"""Write a new migration for the dialect of ``ORGA_DATABASE_URL`` into its tree.

    ORGA_DATABASE_URL=sqlite:///tmp/m.sqlite3 python -m models.makemigration add_something
    ORGA_DATABASE_URL=postgres://postgres@127.0.0.1/postgres \
        python -m models.makemigration add_something

Run it once per dialect (each in its own process: Tortoise keeps the first dialect's SQL).
It works offline from the tree's last recorded model state; no database is touched.
"""

from __future__ import annotations

import asyncio
import os
import sys

from aerich import Command

from models.config import DEFAULT_DATABASE_URL, migrations_location, tortoise_config


async def make(database_url: str, name: str) -> str | None:
    command = Command(
        tortoise_config=tortoise_config(database_url),
        app="models",
        location=str(migrations_location(database_url)),
    )
    try:
        await command.init(offline=True)
        return await command.migrate(name=name, no_input=True, offline=True)
    finally:
        await command.aclose()


def main() -> int:
    name = sys.argv[1] if len(sys.argv) > 1 else "update"
    url = os.environ.get("ORGA_DATABASE_URL", DEFAULT_DATABASE_URL)
    created = asyncio.run(make(url, name))
    print(f"Nouvelle migration : {created}" if created else "Aucun changement de modèle.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
