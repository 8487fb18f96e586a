"""What the organization sees of a campaign: activity, participants, results, the CSV export.

Every use case here starts by checking that the viewer may read the campaign: an active member
of its organization who accepted the Orga terms, or a read-only API token of that organization.
Anything else gets the same ``CAMPAIGN_NOT_FOUND`` (or ``PARTICIPATION_NOT_FOUND``) as an
unknown id, so that another organization's ids reveal nothing.

Results are read from what was frozen when the pupil sent them (pix-domain §6, §9): the
knowledge-element snapshot for one participant's page, and the per-competence counts computed
from that snapshot at share time (``participation_summary``) for collective results and the
export, so that neither reads every snapshot of a 10 000-pupil campaign
(docs/decisions/collective-results.md).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise import connections
from tortoise.expressions import Q
from tortoise.functions import Count

from engine.content import bundled_referential
from engine.knowledge import (
    KnowledgeElement,
    KnowledgeElementSource,
    KnowledgeElementStatus,
    latest_per_skill,
)
from engine.referential import Referential
from engine.scoring import campaign_result
from engine.types import CompetenceId, SkillId
from models import Campaign, KnowledgeElementSnapshot, Participation, ParticipationStatus
from resolvers.access import require_reader
from resolvers.context import Services, Viewer
from resolvers.errors import DomainError, ErrorCode, invalid
from resolvers.knowledge import load_knowledge_elements
from resolvers.pagination import INVALID_CURSOR, Page

#: Page sizes the teacher's participants list offers (pix-domain §10.2).
PAGE_SIZES = (10, 25, 50)
DEFAULT_PAGE_SIZE = 25
#: Snapshots read per statement when results must be computed from them: bounded memory.
SNAPSHOT_BATCH_SIZE = 500

PARTICIPANT_FIELDS = (
    "id",
    "status",
    "external_id",
    "created_at",
    "shared_at",
    "tested_skills_count",
    "sort_last_name",
    "sort_first_name",
    "user__first_name",
    "user__last_name",
)


# --- read models -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CampaignActivity:
    """« Participants », « En cours », « En attente d'envoi », « Résultats reçus »."""

    participants_count: int
    started_count: int
    to_share_count: int
    shared_count: int

    def count(self, status: ParticipationStatus | None) -> int:
        if status is None:
            return self.participants_count
        return {
            ParticipationStatus.STARTED: self.started_count,
            ParticipationStatus.TO_SHARE: self.to_share_count,
            ParticipationStatus.SHARED: self.shared_count,
        }[status]


@dataclass(frozen=True)
class Participant:
    """One line of the participants list; also the head of a participant's page."""

    id: uuid.UUID
    campaign_id: uuid.UUID
    first_name: str
    last_name: str
    external_id: str | None
    status: ParticipationStatus
    progress: int
    started_at: datetime
    shared_at: datetime | None

    @property
    def is_shared(self) -> bool:
        return self.status == ParticipationStatus.SHARED


@dataclass(frozen=True)
class CompetenceResult:
    competence_id: str
    index: str
    name: str
    area_code: str
    area_color: str
    targeted_skills_count: int
    tested_skills_count: int
    validated_skills_count: int
    mastery_percentage: int
    level: int | None = None  # engine.irt_selection.shown_levels, frozen at share


@dataclass(frozen=True)
class ParticipantResults:
    """A shared participation's results, computed from its frozen snapshot."""

    targeted_skills_count: int
    tested_skills_count: int
    validated_skills_count: int
    mastery_rate: float
    competences: tuple[CompetenceResult, ...]

    @property
    def mastery_percentage(self) -> int:
        return round(self.mastery_rate * 100)


@dataclass(frozen=True)
class CompetenceCollectiveResult:
    competence_id: str
    index: str
    name: str
    area_code: str
    area_color: str
    targeted_skills_count: int
    #: Mean validated skills of the competence over shared participations (None if none).
    average_validated_skills: float | None

    @property
    def average_mastery_rate(self) -> float | None:
        if self.average_validated_skills is None or not self.targeted_skills_count:
            return None
        return self.average_validated_skills / self.targeted_skills_count


@dataclass(frozen=True)
class CollectiveResults:
    shared_participations_count: int
    #: Mean mastery rate (0..1) of shared participations; None while nobody has shared.
    average_mastery_rate: float | None
    competences: tuple[CompetenceCollectiveResult, ...]


