"""The golden cases: commands over assessments recorded before a refactor, and their stored output.

`python tests/golden.py --update` records every case's output under tests/fixtures/golden/out/;
tests/e2e/test_golden.py replays the cases and compares byte for byte. Re-record only when a change
is meant to alter what users see, and say so in the commit.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

GOLDEN = Path(__file__).resolve().parents[1] / "fixtures" / "golden"
TAXONOMY = GOLDEN / "taxonomy.yaml"
HOME = GOLDEN / "home"
OUT = GOLDEN / "out"

T = ("-t", str(TAXONOMY))
ASSESSMENTS = sorted((HOME / "assessments").glob("*.json"))
TEAM = "{team}"  # replaced by the assessments folder of the case's home copy

CASES: dict[str, tuple[str, ...]] = {
    "report": ("report", *T),
    "report-details": ("report", "--details", *T),
    "report-goal": ("report", "--goal", "ml-engineer", *T),
    "report-json": ("report", "--json", *T),
    "report-markdown": ("report", "--format", "markdown", *T),
    "report-html": ("report", "--format", "html", *T),
    "report-profile": ("report", "--profile", *T),
    "report-path": ("report", "--path", "ml-engineer", "--path", "data-engineer", *T),
    "report-compare": ("report", "--from", "2", "--compare", "5", *T),
    "plan": ("plan", *T),
    "plan-json": ("plan", "--json", *T),
    "plan-markdown": ("plan", "--format", "markdown", "--path", "ml-engineer", *T),
    "plan-compare": ("plan", "--compare", *T),
    "plan-compare-json": ("plan", "--compare", "--json", "--from", "4", *T),
    "plan-week": ("plan", "--path", "software-engineer", "-w", "3", "--from", "5", *T),
    "history": ("history", *T),
    "history-json": ("history", "--json", *T),
    "team": ("team", TEAM, *T),
    "team-json": ("team", TEAM, "--json", *T),
    "team-jsonl": ("team", TEAM, "--format", "jsonl", *T),
    "team-html": ("team", TEAM, "--format", "html", *T),
    "skills": ("skills", *T),
    "skills-one": ("skills", "python", *T),
    "skills-json": ("skills", "--json", "--area", "data", *T),
    "paths": ("paths", *T),
    "paths-one": ("paths", "ml-engineer", *T),
    "paths-json": ("paths", "--json", *T),
    "schema-report": ("schema", "--of", "report"),
    "validate": ("validate", str(TAXONOMY)),
    "bad-from": ("report", "--from", "99", *T),
}
for number in range(1, len(ASSESSMENTS) + 1):
    for fmt in ("text", "json", "markdown"):
        CASES[f"from-{number}-{fmt}"] = ("report", "--from", str(number), "--format", fmt, *T)
    CASES[f"from-{number}-plan"] = ("plan", "--from", str(number), "--path", "ml-engineer", *T)


def home_copy(where: Path) -> Path:
    """A fresh copy of the recorded data directory: commands may write (a cache, a lock)."""
    home = where / "home"
    shutil.copytree(HOME, home)
    return home


def argv(case: str, home: Path) -> list[str]:
    return [str(home / "assessments") if arg == TEAM else arg for arg in CASES[case]]


def run(case: str, home: Path) -> str:
    """The case's exit code, stdout and stderr as one text, with the home path made neutral."""
    from typer.testing import CliRunner

    from skillcheck.cli import app

    result = CliRunner().invoke(app, argv(case, home), prog_name="skillcheck", catch_exceptions=False)
    text = f"exit {result.exit_code}\n--- stdout\n{result.stdout}--- stderr\n{result.stderr}"
    return text.replace(str(home), "$HOME").replace(str(GOLDEN), "$GOLDEN")


def environment() -> Iterator[None]:
    """The environment every case runs in: no colour, 100 columns, a fixed cache."""
    keep = dict(os.environ)
    os.environ.update({"NO_COLOR": "1", "COLUMNS": "100", "LINES": "40"})
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(keep)


def update() -> None:
    import tempfile

    OUT.mkdir(exist_ok=True)
    for old in OUT.glob("*.txt"):
        old.unlink()
    with tempfile.TemporaryDirectory() as where:
        gen = environment()
        next(gen)
        for case in CASES:
            home = home_copy(Path(where) / case)
            os.environ["SKILLCHECK_HOME"] = str(home)
            os.environ["SKILLCHECK_CACHE_DIR"] = str(Path(where) / case / "cache")
            (OUT / f"{case}.txt").write_text(run(case, home), encoding="utf-8")
    print(f"recorded {len(CASES)} cases in {OUT}", file=sys.stderr)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: python tests/golden.py --update")
    update()
