"""An installed, non-editable wheel finds its taxonomy from any directory."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from testfiles import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    if built.returncode != 0:
        pytest.fail(f"pip wheel failed:\n{built.stderr}")
    return next(out.glob("skillcheck-*.whl"))


def test_the_wheel_contains_the_default_taxonomy(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "skillcheck/data/skills.yaml" in names
    assert "skillcheck/py.typed" in names


def test_an_installed_wheel_validates_its_taxonomy_from_another_directory(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    # The installed copy comes first on the path; its dependencies come from this environment.
    env = dict(os.environ, PYTHONPATH=str(target))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = subprocess.run(
        [sys.executable, "-c", "import skillcheck.resources as t; print(t.default_taxonomy_path())"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert where.stdout.strip().startswith(str(target))
    result = subprocess.run(
        [sys.executable, "-m", "skillcheck", "validate"], cwd=elsewhere, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "valid taxonomy 'skillcheck-default'" in result.stdout
    schema = subprocess.run(
        [sys.executable, "-m", "skillcheck", "schema"], cwd=elsewhere, env=env, capture_output=True, text=True
    )
    assert schema.returncode == 0 and schema.stdout.startswith("{")
