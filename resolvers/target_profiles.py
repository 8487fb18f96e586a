"""Target profiles (« parcours », « profil-cible »): what a campaign tests.

Two kinds, one read model (:class:`TargetProfileSummary`):

- *built-in* profiles come with the learning content (one per competence, ids ``tp-1.1`` …
  ``tp-5.2``, and ``tp-16`` « Les 16 compétences »): every organization may use them;
- *custom* profiles are ``TargetProfile`` rows owned by one organization, made by choosing
  tubes and a maximum level.

Use cases (plain parameters, the acting ``viewer`` and ``services``):

- ``list_target_profiles(organization_id, *, viewer, services) -> list[TargetProfileSummary]``
- ``create_target_profile(organization_id, *, name, tube_ids, level, description=None,
  viewer, services) -> TargetProfileSummary``
- ``resolve_target_profile(organization_id, target_profile_id) -> TargetProfileSummary``: what
  campaign creation uses to turn an id into skills (no access check of its own).
- ``visible_target_profiles(viewer, ids, services) -> dict[str, TargetProfileSummary]``: for
  ``node(id:)``: built-in ones for everybody, custom ones for their organization's readers.
- ``campaign_target_profile(campaign) -> TargetProfileSummary``: what a campaign tests (its
  custom profile must have been loaded with ``select_related("target_profile")``).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from engine.content import bundled_referential
from engine.referential import Referential, TargetProfileCategory
from engine.types import MAX_LEVEL, MIN_LEVEL, SkillId, TubeId
from models import Campaign, TargetProfile
from resolvers.access import require_member, require_reader
from resolvers.context import Services, Viewer
from resolvers.errors import DomainError, ErrorCode, invalid

NAME_MAX_LENGTH = 255
DESCRIPTION_MAX_LENGTH = 5000


@dataclass(frozen=True)
class TargetProfileSummary:
    """A profile as a teacher chooses it: built-in (``id`` like ``tp-1.1``) or custom (``id``
    is the row's UUID as text)."""

    id: str
    name: str
    description: str | None
    category: TargetProfileCategory
    is_builtin: bool
    organization_id: uuid.UUID | None
    tubes: tuple[tuple[TubeId, int], ...]
    skill_ids: tuple[SkillId, ...]

    @property
    def skills_count(self) -> int:
        return len(self.skill_ids)


def _builtin(referential: Referential, profile_id: str) -> TargetProfileSummary | None:
    profile = referential.target_profiles.get(profile_id)  # type: ignore[call-overload]
    if profile is None:
        return None
    return TargetProfileSummary(
        id=str(profile.id),
        name=profile.name,
        description=profile.description or None,
        category=profile.category,
        is_builtin=True,
        organization_id=None,
        tubes=tuple(profile.tubes),
        skill_ids=referential.skills_of_tubes(profile.tubes),
    )


def _custom(referential: Referential, row: TargetProfile) -> TargetProfileSummary:
    tubes = tuple((TubeId(t["tube_id"]), int(t["level"])) for t in row.tubes)
    return TargetProfileSummary(
        id=str(row.id),
        name=row.name,
        description=row.description,
        category=TargetProfileCategory.CUSTOM,
        is_builtin=False,
        organization_id=row.organization_id,  # type: ignore[attr-defined]
        tubes=tubes,
        skill_ids=referential.skills_of_tubes(tubes),
    )


def _parse_uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


async def resolve_target_profile(
    organization_id: uuid.UUID, target_profile_id: str
) -> TargetProfileSummary:
    """The built-in profile of that id, or the organization's own custom profile.

    Another organization's profile, an outdated one or an unknown id are all
    ``TARGET_PROFILE_NOT_FOUND``: ids of other organizations reveal nothing.
    """
    referential = bundled_referential()
    builtin = _builtin(referential, str(target_profile_id))
    if builtin is not None:
        return builtin
    row_id = _parse_uuid(target_profile_id)
    row = None
    if row_id is not None:
        row = await TargetProfile.get_or_none(
            id=row_id, organization_id=organization_id, outdated=False
        )
    if row is None:
        raise DomainError(ErrorCode.TARGET_PROFILE_NOT_FOUND, field="targetProfileId")
    return _custom(referential, row)


async def list_target_profiles(
    organization_id: uuid.UUID, *, viewer: Viewer, services: Services
) -> list[TargetProfileSummary]:
    """The profiles the organization may test: built-in first (content order: competences by
    index, then « Les 16 compétences »), then its custom ones by name."""
    await require_reader(viewer, organization_id, services)
    referential = bundled_referential()
    builtins = [_builtin(referential, str(pid)) for pid in referential.target_profiles]
    rows = await TargetProfile.filter(organization_id=organization_id, outdated=False).order_by(
        "name", "id"
    )
    return [p for p in builtins if p is not None] + [_custom(referential, row) for row in rows]


def _validated_tubes(referential: Referential, tube_ids: Sequence[str]) -> list[TubeId]:
    unique = list(dict.fromkeys(t.strip() for t in tube_ids if t and t.strip()))
    if not unique:
        raise invalid("tubeIds", "Choisissez au moins un sujet.")
    unknown = [t for t in unique if t not in referential.tubes]
    if unknown:
        raise invalid("tubeIds", f"Sujet inconnu : {', '.join(sorted(unknown))}.")
    return [TubeId(t) for t in unique]


async def create_target_profile(
    organization_id: uuid.UUID,
    *,
    name: str,
    tube_ids: Sequence[str],
    level: int,
    description: str | None = None,
    viewer: Viewer,
    services: Services,
) -> TargetProfileSummary:
    """A custom profile of the organization: the chosen tubes' skills up to ``level``.

    Any member may create one (like a campaign). Tubes may come from several competences.
    """
    membership = await require_member(viewer, organization_id, services)
    name = (name or "").strip()
    if not name:
        raise invalid("name", "Veuillez donner un nom au profil cible.")
    if len(name) > NAME_MAX_LENGTH:
        raise invalid("name", f"Le nom ne doit pas dépasser {NAME_MAX_LENGTH} caractères.")
    description = (description or "").strip() or None
    if description is not None and len(description) > DESCRIPTION_MAX_LENGTH:
        raise invalid(
            "description",
            f"La description ne doit pas dépasser {DESCRIPTION_MAX_LENGTH} caractères.",
        )
    if not MIN_LEVEL <= level <= MAX_LEVEL:
        raise invalid("level", f"Le niveau doit être compris entre {MIN_LEVEL} et {MAX_LEVEL}.")
    referential = bundled_referential()
    tubes = _validated_tubes(referential, tube_ids)
    if not referential.skills_of_tubes((t, level) for t in tubes):
        # e.g. level 1 on tubes whose easiest skill is level 2: a campaign would ask nothing.
        raise invalid("level", "Ce profil cible ne contient aucun acquis : augmentez le niveau.")

    row = await TargetProfile.create(
        organization_id=organization_id,
        name=name,
        description=description,
        tubes=[{"tube_id": t, "level": level} for t in tubes],
        created_by_id=membership.user_id,  # type: ignore[attr-defined]
    )
    return _custom(referential, row)


async def visible_target_profiles(
    viewer: Viewer, profile_ids: Sequence[str], services: Services
) -> dict[str, TargetProfileSummary]:
    referential = bundled_referential()
    found: dict[str, TargetProfileSummary] = {}
    row_ids = []
    for profile_id in profile_ids:
        builtin = _builtin(referential, profile_id)
        if builtin is not None:
            found[profile_id] = builtin
        elif (row_id := _parse_uuid(profile_id)) is not None:
            row_ids.append(row_id)
    rows = await TargetProfile.filter(id__in=row_ids) if row_ids else []
    readable: dict[uuid.UUID, bool] = {}
    for row in rows:
        organization_id = row.organization_id  # type: ignore[attr-defined]
        if organization_id not in readable:
            try:
                await require_reader(viewer, organization_id, services)
                readable[organization_id] = True
            except DomainError:
                readable[organization_id] = False
        if readable[organization_id]:
            found[str(row.id)] = _custom(referential, row)
    return found


def campaign_target_profile(campaign: Campaign) -> TargetProfileSummary:
    """The profile a campaign was created on, as it is now; its frozen skills are the
    campaign's own ``skill_ids``."""
    referential = bundled_referential()
    if campaign.builtin_target_profile_id is not None:
        builtin = _builtin(referential, campaign.builtin_target_profile_id)
        if builtin is not None:
            return builtin
    elif isinstance(row := campaign.__dict__.get("_target_profile"), TargetProfile):
        return _custom(referential, row)
    # A built-in profile retired by a content release, or a row not loaded: what the
    # campaign itself remembers.
    return TargetProfileSummary(
        id=campaign.builtin_target_profile_id or str(campaign.target_profile_id),  # type: ignore[attr-defined]
        name=campaign.target_profile_name,
        description=None,
        category=(
            TargetProfileCategory.CUSTOM
            if campaign.builtin_target_profile_id is None
            else TargetProfileCategory.COMPETENCES
        ),
        is_builtin=campaign.builtin_target_profile_id is not None,
        organization_id=None,
        tubes=(),
        skill_ids=tuple(SkillId(s) for s in campaign.skill_ids),
    )
