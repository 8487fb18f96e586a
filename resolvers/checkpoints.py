"""Checkpoints and corrections (pix-domain §7): « Avancement », « Réponses et tutos ».

Use cases (plain parameters, the acting ``viewer`` and ``services``):

- ``checkpoint(assessment_id, *, viewer, services) -> Checkpoint``: the answers since the last
  checkpoint (or those of the final one), each with its result label and its correction.
- ``correction(assessment_id, challenge_id, *, viewer, services) -> Correction``: the solution,
  hint and tutorials of one challenge the pupil answered in that assessment.
- ``mark_checkpoint_seen(assessment_id, *, viewer, services) -> Assessment``: so that
  « Reprendre » does not show it again.

A correction carries the solution: it exists only for an answer already stored in the pupil's
own assessment, never for the challenge being asked.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from tortoise.expressions import F

from engine.checkpoints import checkpoint_block, final_checkpoint_block
from engine.content import bundled_referential
from engine.evaluation import SKIP_VALUE, AnswerResult
from engine.referential import Challenge, ChallengeType, Referential, Tutorial
from engine.scoring import completion_percentage
from engine.treatments import MappingError, parse_answer_mapping, parse_solution_mapping
from engine.types import ChallengeId, TutorialId
from models import Answer, Assessment, AssessmentState, SavedTutorial
from resolvers.assessments import own_assessment
from resolvers.context import Services, Viewer
from resolvers.errors import DomainError, ErrorCode

RESULT_LABELS: Mapping[AnswerResult, str] = {
    AnswerResult.OK: "Réponse correcte",
    AnswerResult.KO: "Réponse incorrecte",
    AnswerResult.ABAND: "Pas de réponse",
    AnswerResult.TIMEDOUT: "Temps dépassé",
}
#: Titles of the comparison window (« Réponses et tutos »).
CORRECTION_TITLES: Mapping[AnswerResult, str] = {
    AnswerResult.OK: "Vous avez la bonne réponse !",
    AnswerResult.KO: "Vous n'avez pas la bonne réponse",
    AnswerResult.ABAND: "Vous n'avez pas donné de réponse",
    AnswerResult.TIMEDOUT: "Vous avez dépassé le temps imparti",
}


@dataclass(frozen=True)
class TutorialCard:
    tutorial: Tutorial
    is_saved: bool


@dataclass(frozen=True)
class Correction:
    challenge: Challenge
    answer: Answer
    #: The expected answer as a pupil reads it (proposals' texts, not their numbers).
    solution: str
    #: What the pupil answered, read the same way ("" for « Je passe »).
    answer_text: str
    hint: str | None
    #: « Pour réussir la prochaine fois »
    tutorials: tuple[TutorialCard, ...]
    #: « Pour en apprendre davantage »
    learning_more_tutorials: tuple[TutorialCard, ...]

    @property
    def result(self) -> AnswerResult:
        return AnswerResult(self.answer.result)

    @property
    def title(self) -> str:
        return CORRECTION_TITLES[self.result]


@dataclass(frozen=True)
class CheckpointAnswer:
    answer: Answer
    #: None when a content release retired the challenge since it was answered.
    correction: Correction | None

    @property
    def result(self) -> AnswerResult:
        return AnswerResult(self.answer.result)

    @property
    def label(self) -> str:
        return RESULT_LABELS[self.result]


@dataclass(frozen=True)
class Checkpoint:
    assessment: Assessment
    is_final: bool
    #: The « avancement » gauge, 0..100 (100 on the final checkpoint).
    completion_percentage: int
    answers: tuple[CheckpointAnswer, ...]


# --- the readable solution -------------------------------------------------------------------


def readable_solution(challenge: Challenge) -> str:
    """The solution as the correction shows it, one expected answer per line.

    An author-written ``solution_to_display`` wins; otherwise QCU/QCM give the right
    proposals' texts, QROC its first accepted answer, QROCM one line per field.
    """
    if challenge.solution_to_display:
        return challenge.solution_to_display
    if challenge.type in (ChallengeType.QCU, ChallengeType.QCM):
        return _right_proposals(challenge)
    if challenge.type == ChallengeType.QROC:
        variants = [line for line in challenge.solution.split("\n") if line.strip()]
        return variants[0].strip() if variants else ""
    return _first_answer_per_field(challenge)


def readable_answer(challenge: Challenge, value: str) -> str:
    """The pupil's answer as the correction shows it, beside the solution: proposals' texts
    for QCU/QCM, one line per field for QROCM, the text typed for QROC; "" for a skip."""
    if value == SKIP_VALUE:
        return ""
    if challenge.type in (ChallengeType.QCU, ChallengeType.QCM):
        return _proposals(challenge, value)
    if challenge.type == ChallengeType.QROC:
        return value
    try:
        mapping = parse_answer_mapping(value)
    except MappingError:
        return value
    if challenge.type == ChallengeType.QROCM_IND:
        return "\n".join(f"{key} : {text}" for key, text in mapping.items())
    return "\n".join(mapping.values())


def _right_proposals(challenge: Challenge) -> str:
    """QCU/QCM: the texts of the right proposals (the solution lists their 1-based ranks)."""
    return _proposals(challenge, challenge.solution)


def _proposals(challenge: Challenge, ranks: str) -> str:
    """The texts of the proposals ``ranks`` names (1-based, comma-separated), one per line."""
    choices = challenge.choices
    lines = []
    for part in ranks.split(","):
        index = part.strip()
        if index.isdigit() and 1 <= int(index) <= len(choices):
            lines.append(choices[int(index) - 1])
    return "\n".join(lines)


def _first_answer_per_field(challenge: Challenge) -> str:
    """QROCM: the first accepted answer of each field, named by its field when independent."""
    try:
        mapping = parse_solution_mapping(challenge.solution)
    except MappingError:
        return ""
    if challenge.type == ChallengeType.QROCM_IND:
        return "\n".join(f"{key} : {variants[0]}" for key, variants in mapping.items() if variants)
    return "\n".join(variants[0] for variants in mapping.values() if variants)


# --- building corrections --------------------------------------------------------------------


def _tutorial_ids(referential: Referential, challenges: Iterable[Challenge]) -> set[TutorialId]:
    ids: set[TutorialId] = set()
    for challenge in challenges:
        skill = referential.skills.get(challenge.skill_id)
        if skill is not None:
            ids.update(skill.tutorial_ids)
            ids.update(skill.learning_more_tutorial_ids)
    return ids


async def _saved_among(user_id: uuid.UUID, tutorial_ids: Iterable[TutorialId]) -> set[str]:
    """Which of these tutorials the pupil saved: one query for a whole checkpoint."""
    ids = list(tutorial_ids)
    if not ids:
        return set()
    rows = await SavedTutorial.filter(user_id=user_id, tutorial_id__in=ids).values_list(
        "tutorial_id", flat=True
    )
    return set(rows)


def _cards(
    referential: Referential, ids: Sequence[TutorialId], saved: set[str]
) -> tuple[TutorialCard, ...]:
    return tuple(
        TutorialCard(referential.tutorials[t], str(t) in saved)
        for t in ids
        if t in referential.tutorials
    )


def _correction(
    referential: Referential, challenge: Challenge, answer: Answer, saved: set[str]
) -> Correction:
    skill = referential.skills.get(challenge.skill_id)
    return Correction(
        challenge=challenge,
        answer=answer,
        solution=readable_solution(challenge),
        answer_text=readable_answer(challenge, answer.value),
        hint=skill.hint if skill is not None else None,
        tutorials=_cards(referential, skill.tutorial_ids, saved) if skill else (),
        learning_more_tutorials=(
            _cards(referential, skill.learning_more_tutorial_ids, saved) if skill else ()
        ),
    )


# --- use cases -------------------------------------------------------------------------------


async def checkpoint(
    assessment_id: uuid.UUID | str, *, viewer: Viewer, services: Services
) -> Checkpoint:
    """The checkpoint to show now: the answers since the previous one; once the test is over,
    the final checkpoint (empty when the pupil already saw every answer: « C'est déjà fini »)."""
    assessment = await own_assessment(assessment_id, viewer)
    answers = await Answer.filter(assessment_id=assessment.id).order_by("id")
    is_final = assessment.state != AssessmentState.STARTED
    if is_final:
        block = final_checkpoint_block(answers, assessment.checkpoint_seen_count)
    else:
        block = checkpoint_block(answers)
    referential = bundled_referential()
    challenges = {
        a.challenge_id: referential.challenges.get(ChallengeId(a.challenge_id)) for a in block
    }
    saved = await _saved_among(
        assessment.user_id,  # type: ignore[attr-defined]
        _tutorial_ids(referential, (c for c in challenges.values() if c is not None)),
    )
    campaign = assessment.participation.campaign
    rate = (
        1.0
        if is_final
        else assessment.participation.tested_skills_count / max(1, len(campaign.skill_ids))
    )
    return Checkpoint(
        assessment=assessment,
        is_final=is_final,
        completion_percentage=completion_percentage(rate),
        answers=tuple(
            CheckpointAnswer(
                answer=a,
                correction=_correction(referential, challenge, a, saved)
                if (challenge := challenges[a.challenge_id]) is not None
                else None,
            )
            for a in block
        ),
    )


async def correction(
    assessment_id: uuid.UUID | str, challenge_id: str, *, viewer: Viewer, services: Services
) -> Correction:
    """The correction of a challenge the pupil answered in their assessment, and only then."""
    assessment = await own_assessment(assessment_id, viewer)
    answer = await Answer.get_or_none(assessment_id=assessment.id, challenge_id=challenge_id)
    referential = bundled_referential()
    challenge = referential.challenges.get(ChallengeId(challenge_id))
    if answer is None:
        raise DomainError(ErrorCode.CHALLENGE_NOT_ANSWERED)
    if challenge is None:
        raise DomainError(ErrorCode.CHALLENGE_NOT_FOUND)
    saved = await _saved_among(
        assessment.user_id,  # type: ignore[attr-defined]
        _tutorial_ids(referential, [challenge]),
    )
    return _correction(referential, challenge, answer, saved)


async def mark_checkpoint_seen(
    assessment_id: uuid.UUID | str, *, viewer: Viewer, services: Services
) -> Assessment:
    """The pupil pressed « Continuer » (or « Voir mes résultats ») on the checkpoint."""
    assessment = await own_assessment(assessment_id, viewer)
    # Copied in SQL from the row itself: no read-then-write race with an answer being stored.
    await Assessment.filter(id=assessment.id).update(checkpoint_seen_count=F("answers_count"))
    return await own_assessment(assessment.id, viewer)
