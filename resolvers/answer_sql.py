"""The hand-written statements of answering a question (``resolvers/answers.py``).

Three statements, in the answer's transaction, on SQLite and PostgreSQL alike:

- ``lock_own_assessment``: the pupil's assessment locked (``FOR UPDATE`` on PostgreSQL; SQLite
  serializes writers) and read with its participation, campaign, organization and the pupil's
  names, in one round trip;
- ``read_progress``: the assessment's answers and the pupil's knowledge elements (every
  assessment), in one select;
- ``store``: the answer, its elements (one multi-row insert) and the two updates; one
  statement on PostgreSQL (data-modifying ``WITH``), four on SQLite.

Why by hand: an answer runs on every click of every pupil; Tortoise building these statements
costs more than running them (docs/decisions/answer-hot-path.md).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model

from engine.evaluation import AnswerResult
from engine.knowledge import KnowledgeElement, latest_per_skill
from engine.referential import Referential
from engine.selection import AnsweredChallenge
from engine.types import ChallengeId, SkillId
from models import Answer, Assessment, Campaign, Organization, Participation
from resolvers import raw_sql
from resolvers.knowledge import HISTORY_SELECT, SHARED_ELEMENTS, shared_element

_JOINED: tuple[tuple[str, type[Model]], ...] = (
    ("a", Assessment),
    ("p", Participation),
    ("c", Campaign),
    ("o", Organization),
)


def _columns(model: type[Model]) -> tuple[str, ...]:
    # The campaign's skill list is read once per process (``campaign_cache``), not here.
    return tuple(
        column
        for column in model._meta.fields_db_projection.values()
        if not (model is Campaign and column == "skill_ids")
    )


@lru_cache(maxsize=2)
def _locked_read(postgres: bool) -> str:
    selected = [f'{alias}."{column}"' for alias, model in _JOINED for column in _columns(model)]
    sql = (
        f'SELECT {", ".join(selected)}, u."first_name", u."last_name" FROM assessments a '
        "JOIN participations p ON p.id = a.participation_id "
        "JOIN users u ON u.id = p.user_id "
        "JOIN campaigns c ON c.id = p.campaign_id "
        "JOIN organizations o ON o.id = c.organization_id "
        "WHERE a.id = ? AND a.user_id = ?"
    )
    # PostgreSQL locks the assessment row only; SQLite serializes writers.
    return sql + " FOR UPDATE OF a" if postgres else sql


@dataclass(frozen=True, slots=True)
class Locked:
    """The pupil's assessment, locked, and its participation; the campaign's and
    organization's columns (models built only for the outcome) and the pupil's names."""

    assessment: Assessment
    participation: Participation
    campaign_columns: dict[str, Any]
    organization_columns: dict[str, Any]
    pupil_names: dict[str, Any]


async def lock_own_assessment(
    connection: BaseDBAsyncClient, assessment_id: uuid.UUID, user_id: uuid.UUID
) -> Locked | None:
    """The pupil's assessment, locked, with the rows around it; None when not the pupil's."""
    rows = await raw_sql.fetch(
        connection,
        _locked_read(raw_sql.is_postgres(connection)),
        [raw_sql.uuid_value(connection, assessment_id), raw_sql.uuid_value(connection, user_id)],
    )
    if not rows:
        return None
    values, columns, offset = tuple(rows[0]), [], 0
    for _, model in _JOINED:
        names = _columns(model)
        columns.append(dict(zip(names, values[offset : offset + len(names)], strict=True)))
        offset += len(names)
    return Locked(
        assessment=Assessment._init_from_db(**columns[0]),
        participation=Participation._init_from_db(**columns[1]),
        campaign_columns=columns[2],
        organization_columns=columns[3],
        pupil_names={"first_name": values[offset], "last_name": values[offset + 1]},
    )


@dataclass(frozen=True, slots=True)
class Progress:
    """Where an answer starts from: the assessment's answers, oldest first; the latest of the
    pupil's elements per skill (every assessment); the skills assessed in this assessment."""

    answered: list[AnsweredChallenge]
    latest: Mapping[SkillId, KnowledgeElement]
    assessed: set[SkillId]


# The outer select drops the sort columns, so that nobody decodes the elements' timestamps.
_PROGRESS = (
    "SELECT kind, c1, c2, c3, c4, c5, c6 FROM ("
    "SELECT 0 AS kind, NULL AS at, id AS n, challenge_id AS c1, result AS c2, NULL AS c3, "
    "NULL AS c4, NULL AS c5, NULL AS c6 FROM answers WHERE assessment_id = ? "
    f"UNION ALL {HISTORY_SELECT}) AS progress ORDER BY kind, at, n"
)


