"""Does the adaptive test measure well with few questions? Smart random and IRT side by side,
on two pupil models, with a random fixed-length test of the same length as baseline; bundled
bank, « Les 16 compétences » (tp-16) and 1.1 (tp-1.1).

    nice .venv/bin/python bench/bench_simulation.py [--pupils 300] [--seed 1]

Pupil models (``engine.simulation``): ``engine``, the model the engine was designed with, and
``different``, which breaks its assumptions (ability distribution, item parameters, guessing on
QCU and QCM, skipped answers). The baseline draws as many questions as IRT asked on average,
at random among the untested skills, and is scored like IRT (EAP): what IRT's choice of
questions adds over asking that many at random.

Goals (issue 14), for IRT on both pupil models: exact level ≥ 75 % on tp-1.1, within ±1 ≥ 97 %
per competence and ≥ 70 % of pupils within ±1 on all 16 on tp-16, no more questions than smart
random; selection p50 ≤ 1 ms. Exit code 1 if a goal is missed.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence

from engine import Referential, bundled_referential
from engine.simulation import PUPIL_MODELS, SimulationReport, simulate

GOAL_EXACT_1_1 = 0.75
GOAL_WITHIN_ONE_16 = 0.97
GOAL_ALL_WITHIN_16 = 0.70
GOAL_P50_US = 1000.0


def progress_bar(label: str):  # type: ignore[no-untyped-def]
    def show(done: int, total: int) -> None:
        if done == total or done % max(1, total // 50) == 0:
            end = "\n" if done == total else ""
            sys.stderr.write(f"\r  {label} {done}/{total}{end}")
            sys.stderr.flush()

    return show


HEADER = ("questions", "posés", "exact", "±1 niv.", "EAM", "tous ±1", "q/comp.", "ET", "p50 µs")


def row(name: str, report: SimulationReport) -> str:
    error = f"{report.mean_standard_error:.2f}" if report.mean_standard_error is not None else "-"
    p50 = f"{report.p50_selection_us:.0f}" if report.p50_selection_us is not None else "-"
    cells = (
        f"{report.mean_questions:.1f}",
        f"{report.mean_share_asked:.1%}",
        f"{report.exact_share:.1%}",
        f"{report.within_one_share:.1%}",
        f"{report.mean_absolute_error:.2f}",
        f"{report.all_within_one_share:.1%}",
        f"{report.mean_questions_per_competence:.1f}",
        error,
        p50,
    )
    return f"  {name:<22} " + " ".join(f"{c:>9}" for c in cells)


def run(referential: Referential, profile_id: str, model: str, pupils: int, seed: int) -> bool:
    profile = referential.target_profiles[profile_id]
    print(f"\n{profile_id} « {profile.name} », élèves « {model} », {pupils} élèves, graine {seed}")
    reports: dict[str, SimulationReport] = {}
    for method in ("smart-random", "irt"):
        started = time.perf_counter()
        reports[method] = simulate(
            referential,
            profile_id,
            pupils,
            seed,
            clock=time.perf_counter,
            progress=progress_bar(method),
            method=method,
            pupil_model=model,
        )
        print(f"  ({method} : {time.perf_counter() - started:.1f} s)", file=sys.stderr)
    irt = reports["irt"]
    length = round(irt.mean_questions)
    baseline = simulate(
        referential,
        profile_id,
        pupils,
        seed,
        progress=progress_bar("aléatoire"),
        method="random",
        pupil_model=model,
        fixed_length=length,
    )
    print(f"  {'':<22} " + " ".join(f"{h:>9}" for h in HEADER))
    print(row("smart random", reports["smart-random"]))
    print(row("IRT", irt))
    print(row(f"aléatoire, {length} questions", baseline))
    gaps = ", ".join(
        f"{gap:+d}: {count / sum(irt.level_gaps.values()):.1%}"
        for gap, count in irt.level_gaps.items()
    )
    print(f"  écarts IRT (estimé − vrai) : {gaps}")
    goals = [
        (
            "pas plus de questions que smart random",
            irt.mean_questions <= reports["smart-random"].mean_questions,
        ),
        (f"sélection p50 ≤ {GOAL_P50_US:.0f} µs", (irt.p50_selection_us or 0) <= GOAL_P50_US),
    ]
    if profile_id == "tp-1.1":
        goals.append((f"exact ≥ {GOAL_EXACT_1_1:.0%}", irt.exact_share >= GOAL_EXACT_1_1))
    if profile_id == "tp-16":
        goals.append((f"±1 ≥ {GOAL_WITHIN_ONE_16:.0%}", irt.within_one_share >= GOAL_WITHIN_ONE_16))
        goals.append(
            (f"tous ±1 ≥ {GOAL_ALL_WITHIN_16:.0%}", irt.all_within_one_share >= GOAL_ALL_WITHIN_16)
        )
    for label, passed in goals:
        print(f"  objectif IRT {label} : {'atteint' if passed else 'MANQUÉ'}")
    return all(passed for _, passed in goals)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pupils", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profiles", nargs="+", default=["tp-1.1", "tp-16"])
    args = parser.parse_args(argv)
    referential = bundled_referential()
    results = [
        run(referential, profile, model, args.pupils, args.seed)
        for profile in args.profiles
        for model in PUPIL_MODELS
    ]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
