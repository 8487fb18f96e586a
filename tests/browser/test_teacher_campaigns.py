"""The guide's teacher story, clicked in Chromium: the team, a campaign, following it live.

Pupils join and answer over the API (``world``); what the teacher sees changes without reload.
"""

from __future__ import annotations

import csv
import io
import re

from playwright.sync_api import BrowserContext, Page, WebSocketRoute, expect

from tests.browser.accessibility import assert_accessible
from tests.browser.keyboard import tab_to
from tests.browser.world import World, log_in

CAMPAIGNS = """query Campaigns($id: ID!) {
  campaigns(organizationId: $id) { totalCount edges { node { id name } } } }"""
ORGANIZATION = "query Organization($id: ID!) { organization(id: $id) { name } }"
UPDATE = """mutation Update($input: UpdateCampaignInput!) {
  updateCampaign(input: $input) { errors { code message field } } }"""


def log_in_by_form(page: Page, email: str, password: str) -> None:
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Je me connecte").click()


def counter(page: Page, name: str) -> str:
    return page.locator(f"[data-counter={name}]").inner_text()


def test_the_guides_teacher_story(page: Page, world: World) -> None:
    school = world.school("Collège Pix", terms=False)
    colleague = world.sign_up("Stéphane", "Libellot")

    page.goto("/orga/connexion")
    log_in_by_form(page, school.admin.email, school.admin.password)
    page.get_by_role("button", name="J’accepte les conditions d’utilisation").click()
    expect(page.get_by_role("heading", name="Créez votre première campagne")).to_be_visible()
    assert_accessible(page, "Campagnes, vide")

    # Équipe: an unknown e-mail is refused beside its field, then the colleague is added.
    page.get_by_role("link", name="Équipe").click()
    expect(page.get_by_role("heading", name="Équipe", level=1)).to_be_visible()
    page.get_by_label("E-mail").fill("personne.inconnue@example.org")
    page.get_by_role("button", name="Ajouter un membre").click()
    email_field = page.get_by_label("E-mail")
    expect(email_field).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#member-email-error")).not_to_be_empty()
    expect(email_field).to_have_value("personne.inconnue@example.org")
    assert_accessible(page, "Équipe, erreur")
    email_field.fill(colleague.email)
    page.get_by_role("button", name="Ajouter un membre").click()
    expect(page.get_by_text(f"{colleague.email} a été ajouté à l’équipe.")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Libellot Stéphane"))).to_be_visible()

    # Création d'une campagne, on 1.1, with its title and landing text; a double click.
    page.get_by_role("link", name="Campagnes").click()
    page.get_by_role("link", name="Créer une campagne").first.click()
    expect(page.get_by_role("heading", name="Création d’une campagne")).to_be_visible()
    assert_accessible(page, "Création d'une campagne")
    page.get_by_label("Nom de la campagne").fill("Stéphane Libellot - Classe de 3°4")
    page.get_by_label("Que souhaitez-vous tester ?").select_option(
        label="1.1 Mener une recherche et une veille d'information"
    )
    expect(page.get_by_role("radio", name="Non")).to_be_checked()
    page.get_by_label("Titre du parcours").fill("Mener une recherche")
    page.get_by_label("Texte de la page d’accueil").fill(
        "Vous devez m'envoyer votre test avant le 18 mars. Bonne chance !"
    )
    page.get_by_role("button", name="Créer la campagne").dblclick()

    expect(page.get_by_role("heading", name="Stéphane Libellot - Classe de 3°4")).to_be_visible()
    listed = world.run(CAMPAIGNS, school.admin.token, id=school.organization_id)["campaigns"]
    assert listed["totalCount"] == 1
    code = page.locator("[data-campaign-code]").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{9}", code)
    expect(page.locator("[data-direct-link]")).to_have_text(re.compile(rf"/campagnes/{code}$"))
    expect(page.get_by_text("Mener une recherche", exact=True)).to_be_visible()
    expect(page.get_by_text("Bonne chance !")).to_be_visible()
    expect(page.get_by_role("link", name="Modifier")).to_be_visible()
    assert_accessible(page, "Campagne, détails")
    assert counter(page, "participants") == "0"

    # « Modifier »: the title as the guide shows it after editing.
    page.get_by_role("link", name="Modifier").click()
    assert_accessible(page, "Modifier la campagne")
    page.get_by_label("Titre du parcours").fill("Parcours Mener une recherche")
    page.get_by_role("button", name="Enregistrer les modifications").click()
    expect(page.get_by_text("Parcours Mener une recherche", exact=True)).to_be_visible()

    # Pupils join and answer: the counters and the table follow without reload.
    lou = world.join(code)
    expect(page.locator("[data-counter=participants]")).to_have_text("1")
    page.get_by_role("link", name=re.compile(r"Participants \(1\)")).click()
    lou_row = page.get_by_role("row", name=re.compile("Élève Lou"))
    expect(lou_row).to_contain_text("En cours de test")
    assert_accessible(page, "Participants")
    tom = world.join(code, world.sign_up("Tom", "Arnaud"))
    expect(page.get_by_role("row", name=re.compile("Arnaud Tom"))).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(r"Participants \(2\)"))).to_be_visible()
    world.answer(tom)
    world.finish(lou)
    expect(lou_row).to_contain_text("En attente d’envoi")
    expect(lou_row).to_contain_text("100")

    # Filter by status, then the participant's page before and after sending.
    page.get_by_label("Statut", exact=True).select_option(label="En attente d’envoi")
    expect(page.get_by_role("row", name=re.compile("Arnaud Tom"))).to_have_count(0)
    lou_row.get_by_role("link").click()
    expect(page.get_by_role("heading", name=re.compile("Lou Élève"))).to_be_visible()
    expect(page.get_by_text("Les résultats de cet élève s’afficheront ici")).to_be_visible()
    expect(page.get_by_text("Score")).to_have_count(0)
    assert_accessible(page, "Participant, avant l'envoi")
    world.share(lou)
    expect(page.locator("[data-counter=results]")).to_have_text("1")
    page.reload()
    expect(page.locator("[data-score]")).to_have_text(re.compile(r"\d+\s%"))
    expect(page.get_by_text("Acquis validés").first).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("1.1 Mener une recherche"))).to_be_visible()
    assert_accessible(page, "Participant, résultats")

    page.get_by_role("link", name="Résultats collectifs").click()
    expect(page.get_by_text("1 élève a partagé ses résultats.")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("1.1 Mener une recherche"))).to_be_visible()
    assert_accessible(page, "Résultats collectifs")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Exporter résultats (.csv)").click()
    text = download_info.value.path().read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:4] == ["Nom de l'organisation", "ID Campagne", "Code", "Nom de la campagne"]
    by_name = {row[5]: row for row in rows[1:]}
    assert set(by_name) == {"Élève", "Arnaud"}
    assert by_name["Élève"][2] == code

    # Back to the list: the campaign with its counts.
    page.get_by_role("link", name="Campagnes", exact=True).click()
    row = page.get_by_role("row", name=re.compile("Stéphane Libellot - Classe de 3°4"))
    expect(row.locator("[data-count=participants]")).to_have_text("2")
    expect(row.locator("[data-count=results]")).to_have_text("1")
    assert_accessible(page, "Campagnes")
    world.join(code)
    expect(row.locator("[data-count=participants]")).to_have_text("3")


