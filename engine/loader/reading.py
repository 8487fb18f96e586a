"""First pass over a bundle: read every item on its own (types, formats, solutions)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from engine.loader.fields import Item
from engine.loader.issues import ContentIssue
from engine.loader.solutions import check_solution
from engine.referential import (
    NUMBER_FORMAT,
    Area,
    Challenge,
    ChallengeStatus,
    ChallengeType,
    Competence,
    ItemParameters,
    Skill,
    SkillStatus,
    TargetProfile,
    TargetProfileCategory,
    Tolerance,
    Tube,
    Tutorial,
)
from engine.types import (
    MAX_LEVEL,
    MIN_LEVEL,
    AreaId,
    ChallengeId,
    CompetenceId,
    SkillId,
    TargetProfileId,
    TubeId,
    TutorialId,
)

FORMAT = "orga-content/1"

SECTIONS = (
    "areas",
    "competences",
    "tubes",
    "skills",
    "challenges",
    "tutorials",
    "target_profiles",
    "item_parameters",
)

AREA_COLORS = frozenset({"jaffa", "emerald", "cerulean", "wild-strawberry", "butterfly-bush"})
INPUT_FORMATS = frozenset({NUMBER_FORMAT, "phrase", "mots", "paragraphe"})

_DURATION = re.compile(r"\d{2}:[0-5]\d:[0-5]\d")
_LOCALE = re.compile(r"[a-z]{2}(?:-[a-z]{2})?")
_AREA_CODE = re.compile(r"[1-9]\d*")
_COMPETENCE_INDEX = re.compile(r"([1-9]\d*)\.([1-9]\d*)")


@dataclass
class ProfileDraft:
    """A target profile as written: its tubes, or the competence_ids + level shorthand."""

    profile: TargetProfile
    tubes: list[tuple[str, int]] | None
    competence_ids: list[str] | None
    level: int


class Bundle:
    """Everything read from a bundle's documents, item by item (pass 1); pass 2 is
    :func:`engine.loader.resolving.resolve`."""

    def __init__(self) -> None:
        self.issues: list[ContentIssue] = []
        self.release: str | None = None
        self.release_where = ""
        # every id seen, even of invalid items: their referrers get no extra issue
        self.known: dict[str, dict[str, str]] = {section: {} for section in SECTIONS}
        self.areas: dict[AreaId, tuple[Area, Item]] = {}
        self.competences: dict[CompetenceId, tuple[Competence, Item]] = {}
        self.tubes: dict[TubeId, tuple[Tube, Item]] = {}
        self.skills: dict[SkillId, tuple[Skill, Item]] = {}
        self.challenges: dict[ChallengeId, tuple[Challenge, Item]] = {}
        self.tutorials: dict[TutorialId, tuple[Tutorial, Item]] = {}
        self.profiles: dict[TargetProfileId, tuple[ProfileDraft, Item]] = {}
        self.item_parameters: dict[ChallengeId, tuple[ItemParameters, Item]] = {}

    def add_issue(self, location: str, message: str) -> None:
        self.issues.append(ContentIssue(location, message))

    # pass 1 ------------------------------------------------------------------------------

    def read_document(self, label: str, document: object) -> None:
        if not isinstance(document, dict):
            self.add_issue(label, "le document doit être un objet JSON { … }")
            return
        for key in document:
            if key not in (*SECTIONS, "format", "release"):
                self.add_issue(f"{label} › {key}", "section inconnue")
        self._read_header(label, document)
        readers: dict[str, Callable[[Item], None]] = {
            "areas": self.read_area,
            "competences": self.read_competence,
            "tubes": self.read_tube,
            "skills": self.read_skill,
            "challenges": self.read_challenge,
            "tutorials": self.read_tutorial,
            "target_profiles": self.read_profile,
            "item_parameters": self.read_item_parameters,
        }
        for section, reader in readers.items():
            if section not in document:
                continue
            items = document[section]
            if not isinstance(items, list):
                self.add_issue(f"{label} › {section}", "doit être une liste [ … ]")
                continue
            for position, data in enumerate(items, start=1):
                self._read_item(f"{label} › {section}", section, position, data, reader)

    def _read_header(self, label: str, document: dict[str, Any]) -> None:
        """The document's optional ``format`` and ``release`` (one release for the bundle)."""
        if "format" in document and document["format"] != FORMAT:
            self.add_issue(
                f"{label} › format",
                f"format « {document['format']} » inconnu : attendu « {FORMAT} »",
            )
        if "release" in document:
            release = document["release"]
            if not isinstance(release, str) or not release.strip():
                self.add_issue(f"{label} › release", "doit être un texte non vide")
            elif self.release is None:
                self.release, self.release_where = release, label
            elif release != self.release:
                self.add_issue(
                    f"{label} › release",
                    f"version « {release} » différente de « {self.release} » "
                    f"({self.release_where})",
                )

    def _read_item(
        self, where: str, section: str, position: int, data: object, reader: Callable[[Item], None]
    ) -> None:
        if not isinstance(data, dict):
            self.add_issue(f"{where} › #{position}", "doit être un objet { … }")
            return
        raw_id = data.get("id")
        if not isinstance(raw_id, str) or not raw_id.strip():
            self.add_issue(f"{where} › #{position} › id", "identifiant manquant ou vide")
            return
        item = Item(self.issues, f"{where} › {raw_id}", data)
        first = self.known[section].get(raw_id)
        if first is not None:
            item.error("id", f"identifiant déjà utilisé ({first})")
            return
        self.known[section][raw_id] = item.where
        reader(item)

    def read_area(self, item: Item) -> None:
        item.only(("id", "code", "title", "color"))
        code = item.text("code")
        if code and not _AREA_CODE.fullmatch(code):
            item.error("code", f"« {code} » n'est pas un numéro de domaine (1, 2, …)")
        area = Area(
            id=AreaId(item.text("id")),
            code=code,
            title=item.text("title"),
            color=item.choice("color", AREA_COLORS),
        )
        if item.valid:
            self.areas[area.id] = (area, item)

    def read_competence(self, item: Item) -> None:
        item.only(("id", "index", "area_id", "name", "description"))
        index = item.text("index")
        if index and not _COMPETENCE_INDEX.fullmatch(index):
            item.error("index", f"« {index} » n'est pas un index de compétence (ex. « 1.1 »)")
        competence = Competence(
            id=CompetenceId(item.text("id")),
            index=index,
            name=item.text("name"),
            description=item.text("description"),
            area_id=AreaId(item.text("area_id")),
        )
        if item.valid:
            self.competences[competence.id] = (competence, item)

    def read_tube(self, item: Item) -> None:
        item.only(("id", "name", "competence_id", "practical_title", "practical_description"))
        name = item.text("name")
        if name and (not name.startswith("@") or len(name) < 2 or any(c.isspace() for c in name)):
            item.error("name", f"« {name} » : un nom de sujet commence par @, sans espace")
        tube = Tube(
            id=TubeId(item.text("id")),
            name=name,
            competence_id=CompetenceId(item.text("competence_id")),
            practical_title=item.text("practical_title"),
            practical_description=item.text("practical_description"),
        )
        if item.valid:
            self.tubes[tube.id] = (tube, item)

    def read_skill(self, item: Item) -> None:
        item.only(
            (
                "id",
                "name",
                "tube_id",
                "difficulty",
                "status",
                "hint",
                "tutorial_ids",
                "learning_more_tutorial_ids",
            )
        )
        status = item.choice("status", (s.value for s in SkillStatus))
        skill = Skill(
            id=SkillId(item.text("id")),
            name=item.text("name"),
            tube_id=TubeId(item.text("tube_id")),
            competence_id=CompetenceId(""),  # known once the tube is resolved
            difficulty=item.integer("difficulty", MIN_LEVEL, MAX_LEVEL),
            status=SkillStatus(status) if status else SkillStatus.ACTIVE,
            pix_value=0.0,  # computed once every skill is known
            hint=item.text("hint"),
            tutorial_ids=tuple(
                TutorialId(t) for t in item.text_list("tutorial_ids", non_empty=True)
            ),
            learning_more_tutorial_ids=tuple(
                TutorialId(t) for t in item.text_list("learning_more_tutorial_ids", required=False)
            ),
        )
        if item.valid:
            self.skills[skill.id] = (skill, item)

    def read_tutorial(self, item: Item) -> None:
        item.only(("id", "title", "link", "source", "format", "duration", "locale"))
        duration = item.text("duration")
        if duration and not _DURATION.fullmatch(duration):
            item.error("duration", f"« {duration} » n'est pas une durée HH:MM:SS")
        locale = item.text("locale")
        if locale and not _LOCALE.fullmatch(locale):
            item.error("locale", f"« {locale} » n'est pas une langue (ex. « fr-fr »)")
        tutorial = Tutorial(
            id=TutorialId(item.text("id")),
            title=item.text("title"),
            link=item.https_url("link", required=True) or "",
            source=item.text("source"),
            format=item.text("format"),
            duration=duration,
            locale=locale,
        )
        if item.valid:
            self.tutorials[tutorial.id] = (tutorial, item)

    def read_challenge(self, item: Item) -> None:
        item.only(
            (
                "id",
                "skill_id",
                "type",
                "status",
                "locales",
                "instruction",
                "proposals",
                "solution",
                "solution_to_display",
                "tolerances",
                "format",
                "timer",
                "illustration_url",
                "illustration_alt",
                "embed_url",
            )
        )
        type_ = item.choice("type", (t.value for t in ChallengeType))
        status = item.choice("status", (s.value for s in ChallengeStatus))
        locales = _challenge_locales(item)
        tolerances = _challenge_tolerances(item)
        input_format = _challenge_format(item)
        timer: int | None = None
        if item.data.get("timer") is not None:
            timer = item.integer("timer", 1, 24 * 3600)
        illustration_url = item.https_url("illustration_url", required=False)
        illustration_alt = item.optional_text("illustration_alt")
        if illustration_url and not illustration_alt:
            item.error("illustration_alt", "une illustration doit avoir un texte alternatif")
        challenge = Challenge(
            id=ChallengeId(item.text("id")),
            skill_id=SkillId(item.text("skill_id")),
            type=ChallengeType(type_) if type_ else ChallengeType.QROC,
            instruction=item.text("instruction"),
            proposals=item.raw_text("proposals"),
            solution=item.raw_text("solution"),
            solution_to_display=item.optional_text("solution_to_display"),
            tolerances=tolerances,
            format=input_format,
            timer=timer,
            locales=tuple(locales),
            status=ChallengeStatus(status) if status else ChallengeStatus.VALIDATED,
            illustration_url=illustration_url,
            illustration_alt=illustration_alt,
            embed_url=item.https_url("embed_url", required=False),
        )
        if type_:
            for name, message in check_solution(challenge):
                item.error(name, message)
        if item.valid:
            self.challenges[challenge.id] = (challenge, item)

    def read_item_parameters(self, item: Item) -> None:
        """``{id: challenge id, discrimination, difficulty, guessing?, answers?}``."""
        item.only(("id", "discrimination", "difficulty", "guessing", "answers", "calibrated_at"))

        def number(name: str, low: float, high: float, default: float | None = None) -> float:
            value = item.data.get(name, default)
            if isinstance(value, bool) or not isinstance(value, int | float):
                item.error(name, f"doit être un nombre de {low} à {high}")
                return low
            if not low <= value <= high:
                item.error(name, f"{value} n'est pas compris entre {low} et {high}")
                return low
            return float(value)

        answers = item.data.get("answers", 0)
        if isinstance(answers, bool) or not isinstance(answers, int) or answers < 0:
            item.error("answers", "doit être un nombre entier positif ou nul")
            answers = 0
        parameters = ItemParameters(
            discrimination=number("discrimination", 0.05, 10.0),
            difficulty=number("difficulty", -5.0, 15.0),
            guessing=number("guessing", 0.0, 0.5, 0.0),
            answers=answers,
        )
        if item.valid:
            self.item_parameters[ChallengeId(item.text("id"))] = (parameters, item)

    def read_profile(self, item: Item) -> None:
        item.only(("id", "name", "description", "category", "tubes", "competence_ids", "level"))
        category = item.choice("category", (c.value for c in TargetProfileCategory))
        has_tubes = "tubes" in item.data
        has_shorthand = "competence_ids" in item.data or "level" in item.data
        tubes: list[tuple[str, int]] | None = None
        competence_ids: list[str] | None = None
        level = MAX_LEVEL
        if has_tubes == has_shorthand:
            item.error(
                None,
                "indiquer soit « tubes », soit « competence_ids » avec « level », pas les deux",
            )
        elif has_tubes:
            tubes = self._profile_tubes(item)
        else:
            competence_ids = item.text_list("competence_ids", non_empty=True)
            level = item.integer("level", MIN_LEVEL, MAX_LEVEL)
        profile = TargetProfile(
            id=TargetProfileId(item.text("id")),
            name=item.text("name"),
            description=item.text("description"),
            category=TargetProfileCategory(category) if category else TargetProfileCategory.OTHER,
            tubes=(),
        )
        if item.valid:
            draft = ProfileDraft(profile, tubes, competence_ids, level)
            self.profiles[profile.id] = (draft, item)

    def _profile_tubes(self, item: Item) -> list[tuple[str, int]]:
        raw = item.data["tubes"]
        if not isinstance(raw, list) or not raw:
            item.error("tubes", "doit être une liste non vide de { tube_id, level }")
            return []
        result: list[tuple[str, int]] = []
        for position, entry in enumerate(raw, start=1):
            name = f"tubes › #{position}"
            if not isinstance(entry, dict) or set(entry) != {"tube_id", "level"}:
                item.error(name, "doit être un objet { tube_id, level }")
                continue
            tube_id, level = entry["tube_id"], entry["level"]
            if not isinstance(tube_id, str) or not tube_id:
                item.error(f"{name} › tube_id", "doit être un texte non vide")
                continue
            if isinstance(level, bool) or not isinstance(level, int):
                item.error(f"{name} › level", f"doit être un entier de {MIN_LEVEL} à {MAX_LEVEL}")
                continue
            if not MIN_LEVEL <= level <= MAX_LEVEL:
                item.error(f"{name} › level", f"{level} n'est pas compris entre 1 et 8")
                continue
            if any(tube_id == seen for seen, _ in result):
                item.error(f"{name} › tube_id", f"le sujet « {tube_id} » est déjà dans ce profil")
                continue
            result.append((tube_id, level))
        return result


def _challenge_locales(item: Item) -> list[str]:
    locales = item.text_list("locales", non_empty=True)
    for locale in locales:
        if not _LOCALE.fullmatch(locale):
            item.error("locales", f"« {locale} » n'est pas une langue (ex. « fr-fr »)")
    return locales


def _challenge_tolerances(item: Item) -> frozenset[Tolerance]:
    names = item.text_list("tolerances", required=False)
    known = {t.value for t in Tolerance}
    for name in names:
        if name not in known:
            item.error("tolerances", f"« {name} » n'est pas une tolérance (t1, t2, t3)")
    return frozenset(Tolerance(n) for n in names if n in known)


def _challenge_format(item: Item) -> str | None:
    input_format = item.optional_text("format")
    if input_format is not None and input_format not in INPUT_FORMATS:
        listed = ", ".join(sorted(INPUT_FORMATS))
        item.error("format", f"« {input_format} » n'est pas un format permis ({listed})")
    return input_format
