from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay

import models
from resolvers.accounts import Me as MeData
from resolvers.team import visible_users
from schema.ids import global_id, uuid_or_none

if TYPE_CHECKING:
    from schema.team.types import Membership


@strawberry.type(description="A person with an Orga account, as their colleagues see them.")
class User(relay.Node):
    id: relay.NodeID[str]
    first_name: str
    last_name: str
    email: str | None = strawberry.field(
        description="Visible to the members of an organization the user belongs to; "
        "null for API tokens (third parties get no personal contact data)."
    )

    @classmethod
    def from_model(cls, user: models.User, *, show_email: bool) -> User:
        return cls(
            id=str(user.id),
            first_name=user.first_name,
            last_name=user.last_name,
            email=user.email if show_email else None,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: strawberry.Info, node_ids: Iterable[str], required: bool = False
    ) -> list[User | None]:
        """Only the viewer, their active colleagues, or for an API token its members."""
        ids = [uuid_or_none(node_id) for node_id in node_ids]
        context = info.context
        visible = await visible_users(
            context.viewer, [i for i in ids if i is not None], context.services
        )
        return [
            cls.from_model(visible[i], show_email=not context.viewer.is_api_token)
            if i in visible
            else None
            for i in ids
        ]


@strawberry.type(description="The logged-in user, with what only they see.")
class Me:
    id: relay.GlobalID = strawberry.field(description="Global id of this user (a `User` node).")
    first_name: str
    last_name: str
    email: str
    organization_terms_accepted: bool = strawberry.field(
        description="Whether the user accepted the Orga terms of use in force. Until they do, "
        "every organization operation answers TERMS_NOT_ACCEPTED."
    )
    has_seen_assessment_instructions: bool = strawberry.field(
        description="Whether the user already saw the instructions of a test."
    )
    memberships: list[Annotated[Membership, strawberry.lazy("schema.team.types")]] = (
        strawberry.field(
            description="The user's active memberships, by organization name. Readable before "
            "the terms are accepted, so that the app can show which organizations await them."
        )
    )

    @classmethod
    def from_data(cls, data: MeData) -> Me:
        from schema.team.types import Membership

        user = data.user
        return cls(
            id=global_id("User", user.id),
            first_name=user.first_name,
            last_name=user.last_name,
            email=user.email,
            organization_terms_accepted=data.organization_terms_accepted,
            has_seen_assessment_instructions=user.has_seen_assessment_instructions,
            # Built now, a plain field: cheaper than a resolver on ``me``, which every page asks.
            memberships=[Membership.from_own(m) for m in data.memberships],
        )


@strawberry.type(description="The platform terms of use, accepted with `signUp`'s `acceptTerms`.")
class PlatformTerms:
    text: str = strawberry.field(description="The French text, in Markdown.")
