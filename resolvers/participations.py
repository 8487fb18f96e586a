"""A pupil in a campaign: finding it by code, joining, results, sending them, « Mes parcours ».

Use cases (plain parameters, the acting ``viewer`` and ``services``):

- ``campaign_by_code(code) -> CampaignToJoin``: public, no login.
- ``join_campaign(code, *, external_id=None, viewer, services) -> Joined``: creates the
  participation (STARTED) and its assessment with the first challenge already chosen; joining
  again returns the existing one (``Joined.created`` is then False).
- ``participation_results(participation_id, *, viewer, services) -> PupilResults``.
- ``share_results(participation_id, *, viewer, services) -> Participation``: « J'envoie mes
  résultats »: SHARED, the knowledge-element snapshot and the stored counts, atomically.
- ``my_participations(*, viewer, services, first=20, after=None) -> Page[Participation]``.
- ``viewer_participation(campaign_id, viewer) -> Participation | None``: the viewer's own in
  that campaign, if any.
- ``own_participation(participation_id, viewer) -> Participation`` (``own_participations`` for
  several) and ``current_assessment(participation) -> Assessment``: the pupil's own, else not
  found.

Only the participant reads or changes their participation: anyone else gets
``PARTICIPATION_NOT_FOUND``, as for an unknown id.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from engine.content import bundled_referential
from engine.evaluation import AnswerResult
from engine.irt_selection import next_challenge_for_method, shown_levels
from engine.knowledge import KnowledgeElement, latest_per_skill
from engine.referential import Referential
from engine.scoring import CampaignResult, campaign_result, competence_scores, total_pix
from engine.selection import AnsweredChallenge
from engine.types import SkillId
from models import (
    Answer,
    Assessment,
    AssessmentMethod,
    AssessmentState,
    Campaign,
    KnowledgeElementSnapshot,
    Participation,
    ParticipationStatus,
)
from resolvers import live
from resolvers.access import require_user
from resolvers.codes import normalize_code
from resolvers.context import Services, Viewer
from resolvers.errors import DomainError, ErrorCode, invalid
from resolvers.knowledge import element_to_json, load_knowledge_elements
from resolvers.pagination import Page, keyset_page
from resolvers.results import participation_summary, snapshot_elements

EXTERNAL_ID_MAX_LENGTH = 255
#: The locale of the challenges asked: the bundled content is French only.
LOCALE = "fr-fr"


@dataclass(frozen=True)
class CampaignToJoin:
    """What the landing page shows before the pupil logs in."""

    id: uuid.UUID
    code: str
    title: str | None
    landing_text: str | None
    organization_name: str
    external_id_label: str | None
    target_profile_name: str
    is_archived: bool


@dataclass(frozen=True)
class Joined:
    participation: Participation
    assessment: Assessment
    #: False when the pupil already had a participation and simply resumes it.
    created: bool


@dataclass(frozen=True)
class PupilResults:
    """« Votre résultat pour ce parcours »: from the snapshot once shared, else live."""

    participation: Participation
    result: CampaignResult
    is_shared: bool
    #: The level shown per competence id (``engine.irt_selection.shown_levels``).
    levels: dict[str, int]

    @property
    def mastery_percentage(self) -> int:
        return round(self.result.mastery_rate * 100)


@dataclass(frozen=True)
class ParticipationOverview:
    """A card of « Mes parcours »."""

    participation: Participation
    campaign: Campaign
    organization_name: str

    @property
    def is_disabled(self) -> bool:
        # « Parcours archivé par votre organisation »: no resuming, no sending.
        return self.campaign.archived_at is not None or self.participation.deleted_at is not None


WRONG_CODE_MESSAGE = "Votre code est erroné, veuillez vérifier ou contacter l'organisateur."


def _code_not_found() -> DomainError:
    return DomainError(ErrorCode.CAMPAIGN_NOT_FOUND, WRONG_CODE_MESSAGE, field="code")


async def _campaign_for_code(code: str) -> Campaign:
    normalized = normalize_code(code)
    campaign = None
    if normalized is not None:
        campaign = await Campaign.get_or_none(code=normalized).select_related("organization")
    if campaign is None:
        raise _code_not_found()
    return campaign


async def campaign_by_code(code: str) -> CampaignToJoin:
    """The campaign behind a code typed by a pupil (trimmed, upper-cased)."""
    campaign = await _campaign_for_code(code)
    return CampaignToJoin(
        id=campaign.id,
        code=campaign.code,
        title=campaign.title,
        landing_text=campaign.landing_text,
        organization_name=campaign.organization.name,
        external_id_label=campaign.external_id_label,
        target_profile_name=campaign.target_profile_name,
        is_archived=campaign.archived_at is not None,
    )


def _external_id(campaign: Campaign, value: str | None) -> str | None:
    if campaign.external_id_label is None:
        return None
    external_id = (value or "").strip()
    if not external_id:
        raise DomainError(ErrorCode.EXTERNAL_ID_REQUIRED, field="externalId")
    if len(external_id) > EXTERNAL_ID_MAX_LENGTH:
        raise invalid(
            "externalId",
            f"Votre {campaign.external_id_label} ne doit pas dépasser "
            f"{EXTERNAL_ID_MAX_LENGTH} caractères.",
        )
    return external_id


async def _existing(campaign: Campaign, user_id: uuid.UUID) -> Joined | None:
    participation = await Participation.get_or_none(campaign_id=campaign.id, user_id=user_id)
    if participation is None:
        return None
    if participation.deleted_at is not None:
        raise DomainError(ErrorCode.FORBIDDEN, "Vous ne pouvez pas repasser la campagne.")
    participation.campaign = campaign
    return Joined(participation, await current_assessment(participation), created=False)


async def join_campaign(
    code: str, *, external_id: str | None = None, viewer: Viewer, services: Services
) -> Joined:
    """Start the campaign of that code, or resume it.

    The first challenge is chosen here, so the pupil's client asks ``currentChallenge`` next.
    It takes the pupil's knowledge elements from earlier tests into account: skills already
    tested elsewhere are not asked again, and when nothing is left to ask the test is over at
    once (the participation is then TO_SHARE).
    """
    user_id = require_user(viewer)
    campaign = await _campaign_for_code(code)
    if campaign.archived_at is not None:
        raise DomainError(
            ErrorCode.CAMPAIGN_ARCHIVED, "Vous n'êtes pas autorisé à rejoindre la campagne."
        )
    existing = await _existing(campaign, user_id)
    if existing is not None:
        return existing
    external_id = _external_id(campaign, external_id)

    referential = bundled_referential()
    target = [SkillId(s) for s in campaign.skill_ids]
    elements = await load_knowledge_elements(user_id)
    assessment_id = uuid.uuid4()
    first = next_challenge_for_method(
        campaign.method,
        referential,
        target_skill_ids=target,
        answers=[],
        latest=latest_per_skill(elements),
        assessment_id=str(assessment_id),
        locale=LOCALE,
    )
    now = services.clock()
    tested = len(set(target) & latest_per_skill(elements).keys())
    try:
        async with in_transaction():
            participation = await Participation.create(
                campaign_id=campaign.id,
                user_id=user_id,
                external_id=external_id,
                status=ParticipationStatus.STARTED if first else ParticipationStatus.TO_SHARE,
                tested_skills_count=tested,
            )
            assessment = await Assessment.create(
                id=assessment_id,
                participation_id=participation.id,
                user_id=user_id,
                locale=LOCALE,
                state=AssessmentState.STARTED if first else AssessmentState.COMPLETED,
                last_challenge_id=first.id if first else None,
                last_question_state="asked" if first else None,
                last_question_date=now if first else None,
            )
    except IntegrityError:
        # The same pupil joined at the same moment from another tab: the unique
        # (campaign, user) index kept one participation; resume it.
        existing = await _existing(campaign, user_id)
        if existing is None:
            raise
        return existing
    await live.publish_campaign_change(services, campaign.id, live.JOINED, participation.id)
    participation.campaign = campaign
    return Joined(participation, assessment, created=True)


async def own_participation(participation_id: uuid.UUID | str, viewer: Viewer) -> Participation:
    """The viewer's participation with its campaign and organization, else not found."""
    user_id = require_user(viewer)
    try:
        parsed = uuid.UUID(str(participation_id))
    except ValueError:
        parsed = None
    participation = None
    if parsed is not None:
        participation = await Participation.get_or_none(id=parsed, user_id=user_id).select_related(
            "campaign__organization"
        )
    if participation is None:
        raise DomainError(ErrorCode.PARTICIPATION_NOT_FOUND)
    return participation


