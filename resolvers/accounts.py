"""Accounts: sign up, log in and out, ``me``, password reset.

Passwords are hashed with argon2 (in a worker thread: a hash takes tens of milliseconds that
the event loop must not wait for). Sessions are opaque tokens of which only the SHA-256 is
stored. Logs carry ids, never e-mail addresses, passwords or tokens.
"""

from __future__ import annotations

import asyncio
import logging
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models import (
    LoginFailure,
    OrganizationType,
    PasswordResetToken,
    Role,
    Session,
    User,
)
from resolvers import raw_sql
from resolvers.access import (
    RESET_TOKEN_PREFIX,
    SESSION_PREFIX,
    credential_cache,
    hash_token,
    new_token,
    require_user,
)
from resolvers.context import Policy, Services, Viewer
from resolvers.errors import DomainError, ErrorCode, clean_text, invalid

logger = logging.getLogger("orga.accounts")

_hasher = PasswordHasher()
# Verified when the e-mail is unknown, so that a failed login takes the same time either way.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))
# Marks an account whose password was never chosen (created by an operator): nothing verifies.
UNUSABLE_PASSWORD_PREFIX = "!"

EMAIL_MAX_LENGTH = 255
NAME_MAX_LENGTH = 255
PASSWORD_MIN_LENGTH = 8
# Beyond any real passphrase; stops a megabyte "password" from costing a hash.
PASSWORD_MAX_LENGTH = 200
_EMAIL_FORMAT = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

RESET_PATH = "/mot-de-passe/reinitialiser"


# --- input rules -------------------------------------------------------------------------


def normalize_email(value: str | None, *, field: str = "email") -> str:
    """Trimmed, lower-cased, ≤ 255 characters, ``x@y.z``-shaped; VALIDATION_FAILED otherwise."""
    email = clean_text(value, field=field, label="L'adresse e-mail", max_length=EMAIL_MAX_LENGTH)
    assert email is not None
    email = email.lower()
    if not _EMAIL_FORMAT.match(email):
        raise invalid(field, "L'adresse e-mail n'est pas valide (exemple : prenom.nom@exemple.fr).")
    return email


def check_password_strength(password: str | None, *, field: str = "password") -> str:
    """At least 8 characters with a lowercase, an uppercase and a digit (WEAK_PASSWORD)."""
    if not password:
        raise invalid(field, "Le mot de passe est obligatoire.")
    if len(password) > PASSWORD_MAX_LENGTH:
        raise invalid(
            field, f"Le mot de passe ne doit pas dépasser {PASSWORD_MAX_LENGTH} caractères."
        )
    if (
        len(password) < PASSWORD_MIN_LENGTH
        or not re.search(r"[a-z]", password)
        or not re.search(r"[A-Z]", password)
        or not re.search(r"[0-9]", password)
    ):
        raise DomainError(ErrorCode.WEAK_PASSWORD, field=field)
    return password


async def hash_password(password: str) -> str:
    return await asyncio.to_thread(_hasher.hash, password)


async def _verify_password(password_hash: str, password: str) -> bool:
    def verify() -> bool:
        try:
            return _hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    return await asyncio.to_thread(verify)


def unusable_password() -> str:
    return UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(32)


# --- sessions ----------------------------------------------------------------------------


# What ``me`` shows, as plain values: ``me`` opens every page of the app, and building ORM
# instances from its row cost more than the query itself (docs/decisions/me-query.md).


@dataclass(frozen=True, slots=True)
class OwnAccount:
    """The logged-in user as they see themself."""

    id: uuid.UUID
    email: str
    first_name: str
    last_name: str
    has_seen_assessment_instructions: bool

    @classmethod
    def of(cls, user: User) -> OwnAccount:
        return cls(
            id=user.id,
            email=user.email,
            first_name=user.first_name,
            last_name=user.last_name,
            has_seen_assessment_instructions=user.has_seen_assessment_instructions,
        )


@dataclass(frozen=True, slots=True)
class OwnOrganization:
    """An organization of the logged-in user, as their membership shows it."""

    id: uuid.UUID
    name: str
    type: OrganizationType
    external_id: str | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class OwnMembership:
    """One of the logged-in user's active memberships, with its organization."""

    id: uuid.UUID
    role: Role
    created_at: datetime
    user_id: uuid.UUID
    organization: OwnOrganization


