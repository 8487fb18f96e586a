"""Event payloads published on the live channels, and their JSON form.

An event carries the *state after the change*, computed once by the publishing process, so
subscribers forward it without a query of their own (design §6). Every payload is a JSON
object with a ``type`` and a ``version``; the format is documented in ``docs/live.md`` and is a
contract between processes of possibly different releases: add fields, never rename them.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Self

CAMPAIGN_CHANGED = "campaign.changed"
ORGANIZATION_CAMPAIGN_CHANGED = "organization.campaign_changed"


class PayloadError(ValueError):
    """A message on a live channel is not an event this release understands."""


class ChangeKind(StrEnum):
    """What happened to the campaign; the dashboard may show it, the state says the rest."""

    JOINED = "JOINED"
    ANSWERED = "ANSWERED"
    COMPLETED = "COMPLETED"
    SHARED = "SHARED"
    ARCHIVED = "ARCHIVED"
    UNARCHIVED = "UNARCHIVED"
    PARTICIPANT_REMOVED = "PARTICIPANT_REMOVED"


def _uuid(payload: Mapping[str, Any], name: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(payload[name]))
    except (KeyError, ValueError) as error:
        raise PayloadError(f"champ {name} absent ou invalide") from error


def _int(payload: Mapping[str, Any], name: str) -> int:
    value = payload.get(name)
    # bool is an int in Python; a JSON true is never a count.
    if not isinstance(value, int) or isinstance(value, bool):
        raise PayloadError(f"champ {name} absent ou invalide")
    return value


def _float(payload: Mapping[str, Any], name: str) -> float:
    value = payload.get(name)
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise PayloadError(f"champ {name} absent ou invalide")
    return float(value)


def _optional_float(payload: Mapping[str, Any], name: str) -> float | None:
    return None if payload.get(name) is None else _float(payload, name)


def _optional_str(payload: Mapping[str, Any], name: str) -> str | None:
    value = payload.get(name)
    if value is not None and not isinstance(value, str):
        raise PayloadError(f"champ {name} invalide")
    return value


def _optional_datetime(payload: Mapping[str, Any], name: str) -> datetime | None:
    value = _optional_str(payload, name)
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError as error:
        raise PayloadError(f"champ {name} invalide") from error


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _change(payload: Mapping[str, Any]) -> ChangeKind:
    try:
        return ChangeKind(str(payload.get("change")))
    except ValueError as error:
        raise PayloadError("champ change invalide") from error


def _mapping(payload: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    value = payload.get(name)
    if not isinstance(value, Mapping):
        raise PayloadError(f"champ {name} absent ou invalide")
    return value


@dataclass(frozen=True, slots=True)
class CampaignActivity:
    """The counters of a campaign's « Activité » tab."""

    participants: int
    started: int
    to_share: int
    shared: int
    # Mean progress of the participants, 0..1 (a finished test counts as 1).
    average_progress: float
    archived: bool

    def to_payload(self) -> dict[str, Any]:
        return {
            "participants": self.participants,
            "started": self.started,
            "to_share": self.to_share,
            "shared": self.shared,
            "average_progress": self.average_progress,
            "archived": self.archived,
        }

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any]) -> Self:
        return cls(
            participants=_int(payload, "participants"),
            started=_int(payload, "started"),
            to_share=_int(payload, "to_share"),
            shared=_int(payload, "shared"),
            average_progress=_float(payload, "average_progress"),
            archived=bool(payload.get("archived", False)),
        )


