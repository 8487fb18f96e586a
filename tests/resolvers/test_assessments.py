"""Answering: evaluation, knowledge elements, the next challenge, guards and double submits."""

from __future__ import annotations

import asyncio
import dataclasses

import pytest
from campaign_world import (
    School,
    make_campaign,
    make_school,
    make_user,
    play,
    right_answer,
    viewer_of,
    wrong_answer,
)

from engine.content import bundled_referential
from engine.evaluation import SKIP_VALUE, AnswerResult
from models import (
    Answer,
    Assessment,
    AssessmentState,
    Campaign,
    KnowledgeElement,
    Participation,
    ParticipationStatus,
    User,
)
from resolvers import live
from resolvers.answers import submit_answer
from resolvers.assessments import (
    ResumeStepKind,
    current_challenge,
    mark_instructions_seen,
    own_assessment,
    resume_step,
)
from resolvers.checkpoints import mark_checkpoint_seen
from resolvers.errors import DomainError, ErrorCode
from resolvers.participations import Joined, join_campaign
from subscriptions.events import CampaignChanged, ChangeKind

pytestmark = pytest.mark.usefixtures("db")


async def _started(school: School, pupil: User | None = None, **campaign: object) -> Joined:
    pupil = pupil or await make_user()
    return await join_campaign(
        (await make_campaign(school, **campaign)).code,
        viewer=viewer_of(pupil),
        services=school.services,
    )


def _pupil(joined: Joined) -> User:
    return User(id=joined.participation.user_id)  # type: ignore[attr-defined]


async def _submit(school: School, joined: Joined, challenge_id: str, value: str, **kw: object):
    return await submit_answer(
        joined.assessment.id,
        challenge_id,
        value,
        viewer=viewer_of(_pupil(joined)),
        services=school.services,
        **kw,  # type: ignore[arg-type]
    )


async def test_a_right_answer_is_stored_with_its_knowledge_elements_and_time_spent() -> None:
    school = await make_school()
    joined = await _started(school)
    asked = current_challenge(joined.assessment)
    assert asked is not None
    school.clock.advance(41.2)

    outcome = await _submit(school, joined, asked.id, right_answer(asked))

    assert outcome.result == AnswerResult.OK
    assert not outcome.finished and outcome.next_challenge is not None
    assert outcome.next_challenge.id != asked.id
    assert outcome.checkpoint_due is False
    answer = await Answer.get(assessment_id=joined.assessment.id)
    assert (answer.challenge_id, answer.result, answer.time_spent) == (asked.id, "ok", 42)
    elements = await KnowledgeElement.filter(answer_id=answer.id).order_by("id")
    assert elements[0].skill_id == asked.skill_id and elements[0].source == "direct"
    assert {e.status for e in elements} == {"validated"}
    assessment = await Assessment.get(id=joined.assessment.id)
    assert assessment.answers_count == 1
    assert assessment.last_challenge_id == outcome.next_challenge.id
    assert assessment.last_question_date == school.clock()
    participation = await Participation.get(id=joined.participation.id)
    assert participation.tested_skills_count == len(elements)


async def test_skipping_and_wrong_answers_invalidate() -> None:
    school = await make_school()
    joined = await _started(school)
    first = current_challenge(joined.assessment)
    assert first is not None

    skipped = await _submit(school, joined, first.id, SKIP_VALUE)
    wrong = await _submit(
        school, joined, skipped.next_challenge.id, wrong_answer(skipped.next_challenge)
    )

    assert (skipped.result, wrong.result) == (AnswerResult.ABAND, AnswerResult.KO)
    statuses = await KnowledgeElement.filter(user_id=_pupil(joined).id).values_list(
        "status", flat=True
    )
    assert set(statuses) == {"invalidated"}


async def test_the_test_ends_with_the_final_checkpoint_and_to_share() -> None:
    school = await make_school()
    joined = await _started(school)

    outcomes = await play(school, _pupil(joined), joined.assessment.id)

    assert outcomes[-1].finished and outcomes[-1].checkpoint_due
    assert [o.checkpoint_due for o in outcomes[:-1]] == [
        (i + 1) % 5 == 0 for i in range(len(outcomes) - 1)
    ]
    assessment = await Assessment.get(id=joined.assessment.id)
    assert assessment.state == AssessmentState.COMPLETED
    assert assessment.last_challenge_id is None
    assert assessment.answers_count == len(outcomes)
    participation = await Participation.get(id=joined.participation.id)
    assert participation.status == ParticipationStatus.TO_SHARE


