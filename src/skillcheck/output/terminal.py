"""The quiz's front end: shows each step with rich and reads what the person types.

Two ways to read: a person at a terminal (line editing through `input`), or anything else on
stdin, read as bytes one line at a time so that odd bytes and endless lines cannot break it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import BinaryIO

from rich.console import Console

from skillcheck.measure.flow import StepView
from skillcheck.measure.quizplan import Step
from skillcheck.output.prompts import step_view
from skillcheck.safetext import escaped
from skillcheck.taxonomy.models import Taxonomy

# Longest answer line read from a pipe; the rest of an overlong line is read and dropped.
MAX_LINE_BYTES = 1024
# Piped input that is not a person: stop after this many invalid answers in a row.
MAX_INVALID_PIPED = 25
# What a line that could not be read becomes: never a valid answer, so the quiz hints and re-asks.
UNREADABLE = "\x00unreadable"


class PipeReader:
    """Reads answer lines from a byte stream: EOFError at its end, UNREADABLE for junk."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.started = False

    def __call__(self) -> str:
        line = self.stream.readline(MAX_LINE_BYTES + 1)
        if not line:
            raise EOFError
        if not self.started:
            # A file saved by some editors starts with a byte order mark; it is not part of the
            # first answer (read as one, every later answer would land on the wrong prompt).
            self.started = True
            line = line.removeprefix(b"\xef\xbb\xbf")
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            while (rest := self.stream.readline(MAX_LINE_BYTES)) and not rest.endswith(b"\n"):
                pass
            return UNREADABLE
        try:
            return line.decode("utf-8").rstrip("\r\n")
        except UnicodeDecodeError:
            return UNREADABLE


def terminal_reader(console: Console) -> Callable[[], str]:
    def read() -> str:
        try:
            return console.input("> ")
        except UnicodeDecodeError:  # a terminal sending bytes that are not UTF-8
            return UNREADABLE

    return read


def make_ask(console: Console, taxonomy: Taxonomy, read: Callable[[], str], *, echo: bool) -> Callable[[StepView], str]:
    """An `ask` for the quiz flow: render the step, read one line. `echo` repeats piped answers."""

    shown: list[Step] = []  # the step on screen, to re-ask it without drawing it again

    def ask(view: StepView) -> str:
        again = bool(shown) and shown[-1] == view.step and view.notice is not None
        if not again:
            console.print()
        console.print(step_view(view, taxonomy, again=again))
        shown[:] = [view.step]
        return _read_line(console, read, echo=echo)

    return ask


def _read_line(console: Console, read: Callable[[], str], *, echo: bool) -> str:
    """Read one answer; piped input is echoed after a prompt so the transcript reads like a session."""
    if not echo:
        return read()
    console.print("> ", end="")
    typed = read()
    # Escaped like all outside text: a piped line can carry a screen clear or a window title.
    shown = escaped(typed) if typed != UNREADABLE else "(unreadable input)"
    console.print(shown, markup=False, highlight=False)
    return typed


def ask_yes_no(console: Console, read: Callable[[], str], question: str, *, echo: bool) -> bool | None:
    """Yes for y, yes or an empty answer, no for n or no, None for q (leave, as q does at every
    prompt); anything else is asked again."""
    from skillcheck.measure.flow import QUIT_KEYS

    while True:
        console.print(question, markup=False, highlight=False)
        answer = _read_line(console, read, echo=echo).strip().lower()
        if answer in ("", "y", "yes"):
            return True
        if answer in ("n", "no"):
            return False
        if answer in QUIT_KEYS:
            return None
        console.print("Type y or n (or q to leave).", markup=False, highlight=False)
