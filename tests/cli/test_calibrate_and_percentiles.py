"""`skillcheck calibrate`, --calibration on the scoring commands, and `team --percentiles`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import golden
import pytest
from testfiles import invoke

from skillcheck.errors import ExitCode
from skillcheck.storage.calibration import read_calibration

T = ("-t", str(golden.TAXONOMY))


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy = golden.home_copy(tmp_path)
    monkeypatch.setenv("SKILLCHECK_HOME", str(copy))
    return copy


def test_a_calibration_round_trips_through_its_file_and_scores_a_report(home: Path, tmp_path: Path) -> None:
    written = tmp_path / "cohort.calibration.json"
    result = invoke("calibrate", str(home / "assessments"), "-o", str(written), "--json", *T)
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["schema_version"] == 1
    assert report["assessments"] == len(golden.ASSESSMENTS)
    assert report["written_to"] == str(written)
    calibration = read_calibration(written)
    assert calibration.taxonomy.id == "skillcheck-default"
    assert calibration.assessments == len(golden.ASSESSMENTS)
    assert sum(item.answers for item in calibration.items.values()) == calibration.answers == report["answers"]
    # Written, read back and written again: the same file.
    again = tmp_path / "again.json"
    from skillcheck.storage.calibration import write_calibration

    write_calibration(again, calibration)
    assert again.read_bytes() == written.read_bytes()
    scored = invoke("report", "--json", "--calibration", str(written), *T)
    assert scored.exit_code == 0, scored.stderr
    assert json.loads(scored.stdout)["paths"]


def test_a_calibration_beside_the_data_is_used_without_the_option(home: Path, tmp_path: Path) -> None:
    plain = invoke("report", "--json", *T).stdout
    invoke("calibrate", str(home / "assessments"), "-o", str(home / "calibration.json"), *T)
    found = invoke("report", "--json", *T)
    given = invoke("report", "--json", "--calibration", str(home / "calibration.json"), *T)
    assert found.exit_code == 0
    assert found.stdout == given.stdout
    assert found.stdout != plain  # seven people moved some items off their tags


def test_a_report_read_through_a_calibration_says_so_in_json_and_text(home: Path, tmp_path: Path) -> None:
    """A calibration.json dropped in the data directory changes the levels: whoever reads the
    report must be able to tell, so a hand-made file cannot pass for the level tags' reading."""
    assert json.loads(invoke("report", "--json", *T).stdout)["item_calibration"] is None
    assert "read through a calibration" not in invoke("report", *T).stdout
    invoke("calibrate", str(home / "assessments"), "-o", str(home / "calibration.json"), *T)
    fitted = len(read_calibration(home / "calibration.json").items)
    assert json.loads(invoke("report", "--json", *T).stdout)["item_calibration"] == {"questions": fitted}
    for args in ((), ("--details",)):
        text = " ".join(invoke("report", *args, *T).stdout.split())
        assert f"read through a calibration that refits {fitted:,} questions" in text


def test_a_calibration_of_another_taxonomy_version_is_refused_with_exit_4(home: Path, tmp_path: Path) -> None:
    written = tmp_path / "golden.calibration.json"
    invoke("calibrate", str(home / "assessments"), "-o", str(written), *T)
    # The shipped taxonomy has the same id but other content: the fit is not for its questions.
    result = invoke("report", "--calibration", str(written))
    assert result.exit_code == ExitCode.WRONG_CALIBRATION == 4
    assert result.stdout == ""
    assert result.stderr.startswith(f"skillcheck: the calibration {written} was fitted to version ")
    assert "Run `skillcheck calibrate` again" in result.stderr
    assert "\n" not in result.stderr.rstrip("\n")
    for command in (("plan",), ("quiz", "--path", "ml-engineer"), ("team", str(home / "assessments"))):
        refused = invoke(*command, "--calibration", str(written))
        assert refused.exit_code == 4, (command, refused.stderr)
        assert "was fitted to version" in refused.stderr


def test_a_calibration_beside_the_data_for_another_taxonomy_is_left_out_with_a_warning(home: Path) -> None:
    invoke("calibrate", str(home / "assessments"), "-o", str(home / "calibration.json"), *T)
    plain = invoke("plan", "--json")  # the shipped taxonomy: the golden assessments are another's
    assert "was fitted to version" in plain.stderr
    assert plain.exit_code != ExitCode.WRONG_CALIBRATION


def test_calibrate_without_assessments_says_so(tmp_path: Path) -> None:
    (tmp_path / "not.json").write_text("{}", encoding="utf-8")
    result = invoke("calibrate", str(tmp_path))
    assert result.exit_code == ExitCode.BAD_INPUT
    assert result.stderr.startswith("skillcheck: no stored assessment of this taxonomy among the inputs.")


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_the_item_fit_report_renders_in_every_format(home: Path, fmt: str) -> None:
    result = invoke("calibrate", str(home / "assessments"), "--format", fmt, *T)
    assert result.exit_code == 0, result.stderr
    assert "Calibration not saved" in result.stdout or json.loads(result.stdout)["written_to"] is None


