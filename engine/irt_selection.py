"""Adaptive selection of the IRT method: the most informative challenge on the least precise
competence (docs/decisions/irt-method.md).

Each call is a pure function of the target skills, this assessment's answers and the pupil's
knowledge elements, like :func:`engine.selection.next_challenge` (same signature), so a pupil
who comes back resumes on the same question. The rules, in order:

1. candidates are the challenges, playable in the locale and not yet answered, of target skills
   without a knowledge element (each skill is asked at most once, as with smart random, so the
   elements inferred along tubes never contradict a direct answer);
2. the ability of each competence is estimated from this assessment's answers (EAP,
   :mod:`engine.irt`);
3. the test is over (``None``) when :data:`QUESTION_SHARE` of the target skills were asked, or
   when every competence either has a standard error ≤ :data:`STANDARD_ERROR_TARGET` or no
   candidate worth :data:`MIN_INFORMATION` at its estimate;
4. the competence asked is the one of largest standard error among the others;
5. no timed challenge first, nor right after a timed one, unless only timed ones remain;
6. among its :data:`TOP_CHALLENGES` most informative candidates at its estimate, one is
   picked by a stable hash of the assessment id and the number of answers (exposure control).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from engine.irt import (
    GRID,
    PRIOR_ESTIMATE,
    AbilityEstimate,
    estimate,
    information,
    is_right,
    item_parameters,
    level_from_ability,
)
from engine.knowledge import KnowledgeElement, latest_per_skill
from engine.referential import Challenge, ChallengeStatus, ItemParameters, Referential
from engine.scoring import competence_scores
from engine.selection import AnsweredChallenge, next_challenge_from_latest
from engine.types import ChallengeId, CompetenceId, SkillId

#: Stop once every competence's standard error is at most this (θ on the level scale).
STANDARD_ERROR_TARGET = 0.3
#: A challenge brings less than this at the pupil's estimate: not worth asking.
MIN_INFORMATION = 0.05
#: At most this share of the target skills is asked (smart random asks about 45 %).
QUESTION_SHARE = 0.45
#: Exposure control: the pick is among this many most informative challenges.
TOP_CHALLENGES = 3

_GRID_START, _GRID_STEP = GRID[0], GRID[1] - GRID[0]


@dataclass(frozen=True, slots=True)
class _Item:
    challenge: Challenge
    skill_id: SkillId
    competence: int  # index in _Plan.competences
    information: tuple[float, ...]  # on GRID
    rank: int  # content order, for stable ties


@dataclass(frozen=True, eq=False)  # hashed by identity: a key of the estimate memo
class _Plan:
    competences: tuple[CompetenceId, ...]
    items: tuple[_Item, ...]
    by_challenge: Mapping[str, _Item]
    parameters: Mapping[str, ItemParameters]
    question_limit: int


@lru_cache(maxsize=4096)
def _information_curve(parameters: ItemParameters) -> tuple[float, ...]:
    return tuple(information(parameters, theta) for theta in GRID)


@lru_cache(maxsize=256)
def _plan(referential: Referential, targets: tuple[SkillId, ...], locale: str) -> _Plan:
    competences: dict[CompetenceId, int] = {}
    items: list[_Item] = []
    parameters: dict[str, ItemParameters] = {}
    seen: set[SkillId] = set()
    for skill_id in targets:
        skill = referential.skills.get(skill_id)
        if skill is None or skill_id in seen:
            continue
        seen.add(skill_id)
        index = competences.setdefault(skill.competence_id, len(competences))
        for challenge in referential.skill_challenges(skill_id):
            if not (challenge.is_playable and locale in challenge.locales):
                continue
            found = item_parameters(referential, challenge)
            parameters[challenge.id] = found
            items.append(_Item(challenge, skill_id, index, _information_curve(found), len(items)))
    return _Plan(
        competences=tuple(competences),
        items=tuple(items),
        by_challenge={item.challenge.id: item for item in items},
        parameters=parameters,
        question_limit=max(1, math.ceil(QUESTION_SHARE * len(seen))),
    )


@lru_cache(maxsize=65536)
def _estimate(plan: _Plan, responses: tuple[tuple[ChallengeId, bool], ...]) -> AbilityEstimate:
    return estimate((plan.parameters[challenge_id], right) for challenge_id, right in responses)


def _grid_index(ability: float) -> int:
    return min(len(GRID) - 1, max(0, round((ability - _GRID_START) / _GRID_STEP)))


def _stable_hash(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")


def _competence_estimates(
    plan: _Plan, answers: Sequence[AnsweredChallenge]
) -> list[AbilityEstimate]:
    """The estimate of each competence of the plan (the prior where nothing was answered) from
    this assessment's answers, in the plan's order of competences."""
    responses: list[list[tuple[ChallengeId, bool]]] = [[] for _ in plan.competences]
    for answer in answers:
        item = plan.by_challenge.get(str(answer.challenge_id))
        if item is not None:
            responses[item.competence].append((item.challenge.id, is_right(answer.result)))
    return [_estimate(plan, tuple(found)) if found else PRIOR_ESTIMATE for found in responses]


def ability_estimates(
    referential: Referential,
    *,
    target_skill_ids: Sequence[SkillId],
    answers: Sequence[AnsweredChallenge],
    locale: str = "fr-fr",
) -> dict[CompetenceId, AbilityEstimate]:
    """The estimate of every competence of the target (the prior where nothing was answered)
    from this assessment's answers."""
    plan = _plan(referential, tuple(target_skill_ids), locale)
    estimates = _competence_estimates(plan, answers)
    return dict(zip(plan.competences, estimates, strict=True))


