"""Learning content: the immutable referential, its loader and the bundled bank.

``load_referential(path)`` reads a bundle in the documented JSON format
(``docs/content-format.md``), validates all of it and returns a :class:`Referential`; a bundle
with any defect raises :class:`ContentError` listing every defect. ``bundled_referential()``
is the bank shipped in ``engine/content/``, loaded once per process.
"""

from __future__ import annotations

import functools
from pathlib import Path

from engine.loader import (
    FORMAT,
    ContentError,
    ContentIssue,
    check_solution,
    load_referential,
    referential_from_documents,
)
from engine.referential import (
    NUMBER_FORMAT,
    PLAYABLE_CHALLENGE_STATUSES,
    Area,
    Challenge,
    ChallengeStatus,
    ChallengeType,
    Competence,
    Referential,
    Skill,
    SkillStatus,
    TargetProfile,
    TargetProfileCategory,
    Tolerance,
    Tube,
    Tutorial,
)

#: Where the bundled bank lives: ``referential.json`` plus ``competences/*.json``.
BUNDLED_CONTENT_DIR = Path(__file__).resolve().parent / "content"


@functools.cache
def bundled_referential() -> Referential:
    """The bank shipped with Orga, validated and loaded on first use, then shared."""
    return load_referential(BUNDLED_CONTENT_DIR)


def referential_from_data(data: object, *, source: str = "contenu.json") -> Referential:
    """Validate and index one in-memory document (a parsed JSON object)."""
    return referential_from_documents([(source, data)])


__all__ = [
    "BUNDLED_CONTENT_DIR",
    "FORMAT",
    "NUMBER_FORMAT",
    "PLAYABLE_CHALLENGE_STATUSES",
    "Area",
    "Challenge",
    "ChallengeStatus",
    "ChallengeType",
    "Competence",
    "ContentError",
    "ContentIssue",
    "Referential",
    "Skill",
    "SkillStatus",
    "TargetProfile",
    "TargetProfileCategory",
    "Tolerance",
    "Tube",
    "Tutorial",
    "bundled_referential",
    "check_solution",
    "load_referential",
    "referential_from_data",
    "referential_from_documents",
]
