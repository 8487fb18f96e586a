"""Event payloads: what a process publishes, another one (maybe of another release) reads."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import pytest

from subscriptions.channels import campaign_channel, organization_channel
from subscriptions.events import (
    CampaignActivity,
    CampaignChanged,
    ChangeKind,
    OrganizationCampaignChanged,
    ParticipantRow,
    PayloadError,
)

CAMPAIGN_ID = uuid.UUID("6f1c1d2e-0000-4000-8000-000000000001")
ORGANIZATION_ID = uuid.UUID("6f1c1d2e-0000-4000-8000-000000000002")


def campaign_changed() -> CampaignChanged:
    return CampaignChanged(
        campaign_id=CAMPAIGN_ID,
        organization_id=ORGANIZATION_ID,
        version=42,
        change=ChangeKind.SHARED,
        activity=CampaignActivity(
            participants=3, started=1, to_share=1, shared=1, average_progress=0.75, archived=False
        ),
        participant=ParticipantRow(
            participation_id=uuid.UUID("6f1c1d2e-0000-4000-8000-000000000003"),
            status="SHARED",
            progress=1.0,
            first_name="Léa",
            last_name="Martin",
            external_id="123A",
            created_at=datetime(2026, 11, 26, 9, 30, tzinfo=UTC),
            shared_at=datetime(2026, 11, 26, 10, 5, tzinfo=UTC),
            mastery_rate=0.62,
        ),
    )


def test_channel_names() -> None:
    assert campaign_channel(CAMPAIGN_ID) == f"campaign:{CAMPAIGN_ID}"
    assert organization_channel(ORGANIZATION_ID) == f"organization:{ORGANIZATION_ID}"


def test_a_campaign_event_survives_its_json_form() -> None:
    event = campaign_changed()
    payload = json.loads(json.dumps(event.to_payload()))
    assert payload["type"] == "campaign.changed"
    assert payload["activity"]["shared"] == 1
    assert CampaignChanged.from_payload(payload) == event


def test_a_campaign_event_without_participant() -> None:
    event = CampaignChanged(
        campaign_id=CAMPAIGN_ID,
        organization_id=ORGANIZATION_ID,
        version=1,
        change=ChangeKind.ARCHIVED,
        activity=CampaignActivity(0, 0, 0, 0, 0.0, archived=True),
    )
    payload = json.loads(json.dumps(event.to_payload()))
    assert payload["participant"] is None
    assert CampaignChanged.from_payload(payload) == event


def test_an_organization_event_survives_its_json_form() -> None:
    event = OrganizationCampaignChanged(
        organization_id=ORGANIZATION_ID,
        campaign_id=CAMPAIGN_ID,
        version=7,
        change=ChangeKind.JOINED,
        participants=12,
        shared=4,
        archived=False,
    )
    payload = json.loads(json.dumps(event.to_payload()))
    assert OrganizationCampaignChanged.from_payload(payload) == event


def test_fields_added_by_a_later_release_are_ignored() -> None:
    payload = campaign_changed().to_payload()
    payload["new_counter"] = 5
    payload["activity"]["new_counter"] = 5
    assert CampaignChanged.from_payload(payload) == campaign_changed()


@pytest.mark.parametrize(
    "change",
    [
        {"type": "organization.campaign_changed"},
        {"version": "42"},
        {"version": True},
        {"change": "EXPLODED"},
        {"campaign_id": "pas-un-uuid"},
        {"activity": None},
        {"activity": {"participants": 1}},
        {"participant": {"status": "SHARED"}},
    ],
)
def test_a_malformed_campaign_event_is_refused(change: dict[str, object]) -> None:
    payload = {**campaign_changed().to_payload(), **change}
    with pytest.raises(PayloadError):
        CampaignChanged.from_payload(payload)
