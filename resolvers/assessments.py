"""The adaptive test itself: the asked challenge, answering it, and where to resume.

Use cases (plain parameters, the acting ``viewer`` and ``services``):

- ``own_assessment(assessment_id, viewer) -> Assessment``: the pupil's own (with its
  participation and campaign), else ``ASSESSMENT_NOT_FOUND``: another pupil's assessment is
  indistinguishable from an unknown one. ``own_assessments(viewer, ids)`` for several.
- ``current_challenge(assessment) -> Challenge | None``: the challenge being asked.
- ``submit_answer(assessment_id, challenge_id, value, *, timed_out=False, viewer, services)
  -> AnswerOutcome``: evaluate, store the answer and its knowledge elements, choose the next
  challenge, all in one transaction. ``value`` ``#ABAND#`` is « Je passe ».
- ``resume_step(assessment) -> ResumeStep``: « Reprendre »: the challenge, a checkpoint not
  yet seen, or the results.
- ``mark_instructions_seen(*, viewer, services) -> bool``: the 4 introduction pages were seen.

Concurrency: the same answer sent twice at once (a double click, a retried request) stores
exactly one answer. Inside the transaction the assessment row is locked (``SELECT … FOR
UPDATE`` on PostgreSQL; SQLite serializes writers) and re-checked, and the unique index
``(assessment, challenge_id)`` is the last word: the loser gets ``ALREADY_ANSWERED``
(docs/decisions/answer-concurrency.md).
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from engine.checkpoints import checkpoint_due
from engine.content import bundled_referential
from engine.evaluation import SKIP_VALUE, AnswerResult, evaluate
from engine.knowledge import knowledge_elements_for_answer, latest_per_skill
from engine.referential import Challenge, Referential
from engine.scoring import LevelUp, level_up
from engine.selection import AnsweredChallenge, next_challenge
from engine.treatments import MAX_ANSWER_LENGTH
from engine.types import ChallengeId, SkillId
from models import (
    Answer,
    Assessment,
    AssessmentState,
    Participation,
    ParticipationStatus,
    User,
)
from models import KnowledgeElement as StoredKnowledgeElement
from resolvers import live
from resolvers.access import require_user
from resolvers.context import Services, Viewer
from resolvers.errors import DomainError, ErrorCode, invalid
from resolvers.knowledge import load_history, to_rows


class ResumeStepKind(StrEnum):
    CHALLENGE = "CHALLENGE"
    CHECKPOINT = "CHECKPOINT"
    RESULTS = "RESULTS"


@dataclass(frozen=True)
class ResumeStep:
    kind: ResumeStepKind
    assessment: Assessment
    challenge: Challenge | None = None
    #: For a checkpoint: True when it is the final one (« Fin de votre évaluation »).
    is_final_checkpoint: bool = False


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


def _not_found() -> DomainError:
    return DomainError(ErrorCode.ASSESSMENT_NOT_FOUND)


async def own_assessment(assessment_id: uuid.UUID | str, viewer: Viewer) -> Assessment:
    user_id = require_user(viewer)
    try:
        parsed = uuid.UUID(str(assessment_id))
    except ValueError as error:
        raise _not_found() from error
    assessment = await Assessment.get_or_none(id=parsed, user_id=user_id).select_related(
        "participation__campaign__organization"
    )
    if assessment is None:
        raise _not_found()
    return assessment


async def own_assessments(
    viewer: Viewer, assessment_ids: list[uuid.UUID]
) -> dict[uuid.UUID, Assessment]:
    """Those of the assessments that are the viewer's own (for ``node(id:)``)."""
    if viewer.user_id is None or not assessment_ids:
        return {}
    rows = await Assessment.filter(id__in=assessment_ids, user_id=viewer.user_id).select_related(
        "participation__campaign__organization"
    )
    return {a.id: a for a in rows}


def current_challenge(assessment: Assessment) -> Challenge | None:
    """The challenge being asked; None once the test is over."""
    if assessment.state != AssessmentState.STARTED or assessment.last_challenge_id is None:
        return None
    return bundled_referential().challenges.get(ChallengeId(assessment.last_challenge_id))


async def _check_answerable(assessment: Assessment, challenge_id: str) -> None:
    # A second copy of an answer that got through first: say so rather than "not asked".
    if assessment.last_challenge_id != challenge_id and await Answer.exists(
        assessment_id=assessment.id, challenge_id=challenge_id
    ):
        raise DomainError(ErrorCode.ALREADY_ANSWERED)
    if assessment.state != AssessmentState.STARTED:
        raise DomainError(ErrorCode.ASSESSMENT_COMPLETED)
    if assessment.last_challenge_id != challenge_id:
        raise DomainError(ErrorCode.CHALLENGE_NOT_ASKED)


def _check_value(value: str | None, timed_out: bool) -> str:
    if value is None or (value.strip() == "" and not timed_out):
        raise invalid("value", "Pour valider, donnez une réponse. Sinon, passez.")
    if len(value) > MAX_ANSWER_LENGTH:
        raise invalid(
            "value", f"Votre réponse ne doit pas dépasser {MAX_ANSWER_LENGTH} caractères."
        )
    return value


