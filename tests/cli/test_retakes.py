"""Retakes through the CLI: earlier checks carry forward, no question is asked twice, and the
report says what could not be drawn fresh."""

from __future__ import annotations

import json
from pathlib import Path

from testfiles import MINI, invoke

from skillcheck.storage.store import Store
from skillcheck.taxonomy.load import load_taxonomy


def _every_answer(taxonomy_path: Path, letter_of: dict[str, str], tmp_path: Path, level: int) -> Path:
    taxonomy = load_taxonomy(taxonomy_path).taxonomy
    file = tmp_path / "answers.json"
    ratings = {s.id: level for s in taxonomy.skills}
    answers = {q.id: letter_of.get(q.id, "a") for s in taxonomy.skills for q in s.questions}
    file.write_text(json.dumps({"ratings": ratings, "answers": answers}))
    return file


def test_a_retake_never_asks_a_question_of_an_earlier_assessment(tmp_path: Path, skillcheck_home: Path) -> None:
    file = _every_answer(MINI, {}, tmp_path, 2)
    asked: set[str] = set()
    for take in range(3):
        assert invoke("quiz", "--answers", str(file), "--taxonomy", str(MINI)).exit_code == 0
        stored = json.loads(Store(skillcheck_home).latest().read_text())
        now = {a["question"] for a in stored["answers"] if a["kind"] == "check"}
        assert not now & asked, f"take {take} asked again {sorted(now & asked)}"
        assert {c["question"] for c in stored["earlier"]} == asked
        asked |= now


def test_the_report_counts_the_checks_a_retake_could_not_draw_fresh(tmp_path: Path, skillcheck_home: Path) -> None:
    file = _every_answer(MINI, {}, tmp_path, 2)
    for _ in range(10):  # the mini taxonomy's bank cannot last ten takes
        result = invoke("quiz", "--answers", str(file), "--taxonomy", str(MINI))
        assert result.exit_code == 0
    document = json.loads(invoke("report", "--json", "--taxonomy", str(MINI)).stdout)
    assert document["not_fresh"]["count"] == len(document["not_fresh"]["skills"]) > 0
    text = invoke("report", "--taxonomy", str(MINI)).stdout
    assert "asked in an earlier assessment" in " ".join(text.split())
    assert all(skill["earlier_checks"] > 0 for skill in document["skills"])


def test_a_corrupt_latest_assessment_is_said_and_the_one_before_it_carries_forward(
    tmp_path: Path, skillcheck_home: Path
) -> None:
    file = _every_answer(MINI, {}, tmp_path, 2)
    assert invoke("quiz", "--answers", str(file), "--taxonomy", str(MINI)).exit_code == 0
    first = json.loads(Store(skillcheck_home).latest().read_text())
    assert invoke("quiz", "--answers", str(file), "--taxonomy", str(MINI)).exit_code == 0
    broken = Store(skillcheck_home).latest()
    broken.write_text("{")
    result = invoke("quiz", "--answers", str(file), "--taxonomy", str(MINI))
    assert result.exit_code == 0
    assert broken.name in result.stderr and "not carried" in result.stderr
    assert "take the quiz again" not in result.stderr  # it is being taken
    stored = json.loads(Store(skillcheck_home).latest().read_text())
    carried = {c["question"] for c in stored["earlier"]}
    assert carried == {a["question"] for a in first["answers"] if a["kind"] == "check"}
    assert broken.read_text() == "{"  # left as it is
