"""Campaigns: creation rules and codes, editing rights, archiving, the list and its counts."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator

import pytest
from campaign_world import (
    api_token_viewer,
    make_member,
    make_organization,
    make_services,
    make_user,
    viewer_of,
)
from tortoise import connections

import resolvers.campaigns as campaigns_module
from engine.content import bundled_referential
from models import Campaign, Participation, ParticipationStatus, Role
from resolvers.campaigns import (
    CampaignOrder,
    archive_campaign,
    create_campaign,
    direct_link,
    get_campaign,
    list_campaigns,
    unarchive_campaign,
    update_campaign,
)
from resolvers.codes import DIGITS, LETTERS, generate_code, normalize_code
from resolvers.errors import DomainError, ErrorCode
from resolvers.target_profiles import create_target_profile

pytestmark = pytest.mark.usefixtures("db")


async def _school() -> tuple[object, object, object]:
    school = await make_organization()
    admin = await make_member(school, Role.ADMIN)
    teacher = await make_member(school)
    return school, admin, teacher


async def _create(organization: object, user: object, name: str = "Classe de 3ème", **kw: object):
    arguments: dict[str, object] = {"target_profile_id": "tp-1.1"}
    arguments.update(kw)
    return await create_campaign(
        organization.id,  # type: ignore[attr-defined]
        name=name,
        viewer=viewer_of(user),  # type: ignore[arg-type]
        services=make_services(),
        **arguments,  # type: ignore[arg-type]
    )


# --- codes -----------------------------------------------------------------------------------


def test_codes_are_six_letters_and_three_digits_without_confusable_characters() -> None:
    for _ in range(200):
        code = generate_code()
        assert re.fullmatch(r"[A-Z]{6}[1-9]{3}", code)
        assert not set(code) & set("IO0")
        assert set(code[:6]) <= set(LETTERS) and set(code[6:]) <= set(DIGITS)


def test_a_typed_code_is_trimmed_and_upper_cased() -> None:
    assert normalize_code("  rnbjdb351 ") == "RNBJDB351"
    assert normalize_code("RNBJDB35") is None
    assert normalize_code("RNBJ-B351") is None
    assert normalize_code(None) is None


# --- creation --------------------------------------------------------------------------------


async def test_a_member_creates_a_campaign_with_frozen_skills_and_a_direct_link() -> None:
    school, _, teacher = await _school()

    campaign = await _create(
        school,
        teacher,
        name="  Stéphane Libellot - Classe de 3°4 ",
        title="Parcours Mener une recherche",
        landing_text="Vous devez m'envoyer votre test avant le 18 mars.\nBonne chance !",
        external_id_label="",
    )

    referential = bundled_referential()
    assert campaign.name == "Stéphane Libellot - Classe de 3°4"
    assert campaign.title == "Parcours Mener une recherche"
    assert campaign.external_id_label is None  # empty means "no external id asked"
    assert campaign.skill_ids == list(referential.target_profile_skill_ids("tp-1.1"))
    assert campaign.builtin_target_profile_id == "tp-1.1"
    assert campaign.target_profile_name.startswith("1.1 Mener une recherche")
    assert campaign.content_release == referential.release
    assert campaign.owner_id == teacher.id == campaign.creator_id  # type: ignore[attr-defined]
    assert re.fullmatch(r"[A-HJ-NP-Z]{6}[1-9]{3}", campaign.code)
    assert direct_link(campaign, make_services().policy) == (
        f"https://orga.example/campagnes/{campaign.code}"
    )


async def test_a_campaign_on_a_custom_profile_freezes_that_profiles_skills() -> None:
    school, _, teacher = await _school()
    profile = await create_target_profile(
        school.id, name="Sécurité", tube_ids=["@motDePasse"], level=3,
        viewer=viewer_of(teacher), services=make_services(),
    )  # fmt: skip

    campaign = await _create(school, teacher, target_profile_id=profile.id)

    assert campaign.skill_ids == list(profile.skill_ids)
    assert str(campaign.target_profile_id) == profile.id  # type: ignore[attr-defined]
    assert campaign.target_profile_name == "Sécurité"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "n" * 256}, "name"),
        ({"title": "t" * 51}, "title"),
        ({"landing_text": "l" * 5001}, "landingText"),
        ({"external_id_label": "ab"}, "externalIdLabel"),
        ({"external_id_label": "e" * 256}, "externalIdLabel"),
    ],
)
async def test_invalid_campaigns_are_refused_and_nothing_is_stored(
    changes: dict[str, object], field: str
) -> None:
    school, _, teacher = await _school()

    with pytest.raises(DomainError) as raised:
        await _create(school, teacher, **changes)

    assert raised.value.code == ErrorCode.VALIDATION_FAILED
    assert raised.value.field == field
    assert await Campaign.all().count() == 0


async def test_limits_are_inclusive() -> None:
    school, _, teacher = await _school()

    campaign = await _create(
        school, teacher, name="n" * 255, title="t" * 50, landing_text="l" * 5000,
        external_id_label="INE",
    )  # fmt: skip

    assert (len(campaign.name), len(campaign.title or ""), campaign.external_id_label) == (
        255,
        50,
        "INE",
    )


async def test_unknown_profile_or_outsider_cannot_create() -> None:
    school, _, teacher = await _school()
    stranger = await make_member(await make_organization("Autre"))

    with pytest.raises(DomainError) as unknown:
        await _create(school, teacher, target_profile_id="tp-9.9")
    with pytest.raises(DomainError) as outsider:
        await _create(school, stranger)

    assert unknown.value.code == ErrorCode.TARGET_PROFILE_NOT_FOUND
    assert outsider.value.code == ErrorCode.ORGANIZATION_NOT_FOUND
    assert await Campaign.all().count() == 0


@pytest.fixture
def colliding_codes(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The code generator returns ``AAAAAA111`` twice, then fresh codes."""
    drawn: list[str] = []
    forced = iter(["AAAAAA111", "AAAAAA111"])

    def fake() -> str:
        code = next(forced, None) or generate_code()
        drawn.append(code)
        return code

    monkeypatch.setattr(campaigns_module, "generate_code", fake)
    yield drawn


