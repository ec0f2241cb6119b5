"""A newcomer's trip-ups (issue 13): each finding of the new-user trial, as it should now behave."""

from __future__ import annotations

import html
import json
import os
import re
import sys
from pathlib import Path
from types import SimpleNamespace

import jsonschema
import pytest
import yaml
from browser import CHROMIUM, Browser
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console
from testfiles import MINI, ROOT, invoke, knows, runner

from skillcheck import invoked
from skillcheck.cli import SHIPPED_PATH_IDS, _complete_ids, app
from skillcheck.documents.listings import listing_schemas
from skillcheck.documents.report import build_report
from skillcheck.measure.flow import StepView, new_assessment, next_step
from skillcheck.measure.quizplan import CheckStep, Progress, plan_quiz
from skillcheck.output.prompts import step_view
from skillcheck.output.render import report_view
from skillcheck.output.view import GAPS_LEGEND, READINESS_LEGEND, build_view
from skillcheck.resources import scoring_doc
from skillcheck.storage.store import Store
from skillcheck.taxonomy.load import LoadedTaxonomy
from skillcheck.taxonomy.models import Assessment, Check, Rating, TaxonomyRef

SCHEMAS = ROOT / "schemas"
README = ROOT / "README.md"


def answer_file(tmp_path: Path, data: object, name: str = "answers.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data) if not isinstance(data, str) else data)
    return path


def take(tmp_path: Path, shipped: LoadedTaxonomy, levels: dict[str, int], *args: str, name: str = "a") -> None:
    answers = {k: v for skill, level in levels.items() for k, v in knows(shipped, skill, level).items()}
    file = answer_file(tmp_path, {"ratings": levels, "answers": answers}, f"{name}.yaml")
    result = invoke("quiz", "--answers", str(file), *args)
    assert result.exit_code == 0, result.output


def everyone(shipped: LoadedTaxonomy, level: int, **overrides: int) -> dict[str, int]:
    return {skill.id: overrides.get(skill.id.replace("-", "_"), level) for skill in shipped.taxonomy.skills}


# --- 1. paths are a focus, not a filter of the truth ---------------------------------------------


def test_path_chooses_the_details_never_the_verdict(tmp_path: Path, shipped: LoadedTaxonomy) -> None:
    take(tmp_path, shipped, everyone(shipped, 1, sql=3, data_analysis=3, statistics=3, python=2))
    plain = json.loads(invoke("report", "--json").stdout)
    focused = json.loads(invoke("report", "--json", "--path", "ml-engineer", "--path", "data-engineer").stdout)
    assert focused["closest_path"] == plain["closest_path"] != "ml-engineer"
    assert focused["focus"] == ["ml-engineer", "data-engineer"]
    text = invoke("report", "--details", "--path", "ml-engineer", "--path", "data-engineer").stdout
    assert "Top gaps for Machine Learning Engineer" in text
    assert "Top gaps for Data Engineer" in text
    assert f"Closest path: {plain['paths'][0]['name']}" in text


def test_a_quiz_for_one_path_shows_the_others_as_not_fully_assessed(tmp_path: Path, shipped: LoadedTaxonomy) -> None:
    needed = {r.skill: 0 for r in shipped.taxonomy.path("ml-engineer").requires}
    take(tmp_path, shipped, needed, "--path", "ml-engineer", "--quick")
    document = json.loads(invoke("report", "--json").stdout)
    assert document["closest_path"] == "ml-engineer"  # all zero, yet the path the user chose
    others = [p for p in document["paths"] if p["id"] != "ml-engineer"]
    assert others and all(p["assessed"] < p["required"] for p in others)
    text = runner.invoke(app, ["report", "--details"], env={"COLUMNS": "200"}).stdout  # wide: no cell wraps
    assert "Closest path: Machine Learning Engineer" in text
    for other in others:
        assert re.search(
            rf"{re.escape(other['name'])} +not fully assessed \({other['assessed']} of {other['required']}", text
        )


def test_skipped_skills_are_not_assessed_and_no_partial_path_gets_a_verdict(tmp_path: Path) -> None:
    file = answer_file(tmp_path, {"ratings": {"python": 2}, "answers": {}})
    assert invoke("quiz", "--answers", str(file)).exit_code == 0
    document = json.loads(invoke("report", "--json").stdout)
    assert all(p["assessed"] <= 1 for p in document["paths"])
    text = " ".join(invoke("report", "--details").stdout.split())
    assert "No career path is fully assessed" in text
    assert "Closest path:" not in text
    assert re.search(r"\b0%", text) is None  # no readiness number for an unmeasured path


def test_a_skill_never_assessed_is_not_shown_at_level_0_anywhere(tmp_path: Path, shipped: LoadedTaxonomy) -> None:
    """The README's answers file rates two skills: the other skills the goal needs are named as not
    assessed in the gaps, the plan and `team`, never as a level 0 the checks found."""
    levels = {"python": 2, "sql": 1}
    answers = {k: v for skill, level in levels.items() for k, v in knows(shipped, skill, level).items()}
    file = answer_file(tmp_path, {"goal": "data-engineer", "ratings": levels, "answers": answers})
    assert invoke("quiz", "--answers", str(file)).exit_code == 0
    document = json.loads(invoke("report", "--json").stdout)
    assert {s["id"] for s in document["skills"]} == set(levels)
    goal = next(p for p in document["paths"] if p["id"] == "data-engineer")
    unassessed = {r["skill"] for r in goal["requires"] if not r["assessed"]}
    assert unassessed == {r.skill for r in shipped.taxonomy.path("data-engineer").requires} - set(levels)
    assert {g["skill"] for g in goal["gaps"] if not g["assessed"]} == unassessed
    summary = " ".join(invoke("report").stdout.split())
    assert f"counting the {len(unassessed)} skills not assessed from level 0" in summary
    for gap in goal["gaps"][:3]:
        shown = f"level {gap['current']}" if gap["assessed"] else "not assessed"
        assert f"{gap['name']}: {shown} → {gap['required']}" in summary
    plan = json.loads(invoke("plan", "--json").stdout)
    assert set(plan["not_assessed"]) == unassessed
    assert {s["skill"] for s in plan["steps"] if not s["assessed"]} >= unassessed
    text = " ".join(invoke("plan").stdout.split())
    assert "% ready" not in text and f"{len(unassessed)} of its skills were not assessed" in text
    assert "(not assessed): level 0 → 1" in text
    team = json.loads(invoke("team", str(Path(os.environ["SKILLCHECK_HOME"]) / "assessments"), "--json").stdout)
    assert set(team["members"][0]["evidenced"]) == set(levels)


# --- 2. learn-next follows the evidence -----------------------------------------------------------


REF = TaxonomyRef(id="mini", version="1", hash="x")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_learn_next_never_names_a_level_the_checks_show(data: st.DataObject, mini: LoadedTaxonomy) -> None:
    taxonomy = mini.taxonomy
    answers: list[Rating | Check] = []
    for skill in taxonomy.skills:
        claim = data.draw(st.integers(0, taxonomy.top_level))
        answers.append(Rating(skill=skill.id, level=claim))
        for question in data.draw(st.lists(st.sampled_from(skill.questions), max_size=4, unique_by=lambda q: q.id)):
            right = data.draw(st.booleans())
            letter = (
                question.correct_letter if right else next(x for x in question.letters if x != question.correct_letter)
            )
            answers.append(question.answered(skill.id, letter))
    assessment = Assessment(
        id="x", seed=1, started_at="2026-11-26T10:00:00+00:00", taken_at="2026-11-26T10:10:00+00:00",
        taxonomy=REF, skills=tuple(s.id for s in taxonomy.skills), answers=tuple(answers),
    )  # fmt: skip
    report = build_report(assessment, taxonomy, REF)
    posterior = {s["id"]: s["probabilities"] for s in report["skills"]}
    for path in report["paths"]:
        for gap in path["gaps"]:
            shown = sum(posterior[gap["skill"]][gap["next_level"] :])
            assert shown < 0.8, (gap, posterior[gap["skill"]])
            assert gap["next_level"] > gap["current"]


def test_a_passed_stretch_check_is_not_recommended_back(tmp_path: Path, shipped: LoadedTaxonomy) -> None:
    # Claims probability 2, then answers every probability question as someone at level 3 would.
    levels = everyone(shipped, 1, probability=2)
    answers = {k: v for skill, level in levels.items() for k, v in knows(shipped, skill, level).items()}
    answers.update(knows(shipped, "probability", 3))
    file = answer_file(tmp_path, {"ratings": levels, "answers": answers})
    assert invoke("quiz", "--answers", str(file)).exit_code == 0
    document = json.loads(invoke("report", "--json", "--path", "data-scientist").stdout)
    skill = next(s for s in document["skills"] if s["id"] == "probability")
    for path in document["paths"]:
        for gap in path["gaps"]:
            if gap["skill"] == "probability":
                assert sum(skill["probabilities"][gap["next_level"] :]) < 0.8


# --- 3. the numbers are explained where they appear -----------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_every_format_explains_its_numbers(tmp_path: Path, shipped: LoadedTaxonomy, fmt: str) -> None:
    take(tmp_path, shipped, everyone(shipped, 1))
    out = invoke("report", "--details", "--format", fmt).stdout
    flat = " ".join(html.unescape(re.sub(r"<[^>]+>|[*_`|\\│╭╮╰╯─]", " ", out)).split())
    best = json.loads(invoke("report", "--json").stdout)["paths"][0]
    for sentence in (READINESS_LEGEND, GAPS_LEGEND, best["description"], best["references"][0]["title"]):
        assert " ".join(re.sub(r"[*_`|\\]", " ", sentence).split()) in flat
    assert "docs/scoring.md" in flat and "explain" in flat


def test_explain_prints_the_scoring_document_shipped_with_the_program() -> None:
    result = invoke("explain")
    assert result.exit_code == 0
    assert result.stdout == scoring_doc().read_text(encoding="utf-8")
    assert result.stdout.startswith("# How skillcheck measures")


# --- 4. browse the taxonomy; answers-file mistakes --------------------------------------------------


def test_skills_and_paths_list_ids_levels_and_requirements(shipped: LoadedTaxonomy) -> None:
    text = invoke("skills").stdout
    for skill in shipped.taxonomy.skills:
        assert skill.id in text
    one = invoke("skills", "statistics").stdout
    assert "statistics-2b" in one and "Level 4" in one
    data = json.loads(invoke("skills", "--area", "data", "--json").stdout)
    assert {s["area"] for s in data["skills"]} == {"data"}
    paths = invoke("paths", "data-engineer").stdout
    assert "data-pipelines" in paths and "Weight" in paths
    schemas = listing_schemas()
    for name, args in (("skills", ["skills", "--json"]), ("paths", ["paths", "--json"])):
        assert json.loads((SCHEMAS / f"{name}.schema.json").read_text()) == schemas[name]
        document = json.loads(invoke(*args).stdout)
        jsonschema.validate(document, schemas[name])
        assert document["schema_version"] == 1


def test_the_template_names_every_id_and_filled_in_runs_the_quiz(tmp_path: Path, shipped: LoadedTaxonomy) -> None:
    template = invoke("quiz", "--template").stdout
    data = yaml.safe_load(template)
    assert set(data["ratings"]) == {s.id for s in shipped.taxonomy.skills}
    assert set(data["answers"]) == {q.id for s in shipped.taxonomy.skills for q in s.questions}
    assert "Skill and question ids" not in template and "# [python-2b, level 2]" in template
    filled = template.replace("  python:\n", "  python: 1\n", 1)
    result = invoke("quiz", "--answers", str(answer_file(tmp_path, filled)))
    assert result.exit_code == 0
    assert "counted as skipped: python-" in " ".join(result.stderr.split())


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{}\n", "no skill is rated"),
        ("ratings:\nanswers:\n", "no skill is rated"),
        ("ratings:\n  python:\n", "no skill is rated"),
        ("name: Ada\nratings:\n  python: 1\n", "name: unknown key"),
        ("ratings:\n  git: 2\n", "unknown skill 'git' (did you mean 'version-control'?)"),
        ("ratings:\n  python: 1\nanswers:\n  python-01: a\n", "(did you mean 'python-1"),
    ],
)
def test_answers_file_mistakes_are_refused_with_a_suggestion_and_nothing_stored(
    tmp_path: Path, skillcheck_home: Path, content: str, expected: str
) -> None:
    result = invoke("quiz", "--answers", str(answer_file(tmp_path, content)))
    assert result.exit_code == 2
    assert expected in result.stderr
    assert "nothing was stored" in result.stderr
    assert Store(skillcheck_home).completed() == []


