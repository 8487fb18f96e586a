"""The adaptive test around its answers: the asked challenge and where to resume.

Use cases (plain parameters, the acting ``viewer`` and ``services``):

- ``own_assessment(assessment_id, viewer) -> Assessment``: the pupil's own (with its
  participation and campaign), else ``ASSESSMENT_NOT_FOUND``: another pupil's assessment is
  indistinguishable from an unknown one. ``own_assessments(viewer, ids)`` for several.
- ``current_challenge(assessment) -> Challenge | None``: the challenge being asked.
- ``resume_step(assessment) -> ResumeStep``: « Reprendre »: the challenge, a checkpoint not
  yet seen, or the results.
- ``mark_instructions_seen(*, viewer, services) -> bool``: the 4 introduction pages were seen.

Answering the asked challenge is ``resolvers/answers.py::submit_answer``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import StrEnum

from engine.checkpoints import checkpoint_due
from engine.content import bundled_referential
from engine.referential import Challenge
from engine.types import ChallengeId
from models import (
    Assessment,
    AssessmentState,
    User,
)
from resolvers.access import require_user
from resolvers.context import Services, Viewer
from resolvers.errors import DomainError, ErrorCode


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
    "ResumeStep",
    "ResumeStepKind",
    "current_challenge",
    "mark_instructions_seen",
    "own_assessment",
    "own_assessments",
    "resume_step",
]
