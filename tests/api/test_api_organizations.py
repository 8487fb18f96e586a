"""Organizations over HTTP, starting with the path a new school takes (seed, first part)."""

from __future__ import annotations

import base64

import pytest
from api_world import (
    ACCEPT_TERMS,
    ADD_MEMBER,
    CREATE_API_TOKEN,
    CREATE_ORGANIZATION,
    LOG_IN,
    PASSWORD,
    TERMS,
    accept_terms,
    admin_of_new_organization,
    call,
    create_organization,
    payload_errors,
    sign_up,
    snapshot,
)

ORGANIZATION = """
query Organization($id: ID!) {
  organization(id: $id) {
    id name type externalId
    members { totalCount edges { node { role user { firstName lastName email } } } }
  }
}"""
ME_ORGANIZATIONS = (
    "{ me { organizationTermsAccepted memberships { role organization { id name type } } } }"
)


def fake_id(type_name: str, node_id: str = "00000000-0000-4000-8000-000000000000") -> str:
    return base64.b64encode(f"{type_name}:{node_id}".encode()).decode()


async def test_a_school_signs_up_builds_its_team_and_lets_a_third_party_read_it(
    make_client,
) -> None:
    # The referent creates an account, then the school's space.
    referent = await sign_up(make_client, "Sophie", "Pix")
    created = await call(
        referent.client,
        CREATE_ORGANIZATION,
        {"input": {"name": "Collège Pix", "type": "SCO", "externalId": "0750001A"}},
    )
    organization = created.data["createOrganization"]["organization"]
    assert organization["name"] == "Collège Pix"

    # Before the Orga terms, the space stays closed; the terms are readable.
    closed = await call(referent.client, ORGANIZATION, {"id": organization["id"]})
    assert closed.codes == ["TERMS_NOT_ACCEPTED"]
    terms = (await call(referent.client, TERMS)).data["organizationTerms"]
    assert "Conditions générales d'utilisation" in terms["text"]
    accepted = await call(referent.client, ACCEPT_TERMS, {"input": {"version": terms["version"]}})
    assert accepted.data["acceptOrganizationTerms"]["me"]["organizationTermsAccepted"] is True

    # The referent adds a colleague who already has an account.
    colleague = await sign_up(make_client, "Stéphane", "Libellot")
    added = await call(
        referent.client,
        ADD_MEMBER,
        {"input": {"organizationId": organization["id"], "email": colleague.email}},
    )
    assert added.data["addMember"]["membership"]["role"] == "MEMBER"

    # The colleague logs in and sees the school, and accepts the terms to enter it.
    login = await call(
        make_client(), LOG_IN, {"input": {"email": colleague.email, "password": PASSWORD}}
    )
    colleague_client = make_client(token=login.data["logIn"]["token"])
    me = (await call(colleague_client, ME_ORGANIZATIONS)).data["me"]
    assert me["memberships"] == [
        {
            "role": "MEMBER",
            "organization": {"id": organization["id"], "name": "Collège Pix", "type": "SCO"},
        }
    ]
    await call(colleague_client, ACCEPT_TERMS, {"input": {"version": terms["version"]}})
    team = (await call(colleague_client, ORGANIZATION, {"id": organization["id"]})).data[
        "organization"
    ]
    assert team["members"]["totalCount"] == 2

    # A third party gets a read-only token: it reads this school, and nothing else.
    token = (
        await call(
            referent.client,
            CREATE_API_TOKEN,
            {"input": {"organizationId": organization["id"], "name": "ENT"}},
        )
    ).data["createApiToken"]["token"]
    third_party = make_client(token=token)
    read = (await call(third_party, ORGANIZATION, {"id": organization["id"]})).data["organization"]
    assert read["name"] == "Collège Pix"
    assert {edge["node"]["user"]["email"] for edge in read["members"]["edges"]} == {None}
    assert (await call(third_party, "{ me { id } }")).codes == ["UNAUTHENTICATED"]
    _, elsewhere = await admin_of_new_organization(make_client, "Lycée Voisin")
    assert (await call(third_party, ORGANIZATION, {"id": elsewhere})).codes == [
        "ORGANIZATION_NOT_FOUND"
    ]
    write = await call(
        third_party, CREATE_ORGANIZATION, {"input": {"name": "Pirate", "type": "PRO"}}
    )
    assert payload_errors(write, "createOrganization") == [("READ_ONLY_TOKEN", None)]


@pytest.mark.parametrize(
    ("organization_input", "field"),
    [
        ({"name": "", "type": "SCO"}, "name"),
        ({"name": "   ", "type": "SCO"}, "name"),
        ({"name": "x" * 256, "type": "SCO"}, "name"),
        ({"name": "Collège", "type": "SCO", "externalId": "x" * 256}, "externalId"),
    ],
)
async def test_create_organization_refuses_bad_input_and_creates_nothing(
    server, make_client, organization_input: dict[str, str], field: str
) -> None:
    account = await sign_up(make_client)
    before = await snapshot(server)

    result = await call(account.client, CREATE_ORGANIZATION, {"input": organization_input})

    assert payload_errors(result, "createOrganization") == [("VALIDATION_FAILED", field)]
    assert result.data["createOrganization"]["organization"] is None
    assert await snapshot(server) == before