def test_unknown_path_and_skill_ids_get_suggestions() -> None:
    result = invoke("report", "--details", "--path", "ml-enginer")
    assert result.exit_code == 2 and "did you mean 'ml-engineer'" in result.stderr
    result = invoke("skills", "sql-database")
    assert result.exit_code == 2 and "did you mean 'sql'" in result.stderr
    result = invoke("skills", "--area", "math")
    assert result.exit_code == 2 and "did you mean 'mathematics'" in result.stderr


def test_the_readme_answers_example_answers_every_question_the_quiz_asks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = README.read_text()
    section = text[text.index("### Answers files") :]
    example = re.search(r"```yaml\n(.*?)```", section, re.S)
    assert example is not None
    file = answer_file(tmp_path, example.group(1))
    for attempt in range(5):  # the seed differs each time; the example must hold for any
        # A first quiz each time: a retake asks other questions than the ones answered before.
        monkeypatch.setenv("SKILLCHECK_HOME", str(tmp_path / f"home-{attempt}"))
        result = invoke("quiz", "--answers", str(file))
        assert result.exit_code == 0
        assert "does not answer" not in result.stderr, (attempt, result.stderr)


# --- 5. validate lists every problem in one run ---------------------------------------------------


def test_validate_lists_structural_and_cross_reference_problems_in_one_run(tmp_path: Path) -> None:
    text = MINI.read_text()
    text = text.replace("{level: 1, name: Novice", "{levle: 1, name: Novice", 1)
    text = text.replace("{skill: stats, level: 3", "{skill: statss, level: 3", 1)
    text = text.replace("{skill: py, level: 1", "{skill: py, level: 5", 1)
    bad = tmp_path / "bad.yaml"
    bad.write_text(text)
    lines = text.splitlines()
    result = invoke("validate", str(bad))
    assert result.exit_code == 2
    reported = result.stderr.splitlines()[1:]
    assert len(reported) == 4, result.stderr
    levle = next(i for i, line in enumerate(lines, 1) if "levle: 1" in line)
    assert any(f"bad.yaml:{levle}: levels[1].level: required key is missing" in r for r in reported)
    assert any(f"bad.yaml:{levle}: levels[1].levle: unknown key" in r for r in reported)
    assert any("unknown skill 'statss' (did you mean 'stats'?)" in r for r in reported)
    assert any("requires level 5, which the scale lacks" in r for r in reported)


