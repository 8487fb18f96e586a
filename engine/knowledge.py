"""Knowledge elements (pix-domain §6): what an answer says about the pupil's skills.

An answer gives a *direct* element on the challenge's skill and *inferred* elements along its
tube: succeeding at level 4 of ``@recherche`` also validates ``@recherche1..3``; failing it also
invalidates ``@recherche5..8``. Only target skills not yet assessed in this assessment get one.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from engine.evaluation import AnswerResult
from engine.referential import Referential
from engine.types import ChallengeId, CompetenceId, SkillId


class KnowledgeElementStatus(StrEnum):
    VALIDATED = "validated"
    INVALIDATED = "invalidated"
    RESET = "reset"


class KnowledgeElementSource(StrEnum):
    DIRECT = "direct"
    INFERRED = "inferred"


@dataclass(frozen=True)
class KnowledgeElement:
    skill_id: SkillId
    competence_id: CompetenceId
    status: KnowledgeElementStatus
    source: KnowledgeElementSource
    earned_pix: float
    created_at: datetime | None = None

    @property
    def is_validated(self) -> bool:
        return self.status == KnowledgeElementStatus.VALIDATED


def knowledge_elements_for_answer(
    referential: Referential,
    *,
    challenge_id: ChallengeId | str,
    result: AnswerResult,
    target_skill_ids: Collection[SkillId],
    assessed_skill_ids: Collection[SkillId],
    created_at: datetime | None = None,
) -> list[KnowledgeElement]:
    """The knowledge elements an answer creates, the direct one first.

    ``assessed_skill_ids`` are the skills that already have an element *in this assessment*:
    they get nothing new. Only ``ok`` validates; ``ko``, ``aband`` and ``timedout`` invalidate.
    A challenge of a skill outside the target, or already assessed, creates nothing at all.
    """
    challenge = referential.challenges.get(ChallengeId(challenge_id))
    if challenge is None:
        return []
    skill = referential.skills.get(challenge.skill_id)
    targets = _as_set(target_skill_ids)
    assessed = _as_set(assessed_skill_ids)
    if skill is None or skill.id not in targets or skill.id in assessed:
        return []
    validated = result == AnswerResult.OK
    status = KnowledgeElementStatus.VALIDATED if validated else KnowledgeElementStatus.INVALIDATED

    def element(skill_id: SkillId, pix: float, source: KnowledgeElementSource) -> KnowledgeElement:
        return KnowledgeElement(
            skill_id=skill_id,
            competence_id=skill.competence_id,
            status=status,
            source=source,
            earned_pix=pix if validated else 0.0,
            created_at=created_at,
        )

    elements = [element(skill.id, skill.pix_value, KnowledgeElementSource.DIRECT)]
    for other in referential.tube_skills(skill.tube_id):
        if other.id == skill.id or other.id not in targets or other.id in assessed:
            continue
        easier = other.difficulty < skill.difficulty
        harder = other.difficulty > skill.difficulty
        if (validated and easier) or (not validated and harder):
            elements.append(element(other.id, other.pix_value, KnowledgeElementSource.INFERRED))
    return elements


def _as_set(skill_ids: Collection[SkillId]) -> Collection[SkillId]:
    # Membership is tested once per skill of the tube: avoid O(n) lookups in a list.
    return skill_ids if isinstance(skill_ids, set | frozenset) else set(skill_ids)


def latest_per_skill(elements: Iterable[KnowledgeElement]) -> dict[SkillId, KnowledgeElement]:
    """The "uniq" view: the most recent element of each skill, skills reset last dropped.

    ``elements`` must come in chronological order (oldest first).
    """
    # The last element of a skill decides: a reset one drops the skill. (Two C-speed passes:
    # selection calls this with every element of the pupil, at each question.)
    latest = {element.skill_id: element for element in elements}
    reset = KnowledgeElementStatus.RESET
    for skill_id in [s for s, element in latest.items() if element.status == reset]:
        del latest[skill_id]
    return latest


def extend_latest(
    latest: Mapping[SkillId, KnowledgeElement], new_elements: Iterable[KnowledgeElement]
) -> dict[SkillId, KnowledgeElement]:
    """``latest_per_skill(history + new_elements)`` from ``latest = latest_per_skill(history)``:
    what a caller that keeps the latest view pays per answer, instead of a pass over the whole
    history. ``new_elements`` come oldest first, after the history."""
    extended = dict(latest)
    for element in new_elements:
        if element.status == KnowledgeElementStatus.RESET:
            extended.pop(element.skill_id, None)
        else:
            extended[element.skill_id] = element
    return extended


def reset(element: KnowledgeElement, *, created_at: datetime | None = None) -> KnowledgeElement:
    """The element that resets a skill (status ``reset``, no pix)."""
    return KnowledgeElement(
        skill_id=element.skill_id,
        competence_id=element.competence_id,
        status=KnowledgeElementStatus.RESET,
        source=element.source,
        earned_pix=0.0,
        created_at=created_at,
    )
