"""The command line as a user meets it: output, messages, exit codes, stored files."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import jsonschema
import pytest
from testfiles import MINI, invoke, piped, runner

from skillcheck.cli import app
from skillcheck.storage.store import Store

ANSI = re.compile(r"\x1b\[")


def answers_file(tmp_path: Path, ratings: dict, answers: dict) -> Path:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"ratings": ratings, "answers": answers}))
    return path


def take_quiz(tmp_path: Path, ratings: dict | None = None, answers: dict | None = None) -> None:
    file = answers_file(tmp_path, ratings or {"python": 3, "sql": 2, "statistics": 1}, answers or {})
    result = invoke("quiz", "--answers", str(file))
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("command", ["quiz", "report", "validate", "schema"])
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = invoke(command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.output


def test_version_prints_the_version() -> None:
    assert invoke("--version").output.startswith("skillcheck 0.")


def test_validate_prints_a_summary_of_the_shipped_taxonomy() -> None:
    result = invoke("validate")
    assert result.exit_code == 0
    assert "valid taxonomy 'skillcheck-default'" in result.output
    assert "Mathematics: 7 skills" in result.output


def test_validate_fails_with_exit_2_naming_the_unknown_skill_and_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    text = MINI.read_text().replace("{skill: git, level: 2", "{skill: gitt, level: 2")
    bad.write_text(text)
    line = next(i for i, s in enumerate(text.splitlines(), 1) if "gitt" in s)
    result = invoke("validate", str(bad))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"{bad}:{line}: paths[0].requires[1].skill: unknown skill 'gitt'" in result.stderr


def test_schema_prints_a_json_schema_that_accepts_the_shipped_taxonomy() -> None:
    import yaml

    from skillcheck.resources import default_taxonomy_path

    schema = json.loads(invoke("schema").output)
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(yaml.safe_load(default_taxonomy_path().read_text()), schema)


def test_report_without_an_assessment_says_to_take_the_quiz() -> None:
    result = invoke("report", "--details")
    assert result.exit_code == 2
    assert "Take the quiz first: skillcheck quiz" in result.stderr


def test_report_json_is_one_document_that_validates_against_its_schema(tmp_path: Path) -> None:
    take_quiz(tmp_path, answers={"python-3": "a", "sql-2": "b"})
    result = invoke("report", "--json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    schema = json.loads(invoke("schema", "--report").output)
    jsonschema.validate(document, schema)
    assert document["schema_version"] == 2
    assert [p["readiness"] for p in document["paths"]] == sorted(
        (p["readiness"] for p in document["paths"]), reverse=True
    )
    assert document["closest_path"] == document["paths"][0]["id"]
    assert {"id", "area", "claimed", "evidenced", "calibration"} <= set(document["skills"][0])


def test_report_renders_in_80_columns_without_escape_codes(tmp_path: Path) -> None:
    take_quiz(tmp_path, answers={"python-3": "a"})
    result = invoke("report", "--details")
    assert result.exit_code == 0
    assert not ANSI.search(result.stdout)
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    # Three skills rated: no path is fully assessed, and the verdict says so rather than a number.
    assert "No career path is fully assessed" in result.stdout
    assert "Right answer:" in result.stdout


def test_report_for_one_path_shows_its_gaps(tmp_path: Path) -> None:
    take_quiz(tmp_path)
    result = invoke("report", "--details", "--path", "ml-engineer")
    assert "Top gaps for Machine Learning Engineer" in result.stdout


def test_a_corrupt_assessment_is_named_and_left_in_place(tmp_path: Path, skillcheck_home: Path) -> None:
    take_quiz(tmp_path)
    stored = Store(skillcheck_home).latest()
    stored.write_text(stored.read_text()[:100])
    result = invoke("report", "--details")
    assert result.exit_code == 2
    assert str(stored) in result.stderr and "truncated or corrupted" in result.stderr
    assert stored.exists()


def test_an_empty_assessment_file_is_reported(tmp_path: Path) -> None:
    empty = tmp_path / "empty.json"
    empty.write_text("")
    result = invoke("report", "--details", "--from", str(empty))
    assert result.exit_code == 2
    assert "the file is empty" in result.stderr


def test_a_changed_taxonomy_is_reported_with_a_warning(tmp_path: Path) -> None:
    take_quiz(tmp_path)
    from skillcheck.resources import default_taxonomy_path

    text = default_taxonomy_path().read_text()
    changed = tmp_path / "changed.yaml"
    changed.write_text(text.replace('version: "2026.12"', 'version: "2026.13"'))
    result = invoke("report", "--json", "--taxonomy", str(changed))
    assert result.exit_code == 0
    assert "the taxonomy has changed since" in result.stderr
    assert json.loads(result.stdout)["taxonomy_changed"] is True


def test_answers_file_with_bad_ids_exits_2_listing_all_and_stores_nothing(tmp_path: Path, skillcheck_home) -> None:
    file = answers_file(tmp_path, {"pythn": 3, "sql": 9}, {"nope-1": "a"})
    result = invoke("quiz", "--answers", str(file))
    assert result.exit_code == 2
    assert "3 problems" in result.stderr
    assert Store(skillcheck_home).completed() == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only directories")
def test_quiz_with_an_unwritable_home_fails_before_the_first_question(tmp_path: Path, monkeypatch) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    monkeypatch.setenv("SKILLCHECK_HOME", str(locked / "home"))
    result = invoke("quiz", input="3\n")
    assert result.exit_code == 2
    assert "cannot write to the data directory" in result.stderr
    assert "Programming in Python" not in result.stdout


def test_quiz_with_a_home_that_is_a_file_fails_before_the_first_question(tmp_path: Path, monkeypatch) -> None:
    # Works as root too: nobody can create a directory where a file stands.
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("SKILLCHECK_HOME", str(blocker / "home"))
    result = invoke("quiz", input="3\n")
    assert result.exit_code == 2
    assert "cannot write to the data directory" in result.stderr
    assert "Programming in Python" not in result.stdout


def test_piped_quiz_reads_one_answer_per_line_and_stores_the_assessment(skillcheck_home: Path) -> None:
    result = invoke("quiz", "--taxonomy", str(MINI), input=piped(2, 1, 0))
    assert result.exit_code == 0, result.output
    assert "Done. Closest path:" in result.stdout
    assert len(Store(skillcheck_home).completed()) == 1
    assert not (skillcheck_home / "draft.json").exists()


def test_a_piped_answer_is_echoed_escaped(skillcheck_home: Path) -> None:
    result = invoke("quiz", "--taxonomy", str(MINI), input="\x1b]0;pwned\x07\x1b[2J\n")
    assert "\x1b]0;pwned" not in result.stdout and "\x1b[2J" not in result.stdout
    assert "> \\x1b]0;pwned\\x07\\x1b[2J" in result.stdout


def test_end_of_input_saves_progress_and_exits_130(skillcheck_home: Path) -> None:
    result = invoke("quiz", "--taxonomy", str(MINI), input="2\ni\n")
    assert result.exit_code == 130
    assert "Run `skillcheck quiz` to continue" in result.stderr
    draft = json.loads((skillcheck_home / "draft.json").read_text())
    assert len(draft["answers"]) == 2


def test_the_next_quiz_offers_to_resume_and_keeps_earlier_answers(skillcheck_home: Path) -> None:
    invoke("quiz", "--taxonomy", str(MINI), input="2\ni\n")
    result = invoke("quiz", "--taxonomy", str(MINI), input="y\n" + "i\n" * 3 + piped(1, 0))
    assert result.exit_code == 0, result.output
    assert "unfinished assessment" in result.stdout
    stored = json.loads(Store(skillcheck_home).latest().read_text())
    assert [a.get("level") for a in stored["answers"]][:2] == [2, 2]


def test_restart_sets_the_draft_aside_instead_of_deleting_it(skillcheck_home: Path) -> None:
    invoke("quiz", "--taxonomy", str(MINI), input="2\ni\n")
    result = invoke("quiz", "--taxonomy", str(MINI), "--restart", input=piped(0, 0, 0))
    assert result.exit_code == 0
    kept = list((skillcheck_home / "abandoned").glob("*.json"))
    assert len(kept) == 1 and len(json.loads(kept[0].read_text())["answers"]) == 2


def test_q_saves_and_exits_0(skillcheck_home: Path) -> None:
    result = invoke("quiz", "--taxonomy", str(MINI), input="2\nq\n")
    assert result.exit_code == 0
    assert "Progress saved (1 answer)" in result.stderr


def test_non_utf8_and_overlong_lines_re_prompt(skillcheck_home: Path) -> None:
    junk = b"\xff\xfe\n" + b"9" * 5000 + b"\n" + piped(0, 0, 0).encode()
    result = runner.invoke(app, ["quiz", "--taxonomy", str(MINI)], input=junk, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.stdout.count("(unreadable input)") == 2


def test_endless_invalid_piped_answers_end_with_a_message(skillcheck_home: Path) -> None:
    result = invoke("quiz", "--taxonomy", str(MINI), input="x\n" * 1000)
    assert result.exit_code == 2
    assert "25 invalid answers in a row" in result.stderr


def test_a_second_quiz_on_the_same_data_directory_is_refused(skillcheck_home: Path) -> None:
    store = Store(skillcheck_home)
    store.ensure_writable()
    with store.quiz_lock():
        result = invoke("quiz", "--taxonomy", str(MINI), input="0\n")
    assert result.exit_code == 2
    assert "another skillcheck quiz is running" in result.stderr


def test_taxonomy_text_is_shown_literally(tmp_path: Path, skillcheck_home: Path) -> None:
    odd = tmp_path / "odd.yaml"
    text = MINI.read_text().replace("name: Python\n", "name: 'C++ [/] [bold]x[/bold] [link=http://e.vil]y'\n")
    odd.write_text(text.replace("name: Developer\n", "name: '[red]Dev[/red]'\n"))
    result = invoke("quiz", "--taxonomy", str(odd), input=piped(0, 0, 0))
    assert result.exit_code == 0, result.output
    assert "C++ [/] [bold]x[/bold] [link=http://e.vil]y" in result.stdout
    assert "Done. Closest path: " in result.stdout
    report = invoke("report", "--details", "--taxonomy", str(odd))
    assert report.exit_code == 0
    assert "C++ [/] [bold]x[/bold]" in report.stdout
    assert "[red]Dev[/red]" in report.stdout  # every path is listed, literally


def test_control_characters_in_taxonomy_text_are_rejected_with_their_location(tmp_path: Path) -> None:
    evil = tmp_path / "evil.yaml"
    evil.write_text(MINI.read_text().replace("name: Python\n", 'name: "Py\\e]52;c;ZXZpbA==\\athon"\n'))
    result = invoke("validate", str(evil))
    assert result.exit_code == 2
    assert "skills[0].name: contains the control character U+001B" in result.stderr


@pytest.mark.e2e
def test_report_json_never_imports_rich(tmp_path: Path, skillcheck_home: Path) -> None:
    """Module checks are stable where timings are noisy: the JSON path must not load rich."""
    import subprocess
    import sys

    take_quiz(tmp_path)
    probe = (
        "import sys\n"
        "from skillcheck.cli import main\n"
        "sys.argv = ['skillcheck', 'report', '--json']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.stderr.write('RICH=' + ','.join(sorted(m for m in sys.modules if m.split('.')[0] == 'rich')))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    json.loads(result.stdout)
    assert result.stderr.strip().endswith("RICH=")


def test_an_answers_file_that_is_a_directory_is_named_as_such(tmp_path: Path) -> None:
    result = invoke("quiz", "--answers", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr == f"skillcheck: {tmp_path}: is a directory, not an answers file.\n"


def test_stored_answers_to_questions_the_skill_lacks_are_said_not_dropped_silently(skillcheck_home: Path) -> None:
    assert invoke("quiz", "--taxonomy", str(MINI), input=piped(2, 1, 0)).exit_code == 0
    path = Store(skillcheck_home).latest()
    data = json.loads(path.read_text())
    checks = [a for a in data["answers"] if a["kind"] == "check"]
    checks[0]["question"] = "nope-9"
    path.write_text(json.dumps(data))
    result = invoke("report", "--taxonomy", str(MINI))
    assert result.exit_code == 0
    said = " ".join(result.stderr.split())
    assert "1 answer in the assessment names a question its skill does not have" in said
    assert f"'{checks[0]['skill']}/nope-9'" in said


def test_template_with_an_option_it_cannot_use_is_refused_and_details_in_json_is_said() -> None:
    for extra in (("--quick",), ("--answers", "a.yaml"), ("--goal", "ml-engineer"), ("--restart",)):
        refused = invoke("quiz", "--template", *extra)
        assert refused.exit_code == 2 and "--template prints an answers file" in refused.stderr
        assert refused.stdout == ""
    assert invoke("quiz", "--template", "--path", "ml-engineer").exit_code == 0


def test_details_with_json_says_it_changes_nothing(tmp_path: Path, skillcheck_home: Path) -> None:
    assert invoke("quiz", "--taxonomy", str(MINI), input=piped(2, 1, 0)).exit_code == 0
    result = invoke("report", "--taxonomy", str(MINI), "--details", "--json")
    assert result.exit_code == 0 and "--details is for text" in result.stderr
    assert json.loads(result.stdout)["schema_version"] == 2