@dataclass(frozen=True)
class ParticipationSummary:
    """What ``share_results`` stores on the participation, from the frozen snapshot."""

    targeted_skills_count: int
    tested_skills_count: int
    validated_skills_count: int
    mastery_rate: float
    #: {competence id: validated skills count}, for collective results and the export.
    competence_results: dict[str, int]


# --- computing results from knowledge elements (pure) ----------------------------------------


def referential_or_bundled(referential: Referential | None) -> Referential:
    return referential if referential is not None else bundled_referential()


def participation_summary(
    skill_ids: Sequence[str],
    knowledge_elements: Iterable[KnowledgeElement],
    referential: Referential | None = None,
) -> ParticipationSummary:
    """The counts ``share_results`` stores with the snapshot (validated, mastery, per
    competence). ``knowledge_elements`` are the snapshot's elements, oldest first."""
    result = campaign_result(
        referential_or_bundled(referential),
        [SkillId(s) for s in skill_ids],
        list(knowledge_elements),
    )
    return ParticipationSummary(
        targeted_skills_count=result.total,
        tested_skills_count=result.tested,
        validated_skills_count=result.validated,
        mastery_rate=result.mastery_rate,
        competence_results={
            str(c.competence_id): c.validated for c in result.competences if c.validated
        },
    )


def _parse_moment(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str) and value:
        return datetime.fromisoformat(value)
    return None


def snapshot_elements(snapshot: object) -> list[KnowledgeElement]:
    """The engine's knowledge elements from a stored snapshot (a JSON list of dicts)."""
    if isinstance(snapshot, str):
        snapshot = json.loads(snapshot)
    elements = []
    for item in snapshot or ():
        elements.append(
            KnowledgeElement(
                skill_id=SkillId(item["skill_id"]),
                competence_id=CompetenceId(item["competence_id"]),
                status=KnowledgeElementStatus(item["status"]),
                source=KnowledgeElementSource(item.get("source", "direct")),
                earned_pix=float(item.get("earned_pix", 0.0)),
                created_at=_parse_moment(item.get("created_at")),
            )
        )
    return elements


def _results_from_elements(
    referential: Referential,
    skill_ids: Sequence[str],
    elements: Sequence[KnowledgeElement],
    levels: Mapping[str, int] | None = None,
) -> ParticipantResults:
    result = campaign_result(referential, [SkillId(s) for s in skill_ids], list(elements))
    return ParticipantResults(
        targeted_skills_count=result.total,
        tested_skills_count=result.tested,
        validated_skills_count=result.validated,
        mastery_rate=result.mastery_rate,
        competences=tuple(
            CompetenceResult(
                competence_id=str(c.competence_id),
                index=c.index,
                name=c.name,
                area_code=c.area_code,
                area_color=c.area_color,
                targeted_skills_count=c.total,
                tested_skills_count=c.tested,
                validated_skills_count=c.validated,
                mastery_percentage=c.mastery_percentage,
                level=(levels or {}).get(str(c.competence_id)),
            )
            for c in result.competences
        ),
    )


def progress_rate(
    status: ParticipationStatus | str, tested_skills_count: int, targeted_skills_count: int
) -> float:
    """« Avancement » as a rate: 1 once the test is over; before, the share of targeted skills
    tested (pix-domain §7), at most 0.99.

    Capped while the test runs: a pupil who has answered on every skill but not reached the
    end screen has not finished, and neither the list nor the export may say otherwise.
    """
    if status != ParticipationStatus.STARTED:
        return 1.0
    if targeted_skills_count <= 0:
        return 0.0
    return min(0.99, tested_skills_count / targeted_skills_count)


def progress_percentage(
    status: ParticipationStatus | str, tested_skills_count: int, targeted_skills_count: int
) -> int:
    """The rate of ``progress_rate`` as the whole percentage the teacher's list shows."""
    return round(progress_rate(status, tested_skills_count, targeted_skills_count) * 100)


# --- access ----------------------------------------------------------------------------------


def _uuid_or_none(value: uuid.UUID | str) -> uuid.UUID | None:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


NOT_FOUND_MESSAGE = "Cette campagne est introuvable."


