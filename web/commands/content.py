"""``orga content validate FICHIER_OU_DOSSIER``: check a learning content bundle."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from engine.calibration import (
    DEFAULT_MIN_ANSWERS,
    CalibratedItem,
    StoredAnswer,
    calibrate,
    item_parameters_document,
)
from engine.content import BUNDLED_CONTENT_DIR, ContentError, Referential, load_referential

#: The file of the content folder that holds the calibrated parameters.
ITEM_PARAMETERS_FILE = "item-parameters.json"


def _date(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text).replace(tzinfo=UTC)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"« {text} » n'est pas une date AAAA-MM-JJ") from error


def register(subparsers: Any) -> None:
    content = subparsers.add_parser("content", help="contenu pédagogique (référentiel, épreuves)")
    actions = content.add_subparsers(dest="content_action", metavar="ACTION")
    validate = actions.add_parser(
        "validate",
        help="vérifie un contenu (fichier JSON ou dossier) et liste chacun de ses défauts",
    )
    validate.add_argument("path", metavar="FICHIER_OU_DOSSIER")
    validate.set_defaults(handler=validate_command)
    calibrate = actions.add_parser(
        "calibrate",
        help="ajuste les paramètres des épreuves (modèle IRT) sur les réponses enregistrées",
    )
    calibrate.add_argument(
        "--since", type=_date, default=None, help="réponses à partir de cette date (AAAA-MM-JJ)"
    )
    calibrate.add_argument(
        "--min-answers",
        type=int,
        default=DEFAULT_MIN_ANSWERS,
        help=f"réponses nécessaires pour ajuster une épreuve ({DEFAULT_MIN_ANSWERS})",
    )
    calibrate.add_argument(
        "--content",
        default=str(BUNDLED_CONTENT_DIR),
        help="dossier du contenu, où est écrit item-parameters.json (la banque fournie)",
    )
    calibrate.set_defaults(handler=calibrate_command)

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


def calibration_lines(calibrated: list[CalibratedItem], min_answers: int) -> list[str]:
    """The report printed by ``orga content calibrate``."""
    moved = [item for item in calibrated if item.after is not None]
    lines = [
        f"{len(calibrated)} épreuve(s) avec des réponses ; {len(moved)} ajustée(s) "
        f"(au moins {min_answers} réponses) ; {len(calibrated) - len(moved)} gardent leurs "
        "paramètres.",
    ]
    if moved:
        lines.append("  épreuve                          réponses  discrimination    difficulté")
    for item in moved:
        assert item.after is not None
        lines.append(
            f"  {item.challenge_id:<32} {item.answers:>8}  "
            f"{item.before.discrimination:5.2f} → {item.after.discrimination:5.2f}  "
            f"{item.before.difficulty:5.2f} → {item.after.difficulty:5.2f}"
        )
    return lines


def calibrate_command(args: argparse.Namespace) -> int:
    # Imported here: the other content commands need no database.
    from resolvers.calibration import stored_answers
    from web.commands._runtime import load_settings, open_database, run
    from web.commands.simulate import ProgressBar

    if args.min_answers < 2:
        print("--min-answers doit valoir au moins 2.", file=sys.stderr)
        return 2
    folder = Path(args.content)
    if not folder.is_dir():
        print(f"« {folder} » n'est pas un dossier de contenu.", file=sys.stderr)
        return 2
    try:
        referential = load_referential(folder)
    except ContentError as error:
        for issue in error.issues:
            print(issue, file=sys.stderr)
        return 1
    settings = load_settings()

    answers: list[StoredAnswer] = []

    async def read() -> int:
        async with open_database(settings):
            answers.extend(await stored_answers(args.since))
        return 0

    run(read())
    print(f"{len(answers)} réponse(s) lue(s).")
    calibrated = calibrate(
        referential,
        answers,
        min_answers=args.min_answers,
        progress=ProgressBar("Compétences ajustées"),
    )
    for line in calibration_lines(calibrated, args.min_answers):
        print(line)
    document = item_parameters_document(
        referential, calibrated, datetime.now(UTC).date().isoformat()
    )
    target = folder / ITEM_PARAMETERS_FILE
    previous = target.read_text(encoding="utf-8") if target.exists() else None
    target.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    try:
        load_referential(folder)
    except ContentError as error:  # never leave a bundle the loader refuses
        if previous is None:
            target.unlink()
        else:
            target.write_text(previous, encoding="utf-8")
        for issue in error.issues:
            print(issue, file=sys.stderr)
        return 1
    print(f"Paramètres écrits dans {target} (lus au prochain démarrage d'Orga).")
    return 0
