"""quiz --template: a file the same tool reads back, for the skills asked for, in any locale."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml
from testfiles import invoke, mini_with


def test_the_template_covers_only_the_skills_named_and_a_mistyped_one_is_refused() -> None:
    text = invoke("quiz", "--template", "--skill", "statistics").stdout
    data = yaml.safe_load(text)
    assert list(data["ratings"]) == ["statistics"]
    assert all(key.startswith("statistics-") for key in data["answers"])
    wrong = invoke("quiz", "--template", "--skill", "statistcs")
    assert wrong.exit_code == 2 and "statistics" in wrong.stderr


def test_a_multi_line_skill_name_stays_a_comment(tmp_path: Path) -> None:
    taxonomy = tmp_path / "t.yaml"
    taxonomy.write_bytes(mini_with("    name: Python", "    name: >-\n      Python,\n\n      the language"))
    text = invoke("quiz", "--template", "-t", str(taxonomy)).stdout
    assert yaml.safe_load(text)["ratings"] is not None


def test_a_template_written_in_a_latin1_locale_is_read_back(tmp_path: Path) -> None:
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONIOENCODING": "latin-1", "PYTHONUTF8": "0"}
    taxonomy = tmp_path / "t.yaml"
    taxonomy.write_bytes(mini_with("    name: Python", "    name: Pythön → the language"))
    made = subprocess.run(
        [sys.executable, "-m", "skillcheck", "quiz", "--template", "-t", str(taxonomy)],
        capture_output=True,
        env=env,
        timeout=120,
    )
    assert made.returncode == 0, made.stderr
    text = made.stdout.decode("utf-8")  # UTF-8 whatever the locale, as the tool reads it back
    assert "Pythön → the language" in text
    file = tmp_path / "answers.yaml"
    file.write_bytes(made.stdout)
    assert yaml.safe_load(text)["ratings"]
