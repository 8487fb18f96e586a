"""Checkpoints every 5 answers."""

from __future__ import annotations

from engine.checkpoints import (
    CHECKPOINT_SIZE,
    checkpoint_block,
    checkpoint_due,
    final_checkpoint_block,
    question_number,
)


def test_question_number_within_the_block() -> None:
    assert [question_number(n) for n in range(7)] == [1, 2, 3, 4, 5, 1, 2]


def test_checkpoint_is_due_every_five_answers_unless_already_seen() -> None:
    assert CHECKPOINT_SIZE == 5
    assert [n for n in range(12) if checkpoint_due(n, seen_count=0)] == [5, 10]
    assert not checkpoint_due(5, seen_count=5)
    assert checkpoint_due(10, seen_count=5)
    assert not checkpoint_due(0, seen_count=0)


def test_block_is_the_answers_since_the_previous_checkpoint() -> None:
    answers = list(range(1, 13))

    assert checkpoint_block(answers[:3]) == [1, 2, 3]
    assert checkpoint_block(answers[:5]) == [1, 2, 3, 4, 5]
    assert checkpoint_block(answers[:10]) == [6, 7, 8, 9, 10]
    assert checkpoint_block(answers) == [11, 12]
    assert checkpoint_block([]) == []
    assert checkpoint_block(tuple(answers[:7])) == (6, 7)


def test_final_checkpoint_is_empty_when_everything_was_already_shown() -> None:
    answers = list(range(1, 11))

    assert final_checkpoint_block(answers, seen_count=10) == []
    assert final_checkpoint_block(answers, seen_count=5) == [6, 7, 8, 9, 10]
    assert final_checkpoint_block(answers[:7], seen_count=5) == [6, 7]
