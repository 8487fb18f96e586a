"""Accounts: sign up, log in (rate limited), sessions, log out, me, password reset."""

from __future__ import annotations

import time
import uuid
from datetime import timedelta

import pytest
from accounts_world import (
    PASSWORD,
    Clock,
    Outbox,
    accept_terms,
    add_to,
    count_statements,
    make_organization,
    make_services,
    make_user,
    row_counts,
    viewer_of,
)

from models import LoginFailure, PasswordResetToken, Role, Session, User
from resolvers import accounts
from resolvers.access import authenticate, credential_cache, hash_token
from resolvers.context import Viewer
from resolvers.errors import DomainError, ErrorCode

pytestmark = pytest.mark.usefixtures("db")

ANONYMOUS = Viewer(client_address="10.0.0.1")


@pytest.fixture(autouse=True)
def empty_credential_cache() -> None:
    credential_cache.clear()


def sign_up_input(**overrides: object) -> dict[str, object]:
    values: dict[str, object] = {
        "first_name": "Sophie",
        "last_name": "Pix",
        "email": "sophie.pix@example.org",
        "password": PASSWORD,
        "accept_terms": True,
    }
    values.update(overrides)
    return values


async def refused(code: ErrorCode, coroutine: object) -> DomainError:
    with pytest.raises(DomainError) as caught:
        await coroutine  # type: ignore[misc]
    assert caught.value.code == code
    return caught.value


# --- sign up -----------------------------------------------------------------------------


async def test_sign_up_creates_the_account_and_a_hashed_session() -> None:
    services = make_services()

    logged_in = await accounts.sign_up(
        ANONYMOUS, **sign_up_input(email="  Sophie.Pix@Example.ORG "), services=services
    )

    user = await User.get(email="sophie.pix@example.org")
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash
    assert logged_in.token.startswith("os_")
    session = await Session.get(user=user)
    assert session.token_hash == hash_token(logged_in.token)
    assert session.expires_at == services.clock() + services.policy.session_ttl
    assert logged_in.me.organization_terms_accepted is False


@pytest.mark.parametrize(
    ("overrides", "code", "field"),
    [
        ({"first_name": None}, ErrorCode.VALIDATION_FAILED, "firstName"),
        ({"first_name": "   "}, ErrorCode.VALIDATION_FAILED, "firstName"),
        ({"first_name": "x" * 256}, ErrorCode.VALIDATION_FAILED, "firstName"),
        ({"last_name": ""}, ErrorCode.VALIDATION_FAILED, "lastName"),
        ({"last_name": "x" * 256}, ErrorCode.VALIDATION_FAILED, "lastName"),
        ({"email": None}, ErrorCode.VALIDATION_FAILED, "email"),
        ({"email": ""}, ErrorCode.VALIDATION_FAILED, "email"),
        ({"email": "sophie.pix"}, ErrorCode.VALIDATION_FAILED, "email"),
        ({"email": "sophie pix@example.org"}, ErrorCode.VALIDATION_FAILED, "email"),
        ({"email": "a" * 250 + "@example.org"}, ErrorCode.VALIDATION_FAILED, "email"),
        ({"password": None}, ErrorCode.VALIDATION_FAILED, "password"),
        ({"password": "Short1A"}, ErrorCode.WEAK_PASSWORD, "password"),
        ({"password": "alllowercase1"}, ErrorCode.WEAK_PASSWORD, "password"),
        ({"password": "ALLUPPERCASE1"}, ErrorCode.WEAK_PASSWORD, "password"),
        ({"password": "NoDigitsHere"}, ErrorCode.WEAK_PASSWORD, "password"),
        ({"password": "Aa1" * 100}, ErrorCode.VALIDATION_FAILED, "password"),
        ({"accept_terms": False}, ErrorCode.TERMS_REQUIRED, "acceptTerms"),
        ({"accept_terms": None}, ErrorCode.TERMS_REQUIRED, "acceptTerms"),
    ],
)
async def test_sign_up_refuses_invalid_input_and_creates_nothing(
    overrides: dict[str, object], code: ErrorCode, field: str
) -> None:
    before = await row_counts()

    error = await refused(
        code, accounts.sign_up(ANONYMOUS, **sign_up_input(**overrides), services=make_services())
    )

    assert error.field == field
    assert error.message
    assert await row_counts() == before


