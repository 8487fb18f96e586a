"""Hand-written SQL for the hot paths, on SQLite and PostgreSQL alike.

Building a statement with Tortoise (pypika) costs far more than running a small indexed query
(see docs/decisions/answer-hot-path.md); the hot paths' statements (an answer's are in
``answer_sql.py``) are written once with ``?`` placeholders and sent through these helpers on
the Tortoise connection as they are, so they join the current transaction. Rows come back as
the driver gives them (``sqlite3.Row`` or ``asyncpg.Record``): read them by position.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import uuid
import weakref
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.backends.sqlite.client import SqliteClient

# Tortoise's statement log: every statement of the app, whichever connection sends it.
_sql_log = logging.getLogger("tortoise.db_client")
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


# One read-only connection per Tortoise SQLite client, closed when the client goes away.
_SQLITE_READERS: weakref.WeakKeyDictionary[SqliteClient, sqlite3.Connection] = (
    weakref.WeakKeyDictionary()
)
# A reader never waits long for a lock: in WAL mode it only meets one while the database
# file is being recovered; it then falls back to Tortoise's connection.
_READER_BUSY_TIMEOUT_MS = 50


def _sqlite_reader(connection: BaseDBAsyncClient) -> sqlite3.Connection | None:
    """A read-only connection to the same SQLite file, used on the event loop's thread.

    Only for Tortoise's plain client: inside a transaction (a ``TransactionWrapper``) a read
    must see the transaction's own writes, so it goes through the transaction's connection.
    An in-memory database exists only in its own connection: no reader either.
    """
    if type(connection) is not SqliteClient or connection.filename in ("", ":memory:"):
        return None
    reader = _SQLITE_READERS.get(connection)
    if reader is None:
        reader = sqlite3.connect(connection.filename, isolation_level=None, check_same_thread=False)
        reader.row_factory = sqlite3.Row
        reader.execute("PRAGMA query_only = ON")
        reader.execute(f"PRAGMA busy_timeout = {_READER_BUSY_TIMEOUT_MS}")
        _SQLITE_READERS[connection] = reader
        weakref.finalize(connection, reader.close)
    return reader


async def fetch_committed(
    connection: BaseDBAsyncClient, sql: str, values: Sequence[Any]
) -> Sequence[Any]:
    """The rows of a small indexed select that only needs committed data.

    On the embedded SQLite database the read runs right here, on the event loop's thread, on
    a second, read-only connection: in WAL mode a reader never waits for the writer, and the
    query takes tens of microseconds, less than handing it to aiosqlite's thread and back
    (docs/decisions/me-query.md). Elsewhere, and on any SQLite error, it is ``fetch``.
    """
    reader = _sqlite_reader(connection)
    if reader is not None:
        if _sql_log.isEnabledFor(logging.DEBUG):
            _sql_log.debug("%s (lecture directe): %s", sql, values)
        try:
            return reader.execute(sql, list(values)).fetchall()
        except sqlite3.Error:
            pass
    return await fetch(connection, sql, values)


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


def uuid_of(value: Any) -> uuid.UUID:
    """A UUID column as read: text on SQLite, asyncpg's own UUID type on PostgreSQL."""
    return value if type(value) is uuid.UUID else uuid.UUID(str(value))


def timestamp(value: Any) -> datetime | None:
    """A timestamp column as read: Tortoise's ISO text (always with an offset) on SQLite, an
    aware datetime on PostgreSQL; None stays None."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value)


def placeholders(count: int) -> str:
    """``?, ?, …`` for an ``IN (…)`` list or a row of values."""
    return ", ".join("?" * count)
