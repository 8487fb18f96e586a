"""``orga content validate FICHIER_OU_DOSSIER``: check a learning content bundle."""

from __future__ import annotations

import argparse
from collections import Counter
from typing import Any

from engine.content import ContentError, Referential, load_referential


def register(subparsers: Any) -> None:
    content = subparsers.add_parser("content", help="contenu pédagogique (référentiel, épreuves)")
    actions = content.add_subparsers(dest="content_action", metavar="ACTION")
    validate = actions.add_parser(
        "validate",
        help="vérifie un contenu (fichier JSON ou dossier) et liste chacun de ses défauts",
    )
    validate.add_argument("path", metavar="FICHIER_OU_DOSSIER")
    validate.set_defaults(handler=validate_command)

    def usage(_: argparse.Namespace) -> int:
        content.print_help()
        return 2

    content.set_defaults(handler=usage)


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count <= 1 else plural}"


def summary(referential: Referential) -> list[str]:
    """Counts per section, as printed for a valid bundle."""
    challenges = referential.challenges.values()
    types = Counter(challenge.type.value for challenge in challenges)
    timed = sum(1 for challenge in challenges if challenge.is_timed)
    by_type = ", ".join(f"{name} {count}" for name, count in sorted(types.items()))
    rows = [
        ("domaines", len(referential.areas), ""),
        ("compétences", len(referential.competences), ""),
        ("sujets", len(referential.tubes), ""),
        ("acquis", len(referential.skills), ""),
        ("épreuves", len(referential.challenges), f"  ({by_type} ; {timed} chronométrées)"),
        ("tutoriels", len(referential.tutorials), ""),
        ("profils cibles", len(referential.target_profiles), ""),
    ]
    return [f"  {label:<15}{count:>6}{extra}" for label, count, extra in rows]


def validate_command(args: argparse.Namespace) -> int:
    try:
        referential = load_referential(args.path)
    except ContentError as error:
        for issue in error.issues:
            print(issue)
        count = len(error.issues)
        print(f"{_plural(count, 'défaut', 'défauts')} : contenu refusé.")
        return 1
    print(f"Contenu valide : {args.path} (version {referential.release})")
    for line in summary(referential):
        print(line)
    return 0
