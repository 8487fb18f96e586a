"""The learning content as immutable data: areas → competences → tubes → skills → challenges,
tutorials and target profiles, indexed by id.

A :class:`Referential` is built once (by :mod:`engine.content`'s loader, which validates the
content first) and then only read: every mapping is a read-only view and every collection a
tuple, so it can be shared by all requests of a process without locks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import TypeVar

from engine.types import (
    AreaId,
    ChallengeId,
    CompetenceId,
    Level,
    SkillId,
    TargetProfileId,
    TubeId,
    TutorialId,
)

_K = TypeVar("_K")
_V = TypeVar("_V")

# --- enumerations --------------------------------------------------------------------------


class ChallengeType(StrEnum):
    QCU = "QCU"
    QCM = "QCM"
    QROC = "QROC"
    QROCM_IND = "QROCM-ind"
    QROCM_DEP = "QROCM-dep"


class ChallengeStatus(StrEnum):
    VALIDATED = "validé"
    ARCHIVED = "archivé"
    OUTDATED = "périmé"
    PROPOSED = "proposé"


#: Statuses of challenges that can be asked (``validé`` preferred over ``archivé``).
PLAYABLE_CHALLENGE_STATUSES = frozenset({ChallengeStatus.VALIDATED, ChallengeStatus.ARCHIVED})


class SkillStatus(StrEnum):
    ACTIVE = "actif"
    ARCHIVED = "archivé"


class Tolerance(StrEnum):
    """Answer treatments of QROC(M) challenges (pix-domain §3.3)."""

    T1 = "t1"  # spaces, case and accents
    T2 = "t2"  # punctuation
    T3 = "t3"  # edit distance ≤ 25 %


class TargetProfileCategory(StrEnum):
    COMPETENCES = "COMPETENCES"
    CUSTOM = "CUSTOM"
    PREDEFINED = "PREDEFINED"
    SUBJECT = "SUBJECT"
    OTHER = "OTHER"


#: Format of a QROC whose answers are compared as numbers.
NUMBER_FORMAT = "nombre"

# An input block of a QROC(M): ``${key}``, ``${key#placeholder}`` or ``${key§aria label}``.
_BLOCK = re.compile(r"\$\{([^}]*)\}")


def input_keys(proposals: str) -> tuple[str, ...]:
    """The keys of the ``${…}`` input blocks of a QROC(M) proposal text, in order."""
    blocks = _BLOCK.findall(proposals)
    return tuple(re.split(r"[#§]", inner, maxsplit=1)[0].strip() for inner in blocks)


def choices(proposals: str) -> tuple[str, ...]:
    """The proposals of a QCU/QCM: one per non-blank line, without the leading ``- ``."""
    lines = (line.strip() for line in proposals.splitlines())
    return tuple(line[2:].strip() if line.startswith("- ") else line for line in lines if line)


# --- content -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Area:
    id: AreaId
    code: str
    title: str
    color: str

    @property
    def name(self) -> str:
        """« 1. Information et données »."""
        return f"{self.code}. {self.title}"


@dataclass(frozen=True)
class Competence:
    id: CompetenceId
    index: str
    name: str
    description: str
    area_id: AreaId

    @property
    def full_name(self) -> str:
        """« 1.1 Mener une recherche et une veille d'information »."""
        return f"{self.index} {self.name}"


@dataclass(frozen=True)
class Tube:
    id: TubeId
    name: str
    competence_id: CompetenceId
    practical_title: str
    practical_description: str


@dataclass(frozen=True)
class Skill:
    id: SkillId
    name: str
    tube_id: TubeId
    competence_id: CompetenceId
    difficulty: Level
    status: SkillStatus
    pix_value: float
    hint: str
    tutorial_ids: tuple[TutorialId, ...]
    learning_more_tutorial_ids: tuple[TutorialId, ...] = ()

    @property
    def is_active(self) -> bool:
        return self.status == SkillStatus.ACTIVE


