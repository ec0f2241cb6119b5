"""`skillcheck plan` and `skillcheck quiz --skill` as a user meets them: output, files, exit codes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from testfiles import MINI, ROOT, backdate, invoke, knows

from skillcheck.storage.store import Store
from skillcheck.taxonomy.load import LoadedTaxonomy

SCHEMAS = ROOT / "schemas"
ANSI = re.compile(r"\x1b\[")

# A person's true levels: they rate themselves honestly and answer every check as that level would.
TRUE_LEVELS = {
    "python": 2, "data-structures": 1, "algorithms": 1, "computer-architecture": 1, "software-design": 1,
    "version-control": 2, "testing": 1, "command-line": 2, "java": 0, "r-programming": 0,
    "containers-cloud": 1, "collaboration": 2, "data-modelling": 1, "sql": 2, "data-analysis": 2,
    "data-pipelines": 1, "distributed-data": 0, "communication": 2, "machine-learning": 1, "deep-learning": 0,
    "computer-vision": 0, "mlops": 0, "llm-applications": 1, "linear-algebra": 1, "calculus-optimisation": 1,
    "probability": 1, "statistics": 1, "discrete-mathematics": 1, "experiment-design": 1, "numerical-computing": 1,
}  # fmt: skip


def take(tmp_path: Path, shipped: LoadedTaxonomy, levels: dict[str, int], *extra: str, name: str = "a") -> None:
    answers: dict[str, str] = {}
    for skill_id, level in levels.items():
        answers.update(knows(shipped, skill_id, level))
    file = tmp_path / f"{name}.json"
    file.write_text(json.dumps({"ratings": levels, "answers": answers}))
    result = invoke("quiz", "--answers", str(file), *extra)
    assert result.exit_code == 0, result.output


@pytest.fixture
def quizzed(tmp_path: Path, shipped: LoadedTaxonomy) -> None:
    take(tmp_path, shipped, TRUE_LEVELS)


def schema(name: str) -> dict:
    return json.loads((SCHEMAS / f"{name}.schema.json").read_text())


def plan_json(*args: str) -> dict:
    result = invoke("plan", "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# --- plan -------------------------------------------------------------------------------------------


def test_plan_has_help_with_an_example() -> None:
    result = invoke("plan", "--help")
    assert result.exit_code == 0 and "Example" in result.stdout and "--hours-per-week" in result.stdout


def test_plan_after_a_quiz_prints_a_week_by_week_plan_in_80_columns(quizzed: None) -> None:
    result = invoke("plan", "--hours-per-week", "6")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert not ANSI.search(out)
    assert max(len(line) for line in out.splitlines()) <= 80
    document = plan_json("--hours-per-week", "6")
    assert out.startswith(f"Learning plan: {document['path_name']} (your closest path)")
    assert f"at 6 hours a week. You are {document['readiness_now']:.0f}% ready, as the report says" in " ".join(
        out.split()
    )
    # A week-by-week schedule: each step under its weeks, in order, from week 1 to the last.
    labels = re.findall(r"^Weeks? (\d+)(?:-(\d+))?: (.+?): level", out, flags=re.MULTILINE)
    assert len(labels) == len(document["steps"]) > 0
    firsts = [int(first) for first, _, _ in labels]
    assert firsts[0] == 1 and firsts == sorted(firsts)
    assert max(int(last or first) for first, last, _ in labels) == document["weeks"]
    assert [name for _, _, name in labels] == [s["name"] for s in document["steps"]]
    for step in document["steps"]:
        if step["check_in"]:
            assert f"Check-in: re-measure with skillcheck quiz --skill {step['skill']}" in out


def test_plan_weeks_hold_at_most_the_hours_per_week(quizzed: None) -> None:
    document = plan_json("--hours-per-week", "6")
    assert document["total_hours"] == sum(s["hours"] for s in document["steps"])
    assert document["weeks"] == -(-document["total_hours"] // 6)
    done = 0
    for step in document["steps"]:
        first, last = step["weeks"]
        # A step starts in the week its first hour falls in and ends in the week of its last.
        assert first == done // 6 + 1
        done += step["hours"]
        assert last == -(-done // 6)
    assert document["steps"][-1]["readiness_after"] == 100


def test_plan_markdown_is_a_checklist_of_steps_and_check_ins(quizzed: None) -> None:
    result = invoke("plan", "--hours-per-week", "6", "--format", "markdown")
    assert result.exit_code == 0
    document = plan_json("--hours-per-week", "6")
    boxes = [line for line in result.stdout.splitlines() if line.startswith("- [ ] ")]
    check_ins = [s for s in document["steps"] if s["check_in"]]
    assert len(boxes) == len(document["steps"]) + len(check_ins)
    steps = [line for line in boxes if "Check-in" not in line]
    for line, step in zip(steps, document["steps"], strict=True):
        assert f"level {step['from_level']} → {step['to_level']}" in line
    assert "- [ ] Check-in: re-measure with `skillcheck quiz --skill" in result.stdout
    assert result.stdout.startswith("# Learning plan: ")


def test_plan_json_validates_against_its_schema_file_and_schema_of_plan_prints_it(quizzed: None) -> None:
    document = plan_json("--hours-per-week", "6")
    printed = json.loads(invoke("schema", "--of", "plan").stdout)
    assert printed == schema("plan")
    jsonschema.validate(document, printed)
    assert document["schema_version"] == 1
    assert document["levels"] == "evidenced"
    assert document["paths"][0]["id"] == document["path"]  # the closest path first


def test_plan_defaults_to_the_reports_closest_path_and_starts_from_its_evidenced_levels(quizzed: None) -> None:
    report = json.loads(invoke("report", "--json").stdout)
    document = plan_json()
    assert document["path"] == report["closest_path"] and document["chosen_by"] == "closest"
    evidenced = {s["id"]: s["evidenced"] for s in report["skills"]}
    first_steps = {}
    for step in document["steps"]:
        first_steps.setdefault(step["skill"], step["from_level"])
    assert first_steps and all(first_steps[s] == evidenced[s] for s in first_steps)
    # The report's verdict names the hours the plan adds up to.
    assert report["paths"][0]["hours_to_meet"] == document["total_hours"]
    text = " ".join(invoke("report", "--details").stdout.split())
    assert f"About {document['total_hours']:,} hours of study would meet it: see skillcheck plan." in text


def test_plan_for_a_chosen_path_and_the_comparison_of_every_path(quizzed: None) -> None:
    document = plan_json("--path", "ml-engineer", "--hours-per-week", "10")
    assert document["path"] == "ml-engineer" and document["chosen_by"] == "given"
    compared = {p["id"]: p for p in document["paths"]}
    assert set(compared) == {"software-engineer", "data-scientist", "data-engineer", "ml-engineer"}
    assert compared["ml-engineer"]["hours"] == document["total_hours"]
    for path in compared.values():
        after = [m["readiness"] for m in path["after"]]
        assert [m["hours"] for m in path["after"]] == [10, 50, 100]
        assert path["readiness_now"] <= after[0] <= after[1] <= after[2] <= 100
    text = invoke("plan", "--compare")
    assert text.exit_code == 0
    assert max(len(line) for line in text.stdout.splitlines()) <= 80
    for path in compared.values():
        assert path["name"] in text.stdout
        assert f"{path['hours']:,}" in text.stdout
    markdown = invoke("plan", "--compare", "--format", "markdown").stdout
    assert "| Path | Now | Met | Hours | +10 h | +50 h | +100 h |" in markdown


def test_plan_usage_errors_exit_2(quizzed: None) -> None:
    unknown = invoke("plan", "--path", "astronaut")
    assert unknown.exit_code == 2 and "unknown career path 'astronaut'" in unknown.stderr
    assert "data-scientist" in unknown.stderr
    both = invoke("plan", "--json", "--format", "markdown")
    assert both.exit_code == 2 and "--json and --format are different choices" in both.stderr
    zero = invoke("plan", "--hours-per-week", "0")
    assert zero.exit_code == 2


def test_plan_without_an_assessment_says_to_take_the_quiz() -> None:
    result = invoke("plan")
    assert result.exit_code == 2
    assert "Take the quiz first: skillcheck quiz" in result.stderr


def test_a_taxonomy_without_effort_estimates_still_reports_and_plan_names_what_is_missing(tmp_path: Path) -> None:
    file = tmp_path / "answers.json"
    file.write_text(json.dumps({"ratings": {"py": 1, "git": 1, "stats": 1}, "answers": {}}))
    assert invoke("quiz", "--taxonomy", str(MINI), "--answers", str(file)).exit_code == 0
    report = invoke("report", "--json", "--taxonomy", str(MINI))
    assert report.exit_code == 0
    assert all("hours_to_meet" not in p for p in json.loads(report.stdout)["paths"])
    result = invoke("plan", "--taxonomy", str(MINI))
    assert result.exit_code == 2
    assert "the taxonomy gives no effort estimate for" in result.stderr
    assert "Add 'hours' and 'basis'" in result.stderr


MINI_STEPS = {
    "      3: Designs a package others use.\n": "    steps:\n"
    "      1: {hours: 10, basis: The tutorial.}\n"
    "      2: {hours: 20, basis: More.}\n"
    "      3: {hours: 40, basis: A book., requires: [{skill: git, level: 2}]}\n",
    "      3: Rewrites history safely.\n": "    steps:\n"
    "      1: {hours: 2, basis: A chapter.}\n"
    "      2: {hours: 4, basis: A chapter.}\n"
    "      3: {hours: 8, basis: A chapter.}\n",
    "      3: Chooses a test for a design.\n": "    steps:\n"
    "      1: {hours: 5, basis: A chapter.}\n"
    "      2: {hours: 15, basis: A course., requires: [{skill: py, level: 1}]}\n"
    "      3: {hours: 30, basis: A course.}\n",
}


def mini_with_steps(tmp_path: Path) -> Path:
    text = MINI.read_text()
    for anchor, steps in MINI_STEPS.items():
        text = text.replace(anchor, anchor + steps, 1)
    path = tmp_path / "mini-steps.yaml"
    path.write_text(text)
    return path


def test_a_person_who_already_meets_the_path_gets_an_empty_plan(tmp_path: Path, mini: LoadedTaxonomy) -> None:
    taxonomy = mini_with_steps(tmp_path)
    questions = {q.id: q.correct_letter for s in mini.taxonomy.skills for q in s.questions}
    file = tmp_path / "answers.json"
    file.write_text(json.dumps({"ratings": {"py": 3, "git": 3, "stats": 3}, "answers": questions}))
    assert invoke("quiz", "--taxonomy", str(taxonomy), "--answers", str(file)).exit_code == 0
    result = invoke("plan", "--taxonomy", str(taxonomy), "--path", "dev")
    assert result.exit_code == 0
    assert "You meet every requirement of Developer at your evidenced levels: nothing to plan." in " ".join(
        result.stdout.split()
    )
    document = plan_json("--taxonomy", str(taxonomy), "--path", "dev")
    assert document["steps"] == [] and document["total_hours"] == 0 and document["weeks"] == 0
    # The same figure the report gives: a level just reached is likely, not certain.
    report = json.loads(invoke("report", "--json", "--taxonomy", str(taxonomy), "--path", "dev").stdout)
    assert document["readiness_now"] == round(next(p for p in report["paths"] if p["id"] == "dev")["readiness"], 1)


def test_a_users_taxonomy_with_steps_gets_a_plan_in_prerequisite_order(tmp_path: Path) -> None:
    taxonomy = mini_with_steps(tmp_path)
    file = tmp_path / "answers.json"
    file.write_text(json.dumps({"ratings": {"py": 0, "git": 0, "stats": 0}, "answers": {}}))
    assert invoke("quiz", "--taxonomy", str(taxonomy), "--answers", str(file)).exit_code == 0
    document = plan_json("--taxonomy", str(taxonomy), "--path", "analyst", "--hours-per-week", "5")
    steps = [(s["skill"], s["to_level"]) for s in document["steps"]]
    assert steps.index(("py", 1)) < steps.index(("stats", 2))
    assert set(steps) == {("py", 1), ("stats", 1), ("stats", 2), ("stats", 3)}
    assert document["total_hours"] == 10 + 5 + 15 + 30


# --- quiz --skill -------------------------------------------------------------------------------------


def test_quiz_skill_statistics_asks_only_about_statistics(quizzed: None, skillcheck_home: Path) -> None:
    before = Store(skillcheck_home).completed()
    result = invoke("quiz", "--skill", "statistics", input="3\n" + "i\n" * 6)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "You will rate yourself on 1 skill," in " ".join(out.split())
    assert "Skill 1 of 1" in out and "Skill 2 of" not in out
    # Every panel shown is the statistics rating or a statistics check.
    # A panel's first line is its title; the first panel is the introduction.
    titles = [t for t in re.findall(r"╭─+╮\n│ (.+?) *│", out) if t != "skillcheck quiz"]
    assert "Statistics" in titles and "Check · Statistics" in titles
    assert all(t in ("Statistics", "Check · Statistics") for t in titles), titles
    previous = json.loads(before[-1].read_text())
    stored = json.loads(Store(skillcheck_home).latest().read_text())
    assert stored["only"] == ["statistics"] and stored["update_of"] == previous["id"]
    # The other skills' ratings and checks are kept as they were; the new answers are all statistics.
    kept = [a for a in previous["answers"] if a["skill"] != "statistics"]
    assert stored["answers"][: len(kept)] == kept
    asked = stored["answers"][len(kept) :]
    assert asked and {a["skill"] for a in asked} == {"statistics"}
    assert set(stored["skills"]) == set(TRUE_LEVELS)


def test_after_quiz_skill_the_report_shows_the_new_level_and_every_other_skill_unchanged(
    quizzed: None, tmp_path: Path, shipped: LoadedTaxonomy, skillcheck_home: Path
) -> None:
    first = {s["id"]: s for s in json.loads(invoke("report", "--json").stdout)["skills"]}
    assert first["statistics"]["evidenced"] == 1
    backdate(skillcheck_home, 60)  # two levels of statistics take time to learn: the model asks for some
    take(tmp_path, shipped, {"statistics": 3}, "--skill", "statistics", name="stats")
    report = json.loads(invoke("report", "--json").stdout)
    now = {s["id"]: s for s in report["skills"]}
    assert now["statistics"]["evidenced"] == 3
    assert set(now) == set(first)
    for skill_id in first:
        if skill_id != "statistics":
            assert (now[skill_id]["claimed"], now[skill_id]["evidenced"], now[skill_id]["checks"]) == (
                first[skill_id]["claimed"],
                first[skill_id]["evidenced"],
                first[skill_id]["checks"],
            ), skill_id
    assert report["previous"]["skills_moved"] == [{"id": "statistics", "name": "Statistics", "before": 1, "after": 3}]
    # The plan starts from the new level.
    steps = plan_json("--path", "data-scientist")["steps"]
    assert all(s["to_level"] > 3 for s in steps if s["skill"] == "statistics")


def test_quiz_skill_with_an_unknown_id_suggests_the_closest_and_stores_nothing(skillcheck_home: Path) -> None:
    result = invoke("quiz", "--skill", "statistcs", "--skill", "sql")
    assert result.exit_code == 2
    assert "unknown skill 'statistcs' (did you mean 'statistics'?)" in result.stderr
    assert Store(skillcheck_home).completed() == [] and not (skillcheck_home / "draft.json").exists()
    nothing_close = invoke("quiz", "--skill", "zzzz")
    assert nothing_close.exit_code == 2
    assert "unknown skill 'zzzz'. `skillcheck skills` lists every skill id." in nothing_close.stderr


def test_quiz_skill_and_path_together_are_a_usage_error() -> None:
    result = invoke("quiz", "--skill", "sql", "--path", "data-engineer")
    assert result.exit_code == 2
    assert "--path and --skill are different choices" in result.stderr


def test_quiz_skill_without_an_earlier_assessment_covers_only_that_skill(
    tmp_path: Path, shipped: LoadedTaxonomy, skillcheck_home: Path
) -> None:
    file = tmp_path / "sql.json"
    file.write_text(json.dumps({"ratings": {"sql": 2}, "answers": knows(shipped, "sql", 2)}))
    result = invoke("quiz", "--skill", "sql", "--answers", str(file))
    assert result.exit_code == 0
    assert "No earlier assessment to keep the other skills from. This assessment covers only sql." in result.stderr
    stored = json.loads(Store(skillcheck_home).latest().read_text())
    assert stored["skills"] == ["sql"] and stored["update_of"] is None


def test_compare_still_answers_when_the_closest_path_lacks_an_hour_estimate(tmp_path: Path) -> None:
    """The mini taxonomy has no effort estimates: one path's plan cannot be made, the comparison can."""
    file = tmp_path / "answers.json"
    file.write_text(json.dumps({"ratings": {"py": 1, "git": 1, "stats": 1}, "answers": {}}))
    assert invoke("quiz", "--taxonomy", str(MINI), "--answers", str(file)).exit_code == 0
    compared = invoke("plan", "--compare", "--taxonomy", str(MINI))
    assert compared.exit_code == 0, compared.stderr
    assert "unknown" in compared.stdout
    document = json.loads(invoke("plan", "--compare", "--json", "--taxonomy", str(MINI)).stdout)
    assert document["total_hours"] is None and all(p["hours"] is None for p in document["paths"])
    assert invoke("plan", "--taxonomy", str(MINI)).exit_code == 2  # one path's plan still needs the estimates
