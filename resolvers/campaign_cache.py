"""What a campaign tests, read once per process.

A campaign's skills are frozen when it is created (``Campaign.skill_ids``; nothing updates
them), so they can be kept in process without ever going stale, on every worker: answering a
question needs them at each call, and decoding a JSON list of 222 skill ids each time costs
more than the SQL of the answer. The cache is a small LRU keyed by campaign id; the ids are
random UUIDs, never reused.
"""

from __future__ import annotations

import json
import uuid
from collections import OrderedDict
from dataclasses import dataclass

from tortoise.backends.base.client import BaseDBAsyncClient

from engine.types import SkillId
from resolvers import raw_sql

CACHE_SIZE = 1_024


@dataclass(frozen=True, slots=True)
class CampaignTargets:
    """The skills a campaign tests, in the campaign's order, and what derives from them."""

    skill_ids: tuple[SkillId, ...]
    skill_set: frozenset[SkillId]
    method: str = "SMART_RANDOM"  # models.AssessmentMethod, frozen at creation too


_cache: OrderedDict[uuid.UUID, CampaignTargets] = OrderedDict()


def _targets(skill_ids: list[str], method: str) -> CampaignTargets:
    ids = tuple(SkillId(s) for s in skill_ids)
    return CampaignTargets(skill_ids=ids, skill_set=frozenset(ids), method=method)


async def campaign_targets(
    connection: BaseDBAsyncClient, campaign_id: uuid.UUID
) -> CampaignTargets:
    """The campaign's frozen targets: one query the first time in this process, then none."""
    found = _cache.get(campaign_id)
    if found is not None:
        _cache.move_to_end(campaign_id)
        return found
    rows = await raw_sql.fetch(
        connection,
        "SELECT skill_ids, method FROM campaigns WHERE id = ?",
        [raw_sql.uuid_value(connection, campaign_id)],
    )
    raw = rows[0][0] if rows else "[]"
    method = str(rows[0][1]) if rows else "SMART_RANDOM"
    found = _targets(json.loads(raw) if isinstance(raw, str | bytes) else list(raw), method)
    if rows:  # an unknown campaign is not remembered
        _cache[campaign_id] = found
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return found
