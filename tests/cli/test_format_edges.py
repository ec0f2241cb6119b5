"""Edges of the formats: option letters, strict whole numbers, duplicate keys, many misspelt ids."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from testfiles import MINI, invoke, mini_with

from skillcheck.measure.flow import Give, Notice, interpret
from skillcheck.measure.quizplan import CheckStep, RateStep
from skillcheck.taxonomy.load import TaxonomyError, parse_taxonomy
from skillcheck.taxonomy.models import Option, Question, Skill

EIGHT = tuple(Option(text=f"option {n}", correct=n == 7) for n in range(8))


def _eight_option_step() -> CheckStep:
    question = Question(id="q", level=1, prompt="Which?", options=EIGHT, explanation="The eighth.")
    skill = Skill(id="s", name="S", area="a", description="D.", levels={1: "One."}, questions=(question, question))
    return CheckStep(skill, question, tuple(range(8)))


def test_h_picks_the_eighth_option_where_there_are_eight() -> None:
    action = interpret(_eight_option_step(), "h", top_level=3)
    assert isinstance(action, Give) and action.answer.choice == "h"  # type: ignore[union-attr]
    assert isinstance(interpret(_eight_option_step(), "?", top_level=3), Notice)


def test_h_is_still_help_at_a_rating_prompt() -> None:
    step = RateStep(_eight_option_step().skill)
    assert isinstance(interpret(step, "h", top_level=3), Notice)


@pytest.mark.parametrize("hours", ["yes", "true", "on", "'5'", "5.0"])
def test_hours_are_strict_whole_numbers(hours: str) -> None:
    raw = mini_with("    resources:\n", f"    steps:\n      1: {{hours: {hours}, basis: A guess.}}\n    resources:\n")
    with pytest.raises(TaxonomyError, match=r"hours"):
        parse_taxonomy(raw, "t.yaml")


def test_a_duplicate_key_in_a_json_answers_file_is_refused(tmp_path: Path) -> None:
    answers = tmp_path / "a.json"
    answers.write_text('{"ratings": {"py": 1, "py": 3}, "answers": {}}')
    result = invoke("quiz", "--answers", str(answers), "--taxonomy", str(MINI))
    assert result.exit_code == 2
    assert "the key 'py' appears twice" in result.stderr


def test_thousands_of_misspelt_ids_are_listed_quickly(tmp_path: Path) -> None:
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps({"ratings": {f"pyhton-{n}": 1 for n in range(4000)}, "answers": {}}))
    started = time.monotonic()
    result = invoke("quiz", "--answers", str(answers), "--taxonomy", str(MINI))
    assert result.exit_code == 2
    assert "4000 problems" in result.stderr
    assert time.monotonic() - started < 30  # a hang guard only (it takes well under a second)


def test_the_same_plan_under_any_hash_seed(tmp_path: Path) -> None:
    """Plans are the same under every PYTHONHASHSEED: set order never decides a step."""
    from skillcheck.resources import default_taxonomy_path

    home = tmp_path / "home"
    ratings = {"python": 1, "sql": 1, "statistics": 1, "machine-learning": 0, "version-control": 1}
    (tmp_path / "a.json").write_text(json.dumps({"ratings": ratings, "answers": {}}))
    env = {**os.environ, "SKILLCHECK_HOME": str(home)}
    run = [sys.executable, "-m", "skillcheck"]
    subprocess.run([*run, "quiz", "--answers", str(tmp_path / "a.json")], env=env, check=True, capture_output=True)
    plans = {
        subprocess.run(
            [*run, "plan", "--json", "--path", "ml-engineer", "--taxonomy", str(default_taxonomy_path())],
            env={**env, "PYTHONHASHSEED": seed},
            capture_output=True,
            check=True,
            timeout=120,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(plans) == 1
