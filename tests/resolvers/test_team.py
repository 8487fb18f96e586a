"""The team: list (keyset pages), add by e-mail, change a role, remove, leave; the last ADMIN."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from accounts_world import (
    accept_terms,
    add_to,
    count_statements,
    make_organization,
    make_services,
    make_user,
    row_counts,
    token_viewer,
    viewer_of,
)

from models import ApiToken, Membership, Organization, Role
from resolvers import team
from resolvers.context import Viewer
from resolvers.errors import DomainError, ErrorCode
from resolvers.pagination import MAX_PAGE_SIZE

pytestmark = pytest.mark.usefixtures("db")


async def refused(code: ErrorCode, coroutine: object) -> DomainError:
    with pytest.raises(DomainError) as caught:
        await coroutine  # type: ignore[misc]
    assert caught.value.code == code
    return caught.value


def member_viewer(membership: Membership) -> Viewer:
    return Viewer(user_id=membership.user_id)  # type: ignore[attr-defined]


async def school_with_team() -> tuple[Organization, Viewer, list[Membership]]:
    """« Collège Pix »: its admin (Admin Collège Pix) and four members, plus a removed one."""
    organization, admin = await make_organization("Collège Pix")
    members = [
        await add_to(organization, await make_user(first, last))
        for first, last in [
            ("Zoé", "Martin"),
            ("Léa", "Durand"),
            ("Hugo", "Martin"),
            ("Ali", "Bernard"),
        ]
    ]
    await add_to(organization, await make_user("Ex", "Membre"), disabled=True)
    return organization, viewer_of(admin), members


# --- list --------------------------------------------------------------------------------


async def test_members_are_listed_by_last_then_first_name_without_removed_ones() -> None:
    organization, admin, _ = await school_with_team()

    page, access = await team.list_members(admin, organization.id, make_services(), first=20)

    names = [(m.user.last_name, m.user.first_name) for m in page.items]
    assert names == [
        ("Bernard", "Ali"),
        ("Collège Pix", "Admin"),
        ("Durand", "Léa"),
        ("Martin", "Hugo"),
        ("Martin", "Zoé"),
    ]
    assert await page.total_count() == 5
    assert not page.has_next_page
    assert access.role == Role.ADMIN


async def test_pages_follow_each_other_without_gap_or_repeat_and_cost_the_same() -> None:
    organization, admin, _ = await school_with_team()
    services = make_services()
    everyone, _ = await team.list_members(admin, organization.id, services, first=20)

    seen, after, queries = [], None, []
    while True:
        with count_statements() as statements:
            page, _ = await team.list_members(
                admin, organization.id, services, first=2, after=after
            )
        queries.append(len(statements))
        seen += [m.id for m in page.items]
        if not page.has_next_page:
            break
        assert page.has_previous_page is (after is not None)
        after = page.keys[-1]

    assert seen == [m.id for m in everyone.items]
    # The guard and the page: no OFFSET, no count unless asked.
    assert set(queries) == {2}


@pytest.mark.parametrize("first", [-1, MAX_PAGE_SIZE + 1])
async def test_a_page_size_outside_0_to_100_is_refused(first: int) -> None:
    organization, admin, _ = await school_with_team()

    error = await refused(
        ErrorCode.VALIDATION_FAILED,
        team.list_members(admin, organization.id, make_services(), first=first),
    )

    assert error.field == "first"


@pytest.mark.parametrize(
    "after",
    [["Martin"], ["Martin", "Hugo", "not-a-uuid"], ["Martin", 3, str(uuid.uuid4())], "Martin", {}],
)
async def test_a_cursor_that_does_not_fit_the_list_is_refused(after: object) -> None:
    organization, admin, _ = await school_with_team()

    error = await refused(
        ErrorCode.VALIDATION_FAILED,
        team.list_members(admin, organization.id, make_services(), first=2, after=after),  # type: ignore[arg-type]
    )

    assert error.field == "after"


async def test_an_api_token_of_the_organization_reads_the_team_and_a_stranger_does_not() -> None:
    organization, _, _ = await school_with_team()
    token = await ApiToken.create(
        organization=organization, name="ENT", token_hash="h", prefix="ot_x"
    )
    stranger = await make_user()
    await accept_terms(stranger)
    services = make_services()

    page, access = await team.list_members(token_viewer(token), organization.id, services, first=20)
    assert len(page.items) == 5
    assert access.via_api_token

    await refused(
        ErrorCode.ORGANIZATION_NOT_FOUND,
        team.list_members(viewer_of(stranger), organization.id, services, first=20),
    )


async def test_a_member_who_did_not_accept_the_terms_cannot_read_the_team() -> None:
    organization, _, _ = await school_with_team()
    newcomer = await add_to(organization, terms=False)

    await refused(
        ErrorCode.TERMS_NOT_ACCEPTED,
        team.list_members(member_viewer(newcomer), organization.id, make_services(), first=20),
    )


# --- add ---------------------------------------------------------------------------------


async def test_an_admin_adds_an_existing_account_by_email_with_a_role() -> None:
    organization, admin, _ = await school_with_team()
    colleague = await make_user("Paul", "Prof", email="paul.prof@example.org")

    membership = await team.add_member(
        admin,
        organization.id,
        email=" Paul.Prof@Example.org ",
        role="ADMIN",
        services=make_services(),
    )

    assert membership.user_id == colleague.id  # type: ignore[attr-defined]
    assert membership.role == Role.ADMIN
    assert membership.updated_by_id == admin.user_id  # type: ignore[attr-defined]


async def test_a_removed_member_added_again_comes_back_with_the_new_role() -> None:
    organization, admin, _ = await school_with_team()
    former = await Membership.get(
        organization=organization, disabled_at__isnull=False
    ).select_related("user")

    membership = await team.add_member(
        admin, organization.id, email=former.user.email, role="MEMBER", services=make_services()
    )

    assert membership.id == former.id
    assert membership.disabled_at is None
    assert await Membership.filter(organization=organization, user_id=former.user.id).count() == 1


@pytest.mark.parametrize(
    ("email", "role", "code", "field"),
    [
        ("nobody@example.org", "MEMBER", ErrorCode.USER_NOT_FOUND, "email"),
        (None, "MEMBER", ErrorCode.VALIDATION_FAILED, "email"),
        ("", "MEMBER", ErrorCode.VALIDATION_FAILED, "email"),
        ("not-an-email", "MEMBER", ErrorCode.VALIDATION_FAILED, "email"),
        ("x" * 250 + "@example.org", "MEMBER", ErrorCode.VALIDATION_FAILED, "email"),
        ("paul.prof@example.org", "OWNER", ErrorCode.VALIDATION_FAILED, "role"),
        ("paul.prof@example.org", None, ErrorCode.VALIDATION_FAILED, "role"),
    ],
)
async def test_add_member_refuses_invalid_input_and_changes_nothing(
    email: str | None, role: str | None, code: ErrorCode, field: str
) -> None:
    organization, admin, _ = await school_with_team()
    await make_user(email="paul.prof@example.org")
    before = await row_counts()

    error = await refused(
        code,
        team.add_member(admin, organization.id, email=email, role=role, services=make_services()),
    )

    assert error.field == field
    assert await row_counts() == before


async def test_adding_someone_already_in_the_team_is_refused() -> None:
    organization, admin, members = await school_with_team()
    member = await Membership.get(id=members[0].id).select_related("user")
    before = await row_counts()

    await refused(
        ErrorCode.ALREADY_MEMBER,
        team.add_member(
            admin, organization.id, email=member.user.email, role="ADMIN", services=make_services()
        ),
    )

    assert await row_counts() == before
    assert (await Membership.get(id=member.id)).role == Role.MEMBER


async def test_only_an_admin_of_this_organization_adds_members() -> None:
    organization, _, members = await school_with_team()
    _other, other_admin = await make_organization("Lycée Pix")
    await make_user(email="paul.prof@example.org")
    services = make_services()
    before = await row_counts()

    await refused(
        ErrorCode.FORBIDDEN,
        team.add_member(
            member_viewer(members[0]),
            organization.id,
            email="paul.prof@example.org",
            role="MEMBER",
            services=services,
        ),
    )
    await refused(
        ErrorCode.ORGANIZATION_NOT_FOUND,
        team.add_member(
            viewer_of(other_admin),
            organization.id,
            email="paul.prof@example.org",
            role="MEMBER",
            services=services,
        ),
    )
    await refused(
        ErrorCode.ORGANIZATION_NOT_FOUND,
        team.add_member(
            viewer_of(other_admin),
            uuid.uuid4(),
            email="paul.prof@example.org",
            role="MEMBER",
            services=services,
        ),
    )
    await refused(
        ErrorCode.UNAUTHENTICATED,
        team.add_member(
            Viewer(),
            organization.id,
            email="paul.prof@example.org",
            role="MEMBER",
            services=services,
        ),
    )
    assert await row_counts() == before


async def test_an_admin_who_did_not_accept_the_terms_cannot_add_members() -> None:
    organization, admin = await make_organization(terms=False)
    await make_user(email="paul.prof@example.org")
    before = await row_counts()

    await refused(
        ErrorCode.TERMS_NOT_ACCEPTED,
        team.add_member(
            viewer_of(admin),
            organization.id,
            email="paul.prof@example.org",
            role="MEMBER",
            services=make_services(),
        ),
    )

    assert await row_counts() == before


# --- change a role -----------------------------------------------------------------------


async def test_an_admin_promotes_then_the_former_admin_can_be_demoted() -> None:
    organization, admin, members = await school_with_team()
    services = make_services()

    promoted = await team.change_member_role(admin, members[0].id, role="ADMIN", services=services)
    assert promoted.role == Role.ADMIN

    own = await Membership.get(organization=organization, user_id=admin.user_id)
    demoted = await team.change_member_role(admin, own.id, role="MEMBER", services=services)
    assert demoted.role == Role.MEMBER


async def test_the_last_admin_cannot_be_demoted() -> None:
    organization, admin, _ = await school_with_team()
    own = await Membership.get(organization=organization, user_id=admin.user_id)
    before = await row_counts()

    await refused(
        ErrorCode.LAST_ADMIN,
        team.change_member_role(admin, own.id, role="MEMBER", services=make_services()),
    )

    assert await row_counts() == before


async def test_setting_the_same_role_changes_nothing() -> None:
    _organization, admin, members = await school_with_team()

    same = await team.change_member_role(
        admin, members[0].id, role="MEMBER", services=make_services()
    )

    assert same.role == Role.MEMBER


async def test_change_role_refuses_unknown_foreign_and_removed_memberships() -> None:
    organization, admin, members = await school_with_team()
    other, _ = await make_organization("Lycée Pix")
    foreign = await add_to(other)
    removed = await Membership.get(organization=organization, disabled_at__isnull=False)
    services = make_services()
    before = await row_counts()

    for membership_id in (uuid.uuid4(), foreign.id, removed.id):
        await refused(
            ErrorCode.MEMBERSHIP_NOT_FOUND,
            team.change_member_role(admin, membership_id, role="ADMIN", services=services),
        )
    await refused(
        ErrorCode.VALIDATION_FAILED,
        team.change_member_role(admin, members[0].id, role="BOSS", services=services),
    )
    await refused(
        ErrorCode.FORBIDDEN,
        team.change_member_role(
            member_viewer(members[0]), members[1].id, role="ADMIN", services=services
        ),
    )
    await refused(
        ErrorCode.UNAUTHENTICATED,
        team.change_member_role(Viewer(), uuid.uuid4(), role="ADMIN", services=services),
    )
    assert await row_counts() == before


async def test_two_admins_demoting_each_other_at_once_leave_one_admin() -> None:
    organization, admin = await make_organization()
    second = await add_to(organization, role=Role.ADMIN)
    own = await Membership.get(organization=organization, user_id=admin.id)
    services = make_services()

    outcomes = await asyncio.gather(
        team.change_member_role(viewer_of(admin), second.id, role="MEMBER", services=services),
        team.change_member_role(member_viewer(second), own.id, role="MEMBER", services=services),
        return_exceptions=True,
    )

    failures = [o for o in outcomes if isinstance(o, DomainError)]
    assert len(failures) <= 1
    assert all(f.code in {ErrorCode.LAST_ADMIN, ErrorCode.FORBIDDEN} for f in failures)
    assert (
        await Membership.filter(
            organization=organization, role=Role.ADMIN, disabled_at=None
        ).count()
        == 1
    )


# --- remove, leave -----------------------------------------------------------------------


async def test_an_admin_removes_a_member_softly_and_the_member_loses_access() -> None:
    organization, admin, members = await school_with_team()
    services = make_services()

    removed = await team.remove_member(admin, members[0].id, services=services)

    assert removed.disabled_at is not None
    assert await Membership.filter(id=members[0].id).exists()
    await refused(
        ErrorCode.ORGANIZATION_NOT_FOUND,
        team.list_members(member_viewer(members[0]), organization.id, services, first=20),
    )
    await refused(
        ErrorCode.MEMBERSHIP_NOT_FOUND, team.remove_member(admin, members[0].id, services=services)
    )


async def test_the_last_admin_cannot_be_removed_nor_leave() -> None:
    organization, admin, _ = await school_with_team()
    own = await Membership.get(organization=organization, user_id=admin.user_id)
    services = make_services()
    before = await row_counts()

    await refused(ErrorCode.LAST_ADMIN, team.remove_member(admin, own.id, services=services))
    await refused(
        ErrorCode.LAST_ADMIN, team.leave_organization(admin, organization.id, services=services)
    )

    assert await row_counts() == before


async def test_remove_refuses_a_member_and_a_foreign_admin() -> None:
    _organization, _, members = await school_with_team()
    _, other_admin = await make_organization("Lycée Pix")
    services = make_services()
    before = await row_counts()

    await refused(
        ErrorCode.FORBIDDEN,
        team.remove_member(member_viewer(members[0]), members[1].id, services=services),
    )
    await refused(
        ErrorCode.MEMBERSHIP_NOT_FOUND,
        team.remove_member(viewer_of(other_admin), members[1].id, services=services),
    )
    await refused(
        ErrorCode.MEMBERSHIP_NOT_FOUND,
        team.remove_member(viewer_of(other_admin), uuid.uuid4(), services=services),
    )

    assert await row_counts() == before


async def test_a_member_leaves_and_an_admin_may_leave_once_another_admin_exists() -> None:
    organization, admin, members = await school_with_team()
    services = make_services()

    left = await team.leave_organization(
        member_viewer(members[0]), organization.id, services=services
    )
    assert left.disabled_at is not None

    await team.change_member_role(admin, members[1].id, role="ADMIN", services=services)
    await team.leave_organization(admin, organization.id, services=services)
    assert (
        await Membership.filter(
            organization=organization, role=Role.ADMIN, disabled_at=None
        ).count()
        == 1
    )


async def test_leaving_an_organization_one_does_not_belong_to_is_refused() -> None:
    organization, _, _ = await school_with_team()
    stranger = await make_user()
    await accept_terms(stranger)
    before = await row_counts()

    await refused(
        ErrorCode.ORGANIZATION_NOT_FOUND,
        team.leave_organization(viewer_of(stranger), organization.id, services=make_services()),
    )
    await refused(
        ErrorCode.ORGANIZATION_NOT_FOUND,
        team.leave_organization(viewer_of(stranger), uuid.uuid4(), services=make_services()),
    )

    assert await row_counts() == before


# --- visibility for node(id:) ------------------------------------------------------------


async def test_visible_users_and_memberships_stop_at_the_organizations_one_reads() -> None:
    _organization, admin, members = await school_with_team()
    other, other_admin = await make_organization("Lycée Pix")
    services = make_services()
    colleague_id = members[0].user_id  # type: ignore[attr-defined]

    users = await team.visible_users(admin, [colleague_id, other_admin.id, admin.user_id], services)
    assert set(users) == {colleague_id, admin.user_id}
    memberships = await team.visible_memberships(
        admin, [members[0].id, (await Membership.get(organization=other)).id], services
    )
    assert list(memberships) == [members[0].id]
