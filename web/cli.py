"""The ``orga`` command line."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# Modules of web/commands/, each contributing sub-commands through ``register(subparsers)``.
COMMAND_MODULES = (
    "web.commands.server",
    "web.commands.content",
    "web.commands.simulate",
    "web.commands.demo",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="orga",
        description="Orga : évaluer les compétences numériques des élèves.",
    )
    parser._positionals.title = "commandes"
    parser._optionals.title = "options"
    subparsers = parser.add_subparsers(dest="command", metavar="COMMANDE")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    return int(handler(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
