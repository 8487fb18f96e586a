"""Live dashboards: the state a subscription starts from, and the event a write publishes.

- ``publish_campaign_change(services, campaign_id, change, participation_id=None)``: called by
  a use case *after* its transaction commits (one line per write). Computes the campaign's
  counters once, with one aggregate query, plus the changed participant's row, and publishes
  them; every subscriber in every process forwards them without a query of its own. Never
  raises: a write that committed stays a success when Redis or the query fails.
- ``campaign_state(campaign_id)``, ``participant_rows(campaign_id)``,
  ``organization_campaign_states(organization_id)``: the full states a subscription sends
  first, and again after a Redis outage.
- ``authorize_campaign`` / ``authorize_organization``: who may subscribe (a member of the
  organization who accepted the terms, or the organization's API token); anybody else gets
  the same ``*_NOT_FOUND`` as for an unknown id.

Versions (``docs/live.md``): a state's version orders states by the moment the database read
them, across processes, so a subscriber keeps the highest one and converges even when two
processes publish concurrent changes in the opposite order. On PostgreSQL it is taken from the
statement's own snapshot (``pg_current_snapshot()``: the xmax, then fewer transactions in
progress = later); on SQLite (one process, one connection, reads in order) from a
process-monotonic microsecond clock stamped as soon as the read returns.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tortoise import connections

from models import Campaign, Participation, ParticipationStatus
from resolvers import raw_sql
from resolvers.access import require_reader
from resolvers.context import Services, Viewer
from resolvers.errors import DomainError, ErrorCode
from subscriptions.campaign_events import publish_campaign_changed
from subscriptions.events import (
    CampaignActivity,
    CampaignChanged,
    ChangeKind,
    ParticipantRow,
)

logger = logging.getLogger("orga.live")

__all__ = [
    "ARCHIVED",
    "JOINED",
    "SHARED",
    "UNARCHIVED",
    "CampaignState",
    "ChangeKind",
    "answered",
    "authorize_campaign",
    "authorize_organization",
    "campaign_state",
    "organization_campaign_states",
    "participant_row",
    "participant_rows",
    "progress",
    "publish_campaign_change",
]

# The changes use cases announce, short enough for their one-line call.
JOINED = ChangeKind.JOINED
SHARED = ChangeKind.SHARED
ARCHIVED = ChangeKind.ARCHIVED
UNARCHIVED = ChangeKind.UNARCHIVED


def answered(finished: bool) -> ChangeKind:
    """An answer: COMPLETED when it was the test's last one, else ANSWERED."""
    return ChangeKind.COMPLETED if finished else ChangeKind.ANSWERED


# 2^16 slots per xmax for "transactions still in progress": far above max_connections.
_XIP_SLOTS = 1 << 16
_last_stamp = 0


@dataclass(frozen=True)
class CampaignState:
    campaign_id: uuid.UUID
    organization_id: uuid.UUID
    version: int
    activity: CampaignActivity
    skills_count: int


def progress(status: str, tested_skills_count: int, skills_count: int) -> float:
    """« Avancement » (pix-domain §7): 1 once the test is finished, else the share of the
    campaign's skills already tested, to 3 decimals."""
    if status != ParticipationStatus.STARTED:
        return 1.0
    if skills_count <= 0:
        return 0.0
    return round(min(tested_skills_count / skills_count, 1.0), 3)


# --- reading states ----------------------------------------------------------------------


def _dialect() -> str:
    return str(connections.get("default").capabilities.dialect)


