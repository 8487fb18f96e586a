"""« Signaler un problème » on a challenge (pix-domain §13).

Use case: ``report_challenge_problem(assessment_id, challenge_id, *, category, content, viewer,
services) -> ChallengeReport``. Only the assessment's owner reports, and only on a challenge
they were asked in it (the current one or one they answered); the answer they gave, if any, is
kept with the report so the content team sees what went wrong.
"""

from __future__ import annotations

import uuid
from enum import StrEnum

from models import Answer, ChallengeReport
from resolvers.assessments import own_assessment
from resolvers.context import Services, Viewer
from resolvers.errors import DomainError, ErrorCode, clean_text

CONTENT_MAX_LENGTH = 5000


class ReportCategory(StrEnum):
    """« J'ai un problème avec » (the categories of the pupil client)."""

    QUESTION = "QUESTION"  # La question
    IMAGE = "IMAGE"  # L'image
    LINK = "LINK"  # Le lien indiqué dans la question
    EMBED = "EMBED"  # Le simulateur / l'application
    DOWNLOAD = "DOWNLOAD"  # Le fichier à télécharger
    ANSWER = "ANSWER"  # La réponse
    TUTORIAL = "TUTORIAL"  # Le tutoriel
    ACCESSIBILITY = "ACCESSIBILITY"  # L'accessibilité de l'épreuve
    OTHER = "OTHER"  # Autre


async def report_challenge_problem(
    assessment_id: uuid.UUID | str,
    challenge_id: str,
    *,
    category: ReportCategory | str,
    content: str,
    viewer: Viewer,
    services: Services,
) -> ChallengeReport:
    try:
        category = ReportCategory(category)
    except ValueError as error:
        raise DomainError(
            ErrorCode.VALIDATION_FAILED, "Choisissez une catégorie.", field="category"
        ) from error
    text = clean_text(content, field="content", label="Le message", max_length=CONTENT_MAX_LENGTH)
    assessment = await own_assessment(assessment_id, viewer)
    answer = await Answer.get_or_none(assessment_id=assessment.id, challenge_id=challenge_id)
    if answer is None and assessment.last_challenge_id != challenge_id:
        raise DomainError(ErrorCode.CHALLENGE_NOT_ASKED)
    return await ChallengeReport.create(
        user_id=assessment.user_id,  # type: ignore[attr-defined]
        assessment_id=assessment.id,
        challenge_id=challenge_id,
        category=category.value,
        content=text,
        answer=answer.value if answer is not None else None,
        created_at=services.clock(),
    )
