"""What the browser benches share: the GraphQL documents a pupil plays, GraphQL over HTTP with a
token or a session cookie, a logged-in browser context, and percentiles."""

from __future__ import annotations

from typing import Any

import httpx
from playwright.sync_api import Browser, BrowserContext

CSRF = {"X-Orga-Request": "1"}
ERRORS = "errors { code message field }"
LOG_IN = f"mutation($input: LogInInput!) {{ logIn(input: $input) {{ {ERRORS} }} }}"
SIGN_UP = f"mutation($input: SignUpInput!) {{ signUp(input: $input) {{ token {ERRORS} }} }}"
ME = "{ me { memberships { organization { id } } } }"
JOIN = f"""mutation($input: JoinCampaignInput!) {{ joinCampaign(input: $input) {{
  assessment {{ id currentChallenge {{ id }} }} {ERRORS} }} }}"""
SUBMIT = f"""mutation($input: SubmitAnswerInput!) {{ submitAnswer(input: $input) {{
  checkpointDue nextChallenge {{ id }} {ERRORS} }} }}"""
SEEN = f"mutation($input: AssessmentInput!) {{ markCheckpointSeen(input: $input) {{ {ERRORS} }} }}"


def graphql(http: httpx.Client, document: str, token: str | None = None, **variables: Any) -> Any:
    """One operation, with ``token`` or anonymous; fails on any error (the bench's data is
    known-good)."""
    headers = {"Authorization": f"Bearer {token}"} if token else CSRF
    body = http.post("/graphql", json={"query": document, "variables": variables}, headers=headers)
    http.cookies.clear()
    data = body.json()
    assert not data.get("errors"), data
    payload = next(iter(data["data"].values()))
    assert not (isinstance(payload, dict) and payload.get("errors")), payload
    return data["data"]


def log_in_http(http: httpx.Client, email: str, password: str) -> None:
    """Opens a session in ``http`` (its cookie jar keeps the cookie) as the login form does."""
    http.post(
        "/graphql",
        json={"query": LOG_IN, "variables": {"input": {"email": email, "password": password}}},
        headers=CSRF,
    )


def graphql_cookie(http: httpx.Client, document: str, **variables: Any) -> Any:
    """A query with the session cookie of ``http`` (no bearer token)."""
    body = http.post("/graphql", json={"query": document, "variables": variables}, headers=CSRF)
    data = body.json()
    assert not data.get("errors"), data
    return data["data"]


def logged_in_context(browser: Browser, url: str, email: str, password: str) -> BrowserContext:
    """A fresh browser profile on ``url`` with a session, as after the login form."""
    context = browser.new_context(base_url=url, locale="fr-FR", timezone_id="Europe/Paris")
    answer = context.request.post(
        "/graphql",
        data={"query": LOG_IN, "variables": {"input": {"email": email, "password": password}}},
        headers=CSRF,
    )
    assert not answer.json()["data"]["logIn"]["errors"]
    return context


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]
