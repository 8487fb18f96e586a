"""The pupil's way in: « J'ai un code », a campaign's presentation page, signing up or logging
in and back, « Avant de commencer », then « Mes parcours » and « Mes tutos » (pix-domain §12).

The test itself (``/campagnes/CODE/evaluation/ID``) is another screen's business: here the
pupil only has to land on its URL, and the API must say the participation exists.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, unquote

from playwright.sync_api import Page, expect

from engine.content import bundled_referential
from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import NewContext
from tests.browser.world import ERRORS, Person, World, log_in

ARCHIVE = f"""mutation Archive($input: CampaignInput!) {{
  archiveCampaign(input: $input) {{ {ERRORS} }} }}"""
SAVE_TUTORIAL = f"""mutation Save($input: SaveTutorialInput!) {{
  saveTutorial(input: $input) {{ {ERRORS} }} }}"""
MY_PARTICIPATIONS = """{ myParticipations(first: 100) { edges { node {
  id status externalId campaign { code } assessment { id } } } } }"""
SAVED_TUTORIALS = "{ savedTutorials { totalCount edges { node { id } } } }"
LOG_IN_TOKEN = f"""mutation LogIn($input: LogInInput!) {{
  logIn(input: $input) {{ token {ERRORS} }} }}"""

NARROW = {"width": 360, "height": 640}
WIDE = {"width": 1280, "height": 720}
EVALUATION = r"/campagnes/{code}/evaluation/([^/?#]+)$"


def check_screen(page: Page, screen: str) -> None:
    """axe-core with no serious or critical violation, wide and at 360 × 640 (a phone), where
    nothing may scroll sideways."""
    assert_accessible(page, screen)
    page.set_viewport_size(NARROW)
    try:
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= NARROW["width"], f"écran « {screen} » : {width} px de large à 360 px"
        assert_accessible(page, f"{screen}, 360 px")
    finally:
        page.set_viewport_size(WIDE)


def participations(world: World, person: Person) -> list[dict[str, Any]]:
    """The pupil's participations as the API lists them (a session of its own)."""
    token = world.mutate(LOG_IN_TOKEN, input={"email": person.email, "password": person.password})[
        "token"
    ]
    data = world.run(MY_PARTICIPATIONS, token)
    return [edge["node"] for edge in data["myParticipations"]["edges"]]


def fill_sign_up(page: Page, first: str, last: str, email: str, password: str) -> None:
    page.get_by_label("Prénom").fill(first)
    page.get_by_label(re.compile("^Nom")).fill(last)
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label(re.compile("^Mot de passe")).fill(password)
    page.get_by_label("J’accepte les conditions d’utilisation d’Orga").check()


def log_in_form(page: Page, person: Person) -> None:
    page.get_by_label("E-mail").fill(person.email)
    page.get_by_label("Mot de passe").fill(person.password)
    page.get_by_role("button", name="Je me connecte").click()


# --- « J'ai un code » --------------------------------------------------------------------------


def test_a_code_typed_in_lower_case_with_spaces_opens_the_presentation_page(
    page: Page, world: World
) -> None:
    school = world.school("Collège Pasteur")
    campaign = world.campaign(
        school,
        title="Mener une recherche",
        landingText="Vous devez m'envoyer votre test avant le **18 mars**. Bonne chance !",
    )
    code = campaign["code"]
    page.goto("/")
    expect(page.get_by_role("heading", level=1, name="J’ai un code")).to_be_visible()
    expect(page.get_by_role("link", name="Se connecter")).to_be_visible()
    expect(page.get_by_role("link", name="Inscription gratuite")).to_be_visible()
    check_screen(page, "Accueil élève")

    typed = f" {code[:3].lower()} {code[3:6].lower()}-{code[6:]} "
    page.get_by_label("Saisissez le code du parcours").fill(typed)
    page.get_by_role("button", name="Commencer").click()

    expect(page).to_have_url(re.compile(rf"/campagnes/{code}$"))
    expect(page.get_by_role("heading", level=1, name="Commencez votre parcours")).to_be_visible()
    expect(page.get_by_text("Mener une recherche", exact=True)).to_be_visible()
    expect(page.get_by_text("Parcours proposé par Collège Pasteur")).to_be_visible()
    expect(page.locator("strong", has_text="18 mars")).to_be_visible()
    expect(page.get_by_role("button", name="Je commence")).to_be_visible()
    expect(page).to_have_title(re.compile("Mener une recherche"))
    check_screen(page, "Présentation de la campagne")

    # The direct link typed in lower case is the same campaign.
    page.goto(f"/campagnes/{code.lower()}")
    expect(page).to_have_url(re.compile(rf"/campagnes/{code}$"))
    expect(page.get_by_role("heading", level=1, name="Commencez votre parcours")).to_be_visible()


