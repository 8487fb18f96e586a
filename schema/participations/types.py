from __future__ import annotations

import enum
import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay

import models
from engine.scoring import CampaignResult
from resolvers import participations
from resolvers.assessments import resume_step
from resolvers.participations import CampaignToJoin as DomainCampaignToJoin
from resolvers.participations import PupilResults as DomainPupilResults
from schema.ids import uuid_or_none
from schema.pagination import KeysetConnection

if TYPE_CHECKING:
    from schema.assessments.types import Assessment, ResumeStep

ParticipationStatus = strawberry.enum(
    enum.Enum(  # type: ignore[misc]
        "ParticipationStatus", {s.name: s.value for s in models.ParticipationStatus}
    ),
    description="STARTED: « En cours »; TO_SHARE: test finished, « À envoyer »; SHARED: "
    "results sent, « Terminé ».",
)


@strawberry.type(description="The landing page of a campaign, before the pupil logs in.")
class CampaignToJoin:
    code: str
    title: str | None = strawberry.field(description="« Titre du parcours ».")
    landing_text: str | None = strawberry.field(description="« Texte de la page d'accueil ».")
    organization_name: str
    external_id_label: str | None = strawberry.field(
        description="When set, `joinCampaign` needs an `externalId` (« Avant de commencer »)."
    )
    target_profile_name: str
    is_archived: bool = strawberry.field(
        description="An archived campaign cannot be joined (« Oups, la page demandée n'est "
        "plus accessible. »)."
    )
    campaign_id: strawberry.Private[uuid.UUID]

    @strawberry.field(
        description="The logged-in pupil's participation in this campaign, if they joined it "
        "(« Vous n'avez pas terminé le parcours », « Reprendre »); null otherwise and when "
        "logged out."
    )
    async def viewer_participation(self, info: strawberry.Info) -> Participation | None:
        found = await participations.viewer_participation(self.campaign_id, info.context.viewer)
        return Participation.from_model(found) if found else None

    @classmethod
    def from_domain(cls, campaign: DomainCampaignToJoin) -> CampaignToJoin:
        return cls(
            campaign_id=campaign.id,
            code=campaign.code,
            title=campaign.title,
            landing_text=campaign.landing_text,
            organization_name=campaign.organization_name,
            external_id_label=campaign.external_id_label,
            target_profile_name=campaign.target_profile_name,
            is_archived=campaign.is_archived,
        )


@strawberry.type(description="The campaign of a participation, as its pupil sees it.")
class ParticipationCampaign:
    code: str
    title: str | None
    name: str
    organization_name: str
    is_archived: bool


@strawberry.type(description="« Vos résultats par compétence ».")
class CompetenceResult:
    index: str
    name: str
    area_code: str
    area_color: str
    total_skills_count: int
    tested_skills_count: int
    validated_skills_count: int
    mastery_percentage: int
    level: int | None = strawberry.field(
        description="« Niveau » reached in the competence: the same on the participant page, "
        "in the CSV and here (docs/decisions/irt-method.md)."
    )


@strawberry.type(description="« Votre résultat pour ce parcours ».")
class PupilResults:
    mastery_rate: float = strawberry.field(description="Validated / targeted skills, 0–1.")
    mastery_percentage: int = strawberry.field(
        description="« Vous maîtrisez X% des compétences testées. »"
    )
    total_skills_count: int
    tested_skills_count: int
    validated_skills_count: int
    is_shared: bool = strawberry.field(
        description="Sent: these are the results the organization received, frozen."
    )
    competences: list[CompetenceResult]

    @classmethod
    def from_domain(cls, results: DomainPupilResults) -> PupilResults:
        result: CampaignResult = results.result
        return cls(
            mastery_rate=result.mastery_rate,
            mastery_percentage=results.mastery_percentage,
            total_skills_count=result.total,
            tested_skills_count=result.tested,
            validated_skills_count=result.validated,
            is_shared=results.is_shared,
            competences=[
                CompetenceResult(
                    index=c.index,
                    name=c.name,
                    area_code=c.area_code,
                    area_color=c.area_color,
                    total_skills_count=c.total,
                    tested_skills_count=c.tested,
                    validated_skills_count=c.validated,
                    mastery_percentage=c.mastery_percentage,
                    level=results.levels.get(str(c.competence_id)),
                )
                for c in result.competences
            ],
        )


@strawberry.type(description="A pupil's participation in a campaign. Only its pupil reads it.")
class Participation(relay.Node):
    id: relay.NodeID[str]
    status: ParticipationStatus  # type: ignore[valid-type]
    external_id: str | None
    created_at: datetime = strawberry.field(description="« Commencé le ».")
    shared_at: datetime | None = strawberry.field(description="« Envoyé le ».")
    mastery_rate: float | None = strawberry.field(
        description="« X % de réussite », once the results are sent."
    )
    validated_skills_count: int | None = strawberry.field(description="Once the results are sent.")
    is_disabled: bool = strawberry.field(
        description="The campaign was archived: « Parcours archivé par votre organisation »."
    )
    campaign: ParticipationCampaign
    model: strawberry.Private[models.Participation]

    @classmethod
    def from_model(cls, participation: models.Participation) -> Participation:
        card = participations.overview(participation)
        campaign = card.campaign
        return cls(
            id=str(participation.id),
            status=ParticipationStatus(participation.status.value),
            external_id=participation.external_id,
            created_at=participation.created_at,
            shared_at=participation.shared_at,
            mastery_rate=participation.mastery_rate,
            validated_skills_count=participation.validated_skills_count,
            is_disabled=card.is_disabled,
            campaign=ParticipationCampaign(
                code=campaign.code,
                title=campaign.title,
                name=campaign.name,
                organization_name=card.organization_name,
                is_archived=campaign.archived_at is not None,
            ),
            model=participation,
        )

    @strawberry.field(description="The test of this participation.")
    async def assessment(
        self,
    ) -> Annotated[Assessment, strawberry.lazy("schema.assessments.types")]:
        from schema.assessments.types import Assessment

        assessment = await participations.current_assessment(self.model)
        assessment.participation = self.model
        return Assessment.from_model(assessment)

    @strawberry.field(description="« Reprendre »: the challenge, a checkpoint or the results.")
    async def resume(self) -> Annotated[ResumeStep, strawberry.lazy("schema.assessments.types")]:
        from schema.assessments.types import ResumeStep

        assessment = await participations.current_assessment(self.model)
        return ResumeStep.from_domain(resume_step(assessment))

    @strawberry.field(
        description="Mastery and per-competence results: live until sent, then the sent ones."
    )
    async def results(self, info: strawberry.Info) -> PupilResults:
        context = info.context
        return PupilResults.from_domain(
            await participations.participation_results(
                self.model.id, viewer=context.viewer, services=context.services
            )
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: strawberry.Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Participation | None]:
        """Only the viewer's own participations; None for the others."""
        ids = [uuid_or_none(node_id) for node_id in node_ids]
        visible = await participations.own_participations(
            info.context.viewer, [i for i in ids if i is not None]
        )
        return [cls.from_model(visible[i]) if i in visible else None for i in ids]


@strawberry.type(description="« Mes parcours », newest first.")
class ParticipationConnection(KeysetConnection[Participation]):
    pass
