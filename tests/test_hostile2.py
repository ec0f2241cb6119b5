"""Hardening, round 2: every input from outside is distrusted, every state recovers.

Each section is one class of defect a hostile tester found; the tests are about the class (every
reader, every field), not the one example that was found.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from skillcheck.models import Assessment, Check, Rating, Taxonomy, TaxonomyRef
from skillcheck.quiz import make_plan, new_assessment
from skillcheck.store import load_assessment
from skillcheck.taxonomy import LoadedTaxonomy, TaxonomyError, parse_taxonomy
from testfiles import MINI


def ref_of(loaded: LoadedTaxonomy) -> TaxonomyRef:
    return TaxonomyRef(id=loaded.taxonomy.id, version=loaded.taxonomy.version, hash=loaded.hash, source=loaded.source)


def stored(loaded: LoadedTaxonomy) -> dict[str, Any]:
    """A complete, valid assessment of the mini taxonomy as a stored file holds it."""
    assessment = new_assessment(make_plan(loaded.taxonomy), ref_of(loaded))
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
