"""The bank shipped in engine/content/: loads, and has what issue 3 asks for."""

from __future__ import annotations

from collections import Counter

import pytest

from engine.content import ChallengeType, bundled_referential
from engine.referential import NUMBER_FORMAT

COMPETENCES = {
    "1.1": "Mener une recherche et une veille d'information",
    "1.2": "Gérer des données",
    "1.3": "Traiter des données",
    "2.1": "Interagir",
    "2.2": "Partager et publier",
    "2.3": "Collaborer",
    "2.4": "S'insérer dans le monde numérique",
    "3.1": "Développer des documents textuels",
    "3.2": "Développer des documents multimédia",
    "3.3": "Adapter les documents à leur finalité",
    "3.4": "Programmer",
    "4.1": "Sécuriser l'environnement numérique",
    "4.2": "Protéger les données personnelles et la vie privée",
    "4.3": "Protéger la santé, le bien-être et l'environnement",
    "5.1": "Résoudre des problèmes techniques",
    "5.2": "Construire un environnement numérique",
}
AREAS = {
    "1": ("Information et données", "jaffa"),
    "2": ("Communication et collaboration", "emerald"),
    "3": ("Création de contenu", "cerulean"),
    "4": ("Protection et sécurité", "wild-strawberry"),
    "5": ("Environnement numérique", "butterfly-bush"),
}


@pytest.fixture(scope="module")
def bank():  # type: ignore[no-untyped-def]
    return bundled_referential()


def test_bundled_referential_is_loaded_once(bank) -> None:  # type: ignore[no-untyped-def]
    assert bundled_referential() is bank
    assert bank.release


def test_areas_and_competences(bank) -> None:  # type: ignore[no-untyped-def]
    assert {a.code: (a.title, a.color) for a in bank.areas.values()} == AREAS
    assert {c.index: c.name for c in bank.competences.values()} == COMPETENCES
    assert all(c.description.strip() for c in bank.competences.values())


def test_each_competence_has_tubes_and_skills_over_levels_1_to_6(bank) -> None:  # type: ignore[no-untyped-def]
    for competence in bank.competences.values():
        tubes = bank.competence_tubes(competence.id)
        skills = [s for t in tubes for s in bank.tube_skills(t.id)]
        assert len(tubes) >= 2, competence.index
        assert len(skills) >= 8, competence.index
        assert {s.difficulty for s in skills} >= set(range(1, 7)), competence.index


def test_competence_1_1_is_the_richest(bank) -> None:  # type: ignore[no-untyped-def]
    tubes = bank.competence_tubes("1.1")
    assert len(tubes) >= 4
    assert sum(len(bank.tube_skills(t.id)) for t in tubes) >= 20


def test_sizes_and_variety(bank) -> None:  # type: ignore[no-untyped-def]
    challenges = list(bank.challenges.values())
    types = Counter(c.type for c in challenges)

    assert len(bank.skills) >= 150
    assert len(challenges) >= 200
    assert set(types) == set(ChallengeType)
    assert any(c.type == ChallengeType.QROC and c.format == NUMBER_FORMAT for c in challenges)
    assert sum(1 for c in challenges if c.is_timed) >= 10


def test_every_skill_has_a_hint_a_tutorial_and_a_playable_challenge(bank) -> None:  # type: ignore[no-untyped-def]
    for skill in bank.skills.values():
        assert skill.hint.strip(), skill.id
        assert skill.tutorial_ids, skill.id
        assert any(c.is_playable for c in bank.skill_challenges(skill.id)), skill.id


def test_built_in_profiles(bank) -> None:  # type: ignore[no-untyped-def]
    for index, name in COMPETENCES.items():
        profile = bank.target_profiles[f"tp-{index}"]
        assert profile.name == f"{index} {name}"
        tube_ids = {t.id for t in bank.competence_tubes(index)}
        assert dict(profile.tubes) == dict.fromkeys(tube_ids, 8)
    everything = bank.target_profiles["tp-16"]
    assert everything.name == "Les 16 compétences"
    assert set(bank.target_profile_skill_ids(everything)) == {
        s.id for s in bank.skills.values() if s.is_active
    }
