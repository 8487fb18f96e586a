"""The pupil's test in Chromium (issue 12): the introduction, questions of every type, timed
ones, checkpoints with their corrections and tutorials, resuming, the network lost and back,
the results and sending them. What the page did is checked against what the API stored."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Response, Route, expect

from engine.content import bundled_referential
from engine.referential import Challenge, ChallengeType
from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import NewContext
from tests.browser.pupil import (
    alternate,
    answer_on_screen,
    challenge_on_screen,
    evaluation_path,
    fill_answer,
    fits_the_width,
    past_instructions,
    past_timed_notice,
    press,
    pupil_at,
    state,
    step_on_screen,
    stored,
    take_test,
    take_test_by_keyboard,
)
from tests.browser.world import Pupil, World, log_in

PHONE = {"width": 360, "height": 640}
SAVED = "{ savedTutorials { edges { node { id } } } }"
PARTICIPATION = """query P($id: ID!) { participation(id: $id) { status sharedAt } }"""


def a_pupil(
    new_context: NewContext,
    world: World,
    wanted: Callable[[Challenge], bool] | None = None,
    phone: bool = False,
    **campaign: Any,
) -> tuple[str, Pupil, BrowserContext]:
    """A school's campaign (1.1 unless told), a pupil who joined it (and answered over the API
    until a question ``wanted`` accepts, if given), and a browser logged in as the pupil."""
    code = world.campaign(world.school(), **campaign)["code"]
    pupil = pupil_at(world, code, wanted) if wanted else world.join(code)
    context = new_context(viewport=PHONE) if phone else new_context()
    log_in(context, pupil.person)
    return code, pupil, context


def question_data(response: Response) -> bool:
    """A GraphQL response other than the checkpoint's (which lists answered questions only)."""
    request = response.request
    return request.url.endswith("/graphql") and "PupilCheckpoint(" not in (request.post_data or "")


def test_a_pupil_takes_the_whole_test_and_sends_the_results(
    new_context: NewContext, world: World
) -> None:
    code, pupil, context = a_pupil(new_context, world, title="Parcours recherche")
    page = context.new_page()
    page.goto(evaluation_path(code, pupil))

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


@pytest.mark.parametrize("right", [True, False], ids=["juste", "faux"])
@pytest.mark.parametrize("challenge_type", list(ChallengeType), ids=lambda t: t.value)
def test_each_challenge_type_answered_in_the_page(
    new_context: NewContext, world: World, challenge_type: ChallengeType, right: bool
) -> None:
    # All 16 competences: every type of question is in there, and timed ones apart.
    code, pupil, context = a_pupil(
        new_context,
        world,
        wanted=lambda c: c.type == challenge_type and not c.timer,
        targetProfileId="tp-16",
    )
    page = context.new_page()
    page.goto(evaluation_path(code, pupil))

    past_instructions(page)
    assert step_on_screen(page) == "challenge"
    assert challenge_on_screen(page) == (pupil.challenge_id, challenge_type.name)
    answer_on_screen(page, right=right)

    assert stored(world, pupil, pupil.challenge_id)["result"] == ("OK" if right else "KO")


def test_a_timed_challenge_announced_then_left_to_run_out(
    new_context: NewContext, world: World
) -> None:
    code, pupil, context = a_pupil(
        new_context, world, wanted=lambda c: c.timer is not None, phone=True
    )
    timer = bundled_referential().challenges[pupil.challenge_id].timer or 0
    page = context.new_page()
    page.clock.install()
    page.goto(evaluation_path(code, pupil))
    past_instructions(page)

    assert step_on_screen(page) == "timed"
    expect(page.get_by_role("heading", name="Question chronométrée")).to_be_visible()
    assert_accessible(page, "question chronométrée annoncée")
    assert fits_the_width(page)
    page.get_by_role("button", name="Commencer").click()
    countdown = page.get_by_role("timer")
    expect(countdown).to_be_visible()
    assert_accessible(page, "question chronométrée")
    fill_answer(page, pupil.challenge_id, right=True)
    page.clock.fast_forward(f"{timer // 60:02d}:{timer % 60 + 1:02d}")

    page.locator(f"form[data-challenge-id='{pupil.challenge_id}']").wait_for(state="detached")
    # A right answer given too late counts as out of time.
    assert stored(world, pupil, pupil.challenge_id)["result"] == "TIMEDOUT"


