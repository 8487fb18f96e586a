"""Calibration recovers known item parameters from answers simulated with them."""

from __future__ import annotations

import math
import random
import statistics

from engine.calibration import StoredAnswer, calibrate, item_parameters_document
from engine.irt import derived_parameters
from engine.synthetic import synthetic_referential

REFERENTIAL = synthetic_referential(tube_levels_1_1=(6, 6, 6, 6), challenges_per_skill=1)
#: Stated tolerance: difficulties within 0.35 level on average (0.9 at worst), discriminations
#: within 25 % on average, with 2 000 pupils each answering 60 % of the items.
MEAN_DIFFICULTY_ERROR, MAX_DIFFICULTY_ERROR, MEAN_DISCRIMINATION_ERROR = 0.35, 0.9, 0.25


def _simulated(seed: int) -> tuple[dict[str, tuple[float, float]], list[StoredAnswer]]:
    rng = random.Random(seed)
    items = sorted(
        c.id
        for c in REFERENTIAL.challenges.values()
        if REFERENTIAL.skills[c.skill_id].competence_id == "1.1"
    )
    truth = {
        c: (
            rng.uniform(1.0, 2.5),
            REFERENTIAL.skills[REFERENTIAL.challenges[c].skill_id].difficulty + rng.gauss(0, 0.3),
        )
        for c in items
    }
    answers = []
    for pupil in range(2000):
        theta = rng.gauss(3.5, 1.5)
        for challenge_id in items:
            if rng.random() < 0.6:
                a, b = truth[challenge_id]
                right = rng.random() < 1 / (1 + math.exp(-a * (theta - b)))
                answers.append(StoredAnswer(f"as-{pupil}", challenge_id, right))
    return truth, answers


def test_calibration_recovers_known_parameters() -> None:
    truth, answers = _simulated(7)
    steps: list[tuple[int, int]] = []

    found = calibrate(
        REFERENTIAL, answers, min_answers=30, progress=lambda d, t: steps.append((d, t))
    )

    assert steps == [(1, 1)]
    fitted = {item.challenge_id: item.after for item in found if item.after is not None}
    assert set(fitted) == set(truth)
    difficulty_errors = [abs(fitted[c].difficulty - b) for c, (_, b) in truth.items()]
    discrimination_errors = [abs(fitted[c].discrimination - a) / a for c, (a, _) in truth.items()]
    assert statistics.fmean(difficulty_errors) <= MEAN_DIFFICULTY_ERROR
    assert max(difficulty_errors) <= MAX_DIFFICULTY_ERROR
    assert statistics.fmean(discrimination_errors) <= MEAN_DISCRIMINATION_ERROR


def test_items_with_too_few_answers_keep_their_parameters() -> None:
    truth, answers = _simulated(8)
    rare = sorted(truth)[0]
    kept = [a for a in answers if a.challenge_id != rare or int(a.assessment_id[3:]) < 50]
    found = {item.challenge_id: item for item in calibrate(REFERENTIAL, kept, min_answers=40)}

    assert 0 < found[rare].answers < 40 and found[rare].after is None
    assert found[rare].before == derived_parameters(REFERENTIAL, REFERENTIAL.challenges[rare])
    document = item_parameters_document(REFERENTIAL, found.values(), "2026-12-07")
    listed = {entry["id"] for entry in document["item_parameters"]}  # type: ignore[attr-defined]
    assert rare not in listed and len(listed) == len(truth) - 1
