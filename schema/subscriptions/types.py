"""What the live subscriptions send: plain data built from an event or a full state.

Every type here depends on the event alone, never on the viewer or the context: one object is
built per event and per process, and ``SharedEventExecutionContext`` executes a subscriber's
selection on it once for all subscribers of the same query (``shared_results``). No field
here may resolve through ``info.context`` (loaders, viewer): the result would be shared.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any, NewType

import strawberry

from resolvers.live import CampaignState
from schema.ids import global_id
from schema.participations.types import ParticipationStatus
from subscriptions.events import (
    CampaignChanged,
    ChangeKind,
    OrganizationCampaignChanged,
    ParticipantRow,
)

# A state's version: declared through the schema's ``scalar_map`` (``SCALARS``), strawberry's
# non-deprecated way to define a custom scalar.
Version = NewType("Version", int)

SCALARS: dict[object, Any] = {
    Version: strawberry.scalar(
        name="Version",
        serialize=int,
        parse_value=int,
        description=(
            "Orders the states of one campaign: a state with a higher version is more recent. "
            "An integer between 0 and 2^53 (exact in JavaScript), sent as a JSON number. Keep "
            "the highest one seen and ignore older states; do not compare versions of "
            "different campaigns or deployments."
        ),
    )
}


@strawberry.enum(description="What changed in the campaign since the previous message.")
class CampaignChange(StrEnum):
    JOINED = ChangeKind.JOINED.value
    ANSWERED = ChangeKind.ANSWERED.value
    COMPLETED = ChangeKind.COMPLETED.value
    SHARED = ChangeKind.SHARED.value
    ARCHIVED = ChangeKind.ARCHIVED.value
    UNARCHIVED = ChangeKind.UNARCHIVED.value
    PARTICIPANT_REMOVED = ChangeKind.PARTICIPANT_REMOVED.value


def _change(value: ChangeKind | None) -> CampaignChange | None:
    return None if value is None else CampaignChange(value.value)


def _results() -> dict[Any, Any]:
    return {}


@strawberry.type(
    description="The counters of a campaign's « Activité » tab. The first message is the full "
    "state (`isFullState`), then one message per change; after an interruption the server "
    "sends a full state again."
)
class CampaignActivityUpdate:
    campaign_id: strawberry.ID = strawberry.field(description="The campaign's global id.")
    version: Version = strawberry.field(
        description="Higher for a more recent state of this campaign."
    )
    is_full_state: bool = strawberry.field(
        description="True for the first message and after a reconnection of the server to "
        "its broadcast backend; false for a single change."
    )
    change: CampaignChange | None = strawberry.field(
        description="The change this message reports; null for a full state."
    )
    participants_count: int = strawberry.field(description="« Total de participants ».")
    started_count: int = strawberry.field(description="Tests in progress (« En cours »).")
    to_share_count: int = strawberry.field(
        description="Tests finished, results not sent yet (« En attente d'envoi »)."
    )
    shared_count: int = strawberry.field(description="« Résultats reçus ».")
    average_progress: float = strawberry.field(
        description="Mean progress of the participants, 0 to 1 (a finished test counts 1)."
    )
    is_archived: bool
    shared_results: strawberry.Private[dict[Any, Any]]

    @classmethod
    def full(cls, state: CampaignState) -> CampaignActivityUpdate:
        return cls._build(state.campaign_id, state.version, None, state, full=True)

    @classmethod
    def from_event(cls, event: CampaignChanged) -> CampaignActivityUpdate:
        return cls._build(event.campaign_id, event.version, event.change, event, full=False)

    @classmethod
    def _build(
        cls,
        campaign_id: object,
        version: int,
        change: ChangeKind | None,
        source: CampaignState | CampaignChanged,
        *,
        full: bool,
    ) -> CampaignActivityUpdate:
        activity = source.activity
        return cls(
            campaign_id=strawberry.ID(str(global_id("Campaign", str(campaign_id)))),
            version=Version(version),
            is_full_state=full,
            change=_change(change),
            participants_count=activity.participants,
            started_count=activity.started,
            to_share_count=activity.to_share,
            shared_count=activity.shared,
            average_progress=activity.average_progress,
            is_archived=activity.archived,
            shared_results=_results(),
        )


@strawberry.type(
    description="A row of the participants table. Results (`masteryRate`) only once the "
    "pupil sent them."
)
class LiveParticipant:
    participation_id: strawberry.ID = strawberry.field(description="The participation's global id.")
    first_name: str
    last_name: str
    external_id: str | None = strawberry.field(
        description="The identifier asked when joining, if the campaign asks for one."
    )
    status: ParticipationStatus
    progress: float = strawberry.field(
        description="0 to 1; 1 once the test is finished (« Avancement »)."
    )
    started_at: datetime
    shared_at: datetime | None
    mastery_rate: float | None = strawberry.field(
        description="0 to 1, null until the results are sent."
    )
    is_removed: bool = strawberry.field(
        description="True when the participation was deleted: remove the row."
    )

    @classmethod
    def from_row(cls, row: ParticipantRow) -> LiveParticipant:
        return cls(
            participation_id=strawberry.ID(str(global_id("Participation", row.participation_id))),
            first_name=row.first_name,
            last_name=row.last_name,
            external_id=row.external_id,
            status=ParticipationStatus(row.status),
            progress=row.progress,
            started_at=row.created_at,
            shared_at=row.shared_at,
            mastery_rate=row.mastery_rate,
            is_removed=row.removed,
        )


@strawberry.type(
    description="Participant rows of a campaign. The first message lists every participant "
    "(`isFullState`: replace the table); each later one carries the rows that changed "
    "(merge them by `participationId`)."
)
class CampaignParticipantsUpdate:
    campaign_id: strawberry.ID
    version: Version
    is_full_state: bool
    change: CampaignChange | None
    participants: list[LiveParticipant]
    shared_results: strawberry.Private[dict[Any, Any]]

    @classmethod
    def full(cls, state: CampaignState, rows: list[ParticipantRow]) -> CampaignParticipantsUpdate:
        return cls(
            campaign_id=strawberry.ID(str(global_id("Campaign", state.campaign_id))),
            version=Version(state.version),
            is_full_state=True,
            change=None,
            participants=[LiveParticipant.from_row(row) for row in rows],
            shared_results=_results(),
        )

    @classmethod
    def from_event(cls, event: CampaignChanged) -> CampaignParticipantsUpdate | None:
        if event.participant is None:
            return None
        return cls(
            campaign_id=strawberry.ID(str(global_id("Campaign", event.campaign_id))),
            version=Version(event.version),
            is_full_state=False,
            change=_change(event.change),
            participants=[LiveParticipant.from_row(event.participant)],
            shared_results=_results(),
        )


@strawberry.type(description="One campaign's line in the campaign list.")
class LiveCampaignCounts:
    campaign_id: strawberry.ID
    version: Version
    participants_count: int = strawberry.field(description="« Participants ».")
    results_received_count: int = strawberry.field(description="« Résultats reçus ».")
    is_archived: bool

    @classmethod
    def from_state(cls, state: CampaignState) -> LiveCampaignCounts:
        return cls(
            campaign_id=strawberry.ID(str(global_id("Campaign", state.campaign_id))),
            version=Version(state.version),
            participants_count=state.activity.participants,
            results_received_count=state.activity.shared,
            is_archived=state.activity.archived,
        )

    @classmethod
    def from_event(cls, event: OrganizationCampaignChanged) -> LiveCampaignCounts:
        return cls(
            campaign_id=strawberry.ID(str(global_id("Campaign", event.campaign_id))),
            version=Version(event.version),
            participants_count=event.participants,
            results_received_count=event.shared,
            is_archived=event.archived,
        )


@strawberry.type(
    description="Counts of an organization's campaigns. The first message has every campaign "
    "(`isFullState`); each later one the campaign that changed."
)
class OrganizationCampaignsUpdate:
    organization_id: strawberry.ID
    is_full_state: bool
    campaigns: list[LiveCampaignCounts]
    shared_results: strawberry.Private[dict[Any, Any]]

    @classmethod
    def full(
        cls, organization_id: object, states: list[CampaignState]
    ) -> OrganizationCampaignsUpdate:
        return cls(
            organization_id=strawberry.ID(str(global_id("Organization", str(organization_id)))),
            is_full_state=True,
            campaigns=[LiveCampaignCounts.from_state(state) for state in states],
            shared_results=_results(),
        )

    @classmethod
    def from_event(cls, event: OrganizationCampaignChanged) -> OrganizationCampaignsUpdate:
        return cls(
            organization_id=strawberry.ID(str(global_id("Organization", event.organization_id))),
            is_full_state=False,
            campaigns=[LiveCampaignCounts.from_event(event)],
            shared_results=_results(),
        )
