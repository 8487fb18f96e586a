"""Time per next-challenge selection: the bundled bank, and a synthetic bank of 5 000 challenges
side by side with catsim's ``MaxInfoSelector`` on an item bank of the same size.

    .venv/bin/python bench/bench_selection.py [--pupils 30] [--seed 1]

States are real: simulated pupils take the test and every intermediate state (answers and
knowledge elements so far) is timed again, several times, after a warm-up. The in-process
baseline is a plain maximum-information selector in pure Python over the same number of
items; catsim is compared when installed (``pip install -e '.[bench]'``).
"""

from __future__ import annotations

import argparse
import gc
import math
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from engine import (
    AnsweredChallenge,
    AnswerResult,
    KnowledgeElement,
    Referential,
    bundled_referential,
    knowledge_elements_for_answer,
    next_challenge,
)
from engine.simulation import success_probability
from engine.synthetic import synthetic_referential

REPEATS = 5
# Baselines are O(items × administered) per call: time them on an even sample of the states.
BASELINE_SAMPLE = 300


@dataclass(frozen=True)
class State:
    answers: tuple[AnsweredChallenge, ...]
    elements: tuple[KnowledgeElement, ...]
    assessment_id: str


def collect_states(
    referential: Referential, profile_id: str, pupils: int, seed: int
) -> list[State]:
    """Every state met by ``pupils`` simulated pupils, from the first question to the end."""
    rng = random.Random(seed)
    targets = referential.target_profile_skill_ids(profile_id)
    target_set = frozenset(targets)
    states: list[State] = []
    for pupil in range(pupils):
        ability = {c: rng.uniform(0.5, 6.5) for c in referential.competences}
        answers: list[AnsweredChallenge] = []
        elements: list[KnowledgeElement] = []
        assessed: set[str] = set()
        assessment_id = f"bench-{seed}-{pupil}"
        while True:
            states.append(State(tuple(answers), tuple(elements), assessment_id))
            found = next_challenge(
                referential,
                target_skill_ids=targets,
                answers=answers,
                knowledge_elements=elements,
                assessment_id=assessment_id,
            )
            if found is None:
                break
            skill = referential.skills[found.skill_id]
            p = success_probability(ability[skill.competence_id], skill.difficulty, 1.2, 0.0)
            result = AnswerResult.OK if rng.random() < p else AnswerResult.KO
            answers.append(AnsweredChallenge(found.id, result, found.is_timed))
            new = knowledge_elements_for_answer(
                referential,
                challenge_id=found.id,
                result=result,
                target_skill_ids=target_set,
                assessed_skill_ids=assessed,  # type: ignore[arg-type]
            )
            elements.extend(new)
            assessed.update(e.skill_id for e in new)
    return states


def time_calls(calls: Sequence[Callable[[], object]], repeats: int = REPEATS) -> list[float]:
    """Microseconds per call, each call repeated, after a warm-up call; GC paused."""
    if calls:
        calls[0]()
    durations: list[float] = []
    gc.disable()
    try:
        for _ in range(repeats):
            for call in calls:
                start = time.perf_counter_ns()
                call()
                durations.append((time.perf_counter_ns() - start) / 1000)
    finally:
        gc.enable()
    return durations


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def engine_calls(
    referential: Referential, profile_id: str, states: Sequence[State]
) -> list[Callable[[], object]]:
    targets = referential.target_profile_skill_ids(profile_id)

    def call(state: State) -> Callable[[], object]:
        return lambda: next_challenge(
            referential,
            target_skill_ids=targets,
            answers=state.answers,
            knowledge_elements=state.elements,
            assessment_id=state.assessment_id,
        )

    return [call(state) for state in states]


# --- baselines -----------------------------------------------------------------------------


def max_information_calls(
    items: int, administered_counts: Sequence[int], seed: int
) -> list[Callable[[], object]]:
    """Pure-Python maximum Fisher information (2PL) over ``items`` items, skipping the
    administered ones: the textbook CAT selector, as a baseline measured in this process."""
    rng = random.Random(seed)
    bank = [(rng.uniform(0.8, 2.0), rng.gauss(0, 1)) for _ in range(items)]

    def call(administered: frozenset[int], theta: float) -> Callable[[], object]:
        def select() -> int:
            best, best_info = -1, -1.0
            for index, (a, b) in enumerate(bank):
                if index in administered:
                    continue
                p = 1 / (1 + math.exp(-a * (theta - b)))
                info = a * a * p * (1 - p)
                if info > best_info:
                    best, best_info = index, info
            return best

        return select

    return [
        call(frozenset(rng.sample(range(items), count)), rng.uniform(-2, 2))
        for count in administered_counts
    ]


