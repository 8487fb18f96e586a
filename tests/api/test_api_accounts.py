"""Accounts over HTTP: sign up, log in (bearer and cookie + CSRF header), log out, me, reset."""

from __future__ import annotations

import re
import time

import httpx
import pytest
from api_world import (
    CREATE_ORGANIZATION,
    LOG_IN,
    PASSWORD,
    SIGN_UP,
    call,
    payload_errors,
    sign_up,
    snapshot,
    unique_email,
)

ME = """{
  me {
    id firstName lastName email organizationTermsAccepted hasSeenAssessmentInstructions
    memberships { role }
  }
}"""
REQUEST_RESET = """
mutation Request($input: RequestPasswordResetInput!) {
  requestPasswordReset(input: $input) { errors { code message field } }
}"""
RESET = """
mutation Reset($input: ResetPasswordInput!) {
  resetPassword(input: $input) { errors { code message field } }
}"""
LOG_OUT = "mutation { logOut { errors { code } } }"


def sign_up_input(**overrides: object) -> dict[str, object]:
    values: dict[str, object] = {
        "firstName": "Sophie",
        "lastName": "Pix",
        "email": unique_email(),
        "password": PASSWORD,
        "acceptTerms": True,
    }
    values.update(overrides)
    return values


async def test_a_new_user_signs_up_and_reads_me_with_the_token(make_client) -> None:
    email = unique_email("sophie")

    result = await call(make_client(), SIGN_UP, {"input": sign_up_input(email=email.upper())})

    payload = result.data["signUp"]
    assert payload["errors"] == []
    assert payload["token"].startswith("os_")
    me = (await call(make_client(token=payload["token"]), ME)).data["me"]
    assert me == {
        "id": payload["me"]["id"],
        "firstName": "Sophie",
        "lastName": "Pix",
        "email": email,
        "organizationTermsAccepted": False,
        "hasSeenAssessmentInstructions": False,
        "memberships": [],
    }


async def test_anyone_reads_the_platform_terms_that_sign_up_accepts(make_client) -> None:
    result = await call(make_client(), "{ platformTerms { text } }")

    text = result.data["platformTerms"]["text"]
    assert text.startswith("# Conditions générales d'utilisation de la plateforme")
    # The rule a pupil must know before accepting: results leave only when sent.
    assert "que lorsque vous choisissez de les lui envoyer" in text


@pytest.mark.parametrize(
    ("overrides", "code", "field"),
    [
        ({"firstName": ""}, "VALIDATION_FAILED", "firstName"),
        ({"firstName": "x" * 256}, "VALIDATION_FAILED", "firstName"),
        ({"lastName": "  "}, "VALIDATION_FAILED", "lastName"),
        ({"email": "sophie.pix"}, "VALIDATION_FAILED", "email"),
        ({"email": "x" * 250 + "@example.org"}, "VALIDATION_FAILED", "email"),
        ({"password": "password"}, "WEAK_PASSWORD", "password"),
        ({"acceptTerms": False}, "TERMS_REQUIRED", "acceptTerms"),
    ],
)
async def test_sign_up_answers_a_typed_error_for_bad_input_and_creates_nothing(
    server, make_client, overrides: dict[str, object], code: str, field: str
) -> None:
    before = await snapshot(server)

    result = await call(make_client(), SIGN_UP, {"input": sign_up_input(**overrides)})

    assert payload_errors(result, "signUp") == [(code, field)]
    assert result.data["signUp"]["errors"][0]["message"]
    assert result.data["signUp"]["token"] is None
    assert await snapshot(server) == before


@pytest.mark.parametrize("missing", ["firstName", "email", "password", "acceptTerms"])
async def test_sign_up_with_a_null_field_is_refused_by_graphql_validation(
    server, make_client, missing: str
) -> None:
    before = await snapshot(server)

    result = await call(make_client(), SIGN_UP, {"input": sign_up_input(**{missing: None})})

    assert result.data is None
    assert result.codes == ["GRAPHQL_VALIDATION_FAILED"]
    assert missing in result.errors[0]["message"]
    assert await snapshot(server) == before


