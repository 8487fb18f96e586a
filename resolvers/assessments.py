"""The adaptive test itself: the asked challenge, answering it, and where to resume.

Use cases (plain parameters, the acting ``viewer`` and ``services``):

- ``own_assessment(assessment_id, viewer) -> Assessment``: the pupil's own (with its
  participation and campaign), else ``ASSESSMENT_NOT_FOUND``: another pupil's assessment is
  indistinguishable from an unknown one. ``own_assessments(viewer, ids)`` for several.
- ``current_challenge(assessment) -> Challenge | None``: the challenge being asked.
- ``submit_answer(assessment_id, challenge_id, value, *, timed_out=False, viewer, services)
  -> AnswerOutcome``: evaluate, store the answer and its knowledge elements, choose the next
  challenge, all in one transaction. ``value`` ``#ABAND#`` is « Je passe ».
- ``resume_step(assessment) -> ResumeStep``: « Reprendre »: the challenge, a checkpoint not
  yet seen, or the results.
- ``mark_instructions_seen(*, viewer, services) -> bool``: the 4 introduction pages were seen.

Concurrency: the same answer sent twice at once (a double click, a retried request) stores
exactly one answer. The guards run on the assessment's row at the moment of writing: locked
in a transaction (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite serializes writers), or, on
PostgreSQL when this process answered the assessment last, as the conditions of the one
statement that writes. The unique index ``(assessment, challenge_id)`` is the last word: the
loser gets ``ALREADY_ANSWERED`` (docs/decisions/answer-concurrency.md).
"""

from __future__ import annotations

import math
import uuid
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from functools import lru_cache
from typing import Any

from tortoise import connections, timezone
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.models import Model
from tortoise.transactions import in_transaction

from engine.checkpoints import checkpoint_due
from engine.content import bundled_referential
from engine.evaluation import SKIP_VALUE, AnswerResult, Evaluation, evaluate
from engine.irt_selection import next_challenge_for_method
from engine.knowledge import (
    KnowledgeElement,
    extend_latest,
    knowledge_elements_for_answer,
    latest_per_skill,
)
from engine.referential import Challenge, Referential
from engine.scoring import LevelUp, level_up_from_latest
from engine.selection import AnsweredChallenge
from engine.treatments import MAX_ANSWER_LENGTH
from engine.types import ChallengeId, SkillId
from models import (
    Answer,
    Assessment,
    AssessmentState,
    Campaign,
    Organization,
    Participation,
    ParticipationStatus,
    User,
)
from resolvers import live, raw_sql
from resolvers.access import require_user
from resolvers.campaign_cache import CampaignTargets, campaign_targets
from resolvers.context import Services, Viewer
from resolvers.errors import DomainError, ErrorCode, invalid
from resolvers.knowledge import HISTORY_SELECT, SHARED_ELEMENTS, shared_element


class ResumeStepKind(StrEnum):
    CHALLENGE = "CHALLENGE"
    CHECKPOINT = "CHECKPOINT"
    RESULTS = "RESULTS"


@dataclass(frozen=True)
class ResumeStep:
    kind: ResumeStepKind
    assessment: Assessment
    challenge: Challenge | None = None
    #: For a checkpoint: True when it is the final one (« Fin de votre évaluation »).
    is_final_checkpoint: bool = False


@dataclass(frozen=True)
class AnswerOutcome:
    """What the pupil client needs after « Je valide » or « Je passe »."""

    answer: Answer
    assessment: Assessment
    result: AnswerResult
    #: Per input field correctness of a QROCM answer.
    details: Mapping[str, bool] | None
    level_up: LevelUp | None
    #: A checkpoint is due now: after every 5th answer, and at the end (the final one).
    checkpoint_due: bool
    next_challenge: Challenge | None

    @property
    def finished(self) -> bool:
        return self.next_challenge is None


def _not_found() -> DomainError:
    return DomainError(ErrorCode.ASSESSMENT_NOT_FOUND)


async def own_assessment(assessment_id: uuid.UUID | str, viewer: Viewer) -> Assessment:
    user_id = require_user(viewer)
    try:
        parsed = uuid.UUID(str(assessment_id))
    except ValueError as error:
        raise _not_found() from error
    assessment = await Assessment.get_or_none(id=parsed, user_id=user_id).select_related(
        "participation__campaign__organization"
    )
    if assessment is None:
        raise _not_found()
    return assessment


