from __future__ import annotations

import strawberry

from engine.content import bundled_referential
from resolvers import target_profiles
from resolvers.errors import ErrorCode
from schema.ids import decode_id
from schema.target_profiles.types import Competence, TargetProfile


@strawberry.type
class Query:
    @strawberry.field(
        description="The target profiles an organization may test: built-in ones first "
        "(competences by index, then « Les 16 compétences »), then its own by name. Members "
        "and the organization's API tokens; ORGANIZATION_NOT_FOUND otherwise."
    )
    async def target_profiles(
        self, info: strawberry.Info, organization_id: strawberry.ID
    ) -> list[TargetProfile]:
        context = info.context
        profiles = await target_profiles.list_target_profiles(
            decode_id(
                organization_id,
                "Organization",
                field="organizationId",
                not_found=ErrorCode.ORGANIZATION_NOT_FOUND,
            ),
            viewer=context.viewer,
            services=context.services,
        )
        return [TargetProfile.from_summary(p) for p in profiles]

    @strawberry.field(
        description="The 16 competences and their tubes, to build a custom target profile. "
        "Public: the learning content without its challenges."
    )
    def competences(self) -> list[Competence]:
        return [Competence.from_content(c) for c in bundled_referential().competences.values()]
