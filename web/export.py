"""``GET /campaigns/{id}/export.csv``: a campaign's results as a CSV file, streamed.

``{id}`` is the campaign's global id, as GraphQL exposes it (``Campaign.id``), or its UUID.
The viewer comes from the same credentials as ``/graphql``: a bearer token (session or API
token of the organization) or the ``orga_session`` cookie. Refusals are JSON
``{"code", "message"}`` with the status a browser or a script expects (401, 403, 404), decided
before the first byte of the file; the file itself is read from the database a batch at a
time while it is sent (docs/api-results.md).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse

from resolvers.access import authenticate
from resolvers.context import Services, Viewer
from resolvers.errors import DomainError, ErrorCode
from resolvers.export import content_disposition, export_campaign
from resolvers.results import NOT_FOUND_MESSAGE
from schema.context import SESSION_COOKIE
from schema.ids import global_id, parse_global_id

logger = logging.getLogger("orga.export")

_STATUS = {
    ErrorCode.UNAUTHENTICATED: 401,
    ErrorCode.TERMS_NOT_ACCEPTED: 403,
    ErrorCode.FORBIDDEN: 403,
    ErrorCode.CAMPAIGN_NOT_FOUND: 404,
}


def _error(error: DomainError) -> JSONResponse:
    return JSONResponse(
        {"code": error.code.value, "message": error.message},
        status_code=_STATUS.get(error.code, 400),
    )


def campaign_uuid(value: str) -> uuid.UUID:
    """The campaign's UUID from its global id or the UUID itself; else CAMPAIGN_NOT_FOUND."""
    parsed = parse_global_id(value)
    if parsed is not None:
        type_name, node_id = parsed
        if type_name == "Campaign":
            return node_id
        raise DomainError(ErrorCode.CAMPAIGN_NOT_FOUND, NOT_FOUND_MESSAGE)
    try:
        return uuid.UUID(value)
    except ValueError:
        raise DomainError(ErrorCode.CAMPAIGN_NOT_FOUND, NOT_FOUND_MESSAGE) from None


async def viewer_of(request: Request, services: Services) -> Viewer:
    """Who sends the request, read as ``/graphql`` reads it: the bearer token first, else
    the session cookie. A download is a GET without side effects: no CSRF header needed."""
    authorization = request.headers.get("authorization", "")
    scheme, _, token = authorization.partition(" ")
    bearer = token.strip() if scheme.lower() == "bearer" and token.strip() else None
    cookie = request.cookies.get(SESSION_COOKIE)
    return await authenticate(
        bearer or cookie,
        via_cookie=bearer is None and cookie is not None,
        client_address=request.client.host if request.client else "unknown",
        services=services,
    )


def endpoint(services: Services) -> Callable[[Request], Awaitable[Response]]:
    async def export_csv(request: Request) -> Response:
        try:
            viewer = await viewer_of(request, services)
            if viewer.user_id is None and not viewer.is_api_token:
                raise DomainError(ErrorCode.UNAUTHENTICATED)
            campaign_id = campaign_uuid(request.path_params["campaign_id"])
            export = await export_campaign(
                campaign_id,
                viewer=viewer,
                services=services,
                public_id=str(global_id("Campaign", campaign_id)),
            )
        except DomainError as error:
            logger.info("Export refusé (%s) : %s", error.code, request.url.path)
            return _error(error)

        async def body() -> AsyncIterator[bytes]:
            try:
                async for chunk in export.lines:
                    yield chunk.encode("utf-8")
            except Exception:
                # Headers are gone: the client sees a cut download, the server log says why.
                logger.exception("Export interrompu : %s", request.url.path)
                raise

        return StreamingResponse(
            body(),
            media_type="text/csv; charset=utf-8",
            headers={
                "Content-Disposition": content_disposition(export.file_name),
                # Pupils' results: never kept by a shared cache or the browser's.
                "Cache-Control": "no-store",
            },
        )

    return export_csv
