"""The GraphQL endpoint itself: limits, POST only, no GraphiQL outside debug, masked errors,
WebSocket protocol and Origin check."""

from __future__ import annotations

import asyncio
import json
import logging

import httpx
import pytest
import strawberry
from api_world import call, sign_up
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.typing import Origin, Subprotocol

from resolvers.context import Services
from resolvers.errors import DomainError, ErrorCode
from schema import schema
from schema.errors import ApiErrors, OrgaSchema
from schema.limits import MAX_ALIASES, MAX_DEPTH, MAX_TOKENS, RequestLimits, validation_cache
from web.body_limit import MAX_BODY_BYTES
from web.graphql import graphql_app
from web.settings import Settings

TRANSPORT_WS = Subprotocol("graphql-transport-ws")


# --- limits ------------------------------------------------------------------------------


def deep_query(levels: int) -> str:
    """``me { memberships { organization { members { edges { node { organization ...``."""
    cycle = ["organization", "members", "edges", "node"]
    fields = ["me", "memberships"] + [cycle[i % len(cycle)] for i in range(levels - 2)]
    return "{ " + " { ".join(fields) + " { __typename" + " }" * len(fields) + " }"


async def test_a_query_deeper_than_the_limit_is_refused_before_running(make_client) -> None:
    result = await call(make_client(), deep_query(MAX_DEPTH + 1))

    assert result.data is None
    assert result.codes == ["GRAPHQL_VALIDATION_FAILED"]
    assert "exceeds maximum operation depth" in result.errors[0]["message"]


async def test_a_query_at_the_depth_limit_runs(make_client) -> None:
    result = await call(make_client(), deep_query(MAX_DEPTH))

    # Anonymous: it gets as far as `me`, which asks for a session.
    assert result.codes == ["UNAUTHENTICATED"]


async def test_too_many_aliases_are_refused(make_client) -> None:
    aliases = " ".join(f"a{i}: __typename" for i in range(MAX_ALIASES + 1))

    result = await call(make_client(), "{ " + aliases + " }")

    assert result.codes == ["GRAPHQL_VALIDATION_FAILED"]
    assert "aliases" in result.errors[0]["message"]
    allowed = await call(
        make_client(), "{ " + " ".join(f"a{i}: __typename" for i in range(MAX_ALIASES)) + " }"
    )
    assert allowed.errors == []


async def test_too_many_tokens_are_refused_by_the_parser(server) -> None:
    query = "{ " + "__typename " * MAX_TOKENS + "}"
    async with httpx.AsyncClient(base_url=server.url) as client:
        response = await client.post("/graphql", json={"query": query})

    body = response.json()
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert f"more than {MAX_TOKENS} tokens" in body["errors"][0]["message"]


def test_the_schema_gets_its_extensions_as_classes_with_caches() -> None:
    assert all(isinstance(extension, type) for extension in schema.extensions)
    assert {RequestLimits, ApiErrors} <= set(schema.extensions)


async def test_a_query_text_is_parsed_and_validated_once() -> None:
    # A text no other test sends: its first execution fills the caches, the next ones reuse
    # the same parsed document and its validation.
    query = "{ cacheProbe: __typename }"
    before = len(validation_cache.entries)

    results = [await schema.execute(query) for _ in range(3)]

    assert [result.data for result in results] == [{"cacheProbe": "Query"}] * 3
    assert len(validation_cache.entries) == before + 1
    cached_documents = [entry[0] for entry in validation_cache.entries.values()]
    assert sum(document.loc.source.body == query for document in cached_documents) == 1


