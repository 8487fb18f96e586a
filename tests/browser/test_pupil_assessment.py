"""The pupil's test in Chromium (issue 12): the introduction, questions of every type, timed
ones, checkpoints with their corrections and tutorials, resuming, the network lost and back,
the results and sending them. What the page did is checked against what the API stored."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import NewContext
from tests.browser.pupil import evaluation_path, state, step_on_screen, stored, take_test
from tests.browser.world import World, log_in

PARTICIPATION = """query P($id: ID!) { participation(id: $id) { status sharedAt } }"""


def test_a_pupil_takes_the_whole_test_and_sends_the_results(
    new_context: NewContext, world: World
) -> None:
    school = world.school()
    campaign = world.campaign(school, title="Parcours recherche")
    pupil = world.join(campaign["code"])
    context = new_context()
    log_in(context, pupil.person)
    page = context.new_page()
    page.goto(evaluation_path(campaign["code"], pupil))

    expect(page.get_by_text("Parcours recherche").first).to_be_visible()
    assert step_on_screen(page) == "instructions"
    taken = take_test(page, right=True)

    assert taken.checkpoints >= 1
    assert len(taken.answered) == state(world, pupil)["answersCount"]
    assert all(stored(world, pupil, c)["result"] == "OK" for c in taken.answered)
    expect(page.locator("[data-mastery]")).to_contain_text("Vous maîtrisez")
    page.get_by_role("button", name="J’envoie mes résultats").click()
    page.get_by_role("button", name="Confirmer").click()
    expect(page.locator("[data-sent]")).to_contain_text("ont été envoyés")
    sent = world.run(PARTICIPATION, pupil.person.token, id=pupil.participation_id)
    assert sent["participation"]["status"] == "SHARED"
