"""The content loader: a valid bundle becomes an immutable index; any defect refuses it all."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from engine_factory import build, challenge, document, find, skill

from engine.content import (
    ChallengeType,
    ContentError,
    SkillStatus,
    TargetProfileCategory,
    Tolerance,
    load_referential,
    referential_from_data,
)


def issues_of(data: Any) -> list[str]:
    with pytest.raises(ContentError) as raised:
        referential_from_data(data)
    return [str(issue) for issue in raised.value.issues]


# --- a valid bundle --------------------------------------------------------------------------


def test_valid_document_is_indexed_by_id() -> None:
    referential = build()

    assert referential.release == "test-1"
    assert list(referential.areas) == ["1"]
    assert referential.areas["1"].name == "1. Information et données"
    assert referential.competences["1.1"].full_name == "1.1 Compétence 1.1"
    assert referential.skills["@recherche3"].competence_id == "1.1"
    assert referential.challenges["ch-recherche3-a"].type is ChallengeType.QCU
    assert referential.tutorials["tu-1"].duration == "00:03:31"


def test_index_is_immutable() -> None:
    referential = build()

    with pytest.raises(TypeError):
        referential.skills["@x1"] = referential.skills["@recherche1"]  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        referential.skills["@recherche1"].difficulty = 3  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        referential.release = "autre"  # type: ignore[misc]


def test_tube_skills_are_sorted_by_difficulty_whatever_the_file_order() -> None:
    data = document({"@recherche": [4, 1, 3, 2]})

    referential = build(data)

    assert [s.difficulty for s in referential.tube_skills("@recherche")] == [1, 2, 3, 4]
    assert referential.tube_skills("@inconnu") == ()


def test_reverse_indexes() -> None:
    data = document(
        {"@recherche": [1, 2], "@veille": [1]},
        tube_competence={"@veille": "1.2"},
    )
    data["challenges"].append(challenge("@recherche1", "b"))

    referential = build(data)

    assert [t.id for t in referential.competence_tubes("1.1")] == ["@recherche"]
    assert [c.id for c in referential.area_competences("1")] == ["1.1", "1.2"]
    assert [c.id for c in referential.skill_challenges("@recherche1")] == [
        "ch-recherche1-a",
        "ch-recherche1-b",
    ]


def test_pix_value_shares_eight_pix_per_level_among_active_skills() -> None:
    data = document(
        {"@a": [1, 2, 3], "@b": [2, 3], "@c": [3, 4]},
        tube_competence={"@c": "1.1"},
    )
    find(data["skills"], "@a1")["status"] = "actif"
    data["skills"].append(skill("@b", 4, status="archivé"))
    data["challenges"].append(challenge("@b4"))

    referential = build(data)

    pix = {s.id: s.pix_value for s in referential.skills.values()}
    assert pix["@a1"] == 4  # alone at level 1: min(4, 8/1)
    assert pix["@a2"] == pix["@b2"] == 4  # two at level 2
    assert pix["@a3"] == pytest.approx(8 / 3)  # three at level 3
    assert pix["@c4"] == 4  # the archived @b4 does not count
    assert pix["@b4"] == 0
    assert referential.skills["@b4"].status is SkillStatus.ARCHIVED


def test_pix_values_are_per_competence() -> None:
    data = document({"@a": [1], "@b": [1]}, tube_competence={"@b": "1.2"})

    referential = build(data)

    assert referential.skills["@a1"].pix_value == referential.skills["@b1"].pix_value == 4


def test_target_profile_skills_are_active_skills_up_to_the_level() -> None:
    data = document({"@a": [1, 2, 3, 4], "@b": [1, 2]})
    data["skills"].append(skill("@b", 3, status="archivé"))
    data["challenges"].append(challenge("@b3"))
    data["target_profiles"].append(
        {
            "id": "tp-cap",
            "name": "Plafonné",
            "description": "…",
            "category": "SUBJECT",
            "tubes": [{"tube_id": "@a", "level": 2}, {"tube_id": "@b", "level": 8}],
        }
    )

    referential = build(data)

    assert referential.target_profile_skill_ids("tp-cap") == ("@a1", "@a2", "@b1", "@b2")
    profile = referential.target_profiles["tp-cap"]
    assert referential.target_profile_skill_ids(profile) == ("@a1", "@a2", "@b1", "@b2")
    assert profile.category is TargetProfileCategory.SUBJECT


def test_skills_of_tubes_skips_unknown_tubes_and_duplicates() -> None:
    referential = build()

    assert referential.skills_of_tubes([("@retire", 8), ("@source", 2), ("@source", 3)]) == (
        "@source1",
        "@source2",
        "@source3",
    )


def test_shorthand_profile_targets_every_tube_of_its_competences() -> None:
    data = document({"@a": [1, 2, 3], "@b": [1, 2], "@c": [1]}, tube_competence={"@c": "1.2"})
    data["target_profiles"].append(
        {
            "id": "tp-1.1",
            "name": "1.1",
            "description": "…",
            "category": "COMPETENCES",
            "competence_ids": ["1.1"],
            "level": 2,
        }
    )

    referential = build(data)

    assert referential.target_profiles["tp-1.1"].tubes == (("@a", 2), ("@b", 2))
    assert referential.target_profile_skill_ids("tp-1.1") == ("@a1", "@a2", "@b1", "@b2")


def test_challenge_fields() -> None:
    data = document({"@a": [1]})
    data["challenges"] = [
        challenge(
            "@a1",
            type="QROCM-ind",
            proposals="Nom : ${nom#Wikipédia}\nAnnée : ${annee§année}",
            solution="nom:\n- Wikipédia\nannee:\n- 2001",
            tolerances=["t2", "t1"],
            timer=60,
            illustration_url="https://example.org/image.png",
            illustration_alt="Une image",
        )
    ]

    found = build(data).challenges["ch-a1-a"]

    assert found.is_timed and found.timer == 60
    assert found.tolerances == frozenset({Tolerance.T1, Tolerance.T2})
    assert found.input_keys == ("nom", "annee")
    assert found.choices == ()


def test_directory_bundle_merges_its_files(tmp_path: Path) -> None:
    data = document()
    (tmp_path / "competences").mkdir()
    head = {k: data[k] for k in ("format", "release", "areas", "competences", "target_profiles")}
    body = {k: data[k] for k in ("format", "release", "tubes", "skills", "challenges", "tutorials")}
    (tmp_path / "referential.json").write_text(json.dumps(head), encoding="utf-8")
    (tmp_path / "competences" / "1.1.json").write_text(json.dumps(body), encoding="utf-8")

    referential = load_referential(tmp_path)

    assert len(referential.skills) == 8
    assert load_referential(str(tmp_path)).release == "test-1"


# --- defects -------------------------------------------------------------------------------


def test_qcu_index_beyond_proposals_says_where() -> None:
    data = document({"@recherche": [2]})
    data["challenges"] = [challenge("@recherche2", solution="5", proposals="- a\n- b\n- c\n- d")]

    assert issues_of(data) == [
        "contenu.json › challenges › ch-recherche2-a › solution : "
        "l'indice 5 dépasse les 4 propositions"
    ]


def test_every_defect_is_reported_at_once() -> None:
    data = document({"@recherche": [1, 2]})
    find(data["skills"], "@recherche1")["difficulty"] = 9
    find(data["skills"], "@recherche2")["tutorial_ids"] = ["tu-absent"]
    data["tutorials"][0]["link"] = "http://example.org"
    data["tutorials"][0]["duration"] = "3:31"
    data["areas"][0]["color"] = "rouge"

    issues = issues_of(data)

    assert len(issues) == 5
    assert any(
        "skills › @recherche1 › difficulty : 9 n'est pas compris entre 1 et 8" in i for i in issues
    )
    assert any(
        "@recherche2 › tutorial_ids : le tutoriel « tu-absent » n'existe pas" in i for i in issues
    )
    assert any("tutorials › tu-1 › link" in i and "https://" in i for i in issues)
    assert any(
        "tutorials › tu-1 › duration : « 3:31 » n'est pas une durée HH:MM:SS" in i for i in issues
    )
    assert any("areas › 1 › color" in i for i in issues)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["skills"].append(dict(d["skills"][0])), "identifiant déjà utilisé"),
        (lambda d: d["skills"][0].update(name="@autre1"), "devrait être « @recherche1 »"),
        (lambda d: d["skills"][0].update(tube_id="@absent"), "le sujet « @absent » n'existe pas"),
        (lambda d: d["skills"][0].update(hint=""), "hint : ne doit pas être vide"),
        (lambda d: d["skills"][0].update(tutorial_ids=[]), "au moins un élément"),
        (lambda d: d["skills"][0].update(status="périmé"), "n'est pas une valeur permise"),
        (lambda d: d["skills"][0].update(difficulty=True), "nombre entier de 1 à 8"),
        (lambda d: d["skills"][0].update(extra=1), "extra : champ inconnu"),
        (lambda d: d["skills"][0].pop("hint"), "hint : champ obligatoire manquant"),
        (lambda d: d["challenges"][0].update(skill_id="@absent1"), "l'acquis « @absent1 »"),
        (lambda d: d["challenges"][0].update(locales=[]), "au moins un élément"),
        (lambda d: d["challenges"][0].update(locales=["français"]), "n'est pas une langue"),
        (lambda d: d["challenges"][0].update(type="QCX"), "type : « QCX »"),
        (lambda d: d["challenges"][0].update(status="brouillon"), "status : « brouillon »"),
        (lambda d: d["challenges"][0].update(timer=0), "timer : 0 n'est pas compris"),
        (lambda d: d["challenges"][0].update(tolerances=["t4"]), "« t4 » n'est pas une tolérance"),
        (lambda d: d["challenges"][0].update(format="nombre"), "ne s'applique qu'aux QROC"),
        (lambda d: d["challenges"][0].update(embed_url="ftp://x"), "n'est pas une adresse https"),
        (
            lambda d: d["challenges"][0].update(illustration_url="https://example.org/i.png"),
            "texte alternatif",
        ),
        (lambda d: d["tubes"][0].update(competence_id="9.9"), "la compétence « 9.9 »"),
        (lambda d: d["tubes"][0].update(name="recherche"), "commence par @"),
        (lambda d: d["competences"][0].update(area_id="7"), "le domaine « 7 » n'existe pas"),
        (lambda d: d["competences"][0].update(index="2.1"), "ne commence pas par le code « 1 »"),
        (lambda d: d["competences"][1].update(index="1.1"), "index déjà utilisé"),
        (lambda d: d["competences"][0].update(index="1-1"), "n'est pas un index de compétence"),
        (lambda d: d["areas"][0].update(code="A"), "n'est pas un numéro de domaine"),
        (lambda d: d["tutorials"][0].update(locale="FR"), "n'est pas une langue"),
        (lambda d: d["tutorials"][0].update(duration="00:61:00"), "HH:MM:SS"),
        (lambda d: d["target_profiles"][0].update(category="AUTRE"), "category : « AUTRE »"),
        (lambda d: d["target_profiles"][0].update(level=3), "pas les deux"),
        (
            lambda d: d["target_profiles"][0].update(tubes=[{"tube_id": "@absent", "level": 2}]),
            "le sujet « @absent » n'existe pas",
        ),
        (
            lambda d: d["target_profiles"][0].update(tubes=[{"tube_id": "@source", "level": 0}]),
            "0 n'est pas compris entre 1 et 8",
        ),
        (
            lambda d: (
                d["target_profiles"][0].update(tubes=None, competence_ids=["1.2"], level=8)
                or d["target_profiles"][0].pop("tubes")
            ),
            "tp-all : le profil ne cible aucun acquis actif",
        ),
        (lambda d: d.update(challenges=[]), "la section « challenges » est vide ou absente"),
        (lambda d: d.update(release=""), "release : doit être un texte non vide"),
        (lambda d: d.pop("release"), "aucune version"),
        (lambda d: d.update(format="orga-content/2"), "format « orga-content/2 » inconnu"),
        (lambda d: d.update(skils=[]), "skils : section inconnue"),
        (lambda d: d.update(skills={}), "skills : doit être une liste"),
        (lambda d: d["skills"].append("@x1"), "skills › #9 : doit être un objet"),
        (lambda d: d["skills"].append({"name": "@x1"}), "#9 › id : identifiant manquant"),
    ],
)
def test_each_rule_refuses_the_bundle(change: Any, expected: str) -> None:
    data = document()
    change(data)

    issues = issues_of(data)

    assert any(expected in issue for issue in issues), issues


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"type": "QCU", "solution": "0"}, "« 0 » n'est pas un numéro de proposition"),
        ({"type": "QCU", "solution": "2 "}, "« 2  » n'est pas un numéro"),
        ({"type": "QCU", "solution": "1,2"}, "une QCU n'a qu'une bonne réponse"),
        ({"type": "QCU", "proposals": "- seule"}, "au moins 2 propositions"),
        ({"type": "QCU", "proposals": "- a\n* b"}, "la proposition 2 doit commencer par « - »"),
        ({"type": "QCM", "solution": "1,4"}, "l'indice 4 dépasse les 3 propositions"),
        ({"type": "QCM", "solution": "1,1"}, "l'indice 1 est répété"),
        ({"type": "QCM", "solution": "1;2"}, "« 1;2 » n'est pas un numéro"),
        (
            {"type": "QROC", "proposals": "${a} et ${b}", "solution": "x"},
            "une QROC a exactement un champ ${…} (trouvé 2)",
        ),
        ({"type": "QROC", "proposals": "${a}", "solution": "\n\n"}, "au moins une réponse"),
        (
            {"type": "QROC", "proposals": "${a}", "solution": "douze", "format": "nombre"},
            "« douze » n'est pas un nombre",
        ),
        (
            {"type": "QROC", "proposals": "${a}", "solution": "?!", "tolerances": ["t2"]},
            "devient vide avec les tolérances",
        ),
        ({"type": "QROC", "proposals": "${a b}", "solution": "x"}, "n'a pas un nom valide"),
        (
            {"type": "QROCM-ind", "proposals": "${a} ${b}", "solution": "a:\n- x\nc:\n- y"},
            "le champ ${b} n'a pas de réponse acceptée",
        ),
        (
            {"type": "QROCM-ind", "proposals": "${a} ${b}", "solution": "a:\n- x\nc:\n- y"},
            "la clé « c » ne correspond à aucun champ ${c}",
        ),
        (
            {"type": "QROCM-ind", "proposals": "${a}", "solution": "a: x"},
            "doit être suivie d'une liste",
        ),
        ({"type": "QROCM-ind", "proposals": "${a}", "solution": "a:\n- x\n  - y: ["}, "YAML"),
        ({"type": "QROCM-ind", "proposals": "${a}", "solution": "- a"}, "doit associer"),
        ({"type": "QROCM-ind", "proposals": "${a} ${a}", "solution": "a:\n- x"}, "deux fois"),
        ({"type": "QROCM-ind", "proposals": "rien", "solution": "a:\n- x"}, "au moins un champ"),
        ({"type": "QROCM-ind", "proposals": "${a}", "solution": "a: []"}, "aucune réponse"),
        (
            {"type": "QROCM-dep", "proposals": "${a} ${b} ${c}", "solution": "g1:\n- x\ng2:\n- y"},
            "2 groupe(s) de réponses pour 3 champs",
        ),
    ],
)
def test_solutions_must_fit_their_type(fields: dict[str, Any], expected: str) -> None:
    data = document({"@recherche": [1]})
    data["challenges"] = [challenge("@recherche1", **fields)]

    issues = issues_of(data)

    assert any(expected in issue and "ch-recherche1-a" in issue for issue in issues), issues


def test_valid_solutions_of_every_type_load() -> None:
    data = document({"@recherche": [1]})
    data["challenges"] = [
        challenge("@recherche1", "a", type="QCU", solution="3"),
        challenge("@recherche1", "b", type="QCM", solution="1, 3"),
        challenge(
            "@recherche1", "c", type="QROC", proposals="${n}", solution="3,5", format="nombre"
        ),
        challenge(
            "@recherche1",
            "d",
            type="QROCM-ind",
            proposals="${nom} ${annee}",
            solution="nom:\n- Wikipédia\nannee:\n- '2001'\n- 01",
        ),
        challenge(
            "@recherche1",
            "e",
            type="QROCM-dep",
            proposals="${c1} ${c2}",
            solution="p1:\n- rouge\np2:\n- vert\np3:\n- bleu",
        ),
    ]

    assert len(build(data).challenges) == 5


def test_a_duplicate_across_files_names_the_first_file(tmp_path: Path) -> None:
    data = document()
    (tmp_path / "a.json").write_text(json.dumps(data), encoding="utf-8")
    (tmp_path / "b.json").write_text(
        json.dumps({"tutorials": data["tutorials"], "release": "test-2"}), encoding="utf-8"
    )

    with pytest.raises(ContentError) as raised:
        load_referential(tmp_path)

    issues = [str(issue) for issue in raised.value.issues]
    assert (
        "b.json › tutorials › tu-1 › id : identifiant déjà utilisé (a.json › tutorials › tu-1)"
        in issues
    )
    assert "b.json › release : version « test-2 » différente de « test-1 » (a.json)" in issues


def test_unreadable_files_are_reported(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text('{"areas": [}', encoding="utf-8")
    (tmp_path / "b.json").write_bytes(b"\xff\xfe{}")
    (tmp_path / "c.json").write_text('{"release": "1", "release": "2"}', encoding="utf-8")

    with pytest.raises(ContentError) as raised:
        load_referential(tmp_path)

    issues = [str(issue) for issue in raised.value.issues]
    assert issues[0].startswith("a.json : JSON invalide ligne 1, colonne 12")
    assert issues[1] == "b.json : le fichier n'est pas encodé en UTF-8"
    assert issues[2] == "c.json : la clé « release » est répétée dans un même objet"


def test_missing_path_and_empty_directory(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="introuvable"):
        load_referential(tmp_path / "absent.json")
    with pytest.raises(ContentError, match=r"aucun fichier \.json"):
        load_referential(tmp_path)


def test_not_an_object() -> None:
    assert "contenu.json : le document doit être un objet JSON { … }" in issues_of([])


def test_content_error_message_lists_the_issues() -> None:
    data = document()
    data["areas"][0]["color"] = "rouge"

    with pytest.raises(ContentError) as raised:
        referential_from_data(data)

    assert str(raised.value).startswith("contenu refusé : 1 défaut\n")
    assert raised.value.issues[0].location == "contenu.json › areas › 1 › color"


def test_references_to_invalid_items_do_not_pile_up() -> None:
    data = document({"@recherche": [1]})
    data["skills"][0]["hint"] = ""  # invalid skill: its challenge must not add an issue

    assert len(issues_of(data)) == 1
