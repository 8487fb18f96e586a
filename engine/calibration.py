"""Item calibration: fit each challenge's (discrimination, difficulty) from stored answers.

The fit is girth's 2PL marginal maximum likelihood (``girth.twopl_mml``,
docs/decisions/irt-calibration.md), run per competence, since a pupil has one ability per
competence: items × assessments, an assessment's unanswered items tagged missing. girth's
scale is that of the sample (abilities N(0, 1)); it is brought back to the scale of skill levels
by mean-sigma linking on the derived difficulties (the skills' levels) of the calibrated items:
θ_level = A·θ + B with A = sd(levels) / sd(b), B = mean(levels) − A·mean(b), so b' = A·b + B and
a' = a / A. Pure: answers in, parameters out.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import numpy as np
from girth import INVALID_RESPONSE, twopl_mml

from engine.irt import derived_parameters
from engine.referential import ItemParameters, Referential
from engine.types import ChallengeId, CompetenceId

#: Answers an item needs before its fitted parameters replace the derived ones.
DEFAULT_MIN_ANSWERS = 30
#: Fitted values are kept within what the content format accepts.
_DISCRIMINATION_RANGE = (0.05, 10.0)
_DIFFICULTY_RANGE = (-5.0, 15.0)


@dataclass(frozen=True)
class StoredAnswer:
    assessment_id: str
    challenge_id: str
    right: bool


@dataclass(frozen=True)
class CalibratedItem:
    challenge_id: ChallengeId
    answers: int
    before: ItemParameters
    after: ItemParameters | None  # None: too few answers, the previous parameters stay


def calibrate(
    referential: Referential,
    answers: Iterable[StoredAnswer],
    *,
    min_answers: int = DEFAULT_MIN_ANSWERS,
    progress: Callable[[int, int], None] | None = None,
) -> list[CalibratedItem]:
    """Every challenge that has answers, with its parameters before and (when it had at least
    ``min_answers`` answers and its competence enough items to fit) after calibration.
    ``progress(done, total)`` is called after each competence. Answers to unknown challenges
    are ignored; an assessment's second answer to a challenge is ignored too."""
    by_item: dict[ChallengeId, dict[str, bool]] = {}
    for answer in answers:
        challenge = referential.challenges.get(ChallengeId(answer.challenge_id))
        if challenge is None or challenge.skill_id not in referential.skills:
            continue
        by_item.setdefault(challenge.id, {}).setdefault(answer.assessment_id, answer.right)
    groups: dict[CompetenceId, list[ChallengeId]] = {}
    for challenge_id, responses in by_item.items():
        if len(responses) >= min_answers:
            skill = referential.skills[referential.challenges[challenge_id].skill_id]
            groups.setdefault(skill.competence_id, []).append(challenge_id)
    fitted: dict[ChallengeId, ItemParameters] = {}
    for done, (_, items) in enumerate(sorted(groups.items()), start=1):
        fitted.update(_fit(referential, sorted(items), by_item))
        if progress is not None:
            progress(done, len(groups))
    result = []
    for challenge_id in sorted(by_item):
        challenge = referential.challenges[challenge_id]
        before = referential.item_parameters.get(challenge_id) or derived_parameters(
            referential, challenge
        )
        result.append(
            CalibratedItem(
                challenge_id, len(by_item[challenge_id]), before, fitted.get(challenge_id)
            )
        )
    return result


def _fit(
    referential: Referential,
    items: list[ChallengeId],
    responses: Mapping[ChallengeId, Mapping[str, bool]],
) -> dict[ChallengeId, ItemParameters]:
    """The fitted parameters of a competence's items, on the scale of skill levels; none when
    the answers cannot separate them."""
    # Two items at least, with some spread of levels and both outcomes on each, or the
    # model has nothing to separate.
    items = [c for c in items if 0 < sum(responses[c].values()) < len(responses[c])]
    levels = [
        float(referential.skills[referential.challenges[c].skill_id].difficulty) for c in items
    ]
    if len(items) < 2 or statistics.pstdev(levels) == 0:
        return {}
    fitted = _twopl(_response_matrix(items, responses))
    if fitted is None:
        return {}
    discrimination, difficulty = fitted
    linking = _mean_sigma(levels, difficulty)
    if linking is None:
        return {}
    scale, shift = linking
    return {
        challenge_id: ItemParameters(
            discrimination=_clamp(a / scale, _DISCRIMINATION_RANGE),
            difficulty=_clamp(scale * b + shift, _DIFFICULTY_RANGE),
            guessing=0.0,
            answers=len(responses[challenge_id]),
        )
        for challenge_id, a, b in zip(items, discrimination, difficulty, strict=True)
    }


def _response_matrix(
    items: list[ChallengeId], responses: Mapping[ChallengeId, Mapping[str, bool]]
) -> np.ndarray:
    """Items × assessments, 1 right, 0 wrong, missing where the assessment did not answer."""
    persons = sorted({person for c in items for person in responses[c]})
    column = {person: index for index, person in enumerate(persons)}
    matrix = np.full((len(items), len(persons)), INVALID_RESPONSE, dtype=int)
    for row, challenge_id in enumerate(items):
        for person, right in responses[challenge_id].items():
            matrix[row, column[person]] = int(right)
    return matrix


def _twopl(matrix: np.ndarray) -> tuple[list[float], list[float]] | None:
    """girth's 2PL fit on the sample's scale: discriminations and difficulties, or ``None``
    when it does not converge to finite values."""
    estimates = twopl_mml(matrix)
    discrimination = [float(x) for x in np.atleast_1d(estimates["Discrimination"])]
    difficulty = [float(x) for x in np.atleast_1d(estimates["Difficulty"])]
    if not all(math.isfinite(x) for x in (*discrimination, *difficulty)):
        return None
    return discrimination, difficulty


def _mean_sigma(levels: list[float], difficulty: list[float]) -> tuple[float, float] | None:
    """The linking (A, B) that brings the sample's scale to that of skill levels (module
    docstring); ``None`` when the fitted difficulties do not spread."""
    spread = statistics.pstdev(difficulty)
    if spread == 0:
        return None
    scale = statistics.pstdev(levels) / spread
    return scale, statistics.fmean(levels) - scale * statistics.fmean(difficulty)


def _clamp(value: float, bounds: tuple[float, float]) -> float:
    return round(min(max(value, bounds[0]), bounds[1]), 3)


def item_parameters_document(
    referential: Referential, calibrated: Iterable[CalibratedItem], calibrated_at: str
) -> dict[str, object]:
    """The content document ``orga content calibrate`` writes: the content's calibrated items
    kept, the new fits added or replacing them (section ``item_parameters``)."""
    entries: dict[str, dict[str, object]] = {
        challenge_id: {
            "id": challenge_id,
            "discrimination": p.discrimination,
            "difficulty": p.difficulty,
            "guessing": p.guessing,
            "answers": p.answers,
        }
        for challenge_id, p in referential.item_parameters.items()
    }
    for item in calibrated:
        if item.after is not None:
            entries[item.challenge_id] = {
                "id": item.challenge_id,
                "discrimination": item.after.discrimination,
                "difficulty": item.after.difficulty,
                "guessing": item.after.guessing,
                "answers": item.after.answers,
                "calibrated_at": calibrated_at,
            }
    return {
        "format": "orga-content/1",
        "item_parameters": [entries[key] for key in sorted(entries)],
    }
