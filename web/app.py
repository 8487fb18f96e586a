"""The Orga ASGI application, built in one place from its settings."""

from __future__ import annotations

import contextlib
import gc
import logging
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.routing import BaseRoute, Mount, Route, WebSocketRoute
from tortoise.contrib.starlette import RegisterTortoise

from engine.content import bundled_referential
from models.config import tortoise_config
from resolvers.context import Services
from subscriptions.broadcast import create_broadcast
from web import export, health
from web.body_limit import BodyLimit
from web.graphql import graphql_app
from web.logging import configure_logging
from web.mail import mailer_for
from web.settings import Settings
from web.ui_files import WebApp

logger = logging.getLogger("orga.app")


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or Settings.from_env()
    configure_logging(settings.log_level)
    broadcast = create_broadcast(settings.broadcast_url)
    services = Services(policy=settings.policy(), mailer=mailer_for(settings), publisher=broadcast)
    gql = graphql_app(settings, services)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        # RegisterTortoise, not a bare Tortoise.init(): tortoise 1.x keeps its state in a
        # context variable that requests would otherwise not see (stack notes).
        async with RegisterTortoise(app, config=tortoise_config(settings.database_url)):
            await broadcast.connect()
            # The content bank is loaded now rather than by the first answer; then everything
            # built so far (modules, schema, bank: objects that live as long as the process)
            # leaves the collector's generations, so that its full collections stop walking
            # them again and again (docs/decisions/answer-hot-path.md).
            bundled_referential()
            gc.collect()
            gc.freeze()
            try:
                logger.info(
                    "Orga prêt (base %s, diffusion %s)",
                    settings.database_url.split(":", 1)[0],
                    settings.broadcast_url.split(":", 1)[0],
                )
                yield
            finally:
                await broadcast.disconnect()

    routes: list[BaseRoute] = [
        Route("/graphql", gql, methods=["GET", "POST"]),
        WebSocketRoute("/graphql", gql),
        Route("/healthz", health.endpoint(settings), methods=["GET"]),
        Route("/campaigns/{campaign_id}/export.csv", export.endpoint(services), methods=["GET"]),
        # Last: every other path is a screen of the web app (web/ui_files.py), gzipped: the
        # scripts shrink to a third, which a school's shared connection feels on first load.
        Mount("/", app=GZipMiddleware(WebApp(), minimum_size=1024)),
    ]
    # Bodies over 1 MB are refused before any parsing (web/body_limit.py).
    app = Starlette(
        debug=False, routes=routes, lifespan=lifespan, middleware=[Middleware(BodyLimit)]
    )
    app.state.settings = settings
    app.state.services = services
    app.state.broadcast = broadcast
    return app


def app_from_env() -> Starlette:
    """Factory for ``uvicorn --factory web.app:app_from_env``."""
    return create_app(Settings.from_env())
