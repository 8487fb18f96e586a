"""Announcing a campaign change on its two channels: the campaign's and its organization's."""

from __future__ import annotations

import logging

from subscriptions.broadcast import Publisher
from subscriptions.channels import campaign_channel, organization_channel
from subscriptions.events import CampaignChanged, OrganizationCampaignChanged

logger = logging.getLogger("orga.live")


async def publish_campaign_changed(publisher: object | None, event: CampaignChanged) -> None:
    """Publish ``event`` for the campaign's dashboards and its line in the campaign list.

    ``publisher`` is ``Services.publisher``: None (command line, use-case tests) publishes
    nothing. Never raises: the hub logs what it could not send.
    """
    if publisher is None:
        return
    if not isinstance(publisher, Publisher):
        logger.error("publication impossible : %r n'est pas un diffuseur", publisher)
        return
    line = OrganizationCampaignChanged(
        organization_id=event.organization_id,
        campaign_id=event.campaign_id,
        version=event.version,
        change=event.change,
        participants=event.activity.participants,
        shared=event.activity.shared,
        archived=event.activity.archived,
    )
    # Both in one round trip to Redis: every answer publishes them.
    await publisher.publish_all(
        [
            (campaign_channel(event.campaign_id), event.to_payload()),
            (organization_channel(event.organization_id), line.to_payload()),
        ]
    )
