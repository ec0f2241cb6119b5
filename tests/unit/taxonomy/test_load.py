"""Loading and validating taxonomies: every problem at once, each with file:line and a path."""

from __future__ import annotations

from pathlib import Path

import pytest
from testfiles import MINI

from skillcheck.taxonomy.load import TaxonomyError, format_path, load_taxonomy, parse_taxonomy


def errors_of(text: str, name: str = "t.yaml") -> list[str]:
    with pytest.raises(TaxonomyError) as caught:
        parse_taxonomy(text.encode(), name)
    return caught.value.message.splitlines()[1:]


def mutate(old: str, new: str) -> str:
    text = MINI.read_text()
    assert old in text, old
    return text.replace(old, new, 1)


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_the_shipped_taxonomy_validates(shipped) -> None:
    taxonomy = shipped.taxonomy
    assert len(taxonomy.skills) >= 24
    for area in ("software", "data", "mathematics"):
        assert sum(s.area == area for s in taxonomy.skills) >= 6
    assert {p.id for p in taxonomy.paths} >= {"software-engineer", "data-scientist", "data-engineer", "ml-engineer"}
    assert all(len(s.questions) >= 2 for s in taxonomy.skills)


def test_the_mini_fixture_validates(mini) -> None:
    assert mini.taxonomy.id == "mini"


def test_paths_are_formatted_like_the_document() -> None:
    assert format_path(("paths", 2, "requires", 4, "skill")) == "paths[2].requires[4].skill"
    assert format_path(()) == "(top level)"


def test_an_unknown_skill_in_a_path_names_the_id_and_its_line() -> None:
    text = mutate("{skill: git, level: 2, weight: 3}", "{skill: gitt, level: 2, weight: 3}")
    line = line_of(text, "skill: gitt")
    assert errors_of(text) == [
        f"  t.yaml:{line}: paths[0].requires[1].skill: unknown skill 'gitt' (did you mean 'git'?)"
    ]


def test_every_problem_is_reported_at_once() -> None:
    text = mutate("{skill: git, level: 2, weight: 3}", "{skill: gitt, level: 7, weight: 3}")
    text = text.replace("id: py-2", "id: py-1")
    messages = errors_of(text)
    assert len(messages) == 3
    assert any("duplicate question id 'py-1'" in m for m in messages)
    assert any("unknown skill 'gitt'" in m for m in messages)
    assert any("requires level 7, which the scale lacks" in m for m in messages)


def test_a_duplicate_skill_id_is_reported() -> None:
    text = mutate("  - id: git\n", "  - id: py\n")
    lines = [i for i, s in enumerate(text.splitlines(), 1) if s == "  - id: py"]
    assert len(lines) == 2
    assert f"  t.yaml:{lines[1]}: skills[1].id: duplicate id 'py'" in errors_of(text)


def test_a_question_without_a_correct_option_is_reported() -> None:
    text = mutate('{text: "3", correct: true}', '{text: "3"}')
    line = line_of(text, "options:")
    assert errors_of(text) == [
        f"  t.yaml:{line}: skills[0].questions[0].options: needs exactly one option with 'correct: true', has 0"
    ]


def test_a_question_with_two_correct_options_is_reported() -> None:
    text = mutate('{text: "2"}', '{text: "2", correct: true}')
    assert errors_of(text)[0].endswith(
        "skills[0].questions[0].options: needs exactly one option with 'correct: true', has 2"
    )


def test_a_question_probing_a_level_the_scale_lacks_is_reported() -> None:
    text = mutate("        level: 3\n        prompt: Where", "        level: 5\n        prompt: Where")
    line = line_of(text, "level: 5")
    assert errors_of(text) == [f"  t.yaml:{line}: skills[0].questions[2].level: probes level 5, which the scale lacks"]


def test_a_missing_level_description_is_reported() -> None:
    text = mutate("      3: Designs a package others use.\n", "")
    line = line_of(text, "    levels:")
    assert errors_of(text) == [f"  t.yaml:{line}: skills[0].levels: missing the description of level 3"]


def test_an_area_without_skills_is_reported() -> None:
    text = mutate("  - {id: maths, name: Maths}\n", "  - {id: maths, name: Maths}\n  - {id: art, name: Art}\n")
    line = line_of(text, "id: art")
    assert errors_of(text) == [f"  t.yaml:{line}: areas[2].id: area 'art' has no skills"]


def test_a_path_with_no_skills_is_reported() -> None:
    text = mutate(
        "    requires:\n      - {skill: py, level: 1, weight: 2}\n      - {skill: stats, level: 3, weight: 5}\n",
        "    requires: []\n",
    )
    line = line_of(text, "requires: []")
    assert errors_of(text) == [f"  t.yaml:{line}: paths[1].requires: path 'analyst' needs at least one skill"]


