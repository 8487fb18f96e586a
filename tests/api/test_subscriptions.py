"""Live dashboards end to end: uvicorn subprocesses and ``gql`` over graphql-transport-ws.

The tests on the shared ``server`` run on the broadcast backend ``ORGA_TEST_BROADCAST`` selects
(memory:// in one pass, redis:// in the other). Tests about several processes and Redis
outages start their own ``redis-server`` on a free port, stop it by its pid and start it again.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import websockets
from gql import Client, GraphQLRequest
from gql.transport.exceptions import TransportError, TransportQueryError
from gql.transport.httpx import HTTPXAsyncTransport
from gql.transport.websockets import WebsocketsTransport
from redis.asyncio import Redis

from tests.conftest import ROOT, DatabaseFactory, Server, start_server
from tests.subscriptions.redis_server import RedisServer, redis_server_or_skip

TIMEOUT = 15.0
# Events flooded on a dashboard that stopped reading.
EVENTS = 20_000
# gql calls graphql-transport-ws "GRAPHQLWS"; the legacy protocol is refused by our server.
PROTOCOL = WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL

ACTIVITY = """
subscription Activity($id: ID!) {
  campaignActivity(campaignId: $id) {
    campaignId version isFullState change
    participantsCount startedCount toShareCount sharedCount averageProgress isArchived
  }
}
"""
PARTICIPANTS = """
subscription Participants($id: ID!) {
  campaignParticipants(campaignId: $id) {
    version isFullState change
    participants {
      participationId firstName lastName status progress startedAt sharedAt masteryRate isRemoved
    }
  }
}
"""
CAMPAIGN_LIST = """
subscription CampaignList($id: ID!) {
  organizationCampaigns(organizationId: $id) {
    organizationId isFullState
    campaigns { campaignId version participantsCount resultsReceivedCount isArchived }
  }
}
"""


# --- talking to a server -----------------------------------------------------------------


async def call(url: str, query: str, token: str | None = None, **variables: Any) -> dict[str, Any]:
    """One GraphQL request over HTTP; the payload errors of a mutation fail the test."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    transport = HTTPXAsyncTransport(url=f"{url}/graphql", headers=headers, timeout=30)
    async with Client(transport=transport, fetch_schema_from_transport=False) as session:
        data: dict[str, Any] = await session.execute(
            GraphQLRequest(query, variable_values=variables or None)
        )
    for value in data.values():
        if isinstance(value, dict) and value.get("errors"):
            raise AssertionError(value["errors"])
    return data


async def sign_up(url: str, first_name: str, last_name: str) -> str:
    data = await call(
        url,
        """mutation($input: SignUpInput!) { signUp(input: $input) { token errors { code } } }""",
        input={
            "firstName": first_name,
            "lastName": last_name,
            "email": f"{uuid.uuid4().hex[:12]}@example.org",
            "password": "Motdepasse123",
            "acceptTerms": True,
        },
    )
    token: str = data["signUp"]["token"]
    return token


@dataclass
class School:
    """An organization with a teacher (terms accepted) and one campaign."""

    teacher: str
    organization_id: str
    campaign_id: str
    code: str


async def open_school(url: str, name: str = "Collège Pix") -> School:
    teacher = await sign_up(url, "Sophie", "Enseignante")
    organization = await call(
        url,
        """mutation($input: CreateOrganizationInput!) {
          createOrganization(input: $input) { organization { id } errors { code } } }""",
        teacher,
        input={"name": name, "type": "SCO"},
    )
    organization_id = organization["createOrganization"]["organization"]["id"]
    terms = await call(url, "{ organizationTerms { version } }", teacher)
    await call(
        url,
        """mutation($input: AcceptOrganizationTermsInput!) {
          acceptOrganizationTerms(input: $input) { errors { code } } }""",
        teacher,
        input={"version": terms["organizationTerms"]["version"]},
    )
    campaign_id, code = await create_campaign(url, teacher, organization_id)
    return School(teacher, organization_id, campaign_id, code)