def test_a_landing_text_with_a_code_block_and_a_long_address_fits_a_phone(
    page: Page, world: World
) -> None:
    """Markdown from the API (here a teacher's landing text; a question's instruction in the
    checkpoint alike) wraps its code blocks and long addresses at 360 px."""
    address = "https://www.exemple.fr/" + "dossier-sans-espace/" * 6
    landing = f'Lisez ce code :\n\n```html\n<a href="{address}">Le site</a>\n```\n\n{address}'
    campaign = world.campaign(world.school(), title="Parcours Code", landingText=landing)
    page.goto(f"/campagnes/{campaign['code']}")
    expect(page.locator(".landing pre code")).to_contain_text("dossier-sans-espace")
    check_screen(page, "Présentation, texte avec du code")


def test_a_wrong_code_is_explained_beside_the_field_and_on_its_link(
    page: Page, world: World
) -> None:
    page.goto("/")
    field = page.get_by_label("Saisissez le code du parcours")
    page.get_by_role("button", name="Commencer").click()
    expect(page.get_by_text("Veuillez saisir un code.")).to_be_visible()
    expect(field).to_have_attribute("aria-invalid", "true")

    field.fill("zzzzzz999")
    page.get_by_role("button", name="Commencer").click()
    expect(
        page.get_by_text("Votre code est erroné, veuillez vérifier ou contacter")
    ).to_be_visible()
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_be_focused()
    expect(field).to_have_value("zzzzzz999")
    expect(page).to_have_url(re.compile(r"/$"))
    check_screen(page, "Accueil élève, code erroné")

    page.goto("/campagnes/ZZZZZZ999")
    expect(page.get_by_role("heading", level=1, name="Code erroné")).to_be_visible()
    expect(
        page.get_by_text("Votre code est erroné, veuillez vérifier ou contacter")
    ).to_be_visible()
    check_screen(page, "Lien de campagne erroné")
    page.get_by_role("link", name="Saisir un autre code").click()
    expect(page.get_by_role("heading", level=1, name="J’ai un code")).to_be_visible()


def test_an_archived_campaign_says_it_is_no_longer_open(page: Page, world: World) -> None:
    school = world.school("Collège Archives")
    campaign = world.campaign(school, title="Ancien parcours")
    world.mutate(ARCHIVE, school.admin.token, input={"campaignId": campaign["id"]})

    page.goto("/")
    page.get_by_label("Saisissez le code du parcours").fill(campaign["code"])
    page.get_by_role("button", name="Commencer").click()

    expect(page).to_have_url(re.compile(rf"/campagnes/{campaign['code']}$"))
    expect(
        page.get_by_role("heading", level=1, name="Oups, la page demandée n’est plus accessible.")
    ).to_be_visible()
    expect(page.get_by_text("archivé par l’organisateur")).to_be_visible()
    expect(page.get_by_role("button", name="Je commence")).to_have_count(0)
    check_screen(page, "Campagne archivée")


# --- signing up, logging in, joining -----------------------------------------------------------


