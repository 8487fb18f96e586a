"""« Vous avez oublié votre mot de passe ? »: the link, the new password, logging in with it."""

from __future__ import annotations

import re
import time

from playwright.sync_api import Page, expect

from tests.browser.accessibility import assert_accessible
from tests.browser.world import World
from tests.conftest import Server


def reset_link_in_log(server: Server, email: str) -> str:
    """The link the server wrote to its log (the tests configure no SMTP)."""
    pattern = re.compile(
        re.escape(email) + r".*?https?://\S+(/mot-de-passe/reinitialiser\?token=pr_\S+)", re.S
    )
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        found = pattern.search(server.log())
        if found:
            return found.group(1)
        time.sleep(0.05)
    raise AssertionError(f"pas de lien de réinitialisation pour {email} dans le journal")


def test_a_teacher_resets_a_forgotten_password_and_logs_in_with_the_new_one(
    page: Page, world: World, ui_server: Server
) -> None:
    teacher = world.school().admin
    page.goto("/orga/connexion")
    page.get_by_role("link", name="Réinitialisez-le").click()
    expect(page.get_by_role("heading", name="Mot de passe oublié")).to_be_visible()
    assert_accessible(page, "Mot de passe oublié")
    page.get_by_label("E-mail").fill(teacher.email)
    page.get_by_role("button", name="Recevoir le lien").click()
    expect(page.get_by_text("Si un compte existe avec cette adresse")).to_be_visible()

    page.goto(reset_link_in_log(ui_server, teacher.email))
    expect(page.get_by_role("heading", name="Choisissez un nouveau mot de passe")).to_be_visible()
    password = page.get_by_label("Nouveau mot de passe")
    password.fill("court")
    page.get_by_role("button", name="Enregistrer le mot de passe").click()
    expect(password).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#reset-password-error")).not_to_be_empty()
    assert_accessible(page, "Nouveau mot de passe, erreur")
    password.fill("Nouveau2026")
    page.get_by_role("button", name="Enregistrer le mot de passe").click()
    expect(page.get_by_text("Votre mot de passe a été modifié.")).to_be_visible()

    page.get_by_role("link", name="Se connecter").click()
    page.get_by_label("E-mail").fill(teacher.email)
    page.get_by_label("Mot de passe").fill("Nouveau2026")
    page.get_by_role("button", name="Je me connecte").click()
    expect(page).to_have_url(re.compile(r"/orga/campagnes$"))


def test_a_link_without_its_token_says_what_to_do(page: Page) -> None:
    page.goto("/mot-de-passe/reinitialiser")
    expect(page.get_by_text("Ce lien est incomplet")).to_be_visible()
    assert_accessible(page, "Lien de réinitialisation incomplet")
