"""Checkpoints and corrections: what the pupil sees every 5 answers and at the end."""

from __future__ import annotations

import json

import pytest
from campaign_world import challenge, make_campaign, make_school, make_user, play, viewer_of

from engine.content import bundled_referential
from engine.referential import ChallengeType
from models import SavedTutorial
from resolvers.assessments import current_challenge, own_assessment
from resolvers.checkpoints import (
    checkpoint,
    correction,
    mark_checkpoint_seen,
    readable_answer,
    readable_solution,
)
from resolvers.errors import DomainError, ErrorCode
from resolvers.participations import join_campaign

pytestmark = pytest.mark.usefixtures("db")


async def test_between_checkpoints_it_lists_the_answers_since_the_last_one() -> None:
    school = await make_school()
    pupil = await make_user()
    joined = await join_campaign(
        (await make_campaign(school)).code, viewer=viewer_of(pupil), services=school.services
    )
    outcomes = await play(school, pupil, joined.assessment.id, answers=6)

    shown = await checkpoint(
        joined.assessment.id, viewer=viewer_of(pupil), services=school.services
    )

    assert [a.answer.id for a in shown.answers] == [outcomes[5].answer.id]
    assert shown.is_final is False
    assert 0 < shown.completion_percentage < 100


async def test_block_of_five_labels_and_saved_tutorials() -> None:
    school = await make_school()
    pupil = await make_user()
    joined = await join_campaign(
        (await make_campaign(school)).code, viewer=viewer_of(pupil), services=school.services
    )
    outcomes = await play(school, pupil, joined.assessment.id, answers=5, right=lambda i: i != 1)
    first_skill = bundled_referential().skills[challenge(outcomes[0].answer.challenge_id).skill_id]
    await SavedTutorial.create(user=pupil, tutorial_id=first_skill.tutorial_ids[0])

    shown = await checkpoint(
        joined.assessment.id, viewer=viewer_of(pupil), services=school.services
    )

    assert outcomes[-1].checkpoint_due
    assert [a.answer.id for a in shown.answers] == [o.answer.id for o in outcomes]
    assert [a.label for a in shown.answers][:2] == ["Réponse correcte", "Réponse incorrecte"]
    first = shown.answers[0].correction
    assert first is not None
    assert first.title == "Vous avez la bonne réponse !"
    assert first.hint == first_skill.hint
    assert first.solution == readable_solution(challenge(outcomes[0].answer.challenge_id))
    assert first.tutorials[0].is_saved is True
    assert all(not t.is_saved for t in first.tutorials[1:])
    assert shown.answers[1].correction.title == "Vous n'avez pas la bonne réponse"  # type: ignore[union-attr]


async def test_the_final_checkpoint_and_seeing_it() -> None:
    school = await make_school()
    pupil = await make_user()
    viewer = viewer_of(pupil)
    joined = await join_campaign(
        (await make_campaign(school)).code, viewer=viewer, services=school.services
    )
    outcomes = await play(school, pupil, joined.assessment.id)

    final = await checkpoint(joined.assessment.id, viewer=viewer, services=school.services)
    assert final.is_final and final.completion_percentage == 100
    assert len(final.answers) == (len(outcomes) % 5 or 5)

    seen = await mark_checkpoint_seen(joined.assessment.id, viewer=viewer, services=school.services)
    assert seen.checkpoint_seen_count == len(outcomes)
    after = await checkpoint(joined.assessment.id, viewer=viewer, services=school.services)
    assert after.is_final and after.answers == ()  # « C'est déjà fini »


async def test_a_correction_exists_only_for_an_answered_challenge_of_ones_own_test() -> None:
    school = await make_school()
    pupil = await make_user()
    joined = await join_campaign(
        (await make_campaign(school)).code, viewer=viewer_of(pupil), services=school.services
    )
    outcomes = await play(school, pupil, joined.assessment.id, answers=1)
    asked = current_challenge(await own_assessment(joined.assessment.id, viewer_of(pupil)))
    assert asked is not None

    answered = await correction(
        joined.assessment.id,
        outcomes[0].answer.challenge_id,
        viewer=viewer_of(pupil),
        services=school.services,
    )
    assert answered.answer.id == outcomes[0].answer.id

    with pytest.raises(DomainError) as current:
        await correction(
            joined.assessment.id, asked.id, viewer=viewer_of(pupil), services=school.services
        )
    assert current.value.code == ErrorCode.CHALLENGE_NOT_ANSWERED
    with pytest.raises(DomainError) as foreign:
        await correction(
            joined.assessment.id,
            outcomes[0].answer.challenge_id,
            viewer=viewer_of(await make_user()),
            services=school.services,
        )
    assert foreign.value.code == ErrorCode.ASSESSMENT_NOT_FOUND


def test_readable_solutions_of_every_type() -> None:
    referential = bundled_referential()

    def first(kind: ChallengeType):
        return next(c for c in referential.challenges.values() if c.type == kind)

    qcu = first(ChallengeType.QCU)
    assert readable_solution(qcu) in qcu.choices
    qcm = first(ChallengeType.QCM)
    assert readable_solution(qcm).split("\n") == [
        qcm.choices[int(i) - 1] for i in qcm.solution.split(",")
    ]
    qroc = first(ChallengeType.QROC)
    assert readable_solution(qroc) == qroc.solution.split("\n")[0].strip()
    qrocm = first(ChallengeType.QROCM_IND)
    assert [line.split(" : ")[0] for line in readable_solution(qrocm).split("\n")] == list(
        qrocm.input_keys
    )
    assert readable_solution(first(ChallengeType.QROCM_DEP))


def test_readable_answers_of_every_type_read_like_the_solution() -> None:
    referential = bundled_referential()

    def first(kind: ChallengeType):
        return next(c for c in referential.challenges.values() if c.type == kind)

    # The right answer, in the API's value format, reads exactly as the solution does.
    qcu, qcm = first(ChallengeType.QCU), first(ChallengeType.QCM)
    assert readable_answer(qcu, qcu.solution) == readable_solution(qcu)
    assert readable_answer(qcm, qcm.solution) == readable_solution(qcm)
    assert readable_answer(qcu, "1") == qcu.choices[0]
    assert readable_answer(first(ChallengeType.QROC), "  à la lettre ") == "  à la lettre "
    qrocm = first(ChallengeType.QROCM_IND)
    typed = {key: f"valeur {n}" for n, key in enumerate(qrocm.input_keys)}
    assert readable_answer(qrocm, json.dumps(typed)).split("\n") == [
        f"{key} : {value}" for key, value in typed.items()
    ]
    dep = first(ChallengeType.QROCM_DEP)
    assert readable_answer(dep, json.dumps({dep.input_keys[0]: "x"})) == "x"
    assert readable_answer(qcu, "#ABAND#") == ""
    assert readable_answer(qrocm, "pas: [une, valeur]") == "pas: [une, valeur]"
