"""``GET /campaigns/{id}/export.csv`` over HTTP: who may download, and what the file holds."""

from __future__ import annotations

import base64
import uuid
from collections.abc import AsyncIterator
from urllib.parse import unquote as url_unquote

import pytest
from campaign_api_world import ADD_MEMBER, MakeClient, World, create_campaign
from results_api_world import csv_rows, download, join, participants, play, share, teacher_view
from results_api_world import unquote as cell

LEVEL = """
query Level($id: ID!) {
  campaign(id: $id) {
    participants(first: 10) { edges { node { results { competences { level } } } } }
  }
}
"""
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


async def test_a_member_downloads_the_results_file(world: World, server) -> None:
    school = await world.school()
    campaign = await create_campaign(
        school,
        name="Classe de 5°B",
        targetProfileId="tp-1.1",
        externalIdLabel="Numéro élève",
    )
    sender = await world.sign_up("Adelita", "Sorolibaly")
    joined = await join(sender, campaign["code"], external_id="=HYPERLINK(1)")
    await play(sender, joined)
    await share(sender, joined.participation_id)
    waiting = await world.sign_up("Bruno", "Martin")
    await join(waiting, campaign["code"], external_id="B-2")
    view = await teacher_view(school.admin, campaign["id"])
    sent = {p["lastName"]: p for p in participants(view)}["Sorolibaly"]["results"]

    response = await download(server, campaign["id"], token=school.admin.token)

    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["cache-control"] == "no-store"
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="Resultats-Classe de 5_B-')
    utf8_name = url_unquote(disposition.split("filename*=UTF-8''")[1])
    assert utf8_name.startswith(f"Resultats-Classe de 5°B-{campaign['id']}-")
    assert utf8_name.endswith(".csv")
    header, *rows = csv_rows(response)
    assert [cell(c) for c in header[:9]] == [
        "Nom de l'organisation",
        "ID Campagne",
        "Code",
        "Nom de la campagne",
        "Parcours",
        "Nom du Participant",
        "Prénom du Participant",
        "Numéro élève",
        "% de progression",
    ]
    assert len(header) == 13 + 4 + 3  # one competence (1.1), one area
    martin, sorolibaly = rows
    assert [cell(c) for c in sorolibaly[:5]] == [
        "Collège Pix",
        campaign["id"],
        campaign["code"],
        "Classe de 5°B",
        "1.1 Mener une recherche et une veille d'information",
    ]
    assert sorolibaly[7] == '"\'=HYPERLINK(1)"'  # formula guard
    assert sorolibaly[8] == "1"
    assert cell(sorolibaly[10]) == "Oui"
    validated, targeted = sent["validatedSkillsCount"], sent["targetedSkillsCount"]
    assert sorolibaly[13:16] == [
        f"{round(validated / targeted, 2)}".replace(".", ","),
        str(targeted),
        str(validated),
    ]
    # The level shown (smart random: the pix level), as on the participant page.
    page = (await school.admin.run(LEVEL, id=campaign["id"]))["campaign"]["participants"]["edges"]
    shown = [e["node"]["results"] for e in page if e["node"]["results"]]
    assert sorolibaly[16] == str(shown[0]["competences"][0]["level"])
    assert martin[7] == '"B-2"'
    assert cell(martin[10]) == "Non"
    assert [cell(c) for c in martin[11:]] == ["NA"] * 9


async def test_cookie_uuid_and_api_token_are_accepted(world: World, server) -> None:
    school = await world.school()
    campaign = await create_campaign(school, targetProfileId="tp-1.1")
    by_cookie = await download(server, campaign["id"], cookie=school.admin.token)
    assert by_cookie.status_code == 200
    raw_uuid = base64.b64decode(campaign["id"]).decode().split(":", 1)[1]
    by_uuid = await download(server, raw_uuid, token=school.admin.token)
    assert by_uuid.status_code == 200
    assert by_uuid.content == by_cookie.content  # header only: nobody joined
    token = (
        await school.admin.mutate(
            CREATE_TOKEN, input={"organizationId": school.organization_id, "name": "ENT"}
        )
    )["token"]
    assert (await download(server, campaign["id"], token=token)).status_code == 200


async def test_refusals_are_json_errors_never_a_file(world: World, server) -> None:
    school = await world.school()
    campaign = await create_campaign(school, targetProfileId="tp-1.1")
    elsewhere = await world.school("Lycée Ailleurs")
    newcomer = await world.sign_up("Nouveau", "Prof")  # a member of nothing
    colleague = await world.sign_up("Collègue", "Prof")  # a member who has not accepted the terms
    added = await school.admin.mutate(
        ADD_MEMBER, input={"organizationId": school.organization_id, "email": colleague.email}
    )
    assert added["errors"] == []
    other_type = base64.b64encode(f"Organization:{uuid.uuid4()}".encode()).decode()
    cases = [
        ({}, campaign["id"], 401, "UNAUTHENTICATED"),
        ({"token": "os_inconnu"}, campaign["id"], 401, "UNAUTHENTICATED"),
        ({"token": elsewhere.admin.token}, campaign["id"], 404, "CAMPAIGN_NOT_FOUND"),
        ({"cookie": newcomer.token}, campaign["id"], 404, "CAMPAIGN_NOT_FOUND"),
        ({"token": colleague.token}, campaign["id"], 403, "TERMS_NOT_ACCEPTED"),
        ({"token": school.admin.token}, "pas-un-id", 404, "CAMPAIGN_NOT_FOUND"),
        ({"token": school.admin.token}, str(uuid.uuid4()), 404, "CAMPAIGN_NOT_FOUND"),
        ({"token": school.admin.token}, other_type, 404, "CAMPAIGN_NOT_FOUND"),
    ]
    for credentials, campaign_id, status, code in cases:
        response = await download(server, campaign_id, **credentials)
        assert response.status_code == status, (credentials, campaign_id)
        assert response.headers["content-type"] == "application/json"
        body = response.json()
        assert body["code"] == code
        assert body["message"]
