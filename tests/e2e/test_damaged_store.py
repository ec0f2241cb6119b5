"""The store as a person's disk leaves it: damaged drafts, files in the way, parallel runs, kills."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from testfiles import ANSWERS, MINI, no_traceback, piped, skillcheck, stored

from skillcheck.taxonomy.load import LoadedTaxonomy

# --- the store: damaged drafts, files in the way, parallel runs ----------------------------------


DAMAGED_DRAFTS = {
    "truncated": b'{"answers": [',
    "binary": b"\x00\xff\xfe",
    "newer": b'{"schema_version": 99, "id": "x"}',
    "hand-edited": b'{"schema_version": 2, "id": "x", "started_at": "now", "taxonomy": {}}',
}


@pytest.mark.parametrize("kind", sorted(DAMAGED_DRAFTS))
def test_a_damaged_draft_names_a_command_that_works_and_restart_sets_it_aside(kind: str, skillcheck_home: Path) -> None:
    skillcheck_home.mkdir(parents=True)
    (skillcheck_home / "draft.json").write_bytes(DAMAGED_DRAFTS[kind])
    blocked = skillcheck("quiz", "--taxonomy", str(MINI), input="1\n")
    assert blocked.returncode == 2
    no_traceback(blocked)
    assert "skillcheck quiz --restart`" in blocked.stderr
    restarted = skillcheck("quiz", "--restart", "--taxonomy", str(MINI), input=piped(1, 0, 0))
    assert restarted.returncode == 0, restarted.stderr
    assert "Started over; the unfinished assessment was kept in" in restarted.stderr
    (kept,) = (skillcheck_home / "abandoned").iterdir()
    assert kept.read_bytes() == DAMAGED_DRAFTS[kind]
    assert len(list((skillcheck_home / "assessments").glob("*.json"))) == 1


def test_an_assessment_from_a_newer_skillcheck_says_upgrade_not_retake(tmp_path: Path, mini: LoadedTaxonomy) -> None:
    path = tmp_path / "future.json"
    path.write_text(json.dumps({**stored(mini), "schema_version": 99, "new_field": 1}))
    result = skillcheck("report", "--taxonomy", str(MINI), "--from", str(path))
    assert result.returncode == 2
    assert "made by a newer skillcheck (assessment schema_version 99" in result.stderr
    assert "Upgrade skillcheck" in result.stderr
    assert "take the quiz again" not in result.stderr


def test_report_from_a_report_file_says_it_is_a_report(tmp_path: Path, mini: LoadedTaxonomy) -> None:
    assessment = tmp_path / "a.json"
    assessment.write_text(json.dumps(stored(mini)))
    document = skillcheck("report", "--taxonomy", str(MINI), "--from", str(assessment), "--json")
    assert document.returncode == 0, document.stderr
    report = tmp_path / "report.json"
    report.write_text(document.stdout)
    result = skillcheck("report", "--taxonomy", str(MINI), "--from", str(report))
    assert result.returncode == 2
    assert (
        "this is a report (`" in result.stderr
        and "skillcheck report --json` output), not a stored assessment" in result.stderr
    )


@pytest.mark.parametrize("blocked", ["assessments", "abandoned", "quiz.lock", "home"])
def test_a_file_or_directory_where_the_store_expects_the_other_is_named(
    blocked: str, skillcheck_home: Path, tmp_path: Path
) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(ANSWERS))
    if blocked == "home":
        skillcheck_home.write_text("not a directory")
    else:
        skillcheck_home.mkdir()
        (skillcheck_home / "draft.json").write_text("{}")
        if blocked == "quiz.lock":
            (skillcheck_home / blocked).mkdir()
        else:
            (skillcheck_home / blocked).write_text("not a directory")
    runs = [
        skillcheck("quiz", "--restart", "--taxonomy", str(MINI), input=piped(1, 0, 0)),
        skillcheck("quiz", "--answers", str(answers), "--taxonomy", str(MINI)),
        skillcheck("history", "--taxonomy", str(MINI)),
    ]
    for result in runs:
        no_traceback(result)
        assert result.returncode in (0, 2), result.stderr
    failures = "\n".join(r.stderr for r in runs if r.returncode)
    assert failures, "something must be in the way"
    name = skillcheck_home if blocked == "home" else skillcheck_home / blocked
    assert f"{name} is a file, but skillcheck keeps a directory there" in failures or (
        blocked == "quiz.lock" and f"cannot open the quiz lock {name}" in failures
    )


def test_a_write_test_leftover_of_any_kind_does_not_stop_a_quiz(skillcheck_home: Path, tmp_path: Path) -> None:
    skillcheck_home.mkdir()
    (skillcheck_home / ".write-test").mkdir()  # what the old shared name would trip over
    (skillcheck_home / ".draft.json.\u00b2.x.tmp").write_text("")  # a pid in digits int() would choke on
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(ANSWERS))
    result = skillcheck("quiz", "--answers", str(answers), "--taxonomy", str(MINI))
    assert result.returncode == 0, result.stderr
    interactive = skillcheck("quiz", "--taxonomy", str(MINI), input="q\n")
    assert interactive.returncode == 0, interactive.stderr


def test_parallel_answers_runs_on_one_data_directory_all_store_their_assessment(tmp_path: Path) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(ANSWERS))
    command = [sys.executable, "-m", "skillcheck", "quiz", "--answers", str(answers), "--taxonomy", str(MINI)]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(12)]
    outcomes = [(run.wait(timeout=120), run.communicate()[1]) for run in runs]
    assert [code for code, _ in outcomes] == [0] * 12, outcomes
    assert len(list((Path(os.environ["SKILLCHECK_HOME"]) / "assessments").glob("*.json"))) == 12
