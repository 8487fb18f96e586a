"""What CLI commands share: settings, an open database, running a coroutine."""

from __future__ import annotations

import asyncio
import contextlib
import sys
from collections.abc import AsyncIterator, Coroutine
from typing import Any

from tortoise import Tortoise

from models.config import tortoise_config
from web.settings import Settings, SettingsError


def load_settings() -> Settings:
    try:
        return Settings.from_env()
    except SettingsError as error:
        print(f"Configuration invalide : {error}", file=sys.stderr)
        raise SystemExit(2) from error


@contextlib.asynccontextmanager
async def open_database(settings: Settings) -> AsyncIterator[None]:
    await Tortoise.init(config=tortoise_config(settings.database_url))
    try:
        yield
    finally:
        await Tortoise.close_connections()


def run(coroutine: Coroutine[Any, Any, int]) -> int:
    return asyncio.run(coroutine)
