"""The data directory at its edges: FIFOs, stored order, odd directories, edge-of-calendar times."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from testfiles import MINI, invoke, skillcheck, stored

from skillcheck.storage.store import Store
from skillcheck.taxonomy.load import LoadedTaxonomy
from skillcheck.taxonomy.models import Assessment


def _store(home: Path, data: dict[str, object], name: str) -> Path:
    (home / "assessments").mkdir(parents=True, exist_ok=True)
    path = home / "assessments" / name
    path.write_text(json.dumps(data))
    return path


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_named_like_an_assessment_is_skipped_never_read(skillcheck_home: Path, mini: LoadedTaxonomy) -> None:
    _store(skillcheck_home, stored(mini), "20260101T000000000000Z-aaaaaaaa.json")
    os.mkfifo(skillcheck_home / "assessments" / "29990101T000000000000Z-bbbbbbbb.json")
    # Each takes about a second; the subprocess timeout (120 s) is the hang guard.
    report = skillcheck("report", "--taxonomy", str(MINI))
    assert report.returncode == 0, report.stderr
    history = skillcheck("history", "--taxonomy", str(MINI))
    assert history.returncode == 0, history.stderr
    assert "29990101T000000000000Z-bbbbbbbb.json is skipped: not a regular file" in history.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_in_a_team_folder_is_skipped_with_exit_3(tmp_path: Path, mini: LoadedTaxonomy) -> None:
    folder = tmp_path / "team"
    folder.mkdir()
    (folder / "a.json").write_text(json.dumps(stored(mini)))
    os.mkfifo(folder / "b.json")
    result = skillcheck("team", "--taxonomy", str(MINI), str(folder))
    assert result.returncode == 3, result.stderr
    assert "b.json: not a regular file" in result.stderr


def test_the_latest_is_the_one_stored_last_even_with_the_clock_set_back(
    skillcheck_home: Path, mini: LoadedTaxonomy
) -> None:
    store = Store(skillcheck_home)
    first = Assessment.model_validate({**stored(mini), "id": "1111aaaa", "taken_at": "2026-06-02T00:00:00+00:00"})
    second = Assessment.model_validate({**stored(mini), "id": "2222bbbb", "taken_at": "2026-06-01T00:00:00+00:00"})
    store.save_completed(first, from_draft=False)
    saved = store.save_completed(second, from_draft=False)
    assert store.latest() == saved
    assert store.before(second) is not None and store.before(second).stem.endswith("1111aaaa")


@pytest.mark.parametrize("taken", ["9999-12-31T23:59:59+00:00", "0001-01-01T00:30:00+05:00"])
@pytest.mark.parametrize("command", [["report"], ["report", "--json"], ["plan", "--json"], ["history"]], ids=" ".join)
def test_times_at_the_edges_of_the_calendar_are_read(
    taken: str, command: list[str], skillcheck_home: Path, mini: LoadedTaxonomy
) -> None:
    _store(skillcheck_home, {**stored(mini), "taken_at": taken, "started_at": taken}, "x-aaaaaaaa.json")
    result = invoke(*command, "--taxonomy", str(MINI))
    assert result.exit_code in (0, 2), result.stderr  # the mini taxonomy has no hours for plan
    assert "unexpected error" not in result.stderr


def test_a_data_directory_that_is_a_file_gives_one_reason_everywhere(skillcheck_home: Path) -> None:
    skillcheck_home.parent.mkdir(parents=True, exist_ok=True)
    skillcheck_home.write_text("not a directory")
    for command in (["report"], ["plan"], ["history"], ["report", "--json"]):
        result = invoke(*command, "--taxonomy", str(MINI))
        assert result.exit_code == 2
        assert "is a file, but skillcheck keeps a directory there" in result.stderr, command


def test_a_dangling_assessments_link_gives_one_reason_everywhere(skillcheck_home: Path) -> None:
    skillcheck_home.mkdir(parents=True)
    (skillcheck_home / "assessments").symlink_to(skillcheck_home / "gone")
    for command in (["report"], ["plan"], ["history"], ["quiz", "--answers", "x.yaml"]):
        result = invoke(*command, "--taxonomy", str(MINI))
        assert result.exit_code == 2
        assert "is a symbolic link to" in result.stderr, command


def test_a_stored_draft_in_a_read_only_directory_does_not_stop_the_report(
    skillcheck_home: Path, mini: LoadedTaxonomy, monkeypatch: pytest.MonkeyPatch
) -> None:
    done = stored(mini)
    _store(skillcheck_home, done, f"20260101T000000000000Z-{done['id'][:8]}.json")
    (skillcheck_home / "draft.json").write_text(json.dumps(done))

    def refuse(self: Path, missing_ok: bool = False) -> None:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "unlink", refuse)  # what a read-only directory does (root ignores modes)
    for command in (["report"], ["history"]):
        result = invoke(*command, "--taxonomy", str(MINI))
        assert result.exit_code == 0, result.stderr
    assert (skillcheck_home / "draft.json").exists()


def test_quiz_skill_after_another_taxonomy_keeps_no_foreign_answers(
    skillcheck_home: Path, mini: LoadedTaxonomy, other_taxonomy: Path
) -> None:
    foreign = {**stored(mini), "taxonomy": {**stored(mini)["taxonomy"], "id": "other"}}
    _store(skillcheck_home, foreign, "20260101T000000000000Z-aaaaaaaa.json")
    answers = skillcheck_home.parent / "a.json"
    answers.write_text(json.dumps({"ratings": {"py": 1}, "answers": {}}))
    result = invoke("quiz", "--skill", "py", "--answers", str(answers), "--taxonomy", str(MINI))
    assert result.exit_code == 0, result.stderr
    latest = Store(skillcheck_home).latest()
    assert {a["skill"] for a in json.loads(latest.read_text())["answers"]} == {"py"}


def test_a_data_directory_named_with_escape_sequences_is_shown_escaped(tmp_path: Path) -> None:
    home = tmp_path / "home\x1b]52;c;aGk=\x07\x1b[2J"
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps({"ratings": {"py": 1}, "answers": {}}))
    result = invoke("quiz", "--answers", str(answers), "--taxonomy", str(MINI), env={"SKILLCHECK_HOME": str(home)})
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout and "\\x1b]52" in result.stdout
