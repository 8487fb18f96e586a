"""How the server hands out the built app: gzipped, cached by name, index.html for a screen."""

from __future__ import annotations

import re

import httpx

from tests.conftest import Server


def test_assets_are_gzipped_and_cached_while_screens_get_a_fresh_index(ui_server: Server) -> None:
    with httpx.Client(base_url=ui_server.url) as http:
        screen = http.get("/orga/campagnes/inconnue", headers={"Accept-Encoding": "gzip"})
        assert screen.status_code == 200
        assert screen.headers["cache-control"] == "no-cache"
        assert screen.headers["x-frame-options"] == "DENY"
        # The app's entry (a few kB: smaller files are not worth compressing).
        script = re.search(r'/_app/immutable/entry/app\.[^"]+\.js', screen.text)
        assert script, "index.html charge son entrée depuis /_app/immutable/entry/"

        asset = http.get(script.group(0), headers={"Accept-Encoding": "gzip"})
        assert asset.status_code == 200
        assert asset.headers["content-encoding"] == "gzip"
        assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"

        missing = http.get("/_app/immutable/absent.js")
        assert missing.status_code == 404
