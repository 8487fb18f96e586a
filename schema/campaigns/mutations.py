from __future__ import annotations

import strawberry

import models
from resolvers import campaigns
from resolvers.campaigns import UNCHANGED
from resolvers.errors import ErrorCode
from schema.campaigns.inputs import CampaignInput, CreateCampaignInput, UpdateCampaignInput
from schema.campaigns.queries import campaign_id
from schema.campaigns.types import Campaign
from schema.errors import UserError, perform
from schema.ids import decode_id, parse_global_id

EDIT_RIGHTS = "The owner or an ADMIN of the organization (FORBIDDEN otherwise)."


@strawberry.type
class CampaignPayload:
    campaign: Campaign | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


def _target_profile_id(value: str) -> str:
    """A built-in profile's content id as is; a ``TargetProfile`` global id decoded."""
    try:
        decoded = strawberry.relay.GlobalID.from_id(value)
    except (ValueError, TypeError):
        return value
    return decoded.node_id if decoded.type_name == "TargetProfile" else value


def _given(value: object) -> object:
    return UNCHANGED if value is strawberry.UNSET else value


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Create a campaign; the creator owns it. Any member. Errors: "
        "ORGANIZATION_NOT_FOUND, TERMS_NOT_ACCEPTED, TARGET_PROFILE_NOT_FOUND, "
        "VALIDATION_FAILED (name, title, landingText, externalIdLabel)."
    )
    async def create_campaign(
        self, info: strawberry.Info, input: CreateCampaignInput
    ) -> CampaignPayload:
        async def action() -> CampaignPayload:
            context = info.context
            campaign = await campaigns.create_campaign(
                decode_id(
                    input.organization_id,
                    "Organization",
                    field="organizationId",
                    not_found=ErrorCode.ORGANIZATION_NOT_FOUND,
                ),
                name=input.name,
                target_profile_id=_target_profile_id(input.target_profile_id),
                title=input.title,
                landing_text=input.landing_text,
                external_id_label=input.external_id_label,
                method=models.AssessmentMethod(input.method.value),
                viewer=context.viewer,
                services=context.services,
            )
            return CampaignPayload(campaign=Campaign.from_model(campaign, context.services.policy))

        return await perform(info, CampaignPayload, action)

    @strawberry.mutation(
        description=f"Change the name, title, landing text or owner. {EDIT_RIGHTS} Errors: "
        "CAMPAIGN_NOT_FOUND, FORBIDDEN, VALIDATION_FAILED (name, title, landingText, ownerId)."
    )
    async def update_campaign(
        self, info: strawberry.Info, input: UpdateCampaignInput
    ) -> CampaignPayload:
        async def action() -> CampaignPayload:
            context = info.context
            owner = input.owner_id
            if owner is not strawberry.UNSET:
                parsed = parse_global_id(owner or "")
                owner = str(parsed[1]) if parsed and parsed[0] == "User" else ""
            campaign = await campaigns.update_campaign(
                campaign_id(input.campaign_id, "campaignId"),
                name=_given(input.name),  # type: ignore[arg-type]
                title=_given(input.title),  # type: ignore[arg-type]
                landing_text=_given(input.landing_text),  # type: ignore[arg-type]
                owner_id=_given(owner),  # type: ignore[arg-type]
                viewer=context.viewer,
                services=context.services,
            )
            return CampaignPayload(campaign=Campaign.from_model(campaign, context.services.policy))

        return await perform(info, CampaignPayload, action)

    @strawberry.mutation(
        description=f"Archive: pupils can no longer join nor send results. {EDIT_RIGHTS} "
        "Errors: CAMPAIGN_NOT_FOUND, FORBIDDEN, CAMPAIGN_ARCHIVED."
    )
    async def archive_campaign(
        self, info: strawberry.Info, input: CampaignInput
    ) -> CampaignPayload:
        async def action() -> CampaignPayload:
            context = info.context
            campaign = await campaigns.archive_campaign(
                campaign_id(input.campaign_id, "campaignId"),
                viewer=context.viewer,
                services=context.services,
            )
            return CampaignPayload(campaign=Campaign.from_model(campaign, context.services.policy))

        return await perform(info, CampaignPayload, action)

    @strawberry.mutation(
        description=f"Bring an archived campaign back. {EDIT_RIGHTS} Errors: "
        "CAMPAIGN_NOT_FOUND, FORBIDDEN, CAMPAIGN_NOT_ARCHIVED."
    )
    async def unarchive_campaign(
        self, info: strawberry.Info, input: CampaignInput
    ) -> CampaignPayload:
        async def action() -> CampaignPayload:
            context = info.context
            campaign = await campaigns.unarchive_campaign(
                campaign_id(input.campaign_id, "campaignId"),
                viewer=context.viewer,
                services=context.services,
            )
            return CampaignPayload(campaign=Campaign.from_model(campaign, context.services.policy))

        return await perform(info, CampaignPayload, action)
