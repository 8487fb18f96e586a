"""Scoring (pix-domain §8) and progress (§7): pix and levels per competence, campaign results.

Every function reads the "uniq" view of the knowledge elements it is given (latest per skill,
reset dropped), so callers may pass a pupil's raw history in chronological order.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from engine.knowledge import KnowledgeElement, latest_per_skill
from engine.referential import Referential
from engine.types import AreaId, CompetenceId, SkillId

PIX_COUNT_BY_LEVEL = 8
#: Highest level shown to pupils; the content goes up to 8 (config, pix-domain §8).
DEFAULT_MAX_REACHABLE_LEVEL = 6


@dataclass(frozen=True)
class CompetenceScore:
    pix: int  # floor of the earned pix, capped at max level × 8
    level: int

    @property
    def pix_toward_next_level(self) -> int:
        return self.pix % PIX_COUNT_BY_LEVEL


def _score(earned: float, max_reachable_level: int) -> CompetenceScore:
    # Rounded before flooring: three skills worth 8/3 must make 8 pix, not 7.999….
    real = round(earned, 6)
    pix = min(math.floor(real), max_reachable_level * PIX_COUNT_BY_LEVEL)
    level = min(math.floor(real / PIX_COUNT_BY_LEVEL), max_reachable_level)
    return CompetenceScore(pix=pix, level=level)


def competence_scores(
    referential: Referential,
    knowledge_elements: Iterable[KnowledgeElement],
    *,
    max_reachable_level: int = DEFAULT_MAX_REACHABLE_LEVEL,
) -> dict[CompetenceId, CompetenceScore]:
    """Pix and level of every competence of the referential (0 where nothing was earned)."""
    earned: dict[CompetenceId, float] = dict.fromkeys(referential.competences, 0.0)
    for element in latest_per_skill(knowledge_elements).values():
        earned[element.competence_id] = earned.get(element.competence_id, 0.0) + element.earned_pix
    return {cid: _score(total, max_reachable_level) for cid, total in earned.items()}


def total_pix(scores: Iterable[CompetenceScore]) -> int:
    """The pupil's pix score: the sum of the capped pix of each competence."""
    return sum(score.pix for score in scores)


@dataclass(frozen=True)
class LevelUp:
    competence_id: CompetenceId
    competence_name: str
    level: int


def level_up(
    referential: Referential,
    before: Sequence[KnowledgeElement],
    after: Sequence[KnowledgeElement],
    competence_id: CompetenceId,
    *,
    max_reachable_level: int = DEFAULT_MAX_REACHABLE_LEVEL,
) -> LevelUp | None:
    """The new level when the elements of an answer (``after`` = ``before`` + new ones) raise
    the competence's level, else None: the « niveau » notification of the pupil client."""
    return level_up_from_latest(
        referential,
        latest_per_skill(before),
        latest_per_skill(after),
        competence_id,
        max_reachable_level=max_reachable_level,
    )


def level_up_from_latest(
    referential: Referential,
    before: Mapping[SkillId, KnowledgeElement],
    after: Mapping[SkillId, KnowledgeElement],
    competence_id: CompetenceId,
    *,
    max_reachable_level: int = DEFAULT_MAX_REACHABLE_LEVEL,
) -> LevelUp | None:
    """:func:`level_up` from the latest-per-skill views (``latest_per_skill``) before and after
    the answer, for a caller that keeps them (one answer then reads no whole history)."""

    def level(latest: Mapping[SkillId, KnowledgeElement]) -> int:
        earned = sum(e.earned_pix for e in latest.values() if e.competence_id == competence_id)
        return _score(earned, max_reachable_level).level

    new_level = level(after)
    if new_level <= level(before):
        return None
    competence = referential.competences.get(competence_id)
    name = competence.name if competence is not None else competence_id
    return LevelUp(competence_id=competence_id, competence_name=name, level=new_level)