async def test_directives_and_fragments_follow_each_request_variables(server, make_client) -> None:
    # Field collection is kept across requests for plain selection sets only: a selection set
    # with @skip / @include or a fragment must be collected again with each request's values.
    query = """
        query($skip: Boolean!, $include: Boolean!) {
          organizationTerms { version text @skip(if: $skip) ...Text @include(if: $include) }
        }
        fragment Text on OrganizationTerms { textAgain: text }
    """
    client = make_client()
    seen = []
    for skip, include in [(True, False), (False, True), (True, True), (False, False)]:
        result = await call(client, query, {"skip": skip, "include": include})
        assert result.errors == []
        seen.append(sorted(result.data["organizationTerms"]))

    assert seen == [
        ["version"],
        ["text", "textAgain", "version"],
        ["textAgain", "version"],
        ["text", "version"],
    ]


async def test_an_invalid_document_stays_invalid_from_the_cache() -> None:
    query = "{ cacheProbeUnknownField }"
    for _ in range(2):
        result = await schema.execute(query)
        assert result.data is None
        assert result.errors and result.errors[0].extensions["code"] == "GRAPHQL_VALIDATION_FAILED"


# --- transport ---------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["{ __typename }", "mutation { logOut { errors { code } } }"])
async def test_get_requests_are_refused(server, query: str) -> None:
    async with httpx.AsyncClient(base_url=server.url) as client:
        response = await client.get("/graphql", params={"query": query})

    assert response.status_code in {400, 405}
    assert "data" not in response.text


async def test_graphiql_is_not_served_outside_debug(server) -> None:
    async with httpx.AsyncClient(base_url=server.url) as client:
        response = await client.get("/graphql", headers={"Accept": "text/html"})

    assert response.status_code == 404
    assert "graphiql" not in response.text.lower()