def test_a_member_cannot_edit_someone_elses_campaign(
    new_context: BrowserContext, world: World
) -> None:
    school = world.school("Lycée Lumière")
    member = world.member(school, "Marc")
    campaign = world.campaign(school, name="Classe de 2nde B")
    context = new_context()
    log_in(context, member)
    page = context.new_page()

    page.goto(f"/orga/campagnes/{campaign['id']}")
    expect(page.get_by_role("heading", name="Classe de 2nde B")).to_be_visible()
    expect(page.get_by_role("link", name="Modifier")).to_have_count(0)
    expect(page.get_by_role("button", name="Archiver")).to_have_count(0)

    page.goto(f"/orga/campagnes/{campaign['id']}/modifier")
    expect(page.get_by_role("heading", name="Accès refusé")).to_be_visible()
    refused = world.run(
        UPDATE, member.token, input={"campaignId": campaign["id"], "name": "Piratée"}
    )["updateCampaign"]["errors"]
    assert [e["code"] for e in refused] == ["FORBIDDEN"]

    page.goto("/orga/acces-api")
    expect(page.get_by_role("heading", name="Accès refusé")).to_be_visible()
    page.goto("/orga/equipe")
    expect(page.get_by_role("button", name="Ajouter un membre")).to_have_count(0)
    expect(page.get_by_role("row", name=re.compile("Enseignant Marc"))).to_contain_text("Membre")

    elsewhere = world.campaign(world.school("Autre collège"), name="Pas la mienne")
    page.goto(f"/orga/campagnes/{elsewhere['id']}")
    expect(page.get_by_role("heading", name="Page introuvable")).to_be_visible()
    expect(page.get_by_text("Pas la mienne")).to_have_count(0)