# --- 6. history that can be used ---------------------------------------------------------------------


def test_history_numbers_and_ids_work_with_from_and_compare(tmp_path: Path, shipped: LoadedTaxonomy) -> None:
    take(tmp_path, shipped, everyone(shipped, 1), name="first")
    take(tmp_path, shipped, everyone(shipped, 2), name="second")
    document = json.loads(invoke("history", "--json").stdout)
    jsonschema.validate(document, json.loads((SCHEMAS / "history.schema.json").read_text()))
    newest, older = document["assessments"]
    assert (newest["number"], older["number"]) == (1, 2)
    text = invoke("history").stdout
    assert newest["id"][:8] in text and older["id"][:8] in text
    by_number = json.loads(invoke("report", "--json", "--from", "2").stdout)
    by_id = json.loads(invoke("report", "--json", "--from", older["id"][:6]).stdout)
    by_file = json.loads(invoke("report", "--json", "--from", older["file"]).stdout)
    assert by_number["assessment"] == by_id["assessment"] == by_file["assessment"] == older["id"]
    compared = json.loads(invoke("report", "--json", "--from", "1", "--compare", "2").stdout)
    assert compared["previous"]["assessment"] == older["id"]
    same = invoke("report", "--details", "--from", "1", "--compare", newest["id"][:8])
    assert same.exit_code == 2 and "compare it with a different one" in same.stderr
    missing = invoke("report", "--details", "--from", "7")
    assert missing.exit_code == 2 and "no assessment number 7" in missing.stderr


