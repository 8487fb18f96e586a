"""API tokens over HTTP: an ADMIN creates and revokes them; a token reads its organization only."""

from __future__ import annotations

import base64

from api_world import (
    CREATE_API_TOKEN,
    ERRORS,
    add_member,
    admin_of_new_organization,
    call,
    payload_errors,
    sign_up,
    snapshot,
)

REVOKE = f"""
mutation Revoke($input: RevokeApiTokenInput!) {{
  revokeApiToken(input: $input) {{ apiToken {{ id revokedAt }} {ERRORS} }}
}}"""
TOKENS = """
query Tokens($id: ID!) {
  organization(id: $id) {
    apiTokens(first: 10) { totalCount edges { node { id name prefix revokedAt } } }
  }
}"""
ORGANIZATION = """
query Organization($id: ID!) {
  organization(id: $id) {
    name members { totalCount edges { node { role user { firstName email } } } }
  }
}"""


def fake_id(type_name: str) -> str:
    return base64.b64encode(f"{type_name}:00000000-0000-4000-8000-000000000000".encode()).decode()


async def new_token(admin, organization_id: str, name: str = "ENT") -> dict:
    result = await call(
        admin.client, CREATE_API_TOKEN, {"input": {"organizationId": organization_id, "name": name}}
    )
    payload = result.data["createApiToken"]
    assert payload["errors"] == []
    return payload


async def test_a_token_is_shown_once_then_listed_by_its_prefix_only(make_client) -> None:
    admin, organization_id = await admin_of_new_organization(make_client)

    created = await new_token(admin, organization_id, "ENT du collège")

    assert created["token"].startswith("ot_")
    assert created["token"].startswith(created["apiToken"]["prefix"])
    listed = (await call(admin.client, TOKENS, {"id": organization_id})).data["organization"][
        "apiTokens"
    ]
    assert listed["totalCount"] == 1
    assert listed["edges"][0]["node"] == created["apiToken"] | {"revokedAt": None}
    assert created["token"] not in str(listed)


async def test_a_token_reads_its_organization_without_emails_and_writes_nothing(
    server, make_client
) -> None:
    admin, organization_id = await admin_of_new_organization(make_client)
    await add_member(admin, organization_id, await sign_up(make_client, "Paul", "Prof"))
    _, elsewhere = await admin_of_new_organization(make_client, "Lycée Voisin")
    third_party = make_client(token=(await new_token(admin, organization_id))["token"])

    read = (await call(third_party, ORGANIZATION, {"id": organization_id})).data["organization"]
    assert read["members"]["totalCount"] == 2
    assert [e["node"]["user"]["email"] for e in read["members"]["edges"]] == [None, None]

    assert (await call(third_party, ORGANIZATION, {"id": elsewhere})).codes == [
        "ORGANIZATION_NOT_FOUND"
    ]
    assert (await call(third_party, "{ me { id } }")).codes == ["UNAUTHENTICATED"]
    tokens = await call(third_party, TOKENS, {"id": organization_id})
    assert tokens.data["organization"]["apiTokens"] is None
    assert tokens.codes == ["FORBIDDEN"]
    nodes = await call(third_party, "query N($id: ID!) { node(id: $id) { id } }", {"id": elsewhere})
    assert nodes.data == {"node": None}

    before = await snapshot(server)
    write = await call(
        third_party, CREATE_API_TOKEN, {"input": {"organizationId": organization_id, "name": "Moi"}}
    )
    assert payload_errors(write, "createApiToken") == [("READ_ONLY_TOKEN", None)]
    leave = await call(
        third_party,
        "mutation L($id: ID!) "
        "{ leaveOrganization(input: {organizationId: $id}) { errors { code } } }",
        {"id": organization_id},
    )
    assert leave.data["leaveOrganization"]["errors"] == [{"code": "READ_ONLY_TOKEN"}]
    assert await snapshot(server) == before


async def test_a_revoked_token_stops_working_and_revoking_again_is_harmless(make_client) -> None:
    admin, organization_id = await admin_of_new_organization(make_client)
    created = await new_token(admin, organization_id)
    third_party = make_client(token=created["token"])
    assert (await call(third_party, ORGANIZATION, {"id": organization_id})).errors == []

    revoked = await call(admin.client, REVOKE, {"input": {"apiTokenId": created["apiToken"]["id"]}})
    again = await call(admin.client, REVOKE, {"input": {"apiTokenId": created["apiToken"]["id"]}})

    assert revoked.data["revokeApiToken"]["apiToken"]["revokedAt"] is not None
    assert (
        again.data["revokeApiToken"]["apiToken"]["revokedAt"]
        == revoked.data["revokeApiToken"]["apiToken"]["revokedAt"]
    )
    # The server that revoked it forgets it at once (one worker here): the caller is nobody.
    assert (await call(third_party, ORGANIZATION, {"id": organization_id})).codes == [
        "UNAUTHENTICATED"
    ]


async def test_create_token_refuses_bad_input_non_admins_and_foreign_organizations(
    server, make_client
) -> None:
    admin, organization_id = await admin_of_new_organization(make_client)
    member = await sign_up(make_client, "Marie", "Membre")
    await add_member(admin, organization_id, member)
    _, foreign_id = await admin_of_new_organization(make_client, "Lycée Voisin")
    before = await snapshot(server)

    cases = [
        (admin, {"organizationId": organization_id, "name": ""}, "VALIDATION_FAILED", "name"),
        (
            admin,
            {"organizationId": organization_id, "name": "x" * 101},
            "VALIDATION_FAILED",
            "name",
        ),
        (admin, {"organizationId": "", "name": "ENT"}, "VALIDATION_FAILED", "organizationId"),
        (admin, {"organizationId": "@@", "name": "ENT"}, "VALIDATION_FAILED", "organizationId"),
        (
            admin,
            {"organizationId": fake_id("Organization"), "name": "ENT"},
            "ORGANIZATION_NOT_FOUND",
            None,
        ),
        (admin, {"organizationId": foreign_id, "name": "ENT"}, "ORGANIZATION_NOT_FOUND", None),
        (member, {"organizationId": organization_id, "name": "ENT"}, "TERMS_NOT_ACCEPTED", None),
    ]
    for account, variables, code, field in cases:
        result = await call(account.client, CREATE_API_TOKEN, {"input": variables})
        assert payload_errors(result, "createApiToken") == [(code, field)], variables
    null = await call(
        admin.client, CREATE_API_TOKEN, {"input": {"organizationId": organization_id, "name": None}}
    )
    assert null.codes == ["GRAPHQL_VALIDATION_FAILED"]

    assert await snapshot(server) == before


async def test_revoke_refuses_bad_ids_and_tokens_of_other_organizations(
    server, make_client
) -> None:
    admin, _ = await admin_of_new_organization(make_client)
    other_admin, other_id = await admin_of_new_organization(make_client, "Lycée Voisin")
    foreign = await new_token(other_admin, other_id)
    before = await snapshot(server)

    for token_id, code, field in [
        ("", "VALIDATION_FAILED", "apiTokenId"),
        ("xyz", "VALIDATION_FAILED", "apiTokenId"),
        (fake_id("ApiToken"), "API_TOKEN_NOT_FOUND", None),
        (fake_id("Organization"), "API_TOKEN_NOT_FOUND", "apiTokenId"),
        (foreign["apiToken"]["id"], "API_TOKEN_NOT_FOUND", None),
    ]:
        result = await call(admin.client, REVOKE, {"input": {"apiTokenId": token_id}})
        assert payload_errors(result, "revokeApiToken") == [(code, field)], token_id

    assert await snapshot(server) == before