async def test_a_level_up_is_announced() -> None:
    school = await make_school()
    joined = await _started(school)

    outcomes = await play(school, _pupil(joined), joined.assessment.id, right=lambda i: True)

    level_ups = [o.level_up for o in outcomes if o.level_up]
    assert level_ups
    assert level_ups[0].competence_id == "1.2"
    assert level_ups[0].competence_name == "Gérer des données"
    assert [lu.level for lu in level_ups] == sorted(lu.level for lu in level_ups)


async def test_a_challenge_that_was_not_asked_is_refused() -> None:
    school = await make_school()
    joined = await _started(school)
    asked = current_challenge(joined.assessment)
    other = next(c for c in bundled_referential().challenges.values() if c.id != asked.id)  # type: ignore[union-attr]

    with pytest.raises(DomainError) as raised:
        await _submit(school, joined, other.id, right_answer(other))

    assert raised.value.code == ErrorCode.CHALLENGE_NOT_ASKED
    assert await Answer.all().count() == 0
    assert await KnowledgeElement.all().count() == 0


async def test_the_same_answer_twice_is_already_answered() -> None:
    school = await make_school()
    joined = await _started(school)
    asked = current_challenge(joined.assessment)
    assert asked is not None
    await _submit(school, joined, asked.id, right_answer(asked))

    with pytest.raises(DomainError) as raised:
        await _submit(school, joined, asked.id, right_answer(asked))

    assert raised.value.code == ErrorCode.ALREADY_ANSWERED
    assert await Answer.all().count() == 1


# Three copies at once, before any answer and in the middle of the test: the lock serializes
# them, the first stores, the others fail the guard.
@pytest.mark.parametrize("answered_before", [0, 2])
async def test_the_same_answer_sent_twice_at_once_is_stored_once(answered_before: int) -> None:
    school = await make_school()
    pupil = await make_user()
    joined = await _started(school, pupil)
    await play(school, pupil, joined.assessment.id, answers=answered_before)
    asked = current_challenge(await Assessment.get(id=joined.assessment.id))
    assert asked is not None

    results = await asyncio.gather(
        *(_submit(school, joined, asked.id, right_answer(asked)) for _ in range(3)),
        return_exceptions=True,
    )

    errors = [r for r in results if isinstance(r, BaseException)]
    assert len(errors) == 2
    assert all(isinstance(e, DomainError) and e.code == ErrorCode.ALREADY_ANSWERED for e in errors)
    assert await Answer.all().count() == answered_before + 1
    skills = await KnowledgeElement.all().values_list("skill_id", flat=True)
    assert len(skills) == len(set(skills))  # no duplicate element either
    assert (await Assessment.get(id=joined.assessment.id)).answers_count == answered_before + 1


async def test_a_finished_test_takes_no_more_answers() -> None:
    school = await make_school()
    joined = await _started(school)
    await play(school, _pupil(joined), joined.assessment.id)
    count = await Answer.all().count()
    answered = set(await Answer.all().values_list("challenge_id", flat=True))
    unasked = next(c for c in bundled_referential().challenges.values() if c.id not in answered)

    with pytest.raises(DomainError) as raised:
        await _submit(school, joined, unasked.id, "1")

    assert raised.value.code == ErrorCode.ASSESSMENT_COMPLETED
    assert await Answer.all().count() == count


async def test_another_pupils_assessment_is_not_found() -> None:
    school = await make_school()
    joined = await _started(school)
    intruder = await make_user("Camille", "Intrus")
    asked = current_challenge(joined.assessment)
    assert asked is not None

    for attempt in (
        own_assessment(joined.assessment.id, viewer_of(intruder)),
        own_assessment("pas-un-uuid", viewer_of(intruder)),
        submit_answer(
            joined.assessment.id,
            asked.id,
            right_answer(asked),
            viewer=viewer_of(intruder),
            services=school.services,
        ),
    ):
        with pytest.raises(DomainError) as raised:
            await attempt
        assert raised.value.code == ErrorCode.ASSESSMENT_NOT_FOUND
    assert await Answer.all().count() == 0


@pytest.mark.parametrize("value", ["", "   ", "x" * 10_001])
async def test_empty_or_oversized_values_are_refused(value: str) -> None:
    school = await make_school()
    joined = await _started(school)
    asked = current_challenge(joined.assessment)
    assert asked is not None

    with pytest.raises(DomainError) as raised:
        await _submit(school, joined, asked.id, value)

    assert (raised.value.code, raised.value.field) == (ErrorCode.VALIDATION_FAILED, "value")
    assert await Answer.all().count() == 0


