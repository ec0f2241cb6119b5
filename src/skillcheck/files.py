"""The one place skillcheck opens a file it reads and writes a file atomically.

Every layer needs both: the taxonomy and its cache, the assessment store, the team reader.
Reading is bounded (a huge file is refused without loading it) and never blocks: a FIFO or a
device named like an input is refused at once instead of waiting for a writer forever.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

# An assessment or a report of the default taxonomy is a few kilobytes; anything this large is not one.
MAX_DOCUMENT_BYTES = 16 * 1024 * 1024


def read_bounded(path: Path, limit: int) -> bytes:
    """At most `limit + 1` bytes of a regular file (one past the cap tells the caller it is too large).

    Raises OSError as `open` would: FileNotFoundError, IsADirectoryError, PermissionError, and an
    OSError whose strerror says "not a regular file" for anything else that is not one.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "is a directory", str(path))
        if not stat.S_ISREG(mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0 and (chunk := os.read(fd, min(left, 1 << 20))):
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that a reader sees the old file or the new one, never a part.

    Temp file in the same directory (so the rename stays on one file system), fsync, rename,
    then fsync the directory so the rename itself survives a power cut. On any failure the
    temp file is removed and the old file is untouched.
    """
    # The writer's pid in the name lets a later run tell a dead writer's leftover from a live write.
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        Path(temp).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temp).unlink()
        raise
    with contextlib.suppress(OSError):  # not every platform can fsync a directory
        directory = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
