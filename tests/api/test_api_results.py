"""The teacher's results over HTTP: activity, participants, participant page, collective
results, for members, API tokens and strangers."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from campaign_api_world import ApiError, MakeClient, World, create_campaign
from results_api_world import (
    PARTICIPANT_NODE,
    PARTICIPANT_PAGE,
    join,
    participants,
    play,
    pupil_results,
    share,
    teacher_view,
)

CREATE_TOKEN = """
mutation Token($input: CreateApiTokenInput!) {
  createApiToken(input: $input) { token errors { code } }
}
"""


@pytest.fixture
async def world(make_client: MakeClient) -> AsyncIterator[World]:
    world = World(make_client)
    yield world
    await world.close()


async def test_the_teacher_sees_statuses_progress_and_only_sent_results(world: World) -> None:
    school = await world.school()
    teacher = await world.add_member(school, "Stéphane")
    campaign = await create_campaign(
        school, teacher, name="Stéphane Libellot - Classe de 3°4", targetProfileId="tp-1.1"
    )
    sender = await world.sign_up("Adelita", "Sorolibaly")
    keeper = await world.sign_up("Bruno", "Martin")
    midway = await world.sign_up("Chloé", "Étienne")

    joined = await join(sender, campaign["code"])
    await play(sender, joined)
    await share(sender, joined.participation_id)
    kept = await join(keeper, campaign["code"])
    await play(keeper, kept, right=lambda index: index % 3 == 0)
    stopped = await join(midway, campaign["code"])
    await play(midway, stopped, answers=3)

    view = await teacher_view(teacher, campaign["id"])

    assert view["activity"] == {
        "participantsCount": 3,
        "startedCount": 1,
        "toShareCount": 1,
        "sharedCount": 1,
    }
    assert view["participants"]["totalCount"] == 3
    rows = {row["lastName"]: row for row in participants(view)}
    assert [row["lastName"] for row in participants(view)] == ["Étienne", "Martin", "Sorolibaly"]
    assert [rows[n]["status"] for n in ("Sorolibaly", "Martin", "Étienne")] == [
        "SHARED",
        "TO_SHARE",
        "STARTED",
    ]
    assert rows["Sorolibaly"]["progress"] == rows["Martin"]["progress"] == 100
    assert 0 < rows["Étienne"]["progress"] < 100
    # Before sending: status, progress and start date only.
    for name in ("Martin", "Étienne"):
        assert rows[name]["results"] is None and rows[name]["sharedAt"] is None
        assert rows[name]["startedAt"]
    # After: the very numbers the pupil saw when sending.
    seen_by_pupil = (await pupil_results(sender, joined.participation_id))["results"]
    sent = rows["Sorolibaly"]["results"]
    assert rows["Sorolibaly"]["sharedAt"]
    assert sent["validatedSkillsCount"] == seen_by_pupil["validatedSkillsCount"]
    assert sent["testedSkillsCount"] == seen_by_pupil["testedSkillsCount"]
    assert sent["targetedSkillsCount"] == seen_by_pupil["totalSkillsCount"] == 22
    assert sent["masteryPercentage"] == seen_by_pupil["masteryPercentage"]
    assert [
        (c["index"], c["validatedSkillsCount"], c["testedSkillsCount"]) for c in sent["competences"]
    ] == [
        (c["index"], c["validatedSkillsCount"], c["testedSkillsCount"])
        for c in seen_by_pupil["competences"]
    ]
    # Collective results: the one pupil who sent.
    collective = view["collectiveResults"]
    assert collective["sharedParticipationsCount"] == 1
    assert collective["averageMasteryRate"] == pytest.approx(sent["masteryRate"])
    (competence,) = collective["competences"]
    assert (competence["index"], competence["targetedSkillsCount"]) == ("1.1", 22)
    assert competence["averageValidatedSkills"] == sent["validatedSkillsCount"]
    assert view["resultsExportUrl"].endswith(f"/campaigns/{campaign['id']}/export.csv")

    # The participant page, by its own query and by node(id:).
    page = (await teacher.run(PARTICIPANT_PAGE, id=rows["Sorolibaly"]["id"]))["campaignParticipant"]
    assert page == rows["Sorolibaly"]
    node = (await teacher.run(PARTICIPANT_NODE, id=rows["Martin"]["id"]))["node"]
    assert node == rows["Martin"]


async def test_pages_of_10_status_filter_and_page_size_errors(world: World) -> None:
    school = await world.school()
    campaign = await create_campaign(school, targetProfileId="tp-1.1")
    for index in range(12):
        pupil = await world.sign_up(f"Élève{index:02}", f"Nom{index % 5}")
        joined = await join(pupil, campaign["code"])
        if index < 3:
            await play(pupil, joined)

    first_page = await teacher_view(school.admin, campaign["id"], first=10)
    cursor = first_page["participants"]["pageInfo"]["endCursor"]
    second_page = await teacher_view(school.admin, campaign["id"], first=10, after=cursor)
    names = [(p["lastName"], p["firstName"]) for p in participants(first_page)] + [
        (p["lastName"], p["firstName"]) for p in participants(second_page)
    ]
    assert len(participants(first_page)) == 10 and len(participants(second_page)) == 2
    assert first_page["participants"]["pageInfo"]["hasNextPage"] is True
    assert second_page["participants"]["pageInfo"]["hasNextPage"] is False
    assert second_page["participants"]["pageInfo"]["hasPreviousPage"] is True
    assert names == sorted(names) and len(set(names)) == 12
    assert first_page["participants"]["totalCount"] == 12

    finished = await teacher_view(school.admin, campaign["id"], first=10, status="TO_SHARE")
    assert finished["participants"]["totalCount"] == 3
    assert {p["status"] for p in participants(finished)} == {"TO_SHARE"}

    for first in (5, 20, 100):
        with pytest.raises(ApiError) as raised:
            await teacher_view(school.admin, campaign["id"], first=first)
        assert raised.value.code == "VALIDATION_FAILED"
        assert raised.value.errors[0]["extensions"]["field"] == "first"
    with pytest.raises(ApiError) as raised:
        await teacher_view(school.admin, campaign["id"], after="pas-un-curseur")
    assert raised.value.code == "VALIDATION_FAILED"


async def test_another_organization_reads_nothing_an_api_token_reads_its_own(
    world: World,
) -> None:
    school = await world.school()
    campaign = await create_campaign(school, targetProfileId="tp-1.1")
    pupil = await world.sign_up("Adelita", "Sorolibaly")
    await join(pupil, campaign["code"])
    row = participants(await teacher_view(school.admin, campaign["id"]))[0]
    elsewhere = await world.school("Lycée Ailleurs")

    with pytest.raises(ApiError) as raised:
        await teacher_view(elsewhere.admin, campaign["id"])
    assert raised.value.code == "CAMPAIGN_NOT_FOUND"
    with pytest.raises(ApiError) as raised:
        await elsewhere.admin.run(PARTICIPANT_PAGE, id=row["id"])
    assert raised.value.code == "PARTICIPATION_NOT_FOUND"
    assert (await elsewhere.admin.run(PARTICIPANT_NODE, id=row["id"]))["node"] is None
    # The pupil is no member: the teacher's view is not theirs either.
    with pytest.raises(ApiError) as raised:
        await pupil.run(PARTICIPANT_PAGE, id=row["id"])
    assert raised.value.code == "PARTICIPATION_NOT_FOUND"
    # Ids of another type or that are no id at all.
    for wrong_id in (campaign["id"], "pas-un-id"):
        with pytest.raises(ApiError) as raised:
            await school.admin.run(PARTICIPANT_PAGE, id=wrong_id)
        assert raised.value.code in {"PARTICIPATION_NOT_FOUND", "VALIDATION_FAILED"}

    token = (
        await school.admin.mutate(
            CREATE_TOKEN, input={"organizationId": school.organization_id, "name": "ENT"}
        )
    )["token"]
    third_party = await world.actor(token)
    view = await teacher_view(third_party, campaign["id"])
    assert view["activity"]["participantsCount"] == 1
    assert participants(view)[0]["id"] == row["id"]
    assert (await third_party.run(PARTICIPANT_PAGE, id=row["id"]))["campaignParticipant"]
    other_campaign = await create_campaign(elsewhere, targetProfileId="tp-1.1")
    with pytest.raises(ApiError) as raised:
        await teacher_view(third_party, other_campaign["id"])
    assert raised.value.code == "CAMPAIGN_NOT_FOUND"
