"""The standard streams: what is written to them, in which encoding, and what if they are gone.

One place for what the environment can do to output: a Latin-1 or ASCII locale, a closed stdin
or stdout, a full disk or a closed pipe behind stdout, and `COLUMNS` set to 0, to a few columns
or to something that is not a number. rich is imported only where a console is made, so the
JSON commands never load it.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import os
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TextIO

from skillcheck.errors import ExitCode, SkillcheckError
from skillcheck.safetext import ascii_int

if TYPE_CHECKING:
    from rich.console import Console

# Narrower than this, rich wraps every word onto a line of its own (at 0 it prints nothing).
MIN_WIDTH = 40
# Wider or taller than this is no screen: rich allocates per column and line (COLUMNS=10**6 took
# seconds and gigabytes, 10**18 a MemoryError), so larger values are cut to it.
MAX_SIZE = 1000

# A terminal whose encoding lacks a character the program writes (Latin-1 has no dash, arrow
# or block) gets the nearest ASCII instead of a UnicodeEncodeError; anything else becomes "?".
_NEAREST = {
    "—": "-",
    "–": "-",
    "→": "->",
    "←": "<-",
    "↑": "^",
    "↓": "v",
    "…": "...",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
    "•": "*",
    "·": ".",
    "×": "x",
    "█": "#",
    "░": ".",
    # The profile chart's marks and the team heat table's shades: one character each, so the
    # chart keeps its columns in a terminal without them.
    "●": "@",
    "○": "o",
    "▲": "^",
    "─": "-",
    "▁": ":",
    "▂": "-",
    "▃": "=",
    "▄": "+",
    "▅": "*",
    "▆": "%",
    "▇": "&",
}
FALLBACK = "skillcheck-nearest"


def _nearest(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start : error.end]
    return "".join(_NEAREST.get(char, "?") for char in text), error.end


codecs.register_error(FALLBACK, _nearest)


def _is_utf8(stream: Any) -> bool:
    try:
        return codecs.lookup(getattr(stream, "encoding", None) or "ascii").name == "utf-8"
    except LookupError:
        return False


def prepare() -> None:
    """Make the process's streams safe to use; `main` calls this before any command runs.

    stdout is wrapped once (`_Guarded`), so that whatever writes to it, a command's document,
    typer's help or --version, a closed or full stdout ends in the same error and exit code.
    """
    if sys.stdout is not None and not isinstance(sys.stdout, _Guarded):
        sys.stdout = _Guarded(sys.stdout)
    if sys.stdin is None:
        # stdin closed (`<&-`): read as an empty stream, so the quiz ends as at end of input.
        # The stream lives as long as the process; os.devnull is a name, not a path to build on.
        sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115, PTH123
    for stream in (sys.stdout, sys.stderr):
        if stream is not None and not _is_utf8(stream) and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors=FALLBACK)
    # typer's help and every rich console read these from the environment.
    fixed = sane_environ(os.environ)
    for name in ("COLUMNS", "LINES"):
        if name in fixed:
            os.environ[name] = fixed[name]
        else:
            os.environ.pop(name, None)


def sane_environ(environ: Mapping[str, str]) -> dict[str, str]:
    """The environment with `COLUMNS` and `LINES` as rich and typer can use them.

    Both read them with `str.isdigit()` and `int()`, which fail on `²`; and a width of 0 makes
    rich print nothing. A value that is not ASCII digits is dropped (the terminal is asked
    instead); a width below MIN_WIDTH is raised to it, and either above MAX_SIZE cut to it.
    """
    fixed = dict(environ)
    for name in ("COLUMNS", "LINES"):
        value = fixed.get(name)
        if value is None:
            continue
        number = ascii_int(value.strip())
        if number is None:
            del fixed[name]
        elif name == "COLUMNS" and number < MIN_WIDTH:
            fixed[name] = str(MIN_WIDTH)
        else:
            fixed[name] = str(min(number, MAX_SIZE))
    return fixed


class _Guarded:
    """stdout, with a failed write (full disk, closed pipe) turned into the one SkillcheckError.

    Everything else is the wrapped stream's: rich and click ask for `encoding`, `isatty` and
    `fileno`, and documents are written to `buffer`, which is guarded the same way.
    """

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def write(self, text: Any) -> int:
        try:
            written: int = self._inner.write(text)
        except OSError as exc:
            raise _write_failed(exc) from None
        return written

    def flush(self) -> None:
        try:
            self._inner.flush()
        except OSError as exc:
            raise _write_failed(exc) from None

    @property
    def buffer(self) -> Any:
        inner = getattr(self._inner, "buffer", None)
        return None if inner is None else _Guarded(inner)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def closed_error() -> SkillcheckError:
    return SkillcheckError(
        "standard output is closed, so the result cannot be written; run the command without `>&-`.",
        exit_code=ExitCode.FAILURE,
    )


def stdout() -> TextIO:
    """sys.stdout, or a clear error when it was closed (`>&-`): the result has nowhere to go."""
    if sys.stdout is None:
        raise closed_error()
    return sys.stdout


def finish() -> None:
    """Flush stdout at the end of the run, so that a failure is reported, not ignored at exit."""
    if sys.stdout is not None:
        sys.stdout.flush()


def _write_failed(exc: OSError) -> SkillcheckError:
    # Whatever failed (a reader gone with `| head`, a full disk), later flushes must not fail
    # again, nor print "Exception ignored" at exit: what is left goes nowhere.
    with (
        contextlib.suppress(OSError, ValueError, AttributeError),
        open(os.devnull, "w") as devnull,  # noqa: PTH123 - a file descriptor to copy, not a path to read
    ):
        os.dup2(devnull.fileno(), sys.__stdout__.fileno())  # type: ignore[union-attr]
    if exc.errno == errno.EBADF:
        return closed_error()
    return SkillcheckError(
        f"could not write the result to standard output ({exc.strerror or exc}).", exit_code=ExitCode.FAILURE
    )


def write_document(text: str) -> None:
    """Write a document (JSON, JSON lines, Markdown, HTML) to stdout as UTF-8, whatever the locale.

    JSON must be UTF-8 and the HTML declares it; a Latin-1 locale must not change the bytes.
    """
    out = stdout()
    try:
        out.flush()
        buffer = getattr(out, "buffer", None)
        if buffer is None:  # a text-only stream (some test harnesses): it takes the text as it is
            out.write(text)
        else:
            buffer.write(text.encode("utf-8"))
        out.flush()
        if buffer is not None:
            buffer.flush()
    except OSError as exc:
        raise _write_failed(exc) from None


def write_text(text: str) -> None:
    """Write text for a person to stdout in the terminal's encoding (the nearest ASCII where it lacks a character)."""
    out = stdout()
    try:
        out.write(text)
        out.flush()
    except OSError as exc:
        raise _write_failed(exc) from None


def console(**options: Any) -> Console:
    """A rich console on stdout, at least MIN_WIDTH wide, with a sanitised environment."""
    from rich.console import Console

    made = Console(file=stdout(), highlight=False, _environ=sane_environ(os.environ), **options)
    if made.width < MIN_WIDTH:
        made.width = MIN_WIDTH
    return made


def print_renderable(renderable: Any) -> None:
    """Print a rich renderable to stdout; a full disk or closed pipe is a clear error."""
    try:
        console().print(renderable)
        sys.stdout.flush()
    except OSError as exc:
        raise _write_failed(exc) from None
