"""axe-core on the page as it stands: no violation of impact serious or critical (issue 11)."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

BLOCKING_IMPACTS = {"serious", "critical"}
_axe = Axe()


def assert_accessible(page: Page, screen: str) -> None:
    """Fails with each blocking rule, its help text and the elements it found."""
    results = _axe.run(page)
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
    report = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} → "
        + ", ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in blocking
    )
    assert not blocking, f"axe-core, écran « {screen} » :\n{report}"
