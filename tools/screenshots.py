"""`make screenshots`: the main screens of the web app over the demo data, to docs/screenshots/.

Starts Orga on a throw-away SQLite database filled by `orga demo`, logs in as the demo
administrator in Debian's Chromium (Playwright) and saves each screen as a PNG. Run it after a
change to what a screen shows, and commit the pictures with the change.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx
from playwright.sync_api import Page, expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("ORGA_TEST_CHROMIUM", "/usr/bin/chromium")
ORGA = str(Path(sys.executable).with_name("orga"))
ACCEPT_TERMS = "J’accepte les conditions d’utilisation"
ADMIN_LINE = re.compile(r"Administratrice : (\S+)\s+mot de passe : (\S+)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_up(url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("Le serveur s'est arrêté au démarrage.")
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("Le serveur n'a pas répondu en 30 s.")


def teacher_screens(page: Page, shoot: Callable[[str], None]) -> None:
    page.get_by_role("link", name="Campagnes", exact=True).click()
    expect(page.get_by_role("heading", name="Campagnes", level=1)).to_be_visible()
    shoot("orga-campagnes")
    page.get_by_role("link", name="Créer une campagne").first.click()
    page.get_by_label("Nom de la campagne").fill("Stéphane Libellot - Classe de 3°4")
    page.get_by_label("Titre du parcours").fill("Mener une recherche")
    shoot("orga-creation-campagne")
    page.go_back()
    page.locator("tbody tr th a").first.click()
    expect(page.locator("[data-campaign-code]")).to_be_visible()
    shoot("orga-campagne-details")
    page.get_by_role("link", name=re.compile(r"Participants \(")).click()
    expect(page.locator("tbody tr").first).to_be_visible()
    shoot("orga-participants")
    page.get_by_label("Statut", exact=True).select_option(label="Résultats reçus")
    expect(page.get_by_role("status").filter(has_text="participant")).to_be_visible()
    page.wait_for_load_state("networkidle")
    page.locator("tbody tr th a").first.click()
    expect(page.locator("[data-score]")).to_be_visible()
    shoot("orga-participant")
    page.get_by_role("link", name="Résultats collectifs").click()
    expect(page.get_by_text(re.compile("partagé"))).to_be_visible()
    shoot("orga-resultats-collectifs")
    page.get_by_role("link", name="Équipe").click()
    expect(page.get_by_role("heading", name="Équipe", level=1)).to_be_visible()
    shoot("orga-equipe")


def main() -> int:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="orga-screens-") as work:
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        env = {
            **os.environ,
            "ORGA_DATABASE_URL": f"sqlite://{work}/demo.sqlite3",
            "ORGA_BROADCAST_URL": "memory://",
            "ORGA_PUBLIC_URL": url,
            "ORGA_SECRET_KEY": "screenshots-only",
            "ORGA_LOG_LEVEL": "WARNING",
        }
        subprocess.run([ORGA, "migrate"], env=env, cwd=work, check=True, capture_output=True)
        print("Données de démonstration…", flush=True)
        demo = subprocess.run(
            [ORGA, "demo"], env=env, cwd=work, check=True, capture_output=True, text=True
        )
        found = ADMIN_LINE.search(demo.stdout)
        if not found:
            raise SystemExit("`orga demo` n'a pas affiché le compte de l'administratrice.")
        email, password = found.groups()
        server = subprocess.Popen(
            [ORGA, "serve", "--no-migrate", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            cwd=work,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_until_up(url, server)
            with sync_playwright() as driver:
                browser = driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
                context = browser.new_context(
                    base_url=url,
                    locale="fr-FR",
                    timezone_id="Europe/Paris",
                    viewport={"width": 1280, "height": 800},
                )
                page = context.new_page()

                def shoot(name: str) -> None:
                    page.wait_for_load_state("networkidle")
                    page.screenshot(path=OUTPUT / f"{name}.png", full_page=True)
                    print(f"  docs/screenshots/{name}.png", flush=True)

                page.goto("/orga/connexion")
                shoot("orga-connexion")
                page.get_by_label("E-mail").fill(email)
                page.get_by_label("Mot de passe").fill(password)
                page.get_by_role("button", name="Je me connecte").click()
                page.wait_for_url(re.compile(r"/orga/(cgu|campagnes)"))
                if "/orga/cgu" in page.url:
                    shoot("orga-cgu")
                    page.get_by_role("button", name=ACCEPT_TERMS).click()
                teacher_screens(page, shoot)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