async def create_campaign(url: str, teacher: str, organization_id: str) -> tuple[str, str]:
    profiles = await call(
        url,
        "query($id: ID!) { targetProfiles(organizationId: $id) { id skillsCount } }",
        teacher,
        id=organization_id,
    )
    # The smallest profile: a pupil finishes its test in a few answers.
    profile = min(profiles["targetProfiles"], key=lambda p: p["skillsCount"])
    created = await call(
        url,
        """mutation($input: CreateCampaignInput!) {
          createCampaign(input: $input) { campaign { id code } errors { code field } } }""",
        teacher,
        input={"organizationId": organization_id, "name": "3e B", "targetProfileId": profile["id"]},
    )
    campaign = created["createCampaign"]["campaign"]
    return campaign["id"], campaign["code"]


@dataclass
class Pupil:
    token: str
    participation_id: str
    assessment_id: str
    challenge_id: str | None


async def join(url: str, code: str, first_name: str = "Léa") -> Pupil:
    token = await sign_up(url, first_name, "Martin")
    data = await call(
        url,
        """mutation($input: JoinCampaignInput!) { joinCampaign(input: $input) {
          participation { id } assessment { id currentChallenge { id } } errors { code } } }""",
        token,
        input={"code": code},
    )
    joined = data["joinCampaign"]
    challenge = joined["assessment"]["currentChallenge"]
    return Pupil(
        token,
        joined["participation"]["id"],
        joined["assessment"]["id"],
        challenge["id"] if challenge else None,
    )


async def answer(url: str, pupil: Pupil) -> bool:
    """« Je passe » on the asked challenge; True when the test is over."""
    assert pupil.challenge_id is not None
    data = await call(
        url,
        """mutation($input: SubmitAnswerInput!) { submitAnswer(input: $input) {
          finished nextChallenge { id } errors { code } } }""",
        pupil.token,
        input={
            "assessmentId": pupil.assessment_id,
            "challengeId": pupil.challenge_id,
            "skip": True,
        },
    )
    outcome = data["submitAnswer"]
    pupil.challenge_id = outcome["nextChallenge"]["id"] if outcome["nextChallenge"] else None
    return bool(outcome["finished"])


async def finish(url: str, pupil: Pupil) -> int:
    answers = 0
    while pupil.challenge_id is not None:
        await answer(url, pupil)
        answers += 1
    return answers


async def share(url: str, pupil: Pupil) -> None:
    await call(
        url,
        """mutation($input: ShareResultsInput!) {
          shareResults(input: $input) { errors { code } } }""",
        pupil.token,
        input={"participationId": pupil.participation_id},
    )


async def archive(url: str, school: School) -> None:
    await call(
        url,
        """mutation($input: CampaignInput!) {
          archiveCampaign(input: $input) { errors { code } } }""",
        school.teacher,
        input={"campaignId": school.campaign_id},
    )


