"""What a resolver of the GraphQL layer gets as ``info.context``.

Built per HTTP request, or once per WebSocket connection, by ``web.graphql``. It declares
``connection_params`` so that strawberry stores the ``connection_init`` payload of a
WebSocket there (it silently drops it when the attribute is missing).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket

from resolvers.context import ANONYMOUS, Services, Viewer
from schema.dataloaders import Loaders

SESSION_COOKIE = "orga_session"
# A page of another site can make a browser send our cookie, but not this header (a custom
# header needs a CORS preflight, which we never grant): its presence proves the request comes
# from our own pages.
CSRF_HEADER = "x-orga-request"


@dataclass
class OrgaContext:
    request: Request | WebSocket
    # The HTTP sub-response whose headers (cookies) are merged into the answer; the WebSocket
    # itself for a subscription.
    response: Response | WebSocket | None
    services: Services
    viewer: Viewer = ANONYMOUS
    loaders: Loaders = field(default_factory=Loaders)
    # True when the request carries the CSRF header (required on cookie-authenticated mutations).
    csrf_header: bool = False
    cookie_secure: bool = False
    connection_params: dict[str, object] | None = None

    def set_session_cookie(self, token: str, expires_at: datetime) -> None:
        if not isinstance(self.response, Response):
            return
        max_age = max(0, int((expires_at - self.services.clock()).total_seconds()))
        self.response.set_cookie(
            SESSION_COOKIE,
            token,
            max_age=max_age,
            path="/",
            secure=self.cookie_secure,
            httponly=True,
            samesite="lax",
        )

    def clear_session_cookie(self) -> None:
        if not isinstance(self.response, Response):
            return
        self.response.delete_cookie(
            SESSION_COOKIE, path="/", secure=self.cookie_secure, httponly=True, samesite="lax"
        )