@dataclass(frozen=True)
class Challenge:
    id: ChallengeId
    skill_id: SkillId
    type: ChallengeType
    instruction: str
    proposals: str
    solution: str
    tolerances: frozenset[Tolerance] = frozenset()
    format: str | None = None
    timer: int | None = None
    locales: tuple[str, ...] = ("fr-fr",)
    status: ChallengeStatus = ChallengeStatus.VALIDATED
    illustration_url: str | None = None
    illustration_alt: str | None = None
    embed_url: str | None = None
    solution_to_display: str | None = None

    @property
    def is_timed(self) -> bool:
        return self.timer is not None

    @property
    def is_playable(self) -> bool:
        return self.status in PLAYABLE_CHALLENGE_STATUSES

    @property
    def choices(self) -> tuple[str, ...]:
        """The proposals of a QCU/QCM (empty for other types)."""
        if self.type in (ChallengeType.QCU, ChallengeType.QCM):
            return choices(self.proposals)
        return ()

    @property
    def input_keys(self) -> tuple[str, ...]:
        """The input block keys of a QROC/QROCM (empty for QCU/QCM)."""
        if self.type in (ChallengeType.QCU, ChallengeType.QCM):
            return ()
        return input_keys(self.proposals)


@dataclass(frozen=True, slots=True)
class ItemParameters:
    """A challenge's item-response parameters (``engine.irt``): P(right | θ) =
    guessing + (1 − guessing) / (1 + exp(−discrimination · (θ − difficulty))), θ on the scale of
    skill levels. Written by ``orga content calibrate`` (section ``item_parameters``)."""

    discrimination: float
    difficulty: float
    guessing: float = 0.0
    answers: int = 0  # how many stored answers the calibration used (0: not calibrated)


@dataclass(frozen=True)
class Tutorial:
    id: TutorialId
    title: str
    link: str
    source: str
    format: str
    duration: str
    locale: str


@dataclass(frozen=True)
class TargetProfile:
    """A « parcours »: tubes, each capped at a level (its skills of difficulty ≤ level)."""

    id: TargetProfileId
    name: str
    description: str
    category: TargetProfileCategory
    tubes: tuple[tuple[TubeId, Level], ...]


# --- the index -----------------------------------------------------------------------------


def _competence_sort_key(competence: Competence) -> tuple[int, ...]:
    # "1.10" after "1.9": compare the index numerically, part by part.
    return tuple(int(part) if part.isdigit() else 0 for part in competence.index.split("."))


def _area_sort_key(area: Area) -> tuple[int, str]:
    return (int(area.code) if area.code.isdigit() else 0, area.code)


