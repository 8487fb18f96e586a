"""Hand-written SQL for the hot paths, on SQLite and PostgreSQL alike.

Building a statement with Tortoise (pypika) costs far more than running a small indexed query
(see docs/decisions/answer-hot-path.md); the few statements an answer runs are written once
here with ``?`` placeholders and sent through the Tortoise connection as they are, so they
join the current transaction. Rows come back as the driver gives them (``sqlite3.Row`` or
``asyncpg.Record``): read them by position.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

_PLACEHOLDER = re.compile(r"\?")
_POSTGRES_SQL: dict[str, str] = {}
# Distinct statements are few (one per shape); the bound only guards against a caller that
# would build them from data.
_POSTGRES_SQL_LIMIT = 1_000


def is_postgres(connection: BaseDBAsyncClient) -> bool:
    return connection.capabilities.dialect == "postgres"


def _numbered(sql: str) -> str:
    """``?`` placeholders as PostgreSQL's ``$1, $2, …`` (computed once per statement)."""
    found = _POSTGRES_SQL.get(sql)
    if found is None:
        counter = iter(range(1, 1 + sql.count("?")))
        found = _PLACEHOLDER.sub(lambda _: f"${next(counter)}", sql)
        if len(_POSTGRES_SQL) >= _POSTGRES_SQL_LIMIT:
            _POSTGRES_SQL.clear()
        _POSTGRES_SQL[sql] = found
    return found


def uuid_value(connection: BaseDBAsyncClient, value: uuid.UUID) -> Any:
    """A UUID as the driver stores it: text on SQLite (``CHAR(36)``), native on PostgreSQL."""
    return value if is_postgres(connection) else str(value)


async def fetch(connection: BaseDBAsyncClient, sql: str, values: Sequence[Any]) -> Sequence[Any]:
    """The rows of a select, written with ``?`` placeholders."""
    if is_postgres(connection):
        sql = _numbered(sql)
    _, rows = await connection.execute_query(sql, list(values))
    return rows


async def insert_returning_id(
    connection: BaseDBAsyncClient, sql: str, values: Sequence[Any]
) -> int:
    """The generated ``id`` of a one-row insert (``RETURNING id``; SQLite's last rowid)."""
    if is_postgres(connection):
        row = await connection.execute_insert(_numbered(sql + " RETURNING id"), list(values))
        return int(row[0])
    return int(await connection.execute_insert(sql, list(values)))


async def execute(connection: BaseDBAsyncClient, sql: str, values: Sequence[Any]) -> None:
    """An insert or update without result, written with ``?`` placeholders."""
    if is_postgres(connection):
        sql = _numbered(sql)
    await connection.execute_query(sql, list(values))


def placeholders(count: int) -> str:
    """``?, ?, …`` for an ``IN (…)`` list or a row of values."""
    return ", ".join("?" * count)
