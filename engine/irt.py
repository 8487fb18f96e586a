"""Item-response model of the IRT method: item parameters, ability per competence, level shown.

The model is logistic with an optional guessing floor (2PL when ``guessing`` is 0):
P(right | θ) = c + (1 − c) / (1 + exp(−a · (θ − b))), θ on the scale of skill levels, so that a
pupil of ability θ has level floor(θ) (:func:`level_from_ability`).

- Item parameters come from the content (``item_parameters``, written by
  ``orga content calibrate``) when present; otherwise they are derived from the skill: b = the
  skill's difficulty, a = :data:`DERIVED_DISCRIMINATION`, c = 1 / proposals for a QCU.
- The ability of each competence is estimated from the direct answers to its challenges by
  expected a posteriori (EAP) on a fixed grid, with a normal prior; its standard error is the
  posterior standard deviation.

Pure and cheap: each item's log-likelihood on the grid is computed once per parameter set, and
an estimate is a sum of those vectors (see :func:`estimate`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from engine.evaluation import AnswerResult
from engine.referential import Challenge, ChallengeType, ItemParameters, Referential

#: Ability grid: −2 … 10 by 0.1 (skill levels are 1 … 8).
GRID: tuple[float, ...] = tuple(round(-2 + step / 10, 1) for step in range(121))
#: Normal prior on θ: centred on the middle of the levels pupils reach, wide enough for 0 … 7.
PRIOR_MEAN = 3.5
PRIOR_SD = 2.0
#: Discrimination given to a challenge without calibrated parameters.
DERIVED_DISCRIMINATION = 2.0

_LOG_PRIOR: tuple[float, ...] = tuple(-0.5 * ((t - PRIOR_MEAN) / PRIOR_SD) ** 2 for t in GRID)


def derived_parameters(referential: Referential, challenge: Challenge) -> ItemParameters:
    """Parameters from the skill alone: difficulty = skill level, guessing = 1 / proposals of a
    QCU (one proposal is right), none for the other types."""
    skill = referential.skills[challenge.skill_id]
    guessing = 0.0
    if challenge.type == ChallengeType.QCU and len(challenge.choices) > 1:
        guessing = 1 / len(challenge.choices)
    return ItemParameters(DERIVED_DISCRIMINATION, float(skill.difficulty), guessing)


def item_parameters(referential: Referential, challenge: Challenge) -> ItemParameters:
    """The content's calibrated parameters of ``challenge``, else the derived ones."""
    found = referential.item_parameters.get(challenge.id)
    return found if found is not None else derived_parameters(referential, challenge)


def probability(parameters: ItemParameters, ability: float) -> float:
    a, b, c = parameters.discrimination, parameters.difficulty, parameters.guessing
    return c + (1 - c) / (1 + math.exp(-a * (ability - b)))


def information(parameters: ItemParameters, ability: float) -> float:
    """Fisher information of the item at ``ability`` (a²·p·(1−p) for a 2PL item)."""
    a, c = parameters.discrimination, parameters.guessing
    p = probability(parameters, ability)
    if p <= c or p >= 1:
        return 0.0
    return a * a * (1 - p) * (p - c) ** 2 / ((1 - c) ** 2 * p)


@lru_cache(maxsize=8192)
def _log_likelihood(parameters: ItemParameters, right: bool) -> tuple[float, ...]:
    values = []
    for theta in GRID:
        p = min(max(probability(parameters, theta), 1e-12), 1 - 1e-12)
        values.append(math.log(p if right else 1 - p))
    return tuple(values)


@dataclass(frozen=True, slots=True)
class AbilityEstimate:
    ability: float  # EAP of θ
    standard_error: float  # posterior standard deviation
    answers: int


#: The estimate before any answer: the prior.
PRIOR_ESTIMATE = AbilityEstimate(PRIOR_MEAN, PRIOR_SD, 0)


def is_right(result: AnswerResult) -> bool:
    """Only ``ok`` counts as right, as for knowledge elements (ko, aband, timedout: wrong)."""
    return result == AnswerResult.OK


def estimate(responses: Iterable[tuple[ItemParameters, bool]]) -> AbilityEstimate:
    """EAP ability and its standard error on :data:`GRID` from (parameters, right) pairs."""
    log_posterior = list(_LOG_PRIOR)
    count = 0
    for parameters, right in responses:
        vector = _log_likelihood(parameters, right)
        log_posterior = [x + y for x, y in zip(log_posterior, vector, strict=True)]
        count += 1
    if not count:
        return PRIOR_ESTIMATE
    top = max(log_posterior)
    weights = [math.exp(x - top) for x in log_posterior]
    total = sum(weights)
    mean = sum(w * t for w, t in zip(weights, GRID, strict=True)) / total
    variance = sum(w * (t - mean) ** 2 for w, t in zip(weights, GRID, strict=True)) / total
    return AbilityEstimate(mean, math.sqrt(max(variance, 0.0)), count)


def level_from_ability(ability: float, max_reachable_level: int) -> int:
    """The level shown for a competence measured by the IRT method: floor(θ) within
    0 … ``max_reachable_level``. A pupil of ability θ solves a skill of difficulty d with
    probability ½ when θ = d, so level n means « at least even odds on level-n skills ». The one
    function behind the participant page, the CSV and the pupil's results."""
    return max(0, min(max_reachable_level, math.floor(ability + 1e-9)))


def estimates_by_competence(
    referential: Referential,
    answers: Sequence[tuple[Challenge, AnswerResult]],
) -> dict[str, AbilityEstimate]:
    """The estimate of each competence that has answers (challenges of unknown skills are
    left out)."""
    grouped: dict[str, list[tuple[ItemParameters, bool]]] = {}
    for challenge, result in answers:
        skill = referential.skills.get(challenge.skill_id)
        if skill is None:
            continue
        grouped.setdefault(skill.competence_id, []).append(
            (item_parameters(referential, challenge), is_right(result))
        )
    return {competence: estimate(responses) for competence, responses in grouped.items()}
