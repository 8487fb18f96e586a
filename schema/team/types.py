from __future__ import annotations

import enum
import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay

import models
from resolvers.accounts import OwnMembership
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
    # Built with the membership, a plain field: every caller has the organization at hand, and
    # ``me``, which every page asks, then pays no resolver per membership.
    organization: Annotated[Organization, strawberry.lazy("schema.organizations.types")]
    user_id: strawberry.Private[uuid.UUID]
    # The user's row when it was loaded with the membership: ``user`` then costs no query.
    loaded_user: strawberry.Private[models.User | None]
    show_email: strawberry.Private[bool]

    @classmethod
    def from_model(
        cls,
        membership: models.Membership,
        *,
        show_email: bool,
        organization: Organization | None = None,
    ) -> Membership:
        """From a row whose organization was loaded with it, or is given (a team page)."""
        from schema.organizations.types import Organization

        if organization is None:
            loaded = prefetched(membership, "organization")
            if loaded is None:
                raise ValueError("a membership is shown with its organization loaded")
            organization = Organization.from_model(loaded)  # type: ignore[arg-type]
        return cls(
            id=str(membership.id),
            role=Role(membership.role.value),
            created_at=membership.created_at,
            organization=organization,
            user_id=membership.user_id,  # type: ignore[attr-defined]
            loaded_user=prefetched(membership, "user"),  # type: ignore[arg-type]
            show_email=show_email,
        )

    @classmethod
    def from_own(cls, membership: OwnMembership) -> Membership:
        """One of the viewer's own memberships (``me``): their organization comes with it."""
        from schema.organizations.types import Organization

        return cls(
            id=str(membership.id),
            role=Role(membership.role.value),
            created_at=membership.created_at,
            organization=Organization.from_model(membership.organization),
            user_id=membership.user_id,
            loaded_user=None,
            show_email=True,
        )

    # Sync: hands back an awaitable only when the user was not loaded with the membership,
    # so the usual case (team page) costs no coroutine per row.
    @strawberry.field
    def user(self, info: strawberry.Info) -> User:
        if self.loaded_user is not None:
            return User.from_model(self.loaded_user, show_email=self.show_email)
        return self._load_user(info)  # type: ignore[return-value]

    async def _load_user(self, info: strawberry.Info) -> User:
        user = await info.context.loaders.user_by_id.load(self.user_id)
        return User.from_model(user, show_email=self.show_email)

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
