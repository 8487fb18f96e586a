"""The team of an organization: list, add by e-mail, change a role, remove, leave.

Only an ADMIN manages the team; any member reads it. Removal is soft (``disabled_at``), so the
campaigns a former member created stay with the organization. An organization always keeps
an ADMIN: the last one can be neither removed, nor demoted, nor leave.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from typing import Any

from tortoise.expressions import Q, Subquery
from tortoise.transactions import in_transaction

from models import Membership, Organization, Role, User
from resolvers.access import ReadAccess, require_member, require_reader
from resolvers.accounts import normalize_email
from resolvers.context import Services, Viewer
from resolvers.errors import DomainError, ErrorCode, invalid
from resolvers.pagination import Page, keyset_page
from resolvers.terms import has_accepted_current_terms

logger = logging.getLogger("orga.team")

# As Pix Orga's team page: by last name, then first name.
MEMBER_ORDER = ("user__last_name", "user__first_name")


def _role(value: str | Role | None) -> Role:
    try:
        return Role(value)
    except ValueError as error:
        raise invalid("role", "Le rôle doit être ADMIN ou MEMBER.") from error


async def list_members(
    viewer: Viewer,
    organization_id: uuid.UUID,
    services: Services,
    *,
    first: int,
    after: Sequence[Any] | None = None,
) -> tuple[Page[Membership], ReadAccess]:
    """Active members (user loaded), sorted by name. Members and the organization's API tokens
    may read it; the access is returned so the API can hide what a token must not see."""
    access = await require_reader(viewer, organization_id, services)
    page = await keyset_page(
        Membership.filter(organization_id=organization_id, disabled_at=None).select_related("user"),
        MEMBER_ORDER,
        first=first,
        after=after,
    )
    return page, access


async def _lock_organization(organization_id: uuid.UUID) -> None:
    # Team changes of one organization run one after the other (PostgreSQL row lock; SQLite
    # serializes writers anyway), so two admins demoting each other cannot both succeed and
    # leave the organization without an ADMIN.
    await Organization.filter(id=organization_id).select_for_update().first()


async def _other_admins_exist(organization_id: uuid.UUID, membership_id: uuid.UUID) -> bool:
    return await (
        Membership.filter(organization_id=organization_id, role=Role.ADMIN, disabled_at=None)
        .exclude(id=membership_id)
        .exists()
    )


async def add_member(
    viewer: Viewer,
    organization_id: uuid.UUID,
    *,
    email: str | None,
    role: str | Role | None,
    services: Services,
) -> Membership:
    """ADMIN adds the owner of an existing account, found by e-mail, with a role.

    Unknown e-mail: USER_NOT_FOUND. Already an active member: ALREADY_MEMBER. A former member
    (removed earlier) is let back in with the new role.
    """
    admin = await require_member(viewer, organization_id, services, role=Role.ADMIN)
    address = normalize_email(email)
    new_role = _role(role)
    user = await User.get_or_none(email=address)
    if user is None:
        raise DomainError(ErrorCode.USER_NOT_FOUND, field="email")
    async with in_transaction():
        await _lock_organization(organization_id)
        membership = await Membership.get_or_none(organization_id=organization_id, user_id=user.id)
        if membership is not None and membership.disabled_at is None:
            raise DomainError(ErrorCode.ALREADY_MEMBER, field="email")
        if membership is None:
            membership = await Membership.create(
                organization_id=organization_id,
                user=user,
                role=new_role,
                updated_by_id=admin.user_id,  # type: ignore[attr-defined]
            )
        else:
            membership.disabled_at = None
            membership.role = new_role
            membership.updated_by_id = admin.user_id  # type: ignore[attr-defined]
            await membership.save(
                update_fields=["disabled_at", "role", "updated_by_id", "updated_at"]
            )
    membership.user = user
    membership.organization = admin.organization
    logger.info(
        "Membre %s ajouté à l'organisation %s (%s) par %s",
        user.id,
        organization_id,
        new_role,
        viewer.user_id,
    )
    return membership


async def _managed_membership(
    viewer: Viewer, membership_id: uuid.UUID, services: Services
) -> tuple[Membership, Membership]:
    """(the target membership, the acting ADMIN's). Another organization's membership, a removed
    one or an unknown id: MEMBERSHIP_NOT_FOUND."""
    target = (
        await Membership.filter(id=membership_id, disabled_at=None).select_related("user").first()
    )
    if target is None:
        # Still check the viewer first: an anonymous caller is told to log in, not "not found".
        if viewer.is_api_token:
            raise DomainError(ErrorCode.READ_ONLY_TOKEN)
        if viewer.user_id is None:
            raise DomainError(ErrorCode.UNAUTHENTICATED)
        raise DomainError(ErrorCode.MEMBERSHIP_NOT_FOUND)
    admin = await require_member(
        viewer,
        target.organization_id,  # type: ignore[attr-defined]
        services,
        role=Role.ADMIN,
        not_found=ErrorCode.MEMBERSHIP_NOT_FOUND,
    )
    target.organization = admin.organization
    return target, admin


async def change_member_role(
    viewer: Viewer, membership_id: uuid.UUID, *, role: str | Role | None, services: Services
) -> Membership:
    """ADMIN sets a member's role. Demoting the last ADMIN: LAST_ADMIN."""
    new_role = _role(role)
    target, admin = await _managed_membership(viewer, membership_id, services)
    if target.role == new_role:
        return target
    async with in_transaction():
        await _lock_organization(target.organization.id)
        await target.refresh_from_db(fields=["role", "disabled_at"])
        if target.disabled_at is not None:
            raise DomainError(ErrorCode.MEMBERSHIP_NOT_FOUND)
        if target.role == Role.ADMIN and not await _other_admins_exist(
            target.organization.id, target.id
        ):
            raise DomainError(ErrorCode.LAST_ADMIN)
        target.role = new_role
        target.updated_by_id = admin.user_id  # type: ignore[attr-defined]
        await target.save(update_fields=["role", "updated_by_id", "updated_at"])
    logger.info("Membre %s : rôle %s, par %s", target.id, new_role, viewer.user_id)
    return target


async def _disable(target: Membership, by_user_id: uuid.UUID, services: Services) -> Membership:
    async with in_transaction():
        await _lock_organization(target.organization.id)
        await target.refresh_from_db(fields=["role", "disabled_at"])
        if target.disabled_at is not None:
            raise DomainError(ErrorCode.MEMBERSHIP_NOT_FOUND)
        if target.role == Role.ADMIN and not await _other_admins_exist(
            target.organization.id, target.id
        ):
            raise DomainError(ErrorCode.LAST_ADMIN)
        target.disabled_at = services.clock()
        target.updated_by_id = by_user_id  # type: ignore[attr-defined]
        await target.save(update_fields=["disabled_at", "updated_by_id", "updated_at"])
    return target


async def remove_member(
    viewer: Viewer, membership_id: uuid.UUID, *, services: Services
) -> Membership:
    """ADMIN removes a member (soft). Removing the last ADMIN: LAST_ADMIN."""
    target, admin = await _managed_membership(viewer, membership_id, services)
    await _disable(target, admin.user_id, services)  # type: ignore[attr-defined]
    logger.info("Membre %s retiré par %s", target.id, viewer.user_id)
    return target


async def leave_organization(
    viewer: Viewer, organization_id: uuid.UUID, *, services: Services
) -> Membership:
    """The viewer leaves the organization. The last ADMIN must first name another one."""
    membership = await require_member(viewer, organization_id, services)
    await _disable(membership, viewer.user_id, services)  # type: ignore[arg-type]
    logger.info("L'utilisateur %s a quitté l'organisation %s", viewer.user_id, organization_id)
    return membership


def _readable_organizations(viewer: Viewer) -> Subquery:
    return Subquery(
        Membership.filter(user_id=viewer.user_id, disabled_at=None).values("organization_id")
    )


async def visible_memberships(
    viewer: Viewer, ids: list[uuid.UUID], services: Services
) -> dict[uuid.UUID, Membership]:
    """For ``node(id:)``: the active memberships, among ``ids``, of organizations the viewer
    may read (user and organization loaded); the others are simply absent."""
    if not ids:
        return {}
    query = Membership.filter(id__in=ids, disabled_at=None).select_related("user", "organization")
    if viewer.is_api_token:
        query = query.filter(organization_id=viewer.api_token_organization_id)
    elif viewer.user_id is not None and await has_accepted_current_terms(viewer.user_id, services):
        query = query.filter(organization_id__in=_readable_organizations(viewer))
    else:
        return {}
    return {m.id: m for m in await query}


async def visible_users(
    viewer: Viewer, ids: list[uuid.UUID], services: Services
) -> dict[uuid.UUID, User]:
    """For ``node(id:)``: among ``ids``, the viewer themself and the active members of the
    organizations the viewer may read."""
    if not ids:
        return {}
    if viewer.is_api_token:
        query = User.filter(
            id__in=ids,
            memberships__organization_id=viewer.api_token_organization_id,
            memberships__disabled_at=None,
        )
    elif viewer.user_id is None:
        return {}
    elif await has_accepted_current_terms(viewer.user_id, services):
        query = User.filter(id__in=ids).filter(
            Q(id=viewer.user_id)
            | Q(
                memberships__organization_id__in=_readable_organizations(viewer),
                memberships__disabled_at=None,
            )
        )
    else:
        query = User.filter(id__in=[i for i in ids if i == viewer.user_id])
    return {u.id: u for u in await query.distinct()}