async def readable_campaign(
    campaign_id: uuid.UUID | str, *, viewer: Viewer, services: Services
) -> Campaign:
    """The campaign, its organization loaded, if the viewer may read its results: an active
    member who accepted the current Orga terms, or an API token of its organization.

    Two statements: the campaign, then the guard's membership-and-terms query (none for a
    token). Unknown, malformed and foreign ids all give ``CAMPAIGN_NOT_FOUND``.
    """
    not_found = DomainError(ErrorCode.CAMPAIGN_NOT_FOUND, NOT_FOUND_MESSAGE)
    campaign_uuid = _uuid_or_none(campaign_id)
    campaign = None
    if campaign_uuid is not None:
        campaign = await Campaign.filter(id=campaign_uuid).select_related("organization").first()
    if campaign is None:
        raise not_found
    try:
        await require_reader(
            viewer,
            campaign.organization_id,  # type: ignore[attr-defined]
            services,
            not_found=ErrorCode.CAMPAIGN_NOT_FOUND,
        )
    except DomainError as error:
        if error.code == ErrorCode.CAMPAIGN_NOT_FOUND:
            raise not_found from None
        raise
    return campaign


# --- activity and participants ----------------------------------------------------------------


async def activity_of(campaign_id: uuid.UUID) -> CampaignActivity:
    """The four counts in one grouped query, served by the (campaign, status) index."""
    rows = (
        await Participation.filter(campaign_id=campaign_id, deleted_at=None)
        .annotate(count=Count("id"))
        .group_by("status")
        .values_list("status", "count")
    )
    counts = {ParticipationStatus(status): count for status, count in rows}
    started = counts.get(ParticipationStatus.STARTED, 0)
    to_share = counts.get(ParticipationStatus.TO_SHARE, 0)
    shared = counts.get(ParticipationStatus.SHARED, 0)
    return CampaignActivity(started + to_share + shared, started, to_share, shared)


async def campaign_activity(
    campaign_id: uuid.UUID | str, *, viewer: Viewer, services: Services
) -> CampaignActivity:
    campaign = await readable_campaign(campaign_id, viewer=viewer, services=services)
    return await activity_of(campaign.id)


def _position(after: Sequence[Any] | None) -> tuple[str, str, uuid.UUID] | None:
    """The sort key a decoded cursor holds: [last name key, first name key, id]."""
    if after is None:
        return None
    try:
        last, first, participation_id = after
        if not isinstance(last, str) or not isinstance(first, str):
            raise ValueError
        return last, first, uuid.UUID(str(participation_id))
    except (ValueError, TypeError):
        raise invalid("after", INVALID_CURSOR) from None


def after_position(last: str, first: str, participation_id: uuid.UUID) -> Q:
    """Rows strictly after (last, first, id) in list order.

    The ``>=`` on the leading column gives the database a range start on the index
    (campaign, [status,] sort_last_name, sort_first_name, id): page 400 seeks as page 1 does
    instead of walking past the 9 975 rows before it.
    """
    return Q(sort_last_name__gte=last) & (
        Q(sort_last_name__gt=last)
        | Q(sort_last_name=last, sort_first_name__gt=first)
        | Q(sort_last_name=last, sort_first_name=first, id__gt=participation_id)
    )


def _participant(row: Mapping[str, Any], campaign: Campaign) -> Participant:
    status = ParticipationStatus(row["status"])
    return Participant(
        id=row["id"],
        campaign_id=campaign.id,
        first_name=row["user__first_name"],
        last_name=row["user__last_name"],
        external_id=row["external_id"],
        status=status,
        progress=progress_percentage(status, row["tested_skills_count"], len(campaign.skill_ids)),
        started_at=row["created_at"],
        shared_at=row["shared_at"] if status == ParticipationStatus.SHARED else None,
    )


def _page_size(first: int | None) -> int:
    size = DEFAULT_PAGE_SIZE if first is None else first
    if size not in PAGE_SIZES:
        raise invalid("first", "Le nombre de participants par page doit être 10, 25 ou 50.")
    return size


async def list_participants(
    campaign_id: uuid.UUID | str,
    *,
    viewer: Viewer,
    services: Services,
    first: int | None = DEFAULT_PAGE_SIZE,
    after: Sequence[Any] | None = None,
    status: ParticipationStatus | None = None,
) -> Page[Participant]:
    """A page of the campaign's participants, by last name, first name (then id).

    ``after`` is the key of the last row already read (``Page.keys``, a decoded cursor).
    Three statements whatever the page: the campaign, the access guard, and the page itself
    (participations joined to their users, ``LIMIT first + 1``); ``total_count()`` adds the
    grouped count on the (campaign, status) index.
    """
    size = _page_size(first)
    position = _position(after)
    campaign = await readable_campaign(campaign_id, viewer=viewer, services=services)
    query = Participation.filter(campaign_id=campaign.id, deleted_at=None)
    if status is not None:
        query = query.filter(status=status)
    if position is not None:
        query = query.filter(after_position(*position))
    rows = (
        await query.order_by("sort_last_name", "sort_first_name", "id")
        .limit(size + 1)
        .values(*PARTICIPANT_FIELDS)
    )
    page_rows = rows[:size]

    async def count_all() -> int:
        return (await activity_of(campaign.id)).count(status)

    return Page(
        items=[_participant(row, campaign) for row in page_rows],
        keys=[[r["sort_last_name"], r["sort_first_name"], str(r["id"])] for r in page_rows],
        has_next_page=len(rows) > size,
        has_previous_page=position is not None,
        count_all=count_all,
    )


