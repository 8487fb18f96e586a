"""The team over HTTP: the members connection, add / change role / remove / leave, bad inputs."""

from __future__ import annotations

import base64

import pytest
from api_world import (
    ADD_MEMBER,
    ERRORS,
    accept_terms,
    add_member,
    admin_of_new_organization,
    call,
    payload_errors,
    sign_up,
    snapshot,
)

MEMBERS = """
query Members($id: ID!, $first: Int!, $after: String) {
  organization(id: $id) {
    members(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { id role user { firstName lastName email } } }
    }
  }
}"""
CHANGE_ROLE = f"""
mutation Change($input: ChangeMemberRoleInput!) {{
  changeMemberRole(input: $input) {{ membership {{ id role }} {ERRORS} }}
}}"""
REMOVE = f"""
mutation Remove($input: RemoveMemberInput!) {{
  removeMember(input: $input) {{ membership {{ id }} {ERRORS} }}
}}"""
LEAVE = f"""
mutation Leave($input: LeaveOrganizationInput!) {{
  leaveOrganization(input: $input) {{
    membership {{ id user {{ lastName }} organization {{ name }} }} {ERRORS}
  }}
}}"""
UNKNOWN = "00000000-0000-4000-8000-000000000000"


def fake_id(type_name: str, node_id: str = UNKNOWN) -> str:
    return base64.b64encode(f"{type_name}:{node_id}".encode()).decode()


async def own_membership_id(account, organization_id: str) -> str:
    result = await call(account.client, "{ me { memberships { id organization { id } } } }")
    return next(
        m["id"]
        for m in result.data["me"]["memberships"]
        if m["organization"]["id"] == organization_id
    )


async def test_the_team_is_read_page_by_page_with_opaque_cursors(make_client) -> None:
    admin, organization_id = await admin_of_new_organization(make_client)
    for first, last in [("Zoé", "Martin"), ("Léa", "Durand"), ("Ali", "Bernard")]:
        await add_member(admin, organization_id, await sign_up(make_client, first, last))

    names, after, pages = [], None, 0
    while True:
        result = await call(
            admin.client, MEMBERS, {"id": organization_id, "first": 2, "after": after}
        )
        connection = result.data["organization"]["members"]
        assert connection["totalCount"] == 4
        names += [e["node"]["user"]["lastName"] for e in connection["edges"]]
        assert connection["pageInfo"]["endCursor"] == connection["edges"][-1]["cursor"]
        pages += 1
        if not connection["pageInfo"]["hasNextPage"]:
            break
        after = connection["pageInfo"]["endCursor"]

    assert pages == 2
    assert names == ["Bernard", "Collège Pix", "Durand", "Martin"]


@pytest.mark.parametrize(
    ("first", "after"),
    [(101, None), (-1, None), (2, "garbage"), (2, base64.b64encode(b'{"a": 1}').decode())],
)
async def test_a_page_size_over_100_or_a_foreign_cursor_is_a_validation_error(
    make_client, first: int, after: str | None
) -> None:
    admin, organization_id = await admin_of_new_organization(make_client)

    result = await call(
        admin.client, MEMBERS, {"id": organization_id, "first": first, "after": after}
    )

    assert result.codes == ["VALIDATION_FAILED"]
    assert result.errors[0]["extensions"]["field"] in {"first", "after"}


async def test_an_admin_adds_a_colleague_as_admin_and_gets_the_membership(make_client) -> None:
    admin, organization_id = await admin_of_new_organization(make_client)
    colleague = await sign_up(make_client, "Paul", "Prof")

    result = await call(
        admin.client,
        ADD_MEMBER,
        {
            "input": {
                "organizationId": organization_id,
                "email": colleague.email.upper(),
                "role": "ADMIN",
            }
        },
    )

    membership = result.data["addMember"]["membership"]
    assert membership["role"] == "ADMIN"
    assert membership["user"]["email"] == colleague.email