@dataclass(frozen=True)
class Me:
    user: OwnAccount
    organization_terms_accepted: bool
    # Active memberships, by organization name.
    memberships: list[OwnMembership]


@dataclass(frozen=True)
class LoggedIn:
    """A new session: the token is handed to the client once, only its hash is kept."""

    me: Me
    token: str
    expires_at: datetime


async def _open_session(user: User, services: Services) -> tuple[str, datetime]:
    """A new session for the user: its token (handed out once) and its expiry."""
    token = new_token(SESSION_PREFIX)
    expires_at = services.clock() + services.policy.session_ttl
    await Session.create(user=user, token_hash=hash_token(token), expires_at=expires_at)
    return token, expires_at


async def sign_up(
    viewer: Viewer,
    *,
    first_name: str | None,
    last_name: str | None,
    email: str | None,
    password: str | None,
    accept_terms: bool | None,
    services: Services,
) -> LoggedIn:
    """Create an account and log it in. The platform terms must be accepted."""
    first = clean_text(first_name, field="firstName", label="Le prénom", max_length=NAME_MAX_LENGTH)
    last = clean_text(last_name, field="lastName", label="Le nom", max_length=NAME_MAX_LENGTH)
    address = normalize_email(email)
    check_password_strength(password)
    if not accept_terms:
        raise DomainError(ErrorCode.TERMS_REQUIRED, field="acceptTerms")
    assert password is not None
    if await User.exists(email=address):
        raise DomainError(ErrorCode.EMAIL_ALREADY_USED, field="email")
    password_hash = await hash_password(password)
    try:
        async with in_transaction():
            user = await User.create(
                email=address,
                password_hash=password_hash,
                first_name=first,
                last_name=last,
                platform_terms_accepted_at=services.clock(),
            )
            token, expires_at = await _open_session(user, services)
    except IntegrityError as error:
        # The same address signed up concurrently: the unique index decided.
        raise DomainError(ErrorCode.EMAIL_ALREADY_USED, field="email") from error
    logger.info("Compte créé : utilisateur %s", user.id)
    me = Me(user=OwnAccount.of(user), organization_terms_accepted=False, memberships=[])
    return LoggedIn(me=me, token=token, expires_at=expires_at)


def _email_key(email: str) -> str:
    return f"email:{email}"


def _address_key(address: str) -> str:
    return f"ip:{address}"


def login_delay(policy: Policy, email_failures: int) -> float:
    """Seconds an attempt waits after ``email_failures`` failures of its e-mail in the window:
    none below the threshold, then ``login_delay`` doubled at each further failure, capped."""
    beyond = email_failures - policy.login_max_failures_per_email
    if beyond < 0:
        return 0.0
    delay = policy.login_delay.total_seconds() * 2 ** min(beyond, 30)
    return min(delay, policy.login_max_delay.total_seconds())


async def log_in(
    viewer: Viewer, *, email: str | None, password: str | None, services: Services
) -> LoggedIn:
    """Open a session for the account, after the rate limit and the password check.

    Too many failures from the client's address refuse every attempt from it until the window
    ends. Failures of an e-mail never lock it: past the threshold, each attempt for it waits a
    growing delay before the password is checked, so the right password from anywhere still
    gets in within ``login_max_delay`` (docs/decisions/login-throttling.md). A success clears
    the failures of the e-mail (not those of the address, shared by a whole school network).
    """
    address = normalize_email(email)
    if not password:
        raise invalid("password", "Le mot de passe est obligatoire.")
    policy = services.policy
    now = services.clock()
    since = now - policy.login_window
    email_key, address_key = _email_key(address), _address_key(viewer.client_address)
    if (
        await LoginFailure.filter(key=address_key, created_at__gte=since).count()
        >= policy.login_max_failures_per_address
    ):
        logger.warning("Connexion refusée (trop de tentatives) depuis %s", viewer.client_address)
        raise DomainError(ErrorCode.TOO_MANY_ATTEMPTS)
    delay = login_delay(
        policy, await LoginFailure.filter(key=email_key, created_at__gte=since).count()
    )
    if delay:
        logger.warning("Connexion ralentie de %.0f s après des échecs répétés", delay)
        await asyncio.sleep(delay)

    user = await User.get_or_none(email=address)
    if user is None or user.password_hash.startswith(UNUSABLE_PASSWORD_PREFIX):
        await _verify_password(_DUMMY_HASH, password)
        verified = False
    else:
        verified = await _verify_password(user.password_hash, password)
    if not verified or user is None:
        async with in_transaction():
            # Old rows are useless to the window: dropping them keeps the table small.
            await LoginFailure.filter(
                key__in=[email_key, address_key], created_at__lt=since
            ).delete()
            await LoginFailure.bulk_create(
                [
                    LoginFailure(key=email_key, created_at=now),
                    LoginFailure(key=address_key, created_at=now),
                ]
            )
        raise DomainError(ErrorCode.INVALID_CREDENTIALS)

    rehash = _hasher.check_needs_rehash(user.password_hash)
    new_hash = await hash_password(password) if rehash else None
    async with in_transaction():
        await LoginFailure.filter(key=email_key).delete()
        await Session.filter(user_id=user.id, expires_at__lte=now).delete()
        if new_hash is not None:
            user.password_hash = new_hash
            await user.save(update_fields=["password_hash", "updated_at"])
        token, expires_at = await _open_session(user, services)
    logger.info("Connexion : utilisateur %s", user.id)
    # What the app shows first (terms, organizations), read after the commit: one query.
    me = await get_me(Viewer(user_id=user.id), services)
    return LoggedIn(me=me, token=token, expires_at=expires_at)


