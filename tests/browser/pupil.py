"""A pupil's test clicked in the browser: which step is on screen, and answering the question
shown with the page's own controls (right or wrong), from the bundled content's solutions."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from playwright.sync_api import Page

from engine.content import bundled_referential
from engine.referential import Challenge, ChallengeType
from tests.browser.world import Pupil, World, right_answer

WRONG_TEXT = "réponse fausse"
STEPS = {
    "instructions": "button:has-text('Passer les consignes')",
    "timed": "button:text-is('Commencer')",
    "challenge": "form[data-challenge-id]",
    "checkpoint": "[data-checkpoint]",
    "results": "h1:text-is('Vos résultats')",
}
CORRECTION = """query Correction($id: ID!, $challenge: String!) {
  assessment(id: $id) {
    answersCount correction(challengeId: $challenge) { result answerValue } } }"""
WIDE = """() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""
STATE = """query State($id: ID!) {
  assessment(id: $id) { answersCount state currentChallenge { id type timer } } }"""


def evaluation_path(code: str, pupil: Pupil) -> str:
    return f"/campagnes/{code}/evaluation/{pupil.assessment_id}"


def past_instructions(page: Page) -> None:
    """Leaves the introduction pages if they are shown (before the very first question)."""
    if step_on_screen(page) == "instructions":
        page.get_by_role("button", name="Passer les consignes").click()
        page.locator(STEPS["instructions"]).wait_for(state="detached")


def fits_the_width(page: Page) -> bool:
    """No horizontal scrolling: nothing is wider than the viewport."""
    fits = bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))
    if not fits:
        print(page.evaluate(WIDE))
    return fits


def step_on_screen(page: Page) -> str:
    """Waits for one of the test's steps and says which one it is."""
    page.locator(", ".join(STEPS.values())).first.wait_for()
    for step, selector in STEPS.items():
        if page.locator(selector).count():
            return step
    raise AssertionError("aucune étape du parcours à l'écran")


def challenge_on_screen(page: Page) -> tuple[str, str]:
    form = page.locator("form[data-challenge-id]")
    return form.get_attribute("data-challenge-id") or "", form.get_attribute(
        "data-challenge-type"
    ) or ""


def wrong_choices(solution: list[str], count: int) -> list[str]:
    return [next(str(n) for n in range(1, count + 1) if str(n) not in solution)]


def fill_answer(page: Page, challenge_id: str, right: bool) -> None:
    """Chooses or types the right (or a wrong) answer of the question on screen."""
    challenge = bundled_referential().challenges[challenge_id]
    form = page.locator("form[data-challenge-id]")
    value = right_answer(challenge_id)
    if challenge.type in (ChallengeType.QCU, ChallengeType.QCM):
        solution = value.split(",")
        picked = solution if right else wrong_choices(solution, len(challenge.choices))
        for number in picked:
            form.locator(f"input[name=answer][value='{number}']").check()
    elif challenge.type == ChallengeType.QROC:
        form.locator("[data-key]").first.fill(value if right else WRONG_TEXT)
    else:
        for key, text in json.loads(value).items():
            form.locator(f"[data-key='{key}']").fill(text if right else WRONG_TEXT)


def answer_on_screen(page: Page, right: bool = True, skip: bool = False) -> str:
    """Answers the question shown and waits for it to leave the screen; returns its id."""
    challenge_id, _ = challenge_on_screen(page)
    if skip:
        page.get_by_role("button", name="Je passe").click()
    else:
        fill_answer(page, challenge_id, right)
        page.get_by_role("button", name="Je valide").click()
    page.locator(f"form[data-challenge-id='{challenge_id}']").wait_for(state="detached")
    return challenge_id


@dataclass
class Taken:
    """What a pupil did in the browser, to compare with what the API stored."""

    answered: list[str]
    checkpoints: int = 0


def take_test(page: Page, right: bool = True, stop_after: int | None = None) -> Taken:
    """Clicks through the test from the step on screen: instructions, timed notices, questions
    and checkpoints, to the results (or until ``stop_after`` answers, on a question)."""
    taken = Taken([])
    while True:
        step = step_on_screen(page)
        if step == "results":
            return taken
        if step == "instructions":
            page.get_by_role("button", name="Passer les consignes").click()
        elif step == "timed":
            page.get_by_role("button", name="Commencer").click()
        elif step == "checkpoint":
            taken.checkpoints += 1
            button = page.locator("[data-checkpoint] .actions button")
            button.click()
            button.wait_for(state="detached")
        else:
            if stop_after is not None and len(taken.answered) >= stop_after:
                return taken
            taken.answered.append(answer_on_screen(page, right))


def stored(world: World, pupil: Pupil, challenge_id: str) -> dict[str, Any]:
    """The answer the API stored for ``challenge_id``: its result and value."""
    data = world.run(CORRECTION, pupil.person.token, id=pupil.assessment_id, challenge=challenge_id)
    correction: dict[str, Any] = data["assessment"]["correction"]
    return correction


def state(world: World, pupil: Pupil) -> dict[str, Any]:
    data: dict[str, Any] = world.run(STATE, pupil.person.token, id=pupil.assessment_id)[
        "assessment"
    ]
    return data


def pupil_at(world: World, code: str, wanted: Callable[[Challenge], bool], tries: int = 6) -> Pupil:
    """A pupil who answered over the API until the question asked is one that ``wanted``
    accepts (a QROCM, a timed one…): the adaptive test decides the order, not the test."""
    challenges = bundled_referential().challenges
    for _ in range(tries):
        pupil = world.join(code)
        while pupil.challenge_id and not wanted(challenges[pupil.challenge_id]):
            world.answer(pupil, right=True)
        if pupil.challenge_id:
            return pupil
    raise AssertionError("aucun élève n'est arrivé à une telle question")
