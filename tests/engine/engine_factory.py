"""Tiny hand-built content documents for the engine tests (valid unless a test breaks them)."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from engine.content import Referential, referential_from_data

TUTORIAL = {
    "id": "tu-1",
    "title": "Chercher sur le web",
    "link": "https://example.org/chercher",
    "source": "Lumni",
    "format": "vidéo",
    "duration": "00:03:31",
    "locale": "fr-fr",
}


def skill(tube: str, difficulty: int, **extra: Any) -> dict[str, Any]:
    return {
        "id": f"{tube}{difficulty}",
        "name": f"{tube}{difficulty}",
        "tube_id": tube,
        "difficulty": difficulty,
        "status": "actif",
        "hint": "Un indice.",
        "tutorial_ids": ["tu-1"],
        "learning_more_tutorial_ids": [],
        **extra,
    }


def challenge(skill_id: str, suffix: str = "a", **extra: Any) -> dict[str, Any]:
    """A QCU by default; ``extra`` overrides any field."""
    return {
        "id": f"ch-{skill_id.lstrip('@')}-{suffix}",
        "skill_id": skill_id,
        "type": "QCU",
        "status": "validé",
        "locales": ["fr-fr"],
        "instruction": "Quelle est la bonne réponse ?",
        "proposals": "- un\n- deux\n- trois",
        "solution": "2",
        "tolerances": [],
        "format": None,
        "timer": None,
        "illustration_url": None,
        "illustration_alt": None,
        "embed_url": None,
        **extra,
    }


def tube(name: str, competence: str = "1.1") -> dict[str, Any]:
    return {
        "id": name,
        "name": name,
        "competence_id": competence,
        "practical_title": f"Sujet {name}",
        "practical_description": "Description.",
    }


def document(
    tubes: dict[str, Iterable[int]] | None = None,
    *,
    competences: Iterable[str] = ("1.1", "1.2"),
    tube_competence: dict[str, str] | None = None,
) -> dict[str, Any]:
    """A valid document: area 1, its competences, the given tubes (name → difficulties) each
    skill with one QCU challenge, one tutorial, a profile ``tp-all`` on every tube at level 8."""
    tubes = tubes if tubes is not None else {"@recherche": range(1, 6), "@source": range(1, 4)}
    tube_competence = tube_competence or {}
    skills = [skill(name, d) for name, levels in tubes.items() for d in levels]
    return {
        "format": "orga-content/1",
        "release": "test-1",
        "areas": [{"id": "1", "code": "1", "title": "Information et données", "color": "jaffa"}],
        "competences": [
            {
                "id": index,
                "index": index,
                "area_id": "1",
                "name": f"Compétence {index}",
                "description": "Description.",
            }
            for index in competences
        ],
        "tubes": [tube(name, tube_competence.get(name, "1.1")) for name in tubes],
        "skills": skills,
        "challenges": [challenge(s["id"]) for s in skills],
        "tutorials": [copy.deepcopy(TUTORIAL)],
        "target_profiles": [
            {
                "id": "tp-all",
                "name": "Tout",
                "description": "Tous les sujets.",
                "category": "CUSTOM",
                "tubes": [{"tube_id": name, "level": 8} for name in tubes],
            }
        ],
    }


def build(data: dict[str, Any] | None = None) -> Referential:
    return referential_from_data(data if data is not None else document())


def find(items: list[dict[str, Any]], item_id: str) -> dict[str, Any]:
    return next(item for item in items if item["id"] == item_id)
