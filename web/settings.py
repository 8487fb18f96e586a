"""Settings from ``ORGA_*`` environment variables, with safe defaults for a laptop."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from resolvers.context import Policy

DEFAULT_DATABASE_URL = "sqlite://orga.sqlite3"
DEFAULT_BROADCAST_URL = "memory://"
DEFAULT_ORIGINS = ("http://127.0.0.1:8000", "http://localhost:8000")
SECRET_FILE = Path(".orga-secret")


class SettingsError(ValueError):
    """A setting has a value Orga cannot use; the message says which and why."""


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on", "oui"}


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as error:
        raise SettingsError(f"{name} doit être un nombre entier (reçu : {raw!r}).") from error


def _secret_key(env: Mapping[str, str], debug: bool) -> str:
    key = env.get("ORGA_SECRET_KEY", "").strip()
    if key:
        return key
    # Development convenience: generate once and keep it beside the database.
    if SECRET_FILE.exists():
        return SECRET_FILE.read_text().strip()
    key = secrets.token_urlsafe(48)
    try:
        SECRET_FILE.write_text(key)
        SECRET_FILE.chmod(0o600)
    except OSError:
        pass
    return key


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    broadcast_url: str = DEFAULT_BROADCAST_URL
    secret_key: str = field(default="", repr=False)
    allowed_origins: tuple[str, ...] = DEFAULT_ORIGINS
    debug: bool = False
    public_url: str = "http://127.0.0.1:8000"
    smtp_url: str | None = field(default=None, repr=False)
    mail_from: str = "Orga <no-reply@orga.localhost>"
    cookie_secure: bool = False
    terms_version: str = "2026-11-01"
    session_ttl_hours: int = 24 * 14
    max_reachable_level: int = 6
    login_max_failures_per_email: int = 5
    login_max_failures_per_address: int = 20
    log_level: str = "INFO"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        debug = _flag(env.get("ORGA_DEBUG"))
        origins = tuple(
            o.strip().rstrip("/")
            for o in env.get("ORGA_ALLOWED_ORIGINS", ",".join(DEFAULT_ORIGINS)).split(",")
            if o.strip()
        )
        settings = cls(
            database_url=env.get("ORGA_DATABASE_URL", DEFAULT_DATABASE_URL).strip(),
            broadcast_url=env.get("ORGA_BROADCAST_URL", DEFAULT_BROADCAST_URL).strip(),
            secret_key=_secret_key(env, debug),
            allowed_origins=origins,
            debug=debug,
            public_url=env.get("ORGA_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/"),
            smtp_url=env.get("ORGA_SMTP_URL") or None,
            mail_from=env.get("ORGA_MAIL_FROM", cls.mail_from),
            cookie_secure=_flag(env.get("ORGA_COOKIE_SECURE")),
            terms_version=env.get("ORGA_TERMS_VERSION", cls.terms_version).strip(),
            session_ttl_hours=_int(env, "ORGA_SESSION_TTL_HOURS", cls.session_ttl_hours),
            max_reachable_level=_int(env, "ORGA_MAX_REACHABLE_LEVEL", cls.max_reachable_level),
            login_max_failures_per_email=_int(
                env, "ORGA_LOGIN_MAX_FAILURES_PER_EMAIL", cls.login_max_failures_per_email
            ),
            login_max_failures_per_address=_int(
                env, "ORGA_LOGIN_MAX_FAILURES_PER_ADDRESS", cls.login_max_failures_per_address
            ),
            log_level=env.get("ORGA_LOG_LEVEL", "INFO").upper(),
        )
        settings.validate()
        return settings

    def validate(self) -> None:
        scheme = self.database_url.split(":", 1)[0]
        if scheme not in {"sqlite", "postgres", "postgresql", "asyncpg"}:
            raise SettingsError(
                "ORGA_DATABASE_URL doit commencer par sqlite:// ou postgres:// "
                f"(reçu : {scheme}://…)."
            )
        if not self.broadcast_url.startswith(("memory://", "redis://", "rediss://")):
            raise SettingsError("ORGA_BROADCAST_URL doit être memory:// ou redis://hôte:port.")
        if not 1 <= self.max_reachable_level <= 8:
            raise SettingsError("ORGA_MAX_REACHABLE_LEVEL doit être compris entre 1 et 8.")

    @property
    def uses_redis(self) -> bool:
        return self.broadcast_url.startswith(("redis://", "rediss://"))

    @property
    def uses_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def policy(self) -> Policy:
        return Policy(
            terms_version=self.terms_version,
            session_ttl=timedelta(hours=self.session_ttl_hours),
            login_max_failures_per_email=self.login_max_failures_per_email,
            login_max_failures_per_address=self.login_max_failures_per_address,
            max_reachable_level=self.max_reachable_level,
            public_url=self.public_url,
        )