@pytest.mark.parametrize(
    "organization_input",
    [{"name": None, "type": "SCO"}, {"name": "Collège", "type": "ECOLE"}, {"name": "Collège"}],
    ids=["null-name", "unknown-type", "missing-type"],
)
async def test_create_organization_with_a_null_or_unknown_value_fails_validation(
    server, make_client, organization_input: dict[str, object]
) -> None:
    account = await sign_up(make_client)
    before = await snapshot(server)

    result = await call(account.client, CREATE_ORGANIZATION, {"input": organization_input})

    assert result.codes == ["GRAPHQL_VALIDATION_FAILED"]
    assert await snapshot(server) == before


async def test_create_organization_needs_a_session(server, make_client) -> None:
    before = await snapshot(server)

    result = await call(
        make_client(), CREATE_ORGANIZATION, {"input": {"name": "Collège", "type": "SCO"}}
    )

    assert payload_errors(result, "createOrganization") == [("UNAUTHENTICATED", None)]
    assert await snapshot(server) == before


async def test_accepting_terms_that_are_not_in_force_is_refused(server, make_client) -> None:
    account = await sign_up(make_client)
    before = await snapshot(server)

    for version in ("2020-01-01", ""):
        result = await call(account.client, ACCEPT_TERMS, {"input": {"version": version}})
        assert payload_errors(result, "acceptOrganizationTerms") == [
            ("VALIDATION_FAILED", "version")
        ]
    assert await snapshot(server) == before


async def test_the_terms_are_public_and_accepting_them_needs_a_session(make_client) -> None:
    terms = (await call(make_client(), TERMS)).data["organizationTerms"]

    result = await call(make_client(), ACCEPT_TERMS, {"input": {"version": terms["version"]}})

    assert payload_errors(result, "acceptOrganizationTerms") == [("UNAUTHENTICATED", None)]


@pytest.mark.parametrize(
    ("organization_id", "code"),
    [
        ("not-a-global-id", "VALIDATION_FAILED"),
        (fake_id("Organization"), "ORGANIZATION_NOT_FOUND"),
        (fake_id("Organization", "12"), "ORGANIZATION_NOT_FOUND"),
        (fake_id("Membership"), "ORGANIZATION_NOT_FOUND"),
    ],
)
async def test_reading_an_unknown_organization_gives_a_coded_error(
    make_client, organization_id: str, code: str
) -> None:
    admin, _ = await admin_of_new_organization(make_client)

    result = await call(admin.client, ORGANIZATION, {"id": organization_id})

    assert result.data == {"organization": None}
    assert result.codes == [code]


async def test_another_organization_looks_exactly_like_an_unknown_one(make_client) -> None:
    admin, _ = await admin_of_new_organization(make_client)
    _, foreign = await admin_of_new_organization(make_client, "Lycée Voisin")

    foreign_result = await call(admin.client, ORGANIZATION, {"id": foreign})
    unknown_result = await call(admin.client, ORGANIZATION, {"id": fake_id("Organization")})

    assert foreign_result.errors[0]["message"] == unknown_result.errors[0]["message"]
    assert foreign_result.codes == unknown_result.codes == ["ORGANIZATION_NOT_FOUND"]


async def test_node_answers_null_for_what_the_viewer_may_not_see(make_client) -> None:
    admin, mine = await admin_of_new_organization(make_client)
    _, foreign = await admin_of_new_organization(make_client, "Lycée Voisin")

    result = await call(
        admin.client,
        """query Nodes($ids: [ID!]!) { nodes(ids: $ids) { id ... on Organization { name } } }""",
        {"ids": [mine, foreign, fake_id("Organization"), "garbage", fake_id("Nope")]},
    )

    assert result.errors == []
    assert result.data["nodes"] == [{"id": mine, "name": "Collège Pix"}, None, None, None, None]


async def test_a_member_sees_the_organization_in_me_before_accepting_the_terms(make_client) -> None:
    account = await sign_up(make_client)
    organization_id = await create_organization(account, "École Pix")

    me = (await call(account.client, ME_ORGANIZATIONS)).data["me"]
    assert me["organizationTermsAccepted"] is False
    assert me["memberships"] == [
        {
            "role": "ADMIN",
            "organization": {"id": organization_id, "name": "École Pix", "type": "SCO"},
        }
    ]

    await accept_terms(account)
    assert (await call(account.client, ME_ORGANIZATIONS)).data["me"][
        "organizationTermsAccepted"
    ] is True
