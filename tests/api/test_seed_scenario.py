"""The seed's story, end to end, through a running server and the ``gql`` client.

Sophie Pix, the school's referent, creates « Collège Pix » and Stéphane Libellot's campaign
on competence 1.1. Three pupils join with the code: (a) finishes and sends their results,
(b) stops midway and resumes later, (c) finishes without sending. The teacher then sees the
statuses a / b / c, each participant's page, the collective results and the CSV, and every
number matches what the pupils did.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from campaign_api_world import MakeClient, World, create_campaign
from results_api_world import (
    PARTICIPANT_PAGE,
    csv_rows,
    download,
    join,
    participants,
    play,
    pupil_results,
    resume,
    share,
    teacher_view,
)
from results_api_world import unquote as cell

LANDING_TEXT = "Vous devez m'envoyer votre test avant le 18 mars. Bonne chance !"
CAMPAIGN_BY_CODE = """
query Landing($code: String!) {
  campaignByCode(code: $code) { title landingText organizationName isArchived }
}
"""


@pytest.fixture
async def world(make_client: MakeClient) -> AsyncIterator[World]:
    world = World(make_client)
    yield world
    await world.close()


async def test_the_seed_story(world: World, server) -> None:
    # The referent signs up, creates the school's space, accepts the terms, adds a teacher.
    school = await world.school("Collège Pix")
    stephane = await world.add_member(school, "Stéphane")
    campaign = await create_campaign(
        school,
        name="Stéphane Libellot - Classe de 3°4",
        targetProfileId="tp-1.1",
        title="Parcours Mener une recherche",
        landingText=LANDING_TEXT,
    )
    assert campaign["directLink"].endswith(f"/campagnes/{campaign['code']}")

    # Three pupils open the link: the landing page needs no login.
    visitor = await world.actor()
    landing = (await visitor.run(CAMPAIGN_BY_CODE, code=campaign["code"].lower()))["campaignByCode"]
    assert landing == {
        "title": "Parcours Mener une recherche",
        "landingText": LANDING_TEXT,
        "organizationName": "Collège Pix",
        "isArchived": False,
    }
    a = await world.sign_up("Adelita", "Sorolibaly")
    b = await world.sign_up("Bastien", "Dupont")
    c = await world.sign_up("Camille", "Leroy")

    # (a) finishes and sends.
    a_joined = await join(a, campaign["code"])
    a_end, a_answers = await play(a, a_joined)
    assert a_end.challenge_id is None and len(a_answers) >= 5
    a_before_sending = (await pupil_results(a, a_joined.participation_id))["results"]
    await share(a, a_joined.participation_id)

    # (b) answers three questions, stops, comes back with « Reprendre » on the same question,
    # answers two more and leaves again.
    b_joined = await join(b, campaign["code"])
    b_paused, _ = await play(b, b_joined, answers=3, right=lambda index: True)
    b_back = await resume(b, b_joined.participation_id)
    assert b_back.challenge_id == b_paused.challenge_id is not None
    again = await join(b, campaign["code"])  # the code typed again resumes too
    assert again.participation_id == b_joined.participation_id
    assert again.challenge_id == b_paused.challenge_id
    b_now, _ = await play(b, b_back, answers=2, right=lambda index: False)
    assert b_now.challenge_id is not None, "b must still be midway"
    b_live = (await pupil_results(b, b_joined.participation_id))["results"]

    # (c) finishes, does not send.
    c_joined = await join(c, campaign["code"])
    await play(c, c_joined, right=lambda index: index % 3 != 0)

    # The teacher follows the campaign: a = results received, b = in progress, c = to send.
    view = await teacher_view(stephane, campaign["id"])
    assert (view["participantsCount"], view["resultsReceivedCount"]) == (3, 1)
    assert view["activity"] == {
        "participantsCount": 3,
        "startedCount": 1,
        "toShareCount": 1,
        "sharedCount": 1,
    }
    rows = {row["firstName"]: row for row in participants(view)}
    assert [row["lastName"] for row in participants(view)] == ["Dupont", "Leroy", "Sorolibaly"]
    assert (rows["Adelita"]["status"], rows["Bastien"]["status"], rows["Camille"]["status"]) == (
        "SHARED",
        "STARTED",
        "TO_SHARE",
    )
    assert rows["Adelita"]["progress"] == rows["Camille"]["progress"] == 100
    assert rows["Bastien"]["progress"] == round(
        b_live["testedSkillsCount"] * 100 / b_live["totalSkillsCount"]
    )

    # Participant pages: results only for the one who sent them, exactly as they saw them.
    a_page = (await stephane.run(PARTICIPANT_PAGE, id=rows["Adelita"]["id"]))["campaignParticipant"]
    sent = a_page["results"]
    assert a_page["sharedAt"] is not None
    assert (sent["validatedSkillsCount"], sent["testedSkillsCount"]) == (
        a_before_sending["validatedSkillsCount"],
        a_before_sending["testedSkillsCount"],
    )
    assert sent["targetedSkillsCount"] == campaign["skillsCount"] == 22
    assert sent["masteryPercentage"] == a_before_sending["masteryPercentage"]
    assert [(x["index"], x["validatedSkillsCount"]) for x in sent["competences"]] == [
        ("1.1", a_before_sending["validatedSkillsCount"])
    ]
    for name in ("Bastien", "Camille"):
        page = (await stephane.run(PARTICIPANT_PAGE, id=rows[name]["id"]))["campaignParticipant"]
        assert page["results"] is None and page["sharedAt"] is None
        assert page["startedAt"] and page["progress"] == rows[name]["progress"]

    # Collective results: one pupil counted.
    collective = view["collectiveResults"]
    assert collective["sharedParticipationsCount"] == 1
    assert collective["averageMasteryRate"] == pytest.approx(sent["masteryRate"])
    assert collective["competences"][0]["averageValidatedSkills"] == sent["validatedSkillsCount"]

    # The CSV: same people, same numbers, « NA » for results not sent.
    response = await download(server, campaign["id"], token=stephane.token)
    assert response.status_code == 200
    header, *lines = csv_rows(response)
    by_first_name = {cell(line[6]): line for line in lines}
    assert len(lines) == 3
    a_line, b_line, c_line = (by_first_name[n] for n in ("Adelita", "Bastien", "Camille"))
    assert cell(header[11]) == "% maitrise de l'ensemble des acquis du profil"
    assert (a_line[7], cell(a_line[9])) == ("1", "Oui")
    assert a_line[11] == format(round(sent["masteryRate"], 2), "g").replace(".", ",")
    assert a_line[13:15] == ["22", str(sent["validatedSkillsCount"])]
    assert b_line[7] == format(round(b_live["testedSkillsCount"] / 22, 3), "g").replace(".", ",")
    assert [cell(x) for x in (b_line[9], b_line[10], b_line[11])] == ["Non", "NA", "NA"]
    assert (c_line[7], cell(c_line[9]), cell(c_line[11])) == ("1", "Non", "NA")

    # (c) finally sends: the teacher's figures follow; (a)'s stay as they were sent.
    c_seen = (await pupil_results(c, c_joined.participation_id))["results"]
    await share(c, c_joined.participation_id)
    later = await teacher_view(stephane, campaign["id"])
    assert later["activity"]["sharedCount"] == 2 and later["activity"]["toShareCount"] == 0
    both = later["collectiveResults"]
    assert both["sharedParticipationsCount"] == 2
    assert both["competences"][0]["averageValidatedSkills"] == pytest.approx(
        (sent["validatedSkillsCount"] + c_seen["validatedSkillsCount"]) / 2
    )
    a_again = (await stephane.run(PARTICIPANT_PAGE, id=rows["Adelita"]["id"]))[
        "campaignParticipant"
    ]
    assert a_again == a_page
