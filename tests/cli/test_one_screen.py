"""The default report is one screen: 80 columns by 40 lines, whatever the assessment's shape."""

from __future__ import annotations

from pathlib import Path

import golden
import pytest
from testfiles import invoke

SHAPES = {path.stem: path for path in golden.ASSESSMENTS}


@pytest.mark.parametrize("goal", [None, "ml-engineer", "data-scientist", "software-engineer"])
@pytest.mark.parametrize("number", range(1, len(golden.ASSESSMENTS) + 1))
def test_the_default_report_fits_80_by_40(
    number: int, goal: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Seven recorded shapes (strong, novice, over-claimer, under-rater, re-measure, one path only,
    quick), each with no goal and with goals near and far."""
    home = golden.home_copy(tmp_path)
    monkeypatch.setenv("SKILLCHECK_HOME", str(home))
    monkeypatch.setenv("COLUMNS", "80")
    args = ["report", "--from", str(number), "-t", str(golden.TAXONOMY)] + (["--goal", goal] if goal else [])
    result = invoke(*args)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.rstrip("\n").split("\n")
    assert len(lines) <= 40, "\n".join(lines)
    assert all(len(line.rstrip()) <= 80 for line in lines)
    text = " ".join(result.stdout.split())
    assert "requirements are likely met" in text or "requirements are likely met" in text.replace("All ", "")
    assert "report --details" in text and "plan" in text
    if goal is not None:
        assert text.startswith("Taken") and "Your goal: " in text


def test_details_carry_every_section_below_the_same_summary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = golden.home_copy(tmp_path)
    monkeypatch.setenv("SKILLCHECK_HOME", str(home))
    monkeypatch.setenv("COLUMNS", "80")
    short = invoke("report", "--from", "1", "-t", str(golden.TAXONOMY)).stdout
    full = invoke("report", "--details", "--from", "1", "-t", str(golden.TAXONOMY)).stdout
    assert full.startswith(short.rstrip("\n").rsplit("\n", 1)[0])
    for section in ("Readiness per path", "Self-rating and checks", "likely meet every requirement"):
        assert section in full
