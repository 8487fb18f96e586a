"""People, organizations and a hand-moved clock for the account / team / token use-case tests.

Rows are written straight to the database (a known password hash computed once), so only the
tests about passwords pay for argon2.
"""

from __future__ import annotations

import contextlib
import logging
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher

from models import (
    ApiToken,
    LoginFailure,
    Membership,
    Organization,
    OrganizationType,
    PasswordResetToken,
    Role,
    Session,
    TermsAcceptance,
    User,
)
from resolvers.context import Policy, Services, Viewer

PASSWORD = "Secret123"
PASSWORD_HASH = PasswordHasher().hash(PASSWORD)
TERMS_VERSION = "2026-11-01"


@dataclass
class Clock:
    # Close to the real time: rows with ``auto_now_add`` columns get the real time.
    now: datetime = field(default_factory=lambda: datetime.now(UTC))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


@dataclass
class Outbox:
    """A mailer that keeps what it was asked to send."""

    sent: list[tuple[str, str, str]] = field(default_factory=list)

    async def __call__(self, to: str, subject: str, body: str) -> None:
        self.sent.append((to, subject, body))


def make_services(
    clock: Clock | None = None, outbox: Outbox | None = None, **policy: object
) -> Services:
    return Services(
        policy=Policy(terms_version=TERMS_VERSION, public_url="https://orga.example", **policy),  # type: ignore[arg-type]
        clock=clock or Clock(),
        mailer=outbox,
    )


def unique_email(label: str = "user") -> str:
    return f"{label}.{uuid.uuid4().hex[:10]}@example.org"


async def make_user(
    first_name: str = "Sophie", last_name: str = "Pix", *, email: str | None = None
) -> User:
    return await User.create(
        email=email or unique_email(),
        password_hash=PASSWORD_HASH,
        first_name=first_name,
        last_name=last_name,
        platform_terms_accepted_at=datetime.now(UTC),
    )


def viewer_of(user: User) -> Viewer:
    return Viewer(user_id=user.id, client_address="10.0.0.1")


def token_viewer(api_token: ApiToken) -> Viewer:
    return Viewer(
        api_token_id=api_token.id,
        api_token_organization_id=api_token.organization_id,  # type: ignore[attr-defined]
    )


async def accept_terms(user: User, version: str = TERMS_VERSION) -> None:
    await TermsAcceptance.create(user=user, version=version)


async def make_organization(
    name: str = "Collège Pix", *, admin: User | None = None, terms: bool = True
) -> tuple[Organization, User]:
    """An organization and its ADMIN (a new user unless given), who accepted the terms."""
    organization = await Organization.create(name=name, type=OrganizationType.SCO)
    admin = admin or await make_user("Admin", name)
    await Membership.create(organization=organization, user=admin, role=Role.ADMIN)
    if terms and not await TermsAcceptance.exists(user=admin, version=TERMS_VERSION):
        await accept_terms(admin)
    return organization, admin


async def add_to(
    organization: Organization,
    user: User | None = None,
    role: Role = Role.MEMBER,
    *,
    terms: bool = True,
    disabled: bool = False,
) -> Membership:
    user = user or await make_user()
    membership = await Membership.create(
        organization=organization,
        user=user,
        role=role,
        disabled_at=datetime.now(UTC) if disabled else None,
    )
    if terms and not await TermsAcceptance.exists(user=user, version=TERMS_VERSION):
        await accept_terms(user)
    return membership


async def row_counts() -> dict[str, int]:
    """Rows of every table these use cases write, to assert that a refusal changed nothing."""
    return {
        "users": await User.all().count(),
        "sessions": await Session.all().count(),
        "organizations": await Organization.all().count(),
        "memberships": await Membership.all().count(),
        "active_memberships": await Membership.filter(disabled_at=None).count(),
        "admins": await Membership.filter(role=Role.ADMIN, disabled_at=None).count(),
        "terms": await TermsAcceptance.all().count(),
        "api_tokens": await ApiToken.all().count(),
        "revoked_api_tokens": await ApiToken.exclude(revoked_at=None).count(),
        "reset_tokens": await PasswordResetToken.all().count(),
        "used_reset_tokens": await PasswordResetToken.exclude(used_at=None).count(),
        "login_failures": await LoginFailure.all().count(),
    }


@contextlib.contextmanager
def count_statements() -> Iterator[list[str]]:
    """Every SQL statement Tortoise sends meanwhile (its ``tortoise.db_client`` debug log)."""
    statements: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            message = record.getMessage()
            if not message.startswith(("Created connection", "Closed connection")):
                statements.append(message)

    logger = logging.getLogger("tortoise.db_client")
    handler, level = Collect(level=logging.DEBUG), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield statements
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
