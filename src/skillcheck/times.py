"""The one parse of a stored time, bounded so that no later use of it can overflow.

Stored times come from files anyone can edit. ISO 8601 allows `0001-01-01T00:30:00+05:00`
(a moment before the year 1 in UTC) and `9999-12-31T23:59:59+00:00` (no local time east of
Greenwich): both are valid text, and both overflow datetime when converted or moved. Every
reader of a stored time goes through `instant`, which keeps the moment a day inside what
datetime can hold, so converting it to any time zone never fails.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

# A day of margin each side: no time zone is more than a day from UTC.
EARLIEST = datetime.min.replace(tzinfo=UTC) + timedelta(days=1)
LATEST = datetime.max.replace(tzinfo=UTC) - timedelta(days=1)


def parse(text: str) -> datetime:
    """A stored time as an aware datetime; a time without a zone is UTC. Raises ValueError."""
    if not text.isascii() or len(text) > 40:
        raise ValueError("not an ISO 8601 time")
    moment = datetime.fromisoformat(text)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def instant(text: str) -> datetime | None:
    """The moment a stored time names, in UTC, kept within [EARLIEST, LATEST]; None if it is no time."""
    try:
        moment = parse(text)
    except ValueError:
        return None
    # Converting a moment at the very edge of the calendar to UTC is itself what overflows.
    try:
        utc = moment.astimezone(UTC)
    except OverflowError:
        return EARLIEST if moment.year == datetime.min.year else LATEST
    return min(max(utc, EARLIEST), LATEST)


def stamp(text: str) -> str:
    """`2026-11-25T20:45:32.5+00:00` -> `20261125T204532500000Z`: file names that sort by time."""
    moment = instant(text)
    if moment is None:
        return "".join(ch for ch in text if ch.isalnum())
    # Not strftime: its %Y does not pad years before 1000 on every platform, and names must sort.
    return f"{moment.year:04d}{moment:%m%dT%H%M%S%f}Z"


def local(text: str) -> str:
    """A stored time for people, in their local time zone: `2026-11-25 21:45 CET` (the zone's
    name, or its offset where it has none); the text as stored when it is no time at all."""
    moment = instant(text)
    if moment is None:
        return text
    shown = moment.astimezone()
    zone = shown.strftime("%Z")
    if not zone or any(ch.isdigit() for ch in zone):  # some zones are named "+03"; show "+0300"
        zone = shown.strftime("%z")
    return f"{shown.year:04d}{shown:-%m-%d %H:%M} {zone}"


def now() -> str:
    # Microseconds: assessments taken within one second must still sort in order.
    return datetime.now(UTC).isoformat(timespec="microseconds")


def days_between(earlier: str, later: str) -> float:
    """Days from one stored time to another; 0 for a clock set back, or a text that is no time."""
    start, end = instant(earlier), instant(later)
    if start is None or end is None or end <= start:
        return 0.0
    return (end - start).total_seconds() / 86400
