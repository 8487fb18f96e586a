"""Answer evaluation (pix-domain §3.3): is the pupil's answer to a challenge right?

``evaluate`` never raises on an answer value, whatever the text: an unreadable QROCM answer, an
answer longer than :data:`~engine.treatments.MAX_ANSWER_LENGTH` or a value that is not text
is ``ko`` with a French ``reason``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from types import MappingProxyType

from engine.referential import NUMBER_FORMAT, Challenge, ChallengeType, Tolerance
from engine.treatments import (
    MAX_ANSWER_LENGTH,
    MappingError,
    matches,
    parse_answer_mapping,
    parse_number,
    parse_solution_mapping,
    pre_treatment,
    treat,
)


class AnswerResult(StrEnum):
    OK = "ok"
    KO = "ko"
    ABAND = "aband"  # « Je passe »
    TIMEDOUT = "timedout"  # right, but after the timer ran out


#: The value the pupil client sends for « Je passe ».
SKIP_VALUE = "#ABAND#"


@dataclass(frozen=True)
class Evaluation:
    """The result; ``details`` gives per-field correctness for QROCM; ``reason`` explains a
    ``ko`` that is not a wrong answer but an unusable one (unreadable, too long)."""

    result: AnswerResult
    details: Mapping[str, bool] | None = None
    reason: str | None = None


_OK = Evaluation(AnswerResult.OK)
_KO = Evaluation(AnswerResult.KO)


def evaluate(challenge: Challenge, value: str, *, timed_out: bool = False) -> Evaluation:
    """Evaluate the value the pupil client sent for ``challenge``.

    ``#ABAND#`` is a skip (``aband``); a right answer given after the timer is ``timedout``.
    """
    if value == SKIP_VALUE:
        return Evaluation(AnswerResult.ABAND)
    if not isinstance(value, str):
        return Evaluation(AnswerResult.KO, reason="la réponse n'est pas un texte")
    if len(value) > MAX_ANSWER_LENGTH:
        return Evaluation(
            AnswerResult.KO,
            reason=f"réponse trop longue (plus de {MAX_ANSWER_LENGTH} caractères)",
        )
    evaluation = _EVALUATORS[challenge.type](challenge, value)
    if timed_out and evaluation.result == AnswerResult.OK:
        return replace(evaluation, result=AnswerResult.TIMEDOUT)
    return evaluation


def _qcu(challenge: Challenge, value: str) -> Evaluation:
    return _OK if value == challenge.solution else _KO


def _qcm(challenge: Challenge, value: str) -> Evaluation:
    # The order of the checked boxes does not matter; a missing or extra one does.
    def normalized(csv: str) -> list[str]:
        return sorted(part.strip() for part in csv.split(","))

    return _OK if normalized(value) == normalized(challenge.solution) else _KO


def _variants(solution: str) -> list[str]:
    return [line.rstrip("\r") for line in solution.split("\n") if line.strip()]


def _qroc(challenge: Challenge, value: str) -> Evaluation:
    variants = _variants(challenge.solution)
    if not variants:
        return _KO
    if challenge.format == NUMBER_FORMAT:
        answer_number = parse_number(pre_treatment(value))
        numbers = [parse_number(pre_treatment(variant)) for variant in variants]
        if answer_number is not None and all(n is not None for n in numbers):
            return _OK if answer_number in numbers else _KO
    return _OK if _matches(challenge.tolerances, value, variants) else _KO


def _matches(tolerances: frozenset[Tolerance], value: str, variants: Sequence[str]) -> bool:
    return matches(
        treat(value, tolerances),
        [treat(variant, tolerances) for variant in variants],
        t3=Tolerance.T3 in tolerances,
    )


def _answers(
    challenge: Challenge, value: str
) -> tuple[dict[str, str], dict[str, tuple[str, ...]]] | Evaluation:
    """The answer and solution mappings of a QROCM, or the ``ko`` explaining why not."""
    try:
        answers = parse_answer_mapping(value)
    except MappingError as error:
        return Evaluation(AnswerResult.KO, reason=f"réponse illisible : {error}")
    try:
        solution = parse_solution_mapping(challenge.solution)
    except MappingError:
        return Evaluation(AnswerResult.KO, reason="la solution de l'épreuve est illisible")
    keys = challenge.input_keys
    for key in answers:
        if key not in keys:
            return Evaluation(AnswerResult.KO, reason=f"réponse à un champ inconnu : « {key} »")
    return answers, solution


def _qrocm_ind(challenge: Challenge, value: str) -> Evaluation:
    parsed = _answers(challenge, value)
    if isinstance(parsed, Evaluation):
        return parsed
    answers, solution = parsed
    # A field left out of the answer counts as left empty (so, wrong).
    details = {
        key: _matches(challenge.tolerances, answers.get(key, ""), solution.get(key, ()))
        for key in challenge.input_keys
    }
    result = AnswerResult.OK if all(details.values()) else AnswerResult.KO
    return Evaluation(result, MappingProxyType(details))


def _qrocm_dep(challenge: Challenge, value: str) -> Evaluation:
    parsed = _answers(challenge, value)
    if isinstance(parsed, Evaluation):
        return parsed
    answers, solution = parsed
    keys = challenge.input_keys
    tolerances = challenge.tolerances
    t3 = Tolerance.T3 in tolerances
    groups = [[treat(variant, tolerances) for variant in group] for group in solution.values()]
    values = [treat(answers.get(key, ""), tolerances) for key in keys]
    accepted = [
        [g for g, group in enumerate(groups) if matches(value, group, t3=t3)] for value in values
    ]
    assigned = _maximum_matching(accepted)
    details = {key: assigned[i] is not None for i, key in enumerate(keys)}
    result = AnswerResult.OK if all(details.values()) else AnswerResult.KO
    return Evaluation(result, MappingProxyType(details))


def _maximum_matching(accepted: Sequence[Sequence[int]]) -> list[int | None]:
    """Give each field a distinct group it matches, as many fields as possible (Kuhn).

    Pix consumes the first matching group greedily, which can refuse a right answer when two
    groups share a variant; a maximum matching accepts every answer a pupil could justify.
    """
    owner: dict[int, int] = {}  # group → field

    def assign(field: int, visited: set[int]) -> bool:
        for group in accepted[field]:
            if group in visited:
                continue
            visited.add(group)
            if group not in owner or assign(owner[group], visited):
                owner[group] = field
                return True
        return False

    for field in range(len(accepted)):
        assign(field, set())
    result: list[int | None] = [None] * len(accepted)
    for group, field in owner.items():
        result[field] = group
    return result


_EVALUATORS: Mapping[ChallengeType, Callable[[Challenge, str], Evaluation]] = MappingProxyType(
    {
        ChallengeType.QCU: _qcu,
        ChallengeType.QCM: _qcm,
        ChallengeType.QROC: _qroc,
        ChallengeType.QROCM_IND: _qrocm_ind,
        ChallengeType.QROCM_DEP: _qrocm_dep,
    }
)
