"""The guide's whole pupil story through the UI alone (issue 12), with a teacher watching.

Three pupils in three browser contexts: Alice signs up from the link and sends her results;
Bruno types the code, finishes and does not send; Chloé stops after 7 questions, closes her
browser, logs in again in a new one and resumes from « Mes parcours ». The teacher's page,
open in a fourth context, follows them live; at the end its statuses, participant pages,
collective results and CSV agree with what the pupils did.
"""

from __future__ import annotations

import csv
import io
import re
import uuid

from playwright.sync_api import Page, expect

from tests.browser.conftest import NewContext
from tests.browser.pupil import alternate, challenge_on_screen, past_timed_notice, take_test
from tests.browser.world import PASSWORD, World, log_in


def sign_up_from(page: Page, first_name: str, last_name: str) -> str:
    """« Inscription gratuite » from the campaign's presentation page; back there after."""
    page.get_by_role("button", name="Je commence").click()
    email = f"{first_name.lower()}.{uuid.uuid4().hex[:8]}@example.org"
    page.get_by_label("Prénom").fill(first_name)
    page.get_by_label(re.compile("^Nom")).fill(last_name)
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label(re.compile("^Mot de passe")).fill(PASSWORD)
    page.get_by_label("J’accepte les conditions d’utilisation d’Orga").check()
    page.get_by_role("button", name="Je m’inscris").click()
    expect(page.get_by_role("heading", level=1, name="Commencez votre parcours")).to_be_visible()
    page.get_by_role("button", name="Je commence").click()
    page.locator("main").wait_for()
    return email


def test_three_pupils_take_the_test_while_the_teacher_watches(
    new_context: NewContext, world: World
) -> None:
    school = world.school("Collège Jean Moulin")
    campaign = world.campaign(
        school, title="Parcours recherche", landingText="Bienvenue dans votre parcours."
    )
    code = campaign["code"]

    teacher_context = new_context()
    log_in(teacher_context, school.admin)
    teacher = teacher_context.new_page()
    teacher.goto(f"/orga/campagnes/{campaign['id']}/participants")
    expect(teacher.locator("[data-counter=participants]")).to_have_text("0")

    # Alice: the direct link, the presentation page, sign-up, the whole test, sent.
    alice_context = new_context()
    alice = alice_context.new_page()
    alice.goto(f"/campagnes/{code}")
    expect(alice.get_by_text("Bienvenue dans votre parcours.")).to_be_visible()
    sign_up_from(alice, "Alice", "Durand")
    expect(teacher.locator("tr[data-participant='Alice Durand']")).to_contain_text(
        "En cours de test"
    )
    expect(teacher.locator("[data-counter=participants]")).to_have_text("1")
    take_test(alice, right=True)
    alice_mastery = alice.locator("[data-mastery]").get_attribute("data-mastery")
    expect(teacher.locator("tr[data-participant='Alice Durand']")).to_contain_text(
        "En attente d’envoi"
    )
    alice.get_by_role("button", name="J’envoie mes résultats").click()
    alice.get_by_role("button", name="Confirmer").click()
    expect(alice.locator("[data-sent]")).to_be_visible()
    expect(teacher.locator("tr[data-participant='Alice Durand']")).to_contain_text(
        "Résultats reçus"
    )
    expect(teacher.locator("[data-counter=results]")).to_have_text("1")

    # Bruno: « J'ai un code » typed in lower case, the whole test, not sent.
    bruno_context = new_context()
    bruno = bruno_context.new_page()
    bruno.goto("/")
    bruno.get_by_label("Saisissez le code du parcours").fill(code.lower())
    bruno.get_by_role("button", name="Commencer").click()
    sign_up_from(bruno, "Bruno", "Martin")
    take_test(bruno, right=alternate)
    expect(bruno.get_by_role("button", name="J’envoie mes résultats")).to_be_visible()
    expect(teacher.locator("tr[data-participant='Bruno Martin']")).to_contain_text(
        "En attente d’envoi"
    )
    expect(teacher.locator("[data-counter=participants]")).to_have_text("2")

    # Chloé: 7 questions, the browser closed; in a new one, log in, « Mes parcours », resume.
    chloe_context = new_context()
    chloe = chloe_context.new_page()
    chloe.goto(f"/campagnes/{code}")
    chloe_email = sign_up_from(chloe, "Chloé", "Petit")
    taken = take_test(chloe, right=alternate, stop_after=7)
    asked = challenge_on_screen(chloe)[0]
    chloe_context.close()
    expect(teacher.locator("tr[data-participant='Chloé Petit']")).to_contain_text(
        "En cours de test"
    )
    again = new_context().new_page()
    again.goto("/connexion")
    again.get_by_label("E-mail").fill(chloe_email)
    again.get_by_label("Mot de passe").fill(PASSWORD)
    again.get_by_role("button", name="Je me connecte").click()
    expect(again.get_by_role("heading", level=1, name="Mes parcours")).to_be_visible()
    again.get_by_role("link", name=re.compile("Reprendre")).click()
    past_timed_notice(again)
    assert len(taken.answered) == 7
    assert challenge_on_screen(again)[0] == asked

    # The teacher's view at the end, with no reload since the start.
    expect(teacher.locator("[data-counter=participants]")).to_have_text("3")
    expect(teacher.locator("[data-counter=results]")).to_have_text("1")
    teacher.locator("tr[data-participant='Alice Durand']").get_by_role("link").click()
    expect(teacher.locator("[data-score]")).to_have_text(re.compile(rf"^{alice_mastery}\s%$"))
    teacher.go_back()
    teacher.locator("tr[data-participant='Bruno Martin']").get_by_role("link").click()
    expect(teacher.get_by_text("Les résultats de cet élève s’afficheront ici")).to_be_visible()
    expect(teacher.locator("[data-score]")).to_have_count(0)
    teacher.get_by_role("link", name="Résultats collectifs").click()
    expect(teacher.get_by_text("1 élève a partagé ses résultats.")).to_be_visible()
    with teacher.expect_download() as download:
        teacher.get_by_role("link", name="Exporter résultats (.csv)").click()
    rows = list(
        csv.reader(
            io.StringIO(download.value.path().read_text(encoding="utf-8-sig")), delimiter=";"
        )
    )
    header, lines = rows[0], {row[5]: dict(zip(rows[0], row, strict=False)) for row in rows[1:]}
    assert set(lines) == {"Durand", "Martin", "Petit"}
    shared = next(column for column in header if column.startswith("Partage"))
    assert lines["Durand"][shared] in ("Oui", "oui")
    assert lines["Martin"][shared] in ("Non", "non")
    assert lines["Petit"][shared] in ("Non", "non")
