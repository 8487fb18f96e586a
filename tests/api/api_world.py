"""Helpers of the API tests: a real client against the running server, and its database rows.

Every person gets a unique e-mail, so tests share one server without seeing each other.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from gql import Client, GraphQLRequest
from gql.transport.exceptions import TransportQueryError

PASSWORD = "Secret123"
ERRORS = "errors { code message field }"

SIGN_UP = f"""
mutation SignUp($input: SignUpInput!) {{
  signUp(input: $input) {{ token me {{ id email organizationTermsAccepted }} {ERRORS} }}
}}"""
LOG_IN = f"""
mutation LogIn($input: LogInInput!) {{
  logIn(input: $input) {{ token me {{ id email }} {ERRORS} }}
}}"""
CREATE_ORGANIZATION = f"""
mutation Create($input: CreateOrganizationInput!) {{
  createOrganization(input: $input) {{ organization {{ id name type externalId }} {ERRORS} }}
}}"""
TERMS = "{ organizationTerms { version text } }"
ACCEPT_TERMS = f"""
mutation Accept($input: AcceptOrganizationTermsInput!) {{
  acceptOrganizationTerms(input: $input) {{ me {{ organizationTermsAccepted }} {ERRORS} }}
}}"""
ADD_MEMBER = f"""
mutation Add($input: AddMemberInput!) {{
  addMember(input: $input) {{ membership {{ id role user {{ email }} }} {ERRORS} }}
}}"""
CREATE_API_TOKEN = f"""
mutation CreateToken($input: CreateApiTokenInput!) {{
  createApiToken(input: $input) {{ token apiToken {{ id name prefix revokedAt }} {ERRORS} }}
}}"""


@dataclass
class Result:
    data: dict[str, Any] | None
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def codes(self) -> list[str]:
        return [e.get("extensions", {}).get("code") for e in self.errors]


async def call(client: Client, query: str, variables: dict[str, Any] | None = None) -> Result:
    """Run one operation; the GraphQL errors come back as data instead of an exception."""
    try:
        data = await client.execute_async(GraphQLRequest(query, variable_values=variables))
    except TransportQueryError as error:
        return Result(data=error.data, errors=list(error.errors or []))
    return Result(data=data)


def payload_errors(result: Result, field_name: str) -> list[tuple[str, str | None]]:
    assert result.errors == [], result.errors
    assert result.data is not None
    return [(e["code"], e["field"]) for e in result.data[field_name]["errors"]]


def unique_email(label: str = "prof") -> str:
    return f"{label}.{uuid.uuid4().hex[:10]}@example.org"


@dataclass
class Account:
    email: str
    token: str
    user_id: str
    client: Client


MakeClient = Callable[..., Client]


async def sign_up(make_client: MakeClient, first: str = "Sophie", last: str = "Pix") -> Account:
    email = unique_email(first.lower())
    result = await call(
        make_client(),
        SIGN_UP,
        {
            "input": {
                "firstName": first,
                "lastName": last,
                "email": email,
                "password": PASSWORD,
                "acceptTerms": True,
            }
        },
    )
    payload = result.data["signUp"]  # type: ignore[index]
    assert payload["errors"] == [], payload["errors"]
    return Account(
        email=email,
        token=payload["token"],
        user_id=payload["me"]["id"],
        client=make_client(token=payload["token"]),
    )


async def accept_terms(account: Account) -> None:
    version = (await call(account.client, TERMS)).data["organizationTerms"]["version"]  # type: ignore[index]
    result = await call(account.client, ACCEPT_TERMS, {"input": {"version": version}})
    assert result.data["acceptOrganizationTerms"]["errors"] == []  # type: ignore[index]


async def create_organization(account: Account, name: str = "Collège Pix") -> str:
    result = await call(
        account.client, CREATE_ORGANIZATION, {"input": {"name": name, "type": "SCO"}}
    )
    payload = result.data["createOrganization"]  # type: ignore[index]
    assert payload["errors"] == [], payload["errors"]
    return str(payload["organization"]["id"])


async def admin_of_new_organization(
    make_client: MakeClient, name: str = "Collège Pix"
) -> tuple[Account, str]:
    """A new user who created an organization and accepted the terms."""
    admin = await sign_up(make_client, "Admin", name)
    organization_id = await create_organization(admin, name)
    await accept_terms(admin)
    return admin, organization_id


async def add_member(
    admin: Account, organization_id: str, member: Account, role: str = "MEMBER"
) -> str:
    result = await call(
        admin.client,
        ADD_MEMBER,
        {"input": {"organizationId": organization_id, "email": member.email, "role": role}},
    )
    payload = result.data["addMember"]  # type: ignore[index]
    assert payload["errors"] == [], payload["errors"]
    return str(payload["membership"]["id"])


async def count_rows(server: Any, table: str, where: str = "", *args: Any) -> int:
    """Rows of ``table`` in the server's database, read directly, to prove nothing changed."""
    url: str = server.env["ORGA_DATABASE_URL"]
    query = f'SELECT COUNT(*) FROM "{table}"' + (f" WHERE {where}" if where else "")
    if url.startswith("sqlite"):
        path = url.split("://", 1)[1]
        with sqlite3.connect(path) as connection:
            return int(connection.execute(query.replace("$1", "?"), args).fetchone()[0])
    import asyncpg

    connection = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        return int(await connection.fetchval(query, *args))
    finally:
        await connection.close()


TABLES = (
    "users",
    "sessions",
    "organizations",
    "memberships",
    "terms_acceptances",
    "api_tokens",
    "password_reset_tokens",
)


async def snapshot(server: Any) -> dict[str, int]:
    counts = {table: await count_rows(server, table) for table in TABLES}
    counts["active_admins"] = await count_rows(
        server, "memberships", "disabled_at IS NULL AND role = 'ADMIN'"
    )
    counts["active_memberships"] = await count_rows(server, "memberships", "disabled_at IS NULL")
    counts["revoked_api_tokens"] = await count_rows(server, "api_tokens", "revoked_at IS NOT NULL")
    return counts