def test_signing_up_from_the_presentation_page_comes_back_and_starts_the_test(
    page: Page, world: World
) -> None:
    school = world.school("Collège Curie")
    campaign = world.campaign(school, title="Parcours Curie")
    code = campaign["code"]
    page.goto(f"/campagnes/{code}")
    page.get_by_role("button", name="Je commence").click()

    expect(page).to_have_url(
        re.compile(rf"/inscription\?retour={quote('/campagnes/', safe='')}{code}$")
    )
    expect(page.get_by_role("heading", level=1, name="Inscription gratuite")).to_be_visible()
    expect(page.get_by_text("8 caractères au moins, dont une majuscule")).to_be_visible()
    check_screen(page, "Inscription gratuite")

    email = f"lea.{code.lower()}@example.org"
    fill_sign_up(page, "Léa", "Petit", email, "faible")
    page.get_by_role("button", name="Je m’inscris").click()

    password = page.get_by_label(re.compile("^Mot de passe"))
    expect(page.locator("#signup-password-error")).to_contain_text(
        "Le mot de passe doit contenir au moins 8 caractères"
    )
    expect(password).to_have_attribute("aria-invalid", "true")
    expect(password).to_be_focused()
    expect(page.get_by_label("Prénom")).to_have_value("Léa")
    expect(page.get_by_label(re.compile("^Nom"))).to_have_value("Petit")
    expect(page.get_by_label("Adresse e-mail")).to_have_value(email)
    check_screen(page, "Inscription gratuite, mot de passe refusé")

    password.fill("Secret123")
    page.get_by_role("button", name="Je m’inscris").click()

    expect(page).to_have_url(re.compile(rf"/campagnes/{code}$"))
    expect(page.get_by_role("banner")).to_contain_text("Léa")
    expect(page.get_by_role("link", name="Mes parcours")).to_be_visible()
    check_screen(page, "Présentation, connecté")
    page.get_by_role("button", name="Je commence").click()

    expect(page).to_have_url(re.compile(EVALUATION.format(code=code)))
    match = re.search(EVALUATION.format(code=code), page.url)
    assert match
    pupil = Person("Léa", "Petit", email, token="", password="Secret123")
    joined = [p for p in participations(world, pupil) if p["campaign"]["code"] == code]
    assert len(joined) == 1
    assert joined[0]["status"] == "STARTED"
    assert joined[0]["assessment"]["id"] == unquote(match.group(1))


def test_the_terms_to_accept_are_read_in_a_new_tab_and_what_was_typed_stays(
    page: Page,
) -> None:
    page.goto("/inscription")
    page.get_by_label("Prénom").fill("Noé")
    with page.context.expect_page() as opened:
        page.get_by_role("link", name="Lire les conditions d’utilisation").click()
    terms = opened.value
    expect(terms).to_have_url(re.compile("/conditions-d-utilisation$"))
    expect(terms.get_by_role("heading", level=1, name="Conditions d’utilisation")).to_be_visible()
    expect(terms.get_by_text("que lorsque vous choisissez de les lui envoyer")).to_be_visible()
    check_screen(terms, "Conditions d’utilisation")
    terms.close()
    expect(page.get_by_label("Prénom")).to_have_value("Noé")


def test_logging_in_from_the_presentation_page_comes_back_and_resumes(
    page: Page, world: World
) -> None:
    school = world.school("Collège Connexion")
    campaign = world.campaign(school, title="Parcours Connexion")
    code = campaign["code"]
    pupil = world.sign_up("Hugo", "Bernard")
    page.goto(f"/campagnes/{code}")
    page.get_by_role("link", name="Se connecter").click()

    retour = quote(f"/campagnes/{code}", safe="")
    expect(page).to_have_url(re.compile(rf"/connexion\?retour={retour}$"))
    expect(page.get_by_role("heading", level=1, name="Se connecter")).to_be_visible()
    expect(page.get_by_role("link", name="Réinitialisez-le")).to_have_attribute(
        "href", "/mot-de-passe-oublie"
    )
    expect(page.get_by_role("link", name="Inscription gratuite")).to_have_attribute(
        "href", f"/inscription?retour={retour}"
    )
    check_screen(page, "Connexion élève")

    log_in_form(page, pupil)
    expect(page).to_have_url(re.compile(rf"/campagnes/{code}$"))
    page.get_by_role("button", name="Je commence").click()
    expect(page).to_have_url(re.compile(EVALUATION.format(code=code)))
    first_url = page.url

    # Back on the presentation page: the test is under way, « Reprendre » goes back to it.
    page.goto(f"/campagnes/{code}")
    expect(
        page.get_by_text("Vous n’avez pas terminé le parcours « Parcours Connexion »")
    ).to_be_visible()
    check_screen(page, "Présentation, parcours en cours")
    page.get_by_role("link", name="Reprendre").click()
    expect(page).to_have_url(first_url)
    assert len([p for p in participations(world, pupil) if p["campaign"]["code"] == code]) == 1


