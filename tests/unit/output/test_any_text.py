"""Any valid text renders literally: no escape codes reach a terminal from a skill name or a report."""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from rich.cells import cell_len
from testfiles import ESCAPES, MINI, render

from skillcheck.documents.report import build_report
from skillcheck.measure.flow import StepView, new_assessment, progress
from skillcheck.measure.quizplan import RateStep, plan_quiz
from skillcheck.output.prompts import step_view
from skillcheck.output.render import report_view
from skillcheck.output.view import build_view
from skillcheck.taxonomy.models import Taxonomy, TaxonomyRef

# --- rendering any text --------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_any_valid_skill_name_renders_literally_without_escape_codes(name: str) -> None:
    data = __import__("yaml").safe_load(MINI.read_text())
    data["skills"][0]["name"] = name
    try:
        taxonomy = Taxonomy.model_validate(data)
    except ValidationError:
        assume(False)
        return
    plan = plan_quiz(taxonomy)
    view = StepView(
        RateStep(taxonomy.skills[0]),
        progress(plan, new_assessment(plan, TaxonomyRef(id="t", version="1", hash="h"))),
        None,
        False,
    )
    text = render(step_view(view, taxonomy))
    assert not any(e in text for e in ESCAPES)
    if name.strip() and name.isprintable() and len(name) < 40:
        assert name.strip() in text


@settings(max_examples=100, deadline=None)
@given(st.text(min_size=1, max_size=40))
def test_any_valid_text_renders_in_a_report_without_escape_codes(text: str) -> None:
    from skillcheck.taxonomy.models import TaxonomyRef

    data = __import__("yaml").safe_load(MINI.read_text())
    data["paths"][0]["name"] = text
    data["skills"][1]["levels"][1] = text
    try:
        taxonomy = Taxonomy.model_validate(data)
    except ValidationError:
        assume(False)
        return
    ref = TaxonomyRef(id="mini", version="1", hash="h")
    assessment = new_assessment(plan_quiz(taxonomy), ref).model_copy(update={"taken_at": "2026-01-01T00:00:00+00:00"})
    output = render(report_view(build_view(build_report(assessment, taxonomy, ref))))
    assert not any(e in output for e in ESCAPES)
    # Display cells, not characters: combining marks take none, wide characters two.
    assert max(cell_len(line) for line in output.splitlines()) <= 80