async def own_assessments(
    viewer: Viewer, assessment_ids: list[uuid.UUID]
) -> dict[uuid.UUID, Assessment]:
    """Those of the assessments that are the viewer's own (for ``node(id:)``)."""
    if viewer.user_id is None or not assessment_ids:
        return {}
    rows = await Assessment.filter(id__in=assessment_ids, user_id=viewer.user_id).select_related(
        "participation__campaign__organization"
    )
    return {a.id: a for a in rows}


def current_challenge(assessment: Assessment) -> Challenge | None:
    """The challenge being asked; None once the test is over."""
    if assessment.state != AssessmentState.STARTED or assessment.last_challenge_id is None:
        return None
    return bundled_referential().challenges.get(ChallengeId(assessment.last_challenge_id))


def _check_value(value: str | None, timed_out: bool) -> str:
    if value is None or (value.strip() == "" and not timed_out):
        raise invalid("value", "Pour valider, donnez une réponse. Sinon, passez.")
    if len(value) > MAX_ANSWER_LENGTH:
        raise invalid(
            "value", f"Votre réponse ne doit pas dépasser {MAX_ANSWER_LENGTH} caractères."
        )
    return value


# --- answering: the hot path (docs/decisions/answer-hot-path.md) ---------------------------
#
# The locked path: one transaction of hand-written statements: the assessment locked and read
# with its participation, campaign and organization; the answers of this assessment and the
# pupil's knowledge elements; then the answer, its elements and two updates (one statement on
# PostgreSQL). The kept path (PostgreSQL, when this process answered the assessment last): one
# statement that checks the row is as the process left it, writes, and returns the rows the
# locked read would have. No statement is built by the ORM, and no row becomes a model
# instance but those the outcome returns.

_OUTCOME_MODELS: tuple[tuple[str, type[Model]], ...] = (
    ("a", Assessment),
    ("p", Participation),
    ("c", Campaign),
    ("o", Organization),
)
_Layout = tuple[tuple[type[Model], tuple[str, ...]], ...]
# The pupil's answers over all their assessments (``{}``: the pupil's id). Knowledge elements
# are written only with an answer, which moves its assessment's count in the same
# transaction: when this sum is as an answer left it, no other assessment of the pupil gave
# them elements since. One index probe per assessment of the pupil, where counting their
# elements read hundreds of entries by the end of a test, and more with every campaign.
_PUPIL_ANSWERS = "(SELECT SUM(o.answers_count) FROM assessments o WHERE o.user_id = {})"


def _outcome_columns(model: type[Model]) -> tuple[str, ...]:
    """The columns of ``model`` that the answer's reads return: all of them, but the
    campaign's skill list (see ``campaign_cache``)."""
    return tuple(
        column
        for column in model._meta.fields_db_projection.values()
        if not (model is Campaign and column == "skill_ids")
    )


@lru_cache(maxsize=2)
def _locked_read(postgres: bool) -> tuple[str, _Layout]:
    """The select that locks the pupil's assessment and reads every column of it and of its
    participation, campaign (but the skill list: see ``campaign_cache``) and organization;
    and where each model's columns are in its row. Parameters: assessment id, user id."""
    selected: list[str] = []
    layout: list[tuple[type[Model], tuple[str, ...]]] = []
    for alias, model in _OUTCOME_MODELS:
        columns = _outcome_columns(model)
        selected += [f'{alias}."{column}"' for column in columns]
        layout.append((model, columns))
    # The pupil's name, for the participants table's live row (no statement of its own), and
    # their answers over all their assessments: what tells a cached progress is still current.
    selected += ['u."first_name"', 'u."last_name"', _PUPIL_ANSWERS.format("a.user_id")]
    layout.append((User, ("first_name", "last_name")))
    sql = (
        f"SELECT {', '.join(selected)} FROM assessments a "
        "JOIN participations p ON p.id = a.participation_id "
        "JOIN users u ON u.id = p.user_id "
        "JOIN campaigns c ON c.id = p.campaign_id "
        "JOIN organizations o ON o.id = c.organization_id "
        "WHERE a.id = ? AND a.user_id = ?"
    )
    # PostgreSQL locks the assessment row only; SQLite serializes writers.
    return (sql + " FOR UPDATE OF a" if postgres else sql), tuple(layout)


@dataclass(frozen=True, slots=True)
class _Locked:
    """The pupil's assessment, locked, and its participation."""

    assessment: Assessment
    participation: Participation
    #: Built into models only for the outcome, once the campaign's skills are known.
    campaign_columns: dict[str, Any]
    organization_columns: dict[str, Any]
    pupil_names: dict[str, Any]
    #: The pupil's answers in the database, every assessment (``_PUPIL_ANSWERS``).
    pupil_answers: int


