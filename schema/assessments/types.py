"""What a pupil sees during the test.

``Challenge`` is what is asked: it has no solution field at all, so no query can ever read a
solution before the answer. The solution only exists on ``Correction``, reachable from a
checkpoint or ``Assessment.correction`` for a challenge the pupil already answered.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay

import models
from engine.checkpoints import question_number
from engine.evaluation import AnswerResult as DomainAnswerResult
from engine.referential import Challenge as ContentChallenge
from engine.referential import ChallengeType as ContentChallengeType
from engine.scoring import LevelUp as DomainLevelUp
from resolvers import checkpoints
from resolvers.assessments import (
    ResumeStep as DomainResumeStep,
)
from resolvers.assessments import (
    ResumeStepKind as DomainResumeStepKind,
)
from resolvers.assessments import (
    current_challenge,
    own_assessments,
    resume_step,
)
from schema.ids import uuid_or_none
from schema.tutorials.types import Tutorial

if TYPE_CHECKING:
    from schema.participations.types import Participation

ChallengeType = strawberry.enum(
    enum.Enum(  # type: ignore[misc]
        "ChallengeType", {t.name: t.value for t in ContentChallengeType}
    ),
    description="QCU: one choice; QCM: several choices; QROC: one free answer; QROCM_IND: "
    "several independent fields; QROCM_DEP: several fields answered in any order.",
)
AnswerResult = strawberry.enum(
    enum.Enum("AnswerResult", {r.name: r.value for r in DomainAnswerResult}),  # type: ignore[misc]
    description="OK: right; KO: wrong; ABAND: skipped (« Je passe »); TIMEDOUT: right but "
    "after the timer.",
)
AssessmentState = strawberry.enum(
    enum.Enum("AssessmentState", {s.name: s.value for s in models.AssessmentState}),  # type: ignore[misc]
    description="STARTED: questions remain; COMPLETED: the test is over.",
)
ResumeStepKind = strawberry.enum(
    enum.Enum("ResumeStepKind", {k.name: k.value for k in DomainResumeStepKind}),  # type: ignore[misc]
    description="Where « Reprendre » goes: the CHALLENGE asked, a CHECKPOINT not seen yet, "
    "or the RESULTS.",
)


@strawberry.type(
    description="A question as the pupil sees it. Never carries its solution (see `Correction`)."
)
class Challenge:
    id: str = strawberry.field(description="Content id; send it back with the answer.")
    type: ChallengeType  # type: ignore[valid-type]
    instruction: str = strawberry.field(description="Markdown.")
    proposals: str = strawberry.field(
        description="QCU/QCM: one proposal per line (`- …`); QROC(M): text with `${key}` input "
        "blocks (`${key#placeholder}`)."
    )
    choices: list[str] = strawberry.field(
        description="QCU/QCM proposals in order; answer with their 1-based numbers."
    )
    input_keys: list[str] = strawberry.field(
        description="QROC(M) input block keys in order; answer QROCM with a YAML or JSON "
        "mapping of these keys."
    )
    format: str | None = strawberry.field(
        description="Input style: `phrase`, `mots`, `paragraphe`, or `nombre` (numbers)."
    )
    timer: int | None = strawberry.field(
        description="Seconds allowed for a timed challenge; announce it before showing it."
    )
    illustration_url: str | None
    illustration_alt: str | None
    embed_url: str | None = strawberry.field(description="A simulator to show in a frame.")

    @classmethod
    def from_content(cls, challenge: ContentChallenge) -> Challenge:
        return cls(
            id=str(challenge.id),
            type=ChallengeType(challenge.type.value),
            instruction=challenge.instruction,
            proposals=challenge.proposals,
            choices=list(challenge.choices),
            input_keys=list(challenge.input_keys),
            format=challenge.format,
            timer=challenge.timer,
            illustration_url=challenge.illustration_url,
            illustration_alt=challenge.illustration_alt,
            embed_url=challenge.embed_url,
        )


@strawberry.type(description="Whether one field of a QROCM answer was right.")
class AnswerFieldResult:
    key: str
    correct: bool

    @classmethod
    def from_details(cls, details: Mapping[str, bool] | None) -> list[AnswerFieldResult] | None:
        if details is None:
            return None
        return [cls(key=key, correct=correct) for key, correct in details.items()]


@strawberry.type(description="« Niveau n » reached in a competence thanks to an answer.")
class LevelUp:
    competence_name: str
    level: int

    @classmethod
    def from_domain(cls, level_up: DomainLevelUp | None) -> LevelUp | None:
        if level_up is None:
            return None
        return cls(competence_name=level_up.competence_name, level=level_up.level)


@strawberry.type(
    description="« Réponses et tutos »: the solution, hint and tutorials of a challenge the "
    "pupil answered. Only ever built from a stored answer."
)
class Correction:
    challenge_id: str
    instruction: str
    answer_value: str = strawberry.field(description="What the pupil answered (`#ABAND#`: skip).")
    answer_text: str = strawberry.field(
        description="The same answer as the pupil reads it, beside `solution`: the proposals' "
        "texts (QCU, QCM), one line per field (QROCM), the text typed (QROC); empty for a skip."
    )
    result: AnswerResult  # type: ignore[valid-type]
    title: str = strawberry.field(description="« Vous avez la bonne réponse ! », …")
    solution: str = strawberry.field(
        description="The expected answer as a pupil reads it, one per line."
    )
    hint: str | None = strawberry.field(description="« Un conseil pour la prochaine fois ».")
    tutorials: list[Tutorial] = strawberry.field(description="« Pour réussir la prochaine fois »")
    learning_more_tutorials: list[Tutorial] = strawberry.field(
        description="« Pour en apprendre davantage »"
    )

    @classmethod
    def from_domain(cls, correction: checkpoints.Correction) -> Correction:
        def cards(items: Iterable[checkpoints.TutorialCard]) -> list[Tutorial]:
            return [Tutorial.from_content(c.tutorial, is_saved=c.is_saved) for c in items]

        return cls(
            challenge_id=str(correction.challenge.id),
            instruction=correction.challenge.instruction,
            answer_value=correction.answer.value,
            answer_text=correction.answer_text,
            result=AnswerResult(correction.result.value),
            title=correction.title,
            solution=correction.solution,
            hint=correction.hint,
            tutorials=cards(correction.tutorials),
            learning_more_tutorials=cards(correction.learning_more_tutorials),
        )


@strawberry.type(description="An answer listed on a checkpoint.")
class CheckpointAnswer:
    challenge_id: str
    instruction: str = strawberry.field(description="The question, to remind the pupil.")
    result: AnswerResult  # type: ignore[valid-type]
    result_label: str = strawberry.field(
        description="« Réponse correcte », « Réponse incorrecte », « Pas de réponse », "
        "« Temps dépassé »."
    )
    correction: Correction | None = strawberry.field(
        description="The « Réponses et tutos » panel (null if the challenge was retired)."
    )

    @classmethod
    def from_domain(cls, item: checkpoints.CheckpointAnswer) -> CheckpointAnswer:
        return cls(
            challenge_id=item.answer.challenge_id,
            instruction=item.correction.challenge.instruction if item.correction else "",
            result=AnswerResult(item.result.value),
            result_label=item.label,
            correction=Correction.from_domain(item.correction) if item.correction else None,
        )


@strawberry.type(description="« Avancement »: every 5 answers, and at the end.")
class Checkpoint:
    is_final: bool = strawberry.field(description="« Fin de votre évaluation ».")
    title: str
    completion_percentage: int = strawberry.field(description="The progress gauge, 0–100.")
    answers: list[CheckpointAnswer] = strawberry.field(
        description="The answers since the previous checkpoint (empty on a final checkpoint "
        "with nothing new: « C'est déjà fini, ne soyez pas surpris ! »)."
    )

    @classmethod
    def from_domain(cls, checkpoint: checkpoints.Checkpoint) -> Checkpoint:
        return cls(
            is_final=checkpoint.is_final,
            title="Fin de votre évaluation" if checkpoint.is_final else "Avancement",
            completion_percentage=checkpoint.completion_percentage,
            answers=[CheckpointAnswer.from_domain(a) for a in checkpoint.answers],
        )


@strawberry.type(description="Where « Reprendre » takes the pupil.")
class ResumeStep:
    kind: ResumeStepKind  # type: ignore[valid-type]
    challenge: Challenge | None = strawberry.field(description="For CHALLENGE: the one asked.")
    is_final_checkpoint: bool

    @classmethod
    def from_domain(cls, step: DomainResumeStep) -> ResumeStep:
        return cls(
            kind=ResumeStepKind(step.kind.value),
            challenge=Challenge.from_content(step.challenge) if step.challenge else None,
            is_final_checkpoint=step.is_final_checkpoint,
        )


@strawberry.type(description="A pupil's test in a campaign. Only its pupil can read it.")
class Assessment(relay.Node):
    id: relay.NodeID[str]
    state: AssessmentState  # type: ignore[valid-type]
    answers_count: int
    question_number: int = strawberry.field(
        description="The x of « Question x / 5 » for the question asked."
    )
    model: strawberry.Private[models.Assessment]

    @classmethod
    def from_model(cls, assessment: models.Assessment) -> Assessment:
        return cls(
            id=str(assessment.id),
            state=AssessmentState(assessment.state.value),
            answers_count=assessment.answers_count,
            question_number=question_number(assessment.answers_count),
            model=assessment,
        )

    @strawberry.field(description="The challenge being asked; null once the test is over.")
    def current_challenge(self) -> Challenge | None:
        challenge = current_challenge(self.model)
        return Challenge.from_content(challenge) if challenge else None

    @strawberry.field(description="Where « Reprendre » goes.")
    def resume(self) -> ResumeStep:
        return ResumeStep.from_domain(resume_step(self.model))

    @strawberry.field(description="The checkpoint to show now (see `Checkpoint`).")
    async def checkpoint(self, info: strawberry.Info) -> Checkpoint:
        context = info.context
        return Checkpoint.from_domain(
            await checkpoints.checkpoint(
                self.model.id, viewer=context.viewer, services=context.services
            )
        )

    @strawberry.field(
        description="The correction of a challenge answered in this test. "
        "CHALLENGE_NOT_ANSWERED for any other challenge, the one being asked included."
    )
    async def correction(self, info: strawberry.Info, challenge_id: str) -> Correction:
        context = info.context
        return Correction.from_domain(
            await checkpoints.correction(
                self.model.id, challenge_id, viewer=context.viewer, services=context.services
            )
        )

    @strawberry.field
    def participation(
        self,
    ) -> Annotated[Participation, strawberry.lazy("schema.participations.types")]:
        from schema.participations.types import Participation

        return Participation.from_model(self.model.participation)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: strawberry.Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Assessment | None]:
        """Only the viewer's own assessments; None for the others."""
        ids = [uuid_or_none(node_id) for node_id in node_ids]
        visible = await own_assessments(info.context.viewer, [i for i in ids if i is not None])
        return [cls.from_model(visible[i]) if i in visible else None for i in ids]
