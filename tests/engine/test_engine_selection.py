"""Smart-random selection: each §5 rule on tiny referentials, then the optimized engine checked
step by step against a literal transcription of the rules on random referentials."""

from __future__ import annotations

import hashlib
import json
import math
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from engine_factory import build, challenge, document, find
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine import selection
from engine.content import Challenge, ChallengeStatus, Referential, bundled_referential
from engine.evaluation import AnswerResult
from engine.irt_selection import next_challenge_irt_from_latest
from engine.knowledge import (
    KnowledgeElement,
    KnowledgeElementSource,
    KnowledgeElementStatus,
    knowledge_elements_for_answer,
    latest_per_skill,
    reset,
)
from engine.selection import (
    CAT_LEVELS,
    AnsweredChallenge,
    next_challenge,
    predicted_level,
    probability_of_success,
)
from engine.types import CompetenceId, SkillId

OK, KO = AnswerResult.OK, AnswerResult.KO


def targets_of(referential: Referential) -> tuple[SkillId, ...]:
    return referential.target_profile_skill_ids("tp-all")


def first(referential: Referential, **kwargs: Any) -> Challenge | None:
    options: dict[str, Any] = {
        "target_skill_ids": targets_of(referential),
        "answers": [],
        "knowledge_elements": [],
        "assessment_id": "42",
    } | kwargs
    return next_challenge(referential, **options)


class Run:
    """A test in progress: answers and knowledge elements as a resolver would keep them."""

    def __init__(self, referential: Referential, assessment_id: str = "42", **kwargs: Any) -> None:
        self.referential = referential
        self.assessment_id = assessment_id
        self.targets: Sequence[SkillId] = kwargs.get("targets", targets_of(referential))
        self.answers: list[AnsweredChallenge] = []
        self.elements: list[KnowledgeElement] = list(kwargs.get("earlier", []))
        self.assessed: set[SkillId] = set()
        self.locale: str = kwargs.get("locale", "fr-fr")

    def next(self) -> Challenge | None:
        return next_challenge(
            self.referential,
            target_skill_ids=self.targets,
            answers=self.answers,
            knowledge_elements=self.elements,
            assessment_id=self.assessment_id,
            locale=self.locale,
        )

    def answer(self, found: Challenge, result: AnswerResult) -> list[KnowledgeElement]:
        self.answers.append(AnsweredChallenge(found.id, result, found.is_timed))
        new = knowledge_elements_for_answer(
            self.referential,
            challenge_id=found.id,
            result=result,
            target_skill_ids=self.targets,
            assessed_skill_ids=self.assessed,
        )
        self.elements.extend(new)
        self.assessed.update(e.skill_id for e in new)
        return new


def ke(skill: str, status: KnowledgeElementStatus, direct: bool = True) -> KnowledgeElement:
    source = KnowledgeElementSource.DIRECT if direct else KnowledgeElementSource.INFERRED
    return KnowledgeElement(SkillId(skill), CompetenceId("1.1"), status, source, 0.0)


V, INV = KnowledgeElementStatus.VALIDATED, KnowledgeElementStatus.INVALIDATED

# --- first challenge -----------------------------------------------------------------------


def test_first_challenge_is_level_2_of_an_easy_tube() -> None:
    referential = build(document({"@dur": range(1, 7), "@facile": range(1, 4)}))

    for assessment_id in map(str, range(20)):
        found = first(referential, assessment_id=assessment_id)
        assert found is not None and found.skill_id == "@facile2"


def test_first_challenge_without_easy_tube_is_any_level_2() -> None:
    referential = build(document({"@a": range(1, 6), "@b": range(1, 7)}))

    picked = {first(referential, assessment_id=str(i)).skill_id for i in range(30)}  # type: ignore[union-attr]

    assert picked == {"@a2", "@b2"}


def test_first_challenge_without_level_2_is_the_lowest_level() -> None:
    referential = build(document({"@a": [3, 4, 5, 6], "@b": [5, 6]}))

    assert first(referential).skill_id == "@a3"  # type: ignore[union-attr]


