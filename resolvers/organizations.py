"""Organizations: created by a logged-in user or by an operator for a referent; reading one."""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta

from tortoise.transactions import in_transaction

from models import Membership, Organization, OrganizationType, Role, User
from resolvers.access import ReadAccess, require_reader, require_user, terms_accepted_subquery
from resolvers.accounts import issue_reset_token, normalize_email, reset_link, unusable_password
from resolvers.context import Services, Viewer
from resolvers.errors import DomainError, ErrorCode, clean_text, invalid

logger = logging.getLogger("orga.organizations")

NAME_MAX_LENGTH = 255
EXTERNAL_ID_MAX_LENGTH = 255
# A referent may open the welcome mail days later: longer than a "forgot my password" link.
ONBOARDING_LINK_TTL = timedelta(days=7)


def _clean_organization(
    name: str | None, type: str | OrganizationType | None, external_id: str | None
) -> tuple[str, OrganizationType, str | None]:
    clean_name = clean_text(
        name, field="name", label="Le nom de l'organisation", max_length=NAME_MAX_LENGTH
    )
    try:
        clean_type = OrganizationType(type)
    except ValueError as error:
        raise invalid("type", "Le type d'organisation doit être SCO, SUP ou PRO.") from error
    clean_external_id = clean_text(
        external_id,
        field="externalId",
        label="L'identifiant externe",
        max_length=EXTERNAL_ID_MAX_LENGTH,
        required=False,
    )
    assert clean_name is not None
    return clean_name, clean_type, clean_external_id


async def create_organization(
    viewer: Viewer,
    *,
    name: str | None,
    type: str | OrganizationType | None,
    external_id: str | None,
    services: Services,
) -> Organization:
    """Create an organization whose first ADMIN is the logged-in viewer.

    Creating one does not need the Orga terms: they are asked for before its first use.
    """
    user_id = require_user(viewer)
    clean_name, clean_type, clean_external_id = _clean_organization(name, type, external_id)
    async with in_transaction():
        organization = await Organization.create(
            name=clean_name, type=clean_type, external_id=clean_external_id
        )
        await Membership.create(organization=organization, user_id=user_id, role=Role.ADMIN)
    logger.info("Organisation %s créée par l'utilisateur %s", organization.id, user_id)
    return organization


async def create_organization_for_referent(
    name: str | None,
    type: str | OrganizationType | None,
    external_id: str | None,
    admin_email: str | None,
    services: Services,
    *,
    admin_first_name: str = "",
    admin_last_name: str = "",
) -> tuple[Organization, User, str | None]:
    """The operator's path (``orga create-organization``): an organization and its referent.

    If an account exists for ``admin_email`` it becomes ADMIN. Otherwise an account is created
    with an unusable password and a link to choose one is issued: mailed when a mailer is
    configured, and returned so the command can print it. Returns (organization, admin, link).
    """
    clean_name, clean_type, clean_external_id = _clean_organization(name, type, external_id)
    email = normalize_email(admin_email, field="adminEmail")
    first = clean_text(
        admin_first_name, field="adminFirstName", label="Le prénom", max_length=255, required=False
    )
    last = clean_text(
        admin_last_name, field="adminLastName", label="Le nom", max_length=255, required=False
    )
    token: str | None = None
    async with in_transaction():
        admin = await User.get_or_none(email=email)
        if admin is None:
            admin = await User.create(
                email=email,
                password_hash=unusable_password(),
                first_name=first or "",
                last_name=last or "",
                # Accepted by the referent themself when they choose their password.
                platform_terms_accepted_at=None,
            )
            token = await issue_reset_token(
                admin, services, expires_at=services.clock() + ONBOARDING_LINK_TTL
            )
        organization = await Organization.create(
            name=clean_name, type=clean_type, external_id=clean_external_id
        )
        await Membership.create(organization=organization, user=admin, role=Role.ADMIN)
    logger.info("Organisation %s créée pour le référent %s", organization.id, admin.id)
    link = reset_link(token, services) if token else None
    if link and services.mailer is not None:
        await services.mailer(
            admin.email,
            "Orga : votre espace est prêt",
            "Bonjour,\n\n"
            f"L'espace Orga de « {organization.name} » a été créé et vous en êtes "
            "l'administrateur.\n"
            "Pour choisir votre mot de passe, ouvrez ce lien (valable 7 jours, utilisable une "
            f"seule fois) :\n\n{link}\n\n"
            "Vous pourrez ensuite vous connecter avec cette adresse e-mail, accepter les "
            "conditions d'utilisation et ajouter les membres de votre équipe.\n",
        )
    return organization, admin, link


async def get_organization(
    viewer: Viewer, organization_id: uuid.UUID, services: Services
) -> tuple[Organization, ReadAccess]:
    """An organization the viewer may read (member who accepted the terms, or its API token)."""
    access = await require_reader(viewer, organization_id, services)
    if access.membership is not None:
        return access.membership.organization, access
    organization = await Organization.get_or_none(id=organization_id)
    if organization is None:
        raise DomainError(ErrorCode.ORGANIZATION_NOT_FOUND)
    return organization, access


async def visible_organizations(
    viewer: Viewer, ids: list[uuid.UUID], services: Services
) -> dict[uuid.UUID, Organization]:
    """Of ``ids``, the organizations the viewer may read, by id: one query.

    For ``node(id:)``: an organization the viewer may not read is simply absent.
    """
    if viewer.is_api_token:
        wanted = [i for i in ids if i == viewer.api_token_organization_id]
        return {o.id: o for o in await Organization.filter(id__in=wanted)} if wanted else {}
    if viewer.user_id is None or not ids:
        return {}
    memberships = await (
        Membership.filter(user_id=viewer.user_id, organization_id__in=ids, disabled_at=None)
        .select_related("organization")
        .annotate(
            accepted_terms_id=terms_accepted_subquery(viewer.user_id, services.policy.terms_version)
        )
    )
    return {
        m.organization.id: m.organization
        for m in memberships
        if m.accepted_terms_id is not None  # type: ignore[attr-defined]
    }


async def organizations_by_ids(ids: list[uuid.UUID]) -> list[Organization | None]:
    """Batch load for a DataLoader, in the order of ``ids``. No access check: callers reach
    organizations only through objects already checked."""
    found = {o.id: o for o in await Organization.filter(id__in=ids)}
    return [found.get(i) for i in ids]
