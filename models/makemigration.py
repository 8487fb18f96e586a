"""Write a new migration for the dialect of ``ORGA_DATABASE_URL`` into its tree.

    ORGA_DATABASE_URL=sqlite:///tmp/m.sqlite3 python -m models.makemigration add_something
    ORGA_DATABASE_URL=postgres://postgres@127.0.0.1/postgres \
        python -m models.makemigration add_something

Run it once per dialect (each in its own process: Tortoise keeps the first dialect's SQL).
With ``--empty`` it writes a migration with the current model state and no SQL, to fill by
hand where aerich cannot generate it (SQLite cannot change a column's NULL in place: see the
users table rebuild in ``migrations/sqlite/models/4_*``).
It works offline from the tree's last recorded model state; no database is touched.
"""

from __future__ import annotations

import asyncio
import os
import sys

from aerich import Command

from models.config import DEFAULT_DATABASE_URL, migrations_location, tortoise_config


async def make(database_url: str, name: str, *, empty: bool = False) -> str | None:
    command = Command(
        tortoise_config=tortoise_config(database_url),
        app="models",
        location=str(migrations_location(database_url)),
    )
    try:
        await command.init(offline=True)
        return await command.migrate(name=name, empty=empty, no_input=True, offline=True)
    finally:
        await command.aclose()


def main() -> int:
    arguments = [argument for argument in sys.argv[1:] if argument != "--empty"]
    name = arguments[0] if arguments else "update"
    url = os.environ.get("ORGA_DATABASE_URL", DEFAULT_DATABASE_URL)
    created = asyncio.run(make(url, name, empty="--empty" in sys.argv[1:]))
    print(f"Nouvelle migration : {created}" if created else "Aucun changement de modèle.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