def test_an_unfinished_quiz_is_mentioned_where_it_matters(skillcheck_home: Path) -> None:
    result = invoke("quiz", input="2\na\nq\n")
    assert result.exit_code == 0
    report = invoke("report", "--details")
    assert report.exit_code == 2
    assert "unfinished quiz with 2 answers" in report.stderr and "quiz` to finish it" in report.stderr
    history = json.loads(invoke("history", "--json").stdout)
    assert history["draft"]["answers"] == 2
    assert "unfinished quiz with 2 answers" in " ".join(invoke("history").stdout.split())


def test_times_are_shown_in_the_local_time_zone(tmp_path: Path, shipped: LoadedTaxonomy, monkeypatch) -> None:
    import time

    monkeypatch.setenv("TZ", "Asia/Kolkata")
    time.tzset()
    try:
        take(tmp_path, shipped, everyone(shipped, 1))
        assert re.search(r"\d\d:\d\d IST", invoke("history").stdout)
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


# --- 7. hints that work ---------------------------------------------------------------------------------


def test_hints_name_the_program_as_it_was_started(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    script = tmp_path / "venv" / "bin" / "skillcheck"
    script.parent.mkdir(parents=True)
    script.write_text("#!/bin/sh\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "argv", [str(script), "report"])
    assert invoked.command("report") == "venv/bin/skillcheck report"
    monkeypatch.setattr(sys, "argv", ["../elsewhere/.venv/bin/skillcheck", "report"])
    assert invoked.command("report") == "../elsewhere/.venv/bin/skillcheck report"  # as typed
    monkeypatch.setattr(sys, "argv", ["skillcheck", "report"])
    assert invoked.command("report") == "skillcheck report"
    monkeypatch.setattr(sys, "argv", [str(Path(invoked.__file__).with_name("__main__.py"))])
    assert invoked.program().endswith(" -m skillcheck")


def test_the_readme_first_command_leaves_skillcheck_typeable() -> None:
    text = README.read_text()
    quick = text[text.index("## Quick start") :]
    first = re.search(r"```sh\n(.*?)\n```", quick, re.S)
    assert first is not None
    assert ". .venv/bin/activate" in first.group(1) and first.group(1).endswith("skillcheck quiz")


# --- 8. help and prompts ----------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["quiz", "report", "team", "history", "skills", "paths", "validate", "schema"])
def test_help_shows_no_python_types(command: str) -> None:
    out = invoke(command, "--help").stdout
    assert "<bool>" not in out and "<list[" not in out and "{inputs}" not in out


def test_path_help_and_completion_list_the_path_ids(shipped: LoadedTaxonomy) -> None:
    assert SHIPPED_PATH_IDS.split(", ") == [p.id for p in shipped.taxonomy.paths]
    assert "data-engineer" in " ".join(invoke("quiz", "--help").stdout.split())

    context = SimpleNamespace(params={})  # what completion reads of click's context
    completed = _complete_ids("path")(context, "data")
    assert [item for item, _ in completed] == ["data-scientist", "data-engineer"]
    assert [item for item, _ in _complete_ids("skill")(context, "stat")] == ["statistics"]


@pytest.mark.parametrize("width", [60, 80])
def test_a_check_hides_its_level_and_reflows_prose_at_any_width(shipped: LoadedTaxonomy, width: int) -> None:
    plan = plan_quiz(shipped.taxonomy)
    assessment = new_assessment(plan, REF).model_copy(
        update={"answers": (Rating(skill=plan.skills[-1].id, level=2),) * 0}
    )
    # The skill with the longest name, at a check: the title names the skill, never the level (the
    # level of the next check would tell whether the last answer was right).
    skill = max(shipped.taxonomy.skills, key=lambda s: len(s.name))
    question = next(q for q in skill.questions if q.level == 3)
    step = CheckStep(skill, question, tuple(range(len(question.options))))
    console = Console(width=width, no_color=True, record=True)
    console.print(step_view(StepView(step, Progress(1, 30, "Data", 600), None, False), shipped.taxonomy))
    out = console.export_text()
    assert "level" not in out.split("\n\n")[0].casefold() and f"level {question.level}" not in out
    assert "Check · " in out and skill.name.split()[0] in out
    assert all(len(line) <= width for line in out.splitlines())
    assert next_step(plan, assessment) is not None


def test_wrapped_report_lines_keep_their_indent(tmp_path: Path, shipped: LoadedTaxonomy) -> None:
    take(tmp_path, shipped, everyone(shipped, 3))  # every check missed above what is known: much to say
    report = json.loads(invoke("report", "--json").stdout)
    console = Console(width=60, no_color=True, record=True)
    console.print(report_view(build_view(report)))
    out = console.export_text()
    missed = out[out.index("Questions you missed") : out.index("How these numbers")].splitlines()[1:]
    # Every line of a missed question is indented under its bullet: none falls back to column 0.
    assert missed and all(line.startswith((" ", "•")) or not line.strip() for line in missed)
    assert " 1 were " not in out


@pytest.mark.e2e
@pytest.mark.skipif(CHROMIUM is None, reason="needs Chromium (.ci/run installs it with apt where it can)")
def test_the_html_report_needs_no_horizontal_scroll_at_phone_width(tmp_path: Path, shipped: LoadedTaxonomy) -> None:
    """On a 390 px phone: the summary is the first screen, every section opens without sideways
    scrolling, and no table cell breaks a word in the middle."""
    take(tmp_path, shipped, everyone(shipped, 2))
    page = tmp_path / "report.html"
    page.write_text(invoke("report", "--format", "html", "--path", "ml-engineer").stdout)
    browser = Browser(tmp_path / "profile")
    try:
        browser.open(page, width=390)
        summary_bottom = browser.evaluate("document.querySelector('.summary').getBoundingClientRect().bottom")
        closed = browser.evaluate("[...document.querySelectorAll('details')].filter(d => !d.open).length")
        browser.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; }); 0")
        widths = browser.evaluate(
            "JSON.stringify({page: [document.documentElement.scrollWidth, document.documentElement.clientWidth],"
            " tables: [...document.querySelectorAll('table')].map(t => [t.scrollWidth, t.parentElement.clientWidth])})"
        )
        # A word split across lines has more than one line box: look at every word in every cell.
        broken = browser.evaluate(
            "JSON.stringify([...document.querySelectorAll('td, th')].flatMap(cell => {"
            " const out = []; const walk = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);"
            " for (let node = walk.nextNode(); node; node = walk.nextNode()) {"
            "  for (const m of node.textContent.matchAll(/\\S+/g)) {"
            "   const r = document.createRange(); r.setStart(node, m.index); r.setEnd(node, m.index + m[0].length);"
            "   const tops = new Set([...r.getClientRects()].map(b => Math.round(b.top)));"
            "   if (tops.size > 1) out.push(m[0]); } } return out; }))"
        )
        print(browser.screenshot(tmp_path / "report-390.png"))
    finally:
        browser.close()
    assert summary_bottom <= 900, summary_bottom
    assert closed >= 3  # the sections start folded
    measured = json.loads(widths)
    scroll, client = measured["page"]
    assert client <= 390 and scroll <= client
    assert measured["tables"] and all(width <= room for width, room in measured["tables"])
    assert json.loads(broken) == []