def _stamp() -> int:
    """A process-monotonic microsecond clock (SQLite versions)."""
    global _last_stamp
    _last_stamp = max(_last_stamp + 1, time.time_ns() // 1000)
    return _last_stamp


def _counts_sql(where: str) -> tuple[str, bool]:
    """The aggregate over a campaign's participations, per campaign; (sql, postgres?)."""
    postgres = _dialect() == "postgres"
    placeholder = "$1" if postgres else "?"
    skills = "jsonb_array_length(c.skill_ids)" if postgres else "json_array_length(c.skill_ids)"
    # Read in the same statement, hence the same snapshot, as the counts.
    version = (
        ", pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS snapshot_xmax"
        ", (SELECT count(*) FROM pg_snapshot_xip(pg_current_snapshot())) AS snapshot_xip"
        if postgres
        else ""
    )
    sql = f"""
        SELECT c.id AS campaign_id, c.organization_id AS organization_id,
               CASE WHEN c.archived_at IS NULL THEN 0 ELSE 1 END AS archived,
               {skills} AS skills_count,
               COUNT(p.id) AS participants,
               COALESCE(SUM(CASE WHEN p.status = 'STARTED' THEN 1 ELSE 0 END), 0) AS started,
               COALESCE(SUM(CASE WHEN p.status = 'TO_SHARE' THEN 1 ELSE 0 END), 0) AS to_share,
               COALESCE(SUM(CASE WHEN p.status = 'SHARED' THEN 1 ELSE 0 END), 0) AS shared,
               COALESCE(SUM(CASE WHEN p.status = 'STARTED'
                                 THEN p.tested_skills_count ELSE 0 END), 0) AS started_tested
               {version}
        FROM campaigns c
        LEFT JOIN participations p ON p.campaign_id = c.id AND p.deleted_at IS NULL
        WHERE {where.format(placeholder)}
        GROUP BY c.id
    """
    return sql, postgres


async def _read_states(where: str, value: uuid.UUID) -> list[CampaignState]:
    sql, postgres = _counts_sql(where)
    rows = await connections.get("default").execute_query_dict(
        sql, [value if postgres else str(value)]
    )
    # On SQLite the stamp must follow the read with no await in between (see module doc).
    stamp = None if postgres else _stamp()
    return [_state(row, stamp) for row in rows]


def _state(row: Mapping[str, Any], stamp: int | None) -> CampaignState:
    if stamp is None:
        in_progress = min(int(row["snapshot_xip"]), _XIP_SLOTS - 1)
        version = int(row["snapshot_xmax"]) * _XIP_SLOTS + (_XIP_SLOTS - 1 - in_progress)
    else:
        version = stamp
    participants = int(row["participants"])
    to_share, shared = int(row["to_share"]), int(row["shared"])
    skills_count = int(row["skills_count"] or 0)
    # A finished test counts 1; a test in progress its share of tested skills (≤ 1 each).
    started_progress = int(row["started_tested"]) / skills_count if skills_count else 0.0
    average = (to_share + shared + started_progress) / participants if participants else 0.0
    return CampaignState(
        campaign_id=uuid.UUID(str(row["campaign_id"])),
        organization_id=uuid.UUID(str(row["organization_id"])),
        version=version,
        skills_count=skills_count,
        activity=CampaignActivity(
            participants=participants,
            started=int(row["started"]),
            to_share=to_share,
            shared=shared,
            average_progress=round(min(average, 1.0), 3),
            archived=bool(row["archived"]),
        ),
    )


async def campaign_state(campaign_id: uuid.UUID) -> CampaignState:
    """The campaign's counters and their version; CAMPAIGN_NOT_FOUND when it is gone."""
    states = await _read_states("c.id = {}", campaign_id)
    if not states:
        raise DomainError(ErrorCode.CAMPAIGN_NOT_FOUND)
    return states[0]


class _SharedStateReads:
    """At most one read of a campaign's counters in flight per process, shared by the writes
    that committed while it waited.

    Every answer, join and sending publishes the campaign's state, and reading it aggregates
    all the campaign's participations (5 ms at 10 000 participants, bench/README.md). A write
    that committed must get a state read *after* its commit: it joins the next read, which
    starts when the one in flight ends (or at once when none is), and every write waiting
    for that next read shares its result. A class answering together then costs one read per
    round trip instead of one per answer.
    """

    def __init__(self) -> None:
        self._running: set[uuid.UUID] = set()
        self._next: dict[uuid.UUID, asyncio.Future[CampaignState]] = {}
        self._tasks: set[asyncio.Task[CampaignState]] = set()

    async def read(self, campaign_id: uuid.UUID) -> CampaignState:
        waiting = self._next.get(campaign_id)
        if waiting is None:
            waiting = self._next[campaign_id] = asyncio.get_running_loop().create_future()
            if campaign_id not in self._running:
                self._start(campaign_id)
        # Shielded: a waiter that goes away (client gone) must not cancel the others' read.
        return await asyncio.shield(waiting)

    def _start(self, campaign_id: uuid.UUID) -> None:
        waiting = self._next.pop(campaign_id)
        self._running.add(campaign_id)
        task = asyncio.get_running_loop().create_task(campaign_state(campaign_id))
        # The loop keeps only a weak reference to a task: hold it until it is done.
        self._tasks.add(task)
        task.add_done_callback(lambda done: self._finish(campaign_id, waiting, done))

    def _finish(
        self, campaign_id: uuid.UUID, waiting: asyncio.Future[CampaignState], done: asyncio.Task
    ) -> None:
        self._running.discard(campaign_id)
        self._tasks.discard(done)
        if done.cancelled():
            waiting.cancel()
        elif (error := done.exception()) is not None:
            waiting.set_exception(error)
        else:
            waiting.set_result(done.result())
        if campaign_id in self._next:
            self._start(campaign_id)


_state_reads = _SharedStateReads()


async def organization_campaign_states(organization_id: uuid.UUID) -> list[CampaignState]:
    """Every campaign of the organization with its counts: one grouped query."""
    return await _read_states("c.organization_id = {}", organization_id)


_ROW_FIELDS = (
    "id",
    "status",
    "tested_skills_count",
    "external_id",
    "created_at",
    "shared_at",
    "mastery_rate",
    "deleted_at",
    "user__first_name",
    "user__last_name",
)


def _row(values: Mapping[str, Any], skills_count: int) -> ParticipantRow:
    status = str(values["status"])
    shared = status == ParticipationStatus.SHARED
    return ParticipantRow(
        participation_id=uuid.UUID(str(values["id"])),
        status=status,
        progress=progress(status, int(values["tested_skills_count"] or 0), skills_count),
        first_name=values["user__first_name"] or "",
        last_name=values["user__last_name"] or "",
        external_id=values["external_id"],
        # Tortoise's ``.values()`` gives datetimes; a hand-written select on SQLite, text.
        created_at=raw_sql.timestamp(values["created_at"]),  # type: ignore[arg-type]
        shared_at=raw_sql.timestamp(values["shared_at"]),
        # Results belong to the pupil until they send them (design §4).
        mastery_rate=values["mastery_rate"] if shared else None,
        removed=values["deleted_at"] is not None,
    )


async def participant_rows(campaign_id: uuid.UUID, skills_count: int) -> list[ParticipantRow]:
    """Every participant of the campaign, in the participants table's order."""
    rows = (
        await Participation.filter(campaign_id=campaign_id, deleted_at=None)
        .order_by("sort_last_name", "sort_first_name", "id")
        .values(*_ROW_FIELDS)
    )
    return [_row(values, skills_count) for values in rows]


# The changed participant's row, after each answer: written by hand, as the answer's own
# statements are (docs/decisions/answer-hot-path.md), since building it with Tortoise cost
# about a millisecond of CPU per answer, more than the database spends on it.
_PARTICIPANT_ROW_SQL = (
    "SELECT p.id, p.status, p.tested_skills_count, p.external_id, p.created_at, p.shared_at, "
    "p.mastery_rate, p.deleted_at, u.first_name AS user__first_name, "
    "u.last_name AS user__last_name "
    "FROM participations p JOIN users u ON u.id = p.user_id WHERE p.id = ?"
)


async def _participant_row(participation_id: uuid.UUID, skills_count: int) -> ParticipantRow | None:
    connection = connections.get("default")
    rows = await raw_sql.fetch(
        connection, _PARTICIPANT_ROW_SQL, [raw_sql.uuid_value(connection, participation_id)]
    )
    # Rows read by column name, as ``.values()`` gives them: ``_row`` reads both.
    return _row(rows[0], skills_count) if rows else None


def participant_row(
    participation: Participation, *, first_name: str, last_name: str, skills_count: int
) -> ParticipantRow:
    """The participants table's row of a participation the caller has just written (no
    statement: an answer publishes its pupil's row from what it already holds)."""
    return _row(
        {
            "id": participation.id,
            "status": participation.status.value,
            "tested_skills_count": participation.tested_skills_count,
            "external_id": participation.external_id,
            "created_at": participation.created_at,
            "shared_at": participation.shared_at,
            "mastery_rate": participation.mastery_rate,
            "deleted_at": participation.deleted_at,
            "user__first_name": first_name,
            "user__last_name": last_name,
        },
        skills_count,
    )


# --- publishing --------------------------------------------------------------------------


async def publish_campaign_change(
    services: Services,
    campaign_id: uuid.UUID,
    change: ChangeKind,
    participation_id: uuid.UUID | None = None,
    *,
    participant: ParticipantRow | None = None,
) -> None:
    """Announce a committed change of the campaign to its live dashboards.

    Call it after the transaction, never inside: subscribers read nothing themselves, and a
    rolled-back write must not be announced. The changed participant's row is read by
    ``participation_id``, or given as ``participant`` when the caller holds it. Never raises.
    """
    if services.publisher is None:
        return
    try:
        state = await _state_reads.read(campaign_id)
        row = participant
        if row is None and participation_id is not None:
            row = await _participant_row(participation_id, state.skills_count)
        event = CampaignChanged(
            campaign_id=state.campaign_id,
            organization_id=state.organization_id,
            version=state.version,
            change=change,
            activity=state.activity,
            participant=row,
        )
    except Exception:
        # The write itself succeeded; dashboards catch up with the next event.
        logger.exception("état de la campagne %s non calculé : événement non publié", campaign_id)
        return
    await publish_campaign_changed(services.publisher, event)


# --- authorization -----------------------------------------------------------------------


def _parse(value: uuid.UUID | str, not_found: ErrorCode) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError as error:
        raise DomainError(not_found) from error


async def authorize_campaign(
    campaign_id: uuid.UUID | str, *, viewer: Viewer, services: Services
) -> uuid.UUID:
    """The campaign's id if the viewer may follow it live, else CAMPAIGN_NOT_FOUND (unknown or
    of another organization), UNAUTHENTICATED or TERMS_NOT_ACCEPTED."""
    parsed = _parse(campaign_id, ErrorCode.CAMPAIGN_NOT_FOUND)
    organization_ids = await Campaign.filter(id=parsed).values_list("organization_id", flat=True)
    if not organization_ids:
        raise DomainError(ErrorCode.CAMPAIGN_NOT_FOUND)
    organization_id = uuid.UUID(str(organization_ids[0]))
    await require_reader(viewer, organization_id, services, not_found=ErrorCode.CAMPAIGN_NOT_FOUND)
    return parsed


async def authorize_organization(
    organization_id: uuid.UUID | str, *, viewer: Viewer, services: Services
) -> uuid.UUID:
    """The organization's id if the viewer may follow its campaign list live."""
    parsed = _parse(organization_id, ErrorCode.ORGANIZATION_NOT_FOUND)
    await require_reader(viewer, parsed, services)
    return parsed