async def own_participations(
    viewer: Viewer, participation_ids: list[uuid.UUID]
) -> dict[uuid.UUID, Participation]:
    """Those of the participations that are the viewer's own (for ``node(id:)``)."""
    if viewer.user_id is None or not participation_ids:
        return {}
    rows = await Participation.filter(
        id__in=participation_ids, user_id=viewer.user_id
    ).select_related("campaign__organization")
    return {p.id: p for p in rows}


async def current_assessment(participation: Participation) -> Assessment:
    """The participation's assessment (the latest one, should retries ever exist); no query
    when the assessments were prefetched (``my_participations`` does)."""
    relation = participation.assessments  # no query: a lazy handle unless prefetched
    if relation._fetched:
        candidates = sorted(relation, key=lambda a: (a.created_at, str(a.id)))
        assessment = candidates[-1] if candidates else None
    else:
        assessment = (
            await Assessment.filter(participation_id=participation.id)
            .order_by("-created_at", "-id")
            .first()
        )
    if assessment is None:  # only if a participation was written without its assessment
        raise DomainError(ErrorCode.ASSESSMENT_NOT_FOUND)
    return assessment


async def participation_results(
    participation_id: uuid.UUID | str, *, viewer: Viewer, services: Services
) -> PupilResults:
    """Mastery and per-competence counts on the campaign's frozen skills.

    Once shared, from the snapshot (what the organization sees); before, from the pupil's
    latest knowledge elements, earlier tests included.
    """
    participation = await own_participation(participation_id, viewer)
    shared = participation.status == ParticipationStatus.SHARED
    if shared:
        snapshot = await KnowledgeElementSnapshot.get_or_none(participation_id=participation.id)
        elements = snapshot_elements(snapshot.snapshot if snapshot else [])
    else:
        elements = await load_knowledge_elements(participation.user_id)  # type: ignore[attr-defined]
    referential = bundled_referential()
    result = campaign_result(
        referential, [SkillId(s) for s in participation.campaign.skill_ids], elements
    )
    if shared and participation.competence_levels is not None:
        levels = dict(participation.competence_levels)
    else:
        levels = await participation_levels(participation, elements, referential, services)
    return PupilResults(participation=participation, result=result, is_shared=shared, levels=levels)