async def log_out(viewer: Viewer, services: Services) -> None:
    """Close the viewer's session (if any). Logging out twice is not an error."""
    if viewer.session_id is None:
        return
    await Session.filter(id=viewer.session_id).delete()
    credential_cache.forget_where(session_id=viewer.session_id)
    logger.info("Déconnexion : utilisateur %s", viewer.user_id)


# --- me ----------------------------------------------------------------------------------


# The columns ``me`` shows, and nothing else.
_ME_COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("u", ("id", "email", "first_name", "last_name", "has_seen_assessment_instructions")),
    ("m", ("id", "role", "created_at", "organization_id")),
    ("o", ("name", "type", "external_id", "created_at")),
)


def _me_columns() -> str:
    return ", ".join(
        f'{alias}."{column}" AS "{alias}.{column}"'
        for alias, names in _ME_COLUMNS
        for column in names
    )


# ``me`` in one round trip: the user, the terms check and the active memberships with their
# organizations (one row per membership, one row with NULLs when there is none). Written by
# hand because an ORM query cannot start from the user and join its memberships; ``me`` opens
# every page of the app, so it gets one query.
_ME_SQL = (
    f"SELECT {_me_columns()}, "
    '(SELECT t."id" FROM "terms_acceptances" t WHERE t."user_id" = u."id" '
    'AND t."version" = ?) AS "accepted_terms_id" '
    'FROM "users" u '
    'LEFT JOIN "memberships" m ON m."user_id" = u."id" AND m."disabled_at" IS NULL '
    'LEFT JOIN "organizations" o ON o."id" = m."organization_id" '
    'WHERE u."id" = ? '
    'ORDER BY o."name", o."id"'
)


async def get_me(viewer: Viewer, services: Services) -> Me:
    """The logged-in user, whether they accepted the current Orga terms, and their active
    memberships (organization loaded, by organization name): one query."""
    user_id = require_user(viewer)
    db = User._choose_db()
    rows = await raw_sql.fetch_committed(
        db, _ME_SQL, [services.policy.terms_version, raw_sql.uuid_value(db, user_id)]
    )
    if not rows:
        # The account was deleted while a cached session still pointed at it.
        raise DomainError(ErrorCode.UNAUTHENTICATED)
    first = rows[0]
    memberships = [
        OwnMembership(
            id=raw_sql.uuid_of(row["m.id"]),
            role=Role(row["m.role"]),
            created_at=raw_sql.timestamp(row["m.created_at"]),
            user_id=user_id,
            organization=OwnOrganization(
                id=raw_sql.uuid_of(row["m.organization_id"]),
                name=row["o.name"],
                type=OrganizationType(row["o.type"]),
                external_id=row["o.external_id"],
                created_at=raw_sql.timestamp(row["o.created_at"]),
            ),
        )
        for row in rows
        if row["m.id"] is not None
    ]
    return Me(
        user=OwnAccount(
            id=user_id,
            email=first["u.email"],
            first_name=first["u.first_name"],
            last_name=first["u.last_name"],
            has_seen_assessment_instructions=bool(first["u.has_seen_assessment_instructions"]),
        ),
        organization_terms_accepted=first["accepted_terms_id"] is not None,
        memberships=memberships,
    )