def test_a_reload_during_a_timed_challenge_does_not_give_its_time_again(
    new_context: NewContext, world: World
) -> None:
    code, pupil, context = a_pupil(new_context, world, wanted=lambda c: c.timer is not None)
    timer = bundled_referential().challenges[pupil.challenge_id].timer or 0
    page = context.new_page()
    page.clock.install()
    page.goto(evaluation_path(code, pupil))
    past_instructions(page)
    page.get_by_role("button", name="Commencer").click()
    expect(page.get_by_role("timer")).to_be_visible()
    page.clock.fast_forward(20_000)

    page.reload()
    # Straight back to the question, the countdown where it was, not at its start.
    assert step_on_screen(page) == "challenge"
    minutes, seconds = page.get_by_role("timer").inner_text().split(":")
    assert int(minutes) * 60 + int(seconds) <= timer - 20
    fill_answer(page, pupil.challenge_id, right=True)
    page.clock.fast_forward((timer - 20 + 1) * 1000)

    page.locator(f"form[data-challenge-id='{pupil.challenge_id}']").wait_for(state="detached")
    assert stored(world, pupil, pupil.challenge_id)["result"] == "TIMEDOUT"


def test_the_checkpoint_shows_each_result_its_correction_and_saves_a_tutorial(
    new_context: NewContext, world: World
) -> None:
    code, pupil, context = a_pupil(new_context, world, phone=True)
    page = context.new_page()
    bodies: list[str] = []
    page.on("response", lambda r: bodies.append(r.text()) if question_data(r) else None)
    page.goto(evaluation_path(code, pupil))
    assert_accessible(page, "consignes")
    assert fits_the_width(page)
    past_instructions(page)

    results: dict[str, str] = {}
    for number in range(5):
        past_timed_notice(page)
        if number == 0:
            assert_accessible(page, "question")
            assert fits_the_width(page)
            page.get_by_role("button", name="Signaler un problème").click()
            assert_accessible(page, "signaler un problème")
        right = number % 2 == 0
        results[answer_on_screen(page, right=right)] = "OK" if right else "KO"
    # Never the solution before the answer: nothing loaded outside the checkpoint carries one.
    assert not any('"solution"' in body for body in bodies)

    assert step_on_screen(page) == "checkpoint"
    expect(page.get_by_role("heading", name="Avancement du parcours")).to_be_visible()
    listed = page.locator("[data-checkpoint] li[data-challenge-id]")
    expect(listed).to_have_count(5)
    for challenge_id, result in results.items():
        expect(page.locator(f"li[data-challenge-id='{challenge_id}']")).to_have_attribute(
            "data-result", result
        )
    wrong = next(c for c, r in results.items() if r == "KO")
    item = page.locator(f"li[data-challenge-id='{wrong}']")
    item.get_by_role("button", name="Réponses et tutos").click()
    expect(item.locator("[data-answer]")).not_to_be_empty()
    expect(item.locator("[data-solution]")).not_to_be_empty()
    tutorial = item.locator("li[data-tutorial-id]").first
    tutorial_id = tutorial.get_attribute("data-tutorial-id")
    assert_accessible(page, "point d'étape, réponses et tutos")
    assert fits_the_width(page)
    tutorial.get_by_role("button", name="Enregistrer").click()
    expect(tutorial.get_by_role("button", name="Enregistré")).to_have_attribute(
        "aria-pressed", "true"
    )
    saved = world.run(SAVED, pupil.person.token)["savedTutorials"]["edges"]
    assert [edge["node"]["id"] for edge in saved] == [tutorial_id]

    page.get_by_role("button", name="Continuer mon parcours").click()
    page.locator("[data-checkpoint]").wait_for(state="detached")
    assert step_on_screen(page) in ("challenge", "timed")
    assert state(world, pupil)["answersCount"] == 5


