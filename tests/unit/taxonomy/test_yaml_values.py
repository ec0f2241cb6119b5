"""YAML's implicit typing and what the messages say about it: a value is read as written or refused."""

from __future__ import annotations

import json

import pytest
from testfiles import mini_with

from skillcheck.taxonomy.load import TaxonomyError, parse_taxonomy

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
