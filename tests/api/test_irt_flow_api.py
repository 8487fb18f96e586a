"""A campaign created with the IRT method, through the whole pupil flow over GraphQL."""

from __future__ import annotations

import itertools
import math
from collections.abc import AsyncIterator

import pytest
from campaign_api_world import MakeClient, World, create_campaign
from test_pupil_flow_api import CHECKPOINT, PARTICIPATION, SEEN, SHARE, answer, content, join

from engine.content import bundled_referential
from engine.evaluation import AnswerResult
from engine.irt import level_from_ability
from engine.irt_selection import QUESTION_SHARE, ability_estimates
from engine.selection import AnsweredChallenge
from engine.types import CompetenceId

LEVELS = """
query Levels($id: ID!) {
  participation(id: $id) { results { isShared competences { index level } } }
}
"""
TEACHER_LEVELS = """
query Teacher($id: ID!) {
  campaign(id: $id) {
    participants(first: 10) { edges { node { id results { competences { index level } } } } }
  }
}
"""
METHOD = """
query Campaign($id: ID!) { campaign(id: $id) { method participantsCount resultsReceivedCount } }
"""


@pytest.fixture
async def world(make_client: MakeClient) -> AsyncIterator[World]:
    world = World(make_client)
    yield world
    await world.close()


async def test_an_irt_campaign_goes_through_the_whole_pupil_flow(world: World) -> None:
    place = await world.school()
    default = await create_campaign(place, name="Sans méthode")
    created = await create_campaign(place, name="Avec IRT", targetProfileId="tp-1.1", method="IRT")
    assert (await place.admin.run(METHOD, id=default["id"]))["campaign"]["method"] == (
        "SMART_RANDOM"
    )
    assert (await place.admin.run(METHOD, id=created["id"]))["campaign"]["method"] == "IRT"

    pupil = await world.sign_up("Inès", "Irt")
    joined = await join(pupil, created["code"])
    assessment_id = joined["assessment"]["id"]
    challenge = joined["assessment"]["currentChallenge"]
    outcomes, asked = [], []
    while challenge is not None:
        asked.append(content(challenge["id"]))
        outcome = await answer(pupil, assessment_id, challenge, right=len(outcomes) % 3 != 2)
        outcomes.append(outcome)
        if outcome["checkpointDue"] and not outcome["finished"]:
            checkpoint = (await pupil.run(CHECKPOINT, id=assessment_id))["assessment"]["checkpoint"]
            assert checkpoint["isFinal"] is False and len(checkpoint["answers"]) == 5
            await pupil.mutate(SEEN, input={"assessmentId": assessment_id})
        challenge = outcome["nextChallenge"]

    # The IRT rules: the campaign's skills only, each once, never two timed in a row, and no
    # more questions than its share of the skills.
    targets = bundled_referential().target_profile_skill_ids("tp-1.1")
    skills = [c.skill_id for c in asked]
    assert set(skills) <= set(targets) and len(skills) == len(set(skills))
    assert 1 < len(asked) <= math.ceil(QUESTION_SHARE * len(targets))
    assert not asked[0].is_timed
    assert not any(a.is_timed and b.is_timed for a, b in itertools.pairwise(asked))
    last = outcomes[-1]
    assert last["finished"] and last["assessment"]["state"] == "COMPLETED"

    final = (await pupil.run(CHECKPOINT, id=assessment_id))["assessment"]["checkpoint"]
    assert final["isFinal"] and final["completionPercentage"] == 100
    await pupil.mutate(SEEN, input={"assessmentId": assessment_id})
    participation_id = joined["participation"]["id"]
    participation = (await pupil.run(PARTICIPATION, id=participation_id))["participation"]
    assert participation["status"] == "TO_SHARE"
    results = participation["results"]
    # Knowledge elements are written as with smart random: results work unchanged.
    assert 0 < results["validatedSkillsCount"] <= results["testedSkillsCount"] <= len(targets)
    assert results["testedSkillsCount"] >= len(asked)
    # The level shown comes from the ability estimated on the answers asked.
    referential = bundled_referential()
    estimate = ability_estimates(
        referential,
        target_skill_ids=targets,
        answers=[
            AnsweredChallenge(
                c.id, AnswerResult.OK if o["result"] == "OK" else AnswerResult.KO, c.is_timed
            )
            for c, o in zip(asked, outcomes, strict=True)
        ],
    )[CompetenceId("1.1")]
    expected = level_from_ability(estimate.ability, 6)
    before = (await pupil.run(LEVELS, id=participation_id))["participation"]["results"]
    assert before == {"isShared": False, "competences": [{"index": "1.1", "level": expected}]}
    shared = await pupil.mutate(SHARE, input={"participationId": participation_id})
    assert shared["errors"] == [] and shared["participation"]["status"] == "SHARED"
    after = (await pupil.run(LEVELS, id=participation_id))["participation"]["results"]
    assert after == {"isShared": True, "competences": [{"index": "1.1", "level": expected}]}
    page = (await place.admin.run(TEACHER_LEVELS, id=created["id"]))["campaign"]
    (row,) = page["participants"]["edges"]
    assert row["node"]["results"]["competences"] == [{"index": "1.1", "level": expected}]
    teacher = (await place.admin.run(METHOD, id=created["id"]))["campaign"]
    assert (teacher["participantsCount"], teacher["resultsReceivedCount"]) == (1, 1)