def _is_timed(referential: Referential, challenge_id: str) -> bool:
    challenge = referential.challenges.get(ChallengeId(challenge_id))
    return challenge is not None and challenge.is_timed


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
    assessment = await own_assessment(assessment_id, viewer)
    await _check_answerable(assessment, challenge_id)
    referential = bundled_referential()
    challenge = referential.challenges.get(ChallengeId(challenge_id))
    if challenge is None:  # retired by a content release while it was being asked
        raise DomainError(ErrorCode.CHALLENGE_NOT_FOUND)
    evaluation = evaluate(challenge, value, timed_out=timed_out)
    now = services.clock()
    asked_at = assessment.last_question_date or now
    time_spent = max(0, math.ceil((now - asked_at).total_seconds()))
    participation: Participation = assessment.participation
    targets = [SkillId(s) for s in participation.campaign.skill_ids]
    user_id = assessment.user_id  # type: ignore[attr-defined]

    try:
        async with in_transaction():
            # Everything below reads the assessment's answers and the pupil's elements, so it
            # runs under the lock: a concurrent copy of this answer waits here, then fails the
            # re-check instead of selecting from a stale state.
            locked = await Assessment.filter(id=assessment.id).select_for_update().get()
            await _check_answerable(locked, challenge_id)
            answered = await _answered_so_far(referential, assessment.id)
            history, assessed = await load_history(user_id, assessment.id)
            answer = await Answer.create(
                assessment_id=assessment.id,
                challenge_id=challenge.id,
                value=value,
                result=evaluation.result,
                result_details=dict(evaluation.details) if evaluation.details else None,
                # As Pix stores it: the timer if answered in time, -1 once it ran out.
                timeout=(-1 if timed_out else challenge.timer) if challenge.is_timed else None,
                time_spent=time_spent,
                created_at=now,
            )
            new_elements = knowledge_elements_for_answer(
                referential,
                challenge_id=challenge.id,
                result=evaluation.result,
                target_skill_ids=set(targets),
                assessed_skill_ids=assessed,
                created_at=now,
            )
            await StoredKnowledgeElement.bulk_create(
                to_rows(
                    new_elements, user_id=user_id, assessment_id=assessment.id, answer_id=answer.id
                )
            )
            after = [*history, *new_elements]
            following = next_challenge(
                referential,
                target_skill_ids=targets,
                answers=[
                    *answered,
                    AnsweredChallenge(challenge.id, evaluation.result, challenge.is_timed),
                ],
                knowledge_elements=after,
                assessment_id=str(assessment.id),
                locale=locked.locale,
            )
            await _move_on(
                locked,
                participation,
                following,
                now=now,
                tested_skills_count=len(set(targets) & latest_per_skill(after).keys()),
            )
    except IntegrityError as error:
        # Only the unique (assessment, challenge_id) index can fail here: a copy of this
        # answer committed between our check and our insert (another process on SQLite).
        raise DomainError(ErrorCode.ALREADY_ANSWERED) from error
    finished = following is None
    await live.publish_campaign_change(
        services, participation.campaign.id, live.answered(finished), participation.id
    )

    locked.participation = participation
    return AnswerOutcome(
        answer=answer,
        assessment=locked,
        result=evaluation.result,
        details=evaluation.details,
        level_up=level_up(
            referential,
            history,
            after,
            referential.skills[challenge.skill_id].competence_id,
            max_reachable_level=services.policy.max_reachable_level,
        )
        if new_elements
        else None,
        checkpoint_due=finished
        or checkpoint_due(locked.answers_count, locked.checkpoint_seen_count),
        next_challenge=following,
    )


async def _answered_so_far(
    referential: Referential, assessment_id: uuid.UUID
) -> list[AnsweredChallenge]:
    rows = (
        await Answer.filter(assessment_id=assessment_id)
        .order_by("id")
        .values_list("challenge_id", "result")
    )
    return [AnsweredChallenge(c, AnswerResult(r), _is_timed(referential, c)) for c, r in rows]


async def _move_on(
    assessment: Assessment,
    participation: Participation,
    following: Challenge | None,
    *,
    now: datetime,
    tested_skills_count: int,
) -> None:
    """Ask the next challenge, or end the test: the assessment is completed and the
    participation waits for the pupil to send the results (TO_SHARE)."""
    assessment.last_challenge_id = following.id if following else None
    assessment.last_question_state = "asked" if following else None
    assessment.last_question_date = now
    assessment.answers_count += 1
    assessment.state = AssessmentState.STARTED if following else AssessmentState.COMPLETED
    await assessment.save(
        update_fields=[
            "last_challenge_id",
            "last_question_state",
            "last_question_date",
            "answers_count",
            "state",
            "updated_at",
        ]
    )
    participation.tested_skills_count = tested_skills_count
    if following is None:
        participation.status = ParticipationStatus.TO_SHARE
    await Participation.filter(id=participation.id).update(
        tested_skills_count=participation.tested_skills_count, status=participation.status
    )


def resume_step(assessment: Assessment) -> ResumeStep:
    """Where « Reprendre » goes: a checkpoint the pupil has not seen yet comes first (every 5
    answers, and the final one), then the asked challenge, else the results."""
    if assessment.state != AssessmentState.STARTED:
        if assessment.checkpoint_seen_count < assessment.answers_count:
            return ResumeStep(ResumeStepKind.CHECKPOINT, assessment, is_final_checkpoint=True)
        return ResumeStep(ResumeStepKind.RESULTS, assessment)
    if checkpoint_due(assessment.answers_count, assessment.checkpoint_seen_count):
        return ResumeStep(ResumeStepKind.CHECKPOINT, assessment)
    return ResumeStep(ResumeStepKind.CHALLENGE, assessment, challenge=current_challenge(assessment))


async def mark_instructions_seen(*, viewer: Viewer, services: Services) -> bool:
    """The pupil went through the 4 introduction pages (« Démarrer mon parcours »)."""
    user_id = require_user(viewer)
    await User.filter(id=user_id).update(has_seen_assessment_instructions=True)
    return True


__all__ = [
    "SKIP_VALUE",
    "AnswerOutcome",
    "ResumeStep",
    "ResumeStepKind",
    "current_challenge",
    "mark_instructions_seen",
    "own_assessment",
    "own_assessments",
    "resume_step",
    "submit_answer",
]
