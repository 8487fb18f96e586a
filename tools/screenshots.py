"""`make screenshots`: the main screens of the web app over the demo data, to docs/screenshots/.

Starts Orga on a throw-away SQLite database filled by `orga demo`, logs in as the demo
administrator in Debian's Chromium (Playwright) and saves each screen as a PNG. Run it after a
change to what a screen shows, and commit the pictures with the change.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.browser.pupil import (
    alternate,
    answer_on_screen,
    past_instructions,
    past_timed_notice,
    take_test,
)
from tools.demo_server import CHROMIUM, demo_orga

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "docs" / "screenshots"
ACCEPT_TERMS = "J’accepte les conditions d’utilisation"
DEMO_CAMPAIGN = "Stéphane Libellot - Classe de 3°4"  # the demo's 1.1 campaign
PHONE = {"width": 390, "height": 844}


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


def demo_campaign_code(page: Page) -> str:
    page.get_by_role("link", name="Campagnes", exact=True).click()
    page.get_by_role("link", name=DEMO_CAMPAIGN).click()
    return page.locator("[data-campaign-code]").inner_text().strip()


def pupil_screens(page: Page, code: str, shoot: Callable[[str], None]) -> None:
    """A new pupil on a phone: the code, sign-up, the test with a checkpoint, the results."""
    page.goto("/")
    shoot("eleve-code")
    page.get_by_label("Saisissez le code du parcours").fill(code)
    page.get_by_role("button", name="Commencer").click()
    expect(page.get_by_role("heading", name="Commencez votre parcours")).to_be_visible()
    shoot("eleve-presentation")
    page.get_by_role("button", name="Je commence").click()
    page.get_by_label("Prénom").fill("Léa")
    page.get_by_label(re.compile("^Nom")).fill("Petit")
    page.get_by_label("Adresse e-mail").fill("lea.petit@demo.orga.fr")
    page.get_by_label(re.compile("^Mot de passe")).fill("Secret123")
    page.get_by_label("J’accepte les conditions d’utilisation d’Orga").check()
    shoot("eleve-inscription")
    page.get_by_role("button", name="Je m’inscris").click()
    page.get_by_role("button", name="Je commence").click()
    expect(page.get_by_role("button", name="Passer les consignes")).to_be_visible()
    shoot("eleve-consignes")
    past_instructions(page)
    page.locator("form[data-challenge-id]").wait_for()
    shoot("eleve-question")
    for number in range(5):
        past_timed_notice(page)
        answer_on_screen(page, right=alternate(number))
    answer = page.locator("li[data-result=KO]").first
    answer.get_by_role("button", name="Réponses et tutos").click()
    answer.locator("li[data-tutorial-id]").first.get_by_role("button").click()
    shoot("eleve-point-etape")
    take_test(page, right=alternate)
    expect(page.locator("[data-mastery]")).to_be_visible()
    shoot("eleve-resultats")
    page.goto("/mes-parcours")
    expect(page.get_by_role("heading", name="Mes parcours")).to_be_visible()
    shoot("eleve-mes-parcours")
    page.goto("/mes-tutos")
    expect(page.get_by_role("heading", name="Mes tutos")).to_be_visible()
    shoot("eleve-mes-tutos")


def main() -> int:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    with demo_orga() as demo, sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context(
            base_url=demo.url,
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
        page.get_by_label("E-mail").fill(demo.admin_email)
        page.get_by_label("Mot de passe").fill(demo.admin_password)
        page.get_by_role("button", name="Je me connecte").click()
        page.wait_for_url(re.compile(r"/orga/(cgu|campagnes)"))
        if "/orga/cgu" in page.url:
            shoot("orga-cgu")
            page.get_by_role("button", name=ACCEPT_TERMS).click()
        teacher_screens(page, shoot)
        code = demo_campaign_code(page)
        context.close()
        context = browser.new_context(
            base_url=demo.url, locale="fr-FR", timezone_id="Europe/Paris", viewport=PHONE
        )
        page = context.new_page()
        pupil_screens(page, code, shoot)
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
