"""The Subscription root: live campaign dashboards and the live campaign list (design §6).

Each field authorizes once when it starts (the WebSocket's viewer: token from
``connection_init`` or session cookie), subscribes to the channel *before* reading the state
it sends first, then forwards the events other processes published, with no query of its own.
After a Redis outage, or when it fell too far behind, it reads and sends the full state again,
re-checking access first. States older than what was already sent are dropped (``version``).

Failures end the subscription with one error carrying ``extensions.code``: the domain codes
(UNAUTHENTICATED, TERMS_NOT_ACCEPTED, CAMPAIGN_NOT_FOUND for an unknown campaign or one of
another organization, ORGANIZATION_NOT_FOUND…) or INTERNAL_ERROR, with nothing internal leaked.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncGenerator, AsyncIterator
from contextlib import asynccontextmanager
from functools import partial

import strawberry
from graphql import GraphQLError

from resolvers import live
from resolvers.errors import DEFAULT_MESSAGES, DomainError, ErrorCode
from schema.ids import decode_id
from schema.subscriptions.types import (
    CampaignActivityUpdate,
    CampaignParticipantsUpdate,
    OrganizationCampaignsUpdate,
)
from subscriptions.broadcast import Delivery, Hub, Payload
from subscriptions.channels import campaign_channel, organization_channel
from subscriptions.events import CampaignChanged, OrganizationCampaignChanged, PayloadError

logger = logging.getLogger("orga.live")

# Rows that may wait for a slow client before it gets the whole table again instead.
PENDING_ROWS = 256


@asynccontextmanager
async def _api_errors(field: str) -> AsyncIterator[None]:
    """Turn failures into the API's coded errors (the ``ApiErrors`` extension only sees the
    end of a stream, after the client already got the error)."""
    try:
        yield
    except DomainError as error:
        extensions: dict[str, object] = {"code": error.code.value}
        if error.field:
            extensions["field"] = error.field
        raise GraphQLError(error.message, extensions=extensions, original_error=error) from None
    except GraphQLError:
        raise
    except Exception as error:
        logger.exception("abonnement %s interrompu par une erreur inattendue", field)
        raise GraphQLError(
            DEFAULT_MESSAGES[ErrorCode.INTERNAL_ERROR],
            extensions={"code": ErrorCode.INTERNAL_ERROR.value},
            original_error=error,
        ) from None


def _hub(info: strawberry.Info) -> Hub:
    hub = info.context.services.publisher
    if not isinstance(hub, Hub):
        raise RuntimeError("diffusion temps réel non configurée (Services.publisher)")
    return hub


def _event(delivery: Delivery) -> CampaignChanged | None:
    def decode() -> CampaignChanged | None:
        try:
            return CampaignChanged.from_payload(delivery.payload)
        except PayloadError as error:
            logger.warning("événement ignoré sur %s : %s", delivery.channel, error)
            return None

    return delivery.shared("campaign_changed", decode)


def _participant_key(payload: Payload) -> object:
    participant = payload.get("participant")
    return participant.get("participation_id") if isinstance(participant, dict) else None


def _campaign_key(payload: Payload) -> object:
    return payload.get("campaign_id")


@strawberry.type
class Subscription:
    @strawberry.subscription(
        description="The counters of a campaign's « Activité » tab, live: first the full "
        "state, then one message per join, answer, finished test, results sent or archiving. "
        "For members of the campaign's organization and its API tokens."
    )
    async def campaign_activity(
        self, info: strawberry.Info, campaign_id: strawberry.ID
    ) -> AsyncGenerator[CampaignActivityUpdate, None]:
        async with _api_errors("campaignActivity"):
            context = info.context
            campaign = await _campaign(info, campaign_id)
            async with _hub(info).subscribe(campaign_channel(campaign)) as mailbox:
                state = await live.campaign_state(campaign)
                last = state.version
                yield CampaignActivityUpdate.full(state)
                async for message in mailbox:
                    if not isinstance(message, Delivery):
                        await live.authorize_campaign(
                            campaign, viewer=context.viewer, services=context.services
                        )
                        state = await live.campaign_state(campaign)
                        last = state.version
                        yield CampaignActivityUpdate.full(state)
                        continue
                    event = _event(message)
                    if event is None or event.version <= last:
                        continue
                    last = event.version
                    yield message.shared(
                        "campaignActivity", partial(CampaignActivityUpdate.from_event, event)
                    )

    @strawberry.subscription(
        description="Rows of a campaign's participants table, live: first every participant, "
        "then the rows that changed (status, progress, results once sent). Same access as "
        "`campaignActivity`."
    )
    async def campaign_participants(
        self, info: strawberry.Info, campaign_id: strawberry.ID
    ) -> AsyncGenerator[CampaignParticipantsUpdate, None]:
        async with _api_errors("campaignParticipants"):
            context = info.context
            campaign = await _campaign(info, campaign_id)
            hub = _hub(info)
            channel = campaign_channel(campaign)
            seen: dict[uuid.UUID, int]
            async with hub.subscribe(channel, key=_participant_key, capacity=PENDING_ROWS) as box:
                state = await live.campaign_state(campaign)
                rows = await live.participant_rows(campaign, state.skills_count)
                # The table's version, and the version of each row updated since.
                floor, seen = state.version, {}
                yield CampaignParticipantsUpdate.full(state, rows)
                async for message in box:
                    if not isinstance(message, Delivery):
                        await live.authorize_campaign(
                            campaign, viewer=context.viewer, services=context.services
                        )
                        state = await live.campaign_state(campaign)
                        rows = await live.participant_rows(campaign, state.skills_count)
                        floor, seen = state.version, {}
                        yield CampaignParticipantsUpdate.full(state, rows)
                        continue
                    event = _event(message)
                    if event is None or event.participant is None:
                        continue
                    row_id = event.participant.participation_id
                    # Older than the table sent, or than this row's last update: stale.
                    if event.version <= max(floor, seen.get(row_id, floor)):
                        continue
                    seen[row_id] = event.version
                    update = message.shared(
                        "campaignParticipants",
                        partial(CampaignParticipantsUpdate.from_event, event),
                    )
                    if update is not None:
                        yield update

    @strawberry.subscription(
        description="Participants and results received of each campaign of an organization, "
        "live, for the campaign list: first every campaign, then the campaign that changed. "
        "For the organization's members and API tokens."
    )
    async def organization_campaigns(
        self, info: strawberry.Info, organization_id: strawberry.ID
    ) -> AsyncGenerator[OrganizationCampaignsUpdate, None]:
        async with _api_errors("organizationCampaigns"):
            context = info.context
            organization = decode_id(
                organization_id,
                "Organization",
                field="organizationId",
                not_found=ErrorCode.ORGANIZATION_NOT_FOUND,
            )
            await live.authorize_organization(
                organization, viewer=context.viewer, services=context.services
            )
            hub = _hub(info)
            channel = organization_channel(organization)
            async with hub.subscribe(channel, key=_campaign_key, capacity=PENDING_ROWS) as box:
                states = await live.organization_campaign_states(organization)
                seen = {state.campaign_id: state.version for state in states}
                yield OrganizationCampaignsUpdate.full(organization, states)
                async for message in box:
                    if not isinstance(message, Delivery):
                        await live.authorize_organization(
                            organization, viewer=context.viewer, services=context.services
                        )
                        states = await live.organization_campaign_states(organization)
                        seen = {state.campaign_id: state.version for state in states}
                        yield OrganizationCampaignsUpdate.full(organization, states)
                        continue
                    line = _organization_event(message)
                    if line is None or line.version <= seen.get(line.campaign_id, 0):
                        continue
                    seen[line.campaign_id] = line.version
                    yield message.shared(
                        "organizationCampaigns",
                        partial(OrganizationCampaignsUpdate.from_event, line),
                    )


async def _campaign(info: strawberry.Info, campaign_id: strawberry.ID) -> uuid.UUID:
    context = info.context
    decoded = decode_id(
        campaign_id, "Campaign", field="campaignId", not_found=ErrorCode.CAMPAIGN_NOT_FOUND
    )
    return await live.authorize_campaign(decoded, viewer=context.viewer, services=context.services)


def _organization_event(delivery: Delivery) -> OrganizationCampaignChanged | None:
    def decode() -> OrganizationCampaignChanged | None:
        try:
            return OrganizationCampaignChanged.from_payload(delivery.payload)
        except PayloadError as error:
            logger.warning("événement ignoré sur %s : %s", delivery.channel, error)
            return None

    return delivery.shared("organization_campaign_changed", decode)
