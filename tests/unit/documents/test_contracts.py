"""Contracts that can fail: checked-in JSON Schemas, and every format laying out the same report."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import jsonschema
import pytest
from testfiles import ROOT, invoke, runner

from skillcheck.cli import ReportFormat, app
from skillcheck.documents.report import Report, build_report, generated_report_schema
from skillcheck.output.formats import FORMATS, Context
from skillcheck.output.view import build_view
from skillcheck.resources import schema_file
from skillcheck.taxonomy.load import LoadedTaxonomy
from skillcheck.taxonomy.models import OPTION_LETTERS, Assessment, Check, Rating, TaxonomyRef

SCHEMAS = ROOT / "schemas"


def schema(name: str) -> dict:
    return json.loads((SCHEMAS / f"{name}.schema.json").read_text())


def assessment_for(
    shipped: LoadedTaxonomy, *, miss: bool = True, level: int = 1, when: str = "2026-11-25"
) -> Assessment:
    """Every skill rated `level`; one check per skill, missed (the wrong first option) or passed."""
    answers: list[Rating | Check] = []
    for skill in shipped.taxonomy.skills:
        answers.append(Rating(skill=skill.id, level=level))
        question = next(q for q in skill.questions if q.level == max(level, 1))
        wrong = next(letter for letter in question.letters if letter != question.correct_letter)
        choice = wrong if miss else question.correct_letter
        answers.append(
            Check(skill=skill.id, question=question.id, level=question.level, choice=choice, correct=not miss)
        )
    return Assessment(
        id=f"a-{when}-{miss}-{level}",
        seed=1,
        started_at=f"{when}T10:00:00+00:00",
        taken_at=f"{when}T10:20:00+00:00",
        taxonomy=TaxonomyRef(id=shipped.taxonomy.id, version=shipped.taxonomy.version, hash=shipped.hash),
        skills=tuple(s.id for s in shipped.taxonomy.skills),
        answers=tuple(answers),
    )


def ref(shipped: LoadedTaxonomy) -> TaxonomyRef:
    return TaxonomyRef(id=shipped.taxonomy.id, version=shipped.taxonomy.version, hash=shipped.hash)


def reports(shipped: LoadedTaxonomy) -> dict[str, Report]:
    return {
        "one path": build_report(assessment_for(shipped), shipped.taxonomy, ref(shipped), ("data-scientist",)),
        "two paths": build_report(
            assessment_for(shipped), shipped.taxonomy, ref(shipped), ("ml-engineer", "software-engineer")
        ),
        "nothing missed": build_report(assessment_for(shipped, miss=False, level=2), shipped.taxonomy, ref(shipped)),
        "with progress": build_report(
            assessment_for(shipped, miss=False, level=2, when="2026-11-26"),
            shipped.taxonomy,
            ref(shipped),
            previous=assessment_for(shipped, when="2026-11-01"),
        ),
    }


def test_the_checked_in_report_schema_is_the_one_the_report_type_implies() -> None:
    # Fails when a field is added, removed or retyped without updating schemas/ (and deciding
    # whether schema_version must change).
    assert schema("report") == generated_report_schema()


def test_schema_report_prints_the_checked_in_file() -> None:
    result = invoke("schema", "--report")
    assert json.loads(result.output) == schema("report")  # type: ignore[attr-defined]
    assert schema_file("report").read_text() == (SCHEMAS / "report.schema.json").read_text()


def test_real_report_output_validates_and_removing_any_field_fails(shipped: LoadedTaxonomy) -> None:
    for report in reports(shipped).values():
        document = json.loads(json.dumps(report))
        jsonschema.validate(document, schema("report"))
        for key in list(document):
            if key in ("name", "previous"):
                continue  # optional by design
            broken = copy.deepcopy(document)
            del broken[key]
            with pytest.raises(jsonschema.ValidationError):
                jsonschema.validate(broken, schema("report"))
        broken = copy.deepcopy(document)
        del broken["paths"][0]["readiness_range"]
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken, schema("report"))


def test_history_and_team_json_validate_against_their_schema_files(tmp_path: Path, shipped: LoadedTaxonomy) -> None:
    folder = tmp_path / "cohort"
    folder.mkdir()
    (folder / "a.json").write_text(assessment_for(shipped).model_dump_json())
    (folder / "b.json").write_text(
        json.dumps(build_report(assessment_for(shipped, miss=False), shipped.taxonomy, ref(shipped)))
    )
    team = invoke("team", str(folder), "--json")
    jsonschema.validate(json.loads(team.stdout), schema("team"))  # type: ignore[attr-defined]
    history = invoke("history", "--json")
    jsonschema.validate(json.loads(history.stdout), schema("history"))  # type: ignore[attr-defined]


def test_the_cli_offers_exactly_the_registered_formats() -> None:
    from skillcheck import cli

    assert {f.value for f in ReportFormat} == set(FORMATS["report"])
    assert {f.value for f in cli.PlanFormat} == set(FORMATS["plan"]) == set(FORMATS["plan-compare"])
    assert {f.value for f in cli.TeamFormat} == set(FORMATS["team"])
    for kind in ("history", "skills", "paths"):
        assert {f.value for f in cli.ListingFormat} == set(FORMATS[kind])
    help_text = invoke("report", "--help").stdout
    assert all(name in help_text for name in FORMATS["report"])


def render_report(report: object, fmt: str, warnings: tuple[str, ...] = ()) -> object:
    """Every section: the terminal's --details, and the documents as they are."""
    return FORMATS["report"][fmt].render(report, Context(warnings=warnings, details=True))