def test_the_login_page_says_when_the_session_expired(page: Page) -> None:
    page.goto("/connexion?retour=%2Fmes-parcours&expiree=1")
    expect(page.get_by_text("Votre session a expiré")).to_be_visible()
    check_screen(page, "Connexion élève, session expirée")


def test_a_campaign_asking_for_an_identifier_goes_through_avant_de_commencer(
    new_context: NewContext, world: World
) -> None:
    school = world.school("Lycée Identifiants")
    campaign = world.campaign(school, title="Parcours Lycée", externalIdLabel="Numéro d’élève")
    code = campaign["code"]
    pupil = world.sign_up("Inès", "Moreau")
    context = new_context()
    log_in(context, pupil)
    page = context.new_page()
    page.goto(f"/campagnes/{code}")
    page.get_by_role("button", name="Je commence").click()

    expect(page).to_have_url(re.compile(rf"/campagnes/{code}/identifiant$"))
    expect(page.get_by_role("heading", level=1, name="Avant de commencer")).to_be_visible()
    field = page.get_by_label("Numéro d’élève")
    check_screen(page, "Avant de commencer")
    page.get_by_role("button", name="Continuer").click()
    expect(page.get_by_text("Veuillez saisir votre Numéro d’élève.")).to_be_visible()
    expect(field).to_have_attribute("aria-invalid", "true")
    check_screen(page, "Avant de commencer, identifiant manquant")

    field.fill("  A-1234  ")
    page.get_by_role("button", name="Continuer").click()
    expect(page).to_have_url(re.compile(EVALUATION.format(code=code)))
    joined = [p for p in participations(world, pupil) if p["campaign"]["code"] == code]
    assert [p["externalId"] for p in joined] == ["A-1234"]


# --- « Mes parcours », « Mes tutos » -----------------------------------------------------------


def test_mes_parcours_shows_each_state_and_what_to_do_next(
    new_context: NewContext, world: World
) -> None:
    school = world.school("Collège Parcours")
    started = world.campaign(school, name="C1", title="Parcours commencé", targetProfileId="tp-2.1")
    shared = world.campaign(school, name="C2", title="Parcours envoyé")
    to_share = world.campaign(school, name="C3", title="Parcours à envoyer")
    person = world.sign_up("Nina", "Roux")
    in_progress = world.join(started["code"], person)
    done = world.join(shared["code"], person)
    world.finish(done)
    world.share(done)
    finished = world.join(to_share["code"], person)
    world.finish(finished)

    context = new_context()
    log_in(context, person)
    page = context.new_page()
    page.goto("/mes-parcours")
    expect(page.get_by_role("heading", level=1, name="Mes parcours")).to_be_visible()
    expect(page.get_by_role("banner")).to_contain_text("Nina")

    card = page.get_by_role("listitem").filter(has_text="Parcours commencé")
    expect(card).to_contain_text("En cours")
    expect(card.get_by_role("link", name="Reprendre")).to_have_attribute(
        "href",
        f"/campagnes/{started['code']}/evaluation/{quote(in_progress.assessment_id, safe='')}",
    )
    card = page.get_by_role("listitem").filter(has_text="Parcours à envoyer")
    expect(card).to_contain_text("À envoyer")
    expect(card.get_by_role("link", name="Envoyer mes résultats")).to_have_attribute(
        "href", f"/campagnes/{to_share['code']}/evaluation/{quote(finished.assessment_id, safe='')}"
    )
    card = page.get_by_role("listitem").filter(has_text="Parcours envoyé")
    expect(card).to_contain_text("Résultats envoyés")
    expect(card).to_contain_text("Terminé")
    expect(card.get_by_role("link")).to_have_count(0)
    check_screen(page, "Mes parcours")

    page.get_by_role("link", name="Reprendre").click()
    expect(page).to_have_url(re.compile(EVALUATION.format(code=started["code"])))