def test_a_refused_campaign_keeps_what_was_typed(new_context: BrowserContext, world: World) -> None:
    school = world.school()
    context = new_context()
    log_in(context, school.admin)
    page = context.new_page()
    page.goto("/orga/campagnes/creation")

    page.get_by_label("Nom de la campagne").fill("   ")
    page.get_by_label("Titre du parcours").fill("x" * 60)
    page.get_by_role("button", name="Créer la campagne").click()

    name = page.get_by_label("Nom de la campagne")
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#campaign-name-error")).not_to_be_empty()
    expect(page.get_by_label("Titre du parcours")).to_have_value("x" * 60)
    assert_accessible(page, "Création d'une campagne, erreurs")
    listed = world.run(CAMPAIGNS, school.admin.token, id=school.organization_id)["campaigns"]
    assert listed["totalCount"] == 0


def test_an_admin_creates_a_token_shown_once_and_revokes_it(
    new_context: BrowserContext, world: World
) -> None:
    school = world.school()
    context = new_context()
    log_in(context, school.admin)
    page = context.new_page()
    page.goto("/orga/acces-api")
    expect(page.get_by_text("Aucun jeton pour l’instant.")).to_be_visible()
    assert_accessible(page, "Accès API")

    page.get_by_label("Nom du jeton").fill("ENT du collège")
    page.get_by_role("button", name="Créer un jeton").click()
    token = page.locator("[data-new-token]").inner_text()
    organization = world.run(ORGANIZATION, token, id=school.organization_id)["organization"]
    assert organization["name"] == school.name

    page.reload()
    expect(page.locator("[data-new-token]")).to_have_count(0)
    page.get_by_role("button", name="Révoquer le jeton ENT du collège").click()
    page.get_by_role("button", name="Confirmer").click()
    expect(page.get_by_role("row", name=re.compile("ENT du collège"))).to_contain_text("Révoqué le")


