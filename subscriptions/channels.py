"""Channel names: one channel per campaign and one per organization.

The names are the contract between processes (they travel through Redis), so they are built
here only and documented in ``docs/live.md``.
"""

from __future__ import annotations

import uuid

CAMPAIGN_PREFIX = "campaign:"
ORGANIZATION_PREFIX = "organization:"


def campaign_channel(campaign_id: uuid.UUID) -> str:
    """Counters and participant rows of one campaign: ``campaign:<uuid>``."""
    return f"{CAMPAIGN_PREFIX}{campaign_id}"


def organization_channel(organization_id: uuid.UUID) -> str:
    """Per-campaign counts of one organization's campaign list: ``organization:<uuid>``."""
    return f"{ORGANIZATION_PREFIX}{organization_id}"
