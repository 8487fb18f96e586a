from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay

import models
from resolvers.team import visible_memberships
from schema.accounts.types import User
from schema.dataloaders import prefetched
from schema.ids import uuid_or_none
from schema.pagination import KeysetConnection

if TYPE_CHECKING:
    from schema.organizations.types import Organization

Role = strawberry.enum(
    enum.StrEnum("Role", {role.name: role.value for role in models.Role}),  # type: ignore[misc]
    description="ADMIN manages the team and the API tokens; MEMBER does everything else.",
)


@strawberry.type(description="A user's place in an organization's team.")
class Membership(relay.Node):
    id: relay.NodeID[str]
    role: Role  # type: ignore[valid-type]
    created_at: datetime = strawberry.field(description="When the user joined the team.")
    model: strawberry.Private[models.Membership]
    show_email: strawberry.Private[bool]

    @classmethod
    def from_model(cls, membership: models.Membership, *, show_email: bool) -> Membership:
        return cls(
            id=str(membership.id),
            role=Role(membership.role.value),
            created_at=membership.created_at,
            model=membership,
            show_email=show_email,
        )

    # Sync resolvers that hand back an awaitable only when the row was not prefetched: the
    # usual case (team page, ``me``) then costs no coroutine per row.
    @strawberry.field
    def user(self, info: strawberry.Info) -> User:
        user = prefetched(self.model, "user")
        if user is not None:
            return User.from_model(user, show_email=self.show_email)
        return self._load_user(info)  # type: ignore[return-value]

    async def _load_user(self, info: strawberry.Info) -> User:
        user = await info.context.loaders.user_by_id.load(self.model.user_id)  # type: ignore[attr-defined]
        return User.from_model(user, show_email=self.show_email)

    @strawberry.field
    def organization(
        self, info: strawberry.Info
    ) -> Annotated[Organization, strawberry.lazy("schema.organizations.types")]:
        from schema.organizations.types import Organization

        organization = prefetched(self.model, "organization")
        if organization is not None:
            return Organization.from_model(organization)
        return self._load_organization(info)  # type: ignore[return-value]

    async def _load_organization(self, info: strawberry.Info) -> Organization:
        from schema.organizations.types import Organization

        organization = await info.context.loaders.organization_by_id.load(
            self.model.organization_id  # type: ignore[attr-defined]
        )
        return Organization.from_model(organization)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: strawberry.Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Membership | None]:
        """Only memberships of organizations the viewer may read; None for the others."""
        ids = [uuid_or_none(node_id) for node_id in node_ids]
        context = info.context
        visible = await visible_memberships(
            context.viewer, [i for i in ids if i is not None], context.services
        )
        show_email = not context.viewer.is_api_token
        return [
            cls.from_model(visible[i], show_email=show_email) if i in visible else None for i in ids
        ]


@strawberry.type(description="A page of an organization's team.")
class MembershipConnection(KeysetConnection[Membership]):
    pass
