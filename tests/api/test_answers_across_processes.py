"""A pupil whose requests land on either of two server processes (a browser's keep-alive
connection closed between two answers, several workers): every answer is stored once, in
order, whichever process took the one before."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.api.test_subscriptions import call, join, open_school
from tests.conftest import DatabaseFactory, Server, start_server

SUBMIT = """mutation($input: SubmitAnswerInput!) { submitAnswer(input: $input) {
  result finished nextChallenge { id } assessment { answersCount } errors { code } } }"""


@pytest.fixture
def two_servers(
    database_factory: DatabaseFactory, tmp_path: Path
) -> Iterator[tuple[Server, Server]]:
    database = database_factory.create("alternate")
    first = start_server(database, tmp_path)
    try:
        second = start_server(database, tmp_path)
    except BaseException:
        first.stop()
        raise
    yield first, second
    second.stop()
    first.stop()


async def _rows(server: Server, query: str, *args: Any) -> list[tuple[Any, ...]]:
    url = server.env["ORGA_DATABASE_URL"]
    if url.startswith("sqlite"):
        with sqlite3.connect(url.split("://", 1)[1]) as connection:
            return [tuple(r) for r in connection.execute(query.replace("$1", "?"), args)]
    import asyncpg

    connection = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        return [tuple(r) for r in await connection.fetch(query, *args)]
    finally:
        await connection.close()


async def test_answers_sent_alternately_to_two_processes_are_stored_once_and_in_order(
    two_servers: tuple[Server, Server],
) -> None:
    servers = two_servers
    school = await open_school(servers[0].url)
    pupil = await join(servers[1].url, school.code)
    sent: list[str] = []
    while pupil.challenge_id is not None:
        # Right, wrong, skip in turn, so that knowledge elements of both kinds are written.
        server = servers[len(sent) % 2]
        value = {"skip": True} if len(sent) % 3 == 2 else {"value": "réponse"}
        data = await call(
            server.url,
            SUBMIT,
            pupil.token,
            input={"assessmentId": pupil.assessment_id, "challengeId": pupil.challenge_id, **value},
        )
        outcome = data["submitAnswer"]
        sent.append(pupil.challenge_id)
        # Each process starts from what the other wrote: the count follows every answer.
        assert outcome["assessment"]["answersCount"] == len(sent)
        following = outcome["nextChallenge"]
        pupil.challenge_id = following["id"] if following else None
        assert outcome["finished"] is (following is None)
    assert len(sent) >= 4  # both processes took answers, twice each at least

    assessment_id = await _rows(servers[0], "SELECT assessment_id FROM answers ORDER BY id LIMIT 1")
    stored = await _rows(
        servers[0],
        "SELECT challenge_id FROM answers WHERE assessment_id = $1 ORDER BY id",
        assessment_id[0][0],
    )
    assert [challenge for (challenge,) in stored] == sent
    skills = await _rows(
        servers[0],
        "SELECT skill_id FROM knowledge_elements WHERE assessment_id = $1",
        assessment_id[0][0],
    )
    assert skills and len(skills) == len(set(skills))  # no element twice either
    [(count, state)] = await _rows(
        servers[1],
        "SELECT answers_count, state FROM assessments WHERE id = $1",
        assessment_id[0][0],
    )
    assert (count, state) == (len(sent), "completed")
