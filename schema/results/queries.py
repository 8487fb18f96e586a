from __future__ import annotations

import strawberry

from resolvers import results
from resolvers.errors import ErrorCode
from schema.ids import decode_id
from schema.results.types import CampaignParticipant


@strawberry.type
class Query:
    @strawberry.field(
        description="A participant's page (« Avancement », « Commencé le », results once sent). "
        "PARTICIPATION_NOT_FOUND for an id of a campaign the viewer may not read, existing or "
        "not; `node(id:)` answers null in that case instead."
    )
    async def campaign_participant(
        self, info: strawberry.Info, id: strawberry.ID
    ) -> CampaignParticipant:
        context = info.context
        participation_id = decode_id(
            id, "CampaignParticipant", field="id", not_found=ErrorCode.PARTICIPATION_NOT_FOUND
        )
        found = await results.participant(
            participation_id, viewer=context.viewer, services=context.services
        )
        return CampaignParticipant.from_domain(found)