@dataclass(frozen=True, eq=False)
class Referential:
    """The whole learning content, immutable, with O(1) lookups by id.

    Build it with :func:`engine.content.load_referential` (validated); constructing it directly
    is possible (tests) but skips validation. Identity equality: two loads are two referentials.
    """

    release: str
    areas: Mapping[AreaId, Area]
    competences: Mapping[CompetenceId, Competence]
    tubes: Mapping[TubeId, Tube]
    skills: Mapping[SkillId, Skill]
    challenges: Mapping[ChallengeId, Challenge]
    tutorials: Mapping[TutorialId, Tutorial]
    target_profiles: Mapping[TargetProfileId, TargetProfile]
    #: Calibrated parameters of some challenges; the others get derived ones (``engine.irt``).
    item_parameters: Mapping[ChallengeId, ItemParameters] = field(
        default_factory=lambda: MappingProxyType({})
    )
    _tube_skills: Mapping[TubeId, tuple[Skill, ...]] = field(init=False, repr=False)
    _competence_tubes: Mapping[CompetenceId, tuple[Tube, ...]] = field(init=False, repr=False)
    _area_competences: Mapping[AreaId, tuple[Competence, ...]] = field(init=False, repr=False)
    _skill_challenges: Mapping[SkillId, tuple[Challenge, ...]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # Freeze the mappings in a stable order (areas by code, competences by index) and
        # precompute the reverse indexes once: readers never sort or scan.
        areas = sorted(self.areas.values(), key=_area_sort_key)
        competences = sorted(self.competences.values(), key=_competence_sort_key)
        competence_rank = {c.id: rank for rank, c in enumerate(competences)}
        tubes = sorted(self.tubes.values(), key=lambda t: competence_rank.get(t.competence_id, -1))
        tube_rank = {t.id: rank for rank, t in enumerate(tubes)}
        skills = sorted(
            self.skills.values(), key=lambda s: (tube_rank.get(s.tube_id, -1), s.difficulty)
        )
        freeze = object.__setattr__
        freeze(self, "areas", MappingProxyType({a.id: a for a in areas}))
        freeze(self, "competences", MappingProxyType({c.id: c for c in competences}))
        freeze(self, "tubes", MappingProxyType({t.id: t for t in tubes}))
        freeze(self, "skills", MappingProxyType({s.id: s for s in skills}))
        freeze(self, "challenges", MappingProxyType(dict(self.challenges)))
        freeze(self, "tutorials", MappingProxyType(dict(self.tutorials)))
        freeze(self, "target_profiles", MappingProxyType(dict(self.target_profiles)))
        freeze(self, "item_parameters", MappingProxyType(dict(self.item_parameters)))

        tube_skills: dict[TubeId, list[Skill]] = {t.id: [] for t in tubes}
        for skill in skills:
            tube_skills.setdefault(skill.tube_id, []).append(skill)
        competence_tubes: dict[CompetenceId, list[Tube]] = {c.id: [] for c in competences}
        for tube in tubes:
            competence_tubes.setdefault(tube.competence_id, []).append(tube)
        area_competences: dict[AreaId, list[Competence]] = {a.id: [] for a in areas}
        for competence in competences:
            area_competences.setdefault(competence.area_id, []).append(competence)
        skill_challenges: dict[SkillId, list[Challenge]] = {s.id: [] for s in skills}
        for challenge in self.challenges.values():
            skill_challenges.setdefault(challenge.skill_id, []).append(challenge)
        freeze(self, "_tube_skills", _frozen(tube_skills))
        freeze(self, "_competence_tubes", _frozen(competence_tubes))
        freeze(self, "_area_competences", _frozen(area_competences))
        freeze(self, "_skill_challenges", _frozen(skill_challenges))

    def tube_skills(self, tube_id: TubeId) -> tuple[Skill, ...]:
        """The tube's skills (all statuses), sorted by difficulty."""
        return self._tube_skills.get(tube_id, ())

    def competence_tubes(self, competence_id: CompetenceId) -> tuple[Tube, ...]:
        return self._competence_tubes.get(competence_id, ())

    def area_competences(self, area_id: AreaId) -> tuple[Competence, ...]:
        """The area's competences, sorted by index."""
        return self._area_competences.get(area_id, ())

    def skill_challenges(self, skill_id: SkillId) -> tuple[Challenge, ...]:
        """Every challenge of the skill, whatever its status or locale, in content order."""
        return self._skill_challenges.get(skill_id, ())

    def skills_of_tubes(self, tubes: Iterable[tuple[TubeId, Level]]) -> tuple[SkillId, ...]:
        """The active skills of each tube with difficulty ≤ its level, without duplicates.

        Unknown tubes are skipped: a target profile saved before a content release that retired
        a tube still resolves to the skills that remain.
        """
        seen: set[SkillId] = set()
        result: list[SkillId] = []
        for tube_id, level in tubes:
            for skill in self._tube_skills.get(tube_id, ()):
                if skill.difficulty > level:
                    break
                if skill.is_active and skill.id not in seen:
                    seen.add(skill.id)
                    result.append(skill.id)
        return tuple(result)

    def target_profile_skill_ids(
        self, profile: TargetProfile | TargetProfileId | str
    ) -> tuple[SkillId, ...]:
        """The skills a target profile aims at (raises ``KeyError`` for an unknown id)."""
        if not isinstance(profile, TargetProfile):
            profile = self.target_profiles[TargetProfileId(profile)]
        return self.skills_of_tubes(profile.tubes)


def _frozen(index: dict[_K, list[_V]]) -> Mapping[_K, tuple[_V, ...]]:
    return MappingProxyType({key: tuple(values) for key, values in index.items()})
