"""What many tests share: where the fixtures are, and one way each to run the CLI.

Importable from every test module (pytest `pythonpath`).
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from skillcheck.cli import app
from skillcheck.taxonomy.load import LoadedTaxonomy

ROOT = Path(__file__).resolve().parents[2]  # the repository
FIXTURES = ROOT / "tests" / "fixtures"
MINI = FIXTURES / "mini.yaml"
SCHEMAS = ROOT / "schemas"
README = ROOT / "README.md"

runner = CliRunner()


def invoke(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Any:
    """The CLI in this process, as typer's test runner drives it (fast; stdout and stderr apart)."""
    return runner.invoke(app, list(args), input=input, env=env, catch_exceptions=False)


def skillcheck(*args: str, input: str | None = None, env: dict[str, str] | None = None, **kwargs: Any) -> Any:
    """The installed command in a subprocess, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "skillcheck", *args],
        input=input,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,  # a hang guard only
        **kwargs,
    )


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert "Error:" not in result.stderr.split("skillcheck:")[0], result.stderr


def render(renderable: object, width: int = 80) -> str:
    """A rich renderable as plain text."""
    from rich.console import Console

    out = io.StringIO()
    Console(file=out, width=width, color_system=None, force_terminal=False).print(renderable)
    return out.getvalue()


def stored(loaded: LoadedTaxonomy) -> dict[str, Any]:
    """A complete, valid assessment of the mini taxonomy as a stored file holds it."""
    from skillcheck.measure.flow import new_assessment
    from skillcheck.measure.quizplan import plan_quiz
    from skillcheck.taxonomy.models import Check, Rating

    assessment = new_assessment(plan_quiz(loaded.taxonomy), loaded.ref)
    answers = (
        Rating(skill="py", level=2),
        Check(skill="py", question="py-2", level=2, choice="b", correct=True),
        Rating(skill="git", level=1),
        Check(skill="git", question="git-1", level=1, choice="b", correct=False),
        Rating(skill="stats", level=0),
    )
    done = assessment.model_copy(update={"answers": answers, "taken_at": assessment.started_at})
    return json.loads(done.model_dump_json())


def mini_with(old: str, new: str) -> bytes:
    text = MINI.read_text()
    assert old in text, old
    return text.replace(old, new, 1).encode()


def marked_taxonomy(path: Path) -> Path:
    """The mini taxonomy with three questions per level, each saying its level and which option is
    right, so a test in a terminal can answer as someone at a known level would."""
    import yaml

    data = yaml.safe_load(MINI.read_text())
    for skill in data["skills"]:
        skill["questions"] = [
            {
                "id": f"{skill['id']}-{level}{n}",
                "level": level,
                "prompt": f"Level {level} question {n} of {skill['name']}: which option is right?",
                "options": [{"text": "Wrong first"}, {"text": "Right one", "correct": True}, {"text": "Wrong last"}],
                "explanation": "The option that says so is right.",
            }
            for level in (1, 2, 3)
            for n in (1, 2, 3)
        ]
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


# A YAML "billion laughs": nine levels of nine aliases each.
BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
    for i in range(8)
)


def piped(*levels: int) -> str:
    """Piped answers for a whole quiz: each skill's level, then "I don't know" to every check.

    The adaptive quiz asks a varying number of checks; an `i` typed where a rating is expected is
    an invalid answer that is simply asked again, so four per skill always reach the next skill.
    """
    return "".join(f"{level}\n" + "i\n" * 4 for level in levels)


def knows(shipped: LoadedTaxonomy, skill_id: str, level: int) -> dict[str, str]:
    """Every question of a skill answered as someone at `level` would: right up to it, wrong above."""
    skill = shipped.taxonomy.skills_by_id[skill_id]
    return {
        q.id: q.correct_letter if q.level <= level else q.letters[(q.correct_index + 1) % len(q.options)]
        for q in skill.questions
    }


# Answers for the mini taxonomy, as an answers file holds them.
ANSWERS = {"ratings": {"py": 1, "git": 0, "stats": 0}, "answers": {"py-1": "a"}}


# Control sequences that must never reach a terminal or a document raw: ESC, CSI, BEL.
ESCAPES = ("\x1b", "\x9b", "\x07")


def take(taxonomy: Path, tmp_path: Path, ratings: dict[str, int] | None = None) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"ratings": ratings or ANSWERS["ratings"], "answers": ANSWERS["answers"]}))
    result = skillcheck("quiz", "--answers", str(answers), "--taxonomy", str(taxonomy))
    assert result.returncode == 0, result.stderr


def mini_quiz(answers: str) -> subprocess.CompletedProcess[str]:
    """`skillcheck quiz` on the mini taxonomy in a subprocess, answers piped in."""
    return subprocess.run(
        [sys.executable, "-m", "skillcheck", "quiz", "--taxonomy", str(MINI)],
        input=answers,
        capture_output=True,
        text=True,
        check=False,
    )


def start_mini_quiz(*, stderr: int = subprocess.DEVNULL) -> subprocess.Popen[bytes]:
    """The same quiz, left running with a pipe to type into."""
    return subprocess.Popen(
        [sys.executable, "-m", "skillcheck", "quiz", "--taxonomy", str(MINI)],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=stderr,
    )


def backdate(home: Path, days: float) -> None:
    """Move every stored completed assessment `days` into the past, as if taken then: earlier
    checks carry forward widened by the time gone by, so a test of real learning needs some."""
    from datetime import datetime, timedelta

    def earlier(text: str) -> str:
        return (datetime.fromisoformat(text) - timedelta(days=days)).isoformat()

    for path in sorted((home / "assessments").glob("*.json")):
        data = json.loads(path.read_text())
        for key in ("started_at", "taken_at"):
            if data.get(key):
                data[key] = earlier(data[key])
        for check in data.get("earlier", []):
            check["at"] = earlier(check["at"])
        path.write_text(json.dumps(data))


def load_benchmark(name: str) -> Any:
    """A script of benchmarks/ as a module, for tests of its helpers (benchmarks/ is no package)."""
    import importlib.util

    folder = ROOT / "benchmarks"
    sys.path.insert(0, str(folder))
    try:
        spec = importlib.util.spec_from_file_location(name, folder / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # its dataclasses look their module up by name
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(folder))
