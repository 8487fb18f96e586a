"""The graphql-transport-ws fast path: a shared ``next`` payload encoded once per event and
query, each subscriber's id spliced in (web/transport_ws.py). End to end, over uvicorn and a
real client: ``tests/api/test_subscriptions.py``."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncGenerator, Mapping
from datetime import timedelta
from typing import Any

from strawberry.asgi import GraphQL

from schema.subscriptions import SharedData
from tests.subscriptions.test_execution import results, schema
from web.transport_ws import OrgaTransportWSHandler, OrgaWebSocketAdapter, next_frame


def compact(message: object) -> str:
    """How strawberry encodes a frame (``BaseView.encode_json``)."""
    return json.dumps(message, separators=(",", ":"))


async def test_a_shared_result_carries_its_payload_encoded_once() -> None:
    received = await results("subscription { shared { counted } }", 3)
    shared = [stream[1].data for stream in received]
    assert all(type(data) is SharedData for data in shared)
    text = shared[0].payload_json()
    assert text == compact({"data": {"shared": {"counted": "état"}}})
    assert all(data.payload_json() is text for data in shared)


async def test_results_of_other_objects_stay_plain_dicts() -> None:
    received = await results("subscription { plain { counted } }", 1)
    assert type(received[0][1].data) is dict


def test_the_frame_is_strawberrys_encoding_with_the_id_spliced_in() -> None:
    data = SharedData({"campaignActivity": {"version": 2**53 - 1, "change": "JOINED", "n": "é"}})
    for operation_id in ["1", 'é"\\ </script>', "\u2028"]:
        frame = next_frame(operation_id, data)
        assert frame == compact({"id": operation_id, "type": "next", "payload": {"data": data}})


class Socket(OrgaWebSocketAdapter):
    """Records how each frame was handed over: already encoded, or as a message to encode."""

    def __init__(self, view: Any) -> None:
        super().__init__(view, None, None)  # type: ignore[arg-type]
        self.incoming: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue()
        self.sent: list[tuple[str, str]] = []

    async def iter_json(self, *, ignore_parsing_errors: bool = False) -> AsyncGenerator[object]:
        while (message := await self.incoming.get()) is not None:
            yield message

    async def send_json(self, message: Mapping[str, object]) -> None:
        self.sent.append(("json", str(self.view.encode_json(message))))

    async def send_text(self, text: str) -> None:
        self.sent.append(("text", text))

    async def close(self, code: int, reason: str) -> None:
        self.sent.append(("close", str(code)))


class CustomEncoding(GraphQL):
    def encode_json(self, data: object) -> str:
        return json.dumps(data, indent=1)


async def converse(view: GraphQL, query: str, operation_id: str = "op") -> list[tuple[str, str]]:
    socket = Socket(view)
    handler = OrgaTransportWSHandler(
        view=view,
        websocket=socket,
        context={},  # type: ignore[arg-type]
        root_value=None,
        schema=schema,
        connection_init_wait_timeout=timedelta(seconds=30),
    )
    task = asyncio.create_task(handler.handle())
    socket.incoming.put_nowait({"type": "connection_init"})
    socket.incoming.put_nowait(
        {"type": "subscribe", "id": operation_id, "payload": {"query": query}}
    )
    socket.incoming.put_nowait({"type": "ping"})
    for _ in range(100):
        if any('"complete"' in text for _, text in socket.sent):
            break
        await asyncio.sleep(0.01)
    socket.incoming.put_nowait(None)
    await task
    return socket.sent


async def test_shared_next_messages_are_spliced_and_everything_else_is_strawberrys() -> None:
    sent = await converse(GraphQL(schema), "subscription { shared { counted } }", 'x"1')
    nexts = [(how, json.loads(text)) for how, text in sent if '"next"' in text]
    assert [how for how, _ in nexts] == ["text", "text"]
    assert [m["id"] for _, m in nexts] == ['x"1', 'x"1']
    assert nexts[1][1]["payload"] == {"data": {"shared": {"counted": "état"}}}
    others = [(how, json.loads(text)["type"]) for how, text in sent if '"next"' not in text]
    assert sorted(others) == [("json", "complete"), ("json", "connection_ack"), ("json", "pong")]


async def test_plain_results_errors_and_other_encodings_take_strawberrys_path() -> None:
    plain = await converse(GraphQL(schema), "subscription { plain { counted } }")
    assert [how for how, text in plain if '"next"' in text] == ["json", "json"]
    failing = await converse(GraphQL(schema), "subscription { shared { greet } }")
    assert [how for how, text in failing if '"error"' in text] == ["json"]
    custom = await converse(CustomEncoding(schema), "subscription { shared { counted } }")
    assert [how for how, text in custom if '"next"' in text] == ["json", "json"]