def test_team_percentiles_are_shown_for_seven_people_in_every_format(home: Path) -> None:
    summary = json.loads(invoke("team", str(home / "assessments"), "--percentiles", "--json", *T).stdout)
    assert summary["percentiles"] == {"group": 7, "minimum_group": 5, "shown": True}
    # A path's group is the people fully assessed on it: someone whose quiz left out some of its
    # skills has no readiness for it to stand by (the report shows none).
    paths = [m["percentiles"]["paths"] for m in summary["members"]]
    largest = max({pid for p in paths for pid in p}, key=lambda pid: sum(pid in p for p in paths))
    standings = [p[largest] for p in paths if largest in p]
    assert len(standings) >= 5 and {s["group"] for s in standings} == {len(standings)}
    assert sorted(s["percentile"] for s in standings)[0] < 50 < sorted(s["percentile"] for s in standings)[-1]
    rows = invoke("team", str(home / "assessments"), "--percentiles", "--format", "jsonl", *T).stdout.splitlines()
    groups = [json.loads(row)["skill_group"] for row in rows]
    # A skill only some of them were assessed on has a smaller group: shown from five people on.
    assert 7 in groups
    assert all(group is None or 5 <= group <= 7 for group in groups)
    assert "Percentile in the group (7 people)" in invoke("team", str(home / "assessments"), "--percentiles", *T).stdout
    html = invoke("team", str(home / "assessments"), "--percentiles", "--format", "html", *T).stdout
    assert "Percentile in the group (7 people)" in html


def test_team_percentiles_are_hidden_below_five_people(home: Path, tmp_path: Path) -> None:
    four = tmp_path / "four"
    four.mkdir()
    for path in golden.ASSESSMENTS[:4]:
        shutil.copy(path, four / path.name)
    summary = json.loads(invoke("team", str(four), "--percentiles", "--json", *T).stdout)
    assert summary["percentiles"]["shown"] is False
    assert all(m["percentiles"] == {"paths": {}, "skills": {}} for m in summary["members"])
    rows = [
        json.loads(r) for r in invoke("team", str(four), "--percentiles", "--format", "jsonl", *T).stdout.splitlines()
    ]
    assert all(r["skill_percentile"] is None and r["closest_percentile"] is None for r in rows)
    text = invoke("team", str(four), "--percentiles", *T).stdout
    assert "Percentiles are shown for groups of 5 or more people; this group has 4" in " ".join(text.split())


def test_team_json_with_percentiles_validates_against_the_team_schema(home: Path) -> None:
    import jsonschema

    from skillcheck.resources import schema_file

    schema = json.loads(schema_file("team").read_text(encoding="utf-8"))
    summary = json.loads(invoke("team", str(home / "assessments"), "--percentiles", "--json", *T).stdout)
    jsonschema.validate(summary, schema)
    summary["members"][0]["percentiles"]["paths"]["ml-engineer"]["rank"] = 1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(summary, schema)


def test_calibrate_json_validates_against_its_schema_and_a_removed_field_fails(home: Path) -> None:
    import jsonschema

    from skillcheck.resources import schema_file

    schema = json.loads(schema_file("calibrate").read_text(encoding="utf-8"))
    assert invoke("schema", "--of", "calibrate").stdout == schema_file("calibrate").read_text(encoding="utf-8")
    report = json.loads(invoke("calibrate", str(home / "assessments"), "--json", *T).stdout)
    jsonschema.validate(report, schema)
    for field in schema["required"]:
        broken = {key: value for key, value in report.items() if key != field}
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken, schema)


def test_the_readiness_spread_is_shown_only_for_groups_of_five_or_more(home: Path, tmp_path: Path) -> None:
    """Min, median, mean and max of two people would give both results away: hidden, and said why."""
    for size, shown in ((4, False), (5, True)):
        folder = tmp_path / f"group-{size}"
        folder.mkdir()
        for path in golden.ASSESSMENTS[:size]:
            shutil.copy(path, folder / path.name)
        summary = json.loads(invoke("team", str(folder), "--json", *T).stdout)
        assert bool(summary["readiness"]) is shown
        text = " ".join(invoke("team", str(folder), *T).stdout.split())
        html = invoke("team", str(folder), "--format", "html", *T).stdout
        note = f"shown from 5 people on, so that no one's result can be read off them; this group has {size}"
        assert (note in text) is not shown and (note.replace("'", "&#x27;") in html) is not shown
        assert ("Median" in text) is shown