def test_first_challenge_avoids_timed_ones_when_possible() -> None:
    data = document({"@a": range(1, 4), "@b": range(1, 4)})
    find(data["challenges"], "ch-a2-a")["timer"] = 30
    referential = build(data)

    for i in range(20):
        assert first(referential, assessment_id=str(i)).skill_id == "@b2"  # type: ignore[union-attr]

    for item in data["challenges"]:
        item["timer"] = 30
    assert first(build(data)).is_timed  # type: ignore[union-attr]


def test_first_challenge_skips_skills_known_from_earlier_tests() -> None:
    referential = build(document({"@a": range(1, 4)}))

    found = first(referential, knowledge_elements=[ke("@a2", V)])

    assert found is not None and found.skill_id == "@a1"


# --- next challenges -----------------------------------------------------------------------


def test_a_failed_first_answer_leaves_only_the_easier_skill() -> None:
    run = Run(build(document({"@a": range(1, 9)})))
    found = run.next()
    assert found is not None and found.skill_id == "@a2"

    run.answer(found, KO)  # invalidates @a2..@a8
    found = run.next()
    assert found is not None and found.skill_id == "@a1"

    run.answer(found, KO)
    assert run.next() is None


def test_too_hard_skills_are_not_asked() -> None:
    # Levels 1 and 8 only: after a success at 1 the predicted level stays far below 8 - 2.
    run = Run(build(document({"@a": [1, 8]})))
    found = run.next()
    assert found is not None and found.skill_id == "@a1"

    run.answer(found, OK)

    assert (
        predicted_level(
            run.referential, target_skill_ids=run.targets, knowledge_elements=run.elements
        )
        < 6
    )
    assert run.next() is None


def test_reward_picks_the_skill_that_settles_most_of_the_tube() -> None:
    run = Run(build(document({"@a": range(1, 9)})))
    found = run.next()
    assert found is not None
    run.answer(found, OK)  # @a2 direct, @a1 inferred
    level = predicted_level(
        run.referential, target_skill_ids=run.targets, knowledge_elements=run.elements
    )

    def reward(d: int) -> float:
        p = probability_of_success(level, d)
        untested = range(3, 9)
        return p * sum(1 for x in untested if x <= d) + (1 - p) * sum(1 for x in untested if x >= d)

    best = max((d for d in range(3, 9) if d - level <= 2), key=reward)
    found = run.next()
    assert found is not None and found.skill_id == f"@a{best}"


def test_never_two_timed_challenges_in_a_row() -> None:
    data = document({"@a": range(1, 9)})
    for item in data["challenges"]:
        item["timer"] = 20
    data["challenges"].append(challenge("@a5", "b"))  # the only untimed challenge
    referential = build(data)
    run = Run(referential)
    run.answer(referential.challenges["ch-a2-a"], OK)  # a timed answer

    found = run.next()

    assert found is not None and found.id == "ch-a5-b" and not found.is_timed
    run.answers[-1] = AnsweredChallenge("ch-a2-a", OK, timed=False)
    assert {Run.next(run)} != {None}  # without the timed answer before, timed ones come back
    picks = set()
    for i in range(20):
        run.assessment_id = str(i)
        picks.add(run.next().is_timed)  # type: ignore[union-attr]
    assert True in picks


def test_timed_allowed_after_a_timed_one_when_nothing_else_remains() -> None:
    data = document({"@a": range(1, 6)})
    for item in data["challenges"]:
        item["timer"] = 20
    run = Run(build(data))
    found = run.next()
    assert found is not None
    run.answer(found, OK)

    found = run.next()

    assert found is not None and found.is_timed


def test_test_ends_when_every_skill_is_tested() -> None:
    referential = build(document({"@a": range(1, 4)}))
    everything = [ke(s, V) for s in targets_of(referential)]

    assert first(referential, knowledge_elements=everything) is None


def test_reset_skills_can_be_tested_again() -> None:
    referential = build(document({"@a": range(1, 4)}))
    earlier = [ke(s, V) for s in targets_of(referential)]

    found = first(referential, knowledge_elements=[*earlier, reset(earlier[1])])

    assert found is not None and found.skill_id == "@a2"


def test_same_state_gives_the_same_challenge_and_ids_spread_the_picks() -> None:
    referential = build(document({f"@t{i}": range(1, 7) for i in range(6)}))

    assert first(referential, assessment_id="abc") == first(referential, assessment_id="abc")
    picked = {first(referential, assessment_id=f"a{i}").skill_id for i in range(60)}  # type: ignore[union-attr]
    assert len(picked) == 6


