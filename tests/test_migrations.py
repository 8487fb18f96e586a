"""The two migration trees build the schema the models describe."""

from __future__ import annotations

import pytest
from tortoise import connections
from tortoise.exceptions import IntegrityError

from models.config import dialect_of
from models.migrate import applied, pending_model_changes
from tests.conftest import DATABASE_KIND


@pytest.mark.parametrize("dialect_url", ["sqlite://:memory:", "postgres://localhost/unused"])
async def test_models_and_migration_tree_agree(dialect_url: str) -> None:
    # Given the models and the checked-in tree of this dialect,
    # when aerich compares them offline, then it has nothing to generate.
    if dialect_of(dialect_url) != DATABASE_KIND:
        pytest.skip("one dialect per pytest process (the other pass checks this tree)")
    pending = await pending_model_changes(dialect_url)
    assert pending is None, f"models and the {DATABASE_KIND} migrations differ:\n{pending}"


async def test_upgrade_from_empty_applies_every_migration(database_url: str) -> None:
    # The session database was migrated from empty by the fixture: every file is recorded.
    history = await applied(database_url)
    assert history, "no migration recorded"
    assert all(name.endswith(".py") for name in history)


async def test_migrated_schema_has_the_constraints_we_rely_on(db: None) -> None:
    from models import Membership, Organization, User

    connection = connections.get("default")
    await User.create(
        email="a@example.org",
        password_hash="x",
        first_name="A",
        last_name="B",
        platform_terms_accepted_at="2026-01-01T00:00:00+00:00",
    )
    with pytest.raises(IntegrityError):
        await User.create(
            email="a@example.org",
            password_hash="x",
            first_name="C",
            last_name="D",
            platform_terms_accepted_at="2026-01-01T00:00:00+00:00",
        )
    assert await connection.execute_query_dict("SELECT COUNT(*) AS n FROM users") == [{"n": 1}]
    organization = await Organization.create(name="Collège", type="SCO")
    user = await User.get(email="a@example.org")
    await Membership.create(organization=organization, user=user, role="ADMIN")
    with pytest.raises(IntegrityError):
        await Membership.create(organization=organization, user=user, role="MEMBER")


async def test_a_user_may_not_have_accepted_the_platform_terms_yet(db: None) -> None:
    from models import User

    referent = await User.create(
        email="referent@example.org", password_hash="!", first_name="", last_name=""
    )

    assert (await User.get(id=referent.id)).platform_terms_accepted_at is None


async def test_the_sqlite_users_rebuild_keeps_rows_and_references(db: None) -> None:
    # SQLite cannot drop a NOT NULL in place: migration 4 rebuilds the users table. Run its
    # downgrade and upgrade again on a populated database: rows and references survive.
    if DATABASE_KIND != "sqlite":
        pytest.skip("PostgreSQL alters the column in place")
    import importlib
    from pathlib import Path

    from models import Membership, Organization, User

    [path] = Path("models/migrations/sqlite/models").glob("4_*.py")
    migration = importlib.import_module(f"models.migrations.sqlite.models.{path.stem}")
    connection = connections.get("default")
    user = await User.create(
        email="a@example.org",
        password_hash="x",
        first_name="A",
        last_name="B",
        platform_terms_accepted_at="2026-01-01T00:00:00+00:00",
    )
    organization = await Organization.create(name="Collège", type="SCO")
    await Membership.create(organization=organization, user=user, role="ADMIN")

    await connection.execute_script(await migration.downgrade(connection))
    await connection.execute_script(await migration.upgrade(connection))

    assert (await User.get(id=user.id)).email == "a@example.org"
    assert await Membership.filter(user_id=user.id).count() == 1
    assert await connection.execute_query_dict("PRAGMA foreign_key_check") == []
    with pytest.raises(IntegrityError):
        await Membership.create(organization=organization, user_id=Organization().id, role="ADMIN")
    await User.filter(id=user.id).delete()
    assert await Membership.filter(organization=organization).count() == 0
