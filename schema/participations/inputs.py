from __future__ import annotations

import strawberry


@strawberry.input
class JoinCampaignInput:
    code: str = strawberry.field(description="The campaign code (case and spaces ignored).")
    external_id: str | None = strawberry.field(
        default=None,
        description="Required when the campaign has an `externalIdLabel` and the pupil "
        "joins for the first time; at most 255 characters.",
    )


@strawberry.input
class ShareResultsInput:
    participation_id: strawberry.ID