async def test_sign_up_refuses_an_address_already_used(server, make_client) -> None:
    account = await sign_up(make_client)
    before = await snapshot(server)

    result = await call(
        make_client(), SIGN_UP, {"input": sign_up_input(email=account.email.upper())}
    )

    assert payload_errors(result, "signUp") == [("EMAIL_ALREADY_USED", "email")]
    assert await snapshot(server) == before


async def test_log_in_with_a_wrong_password_or_an_unknown_email_is_refused_alike(
    server, make_client
) -> None:
    account = await sign_up(make_client)
    sessions = (await snapshot(server))["sessions"]

    wrong = await call(
        make_client(), LOG_IN, {"input": {"email": account.email, "password": "Wrong1234"}}
    )
    unknown = await call(
        make_client(), LOG_IN, {"input": {"email": unique_email(), "password": PASSWORD}}
    )

    assert payload_errors(wrong, "logIn") == [("INVALID_CREDENTIALS", None)]
    assert wrong.data["logIn"]["errors"] == unknown.data["logIn"]["errors"]
    assert (await snapshot(server))["sessions"] == sessions


async def test_repeated_failures_slow_the_email_down_but_the_right_password_gets_in(
    make_client,
) -> None:
    account = await sign_up(make_client)
    for _ in range(5):
        await call(
            make_client(), LOG_IN, {"input": {"email": account.email, "password": "Wrong1234"}}
        )
    started = time.monotonic()

    result = await call(
        make_client(), LOG_IN, {"input": {"email": account.email, "password": PASSWORD}}
    )

    # The default policy: 1 s after the 5th failure (docs/decisions/login-throttling.md).
    assert result.data["logIn"]["errors"] == []
    assert result.data["logIn"]["token"]
    assert time.monotonic() - started >= 1


async def test_me_without_a_session_is_unauthenticated_in_french(make_client) -> None:
    result = await call(make_client(), ME)

    assert result.data == {"me": None}
    assert result.codes == ["UNAUTHENTICATED"]
    assert result.errors[0]["message"] == "Vous devez être connecté pour effectuer cette action."


async def test_the_browser_session_is_an_httponly_cookie_and_mutations_need_the_csrf_header(
    server, make_client
) -> None:
    account = await sign_up(make_client)
    async with httpx.AsyncClient(base_url=server.url) as browser:
        login = await browser.post(
            "/graphql",
            json={
                "query": LOG_IN,
                "variables": {"input": {"email": account.email, "password": PASSWORD}},
            },
        )
        cookie = login.headers["set-cookie"]
        assert cookie.startswith("orga_session=os_")
        assert "HttpOnly" in cookie
        assert "samesite=lax" in cookie.lower()
        assert "Path=/" in cookie
        assert login.json()["data"]["logIn"]["token"] in cookie

        # Queries ride on the cookie alone.
        me = await browser.post("/graphql", json={"query": "{ me { email } }"})
        assert me.json()["data"]["me"]["email"] == account.email

        # A mutation authenticated by the cookie alone could come from another site.
        before = await snapshot(server)
        create = {
            "query": CREATE_ORGANIZATION,
            "variables": {"input": {"name": "Collège", "type": "SCO"}},
        }
        forged = (await browser.post("/graphql", json=create)).json()
        assert forged["data"]["createOrganization"]["errors"][0]["code"] == "CSRF_HEADER_MISSING"
        assert await snapshot(server) == before

        legit = (
            await browser.post("/graphql", json=create, headers={"X-Orga-Request": "1"})
        ).json()
        assert legit["data"]["createOrganization"]["errors"] == []

        logout = await browser.post(
            "/graphql", json={"query": LOG_OUT}, headers={"X-Orga-Request": "1"}
        )
        assert logout.json()["data"]["logOut"]["errors"] == []
        assert 'orga_session=""' in logout.headers["set-cookie"]
        assert "Max-Age=0" in logout.headers["set-cookie"]
        assert "orga_session" not in browser.cookies

        # The session itself is gone, not just the cookie.
        after = await call(
            make_client(headers={"Cookie": cookie.split(";")[0]}), "{ me { email } }"
        )
        assert after.codes == ["UNAUTHENTICATED"]


