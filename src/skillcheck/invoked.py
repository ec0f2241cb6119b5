"""How the user ran skillcheck, so that every hint names a command they can type as it is.

Someone who installed into a virtual environment without activating it runs
`.venv/bin/skillcheck`; a hint saying `skillcheck report` would then be "command not found".
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path


def _as_typed(path: str) -> str:
    """A program path as short as it can be typed here: its bare name when PATH finds this very
    file, else relative to the current directory when it is under it, else in full."""
    program = Path(path)
    found = shutil.which(program.name)
    if found is not None and Path(found).resolve() == program.resolve():
        return program.name
    absolute = program.absolute()
    if absolute.is_relative_to(Path.cwd()):
        relative = absolute.relative_to(Path.cwd())
        return str(relative) if len(relative.parts) > 1 else str(Path(os.curdir) / relative)
    return str(absolute)


def program() -> str:
    """The command to type for skillcheck, as this process was started."""
    argv0 = sys.argv[0] if sys.argv and sys.argv[0] else "skillcheck"
    started = Path(argv0)
    if started.name == "__main__.py" and started.parent.name == "skillcheck":
        return f"{_as_typed(sys.executable)} -m skillcheck"
    if started.stem != "skillcheck":
        return "skillcheck"  # called from another program (a test runner, an embedding script)
    if len(started.parts) == 1 or not started.is_absolute():
        return argv0  # as the user typed it: by name through PATH, or a path from where they are
    return _as_typed(argv0)


def command(arguments: str) -> str:
    """`skillcheck report`, or `.venv/bin/skillcheck report`: a hint's command, typeable as it is."""
    return f"{program()} {arguments}".rstrip()
