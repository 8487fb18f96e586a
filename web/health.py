"""``/healthz``: does the database answer, and Redis when it is the broadcast backend?"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from tortoise import connections

from subscriptions.broadcast import ping_backend
from web.settings import Settings

logger = logging.getLogger("orga.health")


async def check_database() -> None:
    await connections.get("default").execute_query("SELECT 1")


def endpoint(settings: Settings) -> Callable[[Request], Awaitable[Response]]:
    async def healthz(request: Request) -> Response:
        checks: dict[str, str] = {}
        healthy = True
        try:
            await asyncio.wait_for(check_database(), timeout=3)
            checks["database"] = "ok"
        except Exception as error:  # any failure means "not healthy", never a 500
            logger.warning("healthz: base de données indisponible (%s)", type(error).__name__)
            checks["database"] = "indisponible"
            healthy = False
        if settings.uses_redis:
            try:
                await ping_backend(settings.broadcast_url)
                checks["redis"] = "ok"
            except Exception as error:
                logger.warning("healthz: Redis indisponible (%s)", type(error).__name__)
                checks["redis"] = "indisponible"
                healthy = False
        body = {"status": "ok" if healthy else "indisponible", "checks": checks}
        return JSONResponse(body, status_code=200 if healthy else 503)

    return healthz
