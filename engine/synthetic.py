"""Synthetic referentials, shaped like the bundled bank, for simulations and benchmarks.

They go through the same validating loader as real content (``referential_from_data``), so a
synthetic bank is a valid bank: five areas, competences ``A.B``, tubes whose skills are
``@<tube><difficulty>``, challenges of the five types with real solutions, a target profile per
competence (``tp-<index>``) and one for everything (``tp-16``).
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence

from engine.content import referential_from_data
from engine.referential import Referential

#: The 16 competences of the framework, by area code.
COMPETENCE_INDEXES: Mapping[str, tuple[str, ...]] = {
    "1": ("1.1", "1.2", "1.3"),
    "2": ("2.1", "2.2", "2.3", "2.4"),
    "3": ("3.1", "3.2", "3.3", "3.4"),
    "4": ("4.1", "4.2", "4.3"),
    "5": ("5.1", "5.2"),
}
_COLORS = ("jaffa", "emerald", "cerulean", "wild-strawberry", "butterfly-bush")
#: Like the bundled bank: two tubes up to level 6 per competence, four tubes in 1.1.
DEFAULT_TUBE_LEVELS: Sequence[int] = (6, 6)
DEFAULT_TUBE_LEVELS_1_1: Sequence[int] = (6, 6, 5, 4)


def _challenge(
    challenge_id: str, skill_id: str, kind: int, timed: bool, rng: random.Random
) -> dict[str, object]:
    base: dict[str, object] = {
        "id": challenge_id,
        "skill_id": skill_id,
        "status": "validé" if rng.random() < 0.9 else "archivé",
        "locales": ["fr-fr"],
        "instruction": f"Consigne de l'épreuve {challenge_id}.",
        "timer": 60 if timed else None,
    }
    if kind == 0:
        return base | {
            "type": "QCU",
            "proposals": "- oui\n- non\n- peut-être\n- je ne sais pas",
            "solution": str(rng.randint(1, 4)),
        }
    if kind == 1:
        return base | {"type": "QCM", "proposals": "- a\n- b\n- c\n- d", "solution": "1,3"}
    if kind == 2:
        return base | {
            "type": "QROC",
            "proposals": "Réponse : ${reponse}",
            "solution": "Wikipédia\nwikipedia",
            "tolerances": ["t1", "t2", "t3"],
        }
    if kind == 3:
        return base | {
            "type": "QROCM-ind",
            "proposals": "Nom : ${nom}\nAnnée : ${annee}",
            "solution": "nom:\n- Wikipédia\nannee:\n- 2001",
            "tolerances": ["t1"],
        }
    return base | {
        "type": "QROCM-dep",
        "proposals": "${c1} ${c2}",
        "solution": "p1:\n- rouge\np2:\n- vert\np3:\n- bleu",
        "tolerances": ["t1", "t2"],
    }


def synthetic_referential(
    *,
    tube_levels: Sequence[int] = DEFAULT_TUBE_LEVELS,
    tube_levels_1_1: Sequence[int] = DEFAULT_TUBE_LEVELS_1_1,
    challenges_per_skill: int = 2,
    challenge_count: int | None = None,
    timed_share: float = 0.05,
    seed: int = 0,
) -> Referential:
    """A valid referential of the 16 competences; each tube ``i`` of a competence has the
    skills of difficulty 1..``tube_levels[i]`` (``tube_levels_1_1`` for competence 1.1).

    ``challenge_count``, when given, spreads exactly that many challenges over the skills
    instead of ``challenges_per_skill`` each.
    """
    rng = random.Random(seed)
    areas, competences, tubes, skills = [], [], [], []
    tutorials = [
        {
            "id": "tu-synthetique",
            "title": "Tutoriel",
            "link": "https://example.org/tutoriel",
            "source": "Orga",
            "format": "page",
            "duration": "00:02:00",
            "locale": "fr-fr",
        }
    ]
    for position, (code, indexes) in enumerate(COMPETENCE_INDEXES.items()):
        areas.append(
            {"id": code, "code": code, "title": f"Domaine {code}", "color": _COLORS[position]}
        )
        for index in indexes:
            competences.append(
                {
                    "id": index,
                    "index": index,
                    "area_id": code,
                    "name": f"Compétence {index}",
                    "description": f"Description de la compétence {index}.",
                }
            )
            levels = tube_levels_1_1 if index == "1.1" else tube_levels
            for number, top in enumerate(levels, start=1):
                tube = f"@t{index.replace('.', '_')}x{number}"
                tubes.append(
                    {
                        "id": tube,
                        "name": tube,
                        "competence_id": index,
                        "practical_title": f"Sujet {tube}",
                        "practical_description": f"Description du sujet {tube}.",
                    }
                )
                for difficulty in range(1, top + 1):
                    skills.append(
                        {
                            "id": f"{tube}{difficulty}",
                            "name": f"{tube}{difficulty}",
                            "tube_id": tube,
                            "difficulty": difficulty,
                            "status": "actif",
                            "hint": "Un indice.",
                            "tutorial_ids": ["tu-synthetique"],
                        }
                    )
    if challenge_count is None:
        counts = [challenges_per_skill] * len(skills)
    else:
        share, extra = divmod(challenge_count, len(skills))
        counts = [share + (i < extra) for i in range(len(skills))]
    challenges = []
    for skill, count in zip(skills, counts, strict=True):
        for number in range(count):
            challenge_id = f"ch-{str(skill['id']).lstrip('@')}-{number}"
            timed = rng.random() < timed_share
            challenges.append(
                _challenge(challenge_id, str(skill["id"]), rng.randrange(5), timed, rng)
            )
    all_indexes = [index for indexes in COMPETENCE_INDEXES.values() for index in indexes]
    profiles = [
        {
            "id": f"tp-{index}",
            "name": f"{index} Compétence {index}",
            "description": "Tous les sujets de la compétence.",
            "category": "COMPETENCES",
            "competence_ids": [index],
            "level": 8,
        }
        for index in all_indexes
    ]
    profiles.append(
        {
            "id": "tp-16",
            "name": "Les 16 compétences",
            "description": "Toutes les compétences.",
            "category": "COMPETENCES",
            "competence_ids": all_indexes,
            "level": 8,
        }
    )
    return referential_from_data(
        {
            "format": "orga-content/1",
            "release": f"synthetique-{seed}",
            "areas": areas,
            "competences": competences,
            "tubes": tubes,
            "skills": skills,
            "challenges": challenges,
            "tutorials": tutorials,
            "target_profiles": profiles,
        },
        source="synthetique.json",
    )