def test_results_and_sent_screens_are_accessible_on_a_phone(
    new_context: NewContext, world: World
) -> None:
    code, pupil, context = a_pupil(new_context, world, phone=True)
    world.finish(pupil, right=False)
    page = context.new_page()
    page.goto(evaluation_path(code, pupil))

    assert step_on_screen(page) == "results"
    expect(page.locator("[data-mastery]")).to_have_text(
        "Vous maîtrisez 0 % des compétences testées."
    )
    expect(page.get_by_text("votre enseignant ne les voit pas")).to_be_visible()
    assert_accessible(page, "résultats")
    assert fits_the_width(page)
    page.get_by_role("button", name="J’envoie mes résultats").click()
    assert_accessible(page, "confirmation de l'envoi")
    page.get_by_role("button", name="Confirmer").click()
    expect(page.locator("[data-sent]")).to_be_focused()
    assert_accessible(page, "résultats envoyés")
    page.reload()
    expect(page.locator("[data-sent]")).to_be_visible()
    expect(page.get_by_role("button", name="J’envoie mes résultats")).to_have_count(0)


def test_leaving_after_7_questions_resumes_at_the_8th_in_a_new_browser(
    new_context: NewContext, world: World
) -> None:
    code, pupil, first = a_pupil(new_context, world)
    page = first.new_page()
    page.goto(evaluation_path(code, pupil))
    taken = take_test(page, right=alternate, stop_after=7)
    first.close()

    second = new_context()
    log_in(second, pupil.person)
    page = second.new_page()
    page.goto(evaluation_path(code, pupil))
    past_timed_notice(page)
    asked = state(world, pupil)
    assert asked["answersCount"] == len(taken.answered) == 7
    assert challenge_on_screen(page)[0] == asked["currentChallenge"]["id"]
    # The 8th question is the 3rd since the checkpoint after the 5th.
    expect(page.get_by_role("heading", name="Question 3 sur 5")).to_be_visible()


def test_an_answer_sent_while_offline_is_sent_again_when_the_network_is_back(
    new_context: NewContext, world: World
) -> None:
    code, pupil, context = a_pupil(new_context, world, wanted=lambda c: c.timer is None)
    page = context.new_page()
    page.goto(evaluation_path(code, pupil))
    past_instructions(page)
    before = state(world, pupil)["answersCount"]

    context.set_offline(True)
    fill_answer(page, pupil.challenge_id, right=True)
    page.get_by_role("button", name="Je valide").click()
    expect(page.get_by_text("Connexion perdue")).to_be_visible()
    assert challenge_on_screen(page)[0] == pupil.challenge_id
    context.set_offline(False)

    page.locator(f"form[data-challenge-id='{pupil.challenge_id}']").wait_for(state="detached")
    assert state(world, pupil)["answersCount"] == before + 1
    assert stored(world, pupil, pupil.challenge_id)["result"] == "OK"
    expect(page.get_by_text("Connexion perdue")).to_have_count(0)


