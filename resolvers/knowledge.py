"""A pupil's knowledge elements between the database and the engine.

The engine reasons on :class:`engine.knowledge.KnowledgeElement` values; the database keeps
``models.KnowledgeElement`` rows, and a snapshot keeps them as JSON. This module converts
between the three, so that every use case reads a pupil's history the same way: all their
elements, oldest first (the engine's "latest per skill" needs that order).

Answering, the hot path, reads the history with ``HISTORY_SELECT`` inside its own statement
and turns each row into a shared element (``shared_element``): see
docs/decisions/answer-hot-path.md.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from engine.knowledge import KnowledgeElement, KnowledgeElementSource, KnowledgeElementStatus
from engine.types import CompetenceId, SkillId
from models import KnowledgeElement as StoredKnowledgeElement

_FIELDS = ("skill_id", "competence_id", "status", "source", "earned_pix", "created_at")


def _element(
    skill_id: str,
    competence_id: str,
    status: str,
    source: str,
    earned_pix: float,
    created_at: datetime | None,
) -> KnowledgeElement:
    return KnowledgeElement(
        skill_id=SkillId(skill_id),
        competence_id=CompetenceId(competence_id),
        status=KnowledgeElementStatus(status),
        source=KnowledgeElementSource(source),
        earned_pix=float(earned_pix),
        created_at=created_at,
    )


async def load_knowledge_elements(
    user_id: uuid.UUID, *, created_until: datetime | None = None
) -> list[KnowledgeElement]:
    """All the user's elements (every assessment), oldest first, optionally up to a moment.

    One indexed query, ``(user, skill_id, created_at)``; values only, no model instances.
    """
    query = StoredKnowledgeElement.filter(user_id=user_id)
    if created_until is not None:
        query = query.filter(created_at__lte=created_until)
    rows = await query.order_by("created_at", "id").values_list(*_FIELDS)
    return [_element(*row) for row in rows]


#: Engine elements by stored values. A pupil's history is mostly the same few thousand
#: (skill, status, source, pix) combinations: sharing one immutable instance per combination
#: turns each row of the answer's hot path into a dict lookup instead of an object build.
SHARED_ELEMENTS: dict[tuple[str, str, str, str, float], KnowledgeElement] = {}
_SHARED_ELEMENTS_LIMIT = 50_000


def shared_element(
    skill_id: str, competence_id: str, status: str, source: str, earned_pix: float
) -> KnowledgeElement:
    """The element of these stored values, without ``created_at`` (one instance per values:
    the engine only reads the order of a history, which its query gives)."""
    key = (skill_id, competence_id, status, source, earned_pix)
    element = SHARED_ELEMENTS.get(key)
    if element is None:
        if len(SHARED_ELEMENTS) >= _SHARED_ELEMENTS_LIMIT:
            SHARED_ELEMENTS.clear()
        element = SHARED_ELEMENTS[key] = _element(*key, None)
    return element


#: What answering reads of a pupil's history: every element of the pupil (every assessment),
#: its order, and whether it belongs to the assessment being answered. Two parameters: that
#: assessment's id, the pupil's id. Columns ``kind`` (1), ``at``, ``n`` (the order: oldest
#: first), then ``c1..c6``: skill, competence, status, source, pix, in this assessment. Meant
#: to be ``UNION``-ed with a select of the same columns (the assessment's answers).
HISTORY_SELECT = (
    "SELECT 1 AS kind, created_at AS at, id AS n, skill_id AS c1, competence_id AS c2, "
    "status AS c3, source AS c4, earned_pix AS c5, assessment_id = ? AS c6 "
    "FROM knowledge_elements WHERE user_id = ?"
)


def element_to_json(element: KnowledgeElement) -> dict[str, Any]:
    """The snapshot form of an element (``KnowledgeElementSnapshot.snapshot`` items)."""
    return {
        "skill_id": str(element.skill_id),
        "competence_id": str(element.competence_id),
        "status": str(element.status),
        "source": str(element.source),
        "earned_pix": element.earned_pix,
        "created_at": element.created_at.isoformat() if element.created_at else None,
    }