async def participants_by_ids(
    participation_ids: Sequence[uuid.UUID | str], *, viewer: Viewer, services: Services
) -> list[Participant | None]:
    """Participants the viewer may read, in the order asked (None for the others).

    For ``node(id:)`` and a participant's page: one statement for the participations, then
    one access check per distinct campaign (a page shows one campaign).
    """
    wanted = [_uuid_or_none(value) for value in participation_ids]
    ids = [i for i in wanted if i is not None]
    rows = (
        await Participation.filter(id__in=ids, deleted_at=None).values(
            *PARTICIPANT_FIELDS, "campaign_id"
        )
        if ids
        else []
    )
    campaigns: dict[uuid.UUID, Campaign | None] = {}
    for campaign_id in {row["campaign_id"] for row in rows}:
        try:
            campaigns[campaign_id] = await readable_campaign(
                campaign_id, viewer=viewer, services=services
            )
        except DomainError as error:
            if error.code != ErrorCode.CAMPAIGN_NOT_FOUND:
                raise
            campaigns[campaign_id] = None
    found: dict[uuid.UUID, Participant] = {}
    for row in rows:
        campaign = campaigns[row["campaign_id"]]
        if campaign is not None:
            found[row["id"]] = _participant(row, campaign)
    return [found.get(i) if i is not None else None for i in wanted]


async def participant(
    participation_id: uuid.UUID | str, *, viewer: Viewer, services: Services
) -> Participant:
    """One participant's page head; ``PARTICIPATION_NOT_FOUND`` outside the viewer's reach."""
    (found,) = await participants_by_ids([participation_id], viewer=viewer, services=services)
    if found is None:
        raise DomainError(ErrorCode.PARTICIPATION_NOT_FOUND)
    return found


async def results_of_participants(
    participants: Sequence[Participant], referential: Referential | None = None
) -> list[ParticipantResults | None]:
    """Results of participants already read through an access check, in their order.

    None before sharing: the organization sees results only once the pupil sent them. Three
    statements for any number of participants (campaign skills, snapshots, stored levels).
    """
    referential = referential_or_bundled(referential)
    shared = [p for p in participants if p.is_shared]
    if not shared:
        return [None] * len(participants)
    campaign_ids = {p.campaign_id for p in shared}
    skills = dict(await Campaign.filter(id__in=campaign_ids).values_list("id", "skill_ids"))
    snapshots = dict(
        await KnowledgeElementSnapshot.filter(
            participation_id__in=[p.id for p in shared]
        ).values_list("participation_id", "snapshot")
    )
    stored_levels = dict(
        await Participation.filter(id__in=[p.id for p in shared]).values_list(
            "id", "competence_levels"
        )
    )
    results: list[ParticipantResults | None] = []
    for p in participants:
        if not p.is_shared:
            results.append(None)
            continue
        if p.id in snapshots:
            elements = snapshot_elements(snapshots[p.id])
        else:
            elements = await _elements_before_share(p)
        results.append(
            _results_from_elements(
                referential, skills[p.campaign_id], elements, stored_levels.get(p.id)
            )
        )
    return results


async def _elements_before_share(shared: Participant) -> list[KnowledgeElement]:
    """Pix's fallback when a snapshot is missing: the pupil's elements older than the share."""
    user_id = await Participation.filter(id=shared.id).values_list("user_id", flat=True)
    elements = await load_knowledge_elements(user_id[0], created_until=shared.shared_at)
    return list(latest_per_skill(elements).values())


async def participant_results(
    participation_id: uuid.UUID | str, *, viewer: Viewer, services: Services
) -> tuple[Participant, ParticipantResults | None]:
    found = await participant(participation_id, viewer=viewer, services=services)
    (results,) = await results_of_participants([found])
    return found, results


# --- collective results ----------------------------------------------------------------------


def _dialect() -> str:
    return str(connections.get("default").capabilities.dialect)


