"""API tokens: created by an ADMIN, shown once, stored hashed, read-only, one organization."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from accounts_world import (
    Clock,
    add_to,
    make_organization,
    make_services,
    row_counts,
    token_viewer,
    viewer_of,
)

from models import ApiToken
from resolvers import tokens
from resolvers.access import authenticate, credential_cache, hash_token, require_reader
from resolvers.context import Viewer
from resolvers.errors import DomainError, ErrorCode

pytestmark = pytest.mark.usefixtures("db")


@pytest.fixture(autouse=True)
def empty_credential_cache() -> None:
    credential_cache.clear()


async def refused(code: ErrorCode, coroutine: object) -> DomainError:
    with pytest.raises(DomainError) as caught:
        await coroutine  # type: ignore[misc]
    assert caught.value.code == code
    return caught.value


async def test_an_admin_creates_a_token_shown_once_and_stored_hashed() -> None:
    organization, admin = await make_organization()
    services = make_services()

    created = await tokens.create_api_token(
        viewer_of(admin), organization.id, name="  ENT du collège ", services=services
    )

    assert created.token.startswith("ot_")
    stored = await ApiToken.get(id=created.api_token.id)
    assert stored.token_hash == hash_token(created.token)
    assert created.token not in {stored.token_hash, stored.prefix, stored.name}
    assert created.token.startswith(stored.prefix) and len(stored.prefix) == 8
    assert (stored.name, stored.scope, stored.revoked_at) == ("ENT du collège", "read", None)
    assert stored.created_by_id == admin.id  # type: ignore[attr-defined]

    viewer = await authenticate(
        created.token, via_cookie=False, client_address="x", services=services
    )
    assert viewer.is_api_token
    assert viewer.api_token_organization_id == organization.id
    assert viewer.user_id is None
    assert (await ApiToken.get(id=stored.id)).last_used_at is not None


@pytest.mark.parametrize("name", [None, "", "   ", "x" * 101])
async def test_a_token_needs_a_name_of_at_most_100_characters(name: str | None) -> None:
    organization, admin = await make_organization()
    before = await row_counts()

    error = await refused(
        ErrorCode.VALIDATION_FAILED,
        tokens.create_api_token(
            viewer_of(admin), organization.id, name=name, services=make_services()
        ),
    )

    assert error.field == "name"
    assert await row_counts() == before


async def test_only_an_admin_of_the_organization_who_accepted_the_terms_creates_tokens() -> None:
    organization, _ = await make_organization()
    member = await add_to(organization)
    _, other_admin = await make_organization("Lycée Pix")
    lazy, lazy_admin = await make_organization("École", terms=False)
    existing = await ApiToken.create(
        organization=organization, name="ENT", token_hash="h", prefix="ot_x"
    )
    services = make_services()
    before = await row_counts()

    cases = [
        (ErrorCode.FORBIDDEN, Viewer(user_id=member.user_id), organization.id),  # type: ignore[attr-defined]
        (ErrorCode.ORGANIZATION_NOT_FOUND, viewer_of(other_admin), organization.id),
        (ErrorCode.ORGANIZATION_NOT_FOUND, viewer_of(other_admin), uuid.uuid4()),
        (ErrorCode.TERMS_NOT_ACCEPTED, viewer_of(lazy_admin), lazy.id),
        (ErrorCode.UNAUTHENTICATED, Viewer(), organization.id),
        (ErrorCode.READ_ONLY_TOKEN, token_viewer(existing), organization.id),
    ]
    for code, viewer, organization_id in cases:
        await refused(
            code, tokens.create_api_token(viewer, organization_id, name="ENT", services=services)
        )

    assert await row_counts() == before


async def test_a_revoked_token_stops_working_at_once_and_revoking_again_changes_nothing() -> None:
    organization, admin = await make_organization()
    services = make_services()
    created = await tokens.create_api_token(
        viewer_of(admin), organization.id, name="ENT", services=services
    )
    assert (
        await authenticate(created.token, via_cookie=False, client_address="x", services=services)
    ).is_api_token

    revoked = await tokens.revoke_api_token(
        viewer_of(admin), created.api_token.id, services=services
    )
    again = await tokens.revoke_api_token(viewer_of(admin), created.api_token.id, services=services)

    assert revoked.revoked_at is not None
    assert again.revoked_at == revoked.revoked_at
    after = await authenticate(
        created.token, via_cookie=False, client_address="x", services=services
    )
    assert not after.is_api_token


async def test_revoke_refuses_unknown_and_foreign_tokens_and_non_admins() -> None:
    organization, admin = await make_organization()
    member = await add_to(organization)
    _other, other_admin = await make_organization("Lycée Pix")
    services = make_services()
    mine = await tokens.create_api_token(
        viewer_of(admin), organization.id, name="ENT", services=services
    )
    before = await row_counts()

    await refused(
        ErrorCode.API_TOKEN_NOT_FOUND,
        tokens.revoke_api_token(viewer_of(admin), uuid.uuid4(), services=services),
    )
    await refused(
        ErrorCode.API_TOKEN_NOT_FOUND,
        tokens.revoke_api_token(viewer_of(other_admin), mine.api_token.id, services=services),
    )
    await refused(
        ErrorCode.FORBIDDEN,
        tokens.revoke_api_token(
            Viewer(user_id=member.user_id), mine.api_token.id, services=services
        ),  # type: ignore[attr-defined]
    )
    await refused(
        ErrorCode.READ_ONLY_TOKEN,
        tokens.revoke_api_token(token_viewer(mine.api_token), mine.api_token.id, services=services),
    )
    await refused(
        ErrorCode.UNAUTHENTICATED,
        tokens.revoke_api_token(Viewer(), uuid.uuid4(), services=services),
    )

    assert await row_counts() == before


async def test_tokens_are_listed_newest_first_for_admins_only() -> None:
    organization, admin = await make_organization()
    member = await add_to(organization)
    services = make_services()
    created = []
    for name in ("Premier", "Deuxième", "Troisième"):
        created.append(
            await tokens.create_api_token(
                viewer_of(admin), organization.id, name=name, services=services
            )
        )
        # created_at is set by the database clock: make the order unambiguous.
        await ApiToken.filter(id=created[-1].api_token.id).update(
            created_at=Clock().now + timedelta(seconds=len(created))
        )

    first_page = await tokens.list_api_tokens(viewer_of(admin), organization.id, services, first=2)
    second_page = await tokens.list_api_tokens(
        viewer_of(admin), organization.id, services, first=2, after=first_page.keys[-1]
    )

    assert [t.name for t in first_page.items] == ["Troisième", "Deuxième"]
    assert [t.name for t in second_page.items] == ["Premier"]
    assert first_page.has_next_page and not second_page.has_next_page
    assert await first_page.total_count() == 3
    await refused(
        ErrorCode.FORBIDDEN,
        tokens.list_api_tokens(Viewer(user_id=member.user_id), organization.id, services, first=2),  # type: ignore[attr-defined]
    )
    await refused(
        ErrorCode.FORBIDDEN,
        tokens.list_api_tokens(
            token_viewer(created[0].api_token), organization.id, services, first=2
        ),
    )


async def test_a_token_reads_its_organization_and_no_other() -> None:
    organization, admin = await make_organization()
    other, _ = await make_organization("Lycée Pix")
    services = make_services()
    created = await tokens.create_api_token(
        viewer_of(admin), organization.id, name="ENT", services=services
    )
    viewer = token_viewer(created.api_token)

    assert (await require_reader(viewer, organization.id, services)).via_api_token
    await refused(ErrorCode.ORGANIZATION_NOT_FOUND, require_reader(viewer, other.id, services))


async def test_visible_api_tokens_are_those_of_organizations_one_administers() -> None:
    organization, admin = await make_organization()
    member = await add_to(organization)
    other, other_admin = await make_organization("Lycée Pix")
    services = make_services()
    mine = await tokens.create_api_token(
        viewer_of(admin), organization.id, name="ENT", services=services
    )
    theirs = await tokens.create_api_token(
        viewer_of(other_admin), other.id, name="ENT", services=services
    )
    ids = [mine.api_token.id, theirs.api_token.id]

    assert list(await tokens.visible_api_tokens(viewer_of(admin), ids, services)) == [
        mine.api_token.id
    ]
    assert await tokens.visible_api_tokens(Viewer(user_id=member.user_id), ids, services) == {}  # type: ignore[attr-defined]
    assert await tokens.visible_api_tokens(token_viewer(mine.api_token), ids, services) == {}