async def test_log_out_with_the_bearer_token_ends_the_session(make_client) -> None:
    account = await sign_up(make_client)

    result = await call(account.client, LOG_OUT)

    assert result.data["logOut"]["errors"] == []
    assert (await call(account.client, ME)).codes == ["UNAUTHENTICATED"]


def _reset_link_in_log(server, email: str, timeout: float = 5) -> str:
    """The reset link the server wrote to its log (no SMTP configured in tests)."""
    deadline = time.monotonic() + timeout
    pattern = re.compile(
        re.escape(email) + r".*?(https?://\S+/mot-de-passe/reinitialiser\?token=(pr_\S+))", re.S
    )
    while time.monotonic() < deadline:
        found = pattern.search(server.log())
        if found:
            return found.group(2)
        time.sleep(0.05)
    raise AssertionError(f"no reset link for {email} in the server log")


async def test_password_reset_by_the_logged_link_works_once_and_ends_the_sessions(
    server, make_client
) -> None:
    account = await sign_up(make_client)

    requested = await call(make_client(), REQUEST_RESET, {"input": {"email": account.email}})
    assert payload_errors(requested, "requestPasswordReset") == []
    token = _reset_link_in_log(server, account.email)

    reset = await call(
        make_client(), RESET, {"input": {"token": token, "newPassword": "NewSecret456"}}
    )
    assert payload_errors(reset, "resetPassword") == []
    assert (await call(account.client, ME)).codes == ["UNAUTHENTICATED"]
    login = await call(
        make_client(), LOG_IN, {"input": {"email": account.email, "password": "NewSecret456"}}
    )
    assert login.data["logIn"]["token"].startswith("os_")

    before = await snapshot(server)
    again = await call(
        make_client(), RESET, {"input": {"token": token, "newPassword": "Other789Pass"}}
    )
    assert payload_errors(again, "resetPassword") == [("INVALID_RESET_TOKEN", "token")]
    assert await snapshot(server) == before


async def test_a_reset_request_for_an_unknown_address_answers_like_any_other(
    server, make_client
) -> None:
    before = await snapshot(server)

    result = await call(make_client(), REQUEST_RESET, {"input": {"email": unique_email("nobody")}})

    assert payload_errors(result, "requestPasswordReset") == []
    assert await snapshot(server) == before


@pytest.mark.parametrize(
    ("variables", "code", "field"),
    [
        ({"token": "pr_unknown", "newPassword": "NewSecret456"}, "INVALID_RESET_TOKEN", "token"),
        ({"token": "", "newPassword": "NewSecret456"}, "INVALID_RESET_TOKEN", "token"),
        ({"token": "pr_unknown", "newPassword": "weak"}, "WEAK_PASSWORD", "newPassword"),
        ({"token": "pr_unknown", "newPassword": ""}, "VALIDATION_FAILED", "newPassword"),
    ],
)
async def test_reset_password_refuses_bad_input_and_changes_nothing(
    server, make_client, variables: dict[str, str], code: str, field: str
) -> None:
    before = await snapshot(server)

    result = await call(make_client(), RESET, {"input": variables})

    assert payload_errors(result, "resetPassword") == [(code, field)]
    assert await snapshot(server) == before


async def test_a_reset_request_with_a_malformed_address_is_a_validation_error(make_client) -> None:
    result = await call(make_client(), REQUEST_RESET, {"input": {"email": "nope"}})

    assert payload_errors(result, "requestPasswordReset") == [("VALIDATION_FAILED", "email")]