def test_challenges_outside_the_locale_or_not_playable_are_never_asked() -> None:
    data = document({"@a": [1, 2]})
    find(data["challenges"], "ch-a2-a")["locales"] = ["en"]
    find(data["challenges"], "ch-a1-a")["status"] = "périmé"
    data["challenges"].append(challenge("@a1", "b", status="proposé"))
    referential = build(data)

    assert first(referential) is None
    found = first(referential, locale="en")
    assert found is not None and found.id == "ch-a2-a"


def test_validated_challenges_are_preferred_to_archived_ones() -> None:
    data = document({"@a": [2]})
    data["challenges"] = [
        challenge("@a2", "a", status="archivé"),
        challenge("@a2", "b", status="validé"),
        challenge("@a2", "c", status="archivé"),
    ]
    referential = build(data)
    assert {first(referential, assessment_id=str(i)).id for i in range(20)} == {"ch-a2-b"}  # type: ignore[union-attr]

    data["challenges"] = [challenge("@a2", "a", status="archivé")]
    assert first(build(data)).id == "ch-a2-a"  # type: ignore[union-attr]


def test_answered_challenge_without_knowledge_element_is_not_asked_again() -> None:
    data = document({"@a": [2]})
    data["challenges"].append(challenge("@a2", "b"))
    referential = build(data)
    found = first(referential)
    assert found is not None

    again = first(referential, answers=[AnsweredChallenge(found.id, KO, timed=False)])

    assert again is not None and again.id != found.id and again.skill_id == "@a2"


def test_target_order_and_duplicates_do_not_break_selection() -> None:
    referential = build(document({"@a": range(1, 4)}))
    targets = [SkillId("@a3"), SkillId("@a1"), SkillId("@a3"), SkillId("@retire2")]

    found = first(referential, target_skill_ids=targets)

    assert found is not None and found.skill_id == "@a1"  # no level 2 targeted: lowest


# --- predicted level -----------------------------------------------------------------------


def naive_level(outcomes: Sequence[tuple[int, int]]) -> float:
    """pix-domain §5, literally: argmax over levels of −|Σ(outcome − P(L, d))|."""
    answers = [*outcomes, (1, 0), (0, 7)]

    def score(level: float) -> float:
        return -abs(sum(o - 1 / (1 + math.exp(-(level - d))) for o, d in answers))

    return max(CAT_LEVELS, key=score)


def test_predicted_level_without_answers_is_the_middle() -> None:
    referential = build(document({"@a": range(1, 9)}))

    assert (
        predicted_level(
            referential, target_skill_ids=targets_of(referential), knowledge_elements=[]
        )
        == 3.5
    )


@settings(max_examples=200)
@given(outcomes=st.lists(st.tuples(st.integers(0, 1), st.integers(1, 8)), max_size=16))
def test_predicted_level_is_the_maximum_likelihood_over_cat_levels(
    outcomes: list[tuple[int, int]],
) -> None:
    tubes = {f"@t{i}": range(1, 9) for i in range(len(outcomes))} | {"@extra": range(1, 9)}
    referential = build(document(tubes))
    elements = [ke(f"@t{i}{d}", V if o else INV) for i, (o, d) in enumerate(outcomes)]
    elements.append(ke("@extra5", V, direct=False))  # inferred elements do not count

    level = predicted_level(
        referential, target_skill_ids=targets_of(referential), knowledge_elements=elements
    )

    assert level == naive_level(outcomes)


# --- the engine against a literal transcription of the rules -------------------------------


