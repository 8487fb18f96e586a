"""``orga serve``, ``orga migrate``, ``orga check`` and ``orga create-organization``."""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

from models import OrganizationType
from models.migrate import upgrade
from resolvers.context import Services
from resolvers.errors import DomainError
from subscriptions.broadcast import ping_backend
from web.commands._runtime import load_settings, open_database, run
from web.mail import mailer_for
from web.settings import Settings


def register(subparsers: Any) -> None:
    serve = subparsers.add_parser("serve", help="applique les migrations puis démarre le serveur")
    serve.add_argument("--host", default="127.0.0.1", help="adresse d'écoute (127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port d'écoute (8000)")
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        help="processus serveurs (plus d'un exige PostgreSQL et Redis)",
    )
    serve.add_argument(
        "--no-migrate", action="store_true", help="ne pas appliquer les migrations au démarrage"
    )
    serve.set_defaults(handler=serve_command)

    migrate = subparsers.add_parser(
        "migrate", help="applique les migrations de la base configurée (ORGA_DATABASE_URL)"
    )
    migrate.set_defaults(handler=migrate_command)

    check = subparsers.add_parser(
        "check", help="indique la base et la diffusion configurées, et si elles répondent"
    )
    check.set_defaults(handler=check_command)

    create = subparsers.add_parser(
        "create-organization",
        help="crée une organisation et désigne son administrateur (référent)",
    )
    create.add_argument("--name", required=True, help="nom de l'organisation")
    create.add_argument(
        "--type",
        required=True,
        choices=[t.value for t in OrganizationType],
        help="SCO (établissement scolaire), SUP (supérieur) ou PRO",
    )
    create.add_argument("--external-id", default=None, help="identifiant externe (UAI…)")
    create.add_argument("--admin-email", required=True, help="e-mail du référent (administrateur)")
    create.set_defaults(handler=create_organization_command)


def _describe(url: str) -> str:
    """The URL without credentials, safe to print."""
    scheme, _, rest = url.partition("://")
    host = rest.rsplit("@", 1)[-1]
    return f"{scheme}://{host}"


def refuse_unscalable(settings: Settings, workers: int) -> str | None:
    """Why ``workers`` processes cannot run with these settings, or None when they can."""
    if workers <= 1:
        return None
    if settings.uses_sqlite:
        return (
            "Plusieurs processus (--workers > 1) exigent PostgreSQL : SQLite n'accepte qu'un "
            "processus écrivain. Définissez ORGA_DATABASE_URL=postgres://…"
        )
    if not settings.uses_redis:
        return (
            "Plusieurs processus (--workers > 1) exigent Redis pour que chaque tableau de bord "
            "reçoive les événements de tous les processus : memory:// ne fonctionne que dans un "
            "seul processus. Définissez ORGA_BROADCAST_URL=redis://127.0.0.1:6379"
        )
    return None


def serve_command(args: argparse.Namespace) -> int:
    settings = load_settings()
    refusal = refuse_unscalable(settings, args.workers)
    if refusal:
        print(refusal, file=sys.stderr)
        return 2
    if not args.no_migrate:
        # Migrate once, before the workers start: concurrent schema creation crashes.
        code = migrate_command(args)
        if code:
            return code
    import uvicorn

    uvicorn.run(
        "web.app:app_from_env",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        proxy_headers=False,
        log_level="warning",
        ws_ping_interval=20,
        ws_ping_timeout=20,
        # Dashboard messages are ~250 bytes: compressing each costs more CPU than it saves.
        ws_per_message_deflate=False,
        # The cheapest of uvicorn's WebSocket implementations per frame sent (measured on
        # 250-byte frames, one per connection and event, socket write included: about 13 µs
        # of server CPU against 16 for wsproto and 19 for the legacy ``websockets``). What
        # ``auto`` picks today; named so that a uvicorn upgrade cannot change it silently.
        ws="websockets-sansio",
    )
    return 0


def migrate_command(args: argparse.Namespace) -> int:
    settings = load_settings()
    try:
        applied = asyncio.run(upgrade(settings.database_url))
    except Exception as error:
        print(
            f"Échec des migrations sur {_describe(settings.database_url)} : {error}",
            file=sys.stderr,
        )
        return 1
    if applied:
        for name in applied:
            print(f"Migration appliquée : {name}")
    else:
        print(f"Base à jour ({_describe(settings.database_url)}).")
    return 0


async def _check(settings: Settings) -> int:
    failures = 0
    print(f"Base de données : {_describe(settings.database_url)}")
    try:
        async with open_database(settings):
            from web.health import check_database

            await asyncio.wait_for(check_database(), timeout=5)
        print("  répond : oui")
    except Exception as error:
        print(f"  répond : NON ({type(error).__name__}: {error})")
        failures += 1
    print(f"Diffusion temps réel : {_describe(settings.broadcast_url)}")
    if settings.uses_redis:
        try:
            await ping_backend(settings.broadcast_url)
            print("  répond : oui")
        except Exception as error:
            print(f"  répond : NON ({type(error).__name__}: {error})")
            failures += 1
    else:
        print("  en mémoire (un seul processus serveur)")
    return 1 if failures else 0


def check_command(args: argparse.Namespace) -> int:
    return run(_check(load_settings()))


async def _create_organization(settings: Settings, args: argparse.Namespace) -> int:
    from resolvers.organizations import create_organization_for_referent

    services = Services(policy=settings.policy(), mailer=mailer_for(settings))
    async with open_database(settings):
        try:
            organization, admin, reset_link = await create_organization_for_referent(
                name=args.name,
                type=args.type,
                external_id=args.external_id,
                admin_email=args.admin_email,
                services=services,
            )
        except DomainError as error:
            where = f" ({error.field})" if error.field else ""
            print(f"Erreur {error.code}{where} : {error.message}", file=sys.stderr)
            return 1
    print(f"Organisation créée : {organization.name} (id {organization.id})")
    print(f"Administrateur : {admin.email}")
    if reset_link:
        print(
            "Ce référent n'a pas encore de compte : il choisit son mot de passe et accepte les "
            "conditions d'utilisation avec ce lien (valable 7 jours, utilisable une fois ; "
            f"envoyé aussi par e-mail quand SMTP est configuré) :\n  {reset_link}"
        )
    return 0


def create_organization_command(args: argparse.Namespace) -> int:
    return run(_create_organization(load_settings(), args))