async def participation_levels(
    participation: Participation,
    elements: list[KnowledgeElement],
    referential: Referential,
    services: Services,
) -> dict[str, int]:
    """The levels shown for a participation, from its answers (IRT) or ``elements``."""
    method = participation.campaign.method
    rows = []
    if method == AssessmentMethod.IRT:  # smart random reads the elements only
        rows = (
            await Answer.filter(assessment__participation_id=participation.id)
            .order_by("id")
            .values_list("challenge_id", "result")
        )
    answers = []
    for challenge_id, result in rows:
        challenge = referential.challenges.get(challenge_id)
        timed = challenge is not None and challenge.is_timed
        answers.append(AnsweredChallenge(challenge_id, AnswerResult(str(result)), timed))
    levels = shown_levels(
        method,
        referential,
        target_skill_ids=[SkillId(s) for s in participation.campaign.skill_ids],
        answers=answers,
        knowledge_elements=elements,
        max_reachable_level=services.policy.max_reachable_level,
    )
    return {str(competence): level for competence, level in levels.items()}


def _check_shareable(participation: Participation) -> None:
    if participation.status == ParticipationStatus.SHARED:
        raise DomainError(ErrorCode.ALREADY_SHARED)
    if participation.campaign.archived_at is not None:
        raise DomainError(
            ErrorCode.CAMPAIGN_ARCHIVED,
            "Ce parcours a été archivé par l'organisateur. "
            "L'envoi des résultats n'est plus possible.",
        )
    if participation.status != ParticipationStatus.TO_SHARE:
        raise DomainError(ErrorCode.ASSESSMENT_NOT_COMPLETED)


