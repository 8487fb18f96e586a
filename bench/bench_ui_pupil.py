"""The pupil's test in Chromium: « Je valide » → the next question, and the first page's weight.

    .venv/bin/python bench/bench_ui_pupil.py                 # 5 pupils, whole tests, SQLite
    .venv/bin/python bench/bench_ui_pupil.py --pupils 10 --runs 5

Needs the built app (`make ui`) and Debian's Chromium. On the demo data (`orga demo`), each
figure printed beside a baseline measured in the same run:

1. From « Je valide » (the form's submit event, in the page's clock) to the next question on
   screen (its form in the document), p50 / p99 over whole tests taken in the page by N pupils
   of one of the demo's 1.1 campaigns, answering right and wrong in turn; the steps that lead
   to a checkpoint or the results are counted apart. Baseline: the same `submitAnswer` round
   trip over HTTP alone, from Python; and the page's own request to the first byte of its
   response (the server's share of the wait). Goal p99 < 150 ms.
2. The pupil's first page, `/campagnes/CODE` (« Commencez votre parcours »), in a fresh
   profile: the JavaScript and CSS transferred (gzip, as served), and the same for the test's
   page. Goal ≤ 120 kB.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.pupil import (  # noqa: E402
    fill_answer,
    past_instructions,
    past_timed_notice,
    step_on_screen,
)
from tools.demo_server import CHROMIUM, demo_orga  # noqa: E402
from tools.page_weight import scripts_and_styles  # noqa: E402
from tools.ui_bench import (  # noqa: E402
    JOIN,
    ME,
    SEEN,
    SIGN_UP,
    SUBMIT,
    graphql,
    graphql_cookie,
    log_in_http,
    logged_in_context,
    percentile,
)

PASSWORD = "Secret123"
CAMPAIGNS = """query($id: ID!) { campaigns(organizationId: $id, first: 50) {
  edges { node { code name } } } }"""

# The demo's 1.1 campaign (web/commands/demo.py).
DEMO_CAMPAIGN = "Stéphane Libellot - Classe de 3°4"

# In the page's clock: each GraphQL request's start and first byte of its response.
GRAPHQL_REQUESTS = """() => performance.getEntriesByType('resource')
  .filter((entry) => new URL(entry.name).pathname === '/graphql')
  .map((entry) => [entry.startTime, entry.responseStart])"""

# In the page's clock: when a form is submitted, and when each step's element arrives.
RECORDER = """
window.__submitted = [];
window.__shown = [];
document.addEventListener('submit', () => window.__submitted.push(performance.now()), true);
new MutationObserver(() => {
  const form = document.querySelector('form[data-challenge-id]');
  const other = document.querySelector('[data-checkpoint], [data-mastery]');
  const key = form ? form.dataset.challengeId : other ? 'step' : null;
  const last = window.__shown[window.__shown.length - 1];
  if (key && (!last || last[0] !== key)) window.__shown.push([key, performance.now()]);
}).observe(document, { subtree: true, childList: true });
"""


def new_pupil(http: httpx.Client) -> tuple[str, str]:
    email = f"eleve.{uuid.uuid4().hex[:10]}@bench.orga.fr"
    signed = graphql(
        http,
        SIGN_UP,
        input={
            "firstName": "Élève",
            "lastName": "Banc",
            "email": email,
            "password": PASSWORD,
            "acceptTerms": True,
        },
    )
    return email, signed["signUp"]["token"]


def demo_campaign_code(http: httpx.Client, email: str, password: str) -> str:
    log_in_http(http, email, password)
    me = graphql_cookie(http, ME)["me"]
    organization_id = me["memberships"][0]["organization"]["id"]
    found = graphql_cookie(http, CAMPAIGNS, id=organization_id)["campaigns"]["edges"]
    http.cookies.clear()
    return next(e["node"]["code"] for e in found if e["node"]["name"] == DEMO_CAMPAIGN)


@dataclass
class Waits:
    """In ms: before a question, before a checkpoint or the results, and the answer's request
    to its first byte (the server's share of the wait before a question)."""

    to_question: list[float]
    to_step: list[float]
    first_byte: list[float]


def take_whole_test(page: Page) -> Waits:
    """Answers in the page to the results."""
    past_instructions(page)
    number = 0
    while (step := step_on_screen(page)) != "results":
        if step == "timed":
            past_timed_notice(page)
        elif step == "checkpoint":
            button = page.locator("[data-checkpoint] .actions button")
            button.click()
            button.wait_for(state="detached")
        else:
            challenge_id = page.locator("form[data-challenge-id]").get_attribute(
                "data-challenge-id"
            )
            fill_answer(page, challenge_id or "", right=number % 2 == 0)
            page.get_by_role("button", name="Je valide").click()
            page.locator(f"form[data-challenge-id='{challenge_id}']").wait_for(state="detached")
            number += 1
    submitted: list[float] = page.evaluate("window.__submitted")
    shown: list[list[Any]] = page.evaluate("window.__shown")
    requests: list[list[float]] = page.evaluate(GRAPHQL_REQUESTS)
    waits = Waits([], [], [])
    for at in submitted:
        key, when = next((k, t) for k, t in shown if t > at)
        (waits.to_step if key == "step" else waits.to_question).append(when - at)
        if key != "step":
            # The answer's own request: the first one sent after the submit.
            start, first_byte = next((s, f) for s, f in requests if s >= at)
            waits.first_byte.append(first_byte - start)
    return waits


def round_trips(http: httpx.Client, code: str, count: int) -> list[float]:
    """The baseline: `submitAnswer` over HTTP alone, answering « Je passe » to the end."""
    times: list[float] = []
    while len(times) < count:
        _, token = new_pupil(http)
        joined = graphql(http, JOIN, token, input={"code": code})["joinCampaign"]["assessment"]
        challenge = joined["currentChallenge"]
        while challenge and len(times) < count:
            started = time.perf_counter()
            payload = graphql(
                http,
                SUBMIT,
                token,
                input={"assessmentId": joined["id"], "challengeId": challenge["id"], "skip": True},
            )["submitAnswer"]
            times.append((time.perf_counter() - started) * 1000)
            if payload["checkpointDue"]:
                graphql(http, SEEN, token, input={"assessmentId": joined["id"]})
            challenge = payload["nextChallenge"]
    return times


def answers(browser: Browser, url: str, code: str, pupils: int) -> None:
    waits = Waits([], [], [])
    with httpx.Client(base_url=url, timeout=30) as http:
        for _ in range(pupils):
            email, token = new_pupil(http)
            assessment = graphql(http, JOIN, token, input={"code": code})["joinCampaign"]
            context = logged_in_context(browser, url, email, PASSWORD)
            page = context.new_page()
            page.add_init_script(RECORDER)
            page.goto(f"/campagnes/{code}/evaluation/{assessment['assessment']['id']}")
            taken = take_whole_test(page)
            waits.to_question += taken.to_question
            waits.to_step += taken.to_step
            waits.first_byte += taken.first_byte
            context.close()
        baseline = round_trips(http, code, len(waits.to_question))
    to_question, to_step = waits.to_question, waits.to_step
    print(f"1. « Je valide » → question suivante à l'écran, {pupils} parcours entiers")
    print(
        f"   vers une question ({len(to_question)}) : p50 {percentile(to_question, 0.5):.0f} ms, "
        f"p99 {percentile(to_question, 0.99):.0f} ms  (objectif p99 < 150 ms) "
        f"| `submitAnswer` seul : p50 {percentile(baseline, 0.5):.0f} ms, "
        f"p99 {percentile(baseline, 0.99):.0f} ms"
    )
    print(
        "   dont la requête de la page jusqu'au premier octet de la réponse : "
        f"p50 {percentile(waits.first_byte, 0.5):.0f} ms, "
        f"p99 {percentile(waits.first_byte, 0.99):.0f} ms"
    )
    if to_step:
        print(
            f"   vers un point d'étape ou les résultats ({len(to_step)}) : "
            f"p50 {percentile(to_step, 0.5):.0f} ms, p99 {percentile(to_step, 0.99):.0f} ms"
        )


def transferred_on(browser: Browser, url: str, path: str, email: str | None) -> int:
    context = (
        logged_in_context(browser, url, email, PASSWORD)
        if email
        else browser.new_context(base_url=url, locale="fr-FR")
    )
    page = context.new_page()
    page.goto(path)
    page.wait_for_load_state("networkidle")
    total = scripts_and_styles(page)
    context.close()
    return total


def first_page(browser: Browser, url: str, code: str, runs: int) -> None:
    with httpx.Client(base_url=url, timeout=30) as http:
        email, token = new_pupil(http)
        assessment = graphql(http, JOIN, token, input={"code": code})["joinCampaign"]["assessment"]
    landing = [transferred_on(browser, url, f"/campagnes/{code}", None) for _ in range(runs)]
    test = [
        transferred_on(browser, url, f"/campagnes/{code}/evaluation/{assessment['id']}", email)
        for _ in range(runs)
    ]
    print("2. Première page de l'élève, profil neuf : JavaScript + CSS transférés (gzip)")
    print(
        f"   « Commencez votre parcours » : {statistics.median(landing) / 1000:.1f} kB "
        f"(objectif ≤ 120 kB) | page du parcours : {statistics.median(test) / 1000:.1f} kB"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pupils", type=int, default=5)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        with demo_orga() as demo, httpx.Client(base_url=demo.url, timeout=30) as http:
            code = demo_campaign_code(http, demo.admin_email, demo.admin_password)
            answers(browser, demo.url, code, args.pupils)
            first_page(browser, demo.url, code, args.runs)
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
