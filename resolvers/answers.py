"""Answering the challenge being asked: ``submit_answer``.

guard → engine → one transaction of writes → publish after commit:

1. **guard**: in a transaction, the pupil's assessment is locked and read with the rows around
   it (``answer_sql.lock_own_assessment``); it must be started and asking this challenge;
2. **engine**: the answer is evaluated, its knowledge elements inferred, the next challenge
   chosen, from the assessment's answers and the pupil's knowledge read under the lock
   (``_work_out``: plain computation, nothing read or written);
3. **writes**: the answer, its elements and the moved assessment and participation
   (``answer_sql.store``), then the commit;
4. **publish**: the campaign's live event, after the commit.

Nothing is kept between two answers: every worker answers from what the database holds.
The same answer sent twice at once stores one: the second copy waits for the lock, then fails
the guard (``ALREADY_ANSWERED``); the unique index ``(assessment, challenge_id)`` is the last
word (docs/decisions/answer-concurrency.md, docs/decisions/answer-hot-path.md).
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from tortoise import timezone
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from engine.checkpoints import checkpoint_due
from engine.content import bundled_referential
from engine.evaluation import AnswerResult, evaluate
from engine.irt_selection import next_challenge_for_method
from engine.knowledge import KnowledgeElement, extend_latest, knowledge_elements_for_answer
from engine.referential import Challenge, Referential
from engine.scoring import LevelUp, level_up_from_latest
from engine.selection import AnsweredChallenge
from engine.treatments import MAX_ANSWER_LENGTH
from engine.types import ChallengeId
from models import Answer, Assessment, AssessmentState, Campaign, Organization, ParticipationStatus
from resolvers import answer_sql, live
from resolvers.access import require_user
from resolvers.campaign_cache import CampaignTargets, campaign_targets
from resolvers.context import Services, Viewer
from resolvers.errors import DomainError, ErrorCode, invalid


@dataclass(frozen=True)
class AnswerOutcome:
    """What the pupil client needs after « Je valide » or « Je passe »."""

    answer: Answer
    assessment: Assessment
    result: AnswerResult
    #: Per input field correctness of a QROCM answer.
    details: Mapping[str, bool] | None
    level_up: LevelUp | None
    #: A checkpoint is due now: after every 5th answer, and at the end (the final one).
    checkpoint_due: bool
    next_challenge: Challenge | None

    @property
    def finished(self) -> bool:
        return self.next_challenge is None


def _check_value(value: str | None, timed_out: bool) -> str:
    if value is None or (value.strip() == "" and not timed_out):
        raise invalid("value", "Pour valider, donnez une réponse. Sinon, passez.")
    if len(value) > MAX_ANSWER_LENGTH:
        raise invalid(
            "value", f"Votre réponse ne doit pas dépasser {MAX_ANSWER_LENGTH} caractères."
        )
    return value


async def _guard(
    connection: BaseDBAsyncClient, assessment_id: uuid.UUID, user_id: uuid.UUID, challenge_id: str
) -> answer_sql.Locked:
    """The pupil's assessment, locked, when it takes an answer to ``challenge_id``."""
    locked = await answer_sql.lock_own_assessment(connection, assessment_id, user_id)
    if locked is None:
        raise DomainError(ErrorCode.ASSESSMENT_NOT_FOUND)
    assessment = locked.assessment
    if assessment.last_challenge_id == challenge_id and assessment.state == AssessmentState.STARTED:
        return locked
    # A second copy of an answer that got through first: say so rather than "not asked".
    if await Answer.filter(assessment_id=assessment.id, challenge_id=challenge_id).exists():
        raise DomainError(ErrorCode.ALREADY_ANSWERED)
    if assessment.state != AssessmentState.STARTED:
        raise DomainError(ErrorCode.ASSESSMENT_COMPLETED)
    raise DomainError(ErrorCode.CHALLENGE_NOT_ASKED)


@dataclass(frozen=True, slots=True)
class _Step:
    """One answer worked out by the engine: the answer to store, its elements, the knowledge
    before and after, the next challenge (None: the test is over)."""

    answer: Answer
    new_elements: list[KnowledgeElement]
    latest_before: Mapping[str, KnowledgeElement]
    latest_after: Mapping[str, KnowledgeElement]
    following: Challenge | None