def next_challenge_irt(
    referential: Referential,
    *,
    target_skill_ids: Sequence[SkillId],
    answers: Sequence[AnsweredChallenge],
    knowledge_elements: Sequence[KnowledgeElement],
    assessment_id: str,
    locale: str = "fr-fr",
) -> Challenge | None:
    """The next challenge of the IRT method, or ``None`` when the test is over.
    Same arguments as :func:`engine.selection.next_challenge`."""
    return next_challenge_irt_from_latest(
        referential,
        target_skill_ids=target_skill_ids,
        answers=answers,
        latest=latest_per_skill(knowledge_elements),
        assessment_id=assessment_id,
        locale=locale,
    )


#: A candidate challenge with its information at its competence's estimate.
_Candidate = tuple[float, _Item]


def _candidates(
    plan: _Plan,
    answers: Sequence[AnsweredChallenge],
    latest: Mapping[SkillId, KnowledgeElement],
    estimates: Sequence[AbilityEstimate],
) -> list[list[_Candidate]]:
    """Per competence, the challenges still worth asking (rules 1 and 3): of untested skills,
    not answered, on a competence not yet precise enough, informative enough at its estimate."""
    answered = {str(answer.challenge_id) for answer in answers}
    positions = [_grid_index(found.ability) for found in estimates]
    candidates: list[list[_Candidate]] = [[] for _ in plan.competences]
    for item in plan.items:
        if item.skill_id in latest or item.challenge.id in answered:
            continue
        if estimates[item.competence].standard_error <= STANDARD_ERROR_TARGET:
            continue
        gain = item.information[positions[item.competence]]
        if gain >= MIN_INFORMATION:
            candidates[item.competence].append((gain, item))
    return candidates


def _avoids_timed(
    answers: Sequence[AnsweredChallenge], candidates: Sequence[Sequence[_Candidate]]
) -> bool:
    """Rule 5: no timed challenge first nor right after a timed one, unless only timed ones
    remain."""
    if answers and not answers[-1].timed:
        return False
    return any(not item.challenge.is_timed for found in candidates for _, item in found)


def _least_precise_competence(
    candidates: Sequence[Sequence[_Candidate]],
    estimates: Sequence[AbilityEstimate],
    without_timed: bool,
) -> int | None:
    """Rule 4: among the competences with a candidate to ask, the one of largest standard
    error (the first at equal error); ``None`` when there is none: the test is over."""
    best_competence, best_error = None, -1.0
    for index, found in enumerate(candidates):
        if without_timed and all(item.challenge.is_timed for _, item in found):
            continue
        if found and estimates[index].standard_error > best_error:
            best_competence, best_error = index, estimates[index].standard_error
    return best_competence


