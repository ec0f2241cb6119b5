"""Mechanical review of the shipped content (../shared/CONTENT.md): what a test can check."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from skillcheck.models import Taxonomy
from skillcheck.taxonomy import LoadedTaxonomy


@pytest.fixture(scope="module")
def taxonomy(shipped: LoadedTaxonomy) -> Taxonomy:
    return shipped.taxonomy


def all_questions(taxonomy: Taxonomy) -> list:
    return [q for s in taxonomy.skills for q in s.questions]


def test_the_content_covers_the_topics_the_product_promises(taxonomy: Taxonomy) -> None:
    ids = {s.id for s in taxonomy.skills}
    assert ids >= {
        "algorithms", "data-structures", "computer-architecture", "software-design", "version-control",
        "testing", "python", "data-modelling", "sql", "data-analysis", "data-pipelines", "machine-learning",
        "deep-learning", "computer-vision", "mlops", "linear-algebra", "calculus-optimisation", "probability",
        "statistics", "communication",
    }  # fmt: skip


def test_correct_options_are_spread_evenly_over_positions(taxonomy: Taxonomy) -> None:
    questions = all_questions(taxonomy)
    positions = Counter(q.correct_index for q in questions)
    share = {pos: count / len(questions) for pos, count in positions.items()}
    assert set(positions) == {0, 1, 2, 3}
    assert all(0.2 <= s <= 0.3 for s in share.values()), share


def test_the_correct_option_is_not_systematically_the_longest(taxonomy: Taxonomy) -> None:
    questions = all_questions(taxonomy)
    longest = 0
    for q in questions:
        lengths = [len(o.text) for o in q.options]
        if lengths[q.correct_index] == max(lengths) and lengths.count(max(lengths)) == 1:
            longest += 1
    # With four options a random position is strictly longest about a quarter of the time.
    assert longest / len(questions) <= 0.25


def test_every_question_has_four_distinct_options_and_an_explanation(taxonomy: Taxonomy) -> None:
    for q in all_questions(taxonomy):
        assert len(q.options) == 4, q.id
        assert len({o.text.strip().casefold() for o in q.options}) == 4, q.id
        assert len(q.explanation) >= 20, q.id
        assert "\n" not in q.explanation.strip(), q.id


def test_no_option_is_all_or_none_of_the_above(taxonomy: Taxonomy) -> None:
    for q in all_questions(taxonomy):
        for option in q.options:
            assert not re.search(r"\b(all|none) of the above\b", option.text, re.IGNORECASE), q.id


def test_every_skill_has_a_question_for_every_level(taxonomy: Taxonomy) -> None:
    rated = {lvl.level for lvl in taxonomy.levels} - {0}
    for skill in taxonomy.skills:
        assert {q.level for q in skill.questions} == rated, skill.id


def test_every_skill_has_resources_to_learn_from(taxonomy: Taxonomy) -> None:
    for skill in taxonomy.skills:
        assert len(skill.resources) >= 2, skill.id


def test_level_descriptions_are_one_line_and_fit_a_terminal(taxonomy: Taxonomy) -> None:
    for skill in taxonomy.skills:
        assert len(skill.description) <= 100, skill.id
        for level, text in skill.levels.items():
            assert "\n" not in text.strip() and len(text) <= 150, (skill.id, level)


def test_question_text_fits_an_80_column_terminal(taxonomy: Taxonomy) -> None:
    for q in all_questions(taxonomy):
        assert all(len(line) <= 76 for line in q.prompt.splitlines()), q.id
        assert all(len(o.text) <= 80 for o in q.options), q.id


def test_every_path_names_its_occupation_reference_where_one_exists(taxonomy: Taxonomy) -> None:
    codes = {p.id: " ".join(r.title for r in p.references) for p in taxonomy.paths}
    assert "15-1252.00" in codes["software-engineer"]
    assert "15-2051.00" in codes["data-scientist"]
    assert "15-1243.00" in codes["data-engineer"]
    assert taxonomy.attribution and "CC BY 4.0" in taxonomy.attribution


def test_ml_engineer_weighs_machine_learning_and_deployment_highest(taxonomy: Taxonomy) -> None:
    weights = {r.skill: r.weight for r in taxonomy.path("ml-engineer").requires}
    assert weights["machine-learning"] == weights["mlops"] == max(weights.values())
