"""Tortoise configuration for a database URL, and which migration tree goes with it."""

import os
from pathlib import Path

from tortoise.backends.base.config_generator import expand_db_url

MIGRATIONS_ROOT = Path(__file__).parent / "migrations"
DEFAULT_DATABASE_URL = "sqlite://orga.sqlite3"


def dialect_of(database_url: str) -> str:
    """``sqlite`` or ``postgres``: the name of the migration tree for this URL."""
    scheme = database_url.split(":", 1)[0].lower()
    if scheme == "sqlite":
        return "sqlite"
    if scheme in {"postgres", "postgresql", "asyncpg", "psycopg"}:
        return "postgres"
    raise ValueError(f"unsupported database URL scheme: {scheme!r}")


def migrations_location(database_url: str) -> Path:
    return MIGRATIONS_ROOT / dialect_of(database_url)


async def keep_session(connection: object) -> None:
    """What the asyncpg pool runs when a connection comes back: nothing.

    By default asyncpg sends ``SELECT pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *; RESET
    ALL`` on every release: one more round trip, and PostgreSQL CPU, for each statement run
    outside a transaction. Orga leaves no session state behind (no ``SET``, ``LISTEN``,
    session advisory lock or open cursor: its locks are row locks inside transactions), and
    asyncpg still rolls back a transaction left open before calling this.
    """


def _connection(database_url: str) -> str | dict[str, object]:
    if dialect_of(database_url) != "postgres":
        return database_url
    config = expand_db_url(database_url)
    config["credentials"]["reset"] = keep_session
    return config


def tortoise_config(database_url: str) -> dict[str, object]:
    return {
        "connections": {"default": _connection(database_url)},
        "apps": {
            "models": {
                "models": ["models", "aerich.models"],
                "default_connection": "default",
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


# For the aerich command line (``aerich migrate``), which wants a module-level dict.
TORTOISE_ORM = tortoise_config(os.environ.get("ORGA_DATABASE_URL", DEFAULT_DATABASE_URL))