def catsim_calls(
    items: int, administered_counts: Sequence[int], seed: int
) -> list[Callable[[], object]] | None:
    """catsim's MaxInfoSelector on a generated bank of ``items`` items, or None if absent."""
    try:
        from catsim.selection import MaxInfoSelector  # type: ignore[import-not-found]
    except ImportError:
        return None
    rng = random.Random(seed)
    selector = MaxInfoSelector()
    try:
        from catsim.item_bank import ItemBank  # type: ignore[import-not-found]

        bank = ItemBank.generate_item_bank(items)

        def select(administered: list[int], theta: float) -> object:
            return selector.select(item_bank=bank, administered_items=administered, est_theta=theta)

    except ImportError:  # catsim before ItemBank: a numpy matrix of item parameters
        from catsim.cat import generate_item_bank  # type: ignore[import-not-found]

        matrix = generate_item_bank(items)

        def select(administered: list[int], theta: float) -> object:
            return selector.select(items=matrix, administered_items=administered, est_theta=theta)

    def call(administered: list[int], theta: float) -> Callable[[], object]:
        return lambda: select(administered, theta)

    return [
        call(rng.sample(range(items), count), rng.uniform(-2, 2)) for count in administered_counts
    ]


# --- report --------------------------------------------------------------------------------


def line(label: str, durations: Sequence[float]) -> str:
    return (
        f"  {label:<44} p50 {statistics.median(durations):>8.0f} µs   "
        f"p99 {percentile(durations, 0.99):>8.0f} µs   ({len(durations)} appels)"
    )


def measure(title: str, referential: Referential, profile_id: str, pupils: int, seed: int) -> float:
    states = collect_states(referential, profile_id, pupils, seed)
    targets = len(referential.target_profile_skill_ids(profile_id))
    items = len(referential.challenges)
    print(
        f"\n{title} : profil {profile_id}, {targets} acquis, {items} épreuves, "
        f"{len(states)} états ({pupils} élèves simulés)"
    )
    ours = time_calls(engine_calls(referential, profile_id, states))
    print(line("Orga next_challenge (tous les états)", ours))
    sample = states[:: max(1, len(states) // BASELINE_SAMPLE)]
    counts = [len(state.answers) for state in sample]
    ours_sample = time_calls(engine_calls(referential, profile_id, sample))
    print(line("Orga next_challenge (échantillon)", ours_sample))
    baseline = time_calls(max_information_calls(items, counts, seed), repeats=2)
    print(line(f"info. max. en Python pur ({items} items)", baseline))
    ratio = statistics.median(baseline) / statistics.median(ours_sample)
    print(f"  rapport des p50, info. max. en Python pur / Orga : {ratio:.1f}")
    catsim = catsim_calls(items, counts, seed)
    if catsim is None:
        print("  catsim n'est pas installé : pip install -e '.[bench]' pour la comparaison")
    else:
        theirs = time_calls(catsim, repeats=1)
        print(line(f"catsim MaxInfoSelector ({items} items)", theirs))
        ratio = statistics.median(theirs) / statistics.median(ours_sample)
        print(f"  rapport des p50, catsim / Orga : {ratio:.1f}")
    return statistics.median(ours)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pupils", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    bundled_p50 = measure("Banque fournie", bundled_referential(), "tp-16", args.pupils, args.seed)
    synthetic = synthetic_referential(
        tube_levels=(8,) * 8, tube_levels_1_1=(8,) * 8, challenge_count=5000, seed=args.seed
    )
    measure("Banque synthétique", synthetic, "tp-16", max(3, args.pupils // 5), args.seed)
    verdict = "atteint" if bundled_p50 <= 1000 else "MANQUÉ"
    print(f"\nObjectif p50 ≤ 1 ms sur la banque fournie : {verdict} ({bundled_p50:.0f} µs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
