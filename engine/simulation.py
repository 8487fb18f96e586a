"""Simulated pupils taking adaptive tests: does the engine ask few questions and measure well?

A simulated pupil has an ability θ per competence, uniform in [0.5, 6.5]. On a challenge of
difficulty d it answers right with probability g + (1 − g) / (1 + exp(−1.7·a·(θ − d))), where
``a`` (discrimination) is drawn once per challenge in [0.8, 2.0] and ``g`` (guessing) is
1 / (number of proposals) for a QCU, 0 otherwise. A timed challenge is answered late one time
in ten (a right answer then counts as ``timedout``). Its true level is floor(θ) within 0..6;
the estimated level is the engine's level for the competence after the test.

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
from engine.knowledge import KnowledgeElement, knowledge_elements_for_answer
from engine.referential import Challenge, ChallengeType, Referential
from engine.scoring import DEFAULT_MAX_REACHABLE_LEVEL, competence_scores
from engine.selection import AnsweredChallenge, next_challenge
from engine.types import ChallengeId, CompetenceId, SkillId

MIN_ABILITY, MAX_ABILITY = 0.5, 6.5
MIN_DISCRIMINATION, MAX_DISCRIMINATION = 0.8, 2.0
LATE_ANSWER_PROBABILITY = 0.1


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
    all_within_one_share: float  # pupils within ±1 on every competence of the profile
    level_gaps: Mapping[int, int]  # estimated − true level → number of (pupil, competence)
    selections: int
    mean_selection_us: float | None  # None without a clock
    p50_selection_us: float | None
    p99_selection_us: float | None


def success_probability(
    ability: float, difficulty: int, discrimination: float, guess: float
) -> float:
    """The simulated pupil's chance of answering right (3-parameter logistic, D = 1.7)."""
    return guess + (1 - guess) / (1 + math.exp(-1.7 * discrimination * (ability - difficulty)))


def _percentile(sorted_values: Sequence[float], share: float) -> float:
    index = max(0, math.ceil(share * len(sorted_values)) - 1)
    return sorted_values[index]


def true_level(ability: float, max_reachable_level: int = DEFAULT_MAX_REACHABLE_LEVEL) -> int:
    return max(0, min(max_reachable_level, math.floor(ability)))


@dataclass(frozen=True)
class _Pupil:
    """A simulated pupil: the bank and profile they are tested on, their ability per
    competence, the items' discriminations, and the random source of their answers."""

    referential: Referential
    targets: tuple[SkillId, ...]
    target_set: frozenset[SkillId]
    ability: Mapping[CompetenceId, float]
    discrimination: Mapping[ChallengeId, float]
    rng: random.Random
    locale: str


def _simulated_result(pupil: _Pupil, challenge: Challenge) -> AnswerResult:
    """The pupil's answer under the model: right with the 3PL probability, and a right answer
    to a timed challenge sometimes sent too late."""
    skill = pupil.referential.skills[challenge.skill_id]
    guess = 1 / len(challenge.choices) if challenge.type == ChallengeType.QCU else 0.0
    p = success_probability(
        pupil.ability[skill.competence_id],
        skill.difficulty,
        pupil.discrimination[challenge.id],
        guess,
    )
    correct = pupil.rng.random() < p
    late = challenge.is_timed and pupil.rng.random() < LATE_ANSWER_PROBABILITY
    if correct and late:
        return AnswerResult.TIMEDOUT
    return AnswerResult.OK if correct else AnswerResult.KO


def _take_test(
    pupil: _Pupil,
    assessment_id: str,
    selector: Selector,
    clock: Callable[[], float] | None,
    durations: list[float],
) -> tuple[int, list[KnowledgeElement]]:
    """One whole test: how many questions were asked, and the knowledge elements it gave.
    Each selection's duration is appended to ``durations`` when ``clock`` is given."""
    referential = pupil.referential
    answers: list[AnsweredChallenge] = []
    elements: list[KnowledgeElement] = []
    assessed: set[SkillId] = set()
    while True:
        start = clock() if clock is not None else 0.0
        challenge = selector(
            referential,
            target_skill_ids=pupil.targets,
            answers=answers,
            knowledge_elements=elements,
            assessment_id=assessment_id,
            locale=pupil.locale,
        )
        if clock is not None:
            durations.append(clock() - start)
        if challenge is None:
            return len(answers), elements
        if len(answers) >= len(pupil.targets):
            raise RuntimeError("la sélection repropose une épreuve après tous les acquis")
        result = _simulated_result(pupil, challenge)
        answers.append(AnsweredChallenge(challenge.id, result, challenge.is_timed))
        new = knowledge_elements_for_answer(
            referential,
            challenge_id=challenge.id,
            result=result,
            target_skill_ids=pupil.target_set,
            assessed_skill_ids=assessed,
        )
        elements.extend(new)
        assessed.update(element.skill_id for element in new)


