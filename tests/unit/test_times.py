"""times: the one parse of a stored time, bounded so that no use of it overflows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import example, given
from hypothesis import strategies as st

from skillcheck.times import EARLIEST, LATEST, instant, local, stamp

OFFSETS = st.integers(min_value=-23 * 60 - 59, max_value=23 * 60 + 59).map(lambda m: timezone(timedelta(minutes=m)))


@given(st.datetimes(timezones=OFFSETS | st.just(UTC)))
@example(datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC))
@example(datetime(1, 1, 1, 0, 30, tzinfo=timezone(timedelta(hours=5))))
@example(datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone(timedelta(hours=-14))))
def test_any_iso_time_has_an_instant_a_stamp_and_a_local_time(moment: datetime) -> None:
    text = moment.isoformat()
    found = instant(text)
    assert found is not None and EARLIEST <= found <= LATEST
    assert len(stamp(text)) == len("20261125T204532500000Z")
    assert local(text)  # never raises, in any local zone


@given(st.datetimes(min_value=datetime(2, 1, 1), max_value=datetime(9998, 12, 31), timezones=OFFSETS))
def test_stamps_sort_as_the_moments_do(moment: datetime) -> None:
    later = moment + timedelta(microseconds=1)
    assert stamp(moment.isoformat()) < stamp(later.isoformat())


def test_text_that_is_no_time_is_shown_as_it_is() -> None:
    assert instant("yesterday") is None
    assert local("yesterday") == "yesterday"
