"""Shared fixtures: every test gets its own data directory, never the real one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings
from testfiles import MINI, mini_with

from skillcheck.resources import default_taxonomy_path
from skillcheck.taxonomy.load import LoadedTaxonomy, load_taxonomy

# CI must never flake, so property tests draw the same examples on every run. To search for new
# counterexamples instead, run with HYPOTHESIS_PROFILE=explore (README, "Tests").
settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

E2E = Path(__file__).parent / "e2e"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Everything under tests/e2e/ is end to end; the fast tier is `-m "not e2e"` (README, Development)."""
    for item in items:
        if E2E in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(autouse=True)
def skillcheck_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("SKILLCHECK_HOME", str(home))
    monkeypatch.setenv("SKILLCHECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")
    return home


@pytest.fixture(scope="session")
def shipped() -> LoadedTaxonomy:
    return load_taxonomy(default_taxonomy_path())


@pytest.fixture(scope="session")
def mini() -> LoadedTaxonomy:
    return load_taxonomy(MINI)


@pytest.fixture
def other_taxonomy(tmp_path: Path) -> Path:
    """The mini taxonomy under another id: a different taxonomy that happens to share skill ids."""
    path = tmp_path / "other.yaml"
    path.write_bytes(mini_with("id: mini\n", "id: other\n"))
    return path