async def test_sign_up_refuses_an_address_already_used_whatever_its_case() -> None:
    await make_user(email="sophie.pix@example.org")
    before = await row_counts()

    await refused(
        ErrorCode.EMAIL_ALREADY_USED,
        accounts.sign_up(
            ANONYMOUS, **sign_up_input(email="SOPHIE.PIX@example.org"), services=make_services()
        ),
    )

    assert await row_counts() == before


# --- log in ------------------------------------------------------------------------------


async def test_log_in_opens_a_session_and_tells_whether_the_terms_were_accepted() -> None:
    user = await make_user(email="sophie.pix@example.org")
    await accept_terms(user)
    services = make_services()

    logged_in = await accounts.log_in(
        ANONYMOUS, email=" Sophie.Pix@example.org", password=PASSWORD, services=services
    )

    assert logged_in.me.user.id == user.id
    assert logged_in.me.organization_terms_accepted is True
    viewer = await authenticate(
        logged_in.token, via_cookie=True, client_address="10.0.0.1", services=services
    )
    assert viewer.user_id == user.id
    assert viewer.via_cookie is True


@pytest.mark.parametrize(
    ("email", "password"),
    [("sophie.pix@example.org", "Wrong1234"), ("nobody@example.org", PASSWORD)],
)
async def test_log_in_refuses_wrong_credentials_alike_and_counts_the_failure(
    email: str, password: str
) -> None:
    await make_user(email="sophie.pix@example.org")
    sessions_before = await Session.all().count()

    error = await refused(
        ErrorCode.INVALID_CREDENTIALS,
        accounts.log_in(ANONYMOUS, email=email, password=password, services=make_services()),
    )

    assert error.field is None
    assert await Session.all().count() == sessions_before
    assert set(await LoginFailure.all().values_list("key", flat=True)) == {
        f"email:{email}",
        "ip:10.0.0.1",
    }


@pytest.mark.parametrize(
    ("email", "password", "field"),
    [(None, PASSWORD, "email"), ("", PASSWORD, "email"), ("x@example.org", "", "password")],
)
async def test_log_in_refuses_missing_fields(email: str | None, password: str, field: str) -> None:
    before = await row_counts()

    error = await refused(
        ErrorCode.VALIDATION_FAILED,
        accounts.log_in(ANONYMOUS, email=email, password=password, services=make_services()),
    )

    assert error.field == field
    assert await row_counts() == before


async def test_an_account_without_a_chosen_password_cannot_log_in() -> None:
    user = await make_user(email="referent@example.org")
    user.password_hash = accounts.unusable_password()
    await user.save()

    await refused(
        ErrorCode.INVALID_CREDENTIALS,
        accounts.log_in(
            ANONYMOUS, email="referent@example.org", password=PASSWORD, services=make_services()
        ),
    )


async def test_after_failures_from_one_address_the_right_password_from_another_gets_in() -> None:
    # Someone guesses a teacher's password from outside the school, 5 times: the teacher,
    # from the school's address, still logs in, after the documented delay and no later.
    await make_user(email="sophie.pix@example.org")
    services = make_services(
        login_delay=timedelta(milliseconds=200), login_max_delay=timedelta(seconds=1)
    )
    attacker = Viewer(client_address="203.0.113.7")
    for _ in range(5):
        await refused(
            ErrorCode.INVALID_CREDENTIALS,
            accounts.log_in(
                attacker, email="sophie.pix@example.org", password="Wrong1234", services=services
            ),
        )
    teacher = Viewer(client_address="10.0.0.1")
    started = time.monotonic()

    logged_in = await accounts.log_in(
        teacher, email="sophie.pix@example.org", password=PASSWORD, services=services
    )

    waited = time.monotonic() - started
    assert logged_in.token.startswith("os_")
    assert 0.2 <= waited < 1 + 0.5  # the first delay, well within the longest one
    assert not await LoginFailure.filter(key="email:sophie.pix@example.org").exists()


