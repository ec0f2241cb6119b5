"""Progress between assessments, history, exports, and the mentor's team view."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest
from testfiles import MINI, backdate, invoke, knows

from skillcheck.documents.jsondoc import to_json
from skillcheck.documents.report import build_report
from skillcheck.measure.flow import new_assessment
from skillcheck.measure.quizplan import plan_quiz
from skillcheck.storage.store import Store
from skillcheck.taxonomy.load import LoadedTaxonomy
from skillcheck.taxonomy.models import Check, Rating, TaxonomyRef


def take(tmp_path: Path, name: str, ratings: dict, answers: dict | None = None) -> None:
    file = tmp_path / f"{name}.json"
    file.write_text(json.dumps({"ratings": ratings, "answers": answers or {}}))
    assert invoke("quiz", "--answers", str(file)).exit_code == 0


def right(shipped: LoadedTaxonomy, question_id: str) -> str:
    question = next(q for s in shipped.taxonomy.skills for q in s.questions if q.id == question_id)
    return "abcd"[question.correct_index]


@pytest.fixture
def two_assessments(tmp_path: Path, shipped: LoadedTaxonomy) -> None:
    """Python at level 1, then at level 3, every check answered as that level would; SQL at 1 both
    times, and every other skill at 0, so that every path is fully assessed."""
    rest = [s.id for s in shipped.taxonomy.skills if s.id not in ("python", "sql")]
    same = {**knows(shipped, "sql", 1)} | {k: v for s in rest for k, v in knows(shipped, s, 0).items()}
    zeros = dict.fromkeys(rest, 0)
    take(tmp_path, "first", {"python": 1, "sql": 1, **zeros}, {**knows(shipped, "python", 1), **same})
    backdate(tmp_path / "home", 90)  # two levels of Python take time to learn: the model asks for some
    take(tmp_path, "second", {"python": 3, "sql": 1, **zeros}, {**knows(shipped, "python", 3), **same})


def test_the_report_shows_what_changed_since_the_previous_assessment(two_assessments: None) -> None:
    result = invoke("report", "--details")
    assert result.exit_code == 0
    assert "Change" in result.stdout
    assert "Since your assessment of" in result.stdout
    assert "Programming in Python: level 1 → 3" in result.stdout


def test_report_json_carries_the_previous_assessment(two_assessments: None, skillcheck_home: Path) -> None:
    document = json.loads(invoke("report", "--json").stdout)
    previous = document["previous"]
    first, _second = Store(skillcheck_home).completed()
    assert previous["assessment"] == json.loads(first.read_text())["id"]
    changes = {p["id"]: p["change"] for p in previous["paths"]}
    now = {p["id"]: p["readiness"] for p in document["paths"]}
    then = {p["id"]: p["readiness"] for p in previous["paths"]}
    assert all(round(now[k] - then[k], 1) == changes[k] for k in changes)
    moved = {m["id"]: (m["before"], m["after"]) for m in previous["skills_moved"]}
    before = json.loads(first.read_text())
    assert moved == {"python": (1, 3)}
    assert before["taxonomy"]["hash"] == document["taxonomy"]["hash"]


def test_compare_chooses_the_assessment_to_compare_with(two_assessments: None, skillcheck_home: Path) -> None:
    first, second = Store(skillcheck_home).completed()
    document = json.loads(invoke("report", "--json", "--from", str(first), "--compare", str(second)).stdout)
    assert document["previous"]["assessment"] == json.loads(second.read_text())["id"]
    assert all(p["change"] <= 0 for p in document["previous"]["paths"])


def test_the_first_assessment_has_no_previous(tmp_path: Path) -> None:
    take(tmp_path, "only", {"python": 1})
    assert "previous" not in json.loads(invoke("report", "--json").stdout)


def test_history_lists_assessments_newest_first(two_assessments: None, skillcheck_home: Path) -> None:
    document = json.loads(invoke("history", "--json").stdout)
    files = [entry["file"] for entry in document["assessments"]]
    assert files == [str(p) for p in reversed(Store(skillcheck_home).completed())]
    assert document["assessments"][0]["readiness"] >= document["assessments"][1]["readiness"]
    text = invoke("history").stdout
    assert "Your assessments, newest first" in text


def test_history_lists_an_unreadable_file_and_carries_on(two_assessments: None, skillcheck_home: Path) -> None:
    first = Store(skillcheck_home).completed()[0]
    first.write_text("{")
    entries = json.loads(invoke("history", "--json").stdout)["assessments"]
    assert "error" in entries[1] and "readiness" in entries[0]


def test_history_at_80_columns_stays_readable_with_an_unreadable_file_and_names_a_damaged_draft(
    two_assessments: None, skillcheck_home: Path
) -> None:
    Store(skillcheck_home).completed()[0].write_text("{")
    (skillcheck_home / "draft.json").write_text("{")
    result = invoke("history", env={"COLUMNS": "80"})
    assert result.exit_code == 0
    assert "unreadable (see below)" in result.stdout
    assert "Closest path" in result.stdout and "Software" in result.stdout  # no column squeezed to "Clos…"
    assert "draft.json: not a readable skillcheck assessment" in " ".join(result.stderr.split())
    # The hint names only assessments that can be reported: #2 is the unreadable one.
    hint = " ".join(result.stdout.split())
    assert "report --from 1 (a number or id)" in hint and "--compare" not in hint


def test_format_json_is_a_synonym_of_json(two_assessments: None) -> None:
    assert invoke("report", "--details", "--format", "json").stdout == invoke("report", "--json").stdout


def test_json_and_another_format_together_are_a_usage_error(two_assessments: None) -> None:
    result = invoke("report", "--json", "--format", "html")
    assert result.exit_code == 2
    assert "use one of them" in result.stderr


def test_markdown_export_has_verdict_table_gaps_and_resources(two_assessments: None) -> None:
    text = invoke("report", "--details", "--format", "markdown").stdout
    assert text.startswith("# skillcheck report")
    assert "**Closest path:" in text
    assert "| Path | Ready | 80% range | Change |" in text
    assert "### What to learn next" in text
    assert "<https://" in text


def test_exports_show_taxonomy_text_literally(tmp_path: Path) -> None:
    odd = tmp_path / "odd.yaml"
    odd.write_text(MINI.read_text().replace("name: Developer\n", "name: '<script>alert(1)</script> *x* | y'\n"))
    file = tmp_path / "a.json"
    file.write_text(json.dumps({"ratings": {"py": 0}}))
    assert invoke("quiz", "--taxonomy", str(odd), "--answers", str(file)).exit_code == 0
    page = invoke("report", "--details", "--taxonomy", str(odd), "--format", "html").stdout
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    markdown = invoke("report", "--details", "--taxonomy", str(odd), "--format", "markdown").stdout
    assert "\\<script\\>alert(1)\\</script\\> \\*x\\* \\| y" in markdown


def test_the_html_export_is_self_contained(two_assessments: None) -> None:
    page = invoke("report", "--details", "--format", "html").stdout
    assert page.startswith("<!DOCTYPE html>")
    assert "default-src 'none'" in page
    assert "<script" not in page and "<link" not in page and "<img" not in page and "@import" not in page
    assert "@media print" in page


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.e2e
@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")
def test_the_html_export_renders_in_headless_chromium_without_requests_or_errors(
    two_assessments: None, tmp_path: Path
) -> None:
    page = tmp_path / "report.html"
    page.write_text(invoke("report", "--details", "--format", "html").stdout)
    profile = tmp_path / "profile"
    log = tmp_path / "net.json"
    result = subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            f"--log-net-log={log}",
            "--enable-logging=stderr",
            "--v=0",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Closest path:" in result.stdout  # the DOM as rendered
    console_errors = [line for line in result.stderr.splitlines() if "CONSOLE" in line and "ERROR" in line.upper()]
    assert console_errors == []
    # The net log names every URL the browser requested. Chromium itself asks a time server
    # now and then; what matters is that the page fetched nothing: no host the page names.
    requested = set(re.findall(r'"url":"([^"]+)"', log.read_text()))
    page_hosts = set(re.findall(r"https?://([^/\"'\s<>]+)", page.read_text()))
    assert page_hosts, "the report links its resources; the test needs them to mean anything"
    requested_hosts = {urlparse(u).hostname for u in requested if not u.startswith("file:")}
    assert not (requested_hosts & page_hosts), requested_hosts & page_hosts


# --- team ----------------------------------------------------------------------------------------


def random_assessment(shipped: LoadedTaxonomy, rng: random.Random, name: str):
    taxonomy = shipped.taxonomy
    ref = TaxonomyRef(id=taxonomy.id, version=taxonomy.version, hash=shipped.hash)
    plan = plan_quiz(taxonomy)
    answers: list = []
    for skill in taxonomy.skills:
        level = rng.randint(0, 4)
        answers.append(Rating(skill=skill.id, level=level))
        for question in skill.questions:
            if question.level == level:
                answers.append(
                    Check(skill=skill.id, question=question.id, level=level, choice="a", correct=rng.random() < 0.6)
                )
    assessment = new_assessment(plan, ref)
    return assessment.model_copy(update={"answers": tuple(answers), "taken_at": assessment.started_at, "name": name})


@pytest.fixture(scope="module")
def cohort(tmp_path_factory: pytest.TempPathFactory, shipped: LoadedTaxonomy) -> Path:
    """1,000 people: half as stored assessments, half as `report --json` files."""
    folder = tmp_path_factory.mktemp("cohort")
    rng = random.Random(42)
    ref = TaxonomyRef(id=shipped.taxonomy.id, version=shipped.taxonomy.version, hash=shipped.hash)
    for index in range(1000):
        assessment = random_assessment(shipped, rng, f"person-{index:04d}")
        if index % 2:
            (folder / f"p{index:04d}.json").write_text(assessment.model_dump_json())
        else:
            (folder / f"r{index:04d}.json").write_text(to_json(build_report(assessment, shipped.taxonomy, ref)))
    return folder


@pytest.mark.e2e
def test_team_summarises_1000_files(cohort: Path, tmp_path: Path) -> None:
    env_home = tmp_path / "h"
    # timeout: a hang guard only; the time it takes is measured in benchmarks/bench.py.
    result = subprocess.run(
        [sys.executable, "-m", "skillcheck", "team", str(cohort), "--json"],
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "SKILLCHECK_HOME": str(env_home)},
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["people"] == 1000
    assert sum(entry["people"] for entry in summary["closest"]) == 1000


@pytest.mark.e2e
def test_team_jsonl_loads_into_duckdb(cohort: Path, tmp_path: Path, shipped: LoadedTaxonomy) -> None:
    duckdb = pytest.importorskip("duckdb")
    out = tmp_path / "rows.jsonl"
    result = subprocess.run(
        [sys.executable, "-m", "skillcheck", "team", str(cohort), "--format", "jsonl"], capture_output=True, text=True
    )
    assert result.returncode == 0
    out.write_text(result.stdout)
    con = duckdb.connect()
    people, rows = con.execute(f"SELECT count(DISTINCT person), count(*) FROM read_json_auto('{out}')").fetchone()
    assert people == 1000
    assert rows == 1000 * len(shipped.taxonomy.skills)
    (level,) = con.execute(f"SELECT max(evidenced) FROM read_json_auto('{out}')").fetchone()
    assert level <= shipped.taxonomy.top_level


def test_team_lists_bad_files_skips_them_and_exits_3(tmp_path: Path, shipped: LoadedTaxonomy) -> None:
    folder = tmp_path / "group"
    folder.mkdir()
    rng = random.Random(1)
    for index in range(3):
        (folder / f"p{index}.json").write_text(random_assessment(shipped, rng, f"p{index}").model_dump_json())
    (folder / "broken.json").write_text('{"answers": [')
    (folder / "other.json").write_text('{"hello": 1}')
    result = invoke("team", str(folder))
    assert result.exit_code == 3
    assert "skipped" in result.stderr and "broken.json" in result.stderr and "other.json" in result.stderr
    assert "3 people" in result.stdout
    assert "Evidenced level per skill" in result.stdout


def test_team_with_nothing_readable_exits_2(tmp_path: Path) -> None:
    (tmp_path / "x.json").write_text("nope")
    result = invoke("team", str(tmp_path / "x.json"))
    assert result.exit_code == 2
    assert "no readable report or assessment" in result.stderr


@pytest.mark.parametrize("command", ["history", "team"])
def test_new_commands_have_help_with_an_example(command: str) -> None:
    result = invoke(command, "--help")
    assert result.exit_code == 0 and "Example" in result.stdout


def test_a_copy_of_an_assessment_is_not_compared_with_itself(
    two_assessments: None, skillcheck_home: Path, tmp_path: Path
) -> None:
    first, second = Store(skillcheck_home).completed()
    copy = tmp_path / "copy-of-second.json"
    copy.write_text(second.read_text())
    document = json.loads(invoke("report", "--json", "--from", str(copy)).stdout)
    assert document["previous"]["assessment"] == json.loads(first.read_text())["id"]
    assert document["previous"]["assessment"] != document["assessment"]


def test_team_over_shards_and_duckdb_gives_the_summary_of_one_run(tmp_path: Path, shipped: LoadedTaxonomy) -> None:
    """Scoring is a pure function of (taxonomy, file): three shards' jsonl, unioned, is one run's."""
    duckdb = pytest.importorskip("duckdb")
    rng = random.Random(7)
    shards = [tmp_path / f"shard{n}" for n in range(3)]
    for shard in shards:
        shard.mkdir()
    for index in range(12):
        person = random_assessment(shipped, rng, f"person-{index:02d}")
        (shards[index % 3] / f"p{index:02d}.json").write_text(person.model_dump_json())
    whole = invoke("team", *map(str, shards), "--format", "jsonl").stdout
    (tmp_path / "whole.jsonl").write_text(whole)
    (tmp_path / "parts.jsonl").write_text("".join(invoke("team", str(s), "--format", "jsonl").stdout for s in shards))
    summary = (
        "SELECT closest_path, count(DISTINCT person) AS people, round(avg(evidenced), 6) AS level, "
        "round(avg(closest_readiness), 6) AS readiness FROM read_json_auto('{}') GROUP BY closest_path "
        "ORDER BY closest_path"
    )
    con = duckdb.connect()
    one_run = con.execute(summary.format(tmp_path / "whole.jsonl")).fetchall()
    sharded = con.execute(summary.format(tmp_path / "parts.jsonl")).fetchall()
    assert one_run == sharded and sum(row[1] for row in one_run) == 12


def test_team_in_parallel_reads_what_one_process_reads(
    tmp_path: Path, shipped: LoadedTaxonomy, monkeypatch: pytest.MonkeyPatch
) -> None:
    from skillcheck.documents import team

    rng = random.Random(3)
    for index in range(20):
        (tmp_path / f"p{index:02d}.json").write_text(random_assessment(shipped, rng, f"p{index}").model_dump_json())
    (tmp_path / "broken.json").write_text("{")
    serial = team.read_people([tmp_path], shipped.taxonomy, shipped.ref)
    monkeypatch.setattr(team, "PARALLEL_FROM", 1)
    monkeypatch.setattr(team, "_CHUNK", 3)
    parallel = team.read_people([tmp_path], shipped.taxonomy, shipped.ref)
    assert parallel == serial


def test_a_file_name_that_is_not_utf8_is_written_escaped_in_every_format(
    two_assessments: None, skillcheck_home: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "cohort"
    folder.mkdir()
    source = Store(skillcheck_home).completed()[0]
    try:
        odd = Path(os.fsdecode(bytes(folder) + b"/\xff\x1b.json"))
        shutil.copy(source, odd)
        shutil.copy(source, Path(os.fsdecode(bytes(skillcheck_home / "assessments") + b"/\xfe.json")))
    except (OSError, UnicodeError):
        pytest.skip("this file system takes only UTF-8 names")
    for args in (("--json",), ("--format", "jsonl"), ("--format", "html"), ()):
        result = invoke("team", str(folder), *args)
        assert result.exit_code == 0, result.stderr
        assert "\x1b" not in result.stdout
        if args and args[-1] in ("--json", "jsonl"):
            first = json.loads(result.stdout.splitlines()[0] if args[-1] == "jsonl" else result.stdout)
            person = first if args[-1] == "jsonl" else first["members"][0]
            assert person["file"].endswith("\\xff\\x1b.json")
        else:
            assert "\\xff\\x1b" in result.stdout
    listed = invoke("history", "--json")
    assert listed.exit_code == 0
    assert any(entry["file"].endswith("\\xfe.json") for entry in json.loads(listed.stdout)["assessments"])


def test_team_counts_no_one_in_a_group_for_a_skill_or_path_they_were_not_assessed_on(
    tmp_path: Path, shipped: LoadedTaxonomy, skillcheck_home: Path
) -> None:
    for person in range(5):  # each rates two skills only: no path is fully assessed
        take(
            tmp_path,
            f"part{person}",
            {"python": 2, "sql": 1},
            {**knows(shipped, "python", 2), **knows(shipped, "sql", 1)},
        )
    summary = json.loads(invoke("team", str(skillcheck_home / "assessments"), "--json").stdout)
    assert summary["closest"] == [] and summary["readiness"] == []
    assert {entry["skill"] for entry in summary["lacking"]} == set()
    assert all(member["closest_path"] is None for member in summary["members"])
    rows = [
        json.loads(r)
        for r in invoke("team", str(skillcheck_home / "assessments"), "--format", "jsonl").stdout.splitlines()
    ]
    assert rows and all(r["closest_readiness"] is None for r in rows)