async def _lock_own_assessment(
    connection: BaseDBAsyncClient, assessment_id: uuid.UUID, user_id: uuid.UUID
) -> _Locked | None:
    """The pupil's assessment, locked, with its participation; None when not the pupil's."""
    sql, _ = _locked_read(raw_sql.is_postgres(connection))
    rows = await raw_sql.fetch(
        connection,
        sql,
        [raw_sql.uuid_value(connection, assessment_id), raw_sql.uuid_value(connection, user_id)],
    )
    if not rows:
        return None
    *values, pupil_answers = tuple(rows[0])
    return _rows_read(values, int(pupil_answers))


def _rows_read(values: Sequence[Any], pupil_answers: int) -> _Locked:
    """The models and columns of a row laid out as ``_locked_read``'s (the count aside)."""
    _, layout = _locked_read(True)
    columns: list[dict[str, Any]] = []
    offset = 0
    for _, names in layout:
        columns.append(dict(zip(names, values[offset : offset + len(names)], strict=True)))
        offset += len(names)
    return _Locked(
        assessment=Assessment._init_from_db(**columns[0]),
        participation=Participation._init_from_db(**columns[1]),
        campaign_columns=columns[2],
        organization_columns=columns[3],
        pupil_names=columns[4],
        pupil_answers=pupil_answers,
    )


async def _refusal(
    connection: BaseDBAsyncClient, assessment: Assessment, challenge_id: str
) -> DomainError:
    """Why the locked assessment takes no answer to ``challenge_id``."""
    # A second copy of an answer that got through first: say so rather than "not asked".
    if assessment.last_challenge_id != challenge_id and await raw_sql.fetch(
        connection,
        "SELECT 1 FROM answers WHERE assessment_id = ? AND challenge_id = ?",
        [raw_sql.uuid_value(connection, assessment.id), challenge_id],
    ):
        return DomainError(ErrorCode.ALREADY_ANSWERED)
    if assessment.state != AssessmentState.STARTED:
        return DomainError(ErrorCode.ASSESSMENT_COMPLETED)
    return DomainError(ErrorCode.CHALLENGE_NOT_ASKED)


#: (challenge id, stored result) → the engine's view of that answer: shared immutable values.
_ANSWERED: dict[tuple[str, str], AnsweredChallenge] = {}
_ANSWERED_LIMIT = 50_000


def _answered(referential: Referential, challenge_id: str, result: str) -> AnsweredChallenge:
    key = (challenge_id, result)
    found = _ANSWERED.get(key)
    if found is None:
        if len(_ANSWERED) >= _ANSWERED_LIMIT:
            _ANSWERED.clear()
        challenge = referential.challenges.get(ChallengeId(challenge_id))
        timed = challenge is not None and challenge.is_timed
        found = _ANSWERED[key] = AnsweredChallenge(challenge_id, AnswerResult(result), timed)
    return found


# The assessment's answers and the pupil's history in one statement; the outer select drops
# the sort columns, so that nobody decodes the elements' timestamps.
_PROGRESS = (
    "SELECT kind, c1, c2, c3, c4, c5, c6 FROM ("
    "SELECT 0 AS kind, NULL AS at, id AS n, challenge_id AS c1, result AS c2, NULL AS c3, "
    "NULL AS c4, NULL AS c5, NULL AS c6 FROM answers WHERE assessment_id = ? "
    f"UNION ALL {HISTORY_SELECT}) AS progress ORDER BY kind, at, n"
)


@dataclass(frozen=True, slots=True)
class _Progress:
    """An assessment's answers and its pupil's knowledge (the latest element per skill, every
    assessment) as of ``answers`` answers in it and ``pupil_answers`` in all the pupil's
    assessments, and the columns of the assessment and of its participation as that answer
    wrote them."""

    answered: tuple[AnsweredChallenge, ...]
    #: Never changed once kept: the next answer extends a copy (``extend_latest``).
    latest: Mapping[SkillId, KnowledgeElement]
    assessed: frozenset[SkillId]
    answers: int
    pupil_answers: int
    user_id: uuid.UUID
    assessment_columns: dict[str, Any]
    participation_columns: dict[str, Any]


def _columns_of(model: Model) -> dict[str, Any]:
    """A model's values by column, as ``Model._init_from_db`` takes them back."""
    return {
        column: getattr(model, field)
        for field, column in type(model)._meta.fields_db_projection.items()
    }


