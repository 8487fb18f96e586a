"""The pupil's flow over HTTP: code, join, the adaptive test, checkpoints, results, sending."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from campaign_api_world import Actor, ApiError, MakeClient, School, World, create_campaign

from engine.content import bundled_referential
from engine.referential import Challenge, ChallengeType
from engine.treatments import parse_solution_mapping


@pytest.fixture
async def world(make_client: MakeClient) -> AsyncIterator[World]:
    world = World(make_client)
    yield world
    await world.close()


CHALLENGE_FIELDS = """
  id type instruction proposals choices inputKeys format timer
  illustrationUrl illustrationAlt embedUrl
"""
BY_CODE = """
query ByCode($code: String!) {
  campaignByCode(code: $code) {
    code title landingText organizationName externalIdLabel targetProfileName isArchived
  }
}
"""
JOIN = f"""
mutation Join($input: JoinCampaignInput!) {{
  joinCampaign(input: $input) {{
    created
    participation {{ id status campaign {{ title organizationName }} }}
    assessment {{ id state questionNumber currentChallenge {{ {CHALLENGE_FIELDS} }} }}
    errors {{ code message field }}
  }}
}}
"""
SUBMIT = f"""
mutation Submit($input: SubmitAnswerInput!) {{
  submitAnswer(input: $input) {{
    result resultDetails {{ key correct }} levelUp {{ competenceName level }}
    checkpointDue finished
    nextChallenge {{ {CHALLENGE_FIELDS} }}
    assessment {{ id answersCount state }}
    errors {{ code message field }}
  }}
}}
"""
CHECKPOINT = """
query Checkpoint($id: ID!) {
  assessment(id: $id) {
    checkpoint {
      isFinal title completionPercentage
      answers {
        challengeId instruction result resultLabel
        correction {
          challengeId answerValue result title solution hint
          tutorials { id title link isSaved }
          learningMoreTutorials { id isSaved }
        }
      }
    }
  }
}
"""
SEEN = """
mutation Seen($input: AssessmentInput!) {
  markCheckpointSeen(input: $input) { assessment { id } errors { code } }
}
"""
PARTICIPATION = f"""
query Participation($id: ID!) {{
  participation(id: $id) {{
    id status sharedAt masteryRate validatedSkillsCount isDisabled
    resume {{ kind isFinalCheckpoint challenge {{ id }} }}
    results {{
      masteryRate masteryPercentage totalSkillsCount testedSkillsCount validatedSkillsCount
      isShared competences {{ index name totalSkillsCount testedSkillsCount validatedSkillsCount }}
    }}
    assessment {{ id answersCount currentChallenge {{ {CHALLENGE_FIELDS} }} }}
  }}
}}
"""
SHARE = """
mutation Share($input: ShareResultsInput!) {
  shareResults(input: $input) {
    participation { status sharedAt masteryRate validatedSkillsCount }
    errors { code message }
  }
}
"""
MY_PARTICIPATIONS = """
query Mine {
  myParticipations(first: 10) {
    totalCount
    edges { node { status masteryRate isDisabled campaign { code title name organizationName } } }
  }
}
"""
SAVE = """
mutation Save($input: SaveTutorialInput!) {
  saveTutorial(input: $input) { tutorial { id isSaved savedAt } errors { code } }
}
"""
UNSAVE = """
mutation Unsave($input: UnsaveTutorialInput!) {
  unsaveTutorial(input: $input) { tutorial { id isSaved } errors { code } }
}
"""
SAVED = "query { savedTutorials(first: 10) { totalCount edges { node { id title isSaved } } } }"
REPORT = """
mutation Report($input: ReportChallengeProblemInput!) {
  reportChallengeProblem(input: $input) { reported errors { code field } }
}
"""
ARCHIVE = """
mutation Archive($input: CampaignInput!) { archiveCampaign(input: $input) { errors { code } } }
"""
TEACHER_VIEW = """
query Campaign($id: ID!) { campaign(id: $id) { participantsCount resultsReceivedCount } }
"""


# --- answering -------------------------------------------------------------------------------


def content(challenge_id: str) -> Challenge:
    return bundled_referential().challenges[challenge_id]  # type: ignore[index]


def right_answer(challenge_id: str) -> str:
    item = content(challenge_id)
    if item.type in (ChallengeType.QCU, ChallengeType.QCM):
        return item.solution
    if item.type == ChallengeType.QROC:
        return next(line for line in item.solution.split("\n") if line.strip()).strip()
    groups = list(parse_solution_mapping(item.solution).items())
    if item.type == ChallengeType.QROCM_IND:
        mapping = dict(groups)
        return json.dumps({key: mapping[key][0] for key in item.input_keys})
    return json.dumps({key: groups[i][1][0] for i, key in enumerate(item.input_keys)})


def keys(value: object) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for item in value.values() for k in keys(item)}
    if isinstance(value, list):
        return {k for item in value for k in keys(item)}
    return set()


def assert_no_solution(asked: dict[str, Any], response: object) -> None:
    """Nothing in a response about the asked challenge gives its solution away."""
    assert not {k for k in keys(response) if "solution" in k.lower() or "hint" in k.lower()}
    solution = content(asked["id"]).solution
    if len(solution) >= 8:  # short ones ("2", "1,3") also occur as plain numbers
        assert solution not in json.dumps(response, ensure_ascii=False)


async def join(pupil: Actor, code: str, **fields: Any) -> dict[str, Any]:
    payload = await pupil.mutate(JOIN, input={"code": code, **fields})
    assert payload["errors"] == [], payload
    return payload


async def answer(pupil: Actor, assessment_id: str, challenge: dict, right: bool) -> dict:
    value = right_answer(challenge["id"]) if right else None
    payload = await pupil.mutate(
        SUBMIT,
        input={
            "assessmentId": assessment_id,
            "challengeId": challenge["id"],
            "value": value,
            "skip": not right,
        },
    )
    assert payload["errors"] == [], payload
    if payload["nextChallenge"]:
        assert_no_solution(payload["nextChallenge"], payload)
    return payload


async def campaign(world: World, **fields: Any) -> tuple[School, dict]:
    place = await world.school()
    return place, await create_campaign(place, title="Parcours Gérer des données", **fields)


# --- tests -----------------------------------------------------------------------------------


async def test_the_landing_page_is_public_and_a_wrong_code_is_explained(world: World) -> None:
    _, created = await campaign(world, landingText="Bonne chance !")
    visitor = await world.actor()

    landing = (await visitor.run(BY_CODE, code=f" {created['code'].lower()} "))["campaignByCode"]

    assert landing == {
        "code": created["code"],
        "title": "Parcours Gérer des données",
        "landingText": "Bonne chance !",
        "organizationName": "Collège Pix",
        "externalIdLabel": None,
        "targetProfileName": "1.2 Gérer des données",
        "isArchived": False,
    }
    for code in ("AZERTY", "ABCDEF999", ""):
        with pytest.raises(ApiError) as raised:
            await visitor.run(BY_CODE, code=code)
        assert raised.value.code == "CAMPAIGN_NOT_FOUND"
        assert raised.value.errors[0]["message"] == (
            "Votre code est erroné, veuillez vérifier ou contacter l'organisateur."
        )


VIEWER_PARTICIPATION = """
query Viewer($code: String!) {
  campaignByCode(code: $code) { viewerParticipation { id status assessment { id } } }
}
"""


async def test_the_landing_page_knows_the_pupils_own_participation_and_no_one_elses(
    world: World,
) -> None:
    _, created = await campaign(world)
    pupil = await world.sign_up("Lou", "Élève")
    other = await world.sign_up("Tom", "Arnaud")
    visitor = await world.actor()

    def seen(data: dict) -> Any:
        return data["campaignByCode"]["viewerParticipation"]

    assert seen(await pupil.run(VIEWER_PARTICIPATION, code=created["code"])) is None
    joined = await join(pupil, created["code"])

    own = seen(await pupil.run(VIEWER_PARTICIPATION, code=created["code"]))
    assert own == {
        "id": joined["participation"]["id"],
        "status": "STARTED",
        "assessment": {"id": joined["assessment"]["id"]},
    }
    assert seen(await other.run(VIEWER_PARTICIPATION, code=created["code"])) is None
    assert seen(await visitor.run(VIEWER_PARTICIPATION, code=created["code"])) is None


async def test_a_pupil_takes_the_whole_test_and_sends_the_results(world: World) -> None:
    place, created = await campaign(world)
    pupil = await world.sign_up("Adelita", "Sorolibaly")
    joined = await join(pupil, f"  {created['code'].lower()}")
    assert joined["created"] and joined["participation"]["status"] == "STARTED"
    assert joined["participation"]["campaign"]["title"] == "Parcours Gérer des données"
    assessment_id = joined["assessment"]["id"]
    challenge = joined["assessment"]["currentChallenge"]
    assert_no_solution(challenge, joined)
    assert joined["assessment"]["questionNumber"] == 1

    outcomes = []
    while challenge is not None:
        outcome = await answer(pupil, assessment_id, challenge, right=len(outcomes) % 3 != 1)
        outcomes.append(outcome)
        if outcome["checkpointDue"] and not outcome["finished"]:
            checkpoint = (await pupil.run(CHECKPOINT, id=assessment_id))["assessment"]["checkpoint"]
            assert checkpoint["isFinal"] is False and checkpoint["title"] == "Avancement"
            assert len(checkpoint["answers"]) == 5
            assert 0 < checkpoint["completionPercentage"] < 100
            labels = {a["result"]: a["resultLabel"] for a in checkpoint["answers"]}
            assert labels.get("ABAND", "Pas de réponse") == "Pas de réponse"
            assert labels.get("OK", "Réponse correcte") == "Réponse correcte"
            first = checkpoint["answers"][0]["correction"]
            assert first["solution"] and first["hint"] and first["tutorials"]
            resume = await pupil.run(PARTICIPATION, id=joined["participation"]["id"])
            assert resume["participation"]["resume"]["kind"] == "CHECKPOINT"
            await pupil.mutate(SEEN, input={"assessmentId": assessment_id})
        challenge = outcome["nextChallenge"]

    last = outcomes[-1]
    assert last["finished"] and last["checkpointDue"]
    assert last["assessment"] == {
        "id": assessment_id,
        "answersCount": len(outcomes),
        "state": "COMPLETED",
    }
    assert [o["result"] for o in outcomes[:2]] == ["OK", "ABAND"]
    final = (await pupil.run(CHECKPOINT, id=assessment_id))["assessment"]["checkpoint"]
    assert final["isFinal"] and final["title"] == "Fin de votre évaluation"
    assert final["completionPercentage"] == 100
    assert len(final["answers"]) == (len(outcomes) % 5 or 5)
    await pupil.mutate(SEEN, input={"assessmentId": assessment_id})

    participation = (await pupil.run(PARTICIPATION, id=joined["participation"]["id"]))[
        "participation"
    ]
    assert participation["status"] == "TO_SHARE"
    assert participation["resume"] == {
        "kind": "RESULTS",
        "isFinalCheckpoint": False,
        "challenge": None,
    }
    assert participation["assessment"]["currentChallenge"] is None
    results = participation["results"]
    assert results["isShared"] is False
    assert results["totalSkillsCount"] == created["skillsCount"]
    assert 0 < results["validatedSkillsCount"] <= results["testedSkillsCount"]
    assert results["masteryPercentage"] == round(
        100 * results["validatedSkillsCount"] / results["totalSkillsCount"]
    )
    assert [c["index"] for c in results["competences"]] == ["1.2"]

    shared = await pupil.mutate(SHARE, input={"participationId": joined["participation"]["id"]})
    assert shared["errors"] == []
    assert shared["participation"]["status"] == "SHARED" and shared["participation"]["sharedAt"]
    assert shared["participation"]["validatedSkillsCount"] == results["validatedSkillsCount"]
    assert shared["participation"]["masteryRate"] == pytest.approx(results["masteryRate"])
    again = await pupil.mutate(SHARE, input={"participationId": joined["participation"]["id"]})
    assert [e["code"] for e in again["errors"]] == ["ALREADY_SHARED"]

    mine = (await pupil.run(MY_PARTICIPATIONS))["myParticipations"]
    assert mine["totalCount"] == 1
    card = mine["edges"][0]["node"]
    assert (card["status"], card["isDisabled"]) == ("SHARED", False)
    assert card["campaign"]["organizationName"] == "Collège Pix"
    teacher = (await place.admin.run(TEACHER_VIEW, id=created["id"]))["campaign"]
    assert teacher == {"participantsCount": 1, "resultsReceivedCount": 1}


async def test_stopping_midway_and_resuming(world: World) -> None:
    _, created = await campaign(world)
    pupil = await world.sign_up("Camille")
    joined = await join(pupil, created["code"])
    assessment_id = joined["assessment"]["id"]
    first = await answer(pupil, assessment_id, joined["assessment"]["currentChallenge"], True)

    again = await join(pupil, created["code"])
    participation = (await pupil.run(PARTICIPATION, id=joined["participation"]["id"]))[
        "participation"
    ]

    assert again["created"] is False
    assert again["participation"]["id"] == joined["participation"]["id"]
    assert again["assessment"]["currentChallenge"]["id"] == first["nextChallenge"]["id"]
    assert again["assessment"]["questionNumber"] == 2
    assert participation["resume"]["kind"] == "CHALLENGE"
    assert participation["resume"]["challenge"]["id"] == first["nextChallenge"]["id"]
    early = await pupil.mutate(SHARE, input={"participationId": joined["participation"]["id"]})
    assert [e["code"] for e in early["errors"]] == ["ASSESSMENT_NOT_COMPLETED"]
    assert early["errors"][0]["message"].startswith("Vous ne pouvez pas encore envoyer")


async def test_the_same_answer_sent_twice_at_once_is_stored_once(world: World) -> None:
    _, created = await campaign(world)
    pupil = await world.sign_up("Double")
    twin = await world.actor(pupil.token)
    joined = await join(pupil, created["code"])
    assessment_id = joined["assessment"]["id"]
    challenge = joined["assessment"]["currentChallenge"]
    submission = {
        "assessmentId": assessment_id,
        "challengeId": challenge["id"],
        "value": right_answer(challenge["id"]),
    }

    payloads = await asyncio.gather(
        pupil.mutate(SUBMIT, input=submission), twin.mutate(SUBMIT, input=submission)
    )

    codes = sorted(e["code"] for p in payloads for e in p["errors"])
    assert codes == ["ALREADY_ANSWERED"]
    assert sum(p["result"] == "OK" for p in payloads) == 1
    state = (await pupil.run(PARTICIPATION, id=joined["participation"]["id"]))["participation"]
    assert state["assessment"]["answersCount"] == 1


async def test_a_challenge_not_asked_or_an_oversized_answer_is_refused(world: World) -> None:
    _, created = await campaign(world)
    pupil = await world.sign_up("Lea")
    joined = await join(pupil, created["code"])
    assessment_id = joined["assessment"]["id"]
    asked = joined["assessment"]["currentChallenge"]["id"]
    other = next(c for c in bundled_referential().challenges if c != asked)

    not_asked = await pupil.mutate(
        SUBMIT, input={"assessmentId": assessment_id, "challengeId": other, "value": "1"}
    )
    too_long = await pupil.mutate(
        SUBMIT, input={"assessmentId": assessment_id, "challengeId": asked, "value": "x" * 10_001}
    )

    assert [e["code"] for e in not_asked["errors"]] == ["CHALLENGE_NOT_ASKED"]
    assert [(e["code"], e["field"]) for e in too_long["errors"]] == [("VALIDATION_FAILED", "value")]
    state = (await pupil.run(PARTICIPATION, id=joined["participation"]["id"]))["participation"]
    assert state["assessment"]["answersCount"] == 0
    with pytest.raises(ApiError) as raised:
        await pupil.run(
            "query($id: ID!, $c: String!) { assessment(id: $id) { correction(challengeId: $c) "
            "{ solution } } }",
            id=assessment_id,
            c=asked,
        )
    assert raised.value.code == "CHALLENGE_NOT_ANSWERED"


async def test_the_challenge_type_has_no_solution_field(world: World) -> None:
    visitor = await world.actor()

    fields = await visitor.run('{ __type(name: "Challenge") { fields { name } } }')

    names = {f["name"].lower() for f in fields["__type"]["fields"]}
    assert names and not {n for n in names if "solution" in n or "hint" in n or "correct" in n}


async def test_a_pupil_cannot_read_or_use_another_pupils_test(world: World) -> None:
    _, created = await campaign(world)
    owner = await world.sign_up("Adelita")
    intruder = await world.sign_up("Intrus")
    joined = await join(owner, created["code"])
    assessment_id = joined["assessment"]["id"]
    challenge = joined["assessment"]["currentChallenge"]

    with pytest.raises(ApiError) as reading:
        await intruder.run(CHECKPOINT, id=assessment_id)
    nodes = await intruder.run(
        "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
        ids=[assessment_id, joined["participation"]["id"]],
    )
    answering = await intruder.mutate(
        SUBMIT,
        input={
            "assessmentId": assessment_id,
            "challengeId": challenge["id"],
            "value": right_answer(challenge["id"]),
        },
    )
    sharing = await intruder.mutate(SHARE, input={"participationId": joined["participation"]["id"]})

    assert reading.value.code == "ASSESSMENT_NOT_FOUND"
    assert nodes["nodes"] == [None, None]
    assert [e["code"] for e in answering["errors"]] == ["ASSESSMENT_NOT_FOUND"]
    assert [e["code"] for e in sharing["errors"]] == ["PARTICIPATION_NOT_FOUND"]
    state = (await owner.run(PARTICIPATION, id=joined["participation"]["id"]))["participation"]
    assert state["assessment"]["answersCount"] == 0


async def test_external_id_and_archived_campaigns(world: World) -> None:
    place, created = await campaign(world, externalIdLabel="Numéro d'élève")
    pupil = await world.sign_up("Ines")

    missing = await pupil.mutate(JOIN, input={"code": created["code"]})
    joined = await join(pupil, created["code"], externalId="INE-123")
    await place.admin.mutate(ARCHIVE, input={"campaignId": created["id"]})
    latecomer = await world.sign_up("Retard")
    refused = await latecomer.mutate(JOIN, input={"code": created["code"], "externalId": "X1"})
    mine = (await pupil.run(MY_PARTICIPATIONS))["myParticipations"]["edges"]

    assert [(e["code"], e["field"]) for e in missing["errors"]] == [
        ("EXTERNAL_ID_REQUIRED", "externalId")
    ]
    assert joined["created"]
    assert [e["code"] for e in refused["errors"]] == ["CAMPAIGN_ARCHIVED"]
    assert [e["node"]["isDisabled"] for e in mine] == [True]
    teacher = (await place.admin.run(TEACHER_VIEW, id=created["id"]))["campaign"]
    assert teacher["participantsCount"] == 1


async def test_tutorials_reports_and_introduction_pages(world: World) -> None:
    _, created = await campaign(world)
    pupil = await world.sign_up("Tuto")
    joined = await join(pupil, created["code"])
    assessment_id = joined["assessment"]["id"]
    challenge = joined["assessment"]["currentChallenge"]
    await answer(pupil, assessment_id, challenge, right=False)
    checkpoint = (await pupil.run(CHECKPOINT, id=assessment_id))["assessment"]["checkpoint"]
    tutorial_id = checkpoint["answers"][0]["correction"]["tutorials"][0]["id"]

    saved = await pupil.mutate(SAVE, input={"tutorialId": tutorial_id})
    twice = await pupil.mutate(SAVE, input={"tutorialId": tutorial_id})
    unknown = await pupil.mutate(SAVE, input={"tutorialId": "tu-inexistant"})
    listed = (await pupil.run(SAVED))["savedTutorials"]
    again = (await pupil.run(CHECKPOINT, id=assessment_id))["assessment"]["checkpoint"]
    removed = await pupil.mutate(UNSAVE, input={"tutorialId": tutorial_id})

    assert saved["tutorial"]["isSaved"] and twice["errors"] == []
    assert [e["code"] for e in unknown["errors"]] == ["TUTORIAL_NOT_FOUND"]
    assert listed["totalCount"] == 1 and listed["edges"][0]["node"]["id"] == tutorial_id
    assert again["answers"][0]["correction"]["tutorials"][0]["isSaved"] is True
    assert removed["tutorial"] == {"id": tutorial_id, "isSaved": False}
    assert (await pupil.run(SAVED))["savedTutorials"]["totalCount"] == 0

    reported = await pupil.mutate(
        REPORT,
        input={
            "assessmentId": assessment_id,
            "challengeId": challenge["id"],
            "category": "IMAGE",
            "content": "L'image ne s'affiche pas.",
        },
    )
    empty = await pupil.mutate(
        REPORT,
        input={
            "assessmentId": assessment_id,
            "challengeId": challenge["id"],
            "category": "OTHER",
            "content": "  ",
        },
    )
    assert reported == {"reported": True, "errors": []}
    assert [(e["code"], e["field"]) for e in empty["errors"]] == [("VALIDATION_FAILED", "content")]

    seen = await pupil.mutate(
        "mutation { markAssessmentInstructionsSeen "
        "{ hasSeenAssessmentInstructions errors { code } } }"
    )
    me = await pupil.run("{ me { hasSeenAssessmentInstructions } }")
    assert seen["hasSeenAssessmentInstructions"] and me["me"]["hasSeenAssessmentInstructions"]
