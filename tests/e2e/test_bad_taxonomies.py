"""Hostile taxonomy files: every one exits 2 with its location, no traceback and no blow-up."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError
from testfiles import BOMB, MINI

from skillcheck.taxonomy.models import Skill

HOSTILE = {
    "alias-bomb.yaml": BOMB,
    "bomb-in-string.yaml": BOMB + "id: x\nversion: *i\n",
    "deep-flow.yaml": "[" * 1000 + "]" * 1000,
    "deep-block.yaml": "".join(" " * i + f"k{i}:\n" for i in range(1000)) + " " * 1000 + "v\n",
    "duplicate-keys.yaml": MINI.read_text() + "id: again\n",
    "python-tag.yaml": "id: !!python/object/apply:os.system ['echo pwned']\n",
    "not-utf8.yaml": "id: caf\udce9\n",
    "control-chars.yaml": MINI.read_text().replace("name: Python\n", 'name: "\\e[2J\\e]52;c;ZXZpbA==\\a"\n'),
    "bidi.yaml": MINI.read_text().replace("name: Python\n", 'name: "Py\\u202Ethon"\n'),
    "empty.yaml": "",
    "directory": None,
}


def write_hostile(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    content = HOSTILE[name]
    if content is None:
        path.mkdir()
    else:
        path.write_bytes(content.encode("utf-8", "surrogateescape"))
    return path


PEAK_OF_CHILD = (
    "import resource, subprocess, sys; code = subprocess.call(sys.argv[1:]); "
    "sys.stderr.write(f'peak-kib={resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}'); sys.exit(code)"
)


@pytest.mark.parametrize("name", sorted(HOSTILE))
@pytest.mark.parametrize("command", [["validate"], ["report", "--taxonomy"]])
def test_each_hostile_taxonomy_exits_2_without_traceback_or_blowup(
    tmp_path: Path, name: str, command: list[str]
) -> None:
    path = write_hostile(tmp_path, name)
    # timeout: a hang guard only (a guarded refusal takes well under a second); speed is benchmarked.
    # The command runs under a small wrapper that reports the peak memory of that one process
    # (this test process's own RUSAGE_CHILDREN would include every earlier child, a browser too).
    result = subprocess.run(
        [sys.executable, "-c", PEAK_OF_CHILD, sys.executable, "-m", "skillcheck", *command, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    stderr, _, peak = result.stderr.rpartition("peak-kib=")
    assert result.returncode == 2, stderr
    assert result.stdout == ""
    assert stderr.startswith("skillcheck: ")
    assert "Traceback" not in stderr
    assert str(path) in stderr
    assert int(peak) < 200 * 1024


def test_control_characters_are_reported_with_their_location(tmp_path: Path) -> None:
    path = write_hostile(tmp_path, "control-chars.yaml")
    result = subprocess.run([sys.executable, "-m", "skillcheck", "validate", str(path)], capture_output=True, text=True)
    assert "skills[0].name: contains the control character U+001B at position 0" in result.stderr
    assert "\x1b" not in result.stderr


def test_bidi_overrides_are_rejected() -> None:
    with pytest.raises(ValidationError, match="U\\+202E"):
        Skill.model_validate(
            {"id": "x", "name": "a\u202eb", "area": "a", "description": "d", "levels": {}, "questions": []}
        )