class Feed:
    """A subscription running in the background; the test reads its messages in order."""

    def __init__(
        self,
        server: Server,
        query: str,
        *,
        field: str,
        init_payload: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        **variables: Any,
    ) -> None:
        transport = WebsocketsTransport(
            url=server.ws_url,
            subprotocols=[PROTOCOL],
            init_payload=init_payload or {},
            headers=headers,
        )
        self.client = Client(transport=transport, fetch_schema_from_transport=False)
        self.request = GraphQLRequest(query, variable_values=variables)
        self.field = field
        self.messages: asyncio.Queue[dict[str, Any] | BaseException] = asyncio.Queue()
        self.task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> Feed:
        session = await self.client.connect_async()

        async def pump() -> None:
            try:
                async for result in session.subscribe(self.request):
                    self.messages.put_nowait(result[self.field])
            except Exception as error:
                self.messages.put_nowait(error)

        self.task = asyncio.create_task(pump())
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self.task
        with contextlib.suppress(Exception):
            await self.client.close_async()

    async def next(self, timeout: float = TIMEOUT) -> dict[str, Any]:
        message = await asyncio.wait_for(self.messages.get(), timeout)
        if isinstance(message, BaseException):
            raise message
        return message

    async def until(
        self, wanted: Callable[[dict[str, Any]], bool], timeout: float = TIMEOUT
    ) -> dict[str, Any]:
        """The first message ``wanted`` accepts; the ones before are skipped."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            message = await self.next(max(0.01, deadline - asyncio.get_running_loop().time()))
            if wanted(message):
                return message


def activity(server: Server, school: School, **options: Any) -> Feed:
    token = options.pop("token", school.teacher)
    payload = {"authorization": f"Bearer {token}"} if token else {}
    return Feed(
        server, ACTIVITY, field="campaignActivity", init_payload=payload, id=school.campaign_id
    )


async def refused_code(feed: Feed) -> str:
    """The ``extensions.code`` of the error that ends the subscription."""
    with pytest.raises(TransportQueryError) as raised:
        async with feed:
            await feed.next()
    errors = raised.value.errors or []
    assert len(errors) == 1, errors
    code: str = errors[0]["extensions"]["code"]
    return code


# --- on the shared server (memory:// or redis:// as the pass selects) --------------------


async def test_the_dashboard_gets_the_full_state_then_one_message_per_change(
    server: Server,
) -> None:
    school = await open_school(server.url)
    async with activity(server, school) as dashboard:
        first = await dashboard.next()
        assert first["isFullState"] and first["change"] is None
        assert first["campaignId"] == school.campaign_id
        assert (first["participantsCount"], first["averageProgress"]) == (0, 0.0)

        pupil = await join(server.url, school.code)
        joined = await dashboard.next()
        assert (joined["change"], joined["isFullState"]) == ("JOINED", False)
        assert (joined["participantsCount"], joined["startedCount"]) == (1, 1)

        await answer(server.url, pupil)
        answered = await dashboard.next()
        assert answered["change"] in {"ANSWERED", "COMPLETED"}
        assert answered["averageProgress"] > 0

        await finish(server.url, pupil)
        completed = await dashboard.until(lambda m: m["change"] == "COMPLETED")
        assert (completed["startedCount"], completed["toShareCount"]) == (0, 1)
        assert completed["averageProgress"] == 1.0

        await share(server.url, pupil)
        shared = await dashboard.next()
        assert (shared["change"], shared["toShareCount"], shared["sharedCount"]) == ("SHARED", 0, 1)

        await archive(server.url, school)
        archived = await dashboard.next()
        assert (archived["change"], archived["isArchived"]) == ("ARCHIVED", True)

        versions = [m["version"] for m in (first, joined, answered, completed, shared, archived)]
        assert versions == sorted(versions) and len(set(versions)) == len(versions)


async def test_participant_rows_follow_each_pupil_without_a_refetch(server: Server) -> None:
    school = await open_school(server.url)
    already = await join(server.url, school.code, "Adèle")
    payload = {"token": school.teacher}
    async with Feed(
        server,
        PARTICIPANTS,
        field="campaignParticipants",
        init_payload=payload,
        id=school.campaign_id,
    ) as table:
        first = await table.next()
        assert first["isFullState"]
        assert [row["participationId"] for row in first["participants"]] == [
            already.participation_id
        ]

        pupil = await join(server.url, school.code, "Léa")
        row = (await table.next())["participants"]
        assert len(row) == 1
        assert (row[0]["participationId"], row[0]["firstName"], row[0]["status"]) == (
            pupil.participation_id,
            "Léa",
            "STARTED",
        )
        assert row[0]["masteryRate"] is None

        await finish(server.url, pupil)
        finished = await table.until(lambda m: m["change"] == "COMPLETED")
        assert (finished["participants"][0]["status"], finished["participants"][0]["progress"]) == (
            "TO_SHARE",
            1.0,
        )
        assert finished["participants"][0]["masteryRate"] is None

        await share(server.url, pupil)
        sent = (await table.next())["participants"][0]
        assert sent["status"] == "SHARED"
        assert sent["masteryRate"] is not None and sent["sharedAt"] is not None


async def test_the_campaign_list_gets_participants_and_results_received_counts(
    server: Server,
) -> None:
    school = await open_school(server.url)
    other_campaign, other_code = await create_campaign(
        server.url, school.teacher, school.organization_id
    )
    async with Feed(
        server,
        CAMPAIGN_LIST,
        field="organizationCampaigns",
        init_payload={"authorization": f"Bearer {school.teacher}"},
        id=school.organization_id,
    ) as campaigns:
        first = await campaigns.next()
        assert first["isFullState"]
        assert {c["campaignId"] for c in first["campaigns"]} == {school.campaign_id, other_campaign}

        pupil = await join(server.url, other_code)
        line = (await campaigns.next())["campaigns"]
        assert [(c["campaignId"], c["participantsCount"]) for c in line] == [(other_campaign, 1)]

        await finish(server.url, pupil)
        await share(server.url, pupil)
        received = await campaigns.until(lambda m: m["campaigns"][0]["resultsReceivedCount"] == 1)
        assert received["campaigns"][0]["campaignId"] == other_campaign


async def test_two_dashboards_opened_at_the_same_moment_both_receive(server: Server) -> None:
    school = await open_school(server.url)
    async with activity(server, school) as first, activity(server, school) as second:
        # Both subscribed to the new channel concurrently; both got their full state.
        states = await asyncio.gather(first.next(), second.next())
        assert all(state["isFullState"] for state in states)
        await join(server.url, school.code)
        changes = await asyncio.gather(first.next(), second.next())
        assert [c["change"] for c in changes] == ["JOINED", "JOINED"]


async def _frame(socket: Any) -> str:
    text = await asyncio.wait_for(socket.recv(), TIMEOUT)
    assert isinstance(text, str)
    return text


async def test_a_shared_event_reaches_each_subscription_with_its_own_id_in_strawberrys_frame(
    server: Server,
) -> None:
    """The fast path (web/transport_ws.py): the frame is strawberry's own encoding, byte for
    byte, with each subscription's id; complete and ping still answer on the same socket."""
    school = await open_school(server.url)
    ids = ["a", 'é"\\ <id>']
    async with (
        activity(server, school) as dashboard,
        websockets.connect(server.ws_url, subprotocols=[PROTOCOL]) as socket,
    ):
        await socket.send(
            json.dumps({"type": "connection_init", "payload": {"token": school.teacher}})
        )
        assert json.loads(await _frame(socket)) == {"type": "connection_ack"}
        for number, operation_id in enumerate(ids):
            subscribe = {"query": ACTIVITY, "variables": {"id": school.campaign_id}}
            await socket.send(
                json.dumps({"id": operation_id, "type": "subscribe", "payload": subscribe})
            )
            first = json.loads(await _frame(socket))
            assert (
                first["id"] == operation_id
                and first["payload"]["data"]["campaignActivity"]["isFullState"]
            )
            assert number or (await dashboard.next())["isFullState"]

        await join(server.url, school.code)
        frames = [await _frame(socket) for _ in ids]
        seen = await dashboard.next()
        messages = [json.loads(text) for text in frames]
        # What strawberry's handler would have sent: json.dumps of the message, compact.
        assert frames == [json.dumps(m, separators=(",", ":")) for m in messages]
        assert sorted(m["id"] for m in messages) == sorted(ids)
        assert all(m["type"] == "next" and list(m["payload"]) == ["data"] for m in messages)
        payloads = [m["payload"]["data"]["campaignActivity"] for m in messages]
        assert payloads[0] == payloads[1] == seen and seen["change"] == "JOINED"

        await socket.send(json.dumps({"id": ids[0], "type": "complete"}))
        await socket.send(json.dumps({"type": "ping"}))
        assert json.loads(await _frame(socket)) == {"type": "pong"}
        await join(server.url, school.code, "Tom")
        after = json.loads(await _frame(socket))
        assert (after["id"], after["type"]) == (ids[1], "next")
        assert (await dashboard.next())["participantsCount"] == 2
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(socket.recv(), 0.5)


