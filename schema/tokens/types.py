from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import strawberry
from strawberry import relay

import models
from resolvers.tokens import visible_api_tokens
from schema.ids import uuid_or_none
from schema.pagination import KeysetConnection


@strawberry.type(
    description="A read-only token a third party uses to read one organization. "
    "The secret itself is shown only once, by `createApiToken`."
)
class ApiToken(relay.Node):
    id: relay.NodeID[str]
    name: str
    prefix: str = strawberry.field(
        description="The first characters of the token, to recognise it in a list."
    )
    created_at: datetime
    last_used_at: datetime | None = strawberry.field(
        description="Last use, to the hour (it is not written on every request)."
    )
    revoked_at: datetime | None = strawberry.field(
        description="When it was revoked; a revoked token no longer authenticates."
    )

    @classmethod
    def from_model(cls, token: models.ApiToken) -> ApiToken:
        return cls(
            id=str(token.id),
            name=token.name,
            prefix=token.prefix,
            created_at=token.created_at,
            last_used_at=token.last_used_at,
            revoked_at=token.revoked_at,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: strawberry.Info, node_ids: Iterable[str], required: bool = False
    ) -> list[ApiToken | None]:
        """Only tokens of organizations the viewer is ADMIN of; None for the others."""
        ids = [uuid_or_none(node_id) for node_id in node_ids]
        context = info.context
        visible = await visible_api_tokens(
            context.viewer, [i for i in ids if i is not None], context.services
        )
        return [cls.from_model(visible[i]) if i in visible else None for i in ids]


@strawberry.type(description="A page of an organization's API tokens.")
class ApiTokenConnection(KeysetConnection[ApiToken]):
    pass
