"""Loading and validating taxonomies: every problem at once, each with file:line and a path."""

from __future__ import annotations

from pathlib import Path

import pytest

from skillcheck.taxonomy import TaxonomyError, format_path, load_taxonomy, parse_taxonomy
from testfiles import MINI


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
