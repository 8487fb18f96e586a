from __future__ import annotations

import strawberry

from schema.campaigns.types import AssessmentMethod


@strawberry.input
class CreateCampaignInput:
    organization_id: strawberry.ID
    name: str = strawberry.field(
        description="Required, at most 255 characters; seen only by the organization."
    )
    target_profile_id: strawberry.ID = strawberry.field(
        description="What to test: a `TargetProfile` id from `targetProfiles`, or a built-in "
        "profile's content id (`tp-1.1` … `tp-5.2` for one competence, `tp-16` for all)."
    )
    title: str | None = strawberry.field(
        default=None, description="« Titre du parcours », at most 50 characters; empty = none."
    )
    landing_text: str | None = strawberry.field(
        default=None, description="« Texte de la page d'accueil », at most 5000 characters."
    )
    external_id_label: str | None = strawberry.field(
        default=None,
        description="Ask pupils for an identifier with this label (3 to 255 characters); "
        "empty = none. Cannot be changed later.",
    )
    method: AssessmentMethod = strawberry.field(  # type: ignore[valid-type]
        default=AssessmentMethod.SMART_RANDOM,  # type: ignore[attr-defined]
        description="How the test picks questions and measures (SMART_RANDOM by default, "
        "until the IRT method meets its goals in bench/README.md). Cannot be changed later.",
    )


@strawberry.input(
    description="Only the fields given change; `title` or `landingText` null or empty removes it."
)
class UpdateCampaignInput:
    campaign_id: strawberry.ID
    name: str | None = strawberry.UNSET
    title: str | None = strawberry.UNSET
    landing_text: str | None = strawberry.UNSET
    owner_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET,
        description="A `User` id: an active member of the organization.",
    )


@strawberry.input
class CampaignInput:
    campaign_id: strawberry.ID


@strawberry.input(description="Which campaigns to list; every criterion is optional.")
class CampaignFilter:
    name: str | None = strawberry.field(
        default=None, description="Names containing this text (case and accents ignored)."
    )
    archived: bool | None = strawberry.field(
        default=False,
        description="false (default): live campaigns; true: archived ones; null: both.",
    )
    mine: bool = strawberry.field(default=False, description="Only the campaigns the viewer owns.")
