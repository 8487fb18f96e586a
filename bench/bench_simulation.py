"""Does the adaptive test measure well with few questions? 1 000 simulated pupils on the
bundled bank, « Les 16 compétences » (tp-16) and 1.1 (tp-1.1).

    .venv/bin/python bench/bench_simulation.py [--pupils 1000] [--seed 1]

Goals (issue 3): at least 90 % of (pupil, competence) levels within ±1 of the true level, and
at most 60 % of the profile's skills asked. The baseline, run in the same process on the same
pupils, asks the untested skills in random order (same inference, no adaptivity).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Sequence

from engine import (
    AnsweredChallenge,
    Challenge,
    KnowledgeElement,
    Referential,
    bundled_referential,
    latest_per_skill,
)
from engine.simulation import SimulationReport, simulate
from engine.types import SkillId

GOAL_WITHIN_ONE = 0.90
GOAL_SHARE_ASKED = 0.60


def random_order(
    referential: Referential,
    *,
    target_skill_ids: Sequence[SkillId],
    answers: Sequence[AnsweredChallenge],
    knowledge_elements: Sequence[KnowledgeElement],
    assessment_id: str,
    locale: str = "fr-fr",
) -> Challenge | None:
    """Baseline: any playable challenge of an untested target skill, at random."""
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


def progress_bar(label: str):  # type: ignore[no-untyped-def]
    def show(done: int, total: int) -> None:
        if done == total or done % max(1, total // 50) == 0:
            end = "\n" if done == total else ""
            sys.stderr.write(f"\r  {label} {done}/{total}{end}")
            sys.stderr.flush()

    return show


def row(name: str, report: SimulationReport) -> str:
    timing = (
        f"{report.mean_selection_us:>7.0f} {report.p99_selection_us:>7.0f}"
        if report.mean_selection_us is not None and report.p99_selection_us is not None
        else f"{'-':>7} {'-':>7}"
    )
    return (
        f"  {name:<16} {report.mean_questions:>9.1f} {report.mean_share_asked:>8.1%} "
        f"{report.within_one_share:>8.1%} {report.exact_share:>8.1%} {timing}"
    )


def run(referential: Referential, profile_id: str, pupils: int, seed: int) -> bool:
    profile = referential.target_profiles[profile_id]
    print(f"\n{profile_id} « {profile.name} », {pupils} élèves, graine {seed}")
    started = time.perf_counter()
    smart = simulate(
        referential,
        profile_id,
        pupils,
        seed,
        clock=time.perf_counter,
        progress=progress_bar("smart random"),
    )
    smart_seconds = time.perf_counter() - started
    baseline = simulate(
        referential,
        profile_id,
        pupils,
        seed,
        selector=random_order,
        progress=progress_bar("ordre aléatoire"),
    )
    header = ("questions", "posés", "±1 niv.", "exact", "moy µs", "p99 µs")
    widths = (9, 8, 8, 8, 7, 7)
    print(f"  {'':<16} " + " ".join(f"{h:>{w}}" for h, w in zip(header, widths, strict=True)))
    print(row("smart random", smart))
    print(row("ordre aléatoire", baseline))
    gaps = ", ".join(
        f"{gap:+d}: {count / sum(smart.level_gaps.values()):.1%}"
        for gap, count in smart.level_gaps.items()
    )
    print(f"  écarts (estimé − vrai) : {gaps}")
    print(
        f"  rapport des questions posées, aléatoire / smart random : "
        f"{baseline.mean_questions / smart.mean_questions:.2f} ; durée {smart_seconds:.1f} s"
    )
    passed = (
        smart.within_one_share >= GOAL_WITHIN_ONE and smart.mean_share_asked <= GOAL_SHARE_ASKED
    )
    print(
        f"  objectifs (≥ {GOAL_WITHIN_ONE:.0%} à ±1, ≤ {GOAL_SHARE_ASKED:.0%} posés) : "
        f"{'atteints' if passed else 'MANQUÉS'}"
    )
    return passed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pupils", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    referential = bundled_referential()
    results = [run(referential, p, args.pupils, args.seed) for p in ("tp-16", "tp-1.1")]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