# The progress of the assessments this process answered last. An answer reuses it when the
# row shows nothing was written since: the same answers count, the same sum of the pupil's
# answers over all their assessments (``_PUPIL_ANSWERS``); checked as the kept path's
# statement writes, or on the locked row, which otherwise reads everything again. So a pupil
# answering through another process, or in two campaigns at once, costs a full read, never a
# stale one.
# Bounded: a class in progress is a few dozen entries.
_PROGRESS_CACHE: OrderedDict[uuid.UUID, _Progress] = OrderedDict()
_PROGRESS_CACHE_SIZE = 4096


def _cached_progress(assessment: Assessment, pupil_answers: int) -> _Progress | None:
    found = _PROGRESS_CACHE.get(assessment.id)
    if (
        found is None
        or found.answers != assessment.answers_count
        or found.pupil_answers != pupil_answers
    ):
        return None
    _PROGRESS_CACHE.move_to_end(assessment.id)
    return found


def _remember_progress(assessment_id: uuid.UUID, progress: _Progress) -> None:
    _PROGRESS_CACHE[assessment_id] = progress
    _PROGRESS_CACHE.move_to_end(assessment_id)
    while len(_PROGRESS_CACHE) > _PROGRESS_CACHE_SIZE:
        _PROGRESS_CACHE.popitem(last=False)


# Where an answer starts from: the assessment's answers, oldest first, as selection reads
# them; the latest of the pupil's knowledge elements per skill (every assessment); the skills
# that already have one in this assessment (they get no new one).
_Start = tuple[list[AnsweredChallenge], Mapping[SkillId, KnowledgeElement], set[SkillId]]


async def _progress(
    connection: BaseDBAsyncClient, referential: Referential, assessment: Assessment
) -> _Start:
    """Read under the lock: where this assessment's next answer starts from (``_Start``)."""
    assessment_id = raw_sql.uuid_value(connection, assessment.id)
    rows = await raw_sql.fetch(
        connection,
        _PROGRESS,
        [
            assessment_id,
            assessment_id,
            raw_sql.uuid_value(connection, assessment.user_id),  # type: ignore[attr-defined]
        ],
    )
    answered: list[AnsweredChallenge] = []
    history: list[KnowledgeElement] = []
    assessed: set[SkillId] = set()
    known_answers, known_elements = _ANSWERED, SHARED_ELEMENTS  # lookups first, builds rarely
    for kind, c1, c2, c3, c4, c5, in_assessment in rows:
        if kind == 0:
            answered.append(known_answers.get((c1, c2)) or _answered(referential, c1, c2))
            continue
        history.append(
            known_elements.get((c1, c2, c3, c4, c5)) or shared_element(c1, c2, c3, c4, c5)
        )
        if in_assessment:
            assessed.add(SkillId(c1))
    return answered, latest_per_skill(history), assessed


_ANSWER_COLUMNS = (
    "assessment_id, challenge_id, value, result, result_details, timeout, time_spent, created_at"
)
_ELEMENT_COLUMNS = (
    "user_id, assessment_id, answer_id, skill_id, competence_id, status, source, earned_pix, "
    "created_at"
)
_MOVE_ASSESSMENT = (
    "last_challenge_id = ?, last_question_state = ?, last_question_date = ?, "
    "answers_count = answers_count + 1, state = ?, updated_at = ?"
)
_UPDATE_ASSESSMENT = f"UPDATE assessments SET {_MOVE_ASSESSMENT} WHERE id = ?"
_UPDATE_PARTICIPATION = "UPDATE participations SET tested_skills_count = ?, status = ? WHERE id = ?"
_RESULT_DETAILS = Answer._meta.fields_map["result_details"]
# PostgreSQL: the elements an answer gives, as rows joined to the answer's new id.
_TYPED_ELEMENT = "(?::varchar, ?::varchar, ?::varchar, ?::varchar, ?::float8, ?::timestamptz)"
# The values of one element in ``_Writes.element_values``: the columns of ``_TYPED_ELEMENT``.
_ELEMENT_VALUES = 6


def _elements_insert(count: int) -> str:
    return (
        f"elements AS (INSERT INTO knowledge_elements ({_ELEMENT_COLUMNS}) "
        "SELECT ?::uuid, ?::uuid, answer.id, e.* FROM answer, "
        f"(VALUES {', '.join([_TYPED_ELEMENT] * count)}) "
        "AS e(skill_id, competence_id, status, source, earned_pix, created_at))"
    )


@dataclass(frozen=True, slots=True)
class _Request:
    """One answer as the pupil sent it, with what every step of answering it reads."""

    assessment_id: uuid.UUID
    user_id: uuid.UUID
    challenge_id: str
    value: str
    timed_out: bool
    now: datetime
    referential: Referential