def test_a_skill_in_an_unknown_area_is_reported() -> None:
    text = mutate("    area: maths\n", "    area: math\n")
    line = line_of(text, "area: math")
    area_line = line_of(text, "id: maths")
    assert errors_of(text) == [
        f"  t.yaml:{area_line}: areas[1].id: area 'maths' has no skills",
        f"  t.yaml:{line}: skills[2].area: unknown area 'math' (did you mean 'maths'?)",
    ]


def test_a_misspelt_key_is_an_error_with_its_line() -> None:
    text = mutate("    description: Writing Python programs.\n", "    descripton: Writing Python programs.\n")
    messages = errors_of(text)
    line = line_of(text, "descripton")
    assert f"  t.yaml:{line}: skills[0].descripton: unknown key (check the spelling)" in messages
    assert any("skills[0].description: required key is missing" in m for m in messages)


def test_a_resource_needs_a_url_or_a_book() -> None:
    text = mutate(', url: "https://docs.python.org/3/tutorial/"', "")
    assert any("a resource needs exactly one of 'url' or 'book'" in m for m in errors_of(text))


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(TaxonomyError, match="no such file"):
        load_taxonomy(tmp_path / "nope.yaml")


def test_a_directory_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(TaxonomyError, match="is a directory"):
        load_taxonomy(tmp_path)


def test_a_file_that_is_not_a_mapping_is_rejected() -> None:
    with pytest.raises(TaxonomyError, match="a taxonomy is a YAML mapping"):
        parse_taxonomy(b"- a\n- b\n", "x.yaml")


def test_control_characters_in_a_reference_url_are_rejected() -> None:
    text = MINI.read_text().replace(
        "    description: Builds software.\n",
        '    description: Builds software.\n    references:\n      - {title: O, url: "https://x.org/\\e]52;c;eA=="}\n',
    )
    assert any("paths[0].references[0].url: contains the control character U+001B" in m for m in errors_of(text))


# --- steps between levels: prerequisites and effort ----------------------------------------------

PY_STEPS = "      3: Designs a package others use.\n"
STATS_STEPS = "      3: Chooses a test for a design.\n"


def with_steps(py: str = "", stats: str = "") -> str:
    """MINI with `steps:` blocks (indented YAML lines) added to the py and stats skills."""
    text = mutate(PY_STEPS, PY_STEPS + ("    steps:\n" + py if py else ""))
    return text.replace(STATS_STEPS, STATS_STEPS + ("    steps:\n" + stats if stats else ""), 1)


def test_steps_with_prerequisites_and_effort_load() -> None:
    text = with_steps(
        py="      1: {hours: 20, basis: The tutorial.}\n"
        "      2: {hours: 40, basis: More of it., requires: [{skill: git, level: 1}]}\n",
        stats="      2: {requires: [{skill: py, level: 1}]}\n",
    )
    taxonomy = parse_taxonomy(text.encode(), "t.yaml").taxonomy
    py = taxonomy.skills_by_id["py"]
    assert py.steps[2].hours == 40 and py.steps[2].requires[0].skill == "git"
    assert taxonomy.skills_by_id["stats"].steps[2].hours is None
    assert taxonomy.skills_by_id["git"].steps == {}


def test_a_prerequisite_on_an_unknown_skill_names_it_with_its_line() -> None:
    text = with_steps(py="      2:\n        requires:\n          - {skill: gti, level: 1}\n")
    line = line_of(text, "skill: gti")
    assert errors_of(text) == [
        f"  t.yaml:{line}: skills[0].steps[2].requires[0].skill: unknown skill 'gti' (did you mean 'git'?)"
    ]


def test_impossible_levels_in_steps_are_each_reported_with_their_line() -> None:
    text = with_steps(
        py="      0: {hours: 1, basis: x}\n"
        "      5: {hours: 1, basis: x}\n"
        "      2:\n"
        "        requires:\n"
        "          - {skill: git, level: 7}\n"
        "          - {skill: stats, level: 0}\n"
    )
    assert errors_of(text) == [
        f"  t.yaml:{line_of(text, '0: {hours')}: skills[0].steps[0]: level 0 is where every learner starts; "
        "no step leads to it",
        f"  t.yaml:{line_of(text, '5: {hours')}: skills[0].steps[5]: a step up to level 5, which the scale lacks",
        f"  t.yaml:{line_of(text, 'level: 7')}: skills[0].steps[2].requires[0].level: requires level 7, "
        "which the scale lacks",
        f"  t.yaml:{line_of(text, 'level: 0}')}: skills[0].steps[2].requires[1].level: requires level 0, "
        "which every learner has; remove it",
    ]


def test_a_level_requiring_a_higher_level_of_its_own_skill_is_a_cycle() -> None:
    text = with_steps(py="      2:\n        requires:\n          - {skill: py, level: 3}\n")
    line = line_of(text, "skill: py, level: 3")
    assert errors_of(text) == [
        f"  t.yaml:{line}: skills[0].steps[2].requires[0]: level 2 of 'py' cannot require level 3 of its own "
        "skill: level 3 is reached through level 2"
    ]


