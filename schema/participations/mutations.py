from __future__ import annotations

import strawberry

from resolvers import participations
from schema.assessments.types import Assessment
from schema.errors import UserError, perform
from schema.participations.inputs import JoinCampaignInput, ShareResultsInput
from schema.participations.queries import participation_id
from schema.participations.types import Participation


@strawberry.type
class JoinCampaignPayload:
    participation: Participation | None = None
    assessment: Assessment | None = strawberry.field(
        default=None, description="Its test; ask `currentChallenge` next."
    )
    created: bool = strawberry.field(
        default=False, description="False when the pupil had already joined: they resume."
    )
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class ShareResultsPayload:
    participation: Participation | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Start the campaign of a code (logged-in user), or resume it when already "
        "joined. Errors: UNAUTHENTICATED, CAMPAIGN_NOT_FOUND, CAMPAIGN_ARCHIVED, "
        "EXTERNAL_ID_REQUIRED, VALIDATION_FAILED (externalId)."
    )
    async def join_campaign(
        self, info: strawberry.Info, input: JoinCampaignInput
    ) -> JoinCampaignPayload:
        async def action() -> JoinCampaignPayload:
            context = info.context
            joined = await participations.join_campaign(
                input.code,
                external_id=input.external_id,
                viewer=context.viewer,
                services=context.services,
            )
            joined.assessment.participation = joined.participation
            return JoinCampaignPayload(
                participation=Participation.from_model(joined.participation),
                assessment=Assessment.from_model(joined.assessment),
                created=joined.created,
            )

        return await perform(info, JoinCampaignPayload, action)

    @strawberry.mutation(
        description="« J'envoie mes résultats »: the organization receives them, frozen. "
        "Errors: PARTICIPATION_NOT_FOUND, ASSESSMENT_NOT_COMPLETED, ALREADY_SHARED, "
        "CAMPAIGN_ARCHIVED."
    )
    async def share_results(
        self, info: strawberry.Info, input: ShareResultsInput
    ) -> ShareResultsPayload:
        async def action() -> ShareResultsPayload:
            context = info.context
            participation = await participations.share_results(
                participation_id(input.participation_id, "participationId"),
                viewer=context.viewer,
                services=context.services,
            )
            return ShareResultsPayload(participation=Participation.from_model(participation))

        return await perform(info, ShareResultsPayload, action)
