"""Campaigns: create, edit, archive, list and read (pix-domain §2, §10.1).

Use cases (plain parameters, the acting ``viewer`` and ``services``):

- ``create_campaign(organization_id, *, name, target_profile_id, title=None, landing_text=None,
  external_id_label=None, viewer, services) -> Campaign``: any active member; the code is
  drawn here and the target profile's skills are frozen on the campaign.
- ``update_campaign(campaign_id, *, name=UNCHANGED, title=UNCHANGED, landing_text=UNCHANGED,
  owner_id=UNCHANGED, viewer, services) -> Campaign``: an ADMIN or the owner.
- ``archive_campaign(campaign_id, *, viewer, services) -> Campaign`` and
  ``unarchive_campaign(...)``: an ADMIN or the owner.
- ``get_campaign(campaign_id, *, viewer, services) -> Campaign``: any member, or an API token
  of the organization; ``readable_campaigns(viewer, ids, services)`` for several.
- ``list_campaigns(organization_id, *, viewer, services, first, after, order, name,
  archived, mine) -> CampaignPage``: a keyset page with each campaign's counts.
- ``campaign_counts(campaign_ids) -> dict[UUID, CampaignCounts]``: participants and results
  received, in one grouped query.

Every campaign-scoped use case answers ``CAMPAIGN_NOT_FOUND`` for an id of another
organization, exactly as for an unknown id. ``readable_campaign(campaign_id, viewer, services)``
is that read guard, for other modules' campaign-scoped reads.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from tortoise.exceptions import IntegrityError
from tortoise.functions import Count
from tortoise.transactions import in_transaction

from engine.content import bundled_referential
from models import (
    AssessmentMethod,
    Campaign,
    Membership,
    Participation,
    ParticipationStatus,
    Role,
)
from models.campaigns import name_sort_key
from resolvers import live
from resolvers.access import require_member, require_reader
from resolvers.codes import generate_code
from resolvers.context import Policy, Services, Viewer
from resolvers.errors import DomainError, ErrorCode, invalid
from resolvers.pagination import DEFAULT_PAGE_SIZE, Page, keyset_page
from resolvers.target_profiles import resolve_target_profile

NAME_MAX_LENGTH = 255
TITLE_MAX_LENGTH = 50
LANDING_TEXT_MAX_LENGTH = 5000
EXTERNAL_ID_LABEL_MIN_LENGTH = 3
EXTERNAL_ID_LABEL_MAX_LENGTH = 255
#: Draws of a fresh code before giving up. 24⁶ × 9³ ≈ 1.4 × 10¹¹ codes: a second draw is
#: already rare; ten collisions in a row mean something else is wrong.
CODE_ATTEMPTS = 10


class _Unchanged:
    def __repr__(self) -> str:
        return "UNCHANGED"


#: Default of ``update_campaign``'s fields: keep the current value.
UNCHANGED: Final = _Unchanged()


class CampaignOrder(StrEnum):
    NAME = "NAME"  # alphabetical, as in the seed's list
    NEWEST = "NEWEST"  # creation date, newest first


@dataclass(frozen=True)
class CampaignCounts:
    participants: int = 0
    shared: int = 0  # « Résultats reçus »


@dataclass(frozen=True)
class CampaignPage:
    """A page of campaigns and, for each of them, its counts."""

    page: Page[Campaign]
    counts: dict[uuid.UUID, CampaignCounts]

    def counts_of(self, campaign: Campaign) -> CampaignCounts:
        return self.counts.get(campaign.id, CampaignCounts())


def direct_link(campaign: Campaign, policy: Policy) -> str:
    """The link a teacher hands out: ``{public url}/campagnes/{CODE}``."""
    return f"{policy.public_url.rstrip('/')}/campagnes/{campaign.code}"


# --- validation ------------------------------------------------------------------------------


def _name(value: str | None) -> str:
    name = (value or "").strip()
    if not name:
        raise invalid("name", "Veuillez donner un nom à votre campagne.")
    if len(name) > NAME_MAX_LENGTH:
        raise invalid("name", f"Le nom ne doit pas dépasser {NAME_MAX_LENGTH} caractères.")
    return name


def _optional_text(value: str | None, field: str, limit: int, what: str) -> str | None:
    # An empty text means "none" (pix-domain §2.2): stored as null, never as "".
    text = (value or "").strip()
    if not text:
        return None
    if len(text) > limit:
        raise invalid(field, f"{what} ne doit pas dépasser {limit} caractères.")
    return text


def _title(value: str | None) -> str | None:
    return _optional_text(value, "title", TITLE_MAX_LENGTH, "Le titre du parcours")


def _landing_text(value: str | None) -> str | None:
    return _optional_text(
        value, "landingText", LANDING_TEXT_MAX_LENGTH, "Le texte de la page d'accueil"
    )


def _external_id_label(value: str | None) -> str | None:
    label = _optional_text(
        value, "externalIdLabel", EXTERNAL_ID_LABEL_MAX_LENGTH, "Le libellé de l'identifiant"
    )
    if label is not None and len(label) < EXTERNAL_ID_LABEL_MIN_LENGTH:
        raise invalid(
            "externalIdLabel",
            f"Le libellé de l'identifiant doit contenir au moins "
            f"{EXTERNAL_ID_LABEL_MIN_LENGTH} caractères.",
        )
    return label


# --- loading and guards ----------------------------------------------------------------------


def _not_found() -> DomainError:
    return DomainError(ErrorCode.CAMPAIGN_NOT_FOUND)


async def _load(campaign_id: uuid.UUID | str) -> Campaign:
    try:
        parsed = campaign_id if isinstance(campaign_id, uuid.UUID) else uuid.UUID(str(campaign_id))
    except ValueError as error:
        raise _not_found() from error
    campaign = await Campaign.get_or_none(id=parsed).select_related(
        "organization", "owner", "target_profile"
    )
    if campaign is None:
        raise _not_found()
    return campaign


async def readable_campaign(
    campaign_id: uuid.UUID | str, viewer: Viewer, services: Services
) -> Campaign:
    """The campaign if the viewer may read it (a member, or an API token of its
    organization), else ``CAMPAIGN_NOT_FOUND``, exactly as for an unknown id."""
    campaign = await _load(campaign_id)
    await require_reader(
        viewer,
        campaign.organization_id,  # type: ignore[attr-defined]
        services,
        not_found=ErrorCode.CAMPAIGN_NOT_FOUND,
    )
    return campaign


async def _managed_campaign(
    campaign_id: uuid.UUID | str, viewer: Viewer, services: Services
) -> Campaign:
    """The campaign if the viewer may change it: an ADMIN of its organization or its owner
    (« Le propriétaire de la campagne ainsi que les administrateurs … »)."""
    campaign = await _load(campaign_id)
    membership = await require_member(
        viewer,
        campaign.organization_id,  # type: ignore[attr-defined]
        services,
        not_found=ErrorCode.CAMPAIGN_NOT_FOUND,
    )
    if membership.role != Role.ADMIN and campaign.owner_id != viewer.user_id:  # type: ignore[attr-defined]
        raise DomainError(
            ErrorCode.FORBIDDEN,
            "Seuls le propriétaire de la campagne et les administrateurs de l'organisation "
            "peuvent la modifier ou l'archiver.",
        )
    return campaign


# --- use cases -------------------------------------------------------------------------------


async def create_campaign(
    organization_id: uuid.UUID,
    *,
    name: str,
    target_profile_id: str,
    title: str | None = None,
    landing_text: str | None = None,
    external_id_label: str | None = None,
    method: AssessmentMethod = AssessmentMethod.SMART_RANDOM,
    viewer: Viewer,
    services: Services,
) -> Campaign:
    """A new ASSESSMENT campaign owned by its creator, with a fresh code and frozen skills."""
    membership = await require_member(viewer, organization_id, services)
    name = _name(name)
    title = _title(title)
    landing_text = _landing_text(landing_text)
    external_id_label = _external_id_label(external_id_label)
    profile = await resolve_target_profile(organization_id, target_profile_id)
    release = bundled_referential().release

    async with in_transaction():
        for _ in range(CODE_ATTEMPTS):
            try:
                # A savepoint per attempt: on PostgreSQL a failed INSERT would otherwise abort
                # the whole transaction. The unique index decides, not a prior SELECT, so two
                # concurrent creations can never share a code.
                async with in_transaction():
                    campaign = await Campaign.create(
                        organization_id=organization_id,
                        name=name,
                        code=generate_code(),
                        title=title,
                        landing_text=landing_text,
                        external_id_label=external_id_label,
                        method=method,
                        target_profile_id=None if profile.is_builtin else uuid.UUID(profile.id),
                        builtin_target_profile_id=profile.id if profile.is_builtin else None,
                        target_profile_name=profile.name,
                        skill_ids=list(profile.skill_ids),
                        content_release=release,
                        owner_id=membership.user_id,  # type: ignore[attr-defined]
                        creator_id=membership.user_id,  # type: ignore[attr-defined]
                    )
                break
            except IntegrityError:
                continue
        else:
            raise DomainError(ErrorCode.INTERNAL_ERROR)
    return await _load(campaign.id)


async def update_campaign(
    campaign_id: uuid.UUID | str,
    *,
    name: str | _Unchanged = UNCHANGED,
    title: str | _Unchanged | None = UNCHANGED,
    landing_text: str | _Unchanged | None = UNCHANGED,
    owner_id: uuid.UUID | str | _Unchanged = UNCHANGED,
    viewer: Viewer,
    services: Services,
) -> Campaign:
    """Change what Orga lets change after creation: name, title, landing text, owner.

    An empty title or landing text removes it. The new owner must be an active member of the
    campaign's organization.
    """
    campaign = await _managed_campaign(campaign_id, viewer, services)
    changes: dict[str, object] = {}
    if not isinstance(name, _Unchanged):
        changes["name"] = _name(name)
        changes["sort_name"] = name_sort_key(changes["name"])  # type: ignore[arg-type]
    if not isinstance(title, _Unchanged):
        changes["title"] = _title(title)
    if not isinstance(landing_text, _Unchanged):
        changes["landing_text"] = _landing_text(landing_text)
    if not isinstance(owner_id, _Unchanged):
        changes["owner_id"] = await _active_member_id(campaign.organization_id, owner_id)  # type: ignore[attr-defined]
    if changes:
        await Campaign.filter(id=campaign.id).update(**changes)
    return await _load(campaign.id)


async def _active_member_id(organization_id: uuid.UUID, user_id: uuid.UUID | str) -> uuid.UUID:
    try:
        parsed = user_id if isinstance(user_id, uuid.UUID) else uuid.UUID(str(user_id))
    except ValueError:
        parsed = None
    if parsed is None or not await Membership.exists(
        organization_id=organization_id, user_id=parsed, disabled_at=None
    ):
        raise invalid("ownerId", "Le propriétaire doit être un membre de l'organisation.")
    return parsed


async def archive_campaign(
    campaign_id: uuid.UUID | str, *, viewer: Viewer, services: Services
) -> Campaign:
    """Archive: nobody can join it or send results any more; it moves to « Archivées »."""
    campaign = await _managed_campaign(campaign_id, viewer, services)
    # The state is re-checked by the UPDATE itself, so two concurrent archivings cannot both
    # succeed (the second finds no live row and reports CAMPAIGN_ARCHIVED).
    updated = await Campaign.filter(id=campaign.id, archived_at=None).update(
        archived_at=services.clock(), archived_by_id=viewer.user_id
    )
    if not updated:
        raise DomainError(ErrorCode.CAMPAIGN_ARCHIVED, "Cette campagne est déjà archivée.")
    await live.publish_campaign_change(services, campaign.id, live.ARCHIVED)
    return await _load(campaign.id)


async def unarchive_campaign(
    campaign_id: uuid.UUID | str, *, viewer: Viewer, services: Services
) -> Campaign:
    campaign = await _managed_campaign(campaign_id, viewer, services)
    updated = await Campaign.filter(id=campaign.id, archived_at__not_isnull=True).update(
        archived_at=None, archived_by_id=None
    )
    if not updated:
        raise DomainError(ErrorCode.CAMPAIGN_NOT_ARCHIVED)
    await live.publish_campaign_change(services, campaign.id, live.UNARCHIVED)
    return await _load(campaign.id)


async def get_campaign(
    campaign_id: uuid.UUID | str, *, viewer: Viewer, services: Services
) -> Campaign:
    return await readable_campaign(campaign_id, viewer, services)


async def readable_campaigns(
    viewer: Viewer, campaign_ids: Sequence[uuid.UUID], services: Services
) -> dict[uuid.UUID, Campaign]:
    """Those of the campaigns the viewer may read (for ``node(id:)``): one query for the
    campaigns, one guard per organization they belong to (usually one)."""
    if not campaign_ids:
        return {}
    campaigns = await Campaign.filter(id__in=list(campaign_ids)).select_related(
        "organization", "owner", "target_profile"
    )
    readable: set[uuid.UUID] = set()
    for organization_id in {c.organization_id for c in campaigns}:  # type: ignore[attr-defined]
        try:
            await require_reader(viewer, organization_id, services)
        except DomainError:
            continue
        readable.add(organization_id)
    return {c.id: c for c in campaigns if c.organization_id in readable}  # type: ignore[attr-defined]


async def campaign_counts(campaign_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, CampaignCounts]:
    """Participants and results received per campaign: one ``GROUP BY campaign, status`` on
    the ``(campaign, status)`` index, whatever the number of campaigns or participants."""
    if not campaign_ids:
        return {}
    rows = (
        await Participation.filter(campaign_id__in=list(campaign_ids), deleted_at=None)
        .annotate(n=Count("id"))
        .group_by("campaign_id", "status")
        .values_list("campaign_id", "status", "n")
    )
    totals: dict[uuid.UUID, list[int]] = {}
    for campaign_id, status, n in rows:
        row = totals.setdefault(uuid.UUID(str(campaign_id)), [0, 0])
        row[0] += n
        if status == ParticipationStatus.SHARED:
            row[1] += n
    return {cid: CampaignCounts(participants=p, shared=s) for cid, (p, s) in totals.items()}


async def list_campaigns(
    organization_id: uuid.UUID,
    *,
    viewer: Viewer,
    services: Services,
    first: int = DEFAULT_PAGE_SIZE,
    after: list[object] | None = None,
    order: CampaignOrder = CampaignOrder.NAME,
    name: str | None = None,
    archived: bool | None = False,
    mine: bool = False,
) -> CampaignPage:
    """A page of the organization's campaigns with their counts.

    ``name`` keeps campaigns whose name contains it (case and accents ignored); ``archived``
    False (default) lists live campaigns, True archived ones, None both; ``mine`` keeps the
    viewer's own. Two statements whatever the page size: the page (owner joined) and its
    counts; a third only if the caller asks for the total.
    """
    await require_reader(viewer, organization_id, services)
    query = Campaign.filter(organization_id=organization_id).select_related("organization", "owner")
    if name and name.strip():
        query = query.filter(sort_name__contains=name_sort_key(name))
    if archived is not None:
        query = query.filter(archived_at__isnull=not archived)
    if mine:
        # An API token owns nothing: "mine" is then empty (no campaign has a null owner).
        query = (
            query.filter(owner_id=viewer.user_id)
            if viewer.user_id
            else query.filter(owner_id__isnull=True)
        )
    ordering = ["sort_name"] if order == CampaignOrder.NAME else ["-created_at"]
    page = await keyset_page(query, ordering, first=first, after=after)
    counts = await campaign_counts([c.id for c in page.items])
    return CampaignPage(page=page, counts=counts)
