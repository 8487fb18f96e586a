"""Organizations: creation (user and operator paths), reading, the Orga terms, the guard."""

from __future__ import annotations

import uuid

import pytest
from accounts_world import (
    PASSWORD,
    TERMS_VERSION,
    Outbox,
    accept_terms,
    add_to,
    count_statements,
    make_organization,
    make_services,
    make_user,
    row_counts,
    token_viewer,
    viewer_of,
)

from models import ApiToken, Membership, Organization, OrganizationType, Role, TermsAcceptance
from resolvers import accounts, organizations, terms
from resolvers.access import credential_cache, require_member, require_reader
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


async def make_token(organization: Organization) -> ApiToken:
    return await ApiToken.create(
        organization=organization, name="ENT", token_hash=uuid.uuid4().hex, prefix="ot_x"
    )


# --- create ------------------------------------------------------------------------------


async def test_a_logged_in_user_creates_an_organization_and_becomes_its_admin() -> None:
    user = await make_user()

    organization = await organizations.create_organization(
        viewer_of(user),
        name="  Collège Pix ",
        type="SCO",
        external_id=" 0750001A ",
        services=make_services(),
    )

    stored = await Organization.get(id=organization.id)
    assert (stored.name, stored.type, stored.external_id) == (
        "Collège Pix",
        OrganizationType.SCO,
        "0750001A",
    )
    membership = await Membership.get(organization=organization, user=user)
    assert membership.role == Role.ADMIN
    assert membership.disabled_at is None


async def test_an_empty_external_id_is_stored_as_none() -> None:
    user = await make_user()

    organization = await organizations.create_organization(
        viewer_of(user), name="Lycée", type="SUP", external_id="  ", services=make_services()
    )

    assert organization.external_id is None


@pytest.mark.parametrize(
    ("name", "type", "external_id", "field"),
    [
        (None, "SCO", None, "name"),
        ("", "SCO", None, "name"),
        ("   ", "SCO", None, "name"),
        ("x" * 256, "SCO", None, "name"),
        ("Collège", "ECOLE", None, "type"),
        ("Collège", None, None, "type"),
        ("Collège", "SCO", "x" * 256, "externalId"),
    ],
)
async def test_create_organization_refuses_invalid_input_and_creates_nothing(
    name: str | None, type: str | None, external_id: str | None, field: str
) -> None:
    user = await make_user()
    before = await row_counts()

    error = await refused(
        ErrorCode.VALIDATION_FAILED,
        organizations.create_organization(
            viewer_of(user), name=name, type=type, external_id=external_id, services=make_services()
        ),
    )

    assert error.field == field
    assert await row_counts() == before


async def test_create_organization_needs_a_logged_in_user() -> None:
    before = await row_counts()

    await refused(
        ErrorCode.UNAUTHENTICATED,
        organizations.create_organization(
            Viewer(), name="Collège", type="SCO", external_id=None, services=make_services()
        ),
    )

    assert await row_counts() == before


# --- operator path -----------------------------------------------------------------------


async def test_the_operator_makes_an_existing_account_admin_without_a_link() -> None:
    existing = await make_user(email="referent@example.org")
    outbox = Outbox()

    organization, admin, link = await organizations.create_organization_for_referent(
        "Collège Pix", "SCO", "0750001A", " Referent@Example.org", make_services(outbox=outbox)
    )

    assert admin.id == existing.id
    assert link is None
    assert outbox.sent == []
    assert (await Membership.get(organization=organization, user=existing)).role == Role.ADMIN


async def test_the_operator_creates_the_referent_account_with_a_link_to_choose_a_password() -> None:
    outbox = Outbox()
    services = make_services(outbox=outbox)

    organization, admin, link = await organizations.create_organization_for_referent(
        "Collège Pix", "SCO", None, "referent@example.org", services
    )

    assert link is not None
    assert link.startswith("https://orga.example/mot-de-passe/reinitialiser?token=pr_")
    [(to, _, body)] = outbox.sent
    assert to == "referent@example.org"
    assert link in body
    assert "Collège Pix" in body
    assert (await Membership.get(organization=organization, user=admin)).role == Role.ADMIN
    anonymous = Viewer(client_address="10.0.0.1")
    # No password works until the referent chooses one with the link.
    await refused(
        ErrorCode.INVALID_CREDENTIALS,
        accounts.log_in(
            anonymous, email="referent@example.org", password=PASSWORD, services=services
        ),
    )

    token = link.split("token=")[1]
    # The platform terms were never accepted: the referent accepts them with their password.
    assert admin.platform_terms_accepted_at is None
    error = await refused(
        ErrorCode.TERMS_REQUIRED,
        accounts.reset_password(anonymous, token=token, new_password=PASSWORD, services=services),
    )
    assert error.field == "acceptTerms"
    await admin.refresh_from_db()
    assert admin.platform_terms_accepted_at is None
    await accounts.reset_password(
        anonymous, token=token, new_password=PASSWORD, services=services, accept_terms=True
    )
    await admin.refresh_from_db()
    assert admin.platform_terms_accepted_at is not None
    assert await accounts.log_in(
        anonymous, email="referent@example.org", password=PASSWORD, services=services
    )


@pytest.mark.parametrize(
    ("name", "type", "email", "field"),
    [
        ("", "SCO", "referent@example.org", "name"),
        ("Collège", "XYZ", "referent@example.org", "type"),
        ("Collège", "SCO", "not-an-email", "adminEmail"),
        ("Collège", "SCO", None, "adminEmail"),
    ],
)
async def test_the_operator_path_refuses_invalid_input_and_creates_nothing(
    name: str, type: str, email: str | None, field: str
) -> None:
    before = await row_counts()

    error = await refused(
        ErrorCode.VALIDATION_FAILED,
        organizations.create_organization_for_referent(name, type, None, email, make_services()),
    )

    assert error.field == field
    assert await row_counts() == before


