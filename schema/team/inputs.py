from __future__ import annotations

import strawberry

from schema.team.types import Role


@strawberry.input
class AddMemberInput:
    organization_id: strawberry.ID
    email: str = strawberry.field(
        description="The e-mail of an existing account (USER_NOT_FOUND otherwise)."
    )
    role: Role = Role.MEMBER  # type: ignore[valid-type, attr-defined]


@strawberry.input
class ChangeMemberRoleInput:
    membership_id: strawberry.ID
    role: Role  # type: ignore[valid-type]


@strawberry.input
class RemoveMemberInput:
    membership_id: strawberry.ID


@strawberry.input
class LeaveOrganizationInput:
    organization_id: strawberry.ID