@dataclass(frozen=True, slots=True)
class ParticipantRow:
    """One row of the participants table: what the organization may see of a participant.

    ``mastery_rate`` is only filled once the pupil sent their results (design §4).
    """

    participation_id: uuid.UUID
    status: str
    progress: float
    first_name: str
    last_name: str
    external_id: str | None
    created_at: datetime
    shared_at: datetime | None
    mastery_rate: float | None
    # True when the participation was deleted: the table drops the row.
    removed: bool = False

    def to_payload(self) -> dict[str, Any]:
        return {
            "participation_id": str(self.participation_id),
            "status": self.status,
            "progress": self.progress,
            "first_name": self.first_name,
            "last_name": self.last_name,
            "external_id": self.external_id,
            "created_at": _iso(self.created_at),
            "shared_at": _iso(self.shared_at),
            "mastery_rate": self.mastery_rate,
            "removed": self.removed,
        }

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any]) -> Self:
        created_at = _optional_datetime(payload, "created_at")
        if created_at is None:
            raise PayloadError("champ created_at absent")
        status = _optional_str(payload, "status")
        if status is None:
            raise PayloadError("champ status absent")
        return cls(
            participation_id=_uuid(payload, "participation_id"),
            status=status,
            progress=_float(payload, "progress"),
            first_name=_optional_str(payload, "first_name") or "",
            last_name=_optional_str(payload, "last_name") or "",
            external_id=_optional_str(payload, "external_id"),
            created_at=created_at,
            shared_at=_optional_datetime(payload, "shared_at"),
            mastery_rate=_optional_float(payload, "mastery_rate"),
            removed=bool(payload.get("removed", False)),
        )


@dataclass(frozen=True, slots=True)
class CampaignChanged:
    """Published on ``campaign:<uuid>`` after each write that changes the campaign's counts.

    ``version`` grows with the state it describes (see ``docs/live.md``): a subscriber keeps
    the highest version it has seen and ignores older states that arrive late.
    """

    campaign_id: uuid.UUID
    organization_id: uuid.UUID
    version: int
    change: ChangeKind
    activity: CampaignActivity
    # The participant whose row changed, when the change concerns one.
    participant: ParticipantRow | None = None

    def to_payload(self) -> dict[str, Any]:
        return {
            "type": CAMPAIGN_CHANGED,
            "campaign_id": str(self.campaign_id),
            "organization_id": str(self.organization_id),
            "version": self.version,
            "change": self.change.value,
            "activity": self.activity.to_payload(),
            "participant": None if self.participant is None else self.participant.to_payload(),
        }

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any]) -> Self:
        if payload.get("type") != CAMPAIGN_CHANGED:
            raise PayloadError(f"type {payload.get('type')!r} inattendu")
        participant = payload.get("participant")
        return cls(
            campaign_id=_uuid(payload, "campaign_id"),
            organization_id=_uuid(payload, "organization_id"),
            version=_int(payload, "version"),
            change=_change(payload),
            activity=CampaignActivity.from_payload(_mapping(payload, "activity")),
            participant=(
                None
                if participant is None
                else ParticipantRow.from_payload(_mapping(payload, "participant"))
            ),
        )


@dataclass(frozen=True, slots=True)
class OrganizationCampaignChanged:
    """Published on ``organization:<uuid>``: one campaign's line of the campaign list."""

    organization_id: uuid.UUID
    campaign_id: uuid.UUID
    version: int
    change: ChangeKind
    participants: int
    shared: int
    archived: bool

    def to_payload(self) -> dict[str, Any]:
        return {
            "type": ORGANIZATION_CAMPAIGN_CHANGED,
            "organization_id": str(self.organization_id),
            "campaign_id": str(self.campaign_id),
            "version": self.version,
            "change": self.change.value,
            "participants": self.participants,
            "shared": self.shared,
            "archived": self.archived,
        }

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any]) -> Self:
        if payload.get("type") != ORGANIZATION_CAMPAIGN_CHANGED:
            raise PayloadError(f"type {payload.get('type')!r} inattendu")
        return cls(
            organization_id=_uuid(payload, "organization_id"),
            campaign_id=_uuid(payload, "campaign_id"),
            version=_int(payload, "version"),
            change=_change(payload),
            participants=_int(payload, "participants"),
            shared=_int(payload, "shared"),
            archived=bool(payload.get("archived", False)),
        )
