"""``orga content validate`` and ``orga simulate``, through the real command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from engine_factory import challenge, document

from engine.content import BUNDLED_CONTENT_DIR
from web.cli import main


def write(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_validate_a_valid_file_prints_a_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = write(tmp_path / "contenu.json", document())

    assert main(["content", "validate", str(file)]) == 0

    out = capsys.readouterr().out
    assert out.startswith(f"Contenu valide : {file} (version test-1)")
    assert "acquis" in out and "8" in out
    assert "épreuves" in out and "QCU 8" in out


def test_validate_lists_every_defect_and_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = document({"@recherche": [2]})
    data["challenges"] = [challenge("@recherche2", solution="5", proposals="- a\n- b\n- c\n- d")]
    data["tutorials"][0]["duration"] = "3 min"
    (tmp_path / "competences").mkdir()
    write(tmp_path / "competences" / "1.1.json", data)

    assert main(["content", "validate", str(tmp_path)]) == 1

    lines = capsys.readouterr().out.splitlines()
    assert (
        "competences/1.1.json › challenges › ch-recherche2-a › solution : "
        "l'indice 5 dépasse les 4 propositions" in lines
    )
    assert (
        "competences/1.1.json › tutorials › tu-1 › duration : "
        "« 3 min » n'est pas une durée HH:MM:SS" in lines
    )
    assert lines[-1] == "2 défauts : contenu refusé."


def test_validate_the_bundled_bank(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["content", "validate", str(BUNDLED_CONTENT_DIR)])

    out = capsys.readouterr().out
    assert code == 0, out
    assert "compétences        16" in out


def test_content_without_action_shows_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["content"]) == 2
    assert "validate" in capsys.readouterr().out


def test_simulate_prints_a_table_and_a_progress_bar(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["simulate", "--synthetic", "--profile", "tp-1.1", "--pupils", "5", "--seed", "2"])

    captured = capsys.readouterr()
    assert code == 0
    assert "Simulation du profil tp-1.1" in captured.out
    assert "questions posées (moyenne)" in captured.out
    assert "part des acquis du profil posés" in captured.out
    assert "niveau estimé à ±1 du vrai niveau" in captured.out
    assert "temps par sélection, p99" in captured.out and "µs" in captured.out
    assert "\r" in captured.err and "5/5" in captured.err


def test_simulate_the_irt_method_on_the_other_pupil_model(
    capsys: pytest.CaptureFixture[str],
) -> None:
    arguments = ["simulate", "--synthetic", "--profile", "tp-1.1", "--pupils", "5"]
    code = main([*arguments, "--method", "irt", "--pupil-model", "different"])

    captured = capsys.readouterr()
    assert code == 0
    assert "méthode irt, modèle d'élève different" in captured.out
    assert "erreur type finale (moyenne)" in captured.out
    assert "écart absolu moyen (niveaux)" in captured.out
    with pytest.raises(SystemExit) as refused:
        main([*arguments, "--method", "flash"])
    assert refused.value.code == 2


def test_simulate_on_a_content_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = write(tmp_path / "contenu.json", document())

    assert main(["simulate", "--content", str(file), "--profile", "tp-all", "--pupils", "2"]) == 0
    assert "Simulation du profil tp-all « Tout »" in capsys.readouterr().out


def test_simulate_refuses_unknown_profiles_and_bad_counts(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["simulate", "--synthetic", "--profile", "tp-9.9", "--pupils", "1"]) == 2
    assert "Profil cible « tp-9.9 » inconnu" in capsys.readouterr().err
    assert main(["simulate", "--synthetic", "--profile", "tp-16", "--pupils", "0"]) == 2
    assert "--pupils" in capsys.readouterr().err


def test_simulate_refuses_invalid_content(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = write(tmp_path / "contenu.json", {"release": "x"})

    assert main(["simulate", "--content", str(file), "--profile", "tp-all"]) == 1
    assert "contenu est refusé" in capsys.readouterr().err