@dataclass(frozen=True, slots=True)
class _Step:
    """One answer worked out by the engine; the assessment and participation have moved on."""

    challenge: Challenge
    evaluation: Evaluation
    latest_before: Mapping[SkillId, KnowledgeElement]
    new_elements: list[KnowledgeElement]
    latest_after: dict[SkillId, KnowledgeElement]
    answered_now: list[AnsweredChallenge]
    assessed: set[SkillId]
    following: Challenge | None
    time_spent: int
    timeout: int | None
    details: dict[str, bool] | None


def _work_out(
    request: _Request,
    assessment: Assessment,
    participation: Participation,
    challenge: Challenge,
    targets: CampaignTargets,
    progress: _Start,
) -> _Step:
    """Evaluate the answer, infer its knowledge elements, pick the next challenge and move the
    assessment and participation on (plain computation: nothing is read or written).
    ``progress``: where the answer starts from (``_Start``)."""
    referential, now, timed_out = request.referential, request.now, request.timed_out
    answered, latest_before, assessed = progress
    evaluation = evaluate(challenge, request.value, timed_out=timed_out)
    asked_at = assessment.last_question_date or now
    new_elements = knowledge_elements_for_answer(
        referential,
        challenge_id=challenge.id,
        result=evaluation.result,
        target_skill_ids=targets.skill_set,
        assessed_skill_ids=assessed,
        created_at=now,
    )
    latest_after = extend_latest(latest_before, new_elements)
    answered_now = [
        *answered,
        AnsweredChallenge(challenge.id, evaluation.result, challenge.is_timed),
    ]
    following = next_challenge_for_method(
        targets.method,
        referential,
        target_skill_ids=targets.skill_ids,
        answers=answered_now,
        latest=latest_after,
        assessment_id=str(assessment.id),
        locale=assessment.locale,
    )
    _move_on(
        assessment,
        participation,
        following,
        now=now,
        tested_skills_count=len(targets.skill_set & latest_after.keys()),
    )
    return _Step(
        challenge=challenge,
        evaluation=evaluation,
        latest_before=latest_before,
        new_elements=new_elements,
        latest_after=latest_after,
        answered_now=answered_now,
        assessed=assessed,
        following=following,
        time_spent=max(0, math.ceil((now - asked_at).total_seconds())),
        # As Pix stores it: the timer if answered in time, -1 once it ran out.
        timeout=(-1 if timed_out else challenge.timer) if challenge.is_timed else None,
        details=dict(evaluation.details) if evaluation.details else None,
    )


@dataclass(frozen=True, slots=True)
class _Writes:
    """What an answer writes, as statement values: the answer (``_ANSWER_COLUMNS``), the
    pupil (``user``) and the elements, the updates (``_UPDATE_ASSESSMENT`` and
    ``_UPDATE_PARTICIPATION``)."""

    user: Any
    answer: list[Any]
    element_values: list[Any]
    assessment_update: list[Any]
    participation_update: list[Any]

    @property
    def elements(self) -> int:
        """How many elements the answer gives."""
        return len(self.element_values) // _ELEMENT_VALUES


def _writes(
    connection: BaseDBAsyncClient,
    request: _Request,
    assessment: Assessment,
    participation: Participation,
    step: _Step,
) -> _Writes:
    stored_assessment_id = raw_sql.uuid_value(connection, assessment.id)
    element_values: list[Any] = []
    for e in step.new_elements:
        element_values += [
            e.skill_id,
            e.competence_id,
            e.status.value,
            e.source.value,
            e.earned_pix,
            e.created_at,
        ]
    return _Writes(
        user=raw_sql.uuid_value(connection, request.user_id),
        answer=[
            stored_assessment_id,
            step.challenge.id,
            request.value,
            step.evaluation.result.value,
            _RESULT_DETAILS.to_db_value(step.details, Answer),
            step.timeout,
            step.time_spent,
            request.now,
        ],
        element_values=element_values,
        assessment_update=[
            assessment.last_challenge_id,
            assessment.last_question_state,
            assessment.last_question_date,
            assessment.state.value,
            assessment.updated_at,
            stored_assessment_id,
        ],
        participation_update=[
            participation.tested_skills_count,
            participation.status.value,
            raw_sql.uuid_value(connection, participation.id),
        ],
    )


