"""Who is acting, and the services a use case needs, passed explicitly by the caller."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Viewer:
    """The authenticated party of a request: a user (session) or a third-party API token."""

    user_id: uuid.UUID | None = None
    session_id: int | None = None
    # Set for a third-party token: read-only access to this one organization.
    api_token_id: uuid.UUID | None = None
    api_token_organization_id: uuid.UUID | None = None
    client_address: str = "unknown"
    # True when authenticated by the browser cookie (mutations then need the CSRF header).
    via_cookie: bool = False

    @property
    def is_user(self) -> bool:
        return self.user_id is not None

    @property
    def is_api_token(self) -> bool:
        return self.api_token_organization_id is not None


ANONYMOUS = Viewer()

# Sends one e-mail: (to, subject, body). The web layer provides SMTP or a logging fallback.
Mailer = Callable[[str, str, str], Awaitable[None]]


@dataclass(frozen=True)
class Policy:
    """Values from settings that use cases apply (never secrets)."""

    terms_version: str = "2026-11-01"
    session_ttl: timedelta = timedelta(days=14)
    password_reset_ttl: timedelta = timedelta(hours=1)
    login_window: timedelta = timedelta(minutes=15)
    #: Failures of an e-mail in the window after which each attempt waits (never refused).
    login_max_failures_per_email: int = 5
    login_max_failures_per_address: int = 20
    #: The wait after those failures: ``login_delay`` doubled at each further failure, at most
    #: ``login_max_delay`` (docs/decisions/login-throttling.md).
    login_delay: timedelta = timedelta(seconds=1)
    login_max_delay: timedelta = timedelta(seconds=16)
    max_reachable_level: int = 6
    public_url: str = "http://127.0.0.1:8000"


@dataclass
class Services:
    """What a use case may use besides the database: policy, clock, mailer, broadcaster."""

    policy: Policy = field(default_factory=Policy)
    clock: Callable[[], datetime] = utc_now
    mailer: Mailer | None = None
    # A ``subscriptions`` publisher; None means no live updates (CLI, tests of use cases).
    publisher: object | None = None
