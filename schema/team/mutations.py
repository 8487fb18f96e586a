from __future__ import annotations

import uuid

import strawberry

from resolvers import team
from resolvers.errors import ErrorCode
from schema.errors import UserError, perform
from schema.ids import decode_id
from schema.team.inputs import (
    AddMemberInput,
    ChangeMemberRoleInput,
    LeaveOrganizationInput,
    RemoveMemberInput,
)
from schema.team.types import Membership


@strawberry.type
class AddMemberPayload:
    membership: Membership | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class ChangeMemberRolePayload:
    membership: Membership | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class RemoveMemberPayload:
    membership: Membership | None = strawberry.field(
        default=None, description="The membership as it was just before its removal."
    )
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class LeaveOrganizationPayload:
    membership: Membership | None = strawberry.field(
        default=None, description="The viewer's former membership."
    )
    errors: list[UserError] = strawberry.field(default_factory=list)


def _organization_id(value: str) -> uuid.UUID:
    return decode_id(
        value, "Organization", field="organizationId", not_found=ErrorCode.ORGANIZATION_NOT_FOUND
    )


def _membership_id(value: str) -> uuid.UUID:
    return decode_id(
        value, "Membership", field="membershipId", not_found=ErrorCode.MEMBERSHIP_NOT_FOUND
    )


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="ADMIN adds the owner of an existing account to the team. Errors: "
        "USER_NOT_FOUND, ALREADY_MEMBER, FORBIDDEN, ORGANIZATION_NOT_FOUND, TERMS_NOT_ACCEPTED."
    )
    async def add_member(self, info: strawberry.Info, input: AddMemberInput) -> AddMemberPayload:
        async def action() -> AddMemberPayload:
            context = info.context
            membership = await team.add_member(
                context.viewer,
                _organization_id(input.organization_id),
                email=input.email,
                role=input.role.value,
                services=context.services,
            )
            return AddMemberPayload(membership=Membership.from_model(membership, show_email=True))

        return await perform(info, AddMemberPayload, action)

    @strawberry.mutation(
        description="ADMIN changes a member's role. Errors: LAST_ADMIN (the last ADMIN cannot "
        "be demoted), MEMBERSHIP_NOT_FOUND, FORBIDDEN, TERMS_NOT_ACCEPTED."
    )
    async def change_member_role(
        self, info: strawberry.Info, input: ChangeMemberRoleInput
    ) -> ChangeMemberRolePayload:
        async def action() -> ChangeMemberRolePayload:
            context = info.context
            membership = await team.change_member_role(
                context.viewer,
                _membership_id(input.membership_id),
                role=input.role.value,
                services=context.services,
            )
            return ChangeMemberRolePayload(
                membership=Membership.from_model(membership, show_email=True)
            )

        return await perform(info, ChangeMemberRolePayload, action)

    @strawberry.mutation(
        description="ADMIN removes a member from the team (their campaigns stay). Errors: "
        "LAST_ADMIN, MEMBERSHIP_NOT_FOUND, FORBIDDEN, TERMS_NOT_ACCEPTED."
    )
    async def remove_member(
        self, info: strawberry.Info, input: RemoveMemberInput
    ) -> RemoveMemberPayload:
        async def action() -> RemoveMemberPayload:
            context = info.context
            membership = await team.remove_member(
                context.viewer,
                _membership_id(input.membership_id),
                services=context.services,
            )
            return RemoveMemberPayload(
                membership=Membership.from_model(membership, show_email=True)
            )

        return await perform(info, RemoveMemberPayload, action)

    @strawberry.mutation(
        description="The viewer leaves the organization. Errors: LAST_ADMIN (name another "
        "ADMIN first), ORGANIZATION_NOT_FOUND, TERMS_NOT_ACCEPTED."
    )
    async def leave_organization(
        self, info: strawberry.Info, input: LeaveOrganizationInput
    ) -> LeaveOrganizationPayload:
        async def action() -> LeaveOrganizationPayload:
            context = info.context
            membership = await team.leave_organization(
                context.viewer,
                _organization_id(input.organization_id),
                services=context.services,
            )
            return LeaveOrganizationPayload(
                membership=Membership.from_model(membership, show_email=True)
            )

        return await perform(info, LeaveOrganizationPayload, action)