async def _store(connection: BaseDBAsyncClient, writes: _Writes) -> int:
    """Write an answer, its elements and the two updates, in the caller's transaction;
    return the new answer's id.

    PostgreSQL takes the four writes as one statement (data-modifying ``WITH``): one round
    trip instead of four. SQLite, in process, runs them one after the other.
    """
    assessment_id = writes.answer[0]
    if raw_sql.is_postgres(connection):
        sql = (
            f"WITH answer AS (INSERT INTO answers ({_ANSWER_COLUMNS}) "
            "VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, ?) RETURNING id)"
        )
        values = [*writes.answer]
        if writes.elements:
            sql += f", {_elements_insert(writes.elements)}"
            values += [writes.user, assessment_id, *writes.element_values]
        sql += (
            f", assessment AS ({_UPDATE_ASSESSMENT}), participation AS ({_UPDATE_PARTICIPATION})"
            " SELECT id FROM answer"
        )
        rows = await raw_sql.fetch(
            connection, sql, [*values, *writes.assessment_update, *writes.participation_update]
        )
        return int(rows[0][0])

    answer_id = await raw_sql.insert_returning_id(
        connection,
        f"INSERT INTO answers ({_ANSWER_COLUMNS}) VALUES ({raw_sql.placeholders(8)})",
        writes.answer,
    )
    if writes.elements:
        values = []
        for index in range(0, len(writes.element_values), _ELEMENT_VALUES):
            values += [
                writes.user,
                assessment_id,
                answer_id,
                *writes.element_values[index : index + _ELEMENT_VALUES],
            ]
        row = f"({raw_sql.placeholders(9)})"
        await raw_sql.execute(
            connection,
            f"INSERT INTO knowledge_elements ({_ELEMENT_COLUMNS}) "
            f"VALUES {', '.join([row] * writes.elements)}",
            values,
        )
    await raw_sql.execute(connection, _UPDATE_ASSESSMENT, writes.assessment_update)
    await raw_sql.execute(connection, _UPDATE_PARTICIPATION, writes.participation_update)
    return answer_id


@lru_cache(maxsize=64)
def _store_if_unchanged_sql(elements: int) -> str:
    """PostgreSQL: the answer's four writes in one statement that first checks, on the
    assessment's row, that nothing was written since this process last answered it; then
    returns what the locked read would have (``_locked_read``'s layout, after the answer's
    id). No row: the check failed and nothing was written."""
    moved_columns = ", ".join(f'a."{c}"' for c in _outcome_columns(Assessment))
    moved_participation = ", ".join(f'p."{c}"' for c in _outcome_columns(Participation))
    selected = ["answer.id"]
    for alias, model in _OUTCOME_MODELS:
        table = {"a": "moved", "p": "participation"}.get(alias, alias)
        selected += [f'{table}."{column}"' for column in _outcome_columns(model)]
    selected += ['u."first_name"', 'u."last_name"']
    sql = (
        f"WITH moved AS (UPDATE assessments AS a SET {_MOVE_ASSESSMENT} "
        "WHERE a.id = ? AND a.user_id = ? AND a.answers_count = ? AND a.last_challenge_id = ? "
        "AND a.state = ? "
        f"AND {_PUPIL_ANSWERS.format('?')} = ? "
        f"RETURNING {moved_columns}), "
        f"answer AS (INSERT INTO answers ({_ANSWER_COLUMNS}) "
        "SELECT ?::uuid, ?::varchar, ?::text, ?::varchar, ?::jsonb, ?::int, ?::int, "
        "?::timestamptz FROM moved RETURNING id)"
    )
    if elements:
        sql += f", {_elements_insert(elements)}"
    return sql + (
        ", participation AS (UPDATE participations AS p SET tested_skills_count = ?, "
        "status = ? WHERE p.id = ? AND EXISTS (SELECT 1 FROM moved) "
        f"RETURNING {moved_participation}) "
        f"SELECT {', '.join(selected)} FROM answer, moved, participation "
        "JOIN users u ON u.id = participation.user_id "
        "JOIN campaigns c ON c.id = participation.campaign_id "
        "JOIN organizations o ON o.id = c.organization_id"
    )


async def _store_if_unchanged(
    connection: BaseDBAsyncClient, writes: _Writes, known: _Progress, challenge_id: str
) -> tuple[int, _Locked] | None:
    """The answer's writes as one statement (PostgreSQL, no transaction of its own) when the
    assessment is still as ``known`` left it: the same answers count and asked challenge,
    still started, the same sum of the pupil's answers. Returns the new answer's id and
    the rows as written; None when something changed, and then nothing was written."""
    *moves, assessment_id = writes.assessment_update
    values = [
        *moves,
        assessment_id,
        writes.user,
        known.answers,
        challenge_id,
        AssessmentState.STARTED.value,
        writes.user,
        known.pupil_answers,
        *writes.answer,
    ]
    if writes.elements:
        values += [writes.user, assessment_id, *writes.element_values]
    values += writes.participation_update
    rows = await raw_sql.fetch(connection, _store_if_unchanged_sql(writes.elements), values)
    if not rows:
        return None
    answer_id, *columns = tuple(rows[0])
    return int(answer_id), _rows_read(columns, known.pupil_answers)


