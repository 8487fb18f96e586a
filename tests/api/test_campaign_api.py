"""The campaign API as the teacher dashboard and third parties use it, over HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from campaign_api_world import ApiError, MakeClient, World, create_campaign

CAMPAIGN = """
query Campaign($id: ID!) {
  campaign(id: $id) {
    id name code title landingText externalIdLabel directLink isArchived skillsCount
    targetProfileName participantsCount resultsReceivedCount
    targetProfile { id name isBuiltin category }
    owner { id firstName lastName }
    organization { name }
  }
}
"""
CAMPAIGNS = """
query Campaigns($org: ID!, $first: Int!, $after: String, $order: CampaignOrder!,
                $filter: CampaignFilter) {
  campaigns(organizationId: $org, first: $first, after: $after, orderBy: $order,
            filter: $filter) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { name participantsCount resultsReceivedCount owner { lastName } } }
  }
}
"""
UPDATE = """
mutation Update($input: UpdateCampaignInput!) {
  updateCampaign(input: $input) {
    campaign { name title landingText owner { id } }
    errors { code message field }
  }
}
"""
ARCHIVE = """
mutation Archive($input: CampaignInput!) {
  archiveCampaign(input: $input) { campaign { isArchived archivedAt } errors { code } }
}
"""
UNARCHIVE = """
mutation Unarchive($input: CampaignInput!) {
  unarchiveCampaign(input: $input) { campaign { isArchived } errors { code } }
}
"""
PROFILES = """
query Profiles($org: ID!) {
  targetProfiles(organizationId: $org) { id name isBuiltin skillsCount tubes { tube { id } level } }
}
"""
CREATE_PROFILE = """
mutation Create($input: CreateTargetProfileInput!) {
  createTargetProfile(input: $input) {
    targetProfile { id name category skillsCount tubes { tube { id competenceIndex } level } }
    errors { code field }
  }
}
"""


@pytest.fixture
async def world(make_client: MakeClient) -> AsyncIterator[World]:
    world = World(make_client)
    yield world
    await world.close()


JOIN = """
mutation Join($input: JoinCampaignInput!) {
  joinCampaign(input: $input) { created errors { code } }
}
"""
CREATE_TOKEN = """
mutation Token($input: CreateApiTokenInput!) {
  createApiToken(input: $input) { token errors { code } }
}
"""


async def test_an_admin_creates_a_campaign_and_reads_its_details(world: World) -> None:
    place = await world.school()

    created = await create_campaign(
        place,
        name="Stéphane Libellot - Classe de 3°4",
        targetProfileId="tp-1.1",
        title="Parcours Mener une recherche",
        landingText="Vous devez m'envoyer votre test avant le 18 mars. Bonne chance !",
    )
    details = (await place.admin.run(CAMPAIGN, id=created["id"]))["campaign"]

    assert details["code"] == created["code"] and len(details["code"]) == 9
    assert details["directLink"].endswith(f"/campagnes/{details['code']}")
    assert details["directLink"].startswith("http://127.0.0.1:")
    assert details["title"] == "Parcours Mener une recherche"
    assert details["externalIdLabel"] is None
    assert details["targetProfile"]["isBuiltin"] is True
    assert details["targetProfile"]["name"].startswith("1.1 Mener une recherche")
    assert details["skillsCount"] > 0
    assert (details["participantsCount"], details["resultsReceivedCount"]) == (0, 0)
    assert details["owner"] == {"id": place.admin.user_id, "firstName": "Sophie", "lastName": "PIX"}
    assert details["organization"]["name"] == "Collège Pix"


async def test_invalid_lengths_are_payload_errors(world: World) -> None:
    place = await world.school()

    payload = await place.admin.mutate(
        """mutation C($input: CreateCampaignInput!) {
             createCampaign(input: $input) { campaign { id } errors { code field message } } }""",
        input={
            "organizationId": place.organization_id,
            "name": "Classe",
            "targetProfileId": "tp-1.1",
            "title": "t" * 51,
        },
    )

    assert payload["campaign"] is None
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [("VALIDATION_FAILED", "title")]
    assert "50" in payload["errors"][0]["message"]
    listed = await place.admin.run(
        CAMPAIGNS, org=place.organization_id, first=10, order="NAME", filter=None
    )
    assert listed["campaigns"]["totalCount"] == 0


async def test_the_list_is_alphabetical_with_counts_and_pages(world: World) -> None:
    place = await world.school()
    names = ["Classe de 5°B", "Besançon 1", "Classe de 3ème", "classe de 4e"]
    codes = {name: (await create_campaign(place, name=name))["code"] for name in names}
    for index in range(3):
        pupil = await world.sign_up(f"Eleve{index}")
        await pupil.mutate(JOIN, input={"code": codes["Classe de 5°B"]})

    first = await place.admin.run(
        CAMPAIGNS, org=place.organization_id, first=3, order="NAME", filter=None
    )
    connection = first["campaigns"]
    rest = await place.admin.run(
        CAMPAIGNS,
        org=place.organization_id,
        first=3,
        after=connection["pageInfo"]["endCursor"],
        order="NAME",
        filter=None,
    )

    nodes = [e["node"] for e in connection["edges"]] + [
        e["node"] for e in rest["campaigns"]["edges"]
    ]
    assert [n["name"] for n in nodes] == [
        "Besançon 1",
        "Classe de 3ème",
        "classe de 4e",
        "Classe de 5°B",
    ]
    assert [(n["participantsCount"], n["resultsReceivedCount"]) for n in nodes] == [
        (0, 0),
        (0, 0),
        (0, 0),
        (3, 0),
    ]
    assert connection["totalCount"] == 4 and connection["pageInfo"]["hasNextPage"]
    assert not rest["campaigns"]["pageInfo"]["hasNextPage"]
    newest = await place.admin.run(
        CAMPAIGNS,
        org=place.organization_id,
        first=10,
        order="NEWEST",
        filter={"name": "CLASSE"},
    )
    assert [e["node"]["name"] for e in newest["campaigns"]["edges"]] == [
        "classe de 4e",
        "Classe de 3ème",
        "Classe de 5°B",
    ]


async def test_edit_rights_and_archiving(world: World) -> None:
    place = await world.school()
    owner = await world.add_member(place, "Stephane")
    other = await world.add_member(place, "Camille")
    campaign = await create_campaign(place, owner, name="Classe de 3°4", title="Titre")

    refused = await other.mutate(UPDATE, input={"campaignId": campaign["id"], "name": "Pirate"})
    assert refused["campaign"] is None
    assert [e["code"] for e in refused["errors"]] == ["FORBIDDEN"]
    assert (await other.run(CAMPAIGN, id=campaign["id"]))["campaign"]["name"] == "Classe de 3°4"

    edited = await owner.mutate(
        UPDATE, input={"campaignId": campaign["id"], "title": "", "landingText": "Bonne chance"}
    )
    assert edited["errors"] == []
    assert edited["campaign"]["name"] == "Classe de 3°4"  # not given: unchanged
    assert (edited["campaign"]["title"], edited["campaign"]["landingText"]) == (
        None,
        "Bonne chance",
    )
    handed = await place.admin.mutate(
        UPDATE, input={"campaignId": campaign["id"], "ownerId": other.user_id}
    )
    assert handed["campaign"]["owner"]["id"] == other.user_id

    refused = await owner.mutate(ARCHIVE, input={"campaignId": campaign["id"]})
    assert [e["code"] for e in refused["errors"]] == ["FORBIDDEN"]
    archived = await other.mutate(ARCHIVE, input={"campaignId": campaign["id"]})
    assert archived["campaign"]["isArchived"] and archived["campaign"]["archivedAt"]
    again = await place.admin.mutate(ARCHIVE, input={"campaignId": campaign["id"]})
    assert [e["code"] for e in again["errors"]] == ["CAMPAIGN_ARCHIVED"]
    live = await place.admin.mutate(UNARCHIVE, input={"campaignId": campaign["id"]})
    assert live["campaign"] == {"isArchived": False}
    not_archived = await place.admin.mutate(UNARCHIVE, input={"campaignId": campaign["id"]})
    assert [e["code"] for e in not_archived["errors"]] == ["CAMPAIGN_NOT_ARCHIVED"]


async def test_another_organization_cannot_read_or_change_a_campaign(world: World) -> None:
    place = await world.school()
    neighbour = await world.school("Lycée Voisin")
    campaign = await create_campaign(place)

    with pytest.raises(ApiError) as raised:
        await neighbour.admin.run(CAMPAIGN, id=campaign["id"])
    assert raised.value.code == "CAMPAIGN_NOT_FOUND"
    node = await neighbour.admin.run("query($id: ID!) { node(id: $id) { id } }", id=campaign["id"])
    assert node["node"] is None
    archived = await neighbour.admin.mutate(ARCHIVE, input={"campaignId": campaign["id"]})
    assert [e["code"] for e in archived["errors"]] == ["CAMPAIGN_NOT_FOUND"]
    with pytest.raises(ApiError) as listing:
        await neighbour.admin.run(
            CAMPAIGNS, org=place.organization_id, first=5, order="NAME", filter=None
        )
    assert listing.value.code == "ORGANIZATION_NOT_FOUND"
    assert (await place.admin.run(CAMPAIGN, id=campaign["id"]))["campaign"]["isArchived"] is False


async def test_target_profiles_builtin_and_custom(world: World) -> None:
    place = await world.school()

    created = await place.admin.mutate(
        CREATE_PROFILE,
        input={
            "organizationId": place.organization_id,
            "name": "Recherche et sécurité",
            "tubeIds": ["@rechercheWeb", "@motDePasse"],
            "level": 3,
        },
    )
    invalid = await place.admin.mutate(
        CREATE_PROFILE,
        input={
            "organizationId": place.organization_id,
            "name": "Vide",
            "tubeIds": ["@inconnu"],
            "level": 3,
        },
    )
    profiles = (await place.admin.run(PROFILES, org=place.organization_id))["targetProfiles"]

    profile = created["targetProfile"]
    assert profile["category"] == "CUSTOM"
    assert {
        (t["tube"]["id"], t["tube"]["competenceIndex"], t["level"]) for t in profile["tubes"]
    } == {
        ("@rechercheWeb", "1.1", 3),
        ("@motDePasse", "4.1", 3),
    }
    assert [(e["code"], e["field"]) for e in invalid["errors"]] == [
        ("VALIDATION_FAILED", "tubeIds")
    ]
    assert [p["isBuiltin"] for p in profiles] == [True] * 17 + [False]
    assert profiles[-1]["id"] == profile["id"]

    campaign = await create_campaign(place, targetProfileId=profile["id"])
    assert campaign["skillsCount"] == profile["skillsCount"]
    details = (await place.admin.run(CAMPAIGN, id=campaign["id"]))["campaign"]
    assert details["targetProfile"]["id"] == profile["id"]


async def test_an_api_token_reads_its_organizations_campaigns_only(world: World) -> None:
    place = await world.school()
    neighbour = await world.school("Lycée Voisin")
    mine = await create_campaign(place, name="Classe de 3ème")
    theirs = await create_campaign(neighbour, name="Leur classe")
    token = (
        await place.admin.mutate(
            CREATE_TOKEN, input={"organizationId": place.organization_id, "name": "ENT"}
        )
    )["token"]

    third_party = await world.actor(token)
    listed = await third_party.run(
        CAMPAIGNS, org=place.organization_id, first=10, order="NAME", filter=None
    )
    assert [e["node"]["name"] for e in listed["campaigns"]["edges"]] == ["Classe de 3ème"]
    assert (await third_party.run(CAMPAIGN, id=mine["id"]))["campaign"]["code"] == mine["code"]
    with pytest.raises(ApiError) as raised:
        await third_party.run(CAMPAIGN, id=theirs["id"])
    assert raised.value.code == "CAMPAIGN_NOT_FOUND"
    refused = await third_party.mutate(ARCHIVE, input={"campaignId": mine["id"]})
    assert [e["code"] for e in refused["errors"]] == ["READ_ONLY_TOKEN"]
