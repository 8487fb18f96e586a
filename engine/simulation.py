"""Simulated pupils taking adaptive tests: does the engine ask few questions and measure well?

Two pupil models (``pupil_model``):

- ``engine`` (the model the engine was designed with): an ability θ per competence, uniform in
  [0.5, 6.5]; on a challenge of difficulty d, right with probability
  g + (1 − g) / (1 + exp(−1.7·a·(θ − d))), ``a`` drawn once per challenge in [0.8, 2.0], ``g`` =
  1 / proposals for a QCU, 0 otherwise;
- ``different`` (assumptions the engine does not share): θ normal (mean 2.5, sd 1.5, kept in
  [0, 7.5]); each challenge's true difficulty is its skill's level plus a normal offset
  (sd 0.6) and its slope 1.7·a with ``a`` in [0.4, 1.6]; guessing on every multiple-choice
  type (1 / proposals for a QCU, 0.2 for a QCM); one answer in twenty skipped (``aband``).

In both, a timed challenge is answered late one time in ten (a right answer then counts as
``timedout``). The true level is floor(θ) within 0..6. The estimated level is what the
method shows: the pix level of the knowledge elements for smart random, ``level_from_ability``
of the EAP estimate for IRT and for the random fixed-length baseline (``method="random"``,
``fixed_length`` questions drawn at random among the untested skills).

Pure and reproducible: one ``random.Random(seed)``; timing is measured only when the caller
passes a ``clock`` (e.g. ``time.perf_counter``).
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Protocol

from engine.evaluation import AnswerResult
from engine.irt import level_from_ability
from engine.irt_selection import ability_estimates, next_challenge_irt
from engine.knowledge import KnowledgeElement, knowledge_elements_for_answer, latest_per_skill
from engine.referential import Challenge, ChallengeType, Referential
from engine.scoring import DEFAULT_MAX_REACHABLE_LEVEL, competence_scores
from engine.selection import AnsweredChallenge, next_challenge
from engine.types import CompetenceId, SkillId

MIN_ABILITY, MAX_ABILITY = 0.5, 6.5
MIN_DISCRIMINATION, MAX_DISCRIMINATION = 0.8, 2.0
LATE_ANSWER_PROBABILITY = 0.1
#: The ``different`` pupil model (module docstring).
DIFFERENT_MEAN, DIFFERENT_SD, DIFFERENT_MAX = 2.5, 1.5, 7.5
DIFFERENT_DIFFICULTY_SD = 0.6
DIFFERENT_DISCRIMINATION = (0.4, 1.6)
DIFFERENT_QCM_GUESS = 0.2
SKIP_PROBABILITY = 0.05
METHODS = ("smart-random", "irt", "random")
PUPIL_MODELS = ("engine", "different")


class Selector(Protocol):
    """The signature of :func:`engine.selection.next_challenge`."""

    def __call__(
        self,
        referential: Referential,
        *,
        target_skill_ids: Sequence[SkillId],
        answers: Sequence[AnsweredChallenge],
        knowledge_elements: Sequence[KnowledgeElement],
        assessment_id: str,
        locale: str = ...,
    ) -> Challenge | None: ...


@dataclass(frozen=True)
class SimulationReport:
    profile_id: str
    pupils: int
    seed: int
    target_skills: int
    competences: int
    mean_questions: float
    max_questions: int
    mean_share_asked: float  # questions / target skills, averaged over pupils
    within_one_share: float  # (pupil, competence) pairs with |estimated − true level| ≤ 1
    exact_share: float  # (pupil, competence) pairs with estimated == true level
    mean_absolute_error: float  # mean |estimated − true level| over (pupil, competence) pairs
    all_within_one_share: float  # pupils within ±1 on every competence of the profile
    level_gaps: Mapping[int, int]  # estimated − true level → number of (pupil, competence)
    selections: int
    mean_selection_us: float | None  # None without a clock
    p50_selection_us: float | None
    p99_selection_us: float | None
    method: str = "smart-random"
    pupil_model: str = "engine"
    #: questions asked per competence and final standard error (IRT and random only): for
    #: « where the information runs out »
    mean_questions_per_competence: float = 0.0
    mean_standard_error: float | None = None


def random_fixed_length(length: int) -> Selector:
    """Baseline: ``length`` challenges of untested target skills, drawn at random."""

    def select(
        referential: Referential,
        *,
        target_skill_ids: Sequence[SkillId],
        answers: Sequence[AnsweredChallenge],
        knowledge_elements: Sequence[KnowledgeElement],
        assessment_id: str,
        locale: str = "fr-fr",
    ) -> Challenge | None:
        if len(answers) >= length:
            return None
        known = latest_per_skill(knowledge_elements)
        answered = {str(answer.challenge_id) for answer in answers}
        candidates = [
            c
            for skill_id in target_skill_ids
            if skill_id not in known
            for c in referential.skill_challenges(skill_id)
            if c.is_playable and locale in c.locales and c.id not in answered
        ]
        if not candidates:
            return None
        return random.Random(f"{assessment_id}/{len(answers)}").choice(candidates)

    return select


def success_probability(
    ability: float, difficulty: float, discrimination: float, guess: float
) -> float:
    """The simulated pupil's chance of answering right (3-parameter logistic, D = 1.7)."""
    return guess + (1 - guess) / (1 + math.exp(-1.7 * discrimination * (ability - difficulty)))