@dataclass(frozen=True, slots=True)
class _Answered:
    """An answer stored: its id, the step, and the rows as the answer left them (the
    assessment and participation moved on)."""

    answer_id: int
    step: _Step
    rows: _Locked
    targets: CampaignTargets


async def _answer_as_known(request: _Request) -> _Answered | None:
    """The answer to an assessment whose progress this process keeps, in one statement that
    checks nothing was written to it since (PostgreSQL). None when it cannot be answered this
    way: no progress kept, another database, another challenge than the one kept as asked,
    or the check failed. The locked path then answers, or says why not."""
    known = _PROGRESS_CACHE.get(request.assessment_id)
    if known is None or known.user_id != request.user_id:
        return None
    connection = connections.get("default")
    if not raw_sql.is_postgres(connection):
        return None
    assessment = Assessment._init_from_db(**known.assessment_columns)
    participation = Participation._init_from_db(**known.participation_columns)
    challenge = request.referential.challenges.get(ChallengeId(request.challenge_id))
    if (
        challenge is None
        or assessment.last_challenge_id != request.challenge_id
        or assessment.state != AssessmentState.STARTED
    ):
        return None
    targets = await campaign_targets(connection, participation.campaign_id)  # type: ignore[attr-defined]
    progress = (list(known.answered), known.latest, set(known.assessed))
    step = _work_out(request, assessment, participation, challenge, targets, progress)
    writes = _writes(connection, request, assessment, participation, step)
    stored = await _store_if_unchanged(connection, writes, known, request.challenge_id)
    if stored is None:
        return None
    answer_id, rows = stored
    return _Answered(answer_id=answer_id, step=step, rows=rows, targets=targets)


async def _answer_locked(request: _Request) -> _Answered:
    """The answer in one transaction: the assessment locked and read, the guards, the
    progress (kept, or read again), the engine, the writes."""
    async with in_transaction() as connection:
        locked = await _lock_own_assessment(connection, request.assessment_id, request.user_id)
        if locked is None:
            raise _not_found()
        assessment, participation = locked.assessment, locked.participation
        if (
            assessment.last_challenge_id != request.challenge_id
            or assessment.state != AssessmentState.STARTED
        ):
            raise await _refusal(connection, assessment, request.challenge_id)
        challenge = request.referential.challenges.get(ChallengeId(request.challenge_id))
        if challenge is None:  # retired by a content release while it was being asked
            raise DomainError(ErrorCode.CHALLENGE_NOT_FOUND)
        campaign_id: uuid.UUID = participation.campaign_id  # type: ignore[attr-defined]
        targets = await campaign_targets(connection, campaign_id)
        cached = _cached_progress(assessment, locked.pupil_answers)
        if cached is not None:
            progress = (list(cached.answered), cached.latest, set(cached.assessed))
        else:
            progress = await _progress(connection, request.referential, assessment)
        step = _work_out(request, assessment, participation, challenge, targets, progress)
        answer_id = await _store(
            connection, _writes(connection, request, assessment, participation, step)
        )
    return _Answered(answer_id=answer_id, step=step, rows=locked, targets=targets)


