"""Scoring and progress: pix and levels per competence, campaign results, level-ups."""

from __future__ import annotations

import pytest
from engine_factory import build, document
from hypothesis import given
from hypothesis import strategies as st

from engine.evaluation import AnswerResult
from engine.knowledge import (
    KnowledgeElement,
    KnowledgeElementSource,
    KnowledgeElementStatus,
    knowledge_elements_for_answer,
    latest_per_skill,
    reset,
)
from engine.scoring import (
    CompetenceScore,
    campaign_result,
    competence_scores,
    completion_percentage,
    level_up,
    level_up_from_latest,
    mastery_percentage,
    progress,
    total_pix,
)
from engine.types import CompetenceId, SkillId

REFERENTIAL = build(
    document(
        {"@a": range(1, 9), "@b": range(1, 9), "@c": range(1, 4)},
        tube_competence={"@c": "1.2"},
    )
)


def validated(skill: str, pix: float = 4.0, competence: str = "1.1") -> KnowledgeElement:
    return KnowledgeElement(
        SkillId(skill),
        CompetenceId(competence),
        KnowledgeElementStatus.VALIDATED,
        KnowledgeElementSource.DIRECT,
        pix,
    )


def invalidated(skill: str, competence: str = "1.1") -> KnowledgeElement:
    return KnowledgeElement(
        SkillId(skill),
        CompetenceId(competence),
        KnowledgeElementStatus.INVALIDATED,
        KnowledgeElementSource.DIRECT,
        0.0,
    )


def test_competence_score_floors_pix_and_gives_a_level_per_8_pix() -> None:
    elements = [validated("@a1"), validated("@a2"), validated("@b1", 2.5), invalidated("@b2")]

    scores = competence_scores(REFERENTIAL, elements)

    assert scores["1.1"] == CompetenceScore(pix=10, level=1)
    assert scores["1.1"].pix_toward_next_level == 2
    assert scores["1.2"] == CompetenceScore(pix=0, level=0)


def test_pix_and_level_are_capped_at_the_max_reachable_level() -> None:
    elements = [validated(f"@{tube}{d}") for tube in "ab" for d in range(1, 9)]

    assert competence_scores(REFERENTIAL, elements)["1.1"] == CompetenceScore(pix=48, level=6)
    assert competence_scores(REFERENTIAL, elements, max_reachable_level=5)["1.1"] == (
        CompetenceScore(pix=40, level=5)
    )
    assert total_pix(competence_scores(REFERENTIAL, elements).values()) == 48


def test_thirds_of_pix_add_up_to_a_level() -> None:
    elements = [validated(f"@x{i}", 8 / 3) for i in range(3)]

    assert competence_scores(REFERENTIAL, elements)["1.1"] == CompetenceScore(pix=8, level=1)


def test_scores_read_the_latest_element_per_skill() -> None:
    first = validated("@a1")

    scores = competence_scores(REFERENTIAL, [first, invalidated("@a2"), reset(first)])

    assert scores["1.1"].pix == 0


def test_level_up_reports_the_new_level() -> None:
    before = [validated("@a1")]
    after = [*before, validated("@a2")]

    found = level_up(REFERENTIAL, before, after, CompetenceId("1.1"))

    assert found is not None
    assert (found.competence_id, found.competence_name, found.level) == ("1.1", "Compétence 1.1", 1)
    assert level_up(REFERENTIAL, after, [*after, validated("@a3")], CompetenceId("1.1")) is None
    assert level_up(REFERENTIAL, before, after, CompetenceId("1.2")) is None


def test_level_up_from_an_answer_with_inference() -> None:
    targets = REFERENTIAL.target_profile_skill_ids("tp-all")
    elements = knowledge_elements_for_answer(
        REFERENTIAL,
        challenge_id="ch-a4-a",
        result=AnswerResult.OK,
        target_skill_ids=targets,
        assessed_skill_ids=(),
    )

    found = level_up(REFERENTIAL, [], elements, CompetenceId("1.1"))

    assert found is not None and found.level == 2  # 4 skills × 4 pix / 8


