"""The ``/graphql`` endpoint: HTTP POST for queries and mutations, graphql-transport-ws for
subscriptions, the viewer resolved from the request's credentials."""

from __future__ import annotations

from typing import Any

from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types.unset import UNSET

from resolvers.access import authenticate
from resolvers.context import Services, Viewer
from schema import schema
from schema.context import CSRF_HEADER, SESSION_COOKIE, OrgaContext
from schema.dataloaders import Loaders
from web.settings import Settings
from web.transport_ws import OrgaTransportWSHandler, OrgaWebSocketAdapter


def _bearer(value: str | None) -> str | None:
    if not value:
        return None
    scheme, _, token = value.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip() or None


def _client_address(request: Request | WebSocket) -> str:
    # The socket's peer, never X-Forwarded-For: a client could write anything there and
    # escape the per-address login limit.
    return request.client.host if request.client else "unknown"


class OrgaGraphQL(GraphQL[OrgaContext, None]):
    # Live events: one encoding of a shared ``next`` payload per event and query, the
    # subscription id spliced in per subscriber (web/transport_ws.py, docs/live.md).
    graphql_transport_ws_handler_class = OrgaTransportWSHandler
    websocket_adapter_class = OrgaWebSocketAdapter  # type: ignore[assignment]

    def __init__(self, settings: Settings, services: Services) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql" if settings.debug else None,
            # Only POST: a GET can be triggered by any page (image, link) with the cookie.
            allow_queries_via_get=False,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            allowed_origins=settings.allowed_origins,
        )
        self.settings = settings
        self.services = services

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        except ClientDisconnect:
            # The client left before its request body arrived: there is no one to answer,
            # and nothing went wrong on our side worth a traceback in the log.
            return

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> OrgaContext:
        headers = request.headers
        bearer = _bearer(headers.get("authorization"))
        # A bearer header wins: the cookie is not even parsed then.
        cookie = None if bearer else request.cookies.get(SESSION_COOKIE)
        viewer = await authenticate(
            bearer or cookie,
            via_cookie=bearer is None and cookie is not None,
            client_address=_client_address(request),
            services=self.services,
        )
        return OrgaContext(
            request=request,
            response=response,
            services=self.services,
            viewer=viewer,
            loaders=Loaders(),
            csrf_header=headers.get(CSRF_HEADER) == "1",
            cookie_secure=self.settings.cookie_secure,
        )

    async def on_ws_connect(self, context: OrgaContext) -> Any:
        """A subscription client may authenticate in ``connection_init``: ``{"token": "..."}``
        or ``{"Authorization": "Bearer ..."}``. A token that authenticates nobody closes the
        socket (4403) rather than silently continuing as anonymous."""
        params = context.connection_params or {}
        token = params.get("token")
        if token is None:
            authorization = params.get("Authorization") or params.get("authorization")
            token = _bearer(authorization) if isinstance(authorization, str) else None
        if token is None:
            return UNSET
        if not isinstance(token, str):
            raise ConnectionRejectionError()
        viewer: Viewer = await authenticate(
            token,
            via_cookie=False,
            client_address=context.viewer.client_address,
            services=self.services,
        )
        if viewer.user_id is None and not viewer.is_api_token:
            raise ConnectionRejectionError()
        context.viewer = viewer
        return UNSET


def graphql_app(settings: Settings, services: Services) -> OrgaGraphQL:
    return OrgaGraphQL(settings, services)