async def submit_answer(
    assessment_id: uuid.UUID | str,
    challenge_id: str,
    value: str,
    *,
    timed_out: bool = False,
    viewer: Viewer,
    services: Services,
) -> AnswerOutcome:
    """Answer (or skip, with ``#ABAND#``) the challenge being asked.

    ``timed_out``: the timer of a timed challenge ran out before the answer was sent; a right
    answer then counts as ``timedout``.

    The guards run on the assessment's row at the moment of writing: under its lock, or, when
    this process answered the assessment last, as the conditions of the one statement that
    writes. A concurrent copy of this answer then fails them
    (docs/decisions/answer-concurrency.md).
    """
    value = _check_value(value, timed_out)
    user_id = require_user(viewer)
    try:
        parsed = uuid.UUID(str(assessment_id))
    except ValueError as error:
        raise _not_found() from error
    referential = bundled_referential()
    now = services.clock()
    request = _Request(parsed, user_id, challenge_id, value, timed_out, now, referential)
    try:
        answered = await _answer_as_known(request) or await _answer_locked(request)
    except IntegrityError as error:
        # Only the unique (assessment, challenge_id) index can fail here: a copy of this
        # answer committed between our check and our insert (another process on SQLite).
        raise DomainError(ErrorCode.ALREADY_ANSWERED) from error
    step, rows = answered.step, answered.rows
    assessment, participation = rows.assessment, rows.participation
    challenge, following = step.challenge, step.following
    finished = following is None
    # Committed: the next answer of this assessment may start from here.
    _remember_progress(
        assessment.id,
        _Progress(
            answered=tuple(step.answered_now),
            latest=step.latest_after,
            assessed=frozenset(step.assessed.union(e.skill_id for e in step.new_elements)),
            answers=assessment.answers_count,
            pupil_answers=rows.pupil_answers + 1,
            user_id=user_id,
            assessment_columns=_columns_of(assessment),
            participation_columns=_columns_of(participation),
        ),
    )
    targets = answered.targets
    await live.publish_campaign_change(
        services,
        participation.campaign_id,  # type: ignore[attr-defined]
        live.answered(finished),
        participant=live.participant_row(
            participation, **rows.pupil_names, skills_count=len(targets.skill_ids)
        ),
    )

    campaign = Campaign._init_from_db(**rows.campaign_columns, skill_ids=list(targets.skill_ids))
    campaign.organization = Organization._init_from_db(**rows.organization_columns)
    participation.campaign = campaign
    assessment.participation = participation
    return AnswerOutcome(
        answer=Answer._init_from_db(
            id=answered.answer_id,
            assessment_id=assessment.id,
            challenge_id=challenge.id,
            value=value,
            result=step.evaluation.result.value,
            result_details=step.details,
            timeout=step.timeout,
            time_spent=step.time_spent,
            created_at=now,
        ),
        assessment=assessment,
        result=step.evaluation.result,
        details=step.evaluation.details,
        level_up=level_up_from_latest(
            referential,
            step.latest_before,
            step.latest_after,
            referential.skills[challenge.skill_id].competence_id,
            max_reachable_level=services.policy.max_reachable_level,
        )
        if step.new_elements
        else None,
        checkpoint_due=finished
        or checkpoint_due(assessment.answers_count, assessment.checkpoint_seen_count),
        next_challenge=following,
    )


def _move_on(
    assessment: Assessment,
    participation: Participation,
    following: Challenge | None,
    *,
    now: datetime,
    tested_skills_count: int,
) -> None:
    """Ask the next challenge, or end the test: the assessment is completed and the
    participation waits for the pupil to send the results (TO_SHARE). On the locked models;
    ``_store`` writes the same values."""
    assessment.last_challenge_id = following.id if following else None
    assessment.last_question_state = "asked" if following else None
    assessment.last_question_date = now
    assessment.answers_count += 1  # in SQL: answers_count + 1, on the locked row
    assessment.state = AssessmentState.STARTED if following else AssessmentState.COMPLETED
    assessment.updated_at = timezone.localtime()  # as ``auto_now`` does
    participation.tested_skills_count = tested_skills_count
    if following is None:
        participation.status = ParticipationStatus.TO_SHARE


def resume_step(assessment: Assessment) -> ResumeStep:
    """Where « Reprendre » goes: a checkpoint the pupil has not seen yet comes first (every 5
    answers, and the final one), then the asked challenge, else the results."""
    if assessment.state != AssessmentState.STARTED:
        if assessment.checkpoint_seen_count < assessment.answers_count:
            return ResumeStep(ResumeStepKind.CHECKPOINT, assessment, is_final_checkpoint=True)
        return ResumeStep(ResumeStepKind.RESULTS, assessment)
    if checkpoint_due(assessment.answers_count, assessment.checkpoint_seen_count):
        return ResumeStep(ResumeStepKind.CHECKPOINT, assessment)
    return ResumeStep(ResumeStepKind.CHALLENGE, assessment, challenge=current_challenge(assessment))


async def mark_instructions_seen(*, viewer: Viewer, services: Services) -> bool:
    """The pupil went through the 4 introduction pages (« Démarrer mon parcours »)."""
    user_id = require_user(viewer)
    await User.filter(id=user_id).update(has_seen_assessment_instructions=True)
    return True


__all__ = [
    "SKIP_VALUE",
    "AnswerOutcome",
    "ResumeStep",
    "ResumeStepKind",
    "current_challenge",
    "mark_instructions_seen",
    "own_assessment",
    "own_assessments",
    "resume_step",
    "submit_answer",
]
