"""One place decides which taxonomy an assessment belongs to; every command says so the same way."""

from __future__ import annotations

import json
from pathlib import Path

from testfiles import MINI, piped, skillcheck, stored, take

from skillcheck.taxonomy.load import LoadedTaxonomy

# --- one place decides which taxonomy an assessment belongs to -----------------------------------


def test_report_refuses_an_assessment_of_another_taxonomy_and_names_its_file(
    other_taxonomy: Path, tmp_path: Path
) -> None:
    take(other_taxonomy, tmp_path)
    for extra in ([], ["--taxonomy", str(MINI)], ["--json"]):
        result = skillcheck("report", *extra)
        assert result.returncode == 2, result.stdout
        assert "taken with the taxonomy 'other' version 1" in result.stderr
        assert f"--taxonomy {other_taxonomy}" in result.stderr
        assert result.stdout == ""
    assert skillcheck("report", "--taxonomy", str(other_taxonomy)).returncode == 0


def test_history_lists_an_assessment_of_another_taxonomy_unscored_and_says_why(
    other_taxonomy: Path, tmp_path: Path
) -> None:
    take(MINI, tmp_path)
    take(other_taxonomy, tmp_path)
    result = skillcheck("history", "--taxonomy", str(MINI), "--json")
    assert result.returncode == 0
    newest, oldest = json.loads(result.stdout)["assessments"]
    assert newest["taxonomy"]["id"] == "other" and newest["readiness"] is None and newest["closest_path"] is None
    assert oldest["readiness"] is not None
    assert "is not scored: it was taken with the taxonomy 'other'" in result.stderr


def test_team_skips_assessments_and_reports_of_another_taxonomy_with_exit_3(
    other_taxonomy: Path, tmp_path: Path, skillcheck_home: Path
) -> None:
    take(MINI, tmp_path)
    take(other_taxonomy, tmp_path)
    report = tmp_path / "report.json"
    report.write_text(skillcheck("report", "--taxonomy", str(other_taxonomy), "--json").stdout)
    result = skillcheck("team", "--taxonomy", str(MINI), str(skillcheck_home / "assessments"), str(report))
    assert result.returncode == 3
    assert "taken with the taxonomy 'other'" in result.stderr
    assert "a report of the taxonomy 'other', not of 'mini'" in result.stderr
    assert "1 person" in result.stdout


def test_the_earlier_assessment_of_another_taxonomy_is_not_compared_with(other_taxonomy: Path, tmp_path: Path) -> None:
    take(other_taxonomy, tmp_path)
    take(MINI, tmp_path)
    result = skillcheck("report", "--taxonomy", str(MINI), "--json")
    assert result.returncode == 0, result.stderr
    assert "previous" not in json.loads(result.stdout)
    assert "was taken with the taxonomy 'other'; no comparison with it" in result.stderr


def test_a_draft_of_another_taxonomy_is_not_resumed_against_this_one(other_taxonomy: Path) -> None:
    started = skillcheck("quiz", "--taxonomy", str(other_taxonomy), input="1\nq\n")
    assert started.returncode == 0, started.stderr
    refused = skillcheck("quiz", "--taxonomy", str(MINI), input="y\n" + piped(1, 1, 1))
    assert refused.returncode == 2
    assert "the unfinished quiz cannot be resumed here: it was taken with the taxonomy 'other'" in refused.stderr
    assert f"--taxonomy {other_taxonomy}" in refused.stderr and "skillcheck quiz --restart`" in refused.stderr
    resumed = skillcheck("quiz", "--taxonomy", str(other_taxonomy), input="y\n" + "i\n" * 4 + piped(0, 0))
    assert resumed.returncode == 0, resumed.stderr
    assert "Resuming: 1 answer already given" in resumed.stdout


def test_ratings_above_the_taxonomys_scale_are_said_to_count_as_its_top(tmp_path: Path, mini: LoadedTaxonomy) -> None:
    data = stored(mini)
    data["answers"][0]["level"] = 7  # within the model's 0-9, above mini's 0-3
    path = tmp_path / "a.json"
    path.write_text(json.dumps(data))
    result = skillcheck("report", "--taxonomy", str(MINI), "--from", str(path), "--json")
    assert result.returncode == 0, result.stderr
    assert "ratings above this taxonomy's scale (0-3) count as 3: py (7)" in result.stderr
    assert json.loads(result.stdout)["skills"][0]["claimed"] == 3
