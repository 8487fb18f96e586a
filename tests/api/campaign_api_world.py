"""People acting through the real GraphQL API of a running server, for the campaign tests.

``Actor`` is one logged-in person (or an anonymous visitor, or an API token) with an open
``gql`` session; a ``World`` makes them and closes their sessions at the end of the test.
``world.school()`` signs up an admin, creates « Collège Pix » and accepts the Orga terms, like
the seed's first pages.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from gql import Client, GraphQLRequest, gql
from gql.transport.exceptions import TransportQueryError

PASSWORD = "Secret123"

SIGN_UP = """
mutation SignUp($input: SignUpInput!) {
  signUp(input: $input) { token me { id } errors { code message field } }
}
"""
CREATE_ORGANIZATION = """
mutation Create($input: CreateOrganizationInput!) {
  createOrganization(input: $input) { organization { id } errors { code } }
}
"""
TERMS = "query { organizationTerms { version } }"
ACCEPT_TERMS = """
mutation Accept($input: AcceptOrganizationTermsInput!) {
  acceptOrganizationTerms(input: $input) { errors { code } }
}
"""
ADD_MEMBER = """
mutation Add($input: AddMemberInput!) { addMember(input: $input) { errors { code } } }
"""
CREATE_CAMPAIGN = """
mutation Create($input: CreateCampaignInput!) {
  createCampaign(input: $input) {
    campaign { id code name title landingText externalIdLabel directLink skillsCount }
    errors { code message field }
  }
}
"""


class ApiError(Exception):
    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__(errors)
        self.errors = errors

    @property
    def code(self) -> str:
        return str(self.errors[0]["extensions"]["code"])


@dataclass
class Actor:
    client: Client
    user_id: str | None = None
    email: str | None = None
    token: str | None = None
    session: Any = field(default=None, repr=False)

    async def __aenter__(self) -> Actor:
        if self.session is None:
            self.session = await self.client.connect_async()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def run(self, document: str, **variables: Any) -> dict[str, Any]:
        """The ``data`` of a request; raises ``ApiError`` when the response has errors."""
        if self.session is None:
            await self.__aenter__()
        request = GraphQLRequest(gql(document), variable_values=variables or None)
        try:
            return await self.session.execute(request)  # type: ignore[no-any-return]
        except TransportQueryError as error:
            raise ApiError(error.errors or []) from error

    async def mutate(self, document: str, **variables: Any) -> dict[str, Any]:
        """The single payload of a mutation, whatever its name."""
        data = await self.run(document, **variables)
        return next(iter(data.values()))  # type: ignore[no-any-return]

    async def close(self) -> None:
        if self.session is not None:
            await self.client.close_async()
            self.session = None


MakeClient = Callable[..., Client]


@dataclass
class School:
    organization_id: str
    admin: Actor


@dataclass
class World:
    """Everybody a test makes act; ``close()`` ends their sessions (the fixture calls it)."""

    make_client: MakeClient
    actors: list[Actor] = field(default_factory=list)

    async def actor(self, token: str | None = None, **identity: Any) -> Actor:
        actor = Actor(self.make_client(token=token), token=token, **identity)
        self.actors.append(actor)
        return await actor.__aenter__()

    async def close(self) -> None:
        for actor in self.actors:
            await actor.close()

    async def sign_up(self, first_name: str, last_name: str = "Test") -> Actor:
        email = f"{first_name.lower()}.{uuid.uuid4().hex[:8]}@example.org"
        payload = await (await self.actor()).mutate(
            SIGN_UP,
            input={
                "firstName": first_name,
                "lastName": last_name,
                "email": email,
                "password": PASSWORD,
                "acceptTerms": True,
            },
        )
        assert payload["errors"] == [], payload
        return await self.actor(payload["token"], user_id=payload["me"]["id"], email=email)

    async def school(self, name: str = "Collège Pix") -> School:
        admin = await self.sign_up("Sophie", "PIX")
        payload = await admin.mutate(CREATE_ORGANIZATION, input={"name": name, "type": "SCO"})
        assert payload["errors"] == [], payload
        await accept_terms(admin)
        return School(payload["organization"]["id"], admin)

    async def add_member(self, school: School, first_name: str) -> Actor:
        member = await self.sign_up(first_name, "Prof")
        payload = await school.admin.mutate(
            ADD_MEMBER, input={"organizationId": school.organization_id, "email": member.email}
        )
        assert payload["errors"] == [], payload
        await accept_terms(member)
        return member


async def accept_terms(actor: Actor) -> None:
    version = (await actor.run(TERMS))["organizationTerms"]["version"]
    assert (await actor.mutate(ACCEPT_TERMS, input={"version": version}))["errors"] == []


async def create_campaign(school: School, actor: Actor | None = None, **fields: Any) -> dict:
    arguments = {
        "organizationId": school.organization_id,
        "name": "Classe de 3ème",
        "targetProfileId": "tp-1.2",
        **fields,
    }
    payload = await (actor or school.admin).mutate(CREATE_CAMPAIGN, input=arguments)
    assert payload["errors"] == [], payload
    return payload["campaign"]  # type: ignore[no-any-return]