async def test_the_session_cookie_of_the_upgrade_authenticates_the_dashboard(
    server: Server,
) -> None:
    school = await open_school(server.url)
    feed = Feed(
        server,
        ACTIVITY,
        field="campaignActivity",
        headers={"Cookie": f"orga_session={school.teacher}"},
        id=school.campaign_id,
    )
    async with feed:
        assert (await feed.next())["isFullState"]


async def test_the_organization_api_token_may_follow_its_own_campaigns(server: Server) -> None:
    school = await open_school(server.url)
    created = await call(
        server.url,
        """mutation($input: CreateApiTokenInput!) {
          createApiToken(input: $input) { token errors { code } } }""",
        school.teacher,
        input={"organizationId": school.organization_id, "name": "ENT"},
    )
    api_token = created["createApiToken"]["token"]
    async with activity(server, school, token=api_token) as dashboard:
        assert (await dashboard.next())["participantsCount"] == 0
        await join(server.url, school.code)
        assert (await dashboard.next())["change"] == "JOINED"
    # A token of this organization knows nothing of another one's campaigns.
    elsewhere = await open_school(server.url, "Lycée Voisin")
    assert await refused_code(activity(server, elsewhere, token=api_token)) == "CAMPAIGN_NOT_FOUND"


async def test_unauthorized_and_foreign_subscriptions_are_refused(server: Server) -> None:
    school = await open_school(server.url)
    stranger = await open_school(server.url, "Autre collège")
    pupil = await sign_up(server.url, "Léa", "Martin")

    assert await refused_code(activity(server, school, token=None)) == "UNAUTHENTICATED"
    # A member of another organization, or a pupil, learns nothing about the campaign.
    assert await refused_code(activity(server, school, token=stranger.teacher)) == (
        "CAMPAIGN_NOT_FOUND"
    )
    assert await refused_code(activity(server, school, token=pupil)) == "CAMPAIGN_NOT_FOUND"
    foreign_list = Feed(
        server,
        CAMPAIGN_LIST,
        field="organizationCampaigns",
        init_payload={"token": stranger.teacher},
        id=school.organization_id,
    )
    assert await refused_code(foreign_list) == "ORGANIZATION_NOT_FOUND"
    unknown = Feed(
        server,
        ACTIVITY,
        field="campaignActivity",
        init_payload={"token": school.teacher},
        id=school.organization_id,  # an id of another type
    )
    assert await refused_code(unknown) == "CAMPAIGN_NOT_FOUND"


