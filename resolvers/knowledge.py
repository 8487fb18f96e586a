"""A pupil's knowledge elements between the database and the engine.

The engine reasons on :class:`engine.knowledge.KnowledgeElement` values; the database keeps
``models.KnowledgeElement`` rows, and a snapshot keeps them as JSON. This module converts
between the three, so that every use case reads a pupil's history the same way: all their
elements, oldest first (the engine's "latest per skill" needs that order).
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


async def load_history(
    user_id: uuid.UUID, assessment_id: uuid.UUID
) -> tuple[list[KnowledgeElement], set[SkillId]]:
    """What answering needs, in one query: all the user's elements (oldest first) and the
    skills that already have one *in this assessment* (they get no new element)."""
    rows = (
        await StoredKnowledgeElement.filter(user_id=user_id)
        .order_by("created_at", "id")
        .values_list(*_FIELDS, "assessment_id")
    )
    elements = [_element(*row[:-1]) for row in rows]
    assessed = {SkillId(row[0]) for row in rows if str(row[-1]) == str(assessment_id)}
    return elements, assessed


def to_rows(
    elements: list[KnowledgeElement],
    *,
    user_id: uuid.UUID,
    assessment_id: uuid.UUID,
    answer_id: int,
) -> list[StoredKnowledgeElement]:
    """The rows that store an answer's elements."""
    return [
        StoredKnowledgeElement(
            user_id=user_id,
            assessment_id=assessment_id,
            answer_id=answer_id,
            skill_id=e.skill_id,
            competence_id=e.competence_id,
            status=e.status.value,
            source=e.source.value,
            earned_pix=e.earned_pix,
            created_at=e.created_at,
        )
        for e in elements
    ]


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
