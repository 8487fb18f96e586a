"""The answers ``orga content calibrate`` fits item parameters from (``engine.calibration``)."""

from __future__ import annotations

from datetime import datetime

from engine.calibration import StoredAnswer
from models import Answer, AnswerResult

#: Rows read per statement: bounded memory on a large database.
BATCH_SIZE = 10_000


async def stored_answers(since: datetime | None = None) -> list[StoredAnswer]:
    """Every stored answer (created at or after ``since``), right only when ``ok``, read in
    batches by primary key."""
    found: list[StoredAnswer] = []
    last_id = 0
    while True:
        query = Answer.filter(id__gt=last_id)
        if since is not None:
            query = query.filter(created_at__gte=since)
        rows = (
            await query.order_by("id")
            .limit(BATCH_SIZE)
            .values_list("id", "assessment_id", "challenge_id", "result")
        )
        if not rows:
            return found
        for answer_id, assessment_id, challenge_id, result in rows:
            found.append(StoredAnswer(str(assessment_id), challenge_id, result == AnswerResult.OK))
            last_id = answer_id