def _percentile(sorted_values: Sequence[float], share: float) -> float:
    index = max(0, math.ceil(share * len(sorted_values)) - 1)
    return sorted_values[index]


def true_level(ability: float, max_reachable_level: int = DEFAULT_MAX_REACHABLE_LEVEL) -> int:
    return max(0, min(max_reachable_level, math.floor(ability)))


def simulate(
    referential: Referential,
    profile_id: str,
    pupils: int,
    seed: int,
    clock: Callable[[], float] | None = None,
    *,
    selector: Selector | None = None,
    progress: Callable[[int, int], None] | None = None,
    locale: str = "fr-fr",
    method: str = "smart-random",
    pupil_model: str = "engine",
    fixed_length: int | None = None,
) -> SimulationReport:
    """Run ``pupils`` simulated tests on a target profile and measure the engine.

    ``clock`` (seconds, e.g. ``time.perf_counter``) times each selection; ``method`` is
    ``smart-random``, ``irt`` or ``random`` (``fixed_length`` questions); ``selector`` replaces
    the method's selection (the level is still the method's); ``progress(done, total)`` is
    called after each pupil. The same seed draws the same pupils whatever the method.
    """
    if method not in METHODS:
        raise ValueError(f"méthode inconnue : {method}")
    if pupil_model not in PUPIL_MODELS:
        raise ValueError(f"modèle d'élève inconnu : {pupil_model}")
    if selector is None:
        if method == "random":
            if fixed_length is None:
                raise ValueError("la méthode random demande fixed_length")
            selector = random_fixed_length(fixed_length)
        else:
            selector = next_challenge_irt if method == "irt" else next_challenge
    different = pupil_model == "different"
    rng = random.Random(seed)
    targets = referential.target_profile_skill_ids(profile_id)
    target_set = frozenset(targets)
    competences: list[CompetenceId] = list(
        dict.fromkeys(referential.skills[s].competence_id for s in targets)
    )
    # Item parameters are drawn once, in a stable order, before any pupil.
    low, high = DIFFERENT_DISCRIMINATION if different else (MIN_DISCRIMINATION, MAX_DISCRIMINATION)
    discrimination: dict[str, float] = {}
    difficulty: dict[str, float] = {}
    for challenge_id in sorted(referential.challenges):
        discrimination[challenge_id] = rng.uniform(low, high)
        level = referential.skills[referential.challenges[challenge_id].skill_id].difficulty
        offset = rng.gauss(0.0, DIFFERENT_DIFFICULTY_SD) if different else 0.0
        difficulty[challenge_id] = level + offset
    durations: list[float] = []
    questions: list[int] = []
    within = exact = all_within = 0
    absolute_error = 0
    per_competence_questions = 0
    errors: list[float] = []
    gaps: dict[int, int] = {}
    for pupil in range(pupils):
        # Each pupil's ability and answers come from streams of their own: every method meets
        # the same pupils.
        pupil_rng = random.Random(f"{seed}/pupil/{pupil}")
        if different:
            ability = {
                c: min(DIFFERENT_MAX, max(0.0, pupil_rng.gauss(DIFFERENT_MEAN, DIFFERENT_SD)))
                for c in competences
            }
        else:
            ability = {c: pupil_rng.uniform(MIN_ABILITY, MAX_ABILITY) for c in competences}
        pupil_rng = random.Random(f"{seed}/answers/{pupil}")
        answers: list[AnsweredChallenge] = []
        elements: list[KnowledgeElement] = []
        assessed: set[SkillId] = set()
        assessment_id = f"simulation-{seed}-{pupil}"
        while True:
            start = clock() if clock is not None else 0.0
            challenge = selector(
                referential,
                target_skill_ids=targets,
                answers=answers,
                knowledge_elements=elements,
                assessment_id=assessment_id,
                locale=locale,
            )
            if clock is not None:
                durations.append(clock() - start)
            if challenge is None:
                break
            if len(answers) >= len(targets):
                raise RuntimeError("la sélection repropose une épreuve après tous les acquis")
            skill = referential.skills[challenge.skill_id]
            guess = 1 / len(challenge.choices) if challenge.type == ChallengeType.QCU else 0.0
            if different and challenge.type == ChallengeType.QCM:
                guess = DIFFERENT_QCM_GUESS
            p = success_probability(
                ability[skill.competence_id],
                difficulty[challenge.id],
                discrimination[challenge.id],
                guess,
            )
            correct = pupil_rng.random() < p
            late = challenge.is_timed and pupil_rng.random() < LATE_ANSWER_PROBABILITY
            result = AnswerResult.OK if correct else AnswerResult.KO
            if correct and late:
                result = AnswerResult.TIMEDOUT
            if different and pupil_rng.random() < SKIP_PROBABILITY:
                result = AnswerResult.ABAND
            answers.append(AnsweredChallenge(challenge.id, result, challenge.is_timed))
            new = knowledge_elements_for_answer(
                referential,
                challenge_id=challenge.id,
                result=result,
                target_skill_ids=target_set,
                assessed_skill_ids=assessed,
            )
            elements.extend(new)
            assessed.update(element.skill_id for element in new)
        questions.append(len(answers))
        if method == "smart-random":
            scores = competence_scores(referential, elements)
            shown = {c: scores[c].level for c in competences}
        else:
            estimates = ability_estimates(
                referential, target_skill_ids=targets, answers=answers, locale=locale
            )
            shown = {
                c: level_from_ability(estimates[c].ability, DEFAULT_MAX_REACHABLE_LEVEL)
                for c in competences
            }
            errors.extend(estimates[c].standard_error for c in competences)
        per_competence_questions += len(answers)
        pupil_within = True
        for competence_id in competences:
            signed = shown[competence_id] - true_level(ability[competence_id])
            gaps[signed] = gaps.get(signed, 0) + 1
            gap = abs(signed)
            absolute_error += gap
            within += gap <= 1
            exact += gap == 0
            pupil_within = pupil_within and gap <= 1
        all_within += pupil_within
        if progress is not None:
            progress(pupil + 1, pupils)
    pairs = max(1, pupils * len(competences))
    timings = sorted(durations)
    return SimulationReport(
        profile_id=profile_id,
        pupils=pupils,
        seed=seed,
        target_skills=len(targets),
        competences=len(competences),
        mean_questions=sum(questions) / pupils if pupils else 0.0,
        max_questions=max(questions, default=0),
        mean_share_asked=(
            sum(q / len(targets) for q in questions) / pupils if pupils and targets else 0.0
        ),
        within_one_share=within / pairs,
        exact_share=exact / pairs,
        mean_absolute_error=absolute_error / pairs,
        all_within_one_share=all_within / pupils if pupils else 0.0,
        level_gaps=MappingProxyType(dict(sorted(gaps.items()))),
        selections=len(durations) if clock is not None else sum(q + 1 for q in questions),
        mean_selection_us=sum(timings) / len(timings) * 1e6 if timings else None,
        p50_selection_us=_percentile(timings, 0.5) * 1e6 if timings else None,
        p99_selection_us=_percentile(timings, 0.99) * 1e6 if timings else None,
        method=method,
        pupil_model=pupil_model,
        mean_questions_per_competence=per_competence_questions / pairs,
        mean_standard_error=sum(errors) / len(errors) if errors else None,
    )