async def test_each_failure_past_the_threshold_doubles_the_delay_up_to_the_cap() -> None:
    services = make_services(login_max_failures_per_email=5)
    delays = [accounts.login_delay(services.policy, failures) for failures in range(3, 12)]
    assert delays == [0, 0, 1, 2, 4, 8, 16, 16, 16]


async def test_a_wrong_password_after_the_threshold_still_fails_and_counts() -> None:
    await make_user(email="sophie.pix@example.org")
    services = make_services(
        login_max_failures_per_email=2,
        login_delay=timedelta(milliseconds=10),
        login_max_delay=timedelta(milliseconds=50),
    )
    for _ in range(4):
        await refused(
            ErrorCode.INVALID_CREDENTIALS,
            accounts.log_in(
                ANONYMOUS, email="sophie.pix@example.org", password="Wrong1234", services=services
            ),
        )
    assert await LoginFailure.filter(key="email:sophie.pix@example.org").count() == 4


async def test_too_many_failures_from_one_address_block_every_account_from_it() -> None:
    await make_user(email="sophie.pix@example.org")
    services = make_services(login_max_failures_per_address=2)
    for attempt in range(2):
        await refused(
            ErrorCode.INVALID_CREDENTIALS,
            accounts.log_in(
                ANONYMOUS,
                email=f"guess{attempt}@example.org",
                password="Wrong1234",
                services=services,
            ),
        )

    await refused(
        ErrorCode.TOO_MANY_ATTEMPTS,
        accounts.log_in(
            ANONYMOUS, email="sophie.pix@example.org", password=PASSWORD, services=services
        ),
    )
    other_address = Viewer(client_address="10.9.9.9")
    assert await accounts.log_in(
        other_address, email="sophie.pix@example.org", password=PASSWORD, services=services
    )


async def test_a_successful_login_clears_the_failures_of_the_email() -> None:
    await make_user(email="sophie.pix@example.org")
    services = make_services()
    await refused(
        ErrorCode.INVALID_CREDENTIALS,
        accounts.log_in(
            ANONYMOUS, email="sophie.pix@example.org", password="Wrong1234", services=services
        ),
    )

    await accounts.log_in(
        ANONYMOUS, email="sophie.pix@example.org", password=PASSWORD, services=services
    )

    assert await LoginFailure.filter(key="email:sophie.pix@example.org").count() == 0
    # The address keeps its count: it may be shared by a whole school network.
    assert await LoginFailure.filter(key="ip:10.0.0.1").count() == 1


# --- sessions ----------------------------------------------------------------------------


async def test_an_expired_session_authenticates_nobody() -> None:
    user = await make_user(email="sophie.pix@example.org")
    clock = Clock()
    services = make_services(clock)
    logged_in = await accounts.log_in(
        ANONYMOUS, email=user.email, password=PASSWORD, services=services
    )

    clock.advance(services.policy.session_ttl + timedelta(seconds=1))

    viewer = await authenticate(
        logged_in.token, via_cookie=False, client_address="x", services=services
    )
    assert viewer.user_id is None


@pytest.mark.parametrize(
    "token", [None, "", "garbage", "os_unknown", "ot_unknown", "os_" + "x" * 300]
)
async def test_an_unknown_token_authenticates_nobody(token: str | None) -> None:
    viewer = await authenticate(
        token, via_cookie=False, client_address="x", services=make_services()
    )

    assert viewer.user_id is None
    assert not viewer.is_api_token