async def read_progress(
    connection: BaseDBAsyncClient, referential: Referential, assessment: Assessment
) -> Progress:
    """Read after the lock, so it sees what a concurrent copy of the answer committed."""
    assessment_id = raw_sql.uuid_value(connection, assessment.id)
    user_id = raw_sql.uuid_value(connection, assessment.user_id)  # type: ignore[attr-defined]
    rows = await raw_sql.fetch(connection, _PROGRESS, [assessment_id, assessment_id, user_id])
    answered: list[AnsweredChallenge] = []
    history: list[KnowledgeElement] = []
    assessed: set[SkillId] = set()
    for kind, c1, c2, c3, c4, c5, in_assessment in rows:
        if kind == 0:
            challenge = referential.challenges.get(ChallengeId(c1))
            timed = challenge is not None and challenge.is_timed
            answered.append(AnsweredChallenge(c1, AnswerResult(c2), timed))
            continue
        history.append(
            SHARED_ELEMENTS.get((c1, c2, c3, c4, c5)) or shared_element(c1, c2, c3, c4, c5)
        )
        if in_assessment:
            assessed.add(SkillId(c1))
    return Progress(answered, latest_per_skill(history), assessed)


_ANSWER_COLUMNS = (
    "assessment_id, challenge_id, value, result, result_details, timeout, time_spent, created_at"
)
_ELEMENT_COLUMNS = (
    "user_id, assessment_id, answer_id, skill_id, competence_id, status, source, earned_pix, "
    "created_at"
)
_UPDATE_ASSESSMENT = (
    "UPDATE assessments SET last_challenge_id = ?, last_question_state = ?, "
    "last_question_date = ?, answers_count = answers_count + 1, state = ?, updated_at = ? "
    "WHERE id = ?"
)
_UPDATE_PARTICIPATION = "UPDATE participations SET tested_skills_count = ?, status = ? WHERE id = ?"
_RESULT_DETAILS = Answer._meta.fields_map["result_details"]
# PostgreSQL: the elements as rows joined to the answer's new id.
_TYPED_ELEMENT = "(?::varchar, ?::varchar, ?::varchar, ?::varchar, ?::float8, ?::timestamptz)"


async def store(
    connection: BaseDBAsyncClient,
    answer: Answer,
    elements: list[KnowledgeElement],
    assessment: Assessment,
    participation: Participation,
) -> int:
    """Write ``answer`` (no id yet), its ``elements``, and the assessment and participation
    as moved on, in the caller's transaction; the new answer's id. The answers count grows
    in SQL (``answers_count + 1``, on the locked row)."""
    uuid_value = raw_sql.uuid_value
    stored_assessment = uuid_value(connection, assessment.id)
    answer_values = [
        stored_assessment,
        answer.challenge_id,
        answer.value,
        AnswerResult(answer.result).value,
        _RESULT_DETAILS.to_db_value(answer.result_details, Answer),
        answer.timeout,
        answer.time_spent,
        answer.created_at,
    ]
    element_values = [
        value
        for e in elements
        for value in (
            e.skill_id, e.competence_id, e.status.value, e.source.value, e.earned_pix, e.created_at
        )
    ]  # fmt: skip
    user = uuid_value(connection, assessment.user_id)  # type: ignore[attr-defined]
    assessment_update = [
        assessment.last_challenge_id,
        assessment.last_question_state,
        assessment.last_question_date,
        assessment.state.value,
        assessment.updated_at,
        stored_assessment,
    ]
    participation_update = [
        participation.tested_skills_count,
        participation.status.value,
        uuid_value(connection, participation.id),
    ]
    if raw_sql.is_postgres(connection):
        sql = (
            f"WITH answer AS (INSERT INTO answers ({_ANSWER_COLUMNS}) "
            "VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, ?) RETURNING id)"
        )
        values = answer_values
        if elements:
            sql += (
                f", elements AS (INSERT INTO knowledge_elements ({_ELEMENT_COLUMNS}) "
                "SELECT ?::uuid, ?::uuid, answer.id, e.* FROM answer, "
                f"(VALUES {', '.join([_TYPED_ELEMENT] * len(elements))}) "
                "AS e(skill_id, competence_id, status, source, earned_pix, created_at))"
            )
            values += [user, stored_assessment, *element_values]
        sql += (
            f", assessment AS ({_UPDATE_ASSESSMENT}), participation AS ({_UPDATE_PARTICIPATION})"
            " SELECT id FROM answer"
        )
        rows = await raw_sql.fetch(
            connection, sql, [*values, *assessment_update, *participation_update]
        )
        return int(rows[0][0])

    answer_id = await raw_sql.insert_returning_id(
        connection,
        f"INSERT INTO answers ({_ANSWER_COLUMNS}) VALUES ({raw_sql.placeholders(8)})",
        answer_values,
    )
    if elements:
        rows_values: list[Any] = []
        for index in range(0, len(element_values), 6):
            rows_values += [user, stored_assessment, answer_id, *element_values[index : index + 6]]
        row = f"({raw_sql.placeholders(9)})"
        await raw_sql.execute(
            connection,
            f"INSERT INTO knowledge_elements ({_ELEMENT_COLUMNS}) "
            f"VALUES {', '.join([row] * len(elements))}",
            rows_values,
        )
    await raw_sql.execute(connection, _UPDATE_ASSESSMENT, assessment_update)
    await raw_sql.execute(connection, _UPDATE_PARTICIPATION, participation_update)
    return answer_id
