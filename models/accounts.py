"""People and their credentials: users, browser/API sessions, third-party tokens, resets."""

import uuid

from tortoise import fields
from tortoise.models import Model


class User(Model):
    """A personal account: a teacher, an organization admin or a pupil."""

    id = fields.UUIDField(primary_key=True, default=uuid.uuid4)
    # Always stored lower-cased and trimmed, so the unique index is case-insensitive.
    email = fields.CharField(max_length=255, unique=True)
    password_hash = fields.CharField(max_length=255)
    first_name = fields.CharField(max_length=255)
    last_name = fields.CharField(max_length=255)
    # Platform terms accepted at sign-up; null for a referent created by the operator until
    # they accept them while choosing their password. Orga terms are TermsAcceptance rows.
    platform_terms_accepted_at = fields.DatetimeField(null=True)
    has_seen_assessment_instructions = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "users"


class Session(Model):
    """A logged-in session. Only the SHA-256 of the opaque token is stored."""

    id = fields.BigIntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="sessions", on_delete=fields.CASCADE
    )
    token_hash = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField(db_index=True)

    class Meta:
        table = "sessions"


class ApiToken(Model):
    """A read-only token a third party uses to read one organization's data."""

    id = fields.UUIDField(primary_key=True, default=uuid.uuid4)
    organization: fields.ForeignKeyRelation["Organization"] = fields.ForeignKeyField(  # type: ignore[name-defined]  # noqa: F821
        "models.Organization", related_name="api_tokens", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=100)
    token_hash = fields.CharField(max_length=64, unique=True)
    # Shown in lists so a token can be recognised without being revealed.
    prefix = fields.CharField(max_length=16)
    scope = fields.CharField(max_length=20, default="read")
    created_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="created_api_tokens", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)
    last_used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "api_tokens"


class PasswordResetToken(Model):
    """A single-use, expiring password reset token (hash only)."""

    id = fields.BigIntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="password_reset_tokens", on_delete=fields.CASCADE
    )
    token_hash = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "password_reset_tokens"


class LoginFailure(Model):
    """One failed login, keyed by ``email:<address>`` or ``ip:<address>``, for rate limiting.

    Kept in the database rather than in process memory so the limit holds across workers.
    """

    id = fields.BigIntField(primary_key=True)
    key = fields.CharField(max_length=300)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "login_failures"
        indexes = (("key", "created_at"),)
