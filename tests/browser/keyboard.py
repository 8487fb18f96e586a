"""Moving through a page with the keyboard alone, as a person without a mouse does."""

from __future__ import annotations

from playwright.sync_api import Locator, Page

MAX_TABS = 60


def tab_to(page: Page, target: Locator) -> None:
    """Presses Tab until ``target`` has the focus; fails if the keyboard never reaches it."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{target} n'est pas atteignable au clavier ({MAX_TABS} × Tab)")
