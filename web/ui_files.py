"""The web app's built files (``web/ui/build``), served at ``/`` after the API routes.

The app is a single-page app (design §10): a path that is not a file gets ``index.html`` and
the router in the browser shows the screen, or its French "page introuvable". Hashed assets
(``/_app/immutable/``) never change under their name and are cached for a year;
``index.html`` is revalidated on every visit so that a new build reaches everyone at once.
"""

from __future__ import annotations

from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

BUILD_DIRECTORY = Path(__file__).resolve().parent / "ui" / "build"

IMMUTABLE_PREFIX = "_app/immutable/"
LONG_CACHE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"

# The page is never framed (clickjacking), types are never guessed, and other sites are not
# told which page a teacher or pupil came from (codes and ids are in our paths).
SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}

NOT_BUILT = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Orga</title></head>
<body><h1>L'application web d'Orga n'est pas construite</h1>
<p>L'API répond sur <code>/graphql</code>. Pour construire l'application web, lancez
<code>make run</code> à la racine du dépôt (il faut Node.js 20 ou plus récent), ou
<code>cd web/ui &amp;&amp; npm ci &amp;&amp; npm run build</code>.</p></body></html>
"""


class WebApp(StaticFiles):
    """Built files, with ``index.html`` as the fallback of every path that is not a file."""

    def __init__(self, directory: Path = BUILD_DIRECTORY) -> None:
        super().__init__(directory=directory, check_dir=False)
        self.index = directory / "index.html"

    async def get_response(self, path: str, scope: Scope) -> Response:
        if not self.index.is_file():
            return HTMLResponse(NOT_BUILT, status_code=503, headers=SECURITY_HEADERS)
        try:
            response = await super().get_response(path, scope)
        except HTTPException as error:
            # A missing hashed asset is a real 404 (an old tab after a deploy must not get
            # HTML for a script); any other path is a screen of the app.
            if error.status_code != 404 or path.startswith("_app/"):
                raise
            response = FileResponse(self.index, media_type="text/html")
        if response.status_code == 404 and not path.startswith("_app/"):
            response = FileResponse(self.index, media_type="text/html")
        cache = LONG_CACHE if path.startswith(IMMUTABLE_PREFIX) else REVALIDATE
        response.headers["Cache-Control"] = cache
        response.headers.update(SECURITY_HEADERS)
        return response
