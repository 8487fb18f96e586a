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
from dataclasses import dataclass, field
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


@dataclass(frozen=True)
class _Setting:
    """What every pupil of a run shares: the target, the selection and the true items."""

    referential: Referential
    targets: tuple[SkillId, ...]
    target_set: frozenset[SkillId]
    competences: list[CompetenceId]
    selector: Selector
    locale: str
    different: bool  # the ``different`` pupil model
    discrimination: Mapping[str, float]
    difficulty: Mapping[str, float]
    clock: Callable[[], float] | None


@dataclass
class _Tally:
    """What the pupils' tests add up to, pupil after pupil."""

    questions: list[int] = field(default_factory=list)
    durations: list[float] = field(default_factory=list)
    errors: list[float] = field(default_factory=list)  # final standard errors (IRT, random)
    gaps: dict[int, int] = field(default_factory=dict)
    within: int = 0
    exact: int = 0
    all_within: int = 0
    absolute_error: int = 0


def _selection(
    method: str, pupil_model: str, selector: Selector | None, fixed_length: int | None
) -> Selector:
    """The caller's selector, else the method's, once the method and pupil model are checked."""
    if method not in METHODS:
        raise ValueError(f"méthode inconnue : {method}")
    if pupil_model not in PUPIL_MODELS:
        raise ValueError(f"modèle d'élève inconnu : {pupil_model}")
    if selector is not None:
        return selector
    if method == "random":
        if fixed_length is None:
            raise ValueError("la méthode random demande fixed_length")
        return random_fixed_length(fixed_length)
    return next_challenge_irt if method == "irt" else next_challenge


def _true_items(
    referential: Referential, rng: random.Random, different: bool
) -> tuple[dict[str, float], dict[str, float]]:
    """Each challenge's true discrimination and difficulty, drawn once in a stable order before
    any pupil."""
    low, high = DIFFERENT_DISCRIMINATION if different else (MIN_DISCRIMINATION, MAX_DISCRIMINATION)
    discrimination: dict[str, float] = {}
    difficulty: dict[str, float] = {}
    for challenge_id in sorted(referential.challenges):
        discrimination[challenge_id] = rng.uniform(low, high)
        level = referential.skills[referential.challenges[challenge_id].skill_id].difficulty
        offset = rng.gauss(0.0, DIFFERENT_DIFFICULTY_SD) if different else 0.0
        difficulty[challenge_id] = level + offset
    return discrimination, difficulty


def _pupil_ability(setting: _Setting, seed: int, pupil: int) -> dict[CompetenceId, float]:
    """A pupil's true ability per competence, from a stream of the pupil's own: every method
    meets the same pupils."""
    rng = random.Random(f"{seed}/pupil/{pupil}")
    if setting.different:
        return {
            c: min(DIFFERENT_MAX, max(0.0, rng.gauss(DIFFERENT_MEAN, DIFFERENT_SD)))
            for c in setting.competences
        }
    return {c: rng.uniform(MIN_ABILITY, MAX_ABILITY) for c in setting.competences}


def _guessing(challenge: Challenge, different: bool) -> float:
    """The pupil's chance of a right answer by luck alone."""
    if different and challenge.type == ChallengeType.QCM:
        return DIFFERENT_QCM_GUESS
    return 1 / len(challenge.choices) if challenge.type == ChallengeType.QCU else 0.0


def _pupil_answer(
    setting: _Setting, challenge: Challenge, ability: float, rng: random.Random
) -> AnswerResult:
    """The pupil's answer to a challenge: right with the model's probability, now and then
    late on a timed one, skipped one time in twenty in the ``different`` model."""
    p = success_probability(
        ability,
        setting.difficulty[challenge.id],
        setting.discrimination[challenge.id],
        _guessing(challenge, setting.different),
    )
    # The draws stay in this order (and the late one only on timed challenges): the same seed
    # gives the same answers.
    correct = rng.random() < p
    late = challenge.is_timed and rng.random() < LATE_ANSWER_PROBABILITY
    result = AnswerResult.OK if correct else AnswerResult.KO
    if correct and late:
        result = AnswerResult.TIMEDOUT
    if setting.different and rng.random() < SKIP_PROBABILITY:
        result = AnswerResult.ABAND
    return result


def _timed_selection(
    setting: _Setting,
    answers: Sequence[AnsweredChallenge],
    elements: Sequence[KnowledgeElement],
    assessment_id: str,
    durations: list[float],
) -> Challenge | None:
    """The next challenge of the test; its selection time goes to ``durations`` with a clock."""
    clock = setting.clock
    start = clock() if clock is not None else 0.0
    challenge = setting.selector(
        setting.referential,
        target_skill_ids=setting.targets,
        answers=answers,
        knowledge_elements=elements,
        assessment_id=assessment_id,
        locale=setting.locale,
    )
    if clock is not None:
        durations.append(clock() - start)
    return challenge