async def test_a_code_collision_is_retried_with_a_new_code(colliding_codes: list[str]) -> None:
    school, _, teacher = await _school()

    first = await _create(school, teacher, name="A")
    second = await _create(school, teacher, name="B")

    assert first.code == "AAAAAA111"
    assert second.code != "AAAAAA111"
    assert colliding_codes[:2] == ["AAAAAA111", "AAAAAA111"]
    assert len(colliding_codes) == 3


async def test_concurrent_creations_get_distinct_codes(colliding_codes: list[str]) -> None:
    school, _, teacher = await _school()

    created = await asyncio.gather(*(_create(school, teacher, name=f"C{i}") for i in range(4)))

    assert len({c.code for c in created}) == 4
    assert await Campaign.all().count() == 4


# --- editing and archiving -------------------------------------------------------------------


async def test_owner_and_admin_edit_another_member_cannot() -> None:
    school, admin, owner = await _school()
    other = await make_member(school)
    campaign = await _create(school, owner, title="Titre")
    services = make_services()

    edited = await update_campaign(
        campaign.id, name="Nouveau nom", title="", viewer=viewer_of(owner), services=services
    )
    assert (edited.name, edited.title, edited.landing_text) == ("Nouveau nom", None, None)

    edited = await update_campaign(
        campaign.id, owner_id=other.id, landing_text="Bonne chance !",
        viewer=viewer_of(admin), services=services,
    )  # fmt: skip
    assert edited.owner_id == other.id  # type: ignore[attr-defined]
    assert edited.landing_text == "Bonne chance !"

    with pytest.raises(DomainError) as raised:
        await update_campaign(
            campaign.id, name="Pirate", viewer=viewer_of(owner), services=services
        )
    assert raised.value.code == ErrorCode.FORBIDDEN
    assert (await Campaign.get(id=campaign.id)).name == "Nouveau nom"


async def test_the_new_owner_must_be_an_active_member() -> None:
    school, admin, _ = await _school()
    campaign = await _create(school, admin)
    outsider = await make_user("Jean", "Dehors")

    with pytest.raises(DomainError) as raised:
        await update_campaign(
            campaign.id, owner_id=outsider.id, viewer=viewer_of(admin), services=make_services()
        )

    assert (raised.value.code, raised.value.field) == (ErrorCode.VALIDATION_FAILED, "ownerId")
    assert (await Campaign.get(id=campaign.id)).owner_id == admin.id  # type: ignore[attr-defined]


async def test_another_organization_cannot_read_or_edit_a_campaign() -> None:
    school, _, teacher = await _school()
    campaign = await _create(school, teacher)
    other_school = await make_organization("Lycée Voisin")
    foreign_admin = await make_member(other_school, Role.ADMIN)
    services = make_services()

    for attempt in (
        get_campaign(campaign.id, viewer=viewer_of(foreign_admin), services=services),
        get_campaign(campaign.id, viewer=api_token_viewer(other_school), services=services),
        archive_campaign(campaign.id, viewer=viewer_of(foreign_admin), services=services),
        update_campaign(campaign.id, name="x", viewer=viewer_of(foreign_admin), services=services),
    ):
        with pytest.raises(DomainError) as raised:
            await attempt
        assert raised.value.code == ErrorCode.CAMPAIGN_NOT_FOUND
    assert (await Campaign.get(id=campaign.id)).archived_at is None
    token_read = await get_campaign(campaign.id, viewer=api_token_viewer(school), services=services)
    assert token_read.id == campaign.id


