"""Pupils and teachers of the results API tests, acting through the real GraphQL API.

Pupils play the adaptive test with ``submitAnswer`` exactly as the pupil client does; the
right and wrong answer to each challenge come from the bundled content
(``tests/resolvers/campaign_world.py``), so a test decides who succeeds at what.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
from campaign_api_world import Actor

from tests.resolvers.campaign_world import right_answer, wrong_answer

JOIN = """
mutation Join($input: JoinCampaignInput!) {
  joinCampaign(input: $input) {
    created
    participation { id status }
    assessment { id currentChallenge { id } }
    errors { code message field }
  }
}
"""
SUBMIT = """
mutation Submit($input: SubmitAnswerInput!) {
  submitAnswer(input: $input) {
    result finished checkpointDue
    nextChallenge { id }
    errors { code message field }
  }
}
"""
SHARE = """
mutation Share($input: ShareResultsInput!) {
  shareResults(input: $input) { participation { id status sharedAt } errors { code } }
}
"""
PUPIL_RESULTS = """
query Mine($id: ID!) {
  participation(id: $id) {
    status
    results {
      masteryRate masteryPercentage totalSkillsCount testedSkillsCount validatedSkillsCount
      competences { index totalSkillsCount testedSkillsCount validatedSkillsCount }
    }
  }
}
"""
RESUME = """
query Resume($id: ID!) {
  participation(id: $id) { assessment { id currentChallenge { id } answersCount } }
}
"""

PARTICIPANT_FIELDS = """
id firstName lastName externalId status progress startedAt sharedAt
results {
  targetedSkillsCount testedSkillsCount validatedSkillsCount masteryRate masteryPercentage
  competences {
    competenceId index name areaCode areaColor
    targetedSkillsCount testedSkillsCount validatedSkillsCount masteryPercentage
  }
}
"""
TEACHER_VIEW = f"""
query Results($id: ID!, $first: Int!, $after: String, $status: ParticipationStatus) {{
  campaign(id: $id) {{
    id name code participantsCount resultsReceivedCount resultsExportUrl
    activity {{ participantsCount startedCount toShareCount sharedCount }}
    participants(first: $first, after: $after, status: $status) {{
      totalCount
      pageInfo {{ hasNextPage hasPreviousPage endCursor }}
      edges {{ cursor node {{ {PARTICIPANT_FIELDS} }} }}
    }}
    collectiveResults {{
      sharedParticipationsCount averageMasteryRate
      competences {{
        competenceId index name areaCode areaColor targetedSkillsCount
        averageValidatedSkills averageMasteryRate
      }}
    }}
  }}
}}
"""
PARTICIPANT_PAGE = f"""
query Participant($id: ID!) {{ campaignParticipant(id: $id) {{ {PARTICIPANT_FIELDS} }} }}
"""
PARTICIPANT_NODE = f"""
query Node($id: ID!) {{ node(id: $id) {{ ... on CampaignParticipant {{ {PARTICIPANT_FIELDS} }} }} }}
"""


@dataclass
class Joined:
    participation_id: str
    assessment_id: str
    challenge_id: str | None


async def join(pupil: Actor, code: str, external_id: str | None = None) -> Joined:
    arguments: dict[str, Any] = {"code": code}
    if external_id is not None:
        arguments["externalId"] = external_id
    payload = await pupil.mutate(JOIN, input=arguments)
    assert payload["errors"] == [], payload
    challenge = payload["assessment"]["currentChallenge"]
    return Joined(
        participation_id=payload["participation"]["id"],
        assessment_id=payload["assessment"]["id"],
        challenge_id=challenge["id"] if challenge else None,
    )


async def resume(pupil: Actor, participation_id: str) -> Joined:
    """« Reprendre »: where the pupil's test stands now."""
    assessment = (await pupil.run(RESUME, id=participation_id))["participation"]["assessment"]
    challenge = assessment["currentChallenge"]
    return Joined(participation_id, assessment["id"], challenge["id"] if challenge else None)


def every_other(index: int) -> bool:
    return index % 2 == 0


async def play(
    pupil: Actor,
    joined: Joined,
    *,
    answers: int | None = None,
    right: Callable[[int], bool] = every_other,
) -> tuple[Joined, list[str]]:
    """Answer ``answers`` questions (until the end when None), right or wrong by position.

    Returns where the test stands afterwards and the result of each answer.
    """
    results: list[str] = []
    challenge_id = joined.challenge_id
    while challenge_id is not None and (answers is None or len(results) < answers):
        value = right_answer(challenge_id) if right(len(results)) else wrong_answer(challenge_id)
        payload = await pupil.mutate(
            SUBMIT,
            input={
                "assessmentId": joined.assessment_id,
                "challengeId": challenge_id,
                "value": value,
            },
        )
        assert payload["errors"] == [], payload
        results.append(payload["result"])
        following = payload["nextChallenge"]
        challenge_id = following["id"] if following else None
        if payload["finished"]:
            assert challenge_id is None
    return Joined(joined.participation_id, joined.assessment_id, challenge_id), results


async def share(pupil: Actor, participation_id: str) -> dict[str, Any]:
    payload = await pupil.mutate(SHARE, input={"participationId": participation_id})
    assert payload["errors"] == [], payload
    return payload["participation"]  # type: ignore[no-any-return]


async def pupil_results(pupil: Actor, participation_id: str) -> dict[str, Any]:
    return (await pupil.run(PUPIL_RESULTS, id=participation_id))["participation"]  # type: ignore[no-any-return]


async def teacher_view(
    teacher: Actor,
    campaign_id: str,
    *,
    first: int = 25,
    after: str | None = None,
    status: str | None = None,
) -> dict[str, Any]:
    data = await teacher.run(TEACHER_VIEW, id=campaign_id, first=first, after=after, status=status)
    return data["campaign"]  # type: ignore[no-any-return]


def participants(view: dict[str, Any]) -> list[dict[str, Any]]:
    return [edge["node"] for edge in view["participants"]["edges"]]


async def download(
    server: Any,
    campaign_id: str,
    *,
    token: str | None = None,
    cookie: str | None = None,
) -> httpx.Response:
    """``GET /campaigns/{id}/export.csv`` with a bearer token, the session cookie or nothing."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    cookies = {"orga_session": cookie} if cookie else {}
    async with httpx.AsyncClient(base_url=server.url, cookies=cookies, timeout=30) as client:
        return await client.get(f"/campaigns/{campaign_id}/export.csv", headers=headers)


def csv_rows(response: httpx.Response) -> list[list[str]]:
    """The file's lines split on ``;`` (our test data holds no ``;`` nor newline in a cell)."""
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff"), "the file must start with a BOM"
    assert text.endswith("\n")
    return [line.split(";") for line in text[1:].rstrip("\n").split("\n")]


def unquote(cell: str) -> str:
    return cell[1:-1].replace('""', '"') if cell.startswith('"') else cell