async def test_a_right_answer_after_the_timer_is_timed_out() -> None:
    school = await make_school()
    joined = await _started(school)
    referential = bundled_referential()
    campaign_skills = set(joined.participation.campaign.skill_ids)
    timed = next(
        c for c in referential.challenges.values() if c.is_timed and c.skill_id in campaign_skills
    )
    # Put the pupil in front of a timed challenge, as selection would after an untimed one.
    await Assessment.filter(id=joined.assessment.id).update(last_challenge_id=timed.id)

    outcome = await _submit(school, joined, timed.id, right_answer(timed), timed_out=True)

    assert outcome.result == AnswerResult.TIMEDOUT
    answer = await Answer.get(assessment_id=joined.assessment.id)
    assert answer.timeout == -1
    assert outcome.next_challenge is None or not outcome.next_challenge.is_timed


async def test_resume_goes_to_the_challenge_the_checkpoint_or_the_results() -> None:
    school = await make_school()
    joined = await _started(school)
    viewer = viewer_of(_pupil(joined))

    async def step():
        return resume_step(await own_assessment(joined.assessment.id, viewer))

    start = await step()
    assert start.kind == ResumeStepKind.CHALLENGE
    assert start.challenge is not None and start.challenge.id == joined.assessment.last_challenge_id

    await play(school, _pupil(joined), joined.assessment.id, answers=5)
    assert (await step()).kind == ResumeStepKind.CHECKPOINT
    await mark_checkpoint_seen(joined.assessment.id, viewer=viewer, services=school.services)
    after_checkpoint = await step()
    assert after_checkpoint.kind == ResumeStepKind.CHALLENGE
    assert after_checkpoint.challenge is not None

    await play(school, _pupil(joined), joined.assessment.id)
    final = await step()
    assert (final.kind, final.is_final_checkpoint) == (ResumeStepKind.CHECKPOINT, True)
    await mark_checkpoint_seen(joined.assessment.id, viewer=viewer, services=school.services)
    assert (await step()).kind == ResumeStepKind.RESULTS


async def test_the_introduction_pages_are_seen_once() -> None:
    school = await make_school()
    pupil = await make_user()

    assert await mark_instructions_seen(viewer=viewer_of(pupil), services=school.services)

    assert (await User.get(id=pupil.id)).has_seen_assessment_instructions


class _Recorder:
    """Keeps what a use case publishes, as the hub would receive it."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, dict]] = []

    async def publish(self, channel: str, payload: dict) -> bool:
        return await self.publish_all([(channel, payload)])

    async def publish_all(self, messages: list[tuple[str, dict]]) -> bool:
        self.sent.extend(messages)
        return True


async def test_an_answer_publishes_the_pupils_row_as_the_table_reads_it() -> None:
    school = await make_school()
    pupil = await make_user("Éloïse", "Dùpont")
    joined = await _started(school, pupil)
    recorder = _Recorder()
    school.services = dataclasses.replace(school.services, publisher=recorder)
    first = joined.assessment.last_challenge_id

    await _submit(school, joined, first, right_answer(first))

    event = CampaignChanged.from_payload(recorder.sent[0][1])
    assert event.change == ChangeKind.ANSWERED
    campaign_id = joined.participation.campaign_id  # type: ignore[attr-defined]
    campaign = await Campaign.get(id=campaign_id)
    [row] = await live.participant_rows(campaign_id, len(campaign.skill_ids))
    assert event.participant == row
    assert (row.first_name, row.last_name, row.status) == ("Éloïse", "Dùpont", "STARTED")
    assert 0 < row.progress < 1


async def test_an_answer_returns_what_changed_since_the_previous_answer() -> None:
    school = await make_school()
    pupil = await make_user()
    joined = await _started(school, pupil)
    assessment_id = joined.assessment.id
    outcomes = await play(school, pupil, assessment_id, answers=5)
    assert outcomes[-1].checkpoint_due
    # Between two answers: the pupil sees the checkpoint, the teacher renames the campaign.
    await mark_checkpoint_seen(assessment_id, viewer=viewer_of(pupil), services=school.services)
    campaign_id = joined.participation.campaign_id  # type: ignore[attr-defined]
    await Campaign.filter(id=campaign_id).update(name="Classe de 3ème B")

    [outcome] = await play(school, pupil, assessment_id, answers=1)

    assert outcome.assessment.checkpoint_seen_count == 5
    assert outcome.assessment.participation.campaign.name == "Classe de 3ème B"
    assert not outcome.checkpoint_due
