from __future__ import annotations

import uuid

import strawberry

from resolvers import participations
from resolvers.errors import ErrorCode
from schema.ids import decode_id
from schema.pagination import After, First, decode_cursor
from schema.participations.types import CampaignToJoin, Participation, ParticipationConnection


def participation_id(value: strawberry.ID, field: str = "id") -> uuid.UUID:
    return decode_id(
        value, "Participation", field=field, not_found=ErrorCode.PARTICIPATION_NOT_FOUND
    )


@strawberry.type
class Query:
    @strawberry.field(
        description="The campaign behind a code, for its landing page. Public (no login). "
        "CAMPAIGN_NOT_FOUND « Votre code est erroné, veuillez vérifier ou contacter "
        "l'organisateur. » for a wrong or unknown code."
    )
    async def campaign_by_code(self, code: str) -> CampaignToJoin:
        return CampaignToJoin.from_domain(await participations.campaign_by_code(code))

    @strawberry.field(
        description="One of the logged-in pupil's participations. PARTICIPATION_NOT_FOUND for "
        "any other id."
    )
    async def participation(self, info: strawberry.Info, id: strawberry.ID) -> Participation:
        return Participation.from_model(
            await participations.own_participation(participation_id(id), info.context.viewer)
        )

    @strawberry.field(
        description="« Mes parcours »: the logged-in user's participations, newest first. "
        "UNAUTHENTICATED without a session."
    )
    async def my_participations(
        self, info: strawberry.Info, first: First = 20, after: After = None
    ) -> ParticipationConnection:
        context = info.context
        page = await participations.my_participations(
            viewer=context.viewer,
            services=context.services,
            first=first,
            after=decode_cursor(after),
        )
        return ParticipationConnection.from_page(page, Participation.from_model)
