from __future__ import annotations

import strawberry

from resolvers import target_profiles
from resolvers.errors import ErrorCode
from schema.errors import UserError, perform
from schema.ids import decode_id
from schema.target_profiles.inputs import CreateTargetProfileInput
from schema.target_profiles.types import TargetProfile


@strawberry.type
class CreateTargetProfilePayload:
    target_profile: TargetProfile | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Make a custom target profile for the organization from tubes and a "
        "maximum level. Any member. Errors: ORGANIZATION_NOT_FOUND, TERMS_NOT_ACCEPTED, "
        "VALIDATION_FAILED (name, tubeIds, level, description)."
    )
    async def create_target_profile(
        self, info: strawberry.Info, input: CreateTargetProfileInput
    ) -> CreateTargetProfilePayload:
        async def action() -> CreateTargetProfilePayload:
            context = info.context
            profile = await target_profiles.create_target_profile(
                decode_id(
                    input.organization_id,
                    "Organization",
                    field="organizationId",
                    not_found=ErrorCode.ORGANIZATION_NOT_FOUND,
                ),
                name=input.name,
                tube_ids=input.tube_ids,
                level=input.level,
                description=input.description,
                viewer=context.viewer,
                services=context.services,
            )
            return CreateTargetProfilePayload(target_profile=TargetProfile.from_summary(profile))

        return await perform(info, CreateTargetProfilePayload, action)