async def test_log_out_ends_the_session_at_once_in_this_process() -> None:
    user = await make_user()
    services = make_services()
    logged_in = await accounts.log_in(
        ANONYMOUS, email=user.email, password=PASSWORD, services=services
    )
    viewer = await authenticate(
        logged_in.token, via_cookie=False, client_address="x", services=services
    )

    await accounts.log_out(viewer, services)

    assert not await Session.filter(user=user).exists()
    after = await authenticate(
        logged_in.token, via_cookie=False, client_address="x", services=services
    )
    assert after.user_id is None


async def test_log_out_without_a_session_changes_nothing() -> None:
    before = await row_counts()

    await accounts.log_out(ANONYMOUS, make_services())

    assert await row_counts() == before


async def test_a_session_lookup_is_cached_a_few_seconds() -> None:
    # The trade-off of docs/decisions/sessions.md: a session deleted by another worker stays
    # valid here until the cache entry is older than its TTL.
    user = await make_user()
    clock = Clock()
    services = make_services(clock)
    logged_in = await accounts.log_in(
        ANONYMOUS, email=user.email, password=PASSWORD, services=services
    )
    await authenticate(logged_in.token, via_cookie=False, client_address="x", services=services)
    await Session.filter(user=user).delete()

    with count_statements() as statements:
        cached = await authenticate(
            logged_in.token, via_cookie=False, client_address="x", services=services
        )
    assert cached.user_id == user.id
    assert statements == []

    clock.advance(credential_cache.ttl + timedelta(seconds=1))
    expired = await authenticate(
        logged_in.token, via_cookie=False, client_address="x", services=services
    )
    assert expired.user_id is None


# --- me ----------------------------------------------------------------------------------


async def test_me_costs_one_query_with_the_memberships() -> None:
    _organization, admin = await make_organization("Collège Pix")
    other, _ = await make_organization("Lycée Pix")
    await add_to(other, admin)
    left, _ = await make_organization("Ancienne école")
    await add_to(left, admin, disabled=True)
    services = make_services()

    with count_statements() as statements:
        me = await accounts.get_me(viewer_of(admin), services)
        names = [m.organization.name for m in me.memberships]
        roles = [m.role for m in me.memberships]

    assert len(statements) == 1
    assert me.user.id == admin.id
    assert me.user.email == admin.email
    assert me.organization_terms_accepted is True
    assert names == ["Collège Pix", "Lycée Pix"]
    assert roles == [Role.ADMIN, Role.MEMBER]


async def test_me_of_a_user_without_organization_has_no_memberships() -> None:
    user = await make_user()

    me = await accounts.get_me(viewer_of(user), make_services())

    assert me.memberships == []
    assert me.organization_terms_accepted is False


async def test_me_knows_when_the_terms_in_force_changed() -> None:
    user = await make_user()
    await accept_terms(user, "2025-01-01")

    me = await accounts.get_me(viewer_of(user), make_services())

    assert me.organization_terms_accepted is False


@pytest.mark.parametrize(
    "viewer",
    [Viewer(), Viewer(api_token_id=uuid.uuid4(), api_token_organization_id=uuid.uuid4())],
    ids=["anonymous", "api-token"],
)
async def test_me_needs_a_logged_in_user(viewer: Viewer) -> None:
    await refused(ErrorCode.UNAUTHENTICATED, accounts.get_me(viewer, make_services()))


# --- password reset ----------------------------------------------------------------------


async def test_a_reset_request_mails_a_single_use_link() -> None:
    user = await make_user("Sophie", email="sophie.pix@example.org")
    outbox = Outbox()

    await accounts.request_password_reset(
        ANONYMOUS, email="Sophie.Pix@example.org", services=make_services(outbox=outbox)
    )

    [(to, subject, body)] = outbox.sent
    assert to == "sophie.pix@example.org"
    assert "mot de passe" in subject
    assert "https://orga.example/mot-de-passe/reinitialiser?token=pr_" in body
    token = body.split("token=")[1].split()[0]
    stored = await PasswordResetToken.get(user=user)
    assert stored.token_hash == hash_token(token)
    assert stored.used_at is None


