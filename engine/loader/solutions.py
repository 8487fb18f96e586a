"""Checks that a challenge's proposals and solution fit its type (pix-domain §3.3)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from engine.referential import NUMBER_FORMAT, Challenge, ChallengeType, choices, input_keys
from engine.treatments import MappingError, parse_number, parse_solution_mapping, treat

_INDEX = re.compile(r"[1-9]\d*")
_BLOCK_KEY = re.compile(r"[\w-]+")


def check_solution(challenge: Challenge) -> list[tuple[str, str]]:
    """Problems of the challenge's proposals and solution for its type, as (field, message)."""
    checks: dict[ChallengeType, Callable[[Challenge], list[tuple[str, str]]]] = {
        ChallengeType.QCU: _check_choice,
        ChallengeType.QCM: _check_choice,
        ChallengeType.QROC: _check_qroc,
        ChallengeType.QROCM_IND: _check_qrocm,
        ChallengeType.QROCM_DEP: _check_qrocm,
    }
    problems = checks[challenge.type](challenge)
    if challenge.format == NUMBER_FORMAT and challenge.type != ChallengeType.QROC:
        problems.append(("format", "le format « nombre » ne s'applique qu'aux QROC"))
    return problems


def _check_choice(challenge: Challenge) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    lines = [line.strip() for line in challenge.proposals.splitlines() if line.strip()]
    for number, line in enumerate(lines, start=1):
        if not line.startswith("- "):
            problems.append(("proposals", f"la proposition {number} doit commencer par « - »"))
    count = len(choices(challenge.proposals))
    if count < 2:
        problems.append(("proposals", "il faut au moins 2 propositions, une par ligne « - … »"))
    if challenge.type == ChallengeType.QCU:
        parts = [challenge.solution]
        if "," in challenge.solution:
            problems.append(("solution", "une QCU n'a qu'une bonne réponse (ex. « 2 »)"))
            return problems
    else:
        parts = [part.strip() for part in challenge.solution.split(",")]
    seen: set[str] = set()
    for part in parts:
        if not _INDEX.fullmatch(part):
            problems.append(
                ("solution", f"« {part} » n'est pas un numéro de proposition (1, 2, …)")
            )
            continue
        if int(part) > count:
            problems.append(("solution", f"l'indice {part} dépasse les {count} propositions"))
        if part in seen:
            problems.append(("solution", f"l'indice {part} est répété"))
        seen.add(part)
    return problems


def _check_blocks(challenge: Challenge) -> tuple[list[str], list[tuple[str, str]]]:
    keys = list(input_keys(challenge.proposals))
    problems: list[tuple[str, str]] = []
    seen: set[str] = set()
    for key in keys:
        if not _BLOCK_KEY.fullmatch(key):
            problems.append(("proposals", f"le champ ${{{key}}} n'a pas un nom valide"))
        if key in seen:
            problems.append(("proposals", f"le champ ${{{key}}} apparaît deux fois"))
        seen.add(key)
    return keys, problems


def _check_variants(
    challenge: Challenge, variants: Sequence[str], label: str
) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    for variant in variants:
        if not variant.strip():
            problems.append(("solution", f"{label} : une réponse acceptée est vide"))
        elif not treat(variant, challenge.tolerances):
            problems.append(
                ("solution", f"{label} : « {variant} » devient vide avec les tolérances")
            )
    return problems


def _check_qroc(challenge: Challenge) -> list[tuple[str, str]]:
    keys, problems = _check_blocks(challenge)
    if len(keys) != 1:
        problems.append(
            ("proposals", f"une QROC a exactement un champ ${{…}} (trouvé {len(keys)})")
        )
    lines = [line for line in challenge.solution.split("\n") if line.strip()]
    if not lines:
        problems.append(("solution", "au moins une réponse acceptée, une par ligne"))
    problems.extend(_check_variants(challenge, lines, "réponses"))
    if challenge.format == NUMBER_FORMAT:
        for line in lines:
            if parse_number(line) is None:
                problems.append(("solution", f"« {line.strip()} » n'est pas un nombre"))
    return problems


def _check_qrocm(challenge: Challenge) -> list[tuple[str, str]]:
    keys, problems = _check_blocks(challenge)
    if not keys:
        problems.append(("proposals", "une QROCM a au moins un champ ${…}"))
    try:
        solution = parse_solution_mapping(challenge.solution)
    except MappingError as error:
        problems.append(("solution", str(error)))
        return problems
    for name, variants in solution.items():
        if not variants:
            problems.append(("solution", f"« {name} » n'a aucune réponse acceptée"))
        problems.extend(_check_variants(challenge, variants, f"« {name} »"))
    if challenge.type == ChallengeType.QROCM_IND:
        for key in keys:
            if key not in solution:
                problems.append(("solution", f"le champ ${{{key}}} n'a pas de réponse acceptée"))
        for name in solution:
            if name not in keys:
                problems.append(
                    ("solution", f"la clé « {name} » ne correspond à aucun champ ${{{name}}}")
                )
    elif len(solution) < len(keys):
        problems.append(
            (
                "solution",
                f"{len(solution)} groupe(s) de réponses pour {len(keys)} champs : chaque champ "
                "doit pouvoir correspondre à un groupe différent",
            )
        )
    return problems
