"""The complexity gate of ``make lint`` (tools/complexity.py): engine/ and resolvers/ pass it,
and a function above 15 fails it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT
from tools.complexity import LIMIT, main


def test_engine_and_resolvers_stay_within_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["engine", "resolvers"]) == 0


def test_a_function_above_the_limit_fails_the_gate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def function(name: str, branches: int) -> str:
        body = "".join(f"    if x == {n}:\n        return {n}\n" for n in range(branches))
        return f"def {name}(x):\n{body}    return -1\n"

    (tmp_path / "tangled.py").write_text(function("tangled", LIMIT))  # complexity LIMIT + 1
    (tmp_path / "at_limit.py").write_text(function("at_limit", LIMIT - 1))

    assert main([str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert f"tangled : {LIMIT + 1}" in out
    assert "at_limit" not in out