def _pick(
    found: Sequence[_Candidate], without_timed: bool, assessment_id: str, answered: int
) -> Challenge:
    """Rule 6: one of the competence's most informative candidates, by a stable hash of the
    assessment and the number of answers (exposure control)."""
    pool = [(gain, item) for gain, item in found if not (without_timed and item.challenge.is_timed)]
    # By information; at equal information validated before archived, as smart random does.
    pool.sort(
        key=lambda pair: (
            -pair[0],
            pair[1].challenge.status != ChallengeStatus.VALIDATED,
            pair[1].rank,
        )
    )
    top = pool[:TOP_CHALLENGES]
    return top[_stable_hash(f"{assessment_id}/{answered}") % len(top)][1].challenge


def next_challenge_irt_from_latest(
    referential: Referential,
    *,
    target_skill_ids: Sequence[SkillId],
    answers: Sequence[AnsweredChallenge],
    latest: Mapping[SkillId, KnowledgeElement],
    assessment_id: str,
    locale: str = "fr-fr",
) -> Challenge | None:
    """:func:`next_challenge_irt` from the latest-per-skill view of the pupil's elements."""
    targets = target_skill_ids if isinstance(target_skill_ids, tuple) else tuple(target_skill_ids)
    plan = _plan(referential, targets, locale)
    if len(answers) >= plan.question_limit:
        return None
    estimates = _competence_estimates(plan, answers)
    candidates = _candidates(plan, answers, latest, estimates)
    without_timed = _avoids_timed(answers, candidates)
    competence = _least_precise_competence(candidates, estimates, without_timed)
    if competence is None:
        return None
    return _pick(candidates[competence], without_timed, assessment_id, len(answers))


#: The methods a campaign can use, by their stored names.
SMART_RANDOM, IRT = "SMART_RANDOM", "IRT"


def next_challenge_for_method(
    method: str,
    referential: Referential,
    *,
    target_skill_ids: Sequence[SkillId],
    answers: Sequence[AnsweredChallenge],
    latest: Mapping[SkillId, KnowledgeElement],
    assessment_id: str,
    locale: str = "fr-fr",
) -> Challenge | None:
    """The one dispatch on a campaign's method: ``IRT`` or (anything else) smart random."""
    select = next_challenge_irt_from_latest if method == IRT else next_challenge_from_latest
    return select(
        referential,
        target_skill_ids=target_skill_ids,
        answers=answers,
        latest=latest,
        assessment_id=assessment_id,
        locale=locale,
    )


def shown_levels(
    method: str,
    referential: Referential,
    *,
    target_skill_ids: Sequence[SkillId],
    answers: Sequence[AnsweredChallenge],
    knowledge_elements: Sequence[KnowledgeElement],
    max_reachable_level: int,
    locale: str = "fr-fr",
) -> dict[CompetenceId, int]:
    """The level shown per competence of the target, the same on the participant page, in the
    CSV and in the pupil's results. IRT: :func:`engine.irt.level_from_ability` of the EAP
    estimate from this assessment's ``answers``; smart random: the pix level of the latest
    knowledge elements on the target skills (``engine.scoring``)."""
    if method == IRT:
        estimates = ability_estimates(
            referential, target_skill_ids=target_skill_ids, answers=answers, locale=locale
        )
        return {
            competence: level_from_ability(found.ability, max_reachable_level)
            for competence, found in estimates.items()
        }
    targets = set(target_skill_ids)
    scores = competence_scores(
        referential,
        [e for e in latest_per_skill(knowledge_elements).values() if e.skill_id in targets],
        max_reachable_level=max_reachable_level,
    )
    competences = dict.fromkeys(
        referential.skills[s].competence_id for s in target_skill_ids if s in referential.skills
    )
    return {competence: scores[competence].level for competence in competences}