def test_the_teacher_story_works_with_the_keyboard_alone(page: Page, world: World) -> None:
    school = world.school("Collège Clavier")
    page.goto("/orga/connexion")
    tab_to(page, page.get_by_label("E-mail"))
    page.keyboard.type(school.admin.email)
    tab_to(page, page.get_by_label("Mot de passe"))
    page.keyboard.type(school.admin.password)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Créez votre première campagne")).to_be_visible()

    tab_to(page, page.get_by_role("link", name="Créer une campagne").first)
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_label("Nom de la campagne"))
    page.keyboard.type("Classe de 4ème C")
    tab_to(page, page.get_by_label("Que souhaitez-vous tester ?"))
    # A closed <select> takes the arrow keys: the first competence is 1.1.
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Que souhaitez-vous tester ?").locator("option:checked")).to_have_text(
        "1.1 Mener une recherche et une veille d'information"
    )
    tab_to(page, page.get_by_label("Titre du parcours"))
    page.keyboard.type("Mener une recherche")
    tab_to(page, page.get_by_role("button", name="Créer la campagne"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Classe de 4ème C")).to_be_visible()
    code = page.locator("[data-campaign-code]").inner_text()

    pupil = world.join(code)
    tab_to(page, page.get_by_role("link", name=re.compile(r"Participants \(1\)")))
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_role("link", name="Élève Lou"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=re.compile("Lou Élève"))).to_be_visible()
    world.finish(pupil)
    world.share(pupil)
    tab_to(page, page.get_by_role("link", name="Résultats collectifs"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("1 élève a partagé ses résultats.")).to_be_visible()


def test_after_the_live_link_drops_the_page_says_so_then_shows_the_current_state(
    new_context: BrowserContext, world: World
) -> None:
    school = world.school()
    campaign = world.campaign(school)
    context = new_context()
    log_in(context, school.admin)
    page = context.new_page()
    # Every WebSocket goes through this route, so that the test can cut it as a network would.
    links: list[WebSocketRoute] = []
    cut = {"now": False}

    def route(socket: WebSocketRoute) -> None:
        if cut["now"]:
            socket.close(code=1006)
            return
        socket.connect_to_server()
        links.append(socket)

    page.route_web_socket(re.compile(r"/graphql$"), route)
    page.goto(f"/orga/campagnes/{campaign['id']}")
    live = page.locator("[data-live-state]")
    expect(live).to_have_text("Mise à jour en direct")

    cut["now"] = True
    for socket in links:
        socket.close(code=1006)
    expect(live).to_have_text("Direct interrompu : reconnexion en cours…")
    world.join(campaign["code"])  # while the link is down: this event never reaches the page
    page.wait_for_timeout(300)
    expect(page.locator("[data-counter=participants]")).to_have_text("0")

    cut["now"] = False
    expect(live).to_have_text("Mise à jour en direct", timeout=15_000)
    expect(page.locator("[data-counter=participants]")).to_have_text("1")


def test_a_teacher_of_two_organizations_switches_between_them(
    new_context: BrowserContext, world: World
) -> None:
    first = world.school("Collège Jean Moulin")
    second = world.school("Lycée Victor Hugo", admin=first.admin)
    world.campaign(first, name="Campagne du collège")
    world.campaign(second, name="Campagne du lycée")
    context = new_context()
    log_in(context, first.admin)
    page = context.new_page()
    page.goto("/orga/campagnes")
    switcher = page.get_by_label("Organisation")
    expect(switcher.locator("option")).to_have_count(2)

    for name, shown, hidden in [
        ("Lycée Victor Hugo", "Campagne du lycée", "Campagne du collège"),
        ("Collège Jean Moulin", "Campagne du collège", "Campagne du lycée"),
    ]:
        switcher.select_option(label=name)
        expect(page.get_by_role("link", name=shown)).to_be_visible()
        expect(page.get_by_role("link", name=hidden)).to_have_count(0)
    page.reload()
    expect(page.get_by_role("link", name="Campagne du collège")).to_be_visible()


def test_participants_come_in_pages_of_10_25_or_50(
    new_context: BrowserContext, world: World
) -> None:
    school = world.school()
    campaign = world.campaign(school)
    for number in range(12):
        world.join(campaign["code"], world.sign_up(f"Eleve{number:02}", "Page"))
    context = new_context()
    log_in(context, school.admin)
    page = context.new_page()
    page.goto(f"/orga/campagnes/{campaign['id']}/participants")
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(12)

    page.get_by_label("Voir").select_option("10")
    expect(rows).to_have_count(10)
    expect(page.get_by_text("Page 1 sur 2")).to_be_visible()
    expect(page.get_by_role("button", name="Page précédente")).to_be_disabled()
    page.get_by_role("button", name="Page suivante").click()
    expect(rows).to_have_count(2)
    expect(page.get_by_text("Page 2 sur 2")).to_be_visible()
    expect(page.get_by_role("button", name="Page suivante")).to_be_disabled()
    expect(page.get_by_role("row", name=re.compile("Page Eleve11"))).to_be_visible()
    page.get_by_role("button", name="Page précédente").click()
    expect(page.get_by_role("row", name=re.compile("Page Eleve00"))).to_be_visible()


def test_the_dashboards_tables_on_a_phone_scroll_by_keyboard(
    new_context: BrowserContext, world: World
) -> None:
    """At 360 px the tables scroll sideways: each is a named region the keyboard reaches
    (axe's scrollable-region-focusable), and axe finds nothing serious on the screens."""
    school = world.school()
    campaign = world.campaign(school, externalIdLabel="Numéro d’élève")
    lou = world.join(campaign["code"], externalId="3A-017")
    world.finish(lou)
    world.share(lou)
    context = new_context(viewport={"width": 360, "height": 640})
    log_in(context, school.admin)
    page = context.new_page()
    base = f"/orga/campagnes/{campaign['id']}"

    def check(screen: str) -> None:
        region = page.locator(".table-scroll")
        expect(region, f"« {screen} » : une table").to_have_count(1)
        expect(region.locator("tbody tr").first).to_be_visible()
        expect(region).to_have_attribute("role", "region")
        assert region.get_attribute("aria-label"), f"« {screen} » : la table n'a pas de nom"
        tab_to(page, region)
        assert_accessible(page, f"{screen}, 360 px")

    for screen, path in {
        "Campagnes": "/orga/campagnes",
        "Résultats collectifs": f"{base}/resultats-collectifs",
        "Équipe": "/orga/equipe",
        "Participants": f"{base}/participants",
    }.items():
        page.goto(path)
        check(screen)
    page.get_by_role("row", name=re.compile("Élève Lou")).get_by_role("link").click()
    expect(page.locator("[data-score]")).to_be_visible()
    check("Participant, résultats")
