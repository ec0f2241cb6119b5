"""streams.sane_environ: the one clamp of COLUMNS and LINES."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from skillcheck.output.streams import MAX_SIZE, MIN_WIDTH, sane_environ


@given(st.integers(min_value=0, max_value=10**18 - 1), st.integers(min_value=0, max_value=10**18 - 1))
def test_any_number_becomes_a_size_a_screen_can_have(columns: int, lines: int) -> None:
    fixed = sane_environ({"COLUMNS": str(columns), "LINES": str(lines)})
    assert MIN_WIDTH <= int(fixed["COLUMNS"]) <= MAX_SIZE
    assert 0 <= int(fixed["LINES"]) <= MAX_SIZE


@given(st.text(max_size=30))
def test_any_text_is_dropped_or_a_number_in_range(value: str) -> None:
    fixed = sane_environ({"COLUMNS": value})
    assert "COLUMNS" not in fixed or MIN_WIDTH <= int(fixed["COLUMNS"]) <= MAX_SIZE
