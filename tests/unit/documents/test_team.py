"""The team document: what it keeps of each person."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skillcheck.documents.report import build_report
from skillcheck.documents.team import _entry, percentile
from skillcheck.measure.flow import new_assessment
from skillcheck.measure.quizplan import plan_quiz
from skillcheck.taxonomy.load import LoadedTaxonomy
from skillcheck.taxonomy.models import Assessment, Rating


def varied_assessment(shipped: LoadedTaxonomy, seed: int) -> Assessment:
    """Skills rated or not, checked or not, answered right, wrong or skipped, some left out."""
    rng = random.Random(seed)
    taxonomy = shipped.taxonomy
    answers: list = []
    for skill in taxonomy.skills:
        if rng.random() < 0.1:
            continue  # not reached
        answers.append(Rating(skill=skill.id, level=None if rng.random() < 0.15 else rng.randint(0, 4)))
        for question in rng.sample(skill.questions, rng.randint(0, min(3, len(skill.questions)))):
            answers.append(question.answered(skill.id, rng.choice([*question.letters, None])))
    assessment = new_assessment(plan_quiz(taxonomy), shipped.ref, seed=seed)
    return assessment.model_copy(update={"answers": tuple(answers), "taken_at": assessment.started_at})


@pytest.mark.parametrize("seed", range(12))
def test_what_team_keeps_of_an_assessment_equals_those_fields_of_its_report(shipped: LoadedTaxonomy, seed: int) -> None:
    assessment = varied_assessment(shipped, seed)
    report = build_report(assessment, shipped.taxonomy, shipped.ref)
    assert _entry(assessment, shipped.taxonomy) == {
        "taken_at": report["taken_at"],
        "closest_path": report["closest_path"],
        "paths": [
            {
                "id": path["id"],
                "readiness": path["readiness"],
                "gaps": [
                    {"skill": g["skill"], "name": g["name"], "priority": g["priority"], "assessed": g["assessed"]}
                    for g in path["gaps"]
                ],
                "assessed": path["assessed"],
                "required": path["required"],
            }
            for path in report["paths"]
        ],
        "skills": [
            {
                "id": skill["id"],
                "evidenced": skill["evidenced"],
                "area": skill["area"],
                "claimed": skill["claimed"],
                "calibration": skill["calibration"],
            }
            for skill in report["skills"]
        ],
    }


@given(st.lists(st.integers(0, 4), min_size=1, max_size=60), st.integers(0, 4))
def test_a_percentile_is_the_share_below_with_ties_counted_half(values: list[int], value: int) -> None:
    below = sum(v < value for v in values)
    equal = sum(v == value for v in values)
    assert percentile(value, sorted(values)) == round(100 * (below + 0.5 * equal) / len(values), 1)