async def test_archive_and_unarchive() -> None:
    school, admin, teacher = await _school()
    campaign = await _create(school, teacher)
    services = make_services()
    other = await make_member(school)

    with pytest.raises(DomainError) as forbidden:
        await archive_campaign(campaign.id, viewer=viewer_of(other), services=services)
    assert forbidden.value.code == ErrorCode.FORBIDDEN

    archived = await archive_campaign(campaign.id, viewer=viewer_of(teacher), services=services)
    assert archived.archived_at == services.clock()
    assert archived.archived_by_id == teacher.id  # type: ignore[attr-defined]
    with pytest.raises(DomainError) as again:
        await archive_campaign(campaign.id, viewer=viewer_of(admin), services=services)
    assert again.value.code == ErrorCode.CAMPAIGN_ARCHIVED

    live = await unarchive_campaign(campaign.id, viewer=viewer_of(admin), services=services)
    assert live.archived_at is None
    with pytest.raises(DomainError) as not_archived:
        await unarchive_campaign(campaign.id, viewer=viewer_of(admin), services=services)
    assert not_archived.value.code == ErrorCode.CAMPAIGN_NOT_ARCHIVED


# --- the list --------------------------------------------------------------------------------


async def _names(page: object) -> list[str]:
    return [c.name for c in page.page.items]  # type: ignore[attr-defined]


async def test_the_list_sorts_by_name_ignoring_case_and_accents_and_pages() -> None:
    school, admin, teacher = await _school()
    for name in ("classe de 5°B", "Besançon 1", "Élodie", "Classe de 3ème", "zèbre"):
        await _create(school, teacher, name=name)
    services, viewer = make_services(), viewer_of(admin)

    first = await list_campaigns(school.id, viewer=viewer, services=services, first=3)
    rest = await list_campaigns(
        school.id, viewer=viewer, services=services, first=3, after=first.page.keys[-1]
    )

    assert await _names(first) == ["Besançon 1", "Classe de 3ème", "classe de 5°B"]
    assert await _names(rest) == ["Élodie", "zèbre"]
    assert first.page.has_next_page and not rest.page.has_next_page
    assert await first.page.total_count() == 5


async def test_the_list_filters_and_sorts_by_date() -> None:
    school, admin, teacher = await _school()
    clock_services = make_services()
    names = ["Classe de 3ème", "Classe de 5°B", "Besançon 1"]
    created = []
    for name in names:
        created.append(await _create(school, teacher, name=name))
    mine = await _create(school, admin, name="Ma campagne")
    await archive_campaign(created[1].id, viewer=viewer_of(admin), services=clock_services)
    viewer = viewer_of(admin)

    async def names_of(**kw: object) -> list[str]:
        page = await list_campaigns(school.id, viewer=viewer, services=clock_services, **kw)  # type: ignore[arg-type]
        return await _names(page)

    assert await names_of(name="CLASSE") == ["Classe de 3ème"]
    assert await names_of(name="classe", archived=True) == ["Classe de 5°B"]
    assert await names_of(name="classe", archived=None) == ["Classe de 3ème", "Classe de 5°B"]
    assert await names_of(mine=True) == [mine.name]
    newest = await names_of(order=CampaignOrder.NEWEST, archived=None)
    assert newest == ["Ma campagne", "Besançon 1", "Classe de 5°B", "Classe de 3ème"]


async def test_counts_come_from_one_grouped_query_per_page() -> None:
    school, admin, teacher = await _school()
    first = await _create(school, teacher, name="A")
    second = await _create(school, teacher, name="B")
    await _create(school, teacher, name="C")
    statuses = [
        ParticipationStatus.SHARED,
        ParticipationStatus.STARTED,
        ParticipationStatus.TO_SHARE,
    ]
    for status in statuses:
        await Participation.create(campaign=first, user=await make_user(), status=status)
    await Participation.create(
        campaign=second, user=await make_user(), status=ParticipationStatus.SHARED
    )

    connection = connections.get("default")
    executed: list[str] = []
    original = connection.execute_query

    async def counting(query: str, values: object = None) -> object:
        executed.append(query)
        return await original(query, values)

    connection.execute_query = counting  # type: ignore[method-assign]
    try:
        page = await list_campaigns(school.id, viewer=viewer_of(admin), services=make_services())
    finally:
        connection.execute_query = original  # type: ignore[method-assign]

    counts = [
        (c.name, page.counts_of(c).participants, page.counts_of(c).shared) for c in page.page.items
    ]
    assert counts == [("A", 3, 1), ("B", 1, 1), ("C", 0, 0)]
    # The membership guard, the page (owner joined), the grouped counts: never one per row.
    assert len(executed) == 3, executed
