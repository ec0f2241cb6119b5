"""The last resort: an unexpected error is one paragraph and exit 1; the rest say what to do."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from testfiles import ANSWERS, ROOT, skillcheck

# --- the last resort ---------------------------------------------------------------------------


def test_an_unexpected_error_is_one_paragraph_and_exit_1_not_a_traceback() -> None:
    crash = (
        "import sys\n"
        "import skillcheck.commands as commands\n"
        "def broken(*args, **kwargs):\n"
        "    raise RuntimeError('boom \\x1b[2J')\n"
        "commands.history = broken\n"
        "sys.argv = ['skillcheck', 'history']\n"
        "from skillcheck.cli import main\n"
        "main()\n"
    )
    result = subprocess.run([sys.executable, "-c", crash], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr.startswith("skillcheck: unexpected error (RuntimeError: boom \\x1b[2J). This is a bug")
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1
    shown = subprocess.run(
        [sys.executable, "-c", crash],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "SKILLCHECK_TRACEBACK": "1"},
    )
    assert "Traceback" in shown.stderr


def test_the_only_catch_all_in_the_source_is_the_documented_last_resort() -> None:
    source = ROOT / "src" / "skillcheck"
    found = [
        f"{path.relative_to(source)}:{number}"
        for path in sorted(source.rglob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if "except Exception" in line or "except BaseException" in line or line.strip() == "except:"
    ]
    # files.atomic_write removes its temp file on any exception and re-raises it.
    assert [place.split(":")[0] for place in found] == ["cli.py", "files.py"], found
    readme = (ROOT / "README.md").read_text()
    assert "unexpected error" in readme and "SKILLCHECK_TRACEBACK" in readme


def test_the_taxonomy_file_named_in_the_message_works_from_any_directory(other_taxonomy: Path, tmp_path: Path) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(ANSWERS))
    taken = skillcheck("quiz", "--answers", str(answers), "--taxonomy", other_taxonomy.name, cwd=other_taxonomy.parent)
    assert taken.returncode == 0, taken.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    refused = skillcheck("report", cwd=elsewhere)
    assert f"--taxonomy {other_taxonomy}." in refused.stderr
    assert skillcheck("report", "--taxonomy", str(other_taxonomy), cwd=elsewhere).returncode == 0


def test_team_with_no_readable_input_says_why_each_was_skipped(tmp_path: Path) -> None:
    bad = tmp_path / "a.json"
    bad.write_text(json.dumps({"schema_version": 2, "name": "\x1b]52;c;SGVsbG8=\x07x", "closest_path": "x"}))
    (tmp_path / "b.json").write_text("{")
    result = skillcheck("team", str(tmp_path))
    assert result.returncode == 2
    assert "no readable report or assessment" in result.stderr
    assert f"{bad}:" in result.stderr and f"{tmp_path / 'b.json'}:" in result.stderr
    assert "\x1b" not in result.stderr