@pytest.mark.parametrize("debug", [True, False])
async def test_graphiql_follows_the_debug_setting(debug: bool) -> None:
    # The IDE page needs no database: the endpoint alone, in process.
    app = graphql_app(Settings(debug=debug), Services())
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://t"
    ) as client:
        response = await client.get("/graphql", headers={"Accept": "text/html"})

    assert response.status_code == (200 if debug else 404)
    assert ("graphiql" in response.text.lower()) is debug


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        ("{not json", "application/json"),
        ("query=%7B__typename%7D", "application/x-www-form-urlencoded"),
    ],
)
async def test_malformed_requests_get_a_400_without_internals(
    server, content: str, content_type: str
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as client:
        response = await client.post(
            "/graphql", content=content, headers={"Content-Type": content_type}
        )

    assert response.status_code == 400
    assert "Traceback" not in response.text


def _refused_as_too_large(response: httpx.Response) -> None:
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("application/json")
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "REQUEST_TOO_LARGE"
    assert "1 Mo" in error["message"]


async def test_a_declared_body_over_one_megabyte_is_refused_before_it_is_read(server) -> None:
    # Only the headers are sent: the answer comes without waiting for a byte of the body.
    host, port = server.url.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    try:
        writer.write(
            f"POST /graphql HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {MAX_BODY_BYTES + 1}\r\n\r\n".encode()
        )
        await writer.drain()
        raw = await asyncio.wait_for(reader.read(), timeout=10)
    finally:
        writer.close()
    head, _, body = raw.partition(b"\r\n\r\n")
    response = httpx.Response(
        int(head.split()[1]),
        headers=[tuple(line.split(": ", 1)) for line in head.decode().split("\r\n")[1:]],
        content=body,
    )
    _refused_as_too_large(response)


async def test_a_streamed_body_over_one_megabyte_is_refused_before_it_is_parsed(server) -> None:
    # Not even JSON: a parser would answer 400; the limit answers first.
    oversized = b"{" * (MAX_BODY_BYTES + 1)

    async def chunks():  # no Content-Length: counted as it arrives
        for start in range(0, len(oversized), 64 * 1024):
            yield oversized[start : start + 64 * 1024]

    async with httpx.AsyncClient(base_url=server.url) as client:
        chunked = await client.post(
            "/graphql", content=chunks(), headers={"Content-Type": "application/json"}
        )
        at_the_limit = await client.post(
            "/graphql",
            content=b"{" * MAX_BODY_BYTES,
            headers={"Content-Type": "application/json"},
        )
        still_served = await client.post("/graphql", json={"query": "{ __typename }"})

    _refused_as_too_large(chunked)
    assert at_the_limit.status_code == 400  # read and parsed: malformed JSON
    assert still_served.json()["data"] == {"__typename": "Query"}


# --- errors ------------------------------------------------------------------------------


@strawberry.type
class BrokenQuery:
    @strawberry.field
    def bug(self) -> str | None:
        raise RuntimeError("connection string postgres://secret@db")

    @strawberry.field
    def refused(self) -> str | None:
        raise DomainError(ErrorCode.FORBIDDEN)


async def test_an_unexpected_error_is_masked_for_the_client_and_logged_with_its_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    broken = OrgaSchema(query=BrokenQuery, extensions=[ApiErrors])

    with caplog.at_level(logging.INFO, logger="orga.graphql"):
        result = await broken.execute("{ bug refused }")

    bug, refused = sorted(result.errors, key=lambda e: e.path[0])
    assert bug.formatted == {
        "message": "Une erreur inattendue est survenue. Veuillez réessayer.",
        "locations": [{"line": 1, "column": 3}],
        "path": ["bug"],
        "extensions": {"code": "INTERNAL_ERROR"},
    }
    assert "secret" not in json.dumps(bug.formatted)
    assert refused.formatted["extensions"] == {"code": "FORBIDDEN"}
    assert refused.message == "Vous n'avez pas les droits nécessaires pour effectuer cette action."
    logged = {r.levelname: r for r in caplog.records if r.name == "orga.graphql"}
    assert logged["ERROR"].exc_info and "connection string" in str(logged["ERROR"].exc_info[1])
    assert logged["INFO"].exc_info is None


# --- WebSocket ---------------------------------------------------------------------------


async def test_a_websocket_from_a_foreign_origin_is_refused(server) -> None:
    with pytest.raises(InvalidStatus) as refused:
        async with connect(
            server.ws_url, subprotocols=[TRANSPORT_WS], origin=Origin("http://evil.example")
        ):
            pass

    assert refused.value.response.status_code == 403


async def test_a_websocket_from_an_allowed_origin_speaks_graphql_transport_ws(
    server, make_client
) -> None:
    account = await sign_up(make_client)
    async with connect(
        server.ws_url, subprotocols=[TRANSPORT_WS], origin=Origin(server.url)
    ) as socket:
        assert socket.subprotocol == "graphql-transport-ws"
        await socket.send(
            json.dumps({"type": "connection_init", "payload": {"token": account.token}})
        )
        assert json.loads(await socket.recv())["type"] == "connection_ack"


async def test_the_legacy_graphql_ws_protocol_is_not_spoken(server) -> None:
    async with connect(server.ws_url, subprotocols=[Subprotocol("graphql-ws")]) as socket:
        with pytest.raises(ConnectionClosed) as closed:
            await socket.recv()

    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 4406


async def test_a_connection_init_token_that_authenticates_nobody_closes_the_socket(server) -> None:
    async with connect(server.ws_url, subprotocols=[TRANSPORT_WS]) as socket:
        await socket.send(
            json.dumps({"type": "connection_init", "payload": {"token": "os_forged"}})
        )
        with pytest.raises(ConnectionClosed) as closed:
            await socket.recv()

    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 4403


async def test_the_validation_cache_keeps_each_schema_apart() -> None:
    # The parse cache hands both schemas the same document for the same text: its validation
    # in one schema must not answer for the other.
    @strawberry.type
    class WithField:
        only_here: int = 1

    @strawberry.type
    class WithoutField:
        something_else: int = 2

    query = "{ onlyHere }"
    knows = OrgaSchema(query=WithField, extensions=[RequestLimits])
    ignores = OrgaSchema(query=WithoutField, extensions=[RequestLimits])

    assert (await knows.execute(query, root_value=WithField())).data == {"onlyHere": 1}
    refused = await ignores.execute(query, root_value=WithoutField())
    assert refused.data is None
    assert refused.errors and "onlyHere" in refused.errors[0].message