def test_mes_parcours_needs_a_login_and_says_when_it_is_empty(page: Page, world: World) -> None:
    pupil = world.sign_up("Timéo", "Blanc")
    page.goto("/mes-parcours")
    expect(page).to_have_url(re.compile(r"/connexion\?retour=%2Fmes-parcours$"))
    log_in_form(page, pupil)

    expect(page).to_have_url(re.compile(r"/mes-parcours$"))
    expect(page.get_by_text("Vous n’avez encore commencé aucun parcours.")).to_be_visible()
    check_screen(page, "Mes parcours, vide")
    page.get_by_role("link", name="J’ai un code").click()
    expect(page.get_by_role("heading", level=1, name="J’ai un code")).to_be_visible()
    expect(page.get_by_role("banner")).to_contain_text("Timéo")

    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_role("link", name="Se connecter")).to_be_visible()
    page.goto("/mes-tutos")
    expect(page).to_have_url(re.compile(r"/connexion\?retour=%2Fmes-tutos$"))


def test_mes_tutos_lists_a_saved_tutorial_and_retirer_removes_it(
    new_context: NewContext, world: World
) -> None:
    tutorial = next(iter(bundled_referential().tutorials.values()))
    pupil = world.sign_up("Sacha", "Lefèvre")
    world.mutate(SAVE_TUTORIAL, pupil.token, input={"tutorialId": tutorial.id})

    context = new_context()
    log_in(context, pupil)
    page = context.new_page()
    page.goto("/mes-tutos")
    expect(page.get_by_role("heading", level=1, name="Mes tutos")).to_be_visible()
    card = page.get_by_role("listitem").filter(has_text=tutorial.title)
    expect(card.get_by_role("link")).to_have_attribute("href", tutorial.link)
    expect(card).to_contain_text(f"par {tutorial.source}")
    expect(card).to_contain_text(tutorial.format)
    expect(card).to_contain_text(re.compile(r"Durée\s*:?\s*\d+ (minute|seconde)"))
    check_screen(page, "Mes tutos")

    card.get_by_role("button", name="Retirer").click()
    expect(page.get_by_text("Vous n’avez encore enregistré aucun tuto.")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="a été retiré")).to_be_attached()
    check_screen(page, "Mes tutos, vide")
    assert world.run(SAVED_TUTORIALS, pupil.token)["savedTutorials"]["totalCount"] == 0


def test_mes_tutos_shows_20_then_voir_plus_loads_the_rest(
    new_context: NewContext, world: World
) -> None:
    pupil = world.sign_up("Eli", "Nombreux")
    tutorials = list(bundled_referential().tutorials.values())[:21]
    for tutorial in tutorials:
        world.mutate(SAVE_TUTORIAL, pupil.token, input={"tutorialId": tutorial.id})

    context = new_context()
    log_in(context, pupil)
    page = context.new_page()
    page.goto("/mes-tutos")
    cards = page.locator("li.tutorial")
    expect(cards).to_have_count(20)
    page.get_by_role("button", name="Voir plus de tutos").click()
    expect(cards).to_have_count(21)
    expect(page.get_by_role("button", name="Voir plus de tutos")).to_have_count(0)
    # Newest first: the first one saved comes last.
    expect(cards.last).to_contain_text(tutorials[0].title)


def test_mes_parcours_shows_20_then_voir_plus_loads_the_rest(
    new_context: NewContext, world: World
) -> None:
    school = world.school("Collège Nombreux")
    person = world.sign_up("Lina", "Nombreux")
    for number in range(21):
        campaign = world.campaign(school, name=f"C{number:02}", title=f"Parcours {number:02}")
        world.join(campaign["code"], person)

    context = new_context()
    log_in(context, person)
    page = context.new_page()
    page.goto("/mes-parcours")
    cards = page.locator("li.participation")
    expect(cards).to_have_count(20)
    page.get_by_role("button", name="Voir plus de parcours").click()
    expect(cards).to_have_count(21)
    expect(page.get_by_role("button", name="Voir plus de parcours")).to_have_count(0)
    # Newest first: the first one joined comes last.
    expect(cards.last).to_contain_text("Parcours 00")