def stable(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")


def reference_next(
    referential: Referential,
    targets: Sequence[SkillId],
    answers: Sequence[AnsweredChallenge],
    elements: Sequence[KnowledgeElement],
    assessment_id: str,
    locale: str,
) -> Challenge | None:
    """§5 as written, without any index or memo (quadratic, obviously right)."""
    known = latest_per_skill(elements)
    order = list(dict.fromkeys(s for s in targets if s in referential.skills))
    tested = {s for s in known if s in set(order)}
    answered = {str(a.challenge_id) for a in answers}

    def skill_challenges(s: SkillId) -> list[Challenge]:
        return [c for c in referential.skill_challenges(s) if c.is_playable and locale in c.locales]

    def diff(s: SkillId) -> int:
        return referential.skills[s].difficulty

    tubes: dict[str, list[SkillId]] = {}
    for s in order:
        if skill_challenges(s):
            tubes.setdefault(referential.skills[s].tube_id, []).append(s)
    remaining = {s: [c for c in skill_challenges(s) if c.id not in answered] for s in order}
    candidates = [s for s in order if remaining[s] and s not in tested]
    easy = [
        s for s in candidates if max(diff(x) for x in tubes[referential.skills[s].tube_id]) <= 3
    ]
    candidates = easy or candidates

    def timed_only(s: SkillId) -> bool:
        return all(c.is_timed for c in remaining[s])

    if not answers:
        untimed = [s for s in candidates if not timed_only(s)]
        without_timed = bool(untimed)
        candidates = untimed or candidates
        at_two = [s for s in candidates if diff(s) == 2]
        lowest = min((diff(s) for s in candidates), default=0)
        candidates = at_two or [s for s in candidates if diff(s) == lowest]
    else:
        level = predicted_level(
            referential, target_skill_ids=targets, knowledge_elements=elements, locale=locale
        )
        candidates = [s for s in candidates if diff(s) - level <= 2]
        without_timed = answers[-1].timed and any(not timed_only(s) for s in candidates)
        if without_timed:
            candidates = [s for s in candidates if not timed_only(s)]

        def reward(s: SkillId) -> float:
            p = probability_of_success(level, diff(s))
            tube = [x for x in tubes[referential.skills[s].tube_id] if x not in tested]
            solved = sum(1 for x in tube if diff(x) <= diff(s))
            failed = sum(1 for x in tube if diff(x) >= diff(s))
            return p * solved + (1 - p) * failed

        rewards = {s: reward(s) for s in candidates}
        best = max(rewards.values(), default=0.0)
        candidates = [s for s in candidates if rewards[s] == best and best > 0]
    if not candidates:
        return None
    chosen = candidates[stable(assessment_id) % len(candidates)]
    pool = [c for c in remaining[chosen] if not (without_timed and c.is_timed)]
    preferred = [c for c in pool if c.status == ChallengeStatus.VALIDATED] or pool
    return preferred[stable(f"{assessment_id}+1") % len(preferred)]


@st.composite
def random_bank(draw: st.DrawFn) -> dict[str, Any]:
    tubes = {
        f"@t{i}": sorted(draw(st.sets(st.integers(1, 8), min_size=1, max_size=8)))
        for i in range(draw(st.integers(1, 5)))
    }
    data = document(tubes)
    data["challenges"] = []
    for item in data["skills"]:
        for letter in "abc"[: draw(st.integers(1, 3))]:
            data["challenges"].append(
                challenge(
                    item["id"],
                    letter,
                    timer=draw(st.sampled_from([None, None, 30])),
                    status=draw(st.sampled_from(["validé", "validé", "archivé", "périmé"])),
                    locales=draw(st.sampled_from([["fr-fr"], ["fr-fr"], ["en"], ["fr-fr", "en"]])),
                )
            )
    return data


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(bank=random_bank(), seed=st.integers(0, 10_000), data=st.data())
def test_engine_matches_the_literal_rules_at_every_step(
    bank: dict[str, Any], seed: int, data: st.DataObject
) -> None:
    referential = build(bank)
    all_skills = list(referential.skills)
    rng = random.Random(seed)
    targets = data.draw(st.permutations(all_skills)).copy()[
        : data.draw(st.integers(1, len(all_skills)))
    ]
    earlier = [
        ke(s, rng.choice([V, INV]), direct=rng.random() < 0.7)
        for s in all_skills
        if rng.random() < 0.2
    ]
    if earlier and rng.random() < 0.5:
        earlier.append(reset(earlier[0]))
    run = Run(referential, assessment_id=f"as-{seed}", targets=targets, earlier=earlier)
    for _ in range(len(referential.challenges) + 1):
        expected = reference_next(
            referential, run.targets, run.answers, run.elements, run.assessment_id, "fr-fr"
        )
        found = run.next()
        assert found == expected
        if found is None:
            break
        result = rng.choice([OK, KO, AnswerResult.ABAND])
        if rng.random() < 0.1:
            run.answers.append(AnsweredChallenge(found.id, result, found.is_timed))  # no KE kept
        else:
            run.answer(found, result)
    else:
        raise AssertionError("the test never ended")


# --- properties of whole tests -------------------------------------------------------------


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bank=random_bank(), seed=st.integers(0, 10_000))
def test_a_test_ends_within_the_target_skills_and_stays_consistent(
    bank: dict[str, Any], seed: int
) -> None:
    referential = build(bank)
    rng = random.Random(seed)
    run = Run(referential, assessment_id=str(seed))
    directs: dict[SkillId, KnowledgeElement] = {}
    while (found := run.next()) is not None:
        assert len(run.answers) < len(run.targets), "more questions than target skills"
        new = run.answer(found, rng.choice([OK, KO, AnswerResult.TIMEDOUT]))
        (direct,) = [e for e in new if e.source == KnowledgeElementSource.DIRECT]
        assert direct.skill_id == found.skill_id and direct.skill_id not in directs
        directs[direct.skill_id] = direct
    # Within each tube, what the test concluded is monotone: validated skills lie below
    # invalidated ones, so no inferred element contradicts a direct answer.
    for tube_id in referential.tubes:
        statuses = [
            latest_per_skill(run.elements)[s.id].status
            for s in referential.tube_skills(tube_id)
            if s.id in latest_per_skill(run.elements)
        ]
        assert statuses == sorted(statuses, key=lambda s: s != V), (tube_id, statuses)
    for element in run.elements:
        if element.source == KnowledgeElementSource.INFERRED and element.skill_id in directs:
            assert directs[element.skill_id].status == element.status


