"""The JavaScript and CSS a page loaded, as the browser's Resource Timing recorded it.

Counting Playwright's `requestfinished` events undercounts: the events arrive after the page
is idle, and those still on their way when the context closes are lost (a first version of
the UI benches reported 22 kB for a page that loads 87 kB). The page's own record is complete
once the network is idle, and one read gives it all.
"""

from __future__ import annotations

from playwright.sync_api import Page

# encodedBodySize: the body as transferred (gzip here), without the headers.
SCRIPTS_AND_STYLES = """() => performance.getEntriesByType('resource')
  .filter((entry) => /\\.(js|css)$/.test(new URL(entry.name).pathname))
  .reduce((total, entry) => total + entry.encodedBodySize, 0)"""


def scripts_and_styles(page: Page) -> int:
    """Bytes of JavaScript and CSS transferred for the page so far (wait for networkidle)."""
    total: int = page.evaluate(SCRIPTS_AND_STYLES)
    return total
