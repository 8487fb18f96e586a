from __future__ import annotations

import uuid

import strawberry

from resolvers import campaigns
from resolvers.campaigns import CampaignOrder as DomainCampaignOrder
from resolvers.errors import ErrorCode
from schema.campaigns.inputs import CampaignFilter
from schema.campaigns.types import Campaign, CampaignConnection, CampaignOrder
from schema.ids import decode_id
from schema.pagination import After, First, decode_cursor


def campaign_id(value: strawberry.ID, field: str = "id") -> uuid.UUID:
    return decode_id(value, "Campaign", field=field, not_found=ErrorCode.CAMPAIGN_NOT_FOUND)


@strawberry.type
class Query:
    @strawberry.field(
        description="A campaign of an organization the viewer belongs to, or of the API "
        "token's organization. CAMPAIGN_NOT_FOUND for any other id, existing or not."
    )
    async def campaign(self, info: strawberry.Info, id: strawberry.ID) -> Campaign:
        context = info.context
        campaign = await campaigns.get_campaign(
            campaign_id(id), viewer=context.viewer, services=context.services
        )
        return Campaign.from_model(campaign, context.services.policy)

    @strawberry.field(
        description="The organization's campaigns with their participants and results "
        "received counts; live ones sorted by name unless asked otherwise."
    )
    async def campaigns(
        self,
        info: strawberry.Info,
        organization_id: strawberry.ID,
        first: First = 20,
        after: After = None,
        order_by: CampaignOrder = CampaignOrder.NAME,  # type: ignore[valid-type]
        filter: CampaignFilter | None = None,
    ) -> CampaignConnection:
        context = info.context
        criteria = filter or CampaignFilter()
        result = await campaigns.list_campaigns(
            decode_id(
                organization_id,
                "Organization",
                field="organizationId",
                not_found=ErrorCode.ORGANIZATION_NOT_FOUND,
            ),
            viewer=context.viewer,
            services=context.services,
            first=first,
            after=decode_cursor(after),
            order=DomainCampaignOrder(order_by.value),
            name=criteria.name,
            archived=criteria.archived,
            mine=criteria.mine,
        )
        policy = context.services.policy
        return CampaignConnection.from_page(
            result.page, lambda c: Campaign.from_model(c, policy, result.counts_of(c))
        )