def test_an_answer_whose_response_was_lost_is_stored_once(
    new_context: NewContext, world: World
) -> None:
    code, pupil, context = a_pupil(new_context, world, wanted=lambda c: c.timer is None)
    page = context.new_page()
    lost: list[str] = []

    def lose_the_first_response(route: Route) -> None:
        if "PupilSubmitAnswer(" in (route.request.post_data or "") and not lost:
            lost.append(route.fetch().text())  # the server stores the answer…
            route.abort("internetdisconnected")  # …and the pupil never hears back
        else:
            route.continue_()

    page.route("**/graphql", lose_the_first_response)
    page.goto(evaluation_path(code, pupil))
    past_instructions(page)
    before = state(world, pupil)["answersCount"]
    fill_answer(page, pupil.challenge_id, right=True)
    page.get_by_role("button", name="Je valide").click()
    expect(page.get_by_text("Connexion perdue")).to_be_visible()
    page.get_by_role("button", name="Réessayer maintenant").click()

    page.locator(f"form[data-challenge-id='{pupil.challenge_id}']").wait_for(state="detached")
    assert lost
    assert state(world, pupil)["answersCount"] == before + 1
    expect(page.get_by_text("a déjà reçu une réponse")).to_have_count(0)


def test_a_double_click_and_two_tabs_store_one_answer(
    new_context: NewContext, world: World
) -> None:
    code, pupil, context = a_pupil(new_context, world, wanted=lambda c: c.timer is None)
    first, second = context.new_page(), context.new_page()
    for tab in (first, second):
        tab.goto(evaluation_path(code, pupil))
        past_instructions(tab)
    before = state(world, pupil)["answersCount"]

    fill_answer(first, pupil.challenge_id, right=True)
    first.get_by_role("button", name="Je valide").dblclick()
    first.locator(f"form[data-challenge-id='{pupil.challenge_id}']").wait_for(state="detached")
    assert state(world, pupil)["answersCount"] == before + 1

    # The second tab still shows the question answered in the first: its answer is refused
    # and it moves on to where the test is, saying why.
    fill_answer(second, pupil.challenge_id, right=False)
    second.get_by_role("button", name="Je valide").click()
    second.locator(f"form[data-challenge-id='{pupil.challenge_id}']").wait_for(state="detached")
    assert state(world, pupil)["answersCount"] == before + 1
    assert stored(world, pupil, pupil.challenge_id)["result"] == "OK"


def test_the_whole_test_with_the_keyboard_alone(new_context: NewContext, world: World) -> None:
    code, pupil, context = a_pupil(new_context, world)
    page = context.new_page()
    page.goto(evaluation_path(code, pupil))

    taken = take_test_by_keyboard(page, right=True)
    assert all(stored(world, pupil, c)["result"] == "OK" for c in taken.answered)
    press(page, "J’envoie mes résultats")
    press(page, "Confirmer")
    expect(page.locator("[data-sent]")).to_be_focused()
    sent = world.run(PARTICIPATION, pupil.person.token, id=pupil.participation_id)
    assert sent["participation"]["status"] == "SHARED"


def test_a_session_that_expired_mid_test_logs_in_again_back_at_the_same_question(
    new_context: NewContext, world: World
) -> None:
    code, pupil, context = a_pupil(new_context, world, wanted=lambda c: c.timer is None)
    page = context.new_page()
    page.goto(evaluation_path(code, pupil))
    past_instructions(page)
    before = state(world, pupil)["answersCount"]

    context.clear_cookies()  # the session is gone, as after its expiry
    fill_answer(page, pupil.challenge_id, right=True)
    page.get_by_role("button", name="Je valide").click()
    expect(page.get_by_role("heading", level=1, name="Se connecter")).to_be_visible()
    expect(page.get_by_text("Votre session a expiré")).to_be_visible()
    page.get_by_label("E-mail").fill(pupil.person.email)
    page.get_by_label("Mot de passe").fill(pupil.person.password)
    page.get_by_role("button", name="Je me connecte").click()

    expect(page).to_have_url(re.compile(re.escape(evaluation_path(code, pupil))))
    past_timed_notice(page)
    assert challenge_on_screen(page)[0] == pupil.challenge_id
    assert state(world, pupil)["answersCount"] == before
    answer_on_screen(page, right=True)
    assert state(world, pupil)["answersCount"] == before + 1