async def users_by_ids(ids: list[uuid.UUID]) -> list[User | None]:
    """Batch load for a DataLoader: users in the order of ``ids``. No access check: callers
    reach users only through objects already checked."""
    found = {user.id: user for user in await User.filter(id__in=ids)}
    return [found.get(i) for i in ids]


# --- password reset ----------------------------------------------------------------------


def reset_link(token: str, services: Services) -> str:
    return f"{services.policy.public_url}{RESET_PATH}?token={token}"


async def issue_reset_token(
    user: User, services: Services, *, expires_at: datetime | None = None
) -> str:
    """Create a single-use reset token for the user (inside the caller's transaction)."""
    token = new_token(RESET_TOKEN_PREFIX)
    expires_at = expires_at or services.clock() + services.policy.password_reset_ttl
    await PasswordResetToken.create(user=user, token_hash=hash_token(token), expires_at=expires_at)
    return token


async def request_password_reset(viewer: Viewer, *, email: str | None, services: Services) -> None:
    """Mail a reset link when the address has an account. Answers the same either way, so the
    form cannot be used to find out who has an account."""
    address = normalize_email(email)
    user = await User.get_or_none(email=address)
    if user is None:
        logger.info("Réinitialisation demandée pour une adresse sans compte")
        return
    async with in_transaction():
        token = await issue_reset_token(user, services)
    logger.info("Réinitialisation demandée : utilisateur %s", user.id)
    if services.mailer is not None:
        minutes = int(services.policy.password_reset_ttl.total_seconds() // 60)
        await services.mailer(
            user.email,
            "Orga : réinitialisation de votre mot de passe",
            f"Bonjour {user.first_name},\n\n"
            "Pour choisir un nouveau mot de passe, ouvrez ce lien "
            f"(valable {minutes} minutes, utilisable une seule fois) :\n\n"
            f"{reset_link(token, services)}\n\n"
            "Si vous n'avez rien demandé, ignorez ce message : votre mot de passe reste "
            "inchangé.\n",
        )


async def reset_password(
    viewer: Viewer,
    *,
    token: str | None,
    new_password: str | None,
    services: Services,
    accept_terms: bool | None = None,
) -> User:
    """Set a new password with a reset token: single use; every session of the account ends.

    An account that never accepted the platform terms (a referent created by the operator,
    choosing their first password) must accept them here: TERMS_REQUIRED otherwise, and the
    link stays usable.
    """
    check_password_strength(new_password, field="newPassword")
    assert new_password is not None
    if not token or not token.startswith(RESET_TOKEN_PREFIX) or len(token) > 200:
        raise DomainError(ErrorCode.INVALID_RESET_TOKEN, field="token")
    now = services.clock()
    password_hash = await hash_password(new_password)
    async with in_transaction():
        # Locked so that two uses of the same link at once cannot both succeed.
        reset = await (
            PasswordResetToken.filter(
                token_hash=hash_token(token), used_at=None, expires_at__gt=now
            )
            .select_for_update()
            .first()
        )
        if reset is None:
            raise DomainError(ErrorCode.INVALID_RESET_TOKEN, field="token")
        user = await User.get(id=reset.user_id)  # type: ignore[attr-defined]
        updated = ["password_hash", "updated_at"]
        if user.platform_terms_accepted_at is None:
            if not accept_terms:
                raise DomainError(ErrorCode.TERMS_REQUIRED, field="acceptTerms")
            user.platform_terms_accepted_at = now
            updated.append("platform_terms_accepted_at")
        user.password_hash = password_hash
        await user.save(update_fields=updated)
        # Every outstanding link of the account dies with this one.
        await PasswordResetToken.filter(user_id=user.id, used_at=None).update(used_at=now)
        await Session.filter(user_id=user.id).delete()
        await LoginFailure.filter(key=_email_key(user.email)).delete()
    credential_cache.forget_where(user_id=user.id)
    logger.info("Mot de passe réinitialisé : utilisateur %s", user.id)
    return user