async def test_a_member_who_has_not_accepted_the_terms_is_refused(server: Server) -> None:
    school = await open_school(server.url)
    newcomer_email = f"{uuid.uuid4().hex[:12]}@example.org"
    data = await call(
        server.url,
        """mutation($input: SignUpInput!) { signUp(input: $input) { token } }""",
        input={
            "firstName": "Nouveau",
            "lastName": "Collègue",
            "email": newcomer_email,
            "password": "Motdepasse123",
            "acceptTerms": True,
        },
    )
    await call(
        server.url,
        """mutation($input: AddMemberInput!) { addMember(input: $input) { errors { code } } }""",
        school.teacher,
        input={"organizationId": school.organization_id, "email": newcomer_email},
    )
    newcomer = data["signUp"]["token"]
    assert await refused_code(activity(server, school, token=newcomer)) == "TERMS_NOT_ACCEPTED"


async def test_a_token_that_authenticates_nobody_closes_the_connection(server: Server) -> None:
    school = await open_school(server.url)
    feed = activity(server, school, token="os_pas-un-vrai-jeton")
    with pytest.raises(TransportError):
        async with feed:
            await feed.next()


async def test_a_page_of_another_origin_cannot_open_the_socket(server: Server) -> None:
    with pytest.raises(websockets.InvalidStatus) as refused:
        async with websockets.connect(
            server.ws_url, subprotocols=[PROTOCOL], origin="https://pirate.example"
        ):
            pass
    assert refused.value.response.status_code == 403


