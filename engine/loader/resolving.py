"""Second pass over a bundle: references across files, names, pix values, target profiles."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from engine.loader.fields import Item
from engine.loader.reading import Bundle, ProfileDraft
from engine.referential import Referential, Skill, TargetProfile, Tube
from engine.types import CompetenceId, SkillId, TargetProfileId, TubeId


def resolve(bundle: Bundle, where: str) -> Referential | None:
    """The referential, or None when the bundle has any issue (listed in ``bundle.issues``)."""
    if bundle.release is None:
        bundle.add_issue(where, "aucune version (« release ») n'est indiquée")
    for section in ("areas", "competences", "tubes", "skills", "challenges"):
        if not bundle.known[section]:
            bundle.add_issue(where, f"la section « {section} » est vide ou absente")
    _resolve_competences(bundle)
    _resolve_tubes(bundle)
    skills = _resolve_skills(bundle)
    _resolve_challenges(bundle)
    _resolve_item_parameters(bundle)
    profiles = _resolve_profiles(bundle, skills)
    if bundle.issues:
        return None
    return Referential(
        release=bundle.release or "",
        areas={key: area for key, (area, _) in bundle.areas.items()},
        competences={key: c for key, (c, _) in bundle.competences.items()},
        tubes={key: tube for key, (tube, _) in bundle.tubes.items()},
        skills=skills,
        challenges={key: c for key, (c, _) in bundle.challenges.items()},
        tutorials={key: t for key, (t, _) in bundle.tutorials.items()},
        target_profiles=profiles,
        item_parameters={key: p for key, (p, _) in bundle.item_parameters.items()},
    )


def _missing(bundle: Bundle, section: str, key: str) -> bool:
    """True when ``key`` is unknown in ``section`` (known-but-invalid counts as known)."""
    return key not in bundle.known[section]


def _resolve_competences(bundle: Bundle) -> None:
    codes: dict[str, str] = {}
    for area, item in bundle.areas.values():
        if area.code in codes:
            item.error("code", f"code déjà utilisé par le domaine « {codes[area.code]} »")
        codes[area.code] = area.id
    indexes: dict[str, str] = {}
    for competence, item in bundle.competences.values():
        if competence.index in indexes:
            item.error(
                "index", f"index déjà utilisé par la compétence « {indexes[competence.index]} »"
            )
        indexes[competence.index] = competence.id
        found = bundle.areas.get(competence.area_id)
        if found is None:
            if _missing(bundle, "areas", competence.area_id):
                item.error("area_id", f"le domaine « {competence.area_id} » n'existe pas")
            continue
        area_code = competence.index.split(".", 1)[0]
        if area_code != found[0].code:
            item.error(
                "index",
                f"l'index « {competence.index} » ne commence pas par le code "
                f"« {found[0].code} » de son domaine",
            )


def _resolve_tubes(bundle: Bundle) -> None:
    names: dict[str, str] = {}
    for tube, item in bundle.tubes.values():
        if tube.name in names:
            item.error("name", f"nom déjà utilisé par le sujet « {names[tube.name]} »")
        names[tube.name] = tube.id
        if tube.competence_id not in bundle.competences and _missing(
            bundle, "competences", tube.competence_id
        ):
            item.error("competence_id", f"la compétence « {tube.competence_id} » n'existe pas")


def _resolve_skills(bundle: Bundle) -> dict[SkillId, Skill]:
    names: dict[str, str] = {}
    resolved: dict[SkillId, Skill] = {}
    for skill, item in bundle.skills.values():
        if skill.name in names:
            item.error("name", f"nom déjà utilisé par l'acquis « {names[skill.name]} »")
        names[skill.name] = skill.id
        for field_name, tutorial_ids in (
            ("tutorial_ids", skill.tutorial_ids),
            ("learning_more_tutorial_ids", skill.learning_more_tutorial_ids),
        ):
            for tutorial_id in tutorial_ids:
                if _missing(bundle, "tutorials", tutorial_id):
                    item.error(field_name, f"le tutoriel « {tutorial_id} » n'existe pas")
        found = bundle.tubes.get(skill.tube_id)
        if found is None:
            if _missing(bundle, "tubes", skill.tube_id):
                item.error("tube_id", f"le sujet « {skill.tube_id} » n'existe pas")
            continue
        tube = found[0]
        expected = f"{tube.name}{skill.difficulty}"
        if skill.name != expected:
            item.error(
                "name",
                f"« {skill.name} » devrait être « {expected} » "
                "(nom du sujet suivi de la difficulté)",
            )
        resolved[skill.id] = replace(skill, competence_id=tube.competence_id)
    # pix-domain §3.1: only active skills count; 8 pix per level and competence, shared
    # between the level's skills, at most 4 each.
    actives: dict[tuple[CompetenceId, int], int] = {}
    for skill in resolved.values():
        if skill.is_active:
            key = (skill.competence_id, skill.difficulty)
            actives[key] = actives.get(key, 0) + 1
    for skill_id, skill in resolved.items():
        if skill.is_active:
            count = actives[(skill.competence_id, skill.difficulty)]
            resolved[skill_id] = replace(skill, pix_value=min(4.0, 8 / count))
    return resolved


def _resolve_challenges(bundle: Bundle) -> None:
    for challenge, item in bundle.challenges.values():
        if challenge.skill_id not in bundle.skills and _missing(
            bundle, "skills", challenge.skill_id
        ):
            item.error("skill_id", f"l'acquis « {challenge.skill_id} » n'existe pas")


def _profile_caps(
    bundle: Bundle,
    draft: ProfileDraft,
    item: Item,
    tubes_by_competence: Mapping[str, list[Tube]],
) -> list[tuple[TubeId, int]]:
    """A profile's (tube, max level) pairs: its tubes, then every tube of its competences;
    unknown ones are reported on ``item`` and left out."""
    caps: list[tuple[TubeId, int]] = []
    for tube_id, level in draft.tubes or ():
        if tube_id in bundle.tubes:
            caps.append((TubeId(tube_id), level))
        elif _missing(bundle, "tubes", tube_id):
            item.error("tubes", f"le sujet « {tube_id} » n'existe pas")
    for competence_id in draft.competence_ids or ():
        if competence_id in bundle.competences:
            caps.extend((t.id, draft.level) for t in tubes_by_competence.get(competence_id, ()))
        elif _missing(bundle, "competences", competence_id):
            item.error("competence_ids", f"la compétence « {competence_id} » n'existe pas")
    return caps


def _resolve_item_parameters(bundle: Bundle) -> None:
    for challenge_id, (_, item) in bundle.item_parameters.items():
        if _missing(bundle, "challenges", challenge_id):
            item.error("id", f"l'épreuve « {challenge_id} » n'existe pas")


def _resolve_profiles(
    bundle: Bundle, skills: Mapping[SkillId, Skill]
) -> dict[TargetProfileId, TargetProfile]:
    tubes_by_competence: dict[str, list[Tube]] = {}
    for tube, _ in bundle.tubes.values():
        tubes_by_competence.setdefault(tube.competence_id, []).append(tube)
    result: dict[TargetProfileId, TargetProfile] = {}
    for draft, item in bundle.profiles.values():
        caps = _profile_caps(bundle, draft, item, tubes_by_competence)
        levels = dict(caps)
        targeted = any(
            skill.is_active and skill.difficulty <= levels.get(skill.tube_id, 0)
            for skill in skills.values()
        )
        # Only meaningful once every skill is valid (invalid ones are left out of `skills`).
        if item.valid and not targeted and not bundle.issues:
            item.error(None, "le profil ne cible aucun acquis actif")
        result[draft.profile.id] = replace(draft.profile, tubes=tuple(caps))
    return result