# --- terms -------------------------------------------------------------------------------


async def test_the_terms_in_force_are_the_policy_version_with_a_french_text() -> None:
    current = terms.current_terms(make_services())

    assert current.version == TERMS_VERSION
    assert "Conditions générales d'utilisation" in current.text


async def test_accepting_the_terms_twice_keeps_one_acceptance() -> None:
    user = await make_user()
    services = make_services()

    first = await terms.accept_organization_terms(viewer_of(user), TERMS_VERSION, services)
    second = await terms.accept_organization_terms(viewer_of(user), TERMS_VERSION, services)

    assert first.organization_terms_accepted and second.organization_terms_accepted
    assert await TermsAcceptance.filter(user=user).count() == 1


@pytest.mark.parametrize("version", [None, "", "2020-01-01", "x" * 33])
async def test_accepting_other_terms_than_those_in_force_is_refused(version: str | None) -> None:
    user = await make_user()
    before = await row_counts()

    error = await refused(
        ErrorCode.VALIDATION_FAILED,
        terms.accept_organization_terms(viewer_of(user), version, make_services()),
    )

    assert error.field == "version"
    assert await row_counts() == before


async def test_accepting_the_terms_needs_a_logged_in_user() -> None:
    await refused(
        ErrorCode.UNAUTHENTICATED,
        terms.accept_organization_terms(Viewer(), TERMS_VERSION, make_services()),
    )


# --- the guard ---------------------------------------------------------------------------


async def test_the_guard_costs_one_query_and_loads_the_organization() -> None:
    organization, admin = await make_organization()

    with count_statements() as statements:
        membership = await require_member(
            viewer_of(admin), organization.id, make_services(), role=Role.ADMIN
        )

    assert len(statements) == 1
    assert membership.organization.name == "Collège Pix"


async def test_the_guard_asks_for_the_terms_until_the_version_in_force_is_accepted() -> None:
    organization, admin = await make_organization(terms=False)
    await accept_terms(admin, "2025-01-01")
    services = make_services()

    await refused(
        ErrorCode.TERMS_NOT_ACCEPTED, require_member(viewer_of(admin), organization.id, services)
    )
    await terms.accept_organization_terms(viewer_of(admin), TERMS_VERSION, services)

    assert await require_member(viewer_of(admin), organization.id, services)


async def test_the_guard_hides_organizations_the_viewer_does_not_belong_to() -> None:
    organization, _ = await make_organization()
    stranger = await make_user()
    await accept_terms(stranger)
    former = await add_to(organization, disabled=True)
    services = make_services()

    await refused(
        ErrorCode.ORGANIZATION_NOT_FOUND,
        require_member(viewer_of(stranger), organization.id, services),
    )
    await refused(
        ErrorCode.ORGANIZATION_NOT_FOUND,
        require_member(viewer_of(stranger), uuid.uuid4(), services),
    )
    former_viewer = Viewer(user_id=former.user_id)  # type: ignore[attr-defined]
    await refused(
        ErrorCode.ORGANIZATION_NOT_FOUND, require_member(former_viewer, organization.id, services)
    )


async def test_the_guard_checks_the_role_after_the_terms() -> None:
    organization, _ = await make_organization()
    member = await add_to(organization, terms=False)
    viewer = Viewer(user_id=member.user_id)  # type: ignore[attr-defined]
    services = make_services()

    await refused(
        ErrorCode.TERMS_NOT_ACCEPTED,
        require_member(viewer, organization.id, services, role=Role.ADMIN),
    )
    await terms.accept_organization_terms(viewer, TERMS_VERSION, services)
    await refused(
        ErrorCode.FORBIDDEN, require_member(viewer, organization.id, services, role=Role.ADMIN)
    )


async def test_the_guard_refuses_api_tokens_and_anonymous_viewers() -> None:
    organization, _ = await make_organization()
    token = await make_token(organization)

    await refused(
        ErrorCode.READ_ONLY_TOKEN,
        require_member(token_viewer(token), organization.id, make_services()),
    )
    await refused(
        ErrorCode.UNAUTHENTICATED, require_member(Viewer(), organization.id, make_services())
    )


async def test_an_api_token_reads_its_organization_only() -> None:
    organization, _ = await make_organization()
    other, _ = await make_organization("Lycée Pix")
    viewer = token_viewer(await make_token(organization))
    services = make_services()

    access = await require_reader(viewer, organization.id, services)
    assert access.via_api_token
    found, _ = await organizations.get_organization(viewer, organization.id, services)
    assert found.name == "Collège Pix"
    await refused(
        ErrorCode.ORGANIZATION_NOT_FOUND, organizations.get_organization(viewer, other.id, services)
    )
    visible = await organizations.visible_organizations(
        viewer, [organization.id, other.id], services
    )
    assert list(visible) == [organization.id]


async def test_get_organization_for_a_member() -> None:
    organization, admin = await make_organization()

    found, access = await organizations.get_organization(
        viewer_of(admin), organization.id, make_services()
    )

    assert found.id == organization.id
    assert access.role == Role.ADMIN


async def test_visible_organizations_keeps_only_those_the_viewer_may_read() -> None:
    mine, admin = await make_organization("Collège Pix")
    theirs, _ = await make_organization("Lycée Pix")
    services = make_services()

    visible = await organizations.visible_organizations(
        viewer_of(admin), [mine.id, theirs.id, uuid.uuid4()], services
    )

    assert list(visible) == [mine.id]
    newcomer = await make_user()
    await add_to(theirs, newcomer, terms=False)
    assert (
        await organizations.visible_organizations(viewer_of(newcomer), [theirs.id], services) == {}
    )