async def share_results(
    participation_id: uuid.UUID | str, *, viewer: Viewer, services: Services
) -> Participation:
    """« J'envoie mes résultats »: only the participant, only once the test is finished.

    One transaction: the status, the snapshot of the pupil's latest knowledge elements
    created up to ``shared_at`` (every skill, as Pix keeps them), and the counts computed from
    that snapshot, so that what the organization reads can never disagree with it.
    """
    participation = await own_participation(participation_id, viewer)
    _check_shareable(participation)
    campaign = participation.campaign
    user_id = participation.user_id  # type: ignore[attr-defined]
    shared_at = services.clock()
    referential = bundled_referential()

    try:
        async with in_transaction():
            # Locked and re-read: two « J'envoie » at once must not both pass the check above.
            locked = await Participation.filter(id=participation.id).select_for_update().get()
            locked.campaign = campaign
            _check_shareable(locked)
            elements = await load_knowledge_elements(user_id, created_until=shared_at)
            latest = list(latest_per_skill(elements).values())
            summary = participation_summary(campaign.skill_ids, latest, referential)
            targets = set(campaign.skill_ids)
            scores = competence_scores(
                referential,
                [e for e in latest if e.skill_id in targets],
                max_reachable_level=services.policy.max_reachable_level,
            )
            levels = await participation_levels(participation, latest, referential, services)
            await KnowledgeElementSnapshot.create(
                participation_id=participation.id,
                user_id=user_id,
                snapped_at=shared_at,
                snapshot=[element_to_json(e) for e in latest],
            )
            await Participation.filter(id=participation.id).update(
                status=ParticipationStatus.SHARED,
                shared_at=shared_at,
                validated_skills_count=summary.validated_skills_count,
                mastery_rate=summary.mastery_rate,
                pix_score=total_pix(scores.values()),
                competence_results=summary.competence_results,
                competence_levels=levels,
            )
    except IntegrityError as error:
        # The snapshot is one per participation: a concurrent share already wrote it.
        raise DomainError(ErrorCode.ALREADY_SHARED) from error
    await live.publish_campaign_change(services, campaign.id, live.SHARED, participation.id)
    return await own_participation(participation.id, viewer)


async def my_participations(
    *, viewer: Viewer, services: Services, first: int = 20, after: list[object] | None = None
) -> Page[Participation]:
    """« Mes parcours »: the viewer's participations, newest first, each with its campaign and
    organization loaded (``overview(participation)`` makes the card)."""
    user_id = require_user(viewer)
    # Assessments prefetched: one more query for the page, none per card (« Reprendre »).
    query = (
        Participation.filter(user_id=user_id, deleted_at=None)
        .select_related("campaign__organization")
        .prefetch_related("assessments")
    )
    return await keyset_page(query, ["-created_at"], first=first, after=after)


async def viewer_participation(campaign_id: uuid.UUID, viewer: Viewer) -> Participation | None:
    """The viewer's participation in the campaign, if they joined it; None when logged out
    (the presentation page offers « Reprendre » or « Je commence »)."""
    if viewer.user_id is None:
        return None
    return await Participation.get_or_none(
        campaign_id=campaign_id, user_id=viewer.user_id, deleted_at=None
    ).select_related("campaign__organization")


def overview(participation: Participation) -> ParticipationOverview:
    campaign = participation.campaign
    return ParticipationOverview(participation, campaign, campaign.organization.name)


__all__ = [
    "CampaignToJoin",
    "Joined",
    "ParticipationOverview",
    "PupilResults",
    "campaign_by_code",
    "current_assessment",
    "join_campaign",
    "my_participations",
    "overview",
    "own_participation",
    "own_participations",
    "participation_results",
    "share_results",
    "viewer_participation",
]
