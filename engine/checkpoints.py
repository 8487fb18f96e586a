"""Checkpoints every 5 answers (pix-domain §7): « Question x / 5 », « Avancement »."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

#: Answers between two checkpoints.
CHECKPOINT_SIZE = 5

_A = TypeVar("_A")


def question_number(answers_count: int) -> int:
    """The x of « Question x / 5 » for the next question, given the answers so far."""
    return answers_count % CHECKPOINT_SIZE + 1


def checkpoint_due(answers_count: int, seen_count: int) -> bool:
    """Whether to show a checkpoint after the latest answer.

    Due after every 5th answer, unless the pupil already saw it: ``seen_count`` is the number
    of answers there were when the pupil last saw a checkpoint (0 if never).
    """
    return answers_count > 0 and answers_count % CHECKPOINT_SIZE == 0 and seen_count < answers_count


def checkpoint_block(answers: Sequence[_A]) -> Sequence[_A]:
    """The answers a checkpoint lists: those since the previous checkpoint, i.e. the last
    ``count mod 5``, or the last 5 when the count is a multiple of 5."""
    count = len(answers)
    if count == 0:
        return answers[:0]
    size = count % CHECKPOINT_SIZE or CHECKPOINT_SIZE
    return answers[count - size :]


def final_checkpoint_block(answers: Sequence[_A], seen_count: int) -> Sequence[_A]:
    """The answers of the final checkpoint; empty when the pupil already saw them all at the
    last checkpoint (« C'est déjà fini, ne soyez pas surpris ! »)."""
    if seen_count >= len(answers):
        return answers[:0]
    return checkpoint_block(answers)