async def test_a_reset_request_for_an_unknown_address_answers_the_same_and_sends_nothing() -> None:
    outbox = Outbox()
    before = await row_counts()

    await accounts.request_password_reset(
        ANONYMOUS, email="nobody@example.org", services=make_services(outbox=outbox)
    )

    assert outbox.sent == []
    assert await row_counts() == before


@pytest.mark.parametrize("email", [None, "", "not-an-email", "a" * 256 + "@x.fr"])
async def test_a_reset_request_refuses_a_malformed_address(email: str | None) -> None:
    before = await row_counts()

    error = await refused(
        ErrorCode.VALIDATION_FAILED,
        accounts.request_password_reset(ANONYMOUS, email=email, services=make_services()),
    )

    assert error.field == "email"
    assert await row_counts() == before


async def _reset_token(user: User, services: object) -> str:
    outbox = Outbox()
    services.mailer = outbox  # type: ignore[attr-defined]
    await accounts.request_password_reset(ANONYMOUS, email=user.email, services=services)  # type: ignore[arg-type]
    return outbox.sent[0][2].split("token=")[1].split()[0]


async def test_resetting_the_password_works_once_and_ends_every_session() -> None:
    user = await make_user()
    services = make_services()
    logged_in = await accounts.log_in(
        ANONYMOUS, email=user.email, password=PASSWORD, services=services
    )
    await authenticate(logged_in.token, via_cookie=False, client_address="x", services=services)
    token = await _reset_token(user, services)

    await accounts.reset_password(
        ANONYMOUS, token=token, new_password="NewSecret456", services=services
    )

    assert not await Session.filter(user=user).exists()
    stale = await authenticate(
        logged_in.token, via_cookie=False, client_address="x", services=services
    )
    assert stale.user_id is None
    assert await accounts.log_in(
        ANONYMOUS, email=user.email, password="NewSecret456", services=services
    )
    await refused(
        ErrorCode.INVALID_CREDENTIALS,
        accounts.log_in(ANONYMOUS, email=user.email, password=PASSWORD, services=services),
    )
    before = await row_counts()
    await refused(
        ErrorCode.INVALID_RESET_TOKEN,
        accounts.reset_password(
            ANONYMOUS, token=token, new_password="Other789Pass", services=services
        ),
    )
    assert await row_counts() == before


async def test_an_expired_reset_token_is_refused() -> None:
    user = await make_user()
    clock = Clock()
    services = make_services(clock)
    token = await _reset_token(user, services)
    clock.advance(services.policy.password_reset_ttl + timedelta(seconds=1))
    before = await row_counts()

    await refused(
        ErrorCode.INVALID_RESET_TOKEN,
        accounts.reset_password(
            ANONYMOUS, token=token, new_password="NewSecret456", services=services
        ),
    )

    assert await row_counts() == before
    assert (await User.get(id=user.id)).password_hash == user.password_hash


@pytest.mark.parametrize("token", [None, "", "pr_unknown", "os_notareset", "pr_" + "x" * 300])
async def test_an_unknown_reset_token_is_refused(token: str | None) -> None:
    before = await row_counts()

    error = await refused(
        ErrorCode.INVALID_RESET_TOKEN,
        accounts.reset_password(
            ANONYMOUS, token=token, new_password="NewSecret456", services=make_services()
        ),
    )

    assert error.field == "token"
    assert await row_counts() == before


async def test_a_weak_new_password_keeps_the_link_usable() -> None:
    user = await make_user()
    services = make_services()
    token = await _reset_token(user, services)
    before = await row_counts()

    error = await refused(
        ErrorCode.WEAK_PASSWORD,
        accounts.reset_password(ANONYMOUS, token=token, new_password="weak", services=services),
    )

    assert error.field == "newPassword"
    assert await row_counts() == before
    await accounts.reset_password(
        ANONYMOUS, token=token, new_password="NewSecret456", services=services
    )