# --- several processes and Redis outages (a private redis-server) -------------------------


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    server = redis_server_or_skip(tmp_path)
    yield server
    server.stop()


@pytest.fixture
def pair(
    redis_server: RedisServer,
    database_factory: DatabaseFactory,
    tmp_path: Path,
) -> Iterator[tuple[Server, Server]]:
    """Two server processes on one database, sharing the private Redis."""
    database = database_factory.create("live")
    first = start_server(database, tmp_path, broadcast_url=redis_server.url)
    try:
        second = start_server(database, tmp_path, broadcast_url=redis_server.url)
    except BaseException:
        first.stop()
        raise
    yield first, second
    second.stop()
    first.stop()


async def test_an_answer_sent_to_one_process_reaches_a_dashboard_on_the_other(
    pair: tuple[Server, Server],
) -> None:
    writer, reader = pair
    school = await open_school(writer.url)
    async with activity(reader, school) as dashboard:
        await dashboard.next()
        pupil = await join(writer.url, school.code)
        assert (await dashboard.next())["change"] == "JOINED"
        await answer(writer.url, pupil)
        assert (await dashboard.next())["change"] in {"ANSWERED", "COMPLETED"}


async def test_after_a_redis_restart_dashboards_get_a_fresh_full_state(
    pair: tuple[Server, Server], redis_server: RedisServer
) -> None:
    writer, reader = pair
    school = await open_school(writer.url)
    async with activity(reader, school) as dashboard:
        assert (await dashboard.next())["participantsCount"] == 0

        redis_server.stop()
        # The write succeeds without Redis; its event is lost with the outage.
        pupil = await join(writer.url, school.code)
        assert "événement non publié" in await _log_soon(writer, "événement non publié")

        redis_server.start()
        fresh = await dashboard.next(timeout=30)
        assert fresh["isFullState"]
        assert fresh["participantsCount"] == 1
        # And delivery resumes.
        await answer(writer.url, pupil)
        assert (await dashboard.next())["change"] in {"ANSWERED", "COMPLETED"}


