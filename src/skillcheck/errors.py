"""The one error type the core raises, and the exit codes the CLI maps it to."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Exit codes, documented in README.md ("Exit codes")."""

    OK = 0
    FAILURE = 1  # something went wrong that is not the user's input: a full disk, a bug
    BAD_INPUT = 2  # bad input or usage: a broken taxonomy, an unknown id, a corrupt file
    SOME_SKIPPED = 3  # `team` finished, but some input files could not be read and were skipped
    INTERRUPTED = 130  # Ctrl-C or end of input; progress was saved


class SkillcheckError(Exception):
    """An error with a message ready for the user and the exit code it ends the program with."""

    def __init__(self, message: str, *, exit_code: ExitCode = ExitCode.BAD_INPUT) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code

    def __str__(self) -> str:
        return self.message
