"""Hardening, round 2: every input from outside is distrusted, every state recovers.

Each section is one class of defect a hostile tester found; the tests are about the class (every
reader, every field), not the one example that was found.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from skillcheck.measure.flow import new_assessment
from skillcheck.measure.quizplan import plan_quiz
from skillcheck.storage.store import load_assessment
from skillcheck.taxonomy.load import LoadedTaxonomy, TaxonomyError, parse_taxonomy
from skillcheck.taxonomy.models import Assessment, Check, Rating, Taxonomy, TaxonomyRef
from testfiles import MINI, piped


def ref_of(loaded: LoadedTaxonomy) -> TaxonomyRef:
    return TaxonomyRef(id=loaded.taxonomy.id, version=loaded.taxonomy.version, hash=loaded.hash, source=loaded.source)


def stored(loaded: LoadedTaxonomy) -> dict[str, Any]:
    """A complete, valid assessment of the mini taxonomy as a stored file holds it."""
    assessment = new_assessment(plan_quiz(loaded.taxonomy), ref_of(loaded))
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


# --- YAML's implicit typing and one strict integer type ------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("{skill: py, level: 2, weight: 5}", "{skill: py, level: 2, weight: yes}", "weight"),
        ("{level: 1, name: Novice", "{level: on, name: Novice", "levels[1].level"),
        ("{skill: git, level: 2, weight: 3}", "{skill: git, level: 2, weight: '3'}", "weight"),
        ("{skill: git, level: 2, weight: 3}", "{skill: git, level: 2, weight: 3.0}", "weight"),
        ('{text: "3", correct: true}', '{text: "3", correct: 1}', "correct"),
    ],
)
def test_yaml_booleans_quoted_numbers_and_floats_are_not_taken_as_whole_numbers(old: str, new: str, where: str) -> None:
    with pytest.raises(TaxonomyError) as caught:
        parse_taxonomy(mini_with(old, new), "t.yaml")
    assert f"{where}: " in caught.value.message


def test_level_keys_1_and_quoted_1_in_one_mapping_cannot_both_pass() -> None:
    raw = mini_with("      1: Writes a loop over a list.\n", "      1: Writes a loop over a list.\n      '1': Other.\n")
    with pytest.raises(TaxonomyError) as caught:
        parse_taxonomy(raw, "t.yaml")
    assert "skills[0].levels" in caught.value.message


@pytest.mark.parametrize("blank", [" ", "\u00a0", "\u200b", "\u3000 \u2060", "\ufeff", "\u200d\u200c"])
def test_names_that_are_blank_once_invisible_characters_go_are_refused(blank: str) -> None:
    raw = mini_with("name: Python\n", f"name: {json.dumps(blank)}\n")
    with pytest.raises(TaxonomyError, match=r"skills\[0\]\.name: is blank"):
        parse_taxonomy(raw, "t.yaml")


# --- stored assessments are validated against the model, with bounds -----------------------------


def _set(path: tuple[Any, ...], value: Any) -> Any:
    def change(data: dict[str, Any]) -> None:
        target: Any = data
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value

    return change


HAND_EDITS = {
    "negative rating": _set(("answers", 0, "level"), -5),
    "rating off every scale": _set(("answers", 0, "level"), 99),
    "boolean rating": _set(("answers", 0, "level"), True),
    "choice no option has": _set(("answers", 1, "choice"), "z"),
    "choice of two letters": _set(("answers", 1, "choice"), "ab"),
    "correct as a string": _set(("answers", 1, "correct"), "yes"),
    "time that is not a time": _set(("taken_at",), "yesterday"),
    "time in other digits": _set(("started_at",), "２０２６-01-01T00:00:00"),
    "id that climbs out of the directory": _set(("id",), "../../x"),
    "name with an escape sequence": _set(("name",), "\x1b]52;c;ZXZpbA==\x07"),
    "blank name": _set(("name",), "\u200b"),
    "skill id with an escape": _set(("answers", 0, "skill"), "py\x1b[2J"),
    "taxonomy version with a C1 control": _set(("taxonomy", "version"), "1\x9b2J"),
    "the same question answered twice": lambda d: d["answers"].append(dict(d["answers"][1])),
    "the same skill rated twice": lambda d: d["answers"].append(dict(d["answers"][0])),
}


@pytest.mark.parametrize("edit", sorted(HAND_EDITS))
def test_a_hand_edited_value_outside_the_model_is_refused(edit: str, mini: LoadedTaxonomy, tmp_path: Path) -> None:
    data = stored(mini)
    Assessment.model_validate(data)  # the unedited file is fine
    HAND_EDITS[edit](data)
    with pytest.raises(ValidationError):
        Assessment.model_validate_json(json.dumps(data))
    path = tmp_path / "a.json"
    path.write_text(json.dumps(data))
    with pytest.raises(Exception, match="not a readable skillcheck assessment") as caught:
        load_assessment(path)
    assert "\x1b" not in str(caught.value) and "\x9b" not in str(caught.value)


def test_the_taxonomy_model_still_accepts_the_shipped_file(shipped: LoadedTaxonomy) -> None:
    assert isinstance(shipped.taxonomy, Taxonomy)


# --- what YAML read, said in the message ---------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("name: Python\n", "name: yes\n", "YAML reads the unquoted 'yes' as a boolean; to keep it as text, put it in"),
        ("id: py\n", "id: 123\n", "YAML reads the unquoted '123' as the number 123; to keep it as text"),
        ('version: "1"\n', "version: 1.10\n", "YAML reads the unquoted '1.10' as the number 1.1"),
        ("name: Python\n", "name: 12:30\n", "YAML reads the unquoted '12:30' as the number 750"),
        (
            "{skill: py, level: 2, weight: 5}",
            "{skill: py, level: 2, weight: yes}",
            "as a boolean (so it does with yes/no",
        ),
        (
            "{skill: py, level: 2, weight: 5}",
            "{skill: py, level: 2, weight: '5'}",
            "is in quotes, so YAML reads '5' as",
        ),
        (
            "      1: Writes a loop over a list.\n",
            "      '1': Writes a loop over a list.\n",
            "levels.1 (key): is in quotes",
        ),
        ('{text: "3", correct: true}', '{text: "3", correct: 1}', "YAML reads '1' as a number; write true or false"),
        ("name: Python\n", "name:\n", "has no value"),
    ],
)
def test_a_value_yaml_typed_implicitly_is_explained_with_the_fix(old: str, new: str, expected: str) -> None:
    with pytest.raises(TaxonomyError) as caught:
        parse_taxonomy(mini_with(old, new), "t.yaml")
    assert expected in caught.value.message
    assert "Input should be" not in caught.value.message


@pytest.mark.parametrize(
    ("old", "new", "value"),
    [('version: "1"\n', "version: 2026-11-26\n", "2026-11-26"), ("name: Python\n", "name: =\n", "=")],
)
def test_a_plain_value_yaml_would_resolve_to_another_type_is_read_as_the_text_written(
    old: str, new: str, value: str
) -> None:
    loaded = parse_taxonomy(mini_with(old, new), "t.yaml")
    assert value in (loaded.taxonomy.version, loaded.taxonomy.skills[0].name)


def test_a_merge_key_is_an_unknown_key_not_a_tag() -> None:
    with pytest.raises(TaxonomyError) as caught:
        parse_taxonomy(mini_with("    name: Python\n", "    <<: {a: 1}\n    name: Python\n"), "t.yaml")
    assert "<<: unknown key" in caught.value.message
    assert "tag" not in caught.value.message


def test_an_explicit_tag_is_still_refused() -> None:
    with pytest.raises(TaxonomyError, match=r"the tag 'tag:yaml\.org,2002:timestamp' is not allowed"):
        parse_taxonomy(mini_with('version: "1"\n', "version: !!timestamp 2026-11-26\n"), "t.yaml")


@pytest.mark.parametrize(
    ("old", "new"),
    [("    name: Python\n", "\tname: Python\n"), ("    name: Python\n", "    name:\n\t  Python\n")],
)
def test_a_tab_used_for_indentation_is_named(old: str, new: str) -> None:
    with pytest.raises(TaxonomyError, match="indented with a tab; YAML indents with spaces only"):
        parse_taxonomy(mini_with(old, new), "t.yaml")


def test_a_raw_control_byte_is_reported_with_its_line_and_column() -> None:
    raw = mini_with("name: Python\n", "name: Py\x01thon\n")
    line = raw.decode().splitlines().index("    name: Py\x01thon") + 1
    with pytest.raises(TaxonomyError) as caught:
        parse_taxonomy(raw, "t.yaml")
    assert caught.value.message == (
        f"t.yaml:{line}: the control character U+0001 (column 13) is not allowed in YAML text; remove it."
    )


def test_options_written_as_one_value_get_one_error_not_a_second_about_length() -> None:
    raw = mini_with(
        "          - {text: git commit, correct: true}\n          - {text: git push}\n", "          yes/no\n"
    )
    with pytest.raises(TaxonomyError) as caught:
        parse_taxonomy(raw, "t.yaml")
    assert "1 problem found" in caught.value.message
    assert "should be a list (one '- ' item per line), not the single value 'yes/no'" in caught.value.message


# --- the store: damaged drafts, files in the way, parallel runs ----------------------------------


def skillcheck(*args: str, input: str | None = None, env: dict[str, str] | None = None, **kwargs: Any):
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


DAMAGED_DRAFTS = {
    "truncated": b'{"answers": [',
    "binary": b"\x00\xff\xfe",
    "newer": b'{"schema_version": 99, "id": "x"}',
    "hand-edited": b'{"schema_version": 2, "id": "x", "started_at": "now", "taxonomy": {}}',
}


@pytest.mark.parametrize("kind", sorted(DAMAGED_DRAFTS))
def test_a_damaged_draft_names_a_command_that_works_and_restart_sets_it_aside(kind: str, skillcheck_home: Path) -> None:
    skillcheck_home.mkdir(parents=True)
    (skillcheck_home / "draft.json").write_bytes(DAMAGED_DRAFTS[kind])
    blocked = skillcheck("quiz", "--taxonomy", str(MINI), input="1\n")
    assert blocked.returncode == 2
    no_traceback(blocked)
    assert "skillcheck quiz --restart`" in blocked.stderr
    restarted = skillcheck("quiz", "--restart", "--taxonomy", str(MINI), input=piped(1, 0, 0))
    assert restarted.returncode == 0, restarted.stderr
    assert "Started over; the unfinished assessment was kept in" in restarted.stderr
    (kept,) = (skillcheck_home / "abandoned").iterdir()
    assert kept.read_bytes() == DAMAGED_DRAFTS[kind]
    assert len(list((skillcheck_home / "assessments").glob("*.json"))) == 1


def test_an_assessment_from_a_newer_skillcheck_says_upgrade_not_retake(tmp_path: Path, mini: LoadedTaxonomy) -> None:
    path = tmp_path / "future.json"
    path.write_text(json.dumps({**stored(mini), "schema_version": 99, "new_field": 1}))
    result = skillcheck("report", "--taxonomy", str(MINI), "--from", str(path))
    assert result.returncode == 2
    assert "made by a newer skillcheck (assessment schema_version 99" in result.stderr
    assert "Upgrade skillcheck" in result.stderr
    assert "take the quiz again" not in result.stderr


def test_report_from_a_report_file_says_it_is_a_report(tmp_path: Path, mini: LoadedTaxonomy) -> None:
    assessment = tmp_path / "a.json"
    assessment.write_text(json.dumps(stored(mini)))
    document = skillcheck("report", "--taxonomy", str(MINI), "--from", str(assessment), "--json")
    assert document.returncode == 0, document.stderr
    report = tmp_path / "report.json"
    report.write_text(document.stdout)
    result = skillcheck("report", "--taxonomy", str(MINI), "--from", str(report))
    assert result.returncode == 2
    assert (
        "this is a report (`" in result.stderr
        and "skillcheck report --json` output), not a stored assessment" in result.stderr
    )


ANSWERS = {"ratings": {"py": 1, "git": 0, "stats": 0}, "answers": {"py-1": "a"}}


@pytest.mark.parametrize("blocked", ["assessments", "abandoned", "quiz.lock", "home"])
def test_a_file_or_directory_where_the_store_expects_the_other_is_named(
    blocked: str, skillcheck_home: Path, tmp_path: Path
) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(ANSWERS))
    if blocked == "home":
        skillcheck_home.write_text("not a directory")
    else:
        skillcheck_home.mkdir()
        (skillcheck_home / "draft.json").write_text("{}")
        if blocked == "quiz.lock":
            (skillcheck_home / blocked).mkdir()
        else:
            (skillcheck_home / blocked).write_text("not a directory")
    runs = [
        skillcheck("quiz", "--restart", "--taxonomy", str(MINI), input=piped(1, 0, 0)),
        skillcheck("quiz", "--answers", str(answers), "--taxonomy", str(MINI)),
        skillcheck("history", "--taxonomy", str(MINI)),
    ]
    for result in runs:
        no_traceback(result)
        assert result.returncode in (0, 2), result.stderr
    failures = "\n".join(r.stderr for r in runs if r.returncode)
    assert failures, "something must be in the way"
    name = skillcheck_home if blocked == "home" else skillcheck_home / blocked
    assert f"{name} is a file, but skillcheck keeps a directory there" in failures or (
        blocked == "quiz.lock" and f"cannot open the quiz lock {name}" in failures
    )


def test_a_write_test_leftover_of_any_kind_does_not_stop_a_quiz(skillcheck_home: Path, tmp_path: Path) -> None:
    skillcheck_home.mkdir()
    (skillcheck_home / ".write-test").mkdir()  # what the old shared name would trip over
    (skillcheck_home / ".draft.json.\u00b2.x.tmp").write_text("")  # a pid in digits int() would choke on
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(ANSWERS))
    result = skillcheck("quiz", "--answers", str(answers), "--taxonomy", str(MINI))
    assert result.returncode == 0, result.stderr
    interactive = skillcheck("quiz", "--taxonomy", str(MINI), input="q\n")
    assert interactive.returncode == 0, interactive.stderr


def test_parallel_answers_runs_on_one_data_directory_all_store_their_assessment(tmp_path: Path) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(ANSWERS))
    command = [sys.executable, "-m", "skillcheck", "quiz", "--answers", str(answers), "--taxonomy", str(MINI)]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(12)]
    outcomes = [(run.wait(timeout=120), run.communicate()[1]) for run in runs]
    assert [code for code, _ in outcomes] == [0] * 12, outcomes
    assert len(list((Path(os.environ["SKILLCHECK_HOME"]) / "assessments").glob("*.json"))) == 12


# --- one place decides which taxonomy an assessment belongs to -----------------------------------


@pytest.fixture
def other_taxonomy(tmp_path: Path) -> Path:
    """The mini taxonomy under another id: a different taxonomy that happens to share skill ids."""
    path = tmp_path / "other.yaml"
    path.write_bytes(mini_with("id: mini\n", "id: other\n"))
    return path


def take(taxonomy: Path, tmp_path: Path, ratings: dict[str, int] | None = None) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"ratings": ratings or ANSWERS["ratings"], "answers": ANSWERS["answers"]}))
    result = skillcheck("quiz", "--answers", str(answers), "--taxonomy", str(taxonomy))
    assert result.returncode == 0, result.stderr


def test_report_refuses_an_assessment_of_another_taxonomy_and_names_its_file(
    other_taxonomy: Path, tmp_path: Path
) -> None:
    take(other_taxonomy, tmp_path)
    for extra in ([], ["--taxonomy", str(MINI)], ["--json"]):
        result = skillcheck("report", *extra)
        assert result.returncode == 2, result.stdout
        assert "taken with the taxonomy 'other' version 1" in result.stderr
        assert f"--taxonomy {other_taxonomy}" in result.stderr
        assert result.stdout == ""
    assert skillcheck("report", "--taxonomy", str(other_taxonomy)).returncode == 0


def test_history_lists_an_assessment_of_another_taxonomy_unscored_and_says_why(
    other_taxonomy: Path, tmp_path: Path
) -> None:
    take(MINI, tmp_path)
    take(other_taxonomy, tmp_path)
    result = skillcheck("history", "--taxonomy", str(MINI), "--json")
    assert result.returncode == 0
    newest, oldest = json.loads(result.stdout)["assessments"]
    assert newest["taxonomy"]["id"] == "other" and newest["readiness"] is None and newest["closest_path"] is None
    assert oldest["readiness"] is not None
    assert "is not scored: it was taken with the taxonomy 'other'" in result.stderr


def test_team_skips_assessments_and_reports_of_another_taxonomy_with_exit_3(
    other_taxonomy: Path, tmp_path: Path, skillcheck_home: Path
) -> None:
    take(MINI, tmp_path)
    take(other_taxonomy, tmp_path)
    report = tmp_path / "report.json"
    report.write_text(skillcheck("report", "--taxonomy", str(other_taxonomy), "--json").stdout)
    result = skillcheck("team", "--taxonomy", str(MINI), str(skillcheck_home / "assessments"), str(report))
    assert result.returncode == 3
    assert "taken with the taxonomy 'other'" in result.stderr
    assert "a report of the taxonomy 'other', not of 'mini'" in result.stderr
    assert "1 person" in result.stdout


def test_the_earlier_assessment_of_another_taxonomy_is_not_compared_with(other_taxonomy: Path, tmp_path: Path) -> None:
    take(other_taxonomy, tmp_path)
    take(MINI, tmp_path)
    result = skillcheck("report", "--taxonomy", str(MINI), "--json")
    assert result.returncode == 0, result.stderr
    assert "previous" not in json.loads(result.stdout)
    assert "was taken with the taxonomy 'other'; no comparison with it" in result.stderr


def test_a_draft_of_another_taxonomy_is_not_resumed_against_this_one(other_taxonomy: Path) -> None:
    started = skillcheck("quiz", "--taxonomy", str(other_taxonomy), input="1\nq\n")
    assert started.returncode == 0, started.stderr
    refused = skillcheck("quiz", "--taxonomy", str(MINI), input="y\n" + piped(1, 1, 1))
    assert refused.returncode == 2
    assert "the unfinished quiz cannot be resumed here: it was taken with the taxonomy 'other'" in refused.stderr
    assert f"--taxonomy {other_taxonomy}" in refused.stderr and "skillcheck quiz --restart`" in refused.stderr
    resumed = skillcheck("quiz", "--taxonomy", str(other_taxonomy), input="y\n" + "i\n" * 4 + piped(0, 0))
    assert resumed.returncode == 0, resumed.stderr
    assert "Resuming: 1 answers already given" in resumed.stdout


def test_ratings_above_the_taxonomys_scale_are_said_to_count_as_its_top(tmp_path: Path, mini: LoadedTaxonomy) -> None:
    data = stored(mini)
    data["answers"][0]["level"] = 7  # within the model's 0-9, above mini's 0-3
    path = tmp_path / "a.json"
    path.write_text(json.dumps(data))
    result = skillcheck("report", "--taxonomy", str(MINI), "--from", str(path), "--json")
    assert result.returncode == 0, result.stderr
    assert "ratings above this taxonomy's scale (0-3) count as 3: py (7)" in result.stderr
    assert json.loads(result.stdout)["skills"][0]["claimed"] == 3


# --- team: files from anywhere, escape sequences, links, the heat legend --------------------------

ESCAPES = ("\x1b", "\x9b", "\x07")


def report_of(mini: LoadedTaxonomy, tmp_path: Path) -> dict[str, Any]:
    assessment = tmp_path / "for-report.json"
    assessment.write_text(json.dumps(stored(mini)))
    result = skillcheck("report", "--taxonomy", str(MINI), "--from", str(assessment), "--json")
    assert result.returncode == 0, result.stderr
    assessment.unlink()
    return json.loads(result.stdout)


FOREIGN_REPORTS = {
    "no closest_path": lambda r: r.pop("closest_path"),
    "readiness as a string": lambda r: r["paths"][0].update(readiness="50"),
    "negative readiness": lambda r: r["paths"][0].update(readiness=-143),
    "readiness over 100": lambda r: r["paths"][0].update(readiness=1e9),
    "no gaps": lambda r: r["paths"][0].pop("gaps"),
    "priority as a string": lambda r: r["paths"][0]["gaps"].append({"skill": "py", "name": "P", "priority": "9"}),
    "evidenced off the scale": lambda r: r["skills"][0].update(evidenced=99),
    "evidenced above this taxonomy's scale": lambda r: r["skills"][0].update(evidenced=7),
    "evidenced as a boolean": lambda r: r["skills"][0].update(evidenced=True),
    "a skill that is a list": lambda r: r["skills"].append([1, 2]),
    "paths as a mapping": lambda r: r.update(paths={"a": 1}),
    "name with OSC 52": lambda r: r.update(name="\x1b]52;c;ZXZpbA==\x07evil\x1b[2J"),
    "gap name with CSI": lambda r: r["paths"][0]["gaps"].append({"skill": "py", "name": "\x9b2J", "priority": 1}),
    "path id with an escape": lambda r: r.update(closest_path="\x1b[31mred"),
    "a newer report": lambda r: r.update(schema_version=3),
    "another taxonomy": lambda r: r["taxonomy"].update(id="other"),
}


@pytest.mark.parametrize("shape", sorted(FOREIGN_REPORTS))
def test_team_skips_a_report_shaped_file_it_cannot_trust_with_exit_3(
    shape: str, mini: LoadedTaxonomy, tmp_path: Path
) -> None:
    report = report_of(mini, tmp_path)
    folder = tmp_path / "group"
    folder.mkdir()
    (folder / "good.json").write_text(json.dumps(report))
    FOREIGN_REPORTS[shape](report)
    (folder / "odd.json").write_text(json.dumps(report))
    for output in ("text", "json", "jsonl"):
        result = skillcheck("team", "--taxonomy", str(MINI), str(folder), "--format", output)
        no_traceback(result)
        assert result.returncode == 3, result.stderr
        assert f"skipped {folder / 'odd.json'}: " in result.stderr
        assert not any(e in result.stdout + result.stderr for e in ESCAPES)
    if shape == "a newer report":
        assert "made by a newer skillcheck (report schema_version 3); upgrade skillcheck" in result.stderr


def test_escape_sequences_in_file_names_never_reach_the_terminal(mini: LoadedTaxonomy, tmp_path: Path) -> None:
    folder = tmp_path / "group"
    folder.mkdir()
    (folder / "\x1b]0;title\x07.json").write_text(json.dumps(stored(mini)))  # no name: the file name stands in
    (folder / "\x1b[2J.json").write_text("{broken")
    result = skillcheck("team", "--taxonomy", str(MINI), str(folder))
    assert result.returncode == 3
    assert not any(e in result.stdout + result.stderr for e in ESCAPES)
    assert "\\x1b]0;title\\x07" in result.stdout
    assert "\\x1b[2J.json" in result.stderr


def test_links_that_loop_or_lead_nowhere_are_listed_and_exit_3(mini: LoadedTaxonomy, tmp_path: Path) -> None:
    folder = tmp_path / "group"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "p.json").write_text(json.dumps(stored(mini)))
    (folder / "sub" / "back-up").symlink_to(folder, target_is_directory=True)
    (folder / "self.json").symlink_to(folder / "self.json")
    (folder / "nowhere.json").symlink_to(tmp_path / "missing.json")
    (folder / "a.json").symlink_to(folder / "b.json")
    (folder / "b.json").symlink_to(folder / "a.json")
    result = skillcheck("team", "--taxonomy", str(MINI), str(folder), "--json")
    assert result.returncode == 3, result.stderr
    summary = json.loads(result.stdout)
    assert summary["people"] == 1
    skipped = {Path(entry["file"]).name: entry["reason"] for entry in summary["skipped"]}
    assert "symbolic link loop" in skipped["back-up"]
    assert set(skipped) == {"back-up", "self.json", "nowhere.json", "a.json", "b.json"}


def test_every_level_of_any_scale_has_its_own_shade_in_the_team_legend(mini: LoadedTaxonomy) -> None:
    import yaml

    from skillcheck.output.render import team_view
    from test_hostile import render

    for top in range(1, 10):
        data = yaml.safe_load(MINI.read_text())
        data["levels"] = [{"level": n, "name": f"L{n}", "meaning": f"Level {n}."} for n in range(top + 1)]
        for skill in data["skills"]:
            skill["levels"] = {n: f"Does level {n}." for n in range(1, top + 1)}
            for question in skill["questions"]:
                question["level"] = min(question["level"], top)
        for career in data["paths"]:
            for requirement in career["requires"]:
                requirement["level"] = min(requirement["level"], top)
        taxonomy = Taxonomy.model_validate(data)
        summary = {
            "people": 1,
            "closest": [],
            "readiness": [],
            "lacking": [],
            "members": [{"name": "x", "evidenced": {"py": top}}],
        }
        legend = next(line for line in render(team_view(summary, taxonomy)).splitlines() if "Levels:" in line)
        shades = [part.split("'")[1] for part in legend.split("Levels:")[1].split("  ") if "'" in part]
        assert len(shades) == top + 1 and len(set(shades)) == top + 1, legend


# --- the standard streams: locales, closed streams, tiny or odd widths ---------------------------


@pytest.fixture
def one_assessment(tmp_path: Path) -> Path:
    """One stored assessment of the mini taxonomy with a skill named in three scripts; the taxonomy."""
    taxonomy = tmp_path / "unicode.yaml"
    taxonomy.write_bytes(mini_with("name: Python\n", "name: Pythön → 数据 ✓\n"))
    take(taxonomy, tmp_path, {"py": 2, "git": 1, "stats": 1})
    return taxonomy


def run_bytes(*args: str, env: dict[str, str] | None = None, **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
    if "stdout" not in kwargs:
        kwargs["capture_output"] = True
    return subprocess.run(
        [sys.executable, "-m", "skillcheck", *args],
        env={**os.environ, **(env or {})},
        timeout=120,  # a hang guard only
        **kwargs,
    )


DOCUMENTS = [
    ["report", "--json", "--taxonomy"],
    ["report", "--format", "markdown", "--taxonomy"],
    ["report", "--format", "html", "--taxonomy"],
    ["history", "--json", "--taxonomy"],
    ["schema", "--of", "report"],
]


@pytest.mark.parametrize("command", DOCUMENTS, ids=lambda c: " ".join(c[:3]))
def test_documents_are_utf8_whatever_the_locale(command: list[str], one_assessment: Path) -> None:
    args = [*command, str(one_assessment)] if command[-1] == "--taxonomy" else command
    utf8 = run_bytes(*args, env={"PYTHONIOENCODING": "utf-8"})
    assert utf8.returncode == 0, utf8.stderr
    if command[0] == "report":
        assert "Pythön → 数据 ✓" in utf8.stdout.decode()
    for encoding in ("latin-1", "ascii"):
        other = run_bytes(*args, env={"PYTHONIOENCODING": encoding})
        assert other.returncode == 0, other.stderr
        assert other.stdout == utf8.stdout


def test_team_documents_are_utf8_whatever_the_locale(one_assessment: Path, skillcheck_home: Path) -> None:
    for output in ("json", "jsonl"):
        command = ["team", "--taxonomy", str(one_assessment), str(skillcheck_home / "assessments"), "--format", output]
        utf8 = run_bytes(*command, env={"PYTHONIOENCODING": "utf-8"})
        latin = run_bytes(*command, env={"PYTHONIOENCODING": "latin-1"})
        assert utf8.returncode == latin.returncode == 0, latin.stderr
        assert latin.stdout == utf8.stdout


@pytest.mark.parametrize("encoding", ["latin-1", "ascii"])
def test_the_terminal_report_falls_back_to_the_nearest_characters_in_a_narrow_locale(
    encoding: str, one_assessment: Path
) -> None:
    for command in (["report"], ["history"], ["team", str(Path(os.environ["SKILLCHECK_HOME"]) / "assessments")]):
        result = run_bytes(*command, "--taxonomy", str(one_assessment), env={"PYTHONIOENCODING": encoding})
        assert result.returncode == 0, result.stderr
        assert b"Traceback" not in result.stderr
        result.stdout.decode(encoding)  # every byte is the locale's own


def closed(fd: int) -> Any:
    return lambda: os.close(fd)


def test_a_closed_stdin_is_end_of_input_for_the_quiz() -> None:
    result = run_bytes("quiz", "--taxonomy", str(MINI), preexec_fn=closed(0))
    assert result.returncode == 130
    assert b"End of input. Progress saved" in result.stderr
    assert b"Traceback" not in result.stderr


@pytest.mark.parametrize("command", [["report"], ["report", "--json"], ["history"], ["quiz"]], ids=" ".join)
def test_a_closed_stdout_is_an_error_not_silence(command: list[str], one_assessment: Path) -> None:
    result = run_bytes(*command, "--taxonomy", str(one_assessment), preexec_fn=closed(1), input=b"q\n")
    assert result.returncode == 1
    assert b"standard output is closed, so the result cannot be written" in result.stderr
    assert b"Traceback" not in result.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("command", [["report"], ["report", "--json"]], ids=" ".join)
def test_a_full_disk_behind_stdout_is_an_error_not_a_traceback(command: list[str], one_assessment: Path) -> None:
    with Path("/dev/full").open("wb") as full:
        result = run_bytes(*command, "--taxonomy", str(one_assessment), stdout=full, stderr=subprocess.PIPE)
    assert result.returncode == 1
    assert b"could not write the result to standard output (No space left on device)" in result.stderr
    assert b"Traceback" not in result.stderr


@pytest.mark.parametrize("columns", ["0", "1", "12", "\u00b2", "-5", "lots"])
def test_any_columns_value_gives_readable_output(columns: str, one_assessment: Path) -> None:
    env = {"COLUMNS": columns, "LINES": columns}
    report = skillcheck("report", "--taxonomy", str(one_assessment), env=env)
    assert report.returncode == 0, report.stderr
    assert "Closest path" in report.stdout
    assert skillcheck("--help", env=env).stdout.count("quiz") >= 1
    quiz = skillcheck("quiz", "--restart", "--taxonomy", str(one_assessment), input="q\n", env=env)
    assert quiz.returncode == 0, quiz.stderr
    assert "Pyth" in quiz.stdout and "Your level" in quiz.stdout


def test_the_saved_path_is_never_wrapped(tmp_path: Path) -> None:
    home = tmp_path / ("a-long-directory-name-" * 4) / "home"
    result = skillcheck("quiz", "--taxonomy", str(MINI), input=piped(1, 1, 1), env={"SKILLCHECK_HOME": str(home)})
    assert result.returncode == 0, result.stderr
    (saved,) = (home / "assessments").iterdir()
    assert f"Assessment saved to {saved}\n" in result.stdout


# --- typed and piped input, help, Markdown -------------------------------------------------------


def test_piped_answers_starting_with_a_byte_order_mark_land_on_their_prompts(skillcheck_home: Path) -> None:
    result = run_bytes("quiz", "--taxonomy", str(MINI), input=b"\xef\xbb\xbf" + piped(2, 1, 0).encode())
    assert result.returncode == 0, result.stderr
    (saved,) = (skillcheck_home / "assessments").iterdir()
    assert load_assessment(saved).ratings == {"py": 2, "git": 1, "stats": 0}


def test_quiz_help_promises_no_scale_a_taxonomy_may_not_have() -> None:
    text = " ".join(skillcheck("quiz", "--help").stdout.split())
    assert "0-4" not in text and "a-d" not in text
    assert "each prompt shows" in text


@pytest.mark.parametrize("name", ["R&D", "&copy; &amp; &#x41;", "<b>bold</b>", "*a* _b_ `c`", "a | b", "\\*", "[x](y)"])
def test_markdown_export_shows_outside_text_literally_when_rendered(
    name: str, tmp_path: Path, mini: LoadedTaxonomy
) -> None:
    from markdown_it import MarkdownIt

    taxonomy = tmp_path / "t.yaml"
    taxonomy.write_bytes(mini_with("name: Analyst\n", f"name: {json.dumps(name)}\n"))
    data = stored(mini)
    assessment = tmp_path / "a.json"
    assessment.write_text(json.dumps(data))
    result = skillcheck("report", "--taxonomy", str(taxonomy), "--from", str(assessment), "--format", "markdown")
    assert result.returncode == 0, result.stderr
    html = MarkdownIt("commonmark").enable("table").render(result.stdout)
    assert html.count(__import__("html").escape(name, quote=False)) >= 1, html


# --- large inputs: linear and bounded by what the taxonomy allows --------------------------------


def benchmark_helpers() -> Any:
    """benchmarks/bench.py, whose generator of large assessments the tests share."""
    import importlib.util

    if "skillcheck_bench" in sys.modules:
        return sys.modules["skillcheck_bench"]
    path = Path(__file__).parents[1] / "benchmarks" / "bench.py"
    sys.path.insert(0, str(path.parent))  # bench.py imports make_taxonomy beside it
    try:
        spec = importlib.util.spec_from_file_location("skillcheck_bench", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["skillcheck_bench"] = module  # dataclasses look their module up by name
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(path.parent))
    return module


def test_a_15_mib_assessment_of_one_check_repeated_is_refused_as_it_is_read(tmp_path: Path) -> None:
    large_assessment = benchmark_helpers().large_assessment

    path = tmp_path / "big.json"
    path.write_bytes(large_assessment(15, repeated=True))
    assert 14 * 1024 * 1024 < path.stat().st_size < 16 * 1024 * 1024
    result = skillcheck("report", "--from", str(path))  # hang guard: 120 s, for what takes about one
    assert result.returncode == 2
    assert "answers the question 'python-1' a second time" in result.stderr


def test_the_work_of_a_report_is_bounded_by_the_taxonomy_not_by_the_file(
    shipped: LoadedTaxonomy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    large_assessment = benchmark_helpers().large_assessment

    from skillcheck.documents.report import build_report
    from skillcheck.measure import scoring

    responses = 0
    real = scoring.response_of

    def counted(*args: Any) -> Any:
        nonlocal responses
        responses += 1
        return real(*args)

    monkeypatch.setattr(scoring, "response_of", counted)
    path = tmp_path / "big.json"
    path.write_bytes(large_assessment(4, repeated=False))
    assessment = load_assessment(path)
    assert len(assessment.checks) > 20_000
    build_report(assessment, shipped.taxonomy, shipped.ref)
    assert responses <= sum(len(skill.questions) for skill in shipped.taxonomy.skills)


def test_an_assessment_that_indented_would_pass_the_cap_is_saved_so_that_it_loads(
    mini: LoadedTaxonomy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from skillcheck.storage import store as store_module
    from skillcheck.storage.store import Store

    assessment = Assessment.model_validate(stored(mini))
    compact = len(assessment.model_dump_json()) + 1
    monkeypatch.setattr(store_module, "MAX_DOCUMENT_BYTES", compact + 10)
    saved = Store(tmp_path / "home").save_completed(assessment, from_draft=False)
    assert load_assessment(saved) == assessment
    monkeypatch.setattr(store_module, "MAX_DOCUMENT_BYTES", compact - 10)
    with pytest.raises(Exception, match="grown past"):
        Store(tmp_path / "home").save_draft(assessment)


def test_file_names_with_escape_sequences_reach_no_output_raw(mini: LoadedTaxonomy, tmp_path: Path) -> None:
    evil = "\x1b]52;c;ZXZpbA==\x07\x1b[2J"
    taxonomy = tmp_path / f"{evil}.yaml"
    taxonomy.write_bytes(MINI.read_bytes())
    unfinished = tmp_path / f"{evil}-draft.json"
    unfinished.write_text(json.dumps({**stored(mini), "taken_at": None}))
    home = Path(os.environ["SKILLCHECK_HOME"])
    (home / "assessments").mkdir(parents=True)
    (home / "assessments" / f"{evil}.json").write_text("{broken")
    runs = [
        skillcheck("validate", str(taxonomy)),
        skillcheck("history", "--taxonomy", str(MINI)),
        skillcheck("report", "--taxonomy", str(MINI), "--from", str(unfinished), "--format", "markdown"),
        skillcheck("report", "--taxonomy", str(MINI), "--from", str(unfinished), "--format", "html"),
        skillcheck("report", "--taxonomy", str(MINI), "--from", str(unfinished)),
    ]
    for result in runs:
        assert result.returncode == 0, result.stderr
        assert not any(e in result.stdout + result.stderr for e in ESCAPES), result.args


# --- the last resort ---------------------------------------------------------------------------


def test_an_unexpected_error_is_one_paragraph_and_exit_1_not_a_traceback() -> None:
    crash = (
        "import sys\n"
        "import skillcheck.commands as commands\n"
        "def broken(*args, **kwargs):\n"
        "    raise RuntimeError('boom \\x1b[2J')\n"
        "commands.history = broken\n"
        "sys.argv = ['skillcheck', 'history']\n"
        "from skillcheck.cli import main\n"
        "main()\n"
    )
    result = subprocess.run([sys.executable, "-c", crash], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr.startswith("skillcheck: unexpected error (RuntimeError: boom \\x1b[2J). This is a bug")
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1
    shown = subprocess.run(
        [sys.executable, "-c", crash],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "SKILLCHECK_TRACEBACK": "1"},
    )
    assert "Traceback" in shown.stderr


def test_the_only_catch_all_in_the_source_is_the_documented_last_resort() -> None:
    source = Path(__file__).parents[1] / "src" / "skillcheck"
    found = [
        f"{path.relative_to(source)}:{number}"
        for path in sorted(source.rglob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if "except Exception" in line or "except BaseException" in line or line.strip() == "except:"
    ]
    # files.atomic_write removes its temp file on any exception and re-raises it.
    assert [place.split(":")[0] for place in found] == ["cli.py", "files.py"], found
    readme = (Path(__file__).parents[1] / "README.md").read_text()
    assert "unexpected error" in readme and "SKILLCHECK_TRACEBACK" in readme


def test_the_taxonomy_file_named_in_the_message_works_from_any_directory(other_taxonomy: Path, tmp_path: Path) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(ANSWERS))
    taken = skillcheck("quiz", "--answers", str(answers), "--taxonomy", other_taxonomy.name, cwd=other_taxonomy.parent)
    assert taken.returncode == 0, taken.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    refused = skillcheck("report", cwd=elsewhere)
    assert f"--taxonomy {other_taxonomy}." in refused.stderr
    assert skillcheck("report", "--taxonomy", str(other_taxonomy), cwd=elsewhere).returncode == 0


def test_team_with_no_readable_input_says_why_each_was_skipped(tmp_path: Path) -> None:
    bad = tmp_path / "a.json"
    bad.write_text(json.dumps({"schema_version": 2, "name": "\x1b]52;c;SGVsbG8=\x07x", "closest_path": "x"}))
    (tmp_path / "b.json").write_text("{")
    result = skillcheck("team", str(tmp_path))
    assert result.returncode == 2
    assert "no readable report or assessment" in result.stderr
    assert f"{bad}:" in result.stderr and f"{tmp_path / 'b.json'}:" in result.stderr
    assert "\x1b" not in result.stderr
