"""Tortoise configuration for a database URL, and which migration tree goes with it."""

import os
from pathlib import Path

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


def tortoise_config(database_url: str) -> dict[str, object]:
    return {
        "connections": {"default": database_url},
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
