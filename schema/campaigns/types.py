"""The ``Campaign`` type as the organization sees it.

Extension point: teacher-side fields computed elsewhere (participants, collective results,
activity, export link) live in their own module as a plain class of strawberry fields that
reads ``self.model`` (the ``models.Campaign`` row, organization loaded); add that class to
``Campaign``'s bases below, and nothing else here changes.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay

import models
from resolvers.campaigns import (
    CampaignCounts,
    campaign_counts,
    direct_link,
    readable_campaigns,
)
from resolvers.campaigns import (
    CampaignOrder as DomainCampaignOrder,
)
from resolvers.context import Policy
from resolvers.target_profiles import campaign_target_profile
from schema.accounts.types import User
from schema.dataloaders import prefetched
from schema.ids import uuid_or_none
from schema.pagination import KeysetConnection
from schema.results.types import CampaignResultsFields  # teacher-side results (schema/results)
from schema.target_profiles.types import TargetProfile

if TYPE_CHECKING:
    from schema.organizations.types import Organization

CampaignOrder = strawberry.enum(
    enum.StrEnum(  # type: ignore[misc]
        "CampaignOrder", {o.name: o.value for o in DomainCampaignOrder}
    ),
    description="NAME: alphabetical, case and accents ignored (the default, as in Pix Orga); "
    "NEWEST: by creation date, newest first.",
)

AssessmentMethod = strawberry.enum(
    enum.Enum(  # type: ignore[misc]
        "AssessmentMethod", {m.name: m.value for m in models.AssessmentMethod}
    ),
    description="How the test picks questions and measures. SMART_RANDOM: Pix's smart random "
    "(levels from the knowledge elements' pix); IRT: item-response method (ability per "
    "competence estimated after each answer, most informative question on the least precise "
    "competence; docs/decisions/irt-method.md). Chosen at creation, never changed.",
)


@strawberry.type(
    description="A campaign: a code and a link that pupils use to take an adaptive test on a "
    "target profile. Readable by the organization's members and API tokens."
)
class Campaign(relay.Node, CampaignResultsFields):
    id: relay.NodeID[str]
    name: str = strawberry.field(description="Seen only by the organization's members.")
    code: str = strawberry.field(description="9 characters (6 letters, 3 digits) pupils type.")
    type: str = strawberry.field(description="Always `ASSESSMENT` for now.")
    method: AssessmentMethod = strawberry.field(  # type: ignore[valid-type]
        description="How the test picks questions and measures."
    )
    title: str | None = strawberry.field(
        description="« Titre du parcours », shown to pupils during the test (≤ 50 characters)."
    )
    landing_text: str | None = strawberry.field(
        description="« Texte de la page d'accueil » (≤ 5000 characters)."
    )
    external_id_label: str | None = strawberry.field(
        description="Label of the identifier asked to pupils when they join, if any."
    )
    target_profile_name: str = strawberry.field(
        description="Name of the target profile when the campaign was created."
    )
    skills_count: int = strawberry.field(
        description="Skills tested, frozen at creation (later content releases change nothing)."
    )
    direct_link: str = strawberry.field(description="« Lien direct »: `…/campagnes/CODE`.")
    created_at: datetime
    archived_at: datetime | None
    is_archived: bool = strawberry.field(
        description="An archived campaign can be neither joined nor sent results to."
    )
    model: strawberry.Private[models.Campaign]
    counts: strawberry.Private[CampaignCounts | None]

    @classmethod
    def from_model(
        cls, campaign: models.Campaign, policy: Policy, counts: CampaignCounts | None = None
    ) -> Campaign:
        return cls(
            id=str(campaign.id),
            name=campaign.name,
            code=campaign.code,
            type=campaign.type,
            method=AssessmentMethod(campaign.method.value),
            title=campaign.title,
            landing_text=campaign.landing_text,
            external_id_label=campaign.external_id_label,
            target_profile_name=campaign.target_profile_name,
            skills_count=len(campaign.skill_ids),
            direct_link=direct_link(campaign, policy),
            created_at=campaign.created_at,
            archived_at=campaign.archived_at,
            is_archived=campaign.archived_at is not None,
            model=campaign,
            counts=counts,
        )

    async def _counts(self) -> CampaignCounts:
        if self.counts is None:
            self.counts = (await campaign_counts([self.model.id])).get(
                self.model.id, CampaignCounts()
            )
        return self.counts

    @strawberry.field(description="Pupils who joined (« Participants »).")
    async def participants_count(self) -> int:
        return (await self._counts()).participants

    @strawberry.field(description="Pupils who sent their results (« Résultats reçus »).")
    async def results_received_count(self) -> int:
        return (await self._counts()).shared

    @strawberry.field(description="What the campaign tests.")
    def target_profile(self) -> TargetProfile:
        return TargetProfile.from_summary(campaign_target_profile(self.model))

    @strawberry.field(
        description="Who may edit and archive it with the organization's admins "
        "(the creator, unless changed)."
    )
    async def owner(self, info: strawberry.Info) -> User:
        owner = prefetched(self.model, "owner") or await info.context.loaders.user_by_id.load(
            self.model.owner_id  # type: ignore[attr-defined]
        )
        return User.from_model(owner, show_email=not info.context.viewer.is_api_token)

    @strawberry.field
    async def organization(
        self, info: strawberry.Info
    ) -> Annotated[Organization, strawberry.lazy("schema.organizations.types")]:
        from schema.organizations.types import Organization

        organization = prefetched(
            self.model, "organization"
        ) or await info.context.loaders.organization_by_id.load(
            self.model.organization_id  # type: ignore[attr-defined]
        )
        return Organization.from_model(organization)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: strawberry.Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Campaign | None]:
        """Only campaigns of organizations the viewer may read; None for the others."""
        ids = [uuid_or_none(node_id) for node_id in node_ids]
        context = info.context
        visible = await readable_campaigns(
            context.viewer, [i for i in ids if i is not None], context.services
        )
        policy = context.services.policy
        return [cls.from_model(visible[i], policy) if i in visible else None for i in ids]


@strawberry.type(description="A page of an organization's campaigns.")
class CampaignConnection(KeysetConnection[Campaign]):
    pass