async def test_add_member_answers_a_typed_error_for_each_bad_input(server, make_client) -> None:
    admin, organization_id = await admin_of_new_organization(make_client)
    _, foreign_id = await admin_of_new_organization(make_client, "Lycée Voisin")
    colleague = await sign_up(make_client, "Paul", "Prof")
    already = await sign_up(make_client, "Déjà", "Là")
    await add_member(admin, organization_id, already)
    cases = [
        ({"organizationId": "", "email": colleague.email}, "VALIDATION_FAILED", "organizationId"),
        (
            {"organizationId": "%%%", "email": colleague.email},
            "VALIDATION_FAILED",
            "organizationId",
        ),
        (
            {"organizationId": fake_id("Organization"), "email": colleague.email},
            "ORGANIZATION_NOT_FOUND",
            None,
        ),
        (
            {"organizationId": fake_id("Membership"), "email": colleague.email},
            "ORGANIZATION_NOT_FOUND",
            "organizationId",
        ),
        ({"organizationId": foreign_id, "email": colleague.email}, "ORGANIZATION_NOT_FOUND", None),
        ({"organizationId": organization_id, "email": ""}, "VALIDATION_FAILED", "email"),
        ({"organizationId": organization_id, "email": "paul.prof"}, "VALIDATION_FAILED", "email"),
        (
            {"organizationId": organization_id, "email": "x" * 250 + "@example.org"},
            "VALIDATION_FAILED",
            "email",
        ),
        (
            {"organizationId": organization_id, "email": "nobody@example.org"},
            "USER_NOT_FOUND",
            "email",
        ),
        ({"organizationId": organization_id, "email": already.email}, "ALREADY_MEMBER", "email"),
    ]
    before = await snapshot(server)

    for variables, code, field in cases:
        result = await call(admin.client, ADD_MEMBER, {"input": variables})
        assert payload_errors(result, "addMember") == [(code, field)], variables

    for variables in (
        {"organizationId": None, "email": colleague.email},
        {"organizationId": organization_id, "email": colleague.email, "role": "OWNER"},
    ):
        result = await call(admin.client, ADD_MEMBER, {"input": variables})
        assert result.codes == ["GRAPHQL_VALIDATION_FAILED"]
    assert await snapshot(server) == before


async def test_a_member_cannot_manage_the_team_and_a_newcomer_must_accept_the_terms(
    server, make_client
) -> None:
    admin, organization_id = await admin_of_new_organization(make_client)
    member = await sign_up(make_client, "Marie", "Membre")
    member_id = await add_member(admin, organization_id, member)
    colleague = await sign_up(make_client, "Paul", "Prof")
    before = await snapshot(server)

    not_yet = await call(
        member.client,
        ADD_MEMBER,
        {"input": {"organizationId": organization_id, "email": colleague.email}},
    )
    assert payload_errors(not_yet, "addMember") == [("TERMS_NOT_ACCEPTED", None)]
    team_read = await call(member.client, MEMBERS, {"id": organization_id, "first": 5})
    assert team_read.codes == ["TERMS_NOT_ACCEPTED"]

    await accept_terms(member)
    before = await snapshot(server)
    forbidden = await call(
        member.client,
        ADD_MEMBER,
        {"input": {"organizationId": organization_id, "email": colleague.email}},
    )
    assert payload_errors(forbidden, "addMember") == [("FORBIDDEN", None)]
    promote = await call(
        member.client, CHANGE_ROLE, {"input": {"membershipId": member_id, "role": "ADMIN"}}
    )
    assert payload_errors(promote, "changeMemberRole") == [("FORBIDDEN", None)]
    assert await snapshot(server) == before


async def test_the_last_admin_can_be_neither_demoted_nor_removed_nor_leave(
    server, make_client
) -> None:
    admin, organization_id = await admin_of_new_organization(make_client)
    own_id = await own_membership_id(admin, organization_id)
    before = await snapshot(server)

    demote = await call(
        admin.client, CHANGE_ROLE, {"input": {"membershipId": own_id, "role": "MEMBER"}}
    )
    remove = await call(admin.client, REMOVE, {"input": {"membershipId": own_id}})
    leave = await call(admin.client, LEAVE, {"input": {"organizationId": organization_id}})

    assert payload_errors(demote, "changeMemberRole") == [("LAST_ADMIN", None)]
    assert payload_errors(remove, "removeMember") == [("LAST_ADMIN", None)]
    assert payload_errors(leave, "leaveOrganization") == [("LAST_ADMIN", None)]
    assert "administrateur" in demote.data["changeMemberRole"]["errors"][0]["message"]
    assert await snapshot(server) == before


