"""Answer treatments (pix-domain §3.3): pre-treatment, T1/T2/T3, numbers, YAML mappings.

Used by the evaluator on answers and solutions, and by the content loader to check that
solutions make sense (a number where a number is expected, a readable YAML mapping).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import yaml

from engine.referential import Tolerance

#: T3 accepts an answer whose edit distance to a variant is at most this share of its length.
LEVENSHTEIN_DISTANCE_MAX_RATE = 0.25

#: Longest answer (or YAML/JSON document) the engine reads; longer ones are refused.
MAX_ANSWER_LENGTH = 10_000

_WHITESPACE = re.compile(r"\s+")
_COMBINING_DIACRITICS = re.compile("[\u0300-\u036f]")
_OUTSIDE_T2 = re.compile(r"[^a-zA-Z0-9 ]+")
_SPACE_RUNS = re.compile(r"\s{2,}")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")


def pre_treatment(value: str) -> str:
    """Always applied: NFC normalization, then non-breaking spaces become plain spaces."""
    return unicodedata.normalize("NFC", value).replace("\u00a0", " ")


def t1(value: str) -> str:
    """« Espaces, casse & accents »: trim, lower case, strip diacritics, drop every space."""
    decomposed = unicodedata.normalize("NFD", value.strip().lower())
    return _WHITESPACE.sub("", _COMBINING_DIACRITICS.sub("", decomposed))


def t2(value: str) -> str:
    """« Ponctuation »: keep ``[a-zA-Z0-9 ]`` only, then collapse runs of spaces."""
    return _SPACE_RUNS.sub(" ", _OUTSIDE_T2.sub("", value))


def treat(value: str, tolerances: Iterable[Tolerance]) -> str:
    """Pre-treatment, then T1 and T2 when enabled, in that order (T3 changes the matching)."""
    enabled = frozenset(tolerances)
    result = pre_treatment(value)
    if Tolerance.T1 in enabled:
        result = t1(result)
    if Tolerance.T2 in enabled:
        result = t2(result)
    return result


def levenshtein(a: str, b: str, limit: int | None = None) -> int:
    """Edit distance between two strings; stops early above ``limit`` (returns ``limit + 1``)."""
    if len(a) < len(b):
        a, b = b, a
    if limit is not None and len(a) - len(b) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            )
        if limit is not None and min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def matches(answer: str, variants: Iterable[str], *, t3: bool) -> bool:
    """Whether a treated answer matches one of the treated variants.

    Without T3: equality. With T3: the smallest edit distance divided by the answer's length is
    at most 0.25; an empty answer matches only an empty variant.
    """
    if not t3:
        return any(answer == variant for variant in variants)
    if not answer:
        return any(not variant for variant in variants)
    # distance / len(answer) ≤ 0.25  ⇔  distance ≤ floor(0.25 × len(answer))
    limit = int(LEVENSHTEIN_DISTANCE_MAX_RATE * len(answer))
    return any(levenshtein(answer, variant, limit) <= limit for variant in variants)


def parse_number(value: str) -> float | None:
    """A number written the French or English way (``3,5``, ``3.5``, ``3 500``), or None.

    As Pix does: the first comma becomes a dot and the first space is removed.
    """
    candidate = value.strip().replace(",", ".", 1).replace(" ", "", 1)
    if len(candidate) > 400 or not _NUMBER.fullmatch(candidate):
        return None
    return float(candidate)


class MappingError(ValueError):
    """A YAML/JSON document that is not a flat ``{key: value}`` mapping we can use."""


def _scalar(value: object) -> str | None:
    # JSON scalars become the text the pupil typed; YAML (failsafe) gives strings already.
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    if value is None:
        return ""
    return None


def parse_answer_mapping(text: str) -> dict[str, str]:
    """Parse a QROCM answer: a YAML or JSON mapping of block keys to the values typed.

    Every scalar is read as text (YAML failsafe schema: ``01`` stays ``"01"``). Raises
    :class:`MappingError` with a French reason for anything else; never another exception.
    """
    if len(text) > MAX_ANSWER_LENGTH:
        raise MappingError(f"réponse trop longue (plus de {MAX_ANSWER_LENGTH} caractères)")
    data = _load(text)
    if not isinstance(data, dict):
        raise MappingError("la réponse doit associer chaque champ à sa valeur")
    result: dict[str, str] = {}
    for key, value in data.items():
        name = _scalar(key)
        scalar = _scalar(value)
        if name is None or scalar is None:
            raise MappingError(f"la valeur du champ « {name or '?'} » doit être un texte")
        result[name] = scalar
    return result


def parse_solution_mapping(text: str) -> dict[str, tuple[str, ...]]:
    """Parse a QROCM solution: a YAML mapping of keys to lists of accepted variants."""
    return dict(_parse_solution_mapping(text))


@lru_cache(maxsize=4096)
def _parse_solution_mapping(text: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    # Cached: the same few hundred solutions are parsed again and again by the evaluator.
    data = _load(text)
    if not isinstance(data, dict):
        raise MappingError("doit associer chaque clé à la liste de ses réponses acceptées")
    result: list[tuple[str, tuple[str, ...]]] = []
    for key, value in data.items():
        name = _scalar(key)
        if name is None:
            raise MappingError("une clé n'est pas un texte")
        if not isinstance(value, list):
            raise MappingError(f"« {name} » doit être suivie d'une liste de réponses (« - … »)")
        variants = tuple(_scalar(item) for item in value)
        if any(variant is None for variant in variants):
            raise MappingError(f"les réponses de « {name} » doivent être des textes")
        result.append((name, tuple(v for v in variants if v is not None)))
    return tuple(result)


def _load(text: str) -> object:
    stripped = text.strip()
    if stripped.startswith("{"):
        try:
            return json.loads(stripped)
        except (ValueError, RecursionError):
            pass  # not JSON: maybe YAML flow style, tried below
    try:
        # BaseLoader = YAML failsafe schema: every scalar is a string, no tags, no objects.
        return yaml.load(text, Loader=yaml.BaseLoader)
    except yaml.MarkedYAMLError as error:
        line = f" (ligne {error.problem_mark.line + 1})" if error.problem_mark else ""
        raise MappingError(f"YAML illisible{line}") from None
    except (yaml.YAMLError, ValueError, RecursionError, MemoryError):
        raise MappingError("YAML illisible") from None
