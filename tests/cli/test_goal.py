"""The goal first: chosen at the quiz or later, it leads the report and the plan."""

from __future__ import annotations

import json
from pathlib import Path

from testfiles import invoke, knows

from skillcheck.taxonomy.load import LoadedTaxonomy


def take(tmp_path: Path, shipped: LoadedTaxonomy, *args: str, goal: str | None = None) -> None:
    levels = {"python": 2, "sql": 3, "statistics": 3, "data-analysis": 3}
    answers = {k: v for skill, level in levels.items() for k, v in knows(shipped, skill, level).items()}
    data: dict[str, object] = {"ratings": levels, "answers": answers}
    if goal is not None:
        data["goal"] = goal
    file = tmp_path / "answers.json"
    file.write_text(json.dumps(data))
    result = invoke("quiz", "--answers", str(file), *args)
    assert result.exit_code == 0, result.stderr


def report() -> dict:
    result = invoke("report", "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_a_goal_given_to_the_quiz_leads_the_report_and_the_plan(tmp_path: Path, shipped: LoadedTaxonomy) -> None:
    take(tmp_path, shipped, "--goal", "ml-engineer")
    document = report()
    assert document["goal"] == {"path": "ml-engineer", "name": "Machine Learning Engineer", "source": "set"}
    assert document["focus"] == ["ml-engineer"]
    assert document["closest_path"] != "ml-engineer"  # the verdict still names the closest path
    plan = json.loads(invoke("plan", "--json").stdout)
    assert plan["path"] == "ml-engineer" and plan["chosen_by"] == "goal"
    assert "Machine Learning Engineer" in invoke("goal").stdout


def test_an_answers_file_may_name_the_goal(tmp_path: Path, shipped: LoadedTaxonomy) -> None:
    take(tmp_path, shipped, goal="data-engineer")
    assert report()["goal"]["path"] == "data-engineer"


def test_the_goal_changes_without_retaking_and_report_goal_overrides_it(
    tmp_path: Path, shipped: LoadedTaxonomy
) -> None:
    take(tmp_path, shipped)
    assert "goal" not in report()  # none chosen: the closest path leads, as before
    changed = invoke("goal", "software-engineer")
    assert changed.exit_code == 0 and "Software Engineer" in changed.stdout
    assert report()["goal"]["path"] == "software-engineer"
    given = json.loads(invoke("report", "--json", "--goal", "data-scientist").stdout)
    assert given["goal"]["source"] == "given" and given["focus"] == ["data-scientist"]
    assert report()["goal"]["path"] == "software-engineer"  # --goal is for that report only
    assert invoke("goal", "--clear").exit_code == 0
    assert "goal" not in report()


def test_an_unknown_goal_is_refused_with_a_suggestion(tmp_path: Path, shipped: LoadedTaxonomy) -> None:
    result = invoke("goal", "ml-enginer")
    assert result.exit_code == 2
    assert "ml-engineer" in result.stderr
    file = tmp_path / "a.json"
    file.write_text(json.dumps({"goal": "data-sceintist", "ratings": {"python": 1}}))
    refused = invoke("quiz", "--answers", str(file))
    assert refused.exit_code == 2 and "data-scientist" in refused.stderr


def test_each_path_has_one_readiness_figure_in_the_report_the_plan_and_json(
    tmp_path: Path, shipped: LoadedTaxonomy
) -> None:
    take(tmp_path, shipped, "--goal", "ml-engineer")
    document = report()
    compared = json.loads(invoke("plan", "--compare", "--json").stdout)
    ours = {p["id"]: round(p["readiness"], 1) for p in document["paths"]}
    theirs = {p["id"]: p["readiness_now"] for p in compared["paths"]}
    assert ours == theirs
    met = {p["id"]: p["requirements_met"] for p in document["paths"]}
    assert met == {p["id"]: p["requirements_met"] for p in compared["paths"]}
    plan = json.loads(invoke("plan", "--json").stdout)
    assert plan["readiness_now"] == ours["ml-engineer"]
    lines = invoke("plan", "--compare").stdout.splitlines()
    for path in document["paths"]:
        row = next(line for line in lines if line.strip().startswith(path["name"] + " "))
        # A path some of whose skills were not assessed shows no figure, as in the report.
        shown = f"{path['readiness']:.0f}%" if path["assessed"] == path["required"] else "-"
        assert row.split()[len(path["name"].split())] == shown


def test_a_damaged_or_unknown_saved_goal_is_said_and_not_used(
    tmp_path: Path, shipped: LoadedTaxonomy, skillcheck_home: Path
) -> None:
    take(tmp_path, shipped, goal="ml-engineer")
    goal_file = skillcheck_home / "goal.json"
    for content, said in (
        ('{"path": "\\u001b[31mnope"}', "'\\x1b[31mnope', is not a path of this taxonomy"),
        ("junk", "is damaged"),
        ('{"path": 3}', "is damaged"),
    ):
        goal_file.write_text(content)
        for command in (("goal",), ("report",), ("plan",)):
            result = invoke(*command)
            assert result.exit_code == 0, result.stderr
            assert said in result.stderr and "\x1b" not in result.stderr + result.stdout
        assert "No goal set" in invoke("goal").stdout
    goal_file.write_text('{"path": null}')  # "compare them all", as `goal --clear` writes it
    assert invoke("goal").stderr == ""
