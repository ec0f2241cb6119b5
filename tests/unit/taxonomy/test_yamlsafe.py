"""The guarded YAML reader refuses hostile files fast, on the C and the pure-Python parser alike."""

from __future__ import annotations

import contextlib
import time

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from testfiles import BOMB

from skillcheck.taxonomy import yamlsafe
from skillcheck.taxonomy.load import TaxonomyError, parse_taxonomy
from skillcheck.taxonomy.yamlsafe import MAX_DEPTH, YamlError, decode, parse


@pytest.fixture(params=["c", "python"])
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test with the C parser (where PyYAML has it) and with the pure-Python one."""
    if request.param == "c":
        if not yaml.__with_libyaml__:
            pytest.skip("PyYAML was built without libyaml")
        monkeypatch.setattr(yamlsafe, "_Loader", yaml.CSafeLoader)
    else:
        monkeypatch.setattr(yamlsafe, "_Loader", yaml.SafeLoader)
    return str(request.param)


# A hang guard, not a speed test (speed is in benchmarks/): unguarded, these inputs expand or
# recurse for minutes, while the guards refuse them in milliseconds, so 10 s is far past 10x the
# expected time even on a loaded CI machine.
HANG_GUARD_S = 10


def timed_error(text: str) -> tuple[str, float]:
    start = time.perf_counter()
    with pytest.raises(YamlError) as caught:
        parse(text, "f.yaml")
    return caught.value.message, time.perf_counter() - start


def test_an_alias_bomb_is_refused_at_the_first_alias(loader: str) -> None:
    message, seconds = timed_error(BOMB)
    assert message.startswith("f.yaml:2: YAML aliases (*a) are not allowed")
    assert seconds < HANG_GUARD_S


def test_a_bomb_inside_a_taxonomy_string_field_is_refused_quickly(loader: str) -> None:
    text = BOMB + "id: x\nversion: *i\n"
    start = time.perf_counter()
    with pytest.raises(TaxonomyError, match="aliases"):
        parse_taxonomy(text.encode(), "t.yaml")
    assert time.perf_counter() - start < HANG_GUARD_S


def test_deep_nesting_is_refused_without_recursion(loader: str) -> None:
    message, seconds = timed_error("[" * 1000 + "]" * 1000)
    assert f"nested more than {MAX_DEPTH} levels deep" in message
    assert seconds < HANG_GUARD_S


def test_deep_block_nesting_is_refused(loader: str) -> None:
    text = "".join(" " * i + f"k{i}:\n" for i in range(200)) + " " * 200 + "v\n"
    message, _ = timed_error(text)
    assert "nested more than" in message


def test_a_duplicate_key_is_an_error_with_its_line(loader: str) -> None:
    message, _ = timed_error("id: a\nname: x\nid: b\n")
    assert message.startswith("f.yaml:3: duplicate key 'id'")


def test_an_unsafe_tag_is_refused_and_the_message_says_why(loader: str) -> None:
    message, _ = timed_error("a: !!python/object/apply:os.system ['echo hi']\n")
    assert "the tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed" in message
    assert "safe loader" in message


def test_a_scalar_with_an_unsafe_tag_is_refused(loader: str) -> None:
    message, _ = timed_error("a: !!python/name:os.system x\n")
    assert "is not allowed" in message


def test_a_set_or_binary_tag_is_refused(loader: str) -> None:
    assert "is not allowed" in timed_error("a: !!binary aGk=\n")[0]


def test_more_than_one_document_is_refused(loader: str) -> None:
    assert "only one YAML document" in timed_error("a: 1\n---\nb: 2\n")[0]


def test_broken_yaml_names_the_line(loader: str) -> None:
    message, _ = timed_error("a: [1, 2\nb: 3\n")
    assert message.startswith("f.yaml:")
    assert "not valid YAML" in message


def test_values_are_built_with_their_types_and_lines(loader: str) -> None:
    document = parse("a: 1\nb:\n  - x\n  - 'y'\n  - true\n  - 2.5\n  - null\nc: {d: e}\n", "f.yaml")
    assert document.data == {"a": 1, "b": ["x", "y", True, 2.5, None], "c": {"d": "e"}}
    assert document.lines[("b", 1)] == 4
    assert document.line_of(("c", "d", "missing")) == 8


def test_text_that_is_not_utf8_names_the_line() -> None:
    with pytest.raises(YamlError, match=r"f.yaml:2: not UTF-8 text"):
        decode(b"a: 1\nb: \xff\xfe\n", "f.yaml")


def test_a_file_over_the_size_limit_is_refused() -> None:
    with pytest.raises(YamlError, match="MiB limit"):
        decode(b"#" * (yamlsafe.MAX_BYTES + 1), "f.yaml")


def test_too_many_values_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlsafe, "MAX_NODES", 100)
    assert "more than 100 values" in timed_error("[" + ", ".join(["1"] * 200) + "]")[0]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text_raises_nothing_but_the_projects_error(text: str) -> None:
    with contextlib.suppress(TaxonomyError):
        parse_taxonomy(text.encode("utf-8", "surrogatepass"), "fuzz.yaml")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_arbitrary_bytes_raise_nothing_but_the_projects_error(raw: bytes) -> None:
    with contextlib.suppress(TaxonomyError):
        parse_taxonomy(raw, "fuzz.yaml")


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(yaml_values)
def test_arbitrary_yaml_shaped_data_raises_nothing_but_the_projects_error(value: object) -> None:
    text = yaml.safe_dump(value, allow_unicode=True)
    with contextlib.suppress(TaxonomyError):
        parse_taxonomy(text.encode("utf-8", "surrogatepass"), "fuzz.yaml")


@settings(max_examples=200, deadline=None)
@given(yaml_values)
def test_the_reader_builds_what_pyyaml_builds_for_plain_data(value: object) -> None:
    text = yaml.safe_dump(value, allow_unicode=True)
    try:
        expected = yaml.safe_load(text)
    except Exception:
        return
    if expected != value:
        # PyYAML does not read this text back as the data it wrote: two keys became one (see the
        # test below), which the reader refuses by design instead of keeping the last.
        return
    assert parse(text, "f.yaml").data == expected


def test_keys_that_yaml_folds_into_one_are_refused_where_pyyaml_keeps_the_last() -> None:
    """A quoted key holding a line break (here U+0085) folds to a space and collides with ' '."""
    text = yaml.safe_dump({" ": None, "\x85": None}, allow_unicode=True)
    assert yaml.safe_load(text) == {" ": None}  # PyYAML silently drops one of the two
    with pytest.raises(YamlError, match="duplicate key"):
        parse(text, "f.yaml")
