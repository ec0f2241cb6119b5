"""The standard streams: locales, closed streams, full disks, tiny or odd widths."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from testfiles import MINI, mini_with, piped, skillcheck, stored, take

from skillcheck.storage.store import load_assessment
from skillcheck.taxonomy.load import LoadedTaxonomy

# --- the standard streams: locales, closed streams, tiny or odd widths ---------------------------


@pytest.fixture
def one_assessment(tmp_path: Path) -> Path:
    """One stored assessment of the mini taxonomy with a skill named in three scripts; the taxonomy."""
    taxonomy = tmp_path / "unicode.yaml"
    taxonomy.write_bytes(mini_with("name: Python\n", "name: Pythön → 数据 ✓\n"))
    take(taxonomy, tmp_path, {"py": 2, "git": 1, "stats": 1})
    return taxonomy


def run_bytes(*args: str, env: dict[str, str] | None = None, **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
    if "stdout" not in kwargs:
        kwargs["capture_output"] = True
    return subprocess.run(
        [sys.executable, "-m", "skillcheck", *args],
        env={**os.environ, **(env or {})},
        timeout=120,  # a hang guard only
        **kwargs,
    )


DOCUMENTS = [
    ["report", "--json", "--taxonomy"],
    ["report", "--format", "markdown", "--taxonomy"],
    ["report", "--format", "html", "--taxonomy"],
    ["history", "--json", "--taxonomy"],
    ["schema", "--of", "report"],
]


@pytest.mark.parametrize("command", DOCUMENTS, ids=lambda c: " ".join(c[:3]))
def test_documents_are_utf8_whatever_the_locale(command: list[str], one_assessment: Path) -> None:
    args = [*command, str(one_assessment)] if command[-1] == "--taxonomy" else command
    utf8 = run_bytes(*args, env={"PYTHONIOENCODING": "utf-8"})
    assert utf8.returncode == 0, utf8.stderr
    if command[0] == "report":
        assert "Pythön → 数据 ✓" in utf8.stdout.decode()
    for encoding in ("latin-1", "ascii"):
        other = run_bytes(*args, env={"PYTHONIOENCODING": encoding})
        assert other.returncode == 0, other.stderr
        assert other.stdout == utf8.stdout


def test_team_documents_are_utf8_whatever_the_locale(one_assessment: Path, skillcheck_home: Path) -> None:
    for output in ("json", "jsonl"):
        command = ["team", "--taxonomy", str(one_assessment), str(skillcheck_home / "assessments"), "--format", output]
        utf8 = run_bytes(*command, env={"PYTHONIOENCODING": "utf-8"})
        latin = run_bytes(*command, env={"PYTHONIOENCODING": "latin-1"})
        assert utf8.returncode == latin.returncode == 0, latin.stderr
        assert latin.stdout == utf8.stdout


@pytest.mark.parametrize("encoding", ["latin-1", "ascii"])
def test_the_terminal_report_falls_back_to_the_nearest_characters_in_a_narrow_locale(
    encoding: str, one_assessment: Path
) -> None:
    for command in (
        ["report"],
        ["report", "--details"],
        ["history"],
        ["team", str(Path(os.environ["SKILLCHECK_HOME"]) / "assessments")],
    ):
        result = run_bytes(*command, "--taxonomy", str(one_assessment), env={"PYTHONIOENCODING": encoding})
        assert result.returncode == 0, result.stderr
        assert b"Traceback" not in result.stderr
        text = result.stdout.decode(encoding)  # every byte is the locale's own
        if "--details" in command:
            # The chart's marks keep a character each: every skill's row shows its level mark, not "?".
            start = text.index("Skill profile")
            chart = text[start : text.index("Top gaps", start)]
            rows = [line for line in chart.splitlines() if re.match(r"  \S", line)]
            assert rows and all("@" in row for row in rows), chart


def closed(fd: int) -> Any:
    return lambda: os.close(fd)


def test_a_closed_stdin_is_end_of_input_for_the_quiz() -> None:
    result = run_bytes("quiz", "--taxonomy", str(MINI), preexec_fn=closed(0))
    assert result.returncode == 130
    assert b"End of input. Nothing was answered yet" in result.stderr
    assert b"Traceback" not in result.stderr


@pytest.mark.parametrize("command", [["report"], ["report", "--json"], ["history"], ["quiz"]], ids=" ".join)
def test_a_closed_stdout_is_an_error_not_silence(command: list[str], one_assessment: Path) -> None:
    result = run_bytes(*command, "--taxonomy", str(one_assessment), preexec_fn=closed(1), input=b"q\n")
    assert result.returncode == 1
    assert b"standard output is closed, so the result cannot be written" in result.stderr
    assert b"Traceback" not in result.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("command", [["report"], ["report", "--json"]], ids=" ".join)
def test_a_full_disk_behind_stdout_is_an_error_not_a_traceback(command: list[str], one_assessment: Path) -> None:
    with Path("/dev/full").open("wb") as full:
        result = run_bytes(*command, "--taxonomy", str(one_assessment), stdout=full, stderr=subprocess.PIPE)
    assert result.returncode == 1
    assert b"could not write the result to standard output (No space left on device)" in result.stderr
    assert b"Traceback" not in result.stderr


@pytest.mark.parametrize("columns", ["0", "1", "12", "\u00b2", "-5", "lots"])
def test_any_columns_value_gives_readable_output(columns: str, one_assessment: Path) -> None:
    env = {"COLUMNS": columns, "LINES": columns}
    report = skillcheck("report", "--taxonomy", str(one_assessment), env=env)
    assert report.returncode == 0, report.stderr
    assert "Closest path" in report.stdout
    assert skillcheck("--help", env=env).stdout.count("quiz") >= 1
    quiz = skillcheck("quiz", "--restart", "--taxonomy", str(one_assessment), input="q\n", env=env)
    assert quiz.returncode == 0, quiz.stderr
    assert "Pyth" in quiz.stdout and "Your level" in quiz.stdout


def test_the_saved_path_is_never_wrapped(tmp_path: Path) -> None:
    home = tmp_path / ("a-long-directory-name-" * 4) / "home"
    result = skillcheck("quiz", "--taxonomy", str(MINI), input=piped(1, 1, 1), env={"SKILLCHECK_HOME": str(home)})
    assert result.returncode == 0, result.stderr
    (saved,) = (home / "assessments").iterdir()
    assert f"Assessment saved to {saved}\n" in result.stdout


# --- typed and piped input, help, Markdown -------------------------------------------------------


def test_piped_answers_starting_with_a_byte_order_mark_land_on_their_prompts(skillcheck_home: Path) -> None:
    result = run_bytes("quiz", "--taxonomy", str(MINI), input=b"\xef\xbb\xbf" + piped(2, 1, 0).encode())
    assert result.returncode == 0, result.stderr
    (saved,) = (skillcheck_home / "assessments").iterdir()
    assert load_assessment(saved).ratings == {"py": 2, "git": 1, "stats": 0}


def test_quiz_help_promises_no_scale_a_taxonomy_may_not_have() -> None:
    text = " ".join(skillcheck("quiz", "--help").stdout.split())
    assert "0-4" not in text and "a-d" not in text
    assert "each prompt shows" in text


@pytest.mark.parametrize("name", ["R&D", "&copy; &amp; &#x41;", "<b>bold</b>", "*a* _b_ `c`", "a | b", "\\*", "[x](y)"])
def test_markdown_export_shows_outside_text_literally_when_rendered(
    name: str, tmp_path: Path, mini: LoadedTaxonomy
) -> None:
    from markdown_it import MarkdownIt

    taxonomy = tmp_path / "t.yaml"
    taxonomy.write_bytes(mini_with("name: Analyst\n", f"name: {json.dumps(name)}\n"))
    data = stored(mini)
    assessment = tmp_path / "a.json"
    assessment.write_text(json.dumps(data))
    result = skillcheck("report", "--taxonomy", str(taxonomy), "--from", str(assessment), "--format", "markdown")
    assert result.returncode == 0, result.stderr
    html = MarkdownIt("commonmark").enable("table").render(result.stdout)
    assert html.count(__import__("html").escape(name, quote=False)) >= 1, html


# --- every command, one stream rule ---------------------------------------------------------------

EVERY_COMMAND = [
    ["explain"],
    ["schema"],
    ["validate"],
    ["--version"],
    ["--help"],
    ["report", "--help"],
    ["quiz", "--template"],
    ["report"],
    ["report", "--json"],
    ["plan", "--help"],
    ["history"],
    ["skills"],
    ["paths"],
]


def _with_taxonomy(command: list[str], taxonomy: Path) -> list[str]:
    needs = command[0] in ("report", "plan", "history") and "--help" not in command
    return [*command, "--taxonomy", str(taxonomy)] if needs else command


@pytest.mark.parametrize("command", EVERY_COMMAND, ids=" ".join)
def test_every_command_says_the_same_when_stdout_is_closed(command: list[str], one_assessment: Path) -> None:
    result = run_bytes(*_with_taxonomy(command, one_assessment), preexec_fn=closed(1))
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith(b"skillcheck: standard output is closed"), result.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("command", EVERY_COMMAND, ids=" ".join)
def test_every_command_says_the_same_when_stdout_is_full(command: list[str], one_assessment: Path) -> None:
    with Path("/dev/full").open("wb") as full:
        result = run_bytes(*_with_taxonomy(command, one_assessment), stdout=full, stderr=subprocess.PIPE)
    assert result.returncode == 1, result.stderr
    assert result.stderr == b"skillcheck: could not write the result to standard output (No space left on device).\n"


def test_team_says_the_same_when_stdout_is_closed(one_assessment: Path, skillcheck_home: Path) -> None:
    result = run_bytes("team", "--taxonomy", str(one_assessment), str(skillcheck_home), preexec_fn=closed(1))
    assert result.returncode == 1
    assert b"skillcheck: standard output is closed" in result.stderr


@pytest.mark.parametrize("value", ["1000000", str(10**18), "999999999999999999"])
def test_huge_columns_and_lines_are_cut_to_a_screen(value: str, one_assessment: Path) -> None:
    # A hang guard only (10x what it takes): the width is cut to streams.MAX_SIZE.
    result = run_bytes("report", "--taxonomy", str(one_assessment), env={"COLUMNS": value, "LINES": value})
    assert result.returncode == 0, result.stderr
    assert max(len(line) for line in result.stdout.decode().splitlines()) <= 1000
