"""Fixtures of the browser tests: the built web app on a real server, Debian's Chromium.

The server is the one the README runs (uvicorn, the real database of this pass, the real
broadcast backend) serving ``web/ui/build``; ``make test`` builds the app first. Each test gets
its own browser contexts (cookies, storage), in French and in Paris time as a school's
machines are. The world a test needs (accounts, organizations, campaigns) is made over the
GraphQL API with a bearer token, as a third party would; what the test is about is clicked.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from tests.browser.world import World
from tests.conftest import DatabaseFactory, Server, start_server
from web.ui_files import BUILD_DIRECTORY

CHROMIUM = os.environ.get("ORGA_TEST_CHROMIUM", "/usr/bin/chromium")
# Fewer background services: faster starts and no network calls from the browser itself.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def ui_server(
    database_factory: DatabaseFactory, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """A server of its own, so that the browser's failed logins meet no other test's."""
    if not (BUILD_DIRECTORY / "index.html").is_file():
        pytest.fail("web/ui/build est absent : lancez `make ui` (ou `make test`) d'abord.")
    running = start_server(database_factory.create("ui"), tmp_path_factory.mktemp("ui-logs"))
    yield running
    running.stop()


@pytest.fixture(scope="session")
def playwright_driver(ui_server: Server) -> Iterator[Playwright]:
    # After the server: Playwright's sync API keeps an event loop running in this thread,
    # where the database set-up (asyncio.run) could no longer run.
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    if not Path(CHROMIUM).is_file() and shutil.which("chromium") is None:
        pytest.fail(f"Chromium est introuvable ({CHROMIUM}) : apt-get install chromium")
    launched = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield launched
    launched.close()


NewContext = Callable[..., BrowserContext]


@pytest.fixture
def new_context(browser: Browser, ui_server: Server) -> Iterator[NewContext]:
    """``new_context(**options)``: a fresh browser profile on the app, closed after the test."""
    opened: list[BrowserContext] = []

    def make(**options: Any) -> BrowserContext:
        context = browser.new_context(
            base_url=ui_server.url,
            locale="fr-FR",
            timezone_id="Europe/Paris",
            **options,
        )
        context.set_default_timeout(10_000)
        opened.append(context)
        return context

    yield make
    for context in opened:
        context.close()


@pytest.fixture
def page(new_context: NewContext) -> Page:
    return new_context().new_page()


@pytest.fixture
def world(ui_server: Server) -> Iterator[World]:
    made = World(ui_server)
    yield made
    made.close()
