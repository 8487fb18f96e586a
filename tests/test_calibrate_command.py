"""``orga content calibrate``: answers stored by the demo's pupils, parameters written where the
content loader reads them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from engine.content import BUNDLED_CONTENT_DIR, load_referential
from tests.conftest import DatabaseFactory
from tests.test_demo import orga


def test_calibrate_fits_items_with_enough_answers(
    database_factory: DatabaseFactory, tmp_path: Path
) -> None:
    database_url = database_factory.create("calibrate")
    assert orga(database_url, "demo", "--if-empty").returncode == 0
    content = tmp_path / "contenu"
    shutil.copytree(BUNDLED_CONTENT_DIR, content)

    done = orga(
        database_url, "content", "calibrate", "--min-answers", "3", "--content", str(content)
    )

    assert done.returncode == 0, done.stderr
    assert "Compétences ajustées" in done.stderr  # the progress bar
    assert "réponse(s) lue(s)" in done.stdout and "ajustée(s)" in done.stdout
    written = json.loads((content / "item-parameters.json").read_text(encoding="utf-8"))
    referential = load_referential(content)
    assert {e["id"] for e in written["item_parameters"]} == set(referential.item_parameters)
    for entry in written["item_parameters"]:
        assert entry["answers"] >= 3
        assert f"{entry['id']}" in done.stdout

    later = orga(
        database_url, "content", "calibrate", "--since", "2999-01-01", "--content", str(content)
    )
    assert later.returncode == 0, later.stderr
    assert "0 réponse(s) lue(s)" in later.stdout
    # Nothing new: what was calibrated before stays.
    assert set(load_referential(content).item_parameters) == set(referential.item_parameters)

    refused = orga(database_url, "content", "calibrate", "--since", "hier")
    assert refused.returncode == 2 and "AAAA-MM-JJ" in refused.stderr