def _work_out(
    referential: Referential,
    locked: answer_sql.Locked,
    challenge: Challenge,
    targets: CampaignTargets,
    progress: answer_sql.Progress,
    *,
    value: str,
    timed_out: bool,
    now: datetime,
) -> _Step:
    """Evaluate, infer, choose the next challenge and move the locked assessment and
    participation on (plain computation)."""
    assessment, participation = locked.assessment, locked.participation
    evaluation = evaluate(challenge, value, timed_out=timed_out)
    new_elements = knowledge_elements_for_answer(
        referential,
        challenge_id=challenge.id,
        result=evaluation.result,
        target_skill_ids=targets.skill_set,
        assessed_skill_ids=progress.assessed,
        created_at=now,
    )
    latest_after = extend_latest(progress.latest, new_elements)
    following = next_challenge_for_method(
        targets.method,
        referential,
        target_skill_ids=targets.skill_ids,
        answers=[
            *progress.answered,
            AnsweredChallenge(challenge.id, evaluation.result, challenge.is_timed),
        ],
        latest=latest_after,
        assessment_id=str(assessment.id),
        locale=assessment.locale,
    )
    asked_at = assessment.last_question_date or now
    answer = Answer(
        assessment_id=assessment.id,
        challenge_id=challenge.id,
        value=value,
        result=evaluation.result,
        result_details=dict(evaluation.details) if evaluation.details else None,
        # As Pix stores it: the timer if answered in time, -1 once it ran out.
        timeout=(-1 if timed_out else challenge.timer) if challenge.is_timed else None,
        time_spent=max(0, math.ceil((now - asked_at).total_seconds())),
        created_at=now,
    )
    # The next challenge, or the end: the assessment completed, the results to send.
    assessment.last_challenge_id = following.id if following else None
    assessment.last_question_state = "asked" if following else None
    assessment.last_question_date = now
    assessment.answers_count += 1  # in SQL: answers_count + 1, on the locked row
    assessment.state = AssessmentState.STARTED if following else AssessmentState.COMPLETED
    assessment.updated_at = timezone.localtime()  # as ``auto_now`` does
    participation.tested_skills_count = len(targets.skill_set & latest_after.keys())
    if following is None:
        participation.status = ParticipationStatus.TO_SHARE
    return _Step(answer, new_elements, progress.latest, latest_after, following)


async def submit_answer(
    assessment_id: uuid.UUID | str,
    challenge_id: str,
    value: str,
    *,
    timed_out: bool = False,
    viewer: Viewer,
    services: Services,
) -> AnswerOutcome:
    """Answer (or skip, with ``#ABAND#``) the challenge being asked.

    ``timed_out``: the timer of a timed challenge ran out before the answer was sent; a right
    answer then counts as ``timedout``.
    """
    value = _check_value(value, timed_out)
    user_id = require_user(viewer)
    try:
        parsed = uuid.UUID(str(assessment_id))
    except ValueError as error:
        raise DomainError(ErrorCode.ASSESSMENT_NOT_FOUND) from error
    referential = bundled_referential()
    now = services.clock()
    try:
        async with in_transaction() as connection:
            locked = await _guard(connection, parsed, user_id, challenge_id)
            challenge = referential.challenges.get(ChallengeId(challenge_id))
            if challenge is None:  # retired by a content release while it was being asked
                raise DomainError(ErrorCode.CHALLENGE_NOT_FOUND)
            campaign_id: uuid.UUID = locked.participation.campaign_id  # type: ignore[attr-defined]
            targets = await campaign_targets(connection, campaign_id)
            progress = await answer_sql.read_progress(connection, referential, locked.assessment)
            step = _work_out(
                referential, locked, challenge, targets, progress,
                value=value, timed_out=timed_out, now=now,
            )  # fmt: skip
            step.answer.id = await answer_sql.store(
                connection, step.answer, step.new_elements, locked.assessment, locked.participation
            )
    except IntegrityError as error:
        # Only the unique (assessment, challenge_id) index can fail here: a copy of this
        # answer committed between our check and our insert (another process on SQLite).
        raise DomainError(ErrorCode.ALREADY_ANSWERED) from error

    assessment, participation = locked.assessment, locked.participation
    finished = step.following is None
    await live.publish_campaign_change(
        services,
        campaign_id,
        live.answered(finished),
        participant=live.participant_row(
            participation, **locked.pupil_names, skills_count=len(targets.skill_ids)
        ),
    )
    # The outcome's models from the rows already read: no query for them.
    campaign = Campaign._init_from_db(**locked.campaign_columns, skill_ids=list(targets.skill_ids))
    campaign.organization = Organization._init_from_db(**locked.organization_columns)
    participation.campaign = campaign
    assessment.participation = participation
    return AnswerOutcome(
        answer=step.answer,
        assessment=assessment,
        result=AnswerResult(step.answer.result),
        details=step.answer.result_details,
        level_up=level_up_from_latest(
            referential,
            step.latest_before,
            step.latest_after,
            referential.skills[challenge.skill_id].competence_id,
            max_reachable_level=services.policy.max_reachable_level,
        )
        if step.new_elements
        else None,
        checkpoint_due=finished
        or checkpoint_due(assessment.answers_count, assessment.checkpoint_seen_count),
        next_challenge=step.following,
    )
