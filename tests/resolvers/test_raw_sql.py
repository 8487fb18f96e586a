"""Hand-written reads: ``fetch_committed`` reads committed rows, and a transaction its own."""

from __future__ import annotations

import pytest
from accounts_world import make_user
from tortoise import connections
from tortoise.transactions import in_transaction

from models import User
from resolvers import raw_sql

pytestmark = pytest.mark.usefixtures("db")

NAME = 'SELECT "first_name" FROM "users" WHERE "id" = ?'


async def test_a_committed_write_is_read_and_a_transaction_reads_its_own() -> None:
    user = await make_user("Avant", "Pix")
    outside = connections.get("default")

    async with in_transaction() as transaction:
        await User.filter(id=user.id).update(first_name="Pendant")
        mine = await raw_sql.fetch_committed(
            transaction, NAME, [raw_sql.uuid_value(transaction, user.id)]
        )
        assert [row[0] for row in mine] == ["Pendant"]
    after = await raw_sql.fetch_committed(outside, NAME, [raw_sql.uuid_value(outside, user.id)])

    assert [row[0] for row in after] == ["Pendant"]


async def test_the_sqlite_reader_reads_nothing_but_committed_rows() -> None:
    user = await make_user("Avant", "Pix")
    outside = connections.get("default")
    values = [raw_sql.uuid_value(outside, user.id)]

    async with in_transaction():
        await User.filter(id=user.id).update(first_name="Pendant")
        # Another request meanwhile: it must not see an uncommitted name.
        during = await raw_sql.fetch_committed(outside, NAME, values)

    assert [row[0] for row in during] == ["Avant"]
