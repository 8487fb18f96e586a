from __future__ import annotations

import strawberry

from engine.evaluation import SKIP_VALUE
from resolvers import answers, assessments, checkpoints, reports
from schema.assessments.inputs import (
    AssessmentInput,
    ReportChallengeProblemInput,
    SubmitAnswerInput,
)
from schema.assessments.queries import assessment_id
from schema.assessments.types import (
    AnswerFieldResult,
    AnswerResult,
    Assessment,
    Challenge,
    LevelUp,
)
from schema.errors import UserError, perform


@strawberry.type
class SubmitAnswerPayload:
    result: AnswerResult | None = None  # type: ignore[valid-type]
    result_details: list[AnswerFieldResult] | None = strawberry.field(
        default=None, description="QROCM: which fields were right."
    )
    level_up: LevelUp | None = None
    checkpoint_due: bool = strawberry.field(
        default=False,
        description="Show the checkpoint now: after every 5th answer, and at the end.",
    )
    finished: bool = strawberry.field(
        default=False, description="No question left: the final checkpoint, then the results."
    )
    next_challenge: Challenge | None = None
    assessment: Assessment | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class AssessmentPayload:
    assessment: Assessment | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class ReportChallengeProblemPayload:
    reported: bool = strawberry.field(default=False, description="The report was recorded.")
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class MarkAssessmentInstructionsSeenPayload:
    has_seen_assessment_instructions: bool = False
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Answer, or skip, the challenge being asked. Errors: ASSESSMENT_NOT_FOUND, "
        "ASSESSMENT_COMPLETED, CHALLENGE_NOT_ASKED, ALREADY_ANSWERED (the same answer sent "
        "twice: only one is kept), VALIDATION_FAILED (value: empty or over 10 000 characters)."
    )
    async def submit_answer(
        self, info: strawberry.Info, input: SubmitAnswerInput
    ) -> SubmitAnswerPayload:
        async def action() -> SubmitAnswerPayload:
            context = info.context
            outcome = await answers.submit_answer(
                assessment_id(input.assessment_id, "assessmentId"),
                input.challenge_id,
                SKIP_VALUE if input.skip else input.value,  # type: ignore[arg-type]
                timed_out=input.timed_out,
                viewer=context.viewer,
                services=context.services,
            )
            following = outcome.next_challenge
            return SubmitAnswerPayload(
                result=AnswerResult(outcome.result.value),
                result_details=AnswerFieldResult.from_details(outcome.details),
                level_up=LevelUp.from_domain(outcome.level_up),
                checkpoint_due=outcome.checkpoint_due,
                finished=outcome.finished,
                next_challenge=Challenge.from_content(following) if following else None,
                assessment=Assessment.from_model(outcome.assessment),
            )

        return await perform(info, SubmitAnswerPayload, action)

    @strawberry.mutation(
        description="The pupil left the checkpoint (« Continuer » / « Voir mes résultats »): "
        "« Reprendre » will not show it again. Errors: ASSESSMENT_NOT_FOUND."
    )
    async def mark_checkpoint_seen(
        self, info: strawberry.Info, input: AssessmentInput
    ) -> AssessmentPayload:
        async def action() -> AssessmentPayload:
            context = info.context
            assessment = await checkpoints.mark_checkpoint_seen(
                assessment_id(input.assessment_id, "assessmentId"),
                viewer=context.viewer,
                services=context.services,
            )
            return AssessmentPayload(assessment=Assessment.from_model(assessment))

        return await perform(info, AssessmentPayload, action)

    @strawberry.mutation(
        description="« Signaler un problème » on a challenge of the pupil's test. Errors: "
        "ASSESSMENT_NOT_FOUND, CHALLENGE_NOT_ASKED, VALIDATION_FAILED (content)."
    )
    async def report_challenge_problem(
        self, info: strawberry.Info, input: ReportChallengeProblemInput
    ) -> ReportChallengeProblemPayload:
        async def action() -> ReportChallengeProblemPayload:
            context = info.context
            await reports.report_challenge_problem(
                assessment_id(input.assessment_id, "assessmentId"),
                input.challenge_id,
                category=input.category.value,
                content=input.content,
                viewer=context.viewer,
                services=context.services,
            )
            return ReportChallengeProblemPayload(reported=True)

        return await perform(info, ReportChallengeProblemPayload, action)

    @strawberry.mutation(
        description="The pupil went through the 4 introduction pages (see "
        "`me.hasSeenAssessmentInstructions`). Errors: UNAUTHENTICATED."
    )
    async def mark_assessment_instructions_seen(
        self, info: strawberry.Info
    ) -> MarkAssessmentInstructionsSeenPayload:
        async def action() -> MarkAssessmentInstructionsSeenPayload:
            context = info.context
            seen = await assessments.mark_instructions_seen(
                viewer=context.viewer, services=context.services
            )
            return MarkAssessmentInstructionsSeenPayload(has_seen_assessment_instructions=seen)

        return await perform(info, MarkAssessmentInstructionsSeenPayload, action)
