"""« Signaler un problème »: only on one's own test, on a challenge one was asked."""

from __future__ import annotations

import pytest
from campaign_world import make_campaign, make_school, make_user, play, viewer_of

from models import ChallengeReport
from resolvers.errors import DomainError, ErrorCode
from resolvers.participations import join_campaign
from resolvers.reports import ReportCategory, report_challenge_problem

pytestmark = pytest.mark.usefixtures("db")


async def test_reports_on_the_asked_or_an_answered_challenge() -> None:
    school = await make_school()
    pupil = await make_user()
    joined = await join_campaign(
        (await make_campaign(school)).code, viewer=viewer_of(pupil), services=school.services
    )
    asked_first = joined.assessment.last_challenge_id
    outcomes = await play(school, pupil, joined.assessment.id, answers=1)

    answered = await report_challenge_problem(
        joined.assessment.id, asked_first, category="ANSWER",
        content="  Ma réponse était juste.  ", viewer=viewer_of(pupil), services=school.services,
    )  # fmt: skip
    current = await report_challenge_problem(
        joined.assessment.id, outcomes[0].next_challenge.id, category=ReportCategory.IMAGE,  # type: ignore[union-attr]
        content="L'image ne s'affiche pas.", viewer=viewer_of(pupil), services=school.services,
    )  # fmt: skip

    assert (answered.category, answered.content) == ("ANSWER", "Ma réponse était juste.")
    assert answered.answer == outcomes[0].answer.value
    assert current.answer is None
    assert await ChallengeReport.all().count() == 2


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"content": "   "}, ErrorCode.VALIDATION_FAILED),
        ({"content": "x" * 5001}, ErrorCode.VALIDATION_FAILED),
        ({"category": "METEO"}, ErrorCode.VALIDATION_FAILED),
        ({"challenge_id": "ch-jamais-pose"}, ErrorCode.CHALLENGE_NOT_ASKED),
        ({"intruder": True}, ErrorCode.ASSESSMENT_NOT_FOUND),
    ],
)
async def test_refused_reports_store_nothing(changes: dict[str, object], code: ErrorCode) -> None:
    school = await make_school()
    pupil = await make_user()
    joined = await join_campaign(
        (await make_campaign(school)).code, viewer=viewer_of(pupil), services=school.services
    )
    reporter = await make_user("Camille", "Intruse") if changes.pop("intruder", False) else pupil
    arguments: dict[str, object] = {
        "challenge_id": joined.assessment.last_challenge_id,
        "category": "QUESTION",
        "content": "La consigne est ambiguë.",
    }
    arguments.update(changes)
    challenge_id = arguments.pop("challenge_id")

    with pytest.raises(DomainError) as raised:
        await report_challenge_problem(
            joined.assessment.id, challenge_id, viewer=viewer_of(reporter),  # type: ignore[arg-type]
            services=school.services, **arguments,  # type: ignore[arg-type]
        )  # fmt: skip

    assert raised.value.code == code
    assert await ChallengeReport.all().count() == 0
