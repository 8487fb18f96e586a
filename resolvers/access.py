"""Who is asking, and may they touch this organization?

- ``authenticate`` turns the token of a request (session cookie, ``Authorization: Bearer``
  session or API token) into a ``Viewer``. Session and API-token lookups are cached in process
  for a few seconds (see docs/decisions/sessions.md): logging out or revoking a token
  forgets the entry at once in this process; another worker may still accept it for at most
  ``CREDENTIAL_CACHE_TTL``.
- ``require_member`` is the guard of every organization use case: authenticated user, active
  membership, current Orga terms accepted, role. One SQL query.
- ``require_reader`` is its read-only sibling that also lets the organization's API tokens in.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Generic, TypeVar

from tortoise.expressions import Subquery
from tortoise.models import Model
from tortoise.queryset import QuerySet

from models import ApiToken, Membership, Role, Session, TermsAcceptance
from resolvers.context import Services, Viewer
from resolvers.errors import DomainError, ErrorCode

SESSION_PREFIX = "os_"
API_TOKEN_PREFIX = "ot_"
RESET_TOKEN_PREFIX = "pr_"

M = TypeVar("M", bound=Model)

CREDENTIAL_CACHE_TTL = timedelta(seconds=5)
CREDENTIAL_CACHE_SIZE = 10_000
# How stale ``ApiToken.last_used_at`` may get: writing it on every request would turn each
# third-party read into a write.
LAST_USED_RESOLUTION = timedelta(hours=1)


def new_token(prefix: str) -> str:
    """An opaque random credential: a readable prefix and 256 bits of randomness."""
    return prefix + secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """What the database keeps of a token: its SHA-256, hex. The token itself is never stored."""
    return hashlib.sha256(token.encode()).hexdigest()


# --- prepared selects --------------------------------------------------------------------


@dataclass(frozen=True)
class _Binding:
    """Where one SQL parameter comes from: a call argument (converted) or a constant."""

    argument: int | None
    convert: Callable[[Any], Any] | None = None
    constant: Any = None

    def value(self, arguments: tuple[Any, ...]) -> Any:
        if self.argument is None:
            return self.constant
        value = arguments[self.argument]
        return self.convert(value) if self.convert else value


@dataclass(frozen=True)
class _Compiled:
    sql: str
    bindings: tuple[_Binding, ...]
    select_related_idx: list[Any]
    custom_fields: list[str]


class PreparedSelect(Generic[M]):
    """A Tortoise select whose SQL is generated once per dialect; a call only binds values.

    Generating the SQL of a select (pypika) takes about a millisecond, longer than SQLite takes
    to run a small indexed query: a select run by most requests (the guard's) keeps its SQL.
    ``build`` receives one placeholder per kind in ``kinds`` (``uuid.UUID`` or ``str``) and
    must use each only as a filter value; rows come back as Tortoise builds them
    (``select_related`` and annotations included).
    """

    def __init__(self, model: type[M], build: Callable[..., QuerySet[M]], *kinds: type) -> None:
        self._model = model
        self._build = build
        self._kinds = kinds
        self._compiled: dict[str, _Compiled] = {}

    def _compile(self) -> _Compiled:
        placeholders = [
            uuid.uuid4() if kind is uuid.UUID else f"~{i}{uuid.uuid4().hex[:12]}"
            for i, kind in enumerate(self._kinds)
        ]
        queryset = self._build(*placeholders)
        queryset._choose_db_if_not_chosen()
        queryset._make_query()
        sql, params = queryset.query.get_parameterized_sql()
        bindings: list[_Binding] = []
        for param in params:
            for index, placeholder in enumerate(placeholders):
                if param == placeholder and type(param) is type(placeholder):
                    bindings.append(_Binding(index))
                    break
                if param == str(placeholder):
                    # The driver wants the text form (UUIDs on SQLite).
                    bindings.append(_Binding(index, convert=str))
                    break
            else:
                bindings.append(_Binding(None, constant=param))
        return _Compiled(
            sql=sql,
            bindings=tuple(bindings),
            select_related_idx=list(queryset._select_related_idx),
            custom_fields=list(queryset._annotations.keys()),
        )

    async def fetch(self, *values: Any) -> list[M]:
        db = self._model._choose_db()
        compiled = self._compiled.get(db.capabilities.dialect)
        if compiled is None:
            compiled = self._compiled[db.capabilities.dialect] = self._compile()
        params = [binding.value(values) for binding in compiled.bindings]
        executor = db.executor_class(
            model=self._model,
            db=db,
            prefetch_map={},
            prefetch_queries={},
            select_related_idx=compiled.select_related_idx,
        )
        return await executor.execute_select(
            compiled.sql, params, custom_fields=compiled.custom_fields
        )

    async def fetch_one(self, *values: Any) -> M | None:
        rows = await self.fetch(*values)
        return rows[0] if rows else None


# --- the credential cache ----------------------------------------------------------------


@dataclass(frozen=True)
class _Credential:
    user_id: uuid.UUID | None
    session_id: int | None
    api_token_id: uuid.UUID | None
    organization_id: uuid.UUID | None
    expires_at: datetime | None
    cached_at: datetime


class CredentialCache:
    """token hash → who it is, for ``ttl``; bounded LRU so it cannot grow without limit."""

    def __init__(self, ttl: timedelta = CREDENTIAL_CACHE_TTL, maxsize: int = CREDENTIAL_CACHE_SIZE):
        self.ttl = ttl
        self.maxsize = maxsize
        self._entries: OrderedDict[str, _Credential] = OrderedDict()

    def get(self, token_hash: str, now: datetime) -> _Credential | None:
        entry = self._entries.get(token_hash)
        if entry is None:
            return None
        if now - entry.cached_at > self.ttl:
            del self._entries[token_hash]
            return None
        self._entries.move_to_end(token_hash)
        return entry

    def put(self, token_hash: str, entry: _Credential) -> None:
        self._entries[token_hash] = entry
        self._entries.move_to_end(token_hash)
        while len(self._entries) > self.maxsize:
            self._entries.popitem(last=False)

    def forget(self, token_hash: str) -> None:
        self._entries.pop(token_hash, None)

    def forget_where(
        self,
        *,
        session_id: int | None = None,
        user_id: uuid.UUID | None = None,
        api_token_id: uuid.UUID | None = None,
    ) -> None:
        """Drop the entries of a session, of every session of a user, or of an API token."""
        stale = [
            key
            for key, entry in self._entries.items()
            if (session_id is not None and entry.session_id == session_id)
            or (user_id is not None and entry.user_id == user_id)
            or (api_token_id is not None and entry.api_token_id == api_token_id)
        ]
        for key in stale:
            del self._entries[key]

    def clear(self) -> None:
        self._entries.clear()


credential_cache = CredentialCache()


# --- authentication ----------------------------------------------------------------------


async def authenticate(
    token: str | None, *, via_cookie: bool, client_address: str, services: Services
) -> Viewer:
    """The viewer for a request's token; anonymous when it is missing, unknown or expired."""
    anonymous = Viewer(client_address=client_address)
    if not token or not token.startswith((SESSION_PREFIX, API_TOKEN_PREFIX)) or len(token) > 200:
        return anonymous
    now = services.clock()
    token_hash = hash_token(token)
    entry = credential_cache.get(token_hash, now)
    if entry is None:
        if token.startswith(SESSION_PREFIX):
            entry = await _load_session(token_hash, now)
        else:
            entry = await _load_api_token(token_hash, now)
        if entry is None:
            return anonymous
        credential_cache.put(token_hash, entry)
    if entry.expires_at is not None and entry.expires_at <= now:
        credential_cache.forget(token_hash)
        return anonymous
    if entry.api_token_id is not None:
        # An API token never rides on the browser cookie: the cookie only carries sessions.
        return Viewer(
            api_token_id=entry.api_token_id,
            api_token_organization_id=entry.organization_id,
            client_address=client_address,
        )
    return Viewer(
        user_id=entry.user_id,
        session_id=entry.session_id,
        client_address=client_address,
        via_cookie=via_cookie,
    )


async def _load_session(token_hash: str, now: datetime) -> _Credential | None:
    session = await Session.get_or_none(token_hash=token_hash, expires_at__gt=now)
    if session is None:
        return None
    return _Credential(
        user_id=session.user_id,  # type: ignore[attr-defined]
        session_id=session.id,
        api_token_id=None,
        organization_id=None,
        expires_at=session.expires_at,
        cached_at=now,
    )


async def _load_api_token(token_hash: str, now: datetime) -> _Credential | None:
    token = await ApiToken.get_or_none(token_hash=token_hash, revoked_at=None)
    if token is None or (token.expires_at is not None and token.expires_at <= now):
        return None
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        await ApiToken.filter(id=token.id).update(last_used_at=now)
    return _Credential(
        user_id=None,
        session_id=None,
        api_token_id=token.id,
        organization_id=token.organization_id,  # type: ignore[attr-defined]
        expires_at=token.expires_at,
        cached_at=now,
    )


# --- guards ------------------------------------------------------------------------------


def terms_accepted_subquery(user_id: uuid.UUID, version: str) -> Subquery:
    """A scalar subquery: the id of the user's acceptance of terms ``version``, or NULL.

    Annotated on a query so that a row and the terms check cost one round trip.
    """
    return Subquery(TermsAcceptance.filter(user_id=user_id, version=version).values("id"))


# The guard's single query: the membership, its organization and the terms acceptance.
_ACTIVE_MEMBERSHIP = PreparedSelect(
    Membership,
    lambda organization_id, user_id, version: (
        Membership.filter(organization_id=organization_id, user_id=user_id, disabled_at=None)
        .select_related("organization")
        .annotate(accepted_terms_id=terms_accepted_subquery(user_id, version))
        .limit(1)
    ),
    uuid.UUID,
    uuid.UUID,
    str,
)


def require_user(viewer: Viewer) -> uuid.UUID:
    """The id of the logged-in user; UNAUTHENTICATED for anonymous viewers and API tokens."""
    if viewer.user_id is None:
        raise DomainError(ErrorCode.UNAUTHENTICATED)
    return viewer.user_id


async def require_member(
    viewer: Viewer,
    organization_id: uuid.UUID,
    services: Services,
    *,
    role: Role | None = None,
    not_found: ErrorCode = ErrorCode.ORGANIZATION_NOT_FOUND,
) -> Membership:
    """The viewer's active membership of the organization (``organization`` loaded), or raise.

    In this order: READ_ONLY_TOKEN for an API token, UNAUTHENTICATED without a user;
    ``not_found`` (ORGANIZATION_NOT_FOUND by default) when the organization is unknown or the
    viewer is not an active member, so that nobody learns which organizations exist;
    TERMS_NOT_ACCEPTED until the current Orga terms are accepted; FORBIDDEN when ``role`` is
    required and the member has another one. Callers reaching the organization through
    another object (a membership, a campaign) pass that object's not-found code.
    """
    if viewer.is_api_token:
        raise DomainError(ErrorCode.READ_ONLY_TOKEN)
    user_id = require_user(viewer)
    membership = await _ACTIVE_MEMBERSHIP.fetch_one(
        organization_id, user_id, services.policy.terms_version
    )
    if membership is None:
        raise DomainError(not_found)
    if membership.accepted_terms_id is None:  # type: ignore[attr-defined]
        raise DomainError(ErrorCode.TERMS_NOT_ACCEPTED)
    if role is not None and membership.role != role:
        raise DomainError(ErrorCode.FORBIDDEN)
    return membership


@dataclass(frozen=True)
class ReadAccess:
    """How the viewer reads an organization: as a member, or with the organization's API token."""

    organization_id: uuid.UUID
    membership: Membership | None = None

    @property
    def role(self) -> Role | None:
        return self.membership.role if self.membership else None

    @property
    def via_api_token(self) -> bool:
        return self.membership is None


async def require_reader(
    viewer: Viewer,
    organization_id: uuid.UUID,
    services: Services,
    *,
    not_found: ErrorCode = ErrorCode.ORGANIZATION_NOT_FOUND,
) -> ReadAccess:
    """Read access to an organization: ``require_member``, or an API token of that organization.

    A token of another organization gets ``not_found``, like a stranger. No query for tokens.
    """
    if viewer.is_api_token:
        if viewer.api_token_organization_id != organization_id:
            raise DomainError(not_found)
        return ReadAccess(organization_id=organization_id)
    membership = await require_member(viewer, organization_id, services, not_found=not_found)
    return ReadAccess(organization_id=organization_id, membership=membership)
