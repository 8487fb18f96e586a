"""API tokens: read-only credentials a third party (school IT, analytics) uses for one organization.

An ADMIN creates one and sees it once; only its SHA-256 and a short prefix (to recognise it in
a list) are stored. Revoking is immediate in this process and within ``CREDENTIAL_CACHE_TTL``
in the others (see docs/decisions/sessions.md).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tortoise.expressions import Subquery
from tortoise.transactions import in_transaction

from models import ApiToken, Membership, Role
from resolvers.access import (
    API_TOKEN_PREFIX,
    credential_cache,
    hash_token,
    new_token,
    require_member,
)
from resolvers.context import Services, Viewer
from resolvers.errors import DomainError, ErrorCode, clean_text
from resolvers.pagination import Page, keyset_page
from resolvers.terms import has_accepted_current_terms

logger = logging.getLogger("orga.tokens")

NAME_MAX_LENGTH = 100
# "ot_" and 5 characters: enough to tell tokens apart, far too little to guess one.
PREFIX_LENGTH = 8
READ_SCOPE = "read"


@dataclass(frozen=True)
class CreatedApiToken:
    api_token: ApiToken
    # The only time the secret exists outside the client that receives it.
    token: str


async def create_api_token(
    viewer: Viewer, organization_id: uuid.UUID, *, name: str | None, services: Services
) -> CreatedApiToken:
    """ADMIN creates a read-only token for the organization; the secret is returned once."""
    admin = await require_member(viewer, organization_id, services, role=Role.ADMIN)
    clean_name = clean_text(name, field="name", label="Le nom du jeton", max_length=NAME_MAX_LENGTH)
    token = new_token(API_TOKEN_PREFIX)
    async with in_transaction():
        api_token = await ApiToken.create(
            organization_id=organization_id,
            name=clean_name,
            token_hash=hash_token(token),
            prefix=token[:PREFIX_LENGTH],
            scope=READ_SCOPE,
            created_by_id=admin.user_id,  # type: ignore[attr-defined]
        )
    api_token.organization = admin.organization
    logger.info(
        "Jeton d'accès %s créé pour l'organisation %s par %s",
        api_token.id,
        organization_id,
        viewer.user_id,
    )
    return CreatedApiToken(api_token=api_token, token=token)


async def revoke_api_token(
    viewer: Viewer, api_token_id: uuid.UUID, *, services: Services
) -> ApiToken:
    """ADMIN revokes a token of their organization. Revoking twice changes nothing more."""
    api_token = await ApiToken.get_or_none(id=api_token_id)
    if api_token is None:
        if viewer.is_api_token:
            raise DomainError(ErrorCode.READ_ONLY_TOKEN)
        if viewer.user_id is None:
            raise DomainError(ErrorCode.UNAUTHENTICATED)
        raise DomainError(ErrorCode.API_TOKEN_NOT_FOUND)
    admin = await require_member(
        viewer,
        api_token.organization_id,  # type: ignore[attr-defined]
        services,
        role=Role.ADMIN,
        not_found=ErrorCode.API_TOKEN_NOT_FOUND,
    )
    api_token.organization = admin.organization
    if api_token.revoked_at is None:
        async with in_transaction():
            api_token.revoked_at = services.clock()
            await api_token.save(update_fields=["revoked_at"])
        logger.info("Jeton d'accès %s révoqué par %s", api_token.id, viewer.user_id)
    credential_cache.forget_where(api_token_id=api_token.id)
    return api_token


async def list_api_tokens(
    viewer: Viewer,
    organization_id: uuid.UUID,
    services: Services,
    *,
    first: int,
    after: Sequence[Any] | None = None,
) -> Page[ApiToken]:
    """The organization's tokens, revoked ones included, newest first. ADMIN only."""
    if viewer.is_api_token:
        # Reading, not writing: a token is simply not allowed to see tokens.
        raise DomainError(ErrorCode.FORBIDDEN)
    await require_member(viewer, organization_id, services, role=Role.ADMIN)
    return await keyset_page(
        ApiToken.filter(organization_id=organization_id),
        ("-created_at",),
        first=first,
        after=after,
    )


async def visible_api_tokens(
    viewer: Viewer, ids: list[uuid.UUID], services: Services
) -> dict[uuid.UUID, ApiToken]:
    """For ``node(id:)``: among ``ids``, the tokens of organizations the viewer is ADMIN of
    (terms accepted). API tokens see no tokens, not even themselves."""
    if not ids or viewer.user_id is None:
        return {}
    if not await has_accepted_current_terms(viewer.user_id, services):
        return {}
    administered = Subquery(
        Membership.filter(user_id=viewer.user_id, role=Role.ADMIN, disabled_at=None).values(
            "organization_id"
        )
    )
    tokens = await ApiToken.filter(id__in=ids, organization_id__in=administered)
    return {t.id: t for t in tokens}