def _plain(rendered: object) -> str:
    if isinstance(rendered, str):
        return rendered
    import io

    from rich.console import Console

    out = io.StringIO()
    Console(file=out, width=200, color_system=None, highlight=False).print(rendered)
    return out.getvalue()


def _unescaped(text: str) -> str:
    import html

    return html.unescape(re.sub(r"\\([\\`*_{}\[\]<>#|~&])", r"\1", text))


@pytest.mark.parametrize("fmt", sorted(FORMATS["report"]))
@pytest.mark.parametrize("case", ["one path", "two paths", "nothing missed", "with progress"])
def test_every_format_shows_every_section_of_the_same_report(shipped: LoadedTaxonomy, fmt: str, case: str) -> None:
    report = reports(shipped)[case]
    text = _unescaped(_plain(render_report(report, fmt)))
    if fmt == "json":
        assert json.loads(text) == json.loads(json.dumps(report))
        return
    view = build_view(report)
    assert view.verdict is not None
    assert " ".join(view.verdict.headline.split()[:4]) in " ".join(text.split())
    for row in view.readiness:
        assert row.name in text
    assert len(view.gaps) == len(report["focus"])
    for section in view.gaps:
        assert section.path_name in text
        for step in section.steps:
            assert step.name in text
            # The same resources, all of them, in every format.
            for resource in step.resources:
                assert resource["title"] in text, (fmt, resource["title"])
    if view.progress is not None:
        assert view.progress.since in text
    for item in view.missed:
        assert item.title in text
        if item.code is not None:
            # Code keeps its lines: each line of the code appears as a line of the output.
            lines = [line.rstrip() for line in text.splitlines()]
            for code_line in item.code["text"].rstrip().splitlines():
                if code_line.strip():
                    assert any(line.endswith(code_line.rstrip()) for line in lines), (fmt, code_line)


def test_two_chosen_paths_show_the_gaps_of_both_without_changing_the_verdict(shipped: LoadedTaxonomy) -> None:
    every = build_report(assessment_for(shipped), shipped.taxonomy, ref(shipped))
    chosen = reports(shipped)["two paths"]
    assert chosen["closest_path"] == every["closest_path"]
    assert chosen["focus"] == ["ml-engineer", "software-engineer"]
    for fmt in ("text", "markdown", "html"):
        text = _unescaped(_plain(render_report(chosen, fmt)))
        assert "Top gaps for Machine Learning Engineer" in text
        assert "Top gaps for Software Engineer / Developer" in text


def test_a_report_of_an_unfinished_assessment_names_the_file(tmp_path: Path, shipped: LoadedTaxonomy) -> None:
    unfinished = assessment_for(shipped).model_copy(update={"taken_at": None})
    path = tmp_path / "draft-copy.json"
    path.write_text(unfinished.model_dump_json())
    result = runner.invoke(app, ["report", "--from", str(path)], catch_exceptions=False)
    assert result.exit_code == 0
    assert (
        f"skillcheck: warning: {path} is an unfinished assessment; skills not yet rated count as level 0."
        in result.stderr
    )
    assert "None" not in result.stderr


def test_option_letters_cover_every_option_a_question_may_have() -> None:
    assert len(OPTION_LETTERS) == 8


def test_a_warning_is_said_once_on_a_terminal_and_carried_by_documents(tmp_path: Path, shipped: LoadedTaxonomy) -> None:
    unfinished = assessment_for(shipped).model_copy(update={"taken_at": None})
    path = tmp_path / "draft-copy.json"
    path.write_text(unfinished.model_dump_json())
    text = runner.invoke(app, ["report", "--from", str(path)], catch_exceptions=False)
    assert "is an unfinished assessment" in text.stderr
    assert "is an unfinished assessment" not in text.stdout
    markdown = runner.invoke(app, ["report", "--from", str(path), "--format", "markdown"], catch_exceptions=False)
    assert "is an unfinished assessment" in markdown.stdout


def test_the_checked_in_plan_schema_is_the_one_the_plan_type_implies() -> None:
    from skillcheck.documents.plan import generated_plan_schema

    assert schema("plan") == generated_plan_schema()
    assert json.loads(invoke("schema", "--of", "plan").output) == schema("plan")  # type: ignore[attr-defined]


def test_real_plan_output_validates_and_removing_any_field_fails(shipped: LoadedTaxonomy) -> None:
    from skillcheck.documents.plan import build_plan

    for path_id in (None, "ml-engineer", "software-engineer"):
        document = json.loads(
            json.dumps(
                build_plan(assessment_for(shipped), shipped.taxonomy, ref(shipped), path_id=path_id, hours_per_week=6)
            )
        )
        jsonschema.validate(document, schema("plan"))
        assert document["steps"], path_id
        for key in list(document):
            broken = copy.deepcopy(document)
            del broken[key]
            with pytest.raises(jsonschema.ValidationError):
                jsonschema.validate(broken, schema("plan"))
        for key in list(document["steps"][0]):
            broken = copy.deepcopy(document)
            del broken["steps"][0][key]
            with pytest.raises(jsonschema.ValidationError):
                jsonschema.validate(broken, schema("plan"))
