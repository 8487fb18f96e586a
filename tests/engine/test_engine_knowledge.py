"""Knowledge elements: direct and inferred along the tube, the "uniq" view."""

from __future__ import annotations

from datetime import UTC, datetime

from engine_factory import build, document
from hypothesis import given
from hypothesis import strategies as st

from engine.evaluation import AnswerResult
from engine.knowledge import (
    KnowledgeElement,
    KnowledgeElementSource,
    KnowledgeElementStatus,
    extend_latest,
    knowledge_elements_for_answer,
    latest_per_skill,
    reset,
)
from engine.types import CompetenceId, SkillId

REFERENTIAL = build(document({"@recherche": range(1, 6), "@source": range(1, 4)}))
ALL = REFERENTIAL.target_profile_skill_ids("tp-all")
VALIDATED, INVALIDATED = KnowledgeElementStatus.VALIDATED, KnowledgeElementStatus.INVALIDATED
DIRECT, INFERRED = KnowledgeElementSource.DIRECT, KnowledgeElementSource.INFERRED


def answer(skill: str, result: AnswerResult, **kwargs: object) -> list[KnowledgeElement]:
    options: dict[str, object] = {"target_skill_ids": ALL, "assessed_skill_ids": ()} | kwargs
    return knowledge_elements_for_answer(
        REFERENTIAL,
        challenge_id=f"ch-{skill.lstrip('@')}-a",
        result=result,
        **options,  # type: ignore[arg-type]
    )


def summary(elements: list[KnowledgeElement]) -> list[tuple[str, str, str, float]]:
    return [(e.skill_id, e.status.value, e.source.value, e.earned_pix) for e in elements]


def test_success_validates_the_skill_and_the_easier_ones_of_its_tube() -> None:
    assert summary(answer("@recherche3", AnswerResult.OK)) == [
        ("@recherche3", "validated", "direct", 4.0),
        ("@recherche1", "validated", "inferred", 4.0),
        ("@recherche2", "validated", "inferred", 4.0),
    ]


def test_failure_invalidates_the_skill_and_the_harder_ones_of_its_tube() -> None:
    assert summary(answer("@recherche3", AnswerResult.KO)) == [
        ("@recherche3", "invalidated", "direct", 0.0),
        ("@recherche4", "invalidated", "inferred", 0.0),
        ("@recherche5", "invalidated", "inferred", 0.0),
    ]


def test_skip_and_timeout_count_as_failures() -> None:
    for result in (AnswerResult.ABAND, AnswerResult.TIMEDOUT):
        assert {e.status for e in answer("@source2", result)} == {INVALIDATED}


def test_only_target_skills_not_yet_assessed_get_an_element() -> None:
    elements = answer(
        "@recherche3",
        AnswerResult.OK,
        target_skill_ids=["@recherche1", "@recherche2", "@recherche3"],
        assessed_skill_ids={SkillId("@recherche1")},
    )

    assert [e.skill_id for e in elements] == ["@recherche3", "@recherche2"]


def test_no_direct_element_means_no_element_at_all() -> None:
    assert answer("@recherche3", AnswerResult.OK, assessed_skill_ids=["@recherche3"]) == []
    assert answer("@recherche3", AnswerResult.OK, target_skill_ids=["@recherche1"]) == []
    assert (
        knowledge_elements_for_answer(
            REFERENTIAL,
            challenge_id="ch-retiree",
            result=AnswerResult.OK,
            target_skill_ids=ALL,
            assessed_skill_ids=(),
        )
        == []
    )


def test_elements_carry_the_competence_and_the_date() -> None:
    when = datetime(2026, 11, 1, tzinfo=UTC)

    elements = answer("@source1", AnswerResult.KO, created_at=when)

    assert {e.competence_id for e in elements} == {"1.1"}
    assert {e.created_at for e in elements} == {when}


def element(skill: str, status: KnowledgeElementStatus) -> KnowledgeElement:
    return KnowledgeElement(SkillId(skill), CompetenceId("1.1"), status, DIRECT, 0.0)


def test_latest_per_skill_keeps_the_most_recent_and_drops_reset_skills() -> None:
    first = element("@a1", INVALIDATED)
    later = element("@a1", VALIDATED)
    other = element("@b1", VALIDATED)
    wiped = element("@c1", VALIDATED)

    latest = latest_per_skill([first, other, wiped, later, reset(wiped)])

    assert latest == {"@a1": later, "@b1": other}


def test_a_skill_answered_again_after_a_reset_counts_again() -> None:
    first = element("@a1", VALIDATED)
    again = element("@a1", INVALIDATED)

    assert latest_per_skill([first, reset(first), again]) == {"@a1": again}


# Histories over few skills, so that skills come back, are reset, and come back again.
histories = st.lists(
    st.builds(
        element,
        st.sampled_from(["@a1", "@a2", "@b1"]),
        st.sampled_from([VALIDATED, INVALIDATED, KnowledgeElementStatus.RESET]),
    ),
    max_size=12,
)


@given(history=histories, new=histories)
def test_extending_the_latest_view_equals_reading_the_whole_history_again(
    history: list[KnowledgeElement], new: list[KnowledgeElement]
) -> None:
    before = latest_per_skill(history)
    kept = dict(before)

    extended = extend_latest(before, new)

    assert extended == latest_per_skill([*history, *new])
    assert before == kept  # the kept view is left as it was


def test_reset_element_has_no_pix() -> None:
    wiped = reset(answer("@source3", AnswerResult.OK)[0])

    assert wiped.status is KnowledgeElementStatus.RESET
    assert wiped.earned_pix == 0