def test_a_cycle_through_two_skills_is_reported_at_a_prerequisite_with_the_whole_loop() -> None:
    text = with_steps(
        py="      2:\n        requires:\n          - {skill: stats, level: 2}\n",
        stats="      1:\n        requires:\n          - {skill: py, level: 2}\n",
    )
    messages = errors_of(text)
    assert len(messages) == 1
    line = line_of(text, "skill: stats, level: 2")
    assert messages[0] == (
        f"  t.yaml:{line}: skills[0].steps[2].requires[0]: prerequisites form a cycle: "
        "py 2 → stats 2 → stats 1 → py 2 (read → as 'needs'); remove one of them"
    )


def test_every_step_problem_and_every_separate_cycle_is_reported_in_one_run() -> None:
    text = with_steps(
        py="      1:\n        hours: 10\n        requires:\n          - {skill: git, level: 2}\n"
        "      3:\n        basis: Nothing to explain.\n        requires:\n          - {skill: nope, level: 1}\n",
        stats="      1:\n        requires:\n          - {skill: stats, level: 1}\n",
    )
    git_steps = "    steps:\n      1:\n        requires:\n          - {skill: py, level: 1}\n"
    text = text.replace("      3: Rewrites history safely.\n", "      3: Rewrites history safely.\n" + git_steps)
    messages = errors_of(text)
    assert len(messages) == 5, messages
    assert any("skills[0].steps[1].hours: say what the estimate rests on in 'basis'" in m for m in messages)
    assert any("skills[0].steps[3].basis: 'basis' explains an estimate, but 'hours' is missing" in m for m in messages)
    assert any("skills[0].steps[3].requires[0].skill: unknown skill 'nope'" in m for m in messages)
    assert any("skills[2].steps[1].requires[0]: level 1 of 'stats' cannot require itself" in m for m in messages)
    assert any("prerequisites form a cycle: git 1 → py 1 → git 2 → git 1" in m for m in messages)


def test_a_long_chain_of_prerequisites_is_checked_without_recursion() -> None:
    from skillcheck.taxonomy.load import check_steps
    from skillcheck.taxonomy.models import Taxonomy

    count = 3000
    skills = [
        {
            "id": f"s{i}",
            "name": f"S{i}",
            "area": "a",
            "description": "d",
            "levels": {1: "one"},
            "steps": {1: {"requires": [{"skill": f"s{i + 1}", "level": 1}] if i + 1 < count else []}},
            "questions": [
                {"id": f"q{i}-{n}", "level": 1, "prompt": "p", "explanation": "e",
                 "options": [{"text": "a", "correct": True}, {"text": "b"}]}
                for n in (1, 2)
            ],
        }
        for i in range(count)
    ]  # fmt: skip
    skills[-1]["steps"] = {1: {"requires": [{"skill": "s0", "level": 1}]}}  # closes one loop through all of them
    taxonomy = Taxonomy.model_validate(
        {
            "id": "chain",
            "version": "1",
            "name": "n",
            "levels": [{"level": 0, "name": "0", "meaning": "m"}, {"level": 1, "name": "1", "meaning": "m"}],
            "areas": [{"id": "a", "name": "A"}],
            "skills": skills,
            "paths": [
                {"id": "p", "name": "P", "description": "d", "requires": [{"skill": "s0", "level": 1, "weight": 1}]}
            ],
        }
    )
    problems = list(check_steps(taxonomy))
    assert len(problems) == 1
    assert problems[0].message.startswith("prerequisites form a cycle: s0 1 → s1 1 → s2 1")


def test_step_prerequisites_are_checked_in_the_same_run_as_field_errors(tmp_path: Path) -> None:
    """A field error elsewhere no longer hides the steps' cross-references until it is fixed."""
    from testfiles import MINI

    from skillcheck.taxonomy.load import TaxonomyError, parse_taxonomy

    text = MINI.read_text().replace(
        "    name: Python\n",
        "    name: Python\n    steps:\n      1: {hours: 5, basis: Estimate from a tutorial of a few hours, requires: "
        "[{skill: gti, level: 1}, {skill: stats, level: 7}]}\n      2: {hours: yes, basis: Estimate, requires: []}\n",
        1,
    )
    text = text.replace("{skill: git, level: 2, weight: 3}", "{skill: git, level: 2, weight: 9}", 1)
    with pytest.raises(TaxonomyError) as raised:
        parse_taxonomy(text.encode(), "t.yaml")
    message = raised.value.message
    assert "weight" in message  # the field error
    assert "hours" in message  # the step's own field error
    assert "unknown skill 'gti'" in message and "did you mean 'git'" in message  # a cross-reference
    assert "requires level 7, which the scale lacks" in message
