"""The live states on a real database: counters, versions, the published event, who may follow.

Runs on SQLite or PostgreSQL (``ORGA_TEST_DATABASE``), like the other use-case tests.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import pytest

from models import (
    Campaign,
    Membership,
    Organization,
    OrganizationType,
    Participation,
    ParticipationStatus,
    TermsAcceptance,
    User,
)
from resolvers import live
from resolvers.context import Services, Viewer
from resolvers.errors import DomainError, ErrorCode
from subscriptions.events import CampaignChanged, OrganizationCampaignChanged

pytestmark = pytest.mark.usefixtures("db")

SKILLS = ["@recherche1", "@recherche2", "@recherche3", "@recherche4"]


class FakePublisher:
    """Records what a use case publishes, like the hub would send it."""

    def __init__(self, *, works: bool = True) -> None:
        self.works = works
        self.sent: list[tuple[str, Mapping[str, Any]]] = []

    async def publish(self, channel: str, payload: Mapping[str, Any]) -> bool:
        return await self.publish_all([(channel, payload)])

    async def publish_all(self, messages: Sequence[tuple[str, Mapping[str, Any]]]) -> bool:
        if not self.works:
            raise RuntimeError("Redis a disparu")
        self.sent.extend(messages)
        return True


async def make_user(first_name: str = "Léa", last_name: str = "Martin") -> User:
    return await User.create(
        email=f"{uuid.uuid4().hex[:12]}@example.org",
        password_hash="pas-un-vrai-hash",
        first_name=first_name,
        last_name=last_name,
        platform_terms_accepted_at=datetime(2026, 1, 1, tzinfo=UTC),
    )


async def make_member(organization: Organization, *, terms: bool = True) -> User:
    user = await make_user("Sophie", "Enseignante")
    await Membership.create(organization=organization, user=user)
    if terms:
        await TermsAcceptance.create(user=user, version=Services().policy.terms_version)
    return user


async def make_campaign(organization: Organization | None = None) -> Campaign:
    organization = organization or await Organization.create(
        name="Collège Pix", type=OrganizationType.SCO
    )
    owner = await make_member(organization)
    return await Campaign.create(
        organization=organization,
        name="Classe de 3e B",
        code=uuid.uuid4().hex[:9].upper(),
        target_profile_name="Recherche",
        skill_ids=SKILLS,
        content_release="test",
        owner=owner,
        creator=owner,
    )


async def join(
    campaign: Campaign,
    status: ParticipationStatus = ParticipationStatus.STARTED,
    *,
    tested: int = 0,
    **fields: Any,
) -> Participation:
    pupil = await make_user(f"Élève{uuid.uuid4().hex[:4]}", "Dupont")
    return await Participation.create(
        campaign=campaign, user=pupil, status=status, tested_skills_count=tested, **fields
    )


async def test_the_campaign_state_counts_participants_by_status_and_averages_progress() -> None:
    campaign = await make_campaign()
    await join(campaign, tested=1)
    await join(campaign, tested=2)
    await join(campaign, ParticipationStatus.TO_SHARE, tested=4)
    await join(campaign, ParticipationStatus.SHARED, tested=4, mastery_rate=0.5)
    await join(campaign, tested=3, deleted_at=datetime(2026, 2, 1, tzinfo=UTC))
    other = await make_campaign()
    await join(other, ParticipationStatus.SHARED)

    state = await live.campaign_state(campaign.id)

    assert state.organization_id == campaign.organization_id  # type: ignore[attr-defined]
    activity = state.activity
    assert (activity.participants, activity.started, activity.to_share, activity.shared) == (
        4,
        2,
        1,
        1,
    )
    # (1/4 + 2/4 + 1 + 1) / 4
    assert activity.average_progress == pytest.approx(0.688)
    assert not activity.archived


async def test_an_empty_campaign_has_zero_progress() -> None:
    campaign = await make_campaign()
    activity = (await live.campaign_state(campaign.id)).activity
    assert (activity.participants, activity.average_progress) == (0, 0.0)


async def test_a_later_read_has_a_higher_version() -> None:
    campaign = await make_campaign()
    first = await live.campaign_state(campaign.id)
    await join(campaign)
    second = await live.campaign_state(campaign.id)
    assert second.version > first.version
    # Versions are exchanged as JSON numbers: they must stay exact in JavaScript.
    assert second.version < 2**53


async def test_an_unknown_campaign_has_no_state() -> None:
    with pytest.raises(DomainError) as raised:
        await live.campaign_state(uuid.uuid4())
    assert raised.value.code == ErrorCode.CAMPAIGN_NOT_FOUND


async def test_the_organization_state_lists_each_campaign_with_its_counts() -> None:
    campaign = await make_campaign()
    organization = await Organization.get(id=campaign.organization_id)  # type: ignore[attr-defined]
    second = await make_campaign(organization)
    await join(campaign)
    await join(campaign, ParticipationStatus.SHARED)
    await make_campaign()  # another organization

    states = {s.campaign_id: s for s in await live.organization_campaign_states(organization.id)}

    assert set(states) == {campaign.id, second.id}
    assert (states[campaign.id].activity.participants, states[campaign.id].activity.shared) == (
        2,
        1,
    )
    assert states[second.id].activity.participants == 0


async def test_participant_rows_hide_results_until_they_are_sent() -> None:
    campaign = await make_campaign()
    started = await join(campaign, tested=1)
    shared = await join(campaign, ParticipationStatus.SHARED, tested=4, mastery_rate=0.75)
    await join(campaign, deleted_at=datetime(2026, 2, 1, tzinfo=UTC))

    rows = {row.participation_id: row for row in await live.participant_rows(campaign.id, 4)}

    assert set(rows) == {started.id, shared.id}
    assert (rows[started.id].status, rows[started.id].progress) == ("STARTED", 0.25)
    assert rows[started.id].mastery_rate is None
    assert (rows[shared.id].progress, rows[shared.id].mastery_rate) == (1.0, 0.75)
    assert rows[shared.id].last_name == "Dupont"


async def test_a_change_is_published_once_on_the_campaign_and_organization_channels() -> None:
    campaign = await make_campaign()
    participation = await join(campaign, tested=2)
    publisher = FakePublisher()

    await live.publish_campaign_change(
        Services(publisher=publisher),
        campaign.id,
        live.ChangeKind.JOINED,
        participation_id=participation.id,
    )

    organization_id = campaign.organization_id  # type: ignore[attr-defined]
    assert [channel for channel, _ in publisher.sent] == [
        f"campaign:{campaign.id}",
        f"organization:{organization_id}",
    ]
    event = CampaignChanged.from_payload(publisher.sent[0][1])
    assert event.change == live.ChangeKind.JOINED
    assert event.activity.participants == 1
    assert event.participant is not None
    assert (event.participant.participation_id, event.participant.progress) == (
        participation.id,
        0.5,
    )
    # The row read by id is the one the participants table reads (names, dates, status).
    assert [event.participant] == await live.participant_rows(campaign.id, len(SKILLS))
    line = OrganizationCampaignChanged.from_payload(publisher.sent[1][1])
    assert (line.campaign_id, line.participants, line.shared, line.version) == (
        campaign.id,
        1,
        0,
        event.version,
    )


async def test_writes_published_together_share_one_read_of_the_counters(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    campaign = await make_campaign()
    participations = [await join(campaign, tested=1) for _ in range(6)]
    publisher = FakePublisher()
    services = Services(publisher=publisher)
    reads: list[uuid.UUID] = []
    read_state = live.campaign_state

    async def counted(campaign_id: uuid.UUID) -> live.CampaignState:
        reads.append(campaign_id)
        return await read_state(campaign_id)

    monkeypatch.setattr(live, "campaign_state", counted)

    await asyncio.gather(
        *(
            live.publish_campaign_change(
                services, campaign.id, live.ChangeKind.ANSWERED, participation_id=p.id
            )
            for p in participations
        )
    )

    events = [
        CampaignChanged.from_payload(payload)
        for channel, payload in publisher.sent
        if channel == f"campaign:{campaign.id}"
    ]
    assert sorted(event.participant.participation_id for event in events) == sorted(
        p.id for p in participations
    )
    # Every write committed before its call: every state counts all six.
    assert {event.activity.participants for event in events} == {6}
    # The first call reads at once; the five that came while it ran share the next read.
    assert reads == [campaign.id, campaign.id]


async def test_a_write_committed_during_a_read_gets_a_later_read() -> None:
    campaign = await make_campaign()
    first = await join(campaign)
    publisher = FakePublisher()
    services = Services(publisher=publisher)

    earlier = asyncio.create_task(
        live.publish_campaign_change(services, campaign.id, live.JOINED, participation_id=first.id)
    )
    await asyncio.sleep(0)  # its read has started
    second = await join(campaign)
    await live.publish_campaign_change(
        services, campaign.id, live.JOINED, participation_id=second.id
    )
    await earlier

    states = {
        event.participant.participation_id: event
        for event in map(
            CampaignChanged.from_payload,
            (p for c, p in publisher.sent if c.startswith("campaign:")),
        )
    }
    # Read after its commit: it counts both (the earlier read may have, too).
    assert states[second.id].activity.participants == 2
    assert states[second.id].version >= states[first.id].version


async def test_publishing_never_fails_the_write(caplog: pytest.LogCaptureFixture) -> None:
    campaign = await make_campaign()
    # No publisher (command line): nothing happens.
    await live.publish_campaign_change(Services(), campaign.id, live.ChangeKind.ARCHIVED)
    # A campaign that vanished: logged, not raised.
    await live.publish_campaign_change(
        Services(publisher=FakePublisher()), uuid.uuid4(), live.ChangeKind.ARCHIVED
    )
    assert "non publié" in caplog.text


# --- who may follow a campaign ----------------------------------------------------------


async def test_a_member_who_accepted_the_terms_may_follow_the_campaign() -> None:
    campaign = await make_campaign()
    member = await make_member(await Organization.get(id=campaign.organization_id))  # type: ignore[attr-defined]
    viewer = Viewer(user_id=member.id)
    assert await live.authorize_campaign(str(campaign.id), viewer=viewer, services=Services()) == (
        campaign.id
    )


async def test_the_organization_api_token_may_follow_its_campaigns_only() -> None:
    campaign = await make_campaign()
    own = Viewer(
        api_token_id=uuid.uuid4(),
        api_token_organization_id=campaign.organization_id,  # type: ignore[attr-defined]
    )
    assert await live.authorize_campaign(campaign.id, viewer=own, services=Services())
    foreign = Viewer(api_token_id=uuid.uuid4(), api_token_organization_id=uuid.uuid4())
    with pytest.raises(DomainError) as raised:
        await live.authorize_campaign(campaign.id, viewer=foreign, services=Services())
    assert raised.value.code == ErrorCode.CAMPAIGN_NOT_FOUND


@pytest.mark.parametrize(
    ("who", "code"),
    [
        ("anonymous", ErrorCode.UNAUTHENTICATED),
        ("stranger", ErrorCode.CAMPAIGN_NOT_FOUND),
        ("member without terms", ErrorCode.TERMS_NOT_ACCEPTED),
    ],
)
async def test_others_may_not_follow_the_campaign(who: str, code: ErrorCode) -> None:
    campaign = await make_campaign()
    organization = await Organization.get(id=campaign.organization_id)  # type: ignore[attr-defined]
    if who == "anonymous":
        viewer = Viewer()
    elif who == "stranger":
        viewer = Viewer(
            user_id=(
                await make_member(
                    await Organization.create(name="Autre collège", type=OrganizationType.SCO)
                )
            ).id
        )
    else:
        viewer = Viewer(user_id=(await make_member(organization, terms=False)).id)
    with pytest.raises(DomainError) as raised:
        await live.authorize_campaign(campaign.id, viewer=viewer, services=Services())
    assert raised.value.code == code


@pytest.mark.parametrize("campaign_id", ["pas-un-uuid", str(uuid.uuid4())])
async def test_an_unknown_campaign_cannot_be_followed(campaign_id: str) -> None:
    member = await make_member(await Organization.create(name="Collège", type=OrganizationType.SCO))
    with pytest.raises(DomainError) as raised:
        await live.authorize_campaign(
            campaign_id, viewer=Viewer(user_id=member.id), services=Services()
        )
    assert raised.value.code == ErrorCode.CAMPAIGN_NOT_FOUND


async def test_only_readers_of_an_organization_may_follow_its_campaign_list() -> None:
    organization = await Organization.create(name="Collège", type=OrganizationType.SCO)
    member = await make_member(organization)
    assert await live.authorize_organization(
        organization.id, viewer=Viewer(user_id=member.id), services=Services()
    )
    stranger = await make_member(await Organization.create(name="Autre", type=OrganizationType.SCO))
    with pytest.raises(DomainError) as raised:
        await live.authorize_organization(
            organization.id, viewer=Viewer(user_id=stranger.id), services=Services()
        )
    assert raised.value.code == ErrorCode.ORGANIZATION_NOT_FOUND
