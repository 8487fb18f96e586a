"""Request bodies over ``MAX_BODY_BYTES`` are refused with 413 and a JSON error, before anything
parses them (docs/decisions/request-body-limit.md).

A declared ``Content-Length`` over the limit is refused without reading the body; a body sent
without one (chunked) is counted as it arrives and refused as soon as it passes the limit.
The largest legitimate request, an answer of 5 000 characters or a campaign's landing text,
is a few kilobytes.
"""

from __future__ import annotations

import json

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY_BYTES = 1024 * 1024

_ERROR_BODY = json.dumps(
    {
        "errors": [
            {
                "message": "La requête est trop volumineuse (1 Mo au plus).",
                "extensions": {"code": "REQUEST_TOO_LARGE"},
            }
        ]
    },
    ensure_ascii=False,
).encode()


class _TooLarge(Exception):
    pass


async def _refuse(send: Send) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json; charset=utf-8"),
                (b"content-length", str(len(_ERROR_BODY)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": _ERROR_BODY})


class BodyLimit:
    """ASGI middleware: HTTP requests whose body passes ``limit`` bytes get a 413."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await _refuse(send)
            return
        received = 0
        started = False

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise _TooLarge
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted_receive, watched_send)
        except _TooLarge:
            if started:
                raise
            await _refuse(send)
