"""Every recorded case prints what it printed when recorded: a refactor changes no output, byte for byte."""

from __future__ import annotations

from pathlib import Path

import golden
import pytest


@pytest.mark.parametrize("case", sorted(golden.CASES))
def test_the_command_prints_what_was_recorded(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = golden.home_copy(tmp_path)
    monkeypatch.setenv("SKILLCHECK_HOME", str(home))
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("LINES", "40")
    expected = (golden.OUT / f"{case}.txt").read_text(encoding="utf-8")
    assert golden.run(case, home) == expected


def test_every_recorded_output_has_a_case() -> None:
    assert {path.stem for path in golden.OUT.glob("*.txt")} == set(golden.CASES)
