"""The engine's shared vocabulary: identifiers of the learning content.

They are plain strings at run time; ``NewType`` only lets mypy catch a skill id passed where a
challenge id is expected.
"""

from __future__ import annotations

from typing import NewType

AreaId = NewType("AreaId", str)
CompetenceId = NewType("CompetenceId", str)
TubeId = NewType("TubeId", str)
SkillId = NewType("SkillId", str)
ChallengeId = NewType("ChallengeId", str)
TutorialId = NewType("TutorialId", str)
TargetProfileId = NewType("TargetProfileId", str)

#: A skill's difficulty, also the level a target profile caps a tube at: 1..8.
Level = int

MIN_LEVEL = 1
MAX_LEVEL = 8

__all__ = [
    "MAX_LEVEL",
    "MIN_LEVEL",
    "AreaId",
    "ChallengeId",
    "CompetenceId",
    "Level",
    "SkillId",
    "TargetProfileId",
    "TubeId",
    "TutorialId",
]
