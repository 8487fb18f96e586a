"""graphql-transport-ws on ``/graphql``: strawberry's handler, plus one fast path for live events.

A live event is executed once per process and query (``SharedEventExecutionContext``), and its
result is the same for every subscriber of that query: only the subscription id differs in the
frame. Strawberry's handler still encodes the whole ``next`` message per subscriber (a JSON
encoding of the frame, about a fifth of a delivery's CPU before this, in process). Here, when a
``next`` message carries shared data (``SharedData``) and nothing else (no errors, no
extensions), the payload is encoded once per event and query and each subscriber's frame is
that text with its id spliced in, handed to the socket as text. Everything else (errors,
``complete``, ping/pong, ``connection_init``, closing codes) is strawberry's own path.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.websockets import WebSocketDisconnect
from strawberry.asgi import ASGIWebSocketAdapter
from strawberry.http.base import BaseView
from strawberry.http.exceptions import WebSocketDisconnected
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import Message

from schema.context import OrgaContext
from schema.subscriptions import SharedData

_encode_string = json.JSONEncoder().encode


def next_frame(operation_id: str, data: SharedData) -> str:
    """The graphql-transport-ws ``next`` frame of ``data`` for one subscription: the same text as
    ``json.dumps({"id": id, "type": "next", "payload": {"data": data}}, separators=(",", ":"))``
    with the payload encoded once for all subscribers."""
    return f'{{"id":{_encode_string(operation_id)},"type":"next","payload":{data.payload_json()}}}'


class OrgaWebSocketAdapter(ASGIWebSocketAdapter):
    """strawberry's ASGI adapter, plus sending a frame already encoded."""

    async def send_text(self, text: str) -> None:
        try:
            await self.ws.send_text(text)
        except WebSocketDisconnect as exc:
            # What strawberry's ``send_json`` raises, so the handler ends the same way.
            raise WebSocketDisconnected from exc


class OrgaTransportWSHandler(BaseGraphQLTransportWSHandler[OrgaContext, None]):
    """Every message goes through ``send_message``, after strawberry checked the operation's
    state (a completed operation sends nothing more): only the encoding of shared ``next``
    messages changes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The spliced text is strawberry's default encoding: a view that encodes differently,
        # or a socket that cannot take text as is, gets strawberry's path for every message.
        splices = type(self.view).encode_json is BaseView.encode_json
        socket = self.websocket
        self._text_socket = socket if splices and isinstance(socket, OrgaWebSocketAdapter) else None

    async def send_message(self, message: Message) -> None:
        if message["type"] == "next" and self._text_socket is not None:
            payload = message["payload"]
            data = payload.get("data")
            if type(data) is SharedData and len(payload) == 1:
                await self._text_socket.send_text(next_frame(message["id"], data))
                return
        await super().send_message(message)