def _collective_sql(dialect: str, competence_count: int) -> str:
    """One aggregate over the campaign's shared participations: how many, how many with
    stored counts, their mastery sum, and per competence the sum of the stored counts.

    The per-competence sums read one key each (``->>`` / ``json_extract``) rather than
    expanding every object into rows (``jsonb_each``): three times faster on 6 000 shared
    participations, and the database hands back a single row whatever their number.
    """
    if dialect == "postgres":
        mark = [f"${n}" for n in range(1, competence_count + 2)]
        sums = [f"SUM((competence_results->>{mark[i + 1]})::int)" for i in range(competence_count)]
    else:
        mark = ["?"] * (competence_count + 1)
        sums = ["SUM(json_extract(competence_results, ?))" for _ in range(competence_count)]
    columns = ", ".join(f"{expression} AS c{i}" for i, expression in enumerate(sums))
    return (
        "SELECT COUNT(*) AS shared, COUNT(competence_results) AS summarized, "
        "SUM(CASE WHEN competence_results IS NOT NULL THEN mastery_rate END) AS mastery"
        + (f", {columns}" if columns else "")
        + f" FROM participations WHERE campaign_id = {mark[0]} AND status = 'SHARED'"
        " AND deleted_at IS NULL"
    )


async def collective_results_of(
    campaign: Campaign, referential: Referential | None = None
) -> CollectiveResults:
    """Collective results in one statement when every shared participation has its counts
    (the normal case); otherwise the others are computed from their snapshots."""
    referential = referential_or_bundled(referential)
    # The campaign's competences and their targeted skills, in index order: the engine's
    # result for a pupil who has not been tested at all.
    competences = campaign_result(
        referential, [SkillId(s) for s in campaign.skill_ids], []
    ).competences
    ids = [str(c.competence_id) for c in competences]
    dialect = _dialect()
    if dialect == "postgres":
        parameters: list[object] = [campaign.id, *ids]
    else:
        # Positional marks, in text order; SQLite keeps UUIDs as text, and a key with a dot
        # needs quoting in a JSON path.
        parameters = [*(f'$."{i}"' for i in ids), str(campaign.id)]
    (row,) = await connections.get("default").execute_query_dict(
        _collective_sql(dialect, len(ids)), parameters
    )
    count = int(row["shared"])
    mastery_sum = float(row["mastery"] or 0.0)
    validated = {i: float(row[f"c{n}"] or 0) for n, i in enumerate(ids)}
    if int(row["summarized"]) < count:
        # Shared before their counts were stored (or by a path that did not store them):
        # computed from their snapshots, a batch at a time.
        async for summary in _summaries_from_snapshots(campaign, referential):
            mastery_sum += summary.mastery_rate
            for competence_id, validated_count in summary.competence_results.items():
                validated[competence_id] = validated.get(competence_id, 0) + validated_count
    collective = tuple(
        CompetenceCollectiveResult(
            competence_id=str(c.competence_id),
            index=c.index,
            name=c.name,
            area_code=c.area_code,
            area_color=c.area_color,
            targeted_skills_count=c.total,
            average_validated_skills=validated[str(c.competence_id)] / count if count else None,
        )
        for c in competences
    )
    return CollectiveResults(
        shared_participations_count=count,
        average_mastery_rate=mastery_sum / count if count else None,
        competences=collective,
    )


async def _summaries_from_snapshots(
    campaign: Campaign, referential: Referential
) -> AsyncIterator[ParticipationSummary]:
    last_id: uuid.UUID | None = None
    while True:
        query = Participation.filter(
            campaign_id=campaign.id,
            status=ParticipationStatus.SHARED,
            deleted_at=None,
            competence_results__isnull=True,
        )
        if last_id is not None:
            query = query.filter(id__gt=last_id)
        ids = await query.order_by("id").limit(SNAPSHOT_BATCH_SIZE).values_list("id", flat=True)
        if not ids:
            return
        snapshots = dict(
            await KnowledgeElementSnapshot.filter(participation_id__in=ids).values_list(
                "participation_id", "snapshot"
            )
        )
        for participation_id in ids:
            yield participation_summary(
                campaign.skill_ids, snapshot_elements(snapshots.get(participation_id)), referential
            )
        last_id = ids[-1]


async def collective_results(
    campaign_id: uuid.UUID | str,
    *,
    viewer: Viewer,
    services: Services,
    referential: Referential | None = None,
) -> CollectiveResults:
    campaign = await readable_campaign(campaign_id, viewer=viewer, services=services)
    return await collective_results_of(campaign, referential)