def test_orga_serve_refuses_several_processes_on_memory_broadcast() -> None:
    env = {
        **os.environ,
        # Checked before anything connects: neither service needs to exist.
        "ORGA_DATABASE_URL": "postgres://postgres@127.0.0.1:5432/orga_nowhere",
        "ORGA_BROADCAST_URL": "memory://",
        "ORGA_SECRET_KEY": "test-secret-key",
    }
    done = subprocess.run(
        [sys.executable, "-m", "web.cli", "serve", "--workers", "2", "--port", "1"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "memory://" in done.stderr and "ORGA_BROADCAST_URL=redis://" in done.stderr


@pytest.fixture
def workers(
    redis_server: RedisServer, database_factory: DatabaseFactory, tmp_path: Path
) -> Iterator[Server]:
    """``uvicorn --workers 2`` on the private Redis: connections land on either process."""
    server = start_server(
        database_factory.create("workers"), tmp_path, broadcast_url=redis_server.url, workers=2
    )
    yield server
    server.stop()


async def test_with_several_workers_every_dashboard_gets_every_event(workers: Server) -> None:
    school = await open_school(workers.url)
    feeds = [activity(workers, school) for _ in range(6)]
    async with contextlib.AsyncExitStack() as stack:
        for feed in feeds:
            await stack.enter_async_context(feed)
        await asyncio.gather(*(feed.next() for feed in feeds))
        for expected in range(1, 4):
            # Each write is handled by whichever worker accepts the request.
            await join(workers.url, school.code, f"Élève{expected}")
            counts = await asyncio.gather(
                *(feed.until(lambda m, n=expected: m["participantsCount"] == n) for feed in feeds)
            )
            assert all(c["change"] == "JOINED" for c in counts)


async def _log_soon(server: Server, text: str, timeout: float = 10.0) -> str:
    deadline = asyncio.get_running_loop().time() + timeout
    while text not in server.log() and asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(0.05)
    return server.log()


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("VmRSS introuvable")


@pytest.fixture
def redis_backed_server(
    redis_server: RedisServer, database_factory: DatabaseFactory, tmp_path: Path
) -> Iterator[Server]:
    server = start_server(database_factory.create("slow"), tmp_path, broadcast_url=redis_server.url)
    yield server
    server.stop()


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="mesure par /proc (Linux)")
async def test_a_dashboard_that_stops_reading_does_not_grow_the_server_memory(
    redis_server: RedisServer, redis_backed_server: Server
) -> None:
    server = redis_backed_server
    school = await open_school(server.url)
    campaign_uuid = _node_uuid(school.campaign_id)
    organization_uuid = _node_uuid(school.organization_id)
    async with websockets.connect(
        server.ws_url,
        subprotocols=[PROTOCOL],
        # The client keeps few frames, then stops reading the socket: the server's
        # writes block once the TCP buffers are full.
        max_queue=4,
    ) as socket:
        await socket.send(
            json.dumps({"type": "connection_init", "payload": {"token": school.teacher}})
        )
        assert json.loads(await socket.recv())["type"] == "connection_ack"
        await socket.send(
            json.dumps(
                {
                    "id": "1",
                    "type": "subscribe",
                    "payload": {"query": ACTIVITY, "variables": {"id": school.campaign_id}},
                }
            )
        )
        first = json.loads(await socket.recv())["payload"]["data"]["campaignActivity"]
        assert first["isFullState"]
        base = first["version"]
        # Events as another process would publish them, with a padding that an unbounded
        # queue would keep: 20 000 × 4 KB.
        client = Redis.from_url(redis_server.url)
        padding = "x" * 4000
        await _flood(client, campaign_uuid, organization_uuid, base + 1, base + 1_000, padding)
        await asyncio.sleep(1)
        before = _rss_kib(server.process.pid)
        await _flood(client, campaign_uuid, organization_uuid, base + 1_001, base + EVENTS, padding)
        await client.aclose()
        grown_kib = _rss_kib(server.process.pid) - before
        # Kept in a queue, the events would take about 80 MB.
        assert grown_kib < 20_000, f"{grown_kib} KiB"
        # Reading again, the client converges to the latest state.
        latest = base
        while latest < base + EVENTS:
            message = json.loads(await asyncio.wait_for(socket.recv(), TIMEOUT))
            latest = message["payload"]["data"]["campaignActivity"]["version"]


def _node_uuid(global_id: str) -> str:
    import base64

    return base64.b64decode(global_id).decode().split(":", 1)[1]


async def _flood(
    client: Redis, campaign: str, organization: str, first: int, last: int, padding: str
) -> None:
    channel = f"campaign:{campaign}"
    for start in range(first, last + 1, 500):
        async with client.pipeline(transaction=False) as pipe:
            for version in range(start, min(start + 500, last + 1)):
                pipe.publish(
                    channel,
                    json.dumps(
                        {
                            "type": "campaign.changed",
                            "campaign_id": campaign,
                            "organization_id": organization,
                            "version": version,
                            "change": "ANSWERED",
                            "activity": {
                                "participants": 30,
                                "started": 30,
                                "to_share": 0,
                                "shared": 0,
                                "average_progress": 0.5,
                                "archived": False,
                            },
                            "participant": None,
                            "padding": padding,
                        }
                    ),
                )
            await pipe.execute()
        # Let the server read each batch: Redis drops a subscriber whose output buffer passes
        # 32 MB, and the point is that the events reach the server.
        while any(int(c["omem"]) > 0 for c in await client.client_list(_type="pubsub")):
            await asyncio.sleep(0.01)