@given(
    before=st.lists(st.sampled_from(["@a1", "@a2", "@a3", "@b1"]), max_size=4),
    new=st.lists(st.sampled_from(["@a1", "@a2", "@a3", "@a4", "@b1"]), min_size=1, max_size=4),
    failed=st.booleans(),
)
def test_level_up_from_the_latest_views_is_level_up_from_the_histories(
    before: list[str], new: list[str], failed: bool
) -> None:
    history = [validated(skill) for skill in before]
    after = [*history, *((invalidated if failed else validated)(skill) for skill in new)]

    for competence in (CompetenceId("1.1"), CompetenceId("1.2")):
        assert level_up_from_latest(
            REFERENTIAL, latest_per_skill(history), latest_per_skill(after), competence
        ) == level_up(REFERENTIAL, history, after, competence)


def test_campaign_result_per_competence_and_area() -> None:
    targets = ["@a1", "@a2", "@a3", "@b1", "@c1", "@c2", "@c3"]
    elements = [validated("@a1"), invalidated("@a2"), validated("@c1", competence="1.2")]
    elements += [validated("@zz9")]  # not a target skill: ignored

    result = campaign_result(REFERENTIAL, [SkillId(s) for s in targets], elements)

    assert (result.total, result.tested, result.validated) == (7, 3, 2)
    assert result.mastery_rate == pytest.approx(2 / 7)
    first, second = result.competences
    assert (first.competence_id, first.total, first.tested, first.validated) == ("1.1", 4, 2, 1)
    assert first.mastery_percentage == 25
    assert (first.area_code, first.area_color, first.index) == ("1", "jaffa", "1.1")
    assert (second.competence_id, second.mastery_percentage) == ("1.2", 33)
    (area,) = result.areas
    assert (area.code, area.total, area.tested, area.validated) == ("1", 7, 3, 2)
    assert area.mastery_percentage == 29


def test_campaign_result_without_targets() -> None:
    result = campaign_result(REFERENTIAL, [], [validated("@a1")])

    assert (result.total, result.mastery_rate, result.competences, result.areas) == (0, 0, (), ())


def test_mastery_percentage_rounds_halves_up() -> None:
    assert mastery_percentage(1, 8) == 13  # 12.5
    assert mastery_percentage(1, 3) == 33
    assert mastery_percentage(2, 3) == 67
    assert mastery_percentage(0, 0) == 0


def test_progress_is_tested_share_then_one_when_completed() -> None:
    targets = [SkillId(s) for s in ("@a1", "@a2", "@a3", "@a4")]
    elements = [validated("@a1"), invalidated("@a2"), validated("@b1")]

    assert progress(targets, elements, completed=False) == 0.5
    assert progress(targets, elements, completed=True) == 1.0
    assert progress([], elements, completed=False) == 0.0
    assert completion_percentage(0.125) == 13
    assert completion_percentage(1.0) == 100


statuses = st.sampled_from([KnowledgeElementStatus.VALIDATED, KnowledgeElementStatus.INVALIDATED])
skill_ids = st.sampled_from(list(REFERENTIAL.skills))


@given(
    history=st.lists(st.tuples(skill_ids, statuses, st.booleans()), max_size=40),
    targets=st.lists(skill_ids, max_size=20),
)
def test_mastery_and_progress_stay_within_0_and_1(
    history: list[tuple[str, KnowledgeElementStatus, bool]], targets: list[str]
) -> None:
    elements: list[KnowledgeElement] = []
    for skill_id, status, wipe in history:
        skill = REFERENTIAL.skills[SkillId(skill_id)]
        element = KnowledgeElement(
            skill.id,
            skill.competence_id,
            status,
            KnowledgeElementSource.DIRECT,
            skill.pix_value if status == KnowledgeElementStatus.VALIDATED else 0.0,
        )
        elements.append(reset(element) if wipe else element)
    target_ids = [SkillId(s) for s in targets]

    result = campaign_result(REFERENTIAL, target_ids, elements)

    assert 0 <= result.mastery_rate <= 1
    assert 0 <= result.validated <= result.tested <= result.total
    assert all(0 <= c.mastery_percentage <= 100 for c in result.competences)
    assert 0 <= progress(target_ids, elements, completed=False) <= 1
    assert all(0 <= s.level <= 6 for s in competence_scores(REFERENTIAL, elements).values())
