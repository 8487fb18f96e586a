"""What a campaign's organization reads of its pupils: activity, participants, results.

``CampaignResultsFields`` is the extension point of ``schema.campaigns.types.Campaign`` (one
of its bases): the teacher-side fields of a campaign live here and read ``self.model``.
Every figure comes from ``resolvers.results``; results of a participant exist only once the
pupil sent them (``results`` is null before).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Annotated, Any

import strawberry
from strawberry import relay
from strawberry.dataloader import DataLoader

import models
from resolvers import results as domain
from resolvers.pagination import Page
from schema.ids import global_id
from schema.pagination import After, KeysetConnection, decode_cursor
from schema.participations.types import ParticipationStatus

EXPORT_PATH = "/campaigns/{id}/export.csv"


@strawberry.type(description="Counts of the campaign's participants by status (« Activité »).")
class CampaignActivity:
    participants_count: int = strawberry.field(description="Pupils who joined.")
    started_count: int = strawberry.field(description="Test in progress (« En cours »).")
    to_share_count: int = strawberry.field(
        description="Test finished, results not sent yet (« En attente d'envoi »)."
    )
    shared_count: int = strawberry.field(description="Results received (« Résultats reçus »).")

    @classmethod
    def from_domain(cls, activity: domain.CampaignActivity) -> CampaignActivity:
        return cls(
            participants_count=activity.participants_count,
            started_count=activity.started_count,
            to_share_count=activity.to_share_count,
            shared_count=activity.shared_count,
        )


@strawberry.type(description="A participant's result on one competence of the campaign.")
class ParticipantCompetenceResult:
    competence_id: str = strawberry.field(description="Id in the learning content, e.g. `1.1`.")
    index: str = strawberry.field(description="« 1.1 ».")
    name: str
    area_code: str = strawberry.field(description="The area's code, « 1 » to « 5 ».")
    area_color: str = strawberry.field(description="jaffa, emerald, cerulean, …")
    targeted_skills_count: int = strawberry.field(
        description="Skills of the campaign in this competence."
    )
    tested_skills_count: int = strawberry.field(description="« Acquis évalués ».")
    validated_skills_count: int = strawberry.field(description="« Acquis validés ».")
    mastery_percentage: int = strawberry.field(description="round(validated / targeted × 100).")
    level: int | None = strawberry.field(
        description="« Niveau » reached in the competence, frozen at sending: the same in the "
        "CSV and in the pupil's results (docs/decisions/irt-method.md); null for results sent "
        "before levels were stored."
    )

    @classmethod
    def from_domain(cls, result: domain.CompetenceResult) -> ParticipantCompetenceResult:
        return cls(
            competence_id=result.competence_id,
            index=result.index,
            name=result.name,
            area_code=result.area_code,
            area_color=result.area_color,
            targeted_skills_count=result.targeted_skills_count,
            tested_skills_count=result.tested_skills_count,
            validated_skills_count=result.validated_skills_count,
            mastery_percentage=result.mastery_percentage,
            level=result.level,
        )


@strawberry.type(
    description="The results a pupil sent, computed from the knowledge frozen when sending: "
    "later activity of the pupil never changes them."
)
class ParticipantResults:
    targeted_skills_count: int = strawberry.field(description="Skills of the campaign.")
    tested_skills_count: int = strawberry.field(description="« Acquis évalués ».")
    validated_skills_count: int = strawberry.field(description="« Acquis validés ».")
    mastery_rate: float = strawberry.field(description="validated / targeted, 0 to 1.")
    mastery_percentage: int = strawberry.field(description="« Score », round(rate × 100).")
    competences: list[ParticipantCompetenceResult] = strawberry.field(
        description="One line per competence of the campaign, by index."
    )

    @classmethod
    def from_domain(cls, found: domain.ParticipantResults) -> ParticipantResults:
        return cls(
            targeted_skills_count=found.targeted_skills_count,
            tested_skills_count=found.tested_skills_count,
            validated_skills_count=found.validated_skills_count,
            mastery_rate=found.mastery_rate,
            mastery_percentage=found.mastery_percentage,
            competences=[ParticipantCompetenceResult.from_domain(c) for c in found.competences],
        )


def _results_loader(info: strawberry.Info) -> DataLoader[Any, ParticipantResults | None]:
    """One loader per request context, made on first use: the results of every participant
    of a page load together (two statements), never one query per row.

    Keyed by the participant read model, status and share date included, so that a context
    that lives long (a WebSocket) never serves "not shared yet" once the pupil has shared.
    """
    context = info.context
    loader = getattr(context, "_participant_results_loader", None)
    if loader is None:

        async def load(keys: Sequence[domain.Participant]) -> list[ParticipantResults | None]:
            found = await domain.results_of_participants(keys)
            return [ParticipantResults.from_domain(r) if r else None for r in found]

        loader = DataLoader(load_fn=load)
        context._participant_results_loader = loader
    return loader


@strawberry.type(
    description="A pupil in a campaign, as the campaign's organization sees them (« Activité », "
    "participant page). Before the pupil sends their results, only the status, progress and "
    "start date are known: `results` and `sharedAt` are null."
)
class CampaignParticipant(relay.Node):
    id: relay.NodeID[str]
    first_name: str
    last_name: str
    external_id: str | None = strawberry.field(
        description="The identifier the pupil typed, when the campaign asks for one."
    )
    status: ParticipationStatus  # type: ignore[valid-type]
    progress: int = strawberry.field(
        description="« Avancement », 0 to 100: 100 once the test is finished; before, the "
        "share of the campaign's skills already tested (at most 99)."
    )
    started_at: datetime = strawberry.field(description="« Commencé le ».")
    shared_at: datetime | None = strawberry.field(description="« Partagé le »; null before.")
    participant: strawberry.Private[domain.Participant]

    @classmethod
    def from_domain(cls, participant: domain.Participant) -> CampaignParticipant:
        return cls(
            id=str(participant.id),
            first_name=participant.first_name,
            last_name=participant.last_name,
            external_id=participant.external_id,
            status=ParticipationStatus(participant.status.value),
            progress=participant.progress,
            started_at=participant.started_at,
            shared_at=participant.shared_at,
            participant=participant,
        )

    @strawberry.field(
        description="Validated and tested skills, mastery and per-competence results, from "
        "what the pupil sent; null until they send it."
    )
    async def results(self, info: strawberry.Info) -> ParticipantResults | None:
        if not self.participant.is_shared:
            return None
        return await _results_loader(info).load(self.participant)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: strawberry.Info, node_ids: Iterable[str], required: bool = False
    ) -> list[CampaignParticipant | None]:
        """Only participants of campaigns the viewer may read; None for the others."""
        context = info.context
        found = await domain.participants_by_ids(
            list(node_ids), viewer=context.viewer, services=context.services
        )
        return [cls.from_domain(p) if p else None for p in found]


@strawberry.type(description="A page of a campaign's participants.")
class CampaignParticipantConnection(KeysetConnection[CampaignParticipant]):
    @classmethod
    def from_participants(cls, page: Page[Any]) -> CampaignParticipantConnection:
        return cls.from_page(page, CampaignParticipant.from_domain)


@strawberry.type(description="Collective results of one competence (« Résultats collectifs »).")
class CompetenceCollectiveResult:
    competence_id: str = strawberry.field(description="Id in the learning content, e.g. `1.1`.")
    index: str
    name: str
    area_code: str
    area_color: str
    targeted_skills_count: int = strawberry.field(
        description="Skills of the campaign in this competence."
    )
    average_validated_skills: float | None = strawberry.field(
        description="Mean validated skills of the pupils who sent their results; null while "
        "nobody has."
    )
    average_mastery_rate: float | None = strawberry.field(
        description="averageValidatedSkills / targetedSkillsCount, 0 to 1."
    )

    @classmethod
    def from_domain(cls, result: domain.CompetenceCollectiveResult) -> CompetenceCollectiveResult:
        return cls(
            competence_id=result.competence_id,
            index=result.index,
            name=result.name,
            area_code=result.area_code,
            area_color=result.area_color,
            targeted_skills_count=result.targeted_skills_count,
            average_validated_skills=result.average_validated_skills,
            average_mastery_rate=result.average_mastery_rate,
        )


@strawberry.type(
    description="What the pupils who sent their results achieved together, from the "
    "knowledge frozen when each sent them."
)
class CampaignCollectiveResults:
    shared_participations_count: int = strawberry.field(
        description="Pupils whose results are counted (« Résultats reçus »)."
    )
    average_mastery_rate: float | None = strawberry.field(
        description="« Résultat moyen »: mean mastery rate, 0 to 1; null while nobody has "
        "sent results."
    )
    competences: list[CompetenceCollectiveResult] = strawberry.field(
        description="One line per competence of the campaign, by index."
    )

    @classmethod
    def from_domain(cls, collective: domain.CollectiveResults) -> CampaignCollectiveResults:
        return cls(
            shared_participations_count=collective.shared_participations_count,
            average_mastery_rate=collective.average_mastery_rate,
            competences=[CompetenceCollectiveResult.from_domain(c) for c in collective.competences],
        )


@strawberry.type
class CampaignResultsFields:
    """The teacher-side fields of ``Campaign`` (a base of it; see schema.campaigns.types)."""

    model: strawberry.Private[models.Campaign]

    @strawberry.field(description="Participants by status, counted in one query (« Activité »).")
    async def activity(self, info: strawberry.Info) -> CampaignActivity:
        context = info.context
        activity = await domain.campaign_activity(
            self.model.id, viewer=context.viewer, services=context.services
        )
        return CampaignActivity.from_domain(activity)

    @strawberry.field(
        description="The pupils who joined, by last name then first name (case and accents "
        "ignored). Pages of 10, 25 (default) or 50 only: VALIDATION_FAILED otherwise. A page "
        "costs the same few queries whatever its number."
    )
    async def participants(
        self,
        info: strawberry.Info,
        first: Annotated[
            int, strawberry.argument(description="10, 25 or 50 participants per page.")
        ] = domain.DEFAULT_PAGE_SIZE,
        after: After = None,
        status: Annotated[
            ParticipationStatus | None,  # type: ignore[valid-type]
            strawberry.argument(description="Only the participants in this status."),
        ] = None,
    ) -> CampaignParticipantConnection | None:
        context = info.context
        page = await domain.list_participants(
            self.model.id,
            viewer=context.viewer,
            services=context.services,
            first=first,
            after=decode_cursor(after),
            status=models.ParticipationStatus(status.value) if status else None,
        )
        return CampaignParticipantConnection.from_participants(page)

    @strawberry.field(
        description="Per competence, the mean validated skills and mastery of the pupils who "
        "sent their results (« Résultats collectifs »)."
    )
    async def collective_results(self, info: strawberry.Info) -> CampaignCollectiveResults:
        context = info.context
        collective = await domain.collective_results(
            self.model.id, viewer=context.viewer, services=context.services
        )
        return CampaignCollectiveResults.from_domain(collective)

    @strawberry.field(
        description="Where to download the results as CSV (« Exporter les résultats »): a "
        "GET with the session cookie or the same bearer token as for GraphQL."
    )
    def results_export_url(self, info: strawberry.Info) -> str:
        public_url = info.context.services.policy.public_url.rstrip("/")
        return public_url + EXPORT_PATH.format(id=global_id("Campaign", self.model.id))
