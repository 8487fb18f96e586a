from __future__ import annotations

import enum

import strawberry

from resolvers.reports import ReportCategory as DomainReportCategory

ReportCategory = strawberry.enum(
    enum.Enum("ReportCategory", {c.name: c.value for c in DomainReportCategory}),  # type: ignore[misc]
    description="« J'ai un problème avec »: QUESTION la question, IMAGE l'image, LINK le lien "
    "indiqué dans la question, EMBED le simulateur / l'application, DOWNLOAD le fichier à "
    "télécharger, ANSWER la réponse, TUTORIAL le tutoriel, ACCESSIBILITY l'accessibilité de "
    "l'épreuve, OTHER autre.",
)


@strawberry.input
class SubmitAnswerInput:
    assessment_id: strawberry.ID
    challenge_id: str = strawberry.field(description="The `Challenge.id` being asked.")
    value: str | None = strawberry.field(
        default=None,
        description='QCU: `"2"`; QCM: `"1,3"`; QROC: the text; QROCM: a YAML or JSON '
        "mapping of the input keys. At most 10 000 characters. Ignored with `skip`.",
    )
    skip: bool = strawberry.field(default=False, description="« Je passe ».")
    timed_out: bool = strawberry.field(
        default=False,
        description="The timer of a timed challenge ran out: a right answer then counts as "
        "TIMEDOUT.",
    )


@strawberry.input
class AssessmentInput:
    assessment_id: strawberry.ID


@strawberry.input
class ReportChallengeProblemInput:
    assessment_id: strawberry.ID
    challenge_id: str = strawberry.field(
        description="The challenge being asked, or one answered in this test."
    )
    category: ReportCategory  # type: ignore[valid-type]
    content: str = strawberry.field(description="« Précisez », required, at most 5000 characters.")
