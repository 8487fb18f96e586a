"""Simulation: reproducible, ends, and the engine meets its goals on a bank like ours."""

from __future__ import annotations

import itertools

import pytest

from engine.simulation import simulate, success_probability, true_level
from engine.synthetic import synthetic_referential

REFERENTIAL = synthetic_referential()


def test_same_seed_same_report() -> None:
    first = simulate(REFERENTIAL, "tp-1.1", pupils=20, seed=3)
    again = simulate(REFERENTIAL, "tp-1.1", pupils=20, seed=3)

    assert first == again
    assert first.mean_selection_us is None  # no clock, no timing


def test_clock_is_used_for_selection_times() -> None:
    ticks = itertools.count()

    report = simulate(REFERENTIAL, "tp-1.1", pupils=3, seed=1, clock=lambda: next(ticks) * 1e-6)

    assert report.mean_selection_us == pytest.approx(1.0)
    assert report.p99_selection_us == pytest.approx(1.0)
    assert report.selections == 3 + round(report.mean_questions * 3)


def test_progress_is_reported_after_each_pupil() -> None:
    calls: list[tuple[int, int]] = []

    simulate(REFERENTIAL, "tp-1.1", pupils=4, seed=1, progress=lambda d, t: calls.append((d, t)))

    assert calls == [(1, 4), (2, 4), (3, 4), (4, 4)]


def test_simulated_pupil_model() -> None:
    assert success_probability(3.0, 3, 1.0, 0.0) == pytest.approx(0.5)
    assert success_probability(3.0, 3, 1.0, 0.25) == pytest.approx(0.625)
    assert success_probability(6.5, 1, 2.0, 0.0) > 0.99
    assert [true_level(x) for x in (0.5, 1.0, 3.99, 6.4, 7.2)] == [0, 1, 3, 6, 6]


@pytest.mark.parametrize("profile", ["tp-1.1", "tp-16"])
def test_goals_on_a_bank_shaped_like_ours(profile: str) -> None:
    report = simulate(REFERENTIAL, profile, pupils=40 if profile == "tp-16" else 200, seed=5)

    assert report.max_questions <= report.target_skills
    assert report.mean_share_asked <= 0.6
    assert report.within_one_share >= 0.9
    assert sum(report.level_gaps.values()) == report.pupils * report.competences