def test_an_id_of_digits_only_is_found_by_its_id(
    tmp_path: Path, shipped: LoadedTaxonomy, skillcheck_home: Path
) -> None:
    take(tmp_path, shipped, everyone(shipped, 1))
    stored = Store(skillcheck_home).latest()
    digits = stored.with_name(stored.name[: -len("0123abcd.json")] + "12345678.json")
    data = json.loads(stored.read_text())
    data["id"] = "12345678" + data["id"][8:]
    digits.write_text(json.dumps(data))
    stored.unlink()
    assert json.loads(invoke("report", "--json", "--from", "1234").stdout)["assessment"] == data["id"]
    assert json.loads(invoke("report", "--json", "--from", "1").stdout)["assessment"] == data["id"]


def test_one_paths_listing_says_what_each_requirement_rests_on(shipped: LoadedTaxonomy) -> None:
    career = shipped.taxonomy.path("data-engineer")
    text = invoke("paths", "data-engineer", env={"COLUMNS": "200"}).stdout
    assert "Why the path needs it" in text
    flat = " ".join(text.split())
    for requirement in career.requires:
        assert requirement.basis is not None
        assert " ".join(requirement.basis.split()[:6]) in flat, requirement.skill
    listing = json.loads(invoke("paths", "data-engineer", "--json").stdout)
    assert all(entry["basis"] for entry in listing["paths"][0]["requires"])
    # The listing of every path stays a table and says where the reasons are.
    assert "paths ID" in invoke("paths").stdout


def test_every_source_and_test_file_the_documents_name_exists() -> None:
    """`skillcheck explain` prints docs/scoring.md: a path it names must be one a reader can open."""
    named: set[str] = set()
    for document in ("README.md", "docs/scoring.md", "benchmarks/README.md"):
        text = (ROOT / document).read_text(encoding="utf-8")
        named |= set(re.findall(r"(?<![\w/.])((?:src/skillcheck|tests|benchmarks)/[\w/]+\.py)\b", text))
    assert named, "the pattern finds the paths the documents name"
    assert sorted(path for path in named if not (ROOT / path).is_file()) == []
