"""Target profiles: the built-in ones for everybody, custom ones per organization."""

from __future__ import annotations

import pytest
from campaign_world import (
    api_token_viewer,
    make_member,
    make_organization,
    make_services,
    viewer_of,
)

from engine.content import bundled_referential
from models import TargetProfile
from resolvers.errors import DomainError, ErrorCode
from resolvers.target_profiles import (
    create_target_profile,
    list_target_profiles,
    resolve_target_profile,
)

pytestmark = pytest.mark.usefixtures("db")


async def test_builtin_profiles_come_first_then_custom_ones_by_name() -> None:
    services = make_services()
    school = await make_organization()
    teacher = await make_member(school)
    for name in ("Zoologie numérique", "Atelier web"):
        await create_target_profile(
            school.id,
            name=name,
            tube_ids=["@rechercheWeb"],
            level=3,
            viewer=viewer_of(teacher),
            services=services,
        )

    profiles = await list_target_profiles(school.id, viewer=viewer_of(teacher), services=services)

    builtin_ids = [str(p) for p in bundled_referential().target_profiles]
    assert [p.id for p in profiles[: len(builtin_ids)]] == builtin_ids
    assert profiles[0].name.startswith("1.1 Mener une recherche")
    assert "tp-16" in builtin_ids
    assert [p.name for p in profiles[len(builtin_ids) :]] == ["Atelier web", "Zoologie numérique"]
    assert all(p.skills_count > 0 for p in profiles)


async def test_a_custom_profile_targets_the_chosen_tubes_up_to_the_level() -> None:
    services = make_services()
    school = await make_organization()
    teacher = await make_member(school)

    profile = await create_target_profile(
        school.id,
        name="  Recherche et sécurité  ",
        tube_ids=["@rechercheWeb", "@motDePasse", "@rechercheWeb"],
        level=2,
        viewer=viewer_of(teacher),
        services=services,
    )

    referential = bundled_referential()
    assert profile.name == "Recherche et sécurité"
    assert profile.tubes == (("@rechercheWeb", 2), ("@motDePasse", 2))
    assert profile.skill_ids
    assert {referential.skills[s].tube_id for s in profile.skill_ids} == {
        "@rechercheWeb",
        "@motDePasse",
    }
    assert all(referential.skills[s].difficulty <= 2 for s in profile.skill_ids)
    row = await TargetProfile.get(id=profile.id)
    assert row.organization_id == school.id  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": "   "}, "name"),
        ({"name": "x" * 256}, "name"),
        ({"tube_ids": []}, "tubeIds"),
        ({"tube_ids": ["@nExistePas"]}, "tubeIds"),
        ({"level": 0}, "level"),
        ({"level": 9}, "level"),
        # @montageVideo starts at level 2: level 1 would target nothing at all.
        ({"tube_ids": ["@montageVideo"], "level": 1}, "level"),
    ],
)
async def test_invalid_profiles_are_refused_and_nothing_is_stored(
    changes: dict[str, object], field: str
) -> None:
    services = make_services()
    school = await make_organization()
    teacher = await make_member(school)
    arguments: dict[str, object] = {"name": "Profil", "tube_ids": ["@rechercheWeb"], "level": 3}
    arguments.update(changes)

    with pytest.raises(DomainError) as raised:
        await create_target_profile(
            school.id, **arguments, viewer=viewer_of(teacher), services=services
        )

    assert raised.value.code == ErrorCode.VALIDATION_FAILED
    assert raised.value.field == field
    assert await TargetProfile.all().count() == 0


async def test_another_organizations_profile_is_not_found() -> None:
    services = make_services()
    school, other = await make_organization(), await make_organization("Lycée Voisin")
    teacher = await make_member(other)
    foreign = await create_target_profile(
        other.id, name="Le leur", tube_ids=["@rechercheWeb"], level=4,
        viewer=viewer_of(teacher), services=services,
    )  # fmt: skip

    with pytest.raises(DomainError) as raised:
        await resolve_target_profile(school.id, foreign.id)

    assert raised.value.code == ErrorCode.TARGET_PROFILE_NOT_FOUND
    assert (await resolve_target_profile(school.id, "tp-1.1")).is_builtin


async def test_api_tokens_read_profiles_but_cannot_create_them() -> None:
    services = make_services()
    school = await make_organization()
    token = api_token_viewer(school)

    assert await list_target_profiles(school.id, viewer=token, services=services)
    with pytest.raises(DomainError) as raised:
        await create_target_profile(
            school.id, name="P", tube_ids=["@rechercheWeb"], level=2, viewer=token,
            services=services,
        )  # fmt: skip
    assert raised.value.code == ErrorCode.READ_ONLY_TOKEN
