from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay

import models
from resolvers.accounts import OwnOrganization
from resolvers.organizations import visible_organizations
from resolvers.team import list_members
from resolvers.terms import Terms
from resolvers.tokens import list_api_tokens
from schema.ids import uuid_or_none
from schema.pagination import After, First, decode_cursor

if TYPE_CHECKING:
    from schema.team.types import MembershipConnection
    from schema.tokens.types import ApiTokenConnection

OrganizationType = strawberry.enum(
    enum.StrEnum(  # type: ignore[misc]
        "OrganizationType", {kind.name: kind.value for kind in models.OrganizationType}
    ),
    description="SCO: a school (collège, lycée); SUP: higher education; PRO: a company or "
    "a training organization.",
)


@strawberry.type(description="A school, university or company that runs campaigns.")
class Organization(relay.Node):
    id: relay.NodeID[str]
    name: str
    type: OrganizationType  # type: ignore[valid-type]
    external_id: str | None = strawberry.field(
        description="The organization's own reference; for a school (SCO), its UAI."
    )
    created_at: datetime

    @classmethod
    def from_model(cls, organization: models.Organization | OwnOrganization) -> Organization:
        return cls(
            id=str(organization.id),
            name=organization.name,
            type=OrganizationType(organization.type.value),
            external_id=organization.external_id,
            created_at=organization.created_at,
        )

    @strawberry.field(
        description="The active members, by last name then first name. Readable by members "
        "and by the organization's API tokens (which get no e-mail addresses)."
    )
    async def members(
        self, info: strawberry.Info, first: First = 20, after: After = None
    ) -> Annotated[MembershipConnection, strawberry.lazy("schema.team.types")]:
        from schema.team.types import Membership, MembershipConnection

        context = info.context
        page, access = await list_members(
            context.viewer,
            uuid_or_none(self.id),  # type: ignore[arg-type]
            context.services,
            first=first,
            after=decode_cursor(after),
        )
        return MembershipConnection.from_page(
            page,
            lambda m: Membership.from_model(
                m, show_email=not access.via_api_token, organization=self
            ),
        )

    @strawberry.field(
        description="The API tokens, newest first, revoked ones included. ADMIN only: null "
        "with a FORBIDDEN error for anyone else."
    )
    async def api_tokens(
        self, info: strawberry.Info, first: First = 20, after: After = None
    ) -> Annotated[ApiTokenConnection, strawberry.lazy("schema.tokens.types")] | None:
        from schema.tokens.types import ApiToken, ApiTokenConnection

        context = info.context
        page = await list_api_tokens(
            context.viewer,
            uuid_or_none(self.id),  # type: ignore[arg-type]
            context.services,
            first=first,
            after=decode_cursor(after),
        )
        return ApiTokenConnection.from_page(page, ApiToken.from_model)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: strawberry.Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Organization | None]:
        """Only organizations the viewer may read (member who accepted the terms, or the
        organization of the API token); None for the others."""
        ids = [uuid_or_none(node_id) for node_id in node_ids]
        context = info.context
        visible = await visible_organizations(
            context.viewer, [i for i in ids if i is not None], context.services
        )
        return [cls.from_model(visible[i]) if i in visible else None for i in ids]


@strawberry.type(description="The Orga terms of use in force.")
class OrganizationTerms:
    version: str = strawberry.field(
        description="Send it back to `acceptOrganizationTerms` to accept this text."
    )
    text: str = strawberry.field(description="The French text, in Markdown.")

    @classmethod
    def from_terms(cls, terms: Terms) -> OrganizationTerms:
        return cls(version=terms.version, text=terms.text)