async def test_roles_change_members_are_removed_and_members_leave(make_client) -> None:
    admin, organization_id = await admin_of_new_organization(make_client)
    second = await sign_up(make_client, "Paul", "Prof")
    second_id = await add_member(admin, organization_id, second)
    leaver = await sign_up(make_client, "Léo", "Part")
    await add_member(admin, organization_id, leaver)
    await accept_terms(leaver)

    promoted = await call(
        admin.client, CHANGE_ROLE, {"input": {"membershipId": second_id, "role": "ADMIN"}}
    )
    assert promoted.data["changeMemberRole"]["membership"]["role"] == "ADMIN"
    left = await call(leaver.client, LEAVE, {"input": {"organizationId": organization_id}})
    assert left.data["leaveOrganization"]["errors"] == []
    # The user is not prefetched on this path: it comes through the per-request loader.
    assert left.data["leaveOrganization"]["membership"]["user"] == {"lastName": "Part"}
    assert left.data["leaveOrganization"]["membership"]["organization"] == {"name": "Collège Pix"}
    assert (await call(leaver.client, MEMBERS, {"id": organization_id, "first": 5})).codes == [
        "ORGANIZATION_NOT_FOUND"
    ]
    removed = await call(admin.client, REMOVE, {"input": {"membershipId": second_id}})
    assert removed.data["removeMember"]["errors"] == []

    team = await call(admin.client, MEMBERS, {"id": organization_id, "first": 5})
    assert team.data["organization"]["members"]["totalCount"] == 1


@pytest.mark.parametrize("mutation", ["change", "remove"])
async def test_membership_mutations_refuse_bad_ids_and_foreign_memberships(
    server, make_client, mutation: str
) -> None:
    admin, _organization_id = await admin_of_new_organization(make_client)
    other_admin, other_id = await admin_of_new_organization(make_client, "Lycée Voisin")
    foreign_membership = await own_membership_id(other_admin, other_id)
    query, name = (
        (CHANGE_ROLE, "changeMemberRole") if mutation == "change" else (REMOVE, "removeMember")
    )
    extra = {"role": "ADMIN"} if mutation == "change" else {}
    cases = [
        ("", "VALIDATION_FAILED", "membershipId"),
        ("!!", "VALIDATION_FAILED", "membershipId"),
        (fake_id("Membership"), "MEMBERSHIP_NOT_FOUND", None),
        (fake_id("Organization"), "MEMBERSHIP_NOT_FOUND", "membershipId"),
        (foreign_membership, "MEMBERSHIP_NOT_FOUND", None),
    ]
    before = await snapshot(server)

    for membership_id, code, field in cases:
        result = await call(
            admin.client, query, {"input": {"membershipId": membership_id, **extra}}
        )
        assert payload_errors(result, name) == [(code, field)], membership_id
    null = await call(admin.client, query, {"input": {"membershipId": None, **extra}})
    assert null.codes == ["GRAPHQL_VALIDATION_FAILED"]
    assert await snapshot(server) == before


async def test_leave_refuses_bad_and_foreign_organization_ids(server, make_client) -> None:
    admin, _ = await admin_of_new_organization(make_client)
    _, foreign_id = await admin_of_new_organization(make_client, "Lycée Voisin")
    before = await snapshot(server)

    for organization_id, code in [
        ("", "VALIDATION_FAILED"),
        (fake_id("Organization"), "ORGANIZATION_NOT_FOUND"),
        (foreign_id, "ORGANIZATION_NOT_FOUND"),
    ]:
        result = await call(admin.client, LEAVE, {"input": {"organizationId": organization_id}})
        assert [e[0] for e in payload_errors(result, "leaveOrganization")] == [code]

    assert await snapshot(server) == before
