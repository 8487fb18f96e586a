"""The IRT method: the estimate, the selection rules and the stopping rule."""

from __future__ import annotations

import itertools
import random

import pytest
from engine_factory import build, document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.content import ContentError, referential_from_data
from engine.evaluation import AnswerResult
from engine.irt import (
    PRIOR_ESTIMATE,
    derived_parameters,
    estimate,
    item_parameters,
    level_from_ability,
)
from engine.irt_selection import ability_estimates, next_challenge_irt
from engine.knowledge import KnowledgeElement, knowledge_elements_for_answer
from engine.referential import ItemParameters
from engine.selection import AnsweredChallenge
from engine.simulation import simulate
from engine.synthetic import synthetic_referential
from engine.types import SkillId

REFERENTIAL = synthetic_referential(timed_share=0.3)
TARGETS = REFERENTIAL.target_profile_skill_ids("tp-16")

parameters = st.builds(
    ItemParameters,
    discrimination=st.floats(0.2, 4.0),
    difficulty=st.floats(-1.0, 9.0),
    guessing=st.sampled_from([0.0, 0.25, 0.5]),
)
responses = st.lists(st.tuples(parameters, st.booleans()), max_size=30)


@given(responses, parameters)
def test_ability_goes_up_after_a_right_answer_and_down_after_a_wrong_one(
    before: list[tuple[ItemParameters, bool]], item: ItemParameters
) -> None:
    now = estimate(before).ability
    assert estimate([*before, (item, True)]).ability > now - 1e-9
    assert estimate([*before, (item, False)]).ability < now + 1e-9


def test_the_estimate_gets_more_precise_with_answers() -> None:
    item = ItemParameters(2.0, 3.0)
    errors = [
        estimate([(item, i % 2 == 0) for i in range(n)]).standard_error for n in (0, 1, 5, 20)
    ]
    assert errors[0] == pytest.approx(PRIOR_ESTIMATE.standard_error, abs=0.05)
    assert errors == sorted(errors, reverse=True)
    assert errors[-1] < 0.4


def test_level_shown_from_the_ability() -> None:
    assert [level_from_ability(x, 6) for x in (-1.5, 0.2, 1.0, 3.999, 6.7, 9.0)] == [
        0,
        0,
        1,
        3,
        6,
        6,
    ]


def test_item_parameters_from_the_content_else_from_the_skill() -> None:
    data = document()
    challenge_id = data["challenges"][0]["id"]
    data["item_parameters"] = [{"id": challenge_id, "discrimination": 1.3, "difficulty": 2.6}]
    referential = referential_from_data(data)
    calibrated = referential.challenges[challenge_id]
    assert item_parameters(referential, calibrated) == ItemParameters(1.3, 2.6, 0.0, 0)
    other = next(c for c in referential.challenges.values() if c.id != challenge_id)
    derived = derived_parameters(referential, other)
    assert item_parameters(referential, other) == derived
    assert derived.difficulty == referential.skills[other.skill_id].difficulty


def test_item_parameters_of_an_unknown_challenge_are_refused() -> None:
    data = document()
    data["item_parameters"] = [{"id": "nope", "discrimination": 1.0, "difficulty": 2.0}]
    with pytest.raises(ContentError, match="n'existe pas"):
        referential_from_data(data)


def _take_test(
    seed: int, results: list[bool]
) -> tuple[list[AnsweredChallenge], list[KnowledgeElement], list[str]]:
    """A pupil answering ``results`` (then wrong) until the IRT method stops."""
    answers: list[AnsweredChallenge] = []
    elements: list[KnowledgeElement] = []
    asked: list[str] = []
    assessed: set[SkillId] = set()
    targets = frozenset(TARGETS)
    for step in range(len(TARGETS) + 1):
        challenge = next_challenge_irt(
            REFERENTIAL,
            target_skill_ids=TARGETS,
            answers=answers,
            knowledge_elements=elements,
            assessment_id=f"a-{seed}",
        )
        if challenge is None:
            return answers, elements, asked
        right = results[step] if step < len(results) else False
        result = AnswerResult.OK if right else AnswerResult.KO
        asked.append(challenge.id)
        answers.append(AnsweredChallenge(challenge.id, result, challenge.is_timed))
        new = knowledge_elements_for_answer(
            REFERENTIAL,
            challenge_id=challenge.id,
            result=result,
            target_skill_ids=targets,
            assessed_skill_ids=assessed,
        )
        elements.extend(new)
        assessed.update(e.skill_id for e in new)
    raise AssertionError("the test never ended")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10_000), st.lists(st.booleans(), max_size=120))
def test_the_test_always_ends_within_the_rules(seed: int, results: list[bool]) -> None:
    answers, _, asked = _take_test(seed, results)

    skills = [REFERENTIAL.challenges[c].skill_id for c in asked]
    assert len(skills) == len(set(skills))  # each skill at most once
    assert set(skills) <= set(TARGETS)  # the campaign's skills only
    assert len(asked) <= len(TARGETS)
    assert not answers or not answers[0].timed


@given(st.integers(0, 10_000), st.lists(st.booleans(), max_size=40))
@settings(max_examples=15, deadline=None)
def test_the_same_state_gives_the_same_test(seed: int, results: list[bool]) -> None:
    assert _take_test(seed, results)[2] == _take_test(seed, results)[2]


def test_no_two_timed_challenges_in_a_row_while_untimed_ones_remain() -> None:
    rng = random.Random(4)
    for seed in range(20):
        answers, _, _ = _take_test(seed, [rng.random() < 0.5 for _ in range(200)])
        assert not answers[0].timed
        for previous, following in itertools.pairwise(answers):
            assert not (previous.timed and following.timed)


def test_estimates_per_competence_start_from_the_prior() -> None:
    found = ability_estimates(REFERENTIAL, target_skill_ids=TARGETS, answers=[])
    assert len(found) == 16
    assert set(found.values()) == {PRIOR_ESTIMATE}


def test_same_seed_same_simulation_and_every_method_meets_the_same_pupils() -> None:
    referential = build()
    first = simulate(referential, "tp-all", pupils=10, seed=3, method="irt")
    assert first == simulate(referential, "tp-all", pupils=10, seed=3, method="irt")
    assert first.max_questions <= first.target_skills
    baseline = simulate(referential, "tp-all", pupils=10, seed=3, method="random", fixed_length=2)
    assert baseline.max_questions <= 2