# --- the choices on the bundled bank, recorded before the unsplit selection was deleted ----

CHOICES = Path(__file__).with_name("selection_choices.json")
IRT_CHOICES = Path(__file__).with_name("irt_selection_choices.json")


def play_bundled(profile: str, seed: int, choose: Any = None) -> list[str]:
    """A whole test on the bundled bank, answers drawn from ``seed``: the challenges asked."""
    referential = bundled_referential()
    choose = choose or selection.next_challenge_from_latest
    rng = random.Random(seed)
    targets = referential.target_profile_skill_ids(profile)
    answers: list[AnsweredChallenge] = []
    elements: list[KnowledgeElement] = []
    assessed: set[SkillId] = set()
    asked: list[str] = []
    while True:
        found = choose(
            referential,
            target_skill_ids=targets,
            answers=answers,
            latest=latest_per_skill(elements),
            assessment_id=f"recorded-{profile}-{seed}",
        )
        if found is None:
            return asked
        asked.append(found.id)
        result = rng.choice([OK, OK, KO, AnswerResult.ABAND])
        answers.append(AnsweredChallenge(found.id, result, found.is_timed))
        new = knowledge_elements_for_answer(
            referential,
            challenge_id=found.id,
            result=result,
            target_skill_ids=targets,
            assessed_skill_ids=assessed,
        )
        elements.extend(new)
        assessed.update(e.skill_id for e in new)


def test_the_bundled_bank_asks_the_recorded_challenges() -> None:
    # Recorded with the selection as it was before its split into named steps (issue 13),
    # which a property test had compared with the split one on random histories (commit
    # "Selection split into named steps"); the literal transcription above keeps checking
    # every rule on random banks.
    recorded = json.loads(CHOICES.read_text())
    assert len(recorded) == 24
    for key, asked in recorded.items():
        profile, seed = key.split("/")
        assert play_bundled(profile, int(seed)) == asked, key


def test_the_bundled_bank_asks_the_recorded_challenges_with_irt() -> None:
    # Recorded with the IRT selection as it was before its split into named steps (complexity
    # gate), answers drawn as above.
    recorded = json.loads(IRT_CHOICES.read_text())
    assert len(recorded) == 10
    for key, asked in recorded.items():
        profile, seed = key.split("/")
        assert play_bundled(profile, int(seed), next_challenge_irt_from_latest) == asked, key
