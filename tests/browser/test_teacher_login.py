"""The teacher's way in: « Déjà utilisateur ? », the Orga terms, and back where they were."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.accessibility import assert_accessible
from tests.browser.world import World


def test_a_wrong_password_is_explained_beside_the_form_and_keeps_the_email(
    page: Page, world: World
) -> None:
    teacher = world.sign_up("Claire", "Durand")
    page.goto("/orga/connexion")
    expect(page.get_by_role("heading", name="Déjà utilisateur ?")).to_be_visible()
    assert_accessible(page, "Connexion Orga")

    page.get_by_label("E-mail").fill(teacher.email)
    page.get_by_label("Mot de passe").fill("PasLeBon123")
    page.get_by_role("button", name="Je me connecte").click()

    expect(page.get_by_text(re.compile("e-mail ou (le )?mot de passe", re.I))).to_be_visible()
    expect(page.get_by_label("E-mail")).to_have_value(teacher.email)
    assert_accessible(page, "Connexion Orga, erreur")


def test_the_terms_come_first_then_the_page_asked_for(page: Page, world: World) -> None:
    school = world.school("Lycée Lumière", terms=False)
    page.goto("/orga/campagnes")
    expect(page).to_have_url(re.compile(r"/orga/connexion\?retour="))

    page.get_by_label("E-mail").fill(school.admin.email)
    page.get_by_label("Mot de passe").fill(school.admin.password)
    page.get_by_role("button", name="Je me connecte").click()

    expect(page).to_have_url(re.compile(r"/orga/cgu"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Conditions générales")
    assert_accessible(page, "CGU Orga")
    page.get_by_role("button", name="J’accepte les conditions d’utilisation").click()

    expect(page).to_have_url(re.compile(r"/orga/campagnes$"))
    expect(page.get_by_text("Lycée Lumière").first).to_be_visible()


def test_an_expired_session_leads_to_the_login_and_back_to_the_same_page(
    page: Page, world: World
) -> None:
    school = world.school("Collège Session")
    campaign = world.campaign(school, name="Classe de 6ème D")
    page.goto("/orga/connexion")
    page.get_by_label("E-mail").fill(school.admin.email)
    page.get_by_label("Mot de passe").fill(school.admin.password)
    page.get_by_role("button", name="Je me connecte").click()
    page.get_by_role("link", name="Classe de 6ème D").click()
    expect(page.get_by_role("heading", name="Classe de 6ème D")).to_be_visible()

    page.context.clear_cookies()  # the session ends (expiry, logout elsewhere)
    page.get_by_role("link", name="Résultats collectifs").click()

    expect(page).to_have_url(re.compile(r"/orga/connexion\?retour=.*expiree=1"))
    expect(page.get_by_text("Votre session a expiré")).to_be_visible()
    page.get_by_label("E-mail").fill(school.admin.email)
    page.get_by_label("Mot de passe").fill(school.admin.password)
    page.get_by_role("button", name="Je me connecte").click()
    expect(page).to_have_url(re.compile(rf"/orga/campagnes/{campaign['id']}/resultats-collectifs$"))