def mastery_percentage(validated: int, total: int) -> int:
    """round(validated / total × 100), halves rounded up as the pupil client does; 0 if empty."""
    if total <= 0:
        return 0
    return (200 * validated + total) // (2 * total)


@dataclass(frozen=True)
class CompetenceResult:
    competence_id: CompetenceId
    index: str
    name: str
    area_code: str
    area_color: str
    total: int
    tested: int
    validated: int
    mastery_percentage: int


@dataclass(frozen=True)
class AreaResult:
    area_id: AreaId
    code: str
    title: str
    color: str
    total: int
    tested: int
    validated: int
    mastery_percentage: int


@dataclass(frozen=True)
class CampaignResult:
    total: int
    tested: int
    validated: int
    mastery_rate: float  # validated / total, 0..1
    competences: tuple[CompetenceResult, ...]  # competences of the target, by index
    areas: tuple[AreaResult, ...]  # areas of the target, by code


def campaign_result(
    referential: Referential,
    target_skill_ids: Iterable[SkillId],
    knowledge_elements: Iterable[KnowledgeElement],
) -> CampaignResult:
    """A pupil's result on a campaign's skills: overall, per competence and per area."""
    targets = list(dict.fromkeys(target_skill_ids))
    latest = latest_per_skill(knowledge_elements)
    counts: dict[CompetenceId, list[int]] = {}  # competence → [total, tested, validated]
    tested = validated = 0
    for skill_id in targets:
        element = latest.get(skill_id)
        is_tested = element is not None
        is_validated = element is not None and element.is_validated
        tested += is_tested
        validated += is_validated
        skill = referential.skills.get(skill_id)
        if skill is None:
            continue  # a skill retired since the campaign was created: counted overall only
        row = counts.setdefault(skill.competence_id, [0, 0, 0])
        row[0] += 1
        row[1] += is_tested
        row[2] += is_validated
    competences: list[CompetenceResult] = []
    areas: dict[AreaId, list[int]] = {}
    for competence in referential.competences.values():  # already sorted by index
        if competence.id not in counts:
            continue
        total_c, tested_c, validated_c = counts[competence.id]
        area = referential.areas[competence.area_id]
        competences.append(
            CompetenceResult(
                competence_id=competence.id,
                index=competence.index,
                name=competence.name,
                area_code=area.code,
                area_color=area.color,
                total=total_c,
                tested=tested_c,
                validated=validated_c,
                mastery_percentage=mastery_percentage(validated_c, total_c),
            )
        )
        row = areas.setdefault(area.id, [0, 0, 0])
        row[0] += total_c
        row[1] += tested_c
        row[2] += validated_c
    area_results = tuple(
        AreaResult(
            area_id=area.id,
            code=area.code,
            title=area.title,
            color=area.color,
            total=areas[area.id][0],
            tested=areas[area.id][1],
            validated=areas[area.id][2],
            mastery_percentage=mastery_percentage(areas[area.id][2], areas[area.id][0]),
        )
        for area in referential.areas.values()
        if area.id in areas
    )
    total = len(targets)
    return CampaignResult(
        total=total,
        tested=tested,
        validated=validated,
        mastery_rate=validated / total if total else 0.0,
        competences=tuple(competences),
        areas=area_results,
    )


def progress(
    target_skill_ids: Iterable[SkillId],
    knowledge_elements: Iterable[KnowledgeElement],
    *,
    completed: bool,
) -> float:
    """Completion rate 0..1: tested target skills / target skills; 1 once completed."""
    if completed:
        return 1.0
    targets = set(target_skill_ids)
    if not targets:
        return 0.0
    latest = latest_per_skill(knowledge_elements)
    return sum(1 for skill_id in targets if skill_id in latest) / len(targets)


def completion_percentage(rate: float) -> int:
    """The progress gauge: round(rate × 100), halves up."""
    return math.floor(rate * 100 + 0.5)
