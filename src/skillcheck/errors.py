"""The one error type the core raises, and the exit codes the CLI maps it to."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import IntEnum


class ExitCode(IntEnum):
    """Exit codes, documented in README.md ("Exit codes")."""

    OK = 0
    FAILURE = 1  # something went wrong that is not the user's input: a full disk, a bug
    BAD_INPUT = 2  # bad input or usage: a broken taxonomy, an unknown id, a corrupt file
    SOME_SKIPPED = 3  # `team` finished, but some input files could not be read and were skipped
    WRONG_CALIBRATION = 4  # --calibration names a calibration of another taxonomy, or of an older version
    INTERRUPTED = 130  # Ctrl-C or end of input; progress was saved


class SkillcheckError(Exception):
    """An error with a message ready for the user and the exit code it ends the program with."""

    def __init__(self, message: str, *, exit_code: ExitCode = ExitCode.BAD_INPUT) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code

    def __str__(self) -> str:
        return self.message


_LONGEST_GUESSED = 200
# Suggestions per message: each compares one typed id with every known one, so a file of
# thousands of misspelt ids gets suggestions for the first ones and a plain list after.
SUGGESTIONS = 20


def did_you_mean(word: str, known: Iterable[str], names: Mapping[str, str] | None = None) -> str:
    """` (did you mean 'x'?)` for the closest known id, or "" when none is close.

    Close in spelling first (`sqll` -> `sql`); then, since people type what a thing is called
    rather than its id, a match on the names (`git` -> `version-control`, named "Version control
    (Git)"), whole words before spelling.
    """
    import difflib
    import re

    ids = list(known)
    if len(word) > _LONGEST_GUESSED:
        return ""  # no id is this long; comparing it with every id would cost for nothing
    close = difflib.get_close_matches(word, ids, n=1, cutoff=0.6)
    if not close and len(word) >= 3:
        # The start of an id: `math` -> `mathematics`.
        close = [key for key in ids if key.startswith(word.lower())][:1]
    if not close:
        # A typed id that shares a word with a real one: `sql-database` -> `sql`.
        typed = set(word.lower().split("-"))
        close = [key for key in ids if typed & set(key.split("-"))][:1]
    if not close and names:
        wanted = word.lower()
        words = {key: set(re.findall(r"[a-z0-9+#]+", name.lower())) for key, name in names.items()}
        close = [key for key in ids if wanted in words.get(key, set())][:1]
        if not close:
            by_name = {name.lower(): key for key, name in names.items()}
            close = [by_name[n] for n in difflib.get_close_matches(wanted, list(by_name), n=1, cutoff=0.6)]
    return f" (did you mean '{close[0]}'?)" if close else ""