def _report(
    profile_id: str,
    pupils: int,
    seed: int,
    target_skills: int,
    competences: int,
    questions: list[int],
    gaps: list[list[int]],
    durations: list[float],
    *,
    timed: bool,
) -> SimulationReport:
    """The figures of a simulation from each pupil's questions count and level gaps."""
    flat = [gap for pupil_gaps in gaps for gap in pupil_gaps]
    counts: dict[int, int] = {}
    for gap in flat:
        counts[gap] = counts.get(gap, 0) + 1
    pairs = pupils * competences
    mean_us, p50_us, p99_us = _selection_times_us(durations)
    return SimulationReport(
        profile_id=profile_id,
        pupils=pupils,
        seed=seed,
        target_skills=target_skills,
        competences=competences,
        mean_questions=_share(sum(questions), pupils),
        max_questions=max(questions, default=0),
        mean_share_asked=_share(_share(sum(questions), target_skills), pupils),
        within_one_share=_share(sum(abs(gap) <= 1 for gap in flat), pairs),
        exact_share=_share(sum(gap == 0 for gap in flat), pairs),
        all_within_one_share=_share(
            sum(all(abs(gap) <= 1 for gap in pupil_gaps) for pupil_gaps in gaps), pupils
        ),
        level_gaps=MappingProxyType(dict(sorted(counts.items()))),
        selections=len(durations) if timed else sum(q + 1 for q in questions),
        mean_selection_us=mean_us,
        p50_selection_us=p50_us,
        p99_selection_us=p99_us,
    )


def _share(part: float, whole: int) -> float:
    return part / whole if whole else 0.0


def _selection_times_us(
    durations: list[float],
) -> tuple[float | None, float | None, float | None]:
    """Mean, p50 and p99 of the selections' durations in µs; None when not timed."""
    if not durations:
        return None, None, None
    timings = sorted(durations)
    return (
        sum(timings) / len(timings) * 1e6,
        _percentile(timings, 0.5) * 1e6,
        _percentile(timings, 0.99) * 1e6,
    )


def simulate(
    referential: Referential,
    profile_id: str,
    pupils: int,
    seed: int,
    clock: Callable[[], float] | None = None,
    *,
    selector: Selector = next_challenge,
    progress: Callable[[int, int], None] | None = None,
    locale: str = "fr-fr",
) -> SimulationReport:
    """Run ``pupils`` simulated tests on a target profile and measure the engine.

    ``clock`` (seconds, e.g. ``time.perf_counter``) times each selection; ``selector`` lets a
    benchmark compare another strategy; ``progress(done, total)`` is called after each pupil.
    """
    rng = random.Random(seed)
    targets = referential.target_profile_skill_ids(profile_id)
    target_set = frozenset(targets)
    competences: list[CompetenceId] = list(
        dict.fromkeys(referential.skills[s].competence_id for s in targets)
    )
    # Item parameters are drawn once, in a stable order, before any pupil.
    discrimination = {
        challenge_id: rng.uniform(MIN_DISCRIMINATION, MAX_DISCRIMINATION)
        for challenge_id in sorted(referential.challenges)
    }
    durations: list[float] = []
    questions: list[int] = []
    # Per pupil, per competence: the level measured minus the true level.
    gaps: list[list[int]] = []
    for pupil in range(pupils):
        ability = {c: rng.uniform(MIN_ABILITY, MAX_ABILITY) for c in competences}
        asked, elements = _take_test(
            _Pupil(referential, targets, target_set, ability, discrimination, rng, locale),
            f"simulation-{seed}-{pupil}",
            selector,
            clock,
            durations,
        )
        questions.append(asked)
        scores = competence_scores(referential, elements)
        signed = [scores[c].level - true_level(ability[c]) for c in competences]
        gaps.append(signed)
        if progress is not None:
            progress(pupil + 1, pupils)
    return _report(
        profile_id, pupils, seed, len(targets), len(competences), questions, gaps, durations,
        timed=clock is not None,
    )  # fmt: skip
