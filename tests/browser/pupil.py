"""A pupil's test clicked in the browser: which step is on screen, and answering the question
shown with the page's own controls (right or wrong), from the bundled content's solutions."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from playwright.sync_api import Page, expect

from engine.content import bundled_referential
from engine.referential import Challenge, ChallengeType
from tests.browser.keyboard import tab_to
from tests.browser.world import Pupil, World, right_answer

WRONG_TEXT = "réponse fausse"
# Each step of the test by the mark its component carries (plain CSS, read in one go).
STEPS = {
    "instructions": "[data-instructions]",
    "timed": "[data-timed-notice]",
    "challenge": "form[data-challenge-id]",
    "checkpoint": "[data-checkpoint]",
    "results": "[data-results]",
}
CORRECTION = """query Correction($id: ID!, $challenge: String!) {
  assessment(id: $id) {
    answersCount correction(challengeId: $challenge) { result answerValue } } }"""
# What sticks out of the viewport, printed when a page does not fit.
WIDE = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
  .slice(0, 8).map(e => e.tagName + '.' + e.className)"""
STATE = """query State($id: ID!) {
  assessment(id: $id) { answersCount state currentChallenge { id type timer } } }"""


def evaluation_path(code: str, pupil: Pupil) -> str:
    return f"/campagnes/{code}/evaluation/{pupil.assessment_id}"


def past_instructions(page: Page) -> None:
    """Leaves the introduction pages if they are shown (before the very first question)."""
    if step_on_screen(page) == "instructions":
        page.get_by_role("button", name="Passer les consignes").click()
        page.locator(STEPS["instructions"]).wait_for(state="detached")


def past_timed_notice(page: Page) -> None:
    """Starts the timed question announced on screen, if one is."""
    if step_on_screen(page) == "timed":
        page.get_by_role("button", name="Commencer").click()
        page.locator(STEPS["challenge"]).wait_for()


def fits_the_width(page: Page) -> bool:
    """No horizontal scrolling: nothing is wider than the viewport."""
    fits = bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))
    if not fits:
        print(page.evaluate(WIDE))
    return fits


def step_on_screen(page: Page) -> str:
    """Waits for one of the test's steps and says which one it is (in one look at the page,
    so that a step leaving the screen meanwhile cannot be half-seen)."""
    found = page.wait_for_function(
        """(steps) => {
            for (const [step, selector] of steps) if (document.querySelector(selector)) return step;
            return null;
        }""",
        arg=list(STEPS.items()),
    )
    step: str = found.json_value()
    return step


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


def alternate(number: int) -> bool:
    """Right, wrong, right…: a pupil in the middle, whose test lasts."""
    return number % 2 == 0


def take_test(
    page: Page, right: bool | Callable[[int], bool] = True, stop_after: int | None = None
) -> Taken:
    """Clicks through the test from the step on screen: instructions, timed notices, questions
    and checkpoints, to the results (or until ``stop_after`` answers, on a question).
    ``right``: every answer right or wrong, or chosen by the answer's number (from 0)."""
    taken = Taken([])
    while True:
        step = step_on_screen(page)
        if step == "results":
            return taken
        if step == "instructions":
            past_instructions(page)
        elif step == "timed":
            past_timed_notice(page)
        elif step == "checkpoint":
            taken.checkpoints += 1
            button = page.locator("[data-checkpoint] .actions button")
            button.click()
            button.wait_for(state="detached")
        else:
            if stop_after is not None and len(taken.answered) >= stop_after:
                return taken
            number = len(taken.answered)
            taken.answered.append(
                answer_on_screen(page, right(number) if callable(right) else right)
            )


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


def answer_by_keyboard(page: Page, right: bool = True) -> str:
    """As ``answer_on_screen``, with Tab, the arrows, Space, typing and Enter only."""
    challenge_id, _ = challenge_on_screen(page)
    challenge = bundled_referential().challenges[challenge_id]
    form = page.locator(f"form[data-challenge-id='{challenge_id}']")
    value = right_answer(challenge_id)
    if challenge.type == ChallengeType.QCU:
        number = int(value if right else wrong_choices([value], len(challenge.choices))[0])
        tab_to(page, form.locator("input[name=answer]").first)
        # In a radio group, Tab reaches the first; the arrows move and choose.
        page.keyboard.press("Space" if number == 1 else "ArrowDown")
        for _ in range(number - 2):
            page.keyboard.press("ArrowDown")
        expect(form.locator(f"input[value='{number}']")).to_be_checked()
    elif challenge.type == ChallengeType.QCM:
        solution = value.split(",")
        for number in solution if right else wrong_choices(solution, len(challenge.choices)):
            tab_to(page, form.locator(f"input[value='{number}']"))
            page.keyboard.press("Space")
    elif challenge.type == ChallengeType.QROC:
        tab_to(page, form.locator("[data-key]").first)
        page.keyboard.type(value if right else WRONG_TEXT)
    else:
        for key, text in json.loads(value).items():
            tab_to(page, form.locator(f"[data-key='{key}']"))
            page.keyboard.type(text if right else WRONG_TEXT)
    tab_to(page, page.get_by_role("button", name="Je valide"))
    page.keyboard.press("Enter")
    form.wait_for(state="detached")
    return challenge_id


def press(page: Page, name: str) -> None:
    """Tabs to the button called ``name`` and presses Enter."""
    tab_to(page, page.get_by_role("button", name=name, exact=True))
    page.keyboard.press("Enter")


def take_test_by_keyboard(page: Page, right: bool = True) -> Taken:
    """``take_test`` with the keyboard alone, to the results."""
    taken = Taken([])
    while (step := step_on_screen(page)) != "results":
        if step == "instructions":
            # Through the 4 pages, as a pupil reads them.
            for _ in range(3):
                press(page, "Suivant")
            press(page, "Je commence")
            page.locator(STEPS["instructions"]).wait_for(state="detached")
        elif step == "timed":
            press(page, "Commencer")
            page.locator(STEPS["challenge"]).wait_for()
        elif step == "checkpoint":
            taken.checkpoints += 1
            button = page.locator("[data-checkpoint] .actions button")
            tab_to(page, button)
            page.keyboard.press("Enter")
            button.wait_for(state="detached")
        else:
            taken.answered.append(answer_by_keyboard(page, right))
    return taken