def _take_test(
    setting: _Setting,
    seed: int,
    pupil: int,
    ability: Mapping[CompetenceId, float],
    durations: list[float],
) -> tuple[list[AnsweredChallenge], list[KnowledgeElement]]:
    """One pupil's whole test: the challenges asked until the selection stops, the pupil's
    answers and the knowledge elements they give."""
    referential = setting.referential
    rng = random.Random(f"{seed}/answers/{pupil}")
    answers: list[AnsweredChallenge] = []
    elements: list[KnowledgeElement] = []
    assessed: set[SkillId] = set()
    assessment_id = f"simulation-{seed}-{pupil}"
    while (
        challenge := _timed_selection(setting, answers, elements, assessment_id, durations)
    ) is not None:
        if len(answers) >= len(setting.targets):
            raise RuntimeError("la sélection repropose une épreuve après tous les acquis")
        competence_id = referential.skills[challenge.skill_id].competence_id
        result = _pupil_answer(setting, challenge, ability[competence_id], rng)
        answers.append(AnsweredChallenge(challenge.id, result, challenge.is_timed))
        new = knowledge_elements_for_answer(
            referential,
            challenge_id=challenge.id,
            result=result,
            target_skill_ids=setting.target_set,
            assessed_skill_ids=assessed,
        )
        elements.extend(new)
        assessed.update(element.skill_id for element in new)
    return answers, elements


def _shown_levels(
    setting: _Setting,
    method: str,
    answers: Sequence[AnsweredChallenge],
    elements: Sequence[KnowledgeElement],
) -> tuple[dict[CompetenceId, int], list[float]]:
    """The level the method shows per competence at the end of the test, and the final standard
    errors (none for smart random)."""
    competences = setting.competences
    if method == "smart-random":
        scores = competence_scores(setting.referential, elements)
        return {c: scores[c].level for c in competences}, []
    estimates = ability_estimates(
        setting.referential,
        target_skill_ids=setting.targets,
        answers=answers,
        locale=setting.locale,
    )
    shown = {
        c: level_from_ability(estimates[c].ability, DEFAULT_MAX_REACHABLE_LEVEL)
        for c in competences
    }
    return shown, [estimates[c].standard_error for c in competences]


def _compare_levels(
    tally: _Tally,
    competences: Sequence[CompetenceId],
    shown: Mapping[CompetenceId, int],
    ability: Mapping[CompetenceId, float],
) -> None:
    """Count, for each competence of a pupil, the gap between the level shown and the true one."""
    pupil_within = True
    for competence_id in competences:
        signed = shown[competence_id] - true_level(ability[competence_id])
        tally.gaps[signed] = tally.gaps.get(signed, 0) + 1
        gap = abs(signed)
        tally.absolute_error += gap
        tally.within += gap <= 1
        tally.exact += gap == 0
        pupil_within = pupil_within and gap <= 1
    tally.all_within += pupil_within


def _report(
    setting: _Setting,
    tally: _Tally,
    profile_id: str,
    pupils: int,
    seed: int,
    method: str,
    pupil_model: str,
) -> SimulationReport:
    """The report of a run from its tally."""
    questions, targets = tally.questions, setting.targets
    pairs = max(1, pupils * len(setting.competences))
    timings = sorted(tally.durations)
    return SimulationReport(
        profile_id=profile_id,
        pupils=pupils,
        seed=seed,
        target_skills=len(targets),
        competences=len(setting.competences),
        mean_questions=sum(questions) / pupils if pupils else 0.0,
        max_questions=max(questions, default=0),
        mean_share_asked=(
            sum(q / len(targets) for q in questions) / pupils if pupils and targets else 0.0
        ),
        within_one_share=tally.within / pairs,
        exact_share=tally.exact / pairs,
        mean_absolute_error=tally.absolute_error / pairs,
        all_within_one_share=tally.all_within / pupils if pupils else 0.0,
        level_gaps=MappingProxyType(dict(sorted(tally.gaps.items()))),
        selections=(
            len(tally.durations) if setting.clock is not None else sum(q + 1 for q in questions)
        ),
        mean_selection_us=sum(timings) / len(timings) * 1e6 if timings else None,
        p50_selection_us=_percentile(timings, 0.5) * 1e6 if timings else None,
        p99_selection_us=_percentile(timings, 0.99) * 1e6 if timings else None,
        method=method,
        pupil_model=pupil_model,
        mean_questions_per_competence=sum(questions) / pairs,
        mean_standard_error=sum(tally.errors) / len(tally.errors) if tally.errors else None,
    )


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
    chosen = _selection(method, pupil_model, selector, fixed_length)
    different = pupil_model == "different"
    targets = referential.target_profile_skill_ids(profile_id)
    discrimination, difficulty = _true_items(referential, random.Random(seed), different)
    setting = _Setting(
        referential=referential,
        targets=targets,
        target_set=frozenset(targets),
        competences=list(dict.fromkeys(referential.skills[s].competence_id for s in targets)),
        selector=chosen,
        locale=locale,
        different=different,
        discrimination=discrimination,
        difficulty=difficulty,
        clock=clock,
    )
    tally = _Tally()
    for pupil in range(pupils):
        ability = _pupil_ability(setting, seed, pupil)
        answers, elements = _take_test(setting, seed, pupil, ability, tally.durations)
        tally.questions.append(len(answers))
        shown, errors = _shown_levels(setting, method, answers, elements)
        tally.errors.extend(errors)
        _compare_levels(tally, setting.competences, shown, ability)
        if progress is not None:
            progress(pupil + 1, pupils)
    return _report(setting, tally, profile_id, pupils, seed, method, pupil_model)
