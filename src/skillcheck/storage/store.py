"""Where assessments live on disk: atomic writes, the unfinished draft, the quiz lock, history.

Layout of the data directory ($SKILLCHECK_HOME, or the platform's user data directory):
    draft.json                 the unfinished assessment, rewritten after every answer
    assessments/*.json         one file per completed assessment, named by time taken
    abandoned/*.json           drafts set aside by `quiz --restart` (kept, never deleted)
    quiz.lock                  held by a running quiz so two quizzes never share a draft
    goal.json                  the career path the person aims for (`skillcheck goal`), if set
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import tempfile
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from skillcheck.errors import ExitCode, SkillcheckError
from skillcheck.files import MAX_DOCUMENT_BYTES, atomic_write, read_bounded
from skillcheck.invoked import command
from skillcheck.safetext import ascii_int, quoted, shown_path
from skillcheck.taxonomy.models import ASSESSMENT_SCHEMA_VERSION, Answer, Assessment, Check, newer_than
from skillcheck.times import stamp


class StoreError(SkillcheckError):
    """A data directory or assessment file that cannot be used."""


def data_home() -> Path:
    """$SKILLCHECK_HOME if set, otherwise the platform's user data directory."""
    configured = os.environ.get("SKILLCHECK_HOME")
    if configured:
        return Path(configured).expanduser()
    import platformdirs

    return platformdirs.user_data_path("skillcheck", appauthor=False)


# A draft is read while the quiz runs: whether each check was answered right stays out of it.
_DRAFT_EXCLUDE: Any = {"answers": {"__all__": {"correct"}}}


def _dump(assessment: Assessment, *, draft: bool = False) -> bytes:
    """The file's bytes: indented for people to read, compact when indenting would pass the cap.

    Whatever is written must load again: an assessment read near the cap (a hand-made one) and
    saved indented would grow past it and become unreadable.
    """
    exclude = _DRAFT_EXCLUDE if draft else None
    indented = (assessment.model_dump_json(indent=2, exclude=exclude) + "\n").encode()
    if len(indented) <= MAX_DOCUMENT_BYTES:
        return indented
    compact = (assessment.model_dump_json(exclude=exclude) + "\n").encode()
    if len(compact) > MAX_DOCUMENT_BYTES:
        raise StoreError(
            f"the assessment has grown past {MAX_DOCUMENT_BYTES // (1024 * 1024)} MiB, the most skillcheck "
            "reads back, so it was not saved over the last good copy.",
            exit_code=ExitCode.FAILURE,
        )
    return compact


def _unkeyed(answers: Sequence[Answer]) -> list[Answer]:
    """The answers as a draft keeps them: without whether each check was right."""
    return [a.model_copy(update={"correct": False}) if isinstance(a, Check) else a for a in answers]


def load_assessment(path: Path, *, draft: bool = False, advise: bool = True) -> Assessment:
    """Read a stored assessment; a missing, truncated or invalid file is an error naming it.

    The message says what the file is when it is not an assessment at all (a report, or one
    written by a newer skillcheck) and names a command that helps: for the draft, `quiz
    --restart`, which sets the draft aside without reading it.
    """
    try:
        raw = read_bounded(path, MAX_DOCUMENT_BYTES)
    except FileNotFoundError:
        raise StoreError(f"{path}: no such assessment file.") from None
    except OSError as exc:
        raise StoreError(f"{path}: cannot be read ({exc.strerror or exc}).{_draft_advice(draft)}") from None
    problem: str | None = None
    if not raw.strip():
        problem = "the file is empty"
    elif len(raw) > MAX_DOCUMENT_BYTES:
        problem = "the file is far too large to be an assessment"
    else:
        try:
            return Assessment.model_validate_json(raw)
        except ValidationError as exc:
            errors = exc.errors(include_input=False, include_url=False)
            _raise_if_not_an_assessment(path, raw, errors, draft=draft)
            first = errors[0]
            # The location names keys of the file, which may be anything: quoted, escaped, cut short.
            where = ".".join(
                str(part) if isinstance(part, int) else quoted(part)[1:-1]
                for part in first["loc"]
                if part not in ("rating", "check")
            )
            problem = str(first["msg"]).removeprefix("Value error, ") + (f" at {where}" if where else "")
            if first["type"] == "json_invalid":
                problem = "it is not complete JSON (truncated or corrupted)"
    advice = _draft_advice(draft) or (
        f" Move it aside, or take the quiz again with `{command('quiz')}`." if advise else ""
    )
    raise StoreError(f"{path}: not a readable skillcheck assessment: {problem}. The file was left as it is.{advice}")


def _draft_advice(draft: bool) -> str:
    if not draft:
        return ""
    return (
        f" `{command('quiz --restart')}` sets the unfinished quiz aside (into abandoned/, nothing is deleted) "
        "and starts a new one."
    )


def _raise_if_not_an_assessment(path: Path, raw: bytes, errors: list[Any], *, draft: bool) -> None:
    """A clear message for a file of a newer skillcheck, or a report given where an assessment goes."""
    locations = {(e["type"], tuple(e["loc"])) for e in errors}
    if ("literal_error", ("schema_version",)) in locations:
        try:
            version = json.loads(raw).get("schema_version")
        except (ValueError, AttributeError):
            version = None
        if newer_than(version, ASSESSMENT_SCHEMA_VERSION):
            upgrade = " Upgrade skillcheck to read it (pip install --upgrade skillcheck)." + (
                (" Or:" + _draft_advice(draft)) if draft else ""
            )
            raise StoreError(
                f"{path}: made by a newer skillcheck (assessment schema_version {version}; this skillcheck "
                f"reads up to {ASSESSMENT_SCHEMA_VERSION}). The file was left as it is.{upgrade}"
            )
    if ("extra_forbidden", ("closest_path",)) in locations:
        raise StoreError(
            f"{path}: this is a report (`{command('report --json')}` output), not a stored assessment. "
            f"A report can be read by `{command('team')}`; --from and --compare take a stored assessment "
            f"(`{command('history')}` lists them)."
        )


def _in_the_way(path: Path) -> str | None:
    """Why `path` cannot be a directory of the store, or None when it is one or is not there yet.

    The one reading of a data directory's state, so every command gives the same real reason: a
    file where a directory goes, or a symbolic link that leads nowhere.
    """
    try:
        status = path.lstat()
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        return (
            f"cannot write to the data directory {path}: part of its path is a file, not a directory. "
            "Set SKILLCHECK_HOME to a writable directory."
        )
    except OSError as exc:
        return f"{path} cannot be read ({exc.strerror or exc}). Set SKILLCHECK_HOME to another directory."
    if stat.S_ISLNK(status.st_mode):
        try:
            status = path.stat()
        except OSError as exc:
            return (
                f"{path} is a symbolic link to {path.readlink()}, which cannot be used "
                f"({exc.strerror or exc}). Nothing was changed; fix or remove the link (or set SKILLCHECK_HOME "
                "to another directory)."
            )
    if not stat.S_ISDIR(status.st_mode):
        return (
            f"{path} is a file, but skillcheck keeps a directory there. Nothing was changed; "
            "move the file aside (or set SKILLCHECK_HOME to another directory)."
        )
    return None


def _directory(path: Path, home: Path) -> Path:
    """Create a directory of the store (and its parents) or say clearly why it cannot be."""
    for part in (home, path):
        if (problem := _in_the_way(part)) is not None:
            raise StoreError(problem)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise StoreError(
            f"{path} is a file, but skillcheck keeps a directory there. Nothing was changed; "
            "move the file aside (or set SKILLCHECK_HOME to another directory)."
        ) from None
    except OSError as exc:
        where = "" if path == home else f" (creating {path})"
        raise StoreError(
            f"cannot write to the data directory {home}{where}: {exc.strerror or exc}. Set SKILLCHECK_HOME "
            "to a writable directory, or free some disk space."
        ) from None
    return path


class Store:
    """One data directory. Methods raise StoreError with a message for the user."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.draft_path = home / "draft.json"
        self.assessments_dir = home / "assessments"
        self.abandoned_dir = home / "abandoned"
        self.goal_path = home / "goal.json"

    def goal(self) -> tuple[str | None, str | None]:
        """The goal set with `skillcheck goal` or chosen in the last quiz (a path id; None: none
        set, or "compare them all"), and what is wrong with the file: a damaged one counts as
        unset, and says why, so the commands can say so instead of ignoring it."""
        if not self.goal_path.exists():
            return None, None
        damaged = f"{shown_path(self.goal_path)} is damaged (not a goal skillcheck wrote)"
        try:
            data = json.loads(read_bounded(self.goal_path, 4096))
        except (OSError, ValueError):
            return None, damaged
        path = data.get("path", 0) if isinstance(data, dict) else 0  # 0: no "path" key, damaged
        if path is not None and not isinstance(path, str):
            return None, damaged
        return path, None

    def set_goal(self, path_id: str | None) -> None:
        _directory(self.home, self.home)
        try:
            atomic_write(self.goal_path, (json.dumps({"path": path_id}) + "\n").encode())
        except OSError as exc:
            raise StoreError(f"could not save the goal to {self.goal_path} ({exc.strerror or exc}).") from None

    def ensure_writable(self, *, lost: str = "Answers could not be saved, so the quiz did not start.") -> None:
        """Create the directories and prove a file can be written, before any answer is given;
        `lost` says what could not be done, for the message."""
        _directory(self.home, self.home)
        _directory(self.assessments_dir, self.home)
        try:
            # A file of this process's own, named like atomic_write's temp files (so a killed run's
            # is cleaned up): parallel runs on one directory must never remove each other's.
            handle, name = tempfile.mkstemp(dir=self.home, prefix=f".write-test.{os.getpid()}.", suffix=".tmp")
            try:
                os.write(handle, b"ok\n")
                os.fsync(handle)
            finally:
                os.close(handle)
                Path(name).unlink()
        except OSError as exc:
            raise StoreError(
                f"cannot write to the data directory {shown_path(self.home)} ({exc.strerror or exc}). "
                f"{lost} Set SKILLCHECK_HOME "
                "to a writable directory, or free some disk space."
            ) from None

    def _write(self, path: Path, assessment: Assessment, *, draft: bool = False) -> None:
        try:
            atomic_write(path, _dump(assessment, draft=draft))
        except OSError as exc:
            raise StoreError(
                f"could not save to {path} ({exc.strerror or exc}). Everything answered before "
                f"the last answer is kept in {self.draft_path}.",
                exit_code=ExitCode.FAILURE,
            ) from None

    def remove_stray_temp_files(self) -> None:
        """Delete temp files that a killed writer left behind (never read; a kill can't clean up)."""
        for directory in (self.home, self.assessments_dir):
            for stray in directory.glob(".*.tmp"):
                if not _writer_alive(stray.name):
                    with contextlib.suppress(OSError):
                        stray.unlink()

    def load_draft(self) -> Assessment | None:
        """The unfinished quiz, if there is one.

        A draft whose assessment is already stored (the process stopped after storing it and
        before removing the draft) is removed instead of resumed: resuming would store the same
        assessment twice, and nothing in the draft is lost.
        """
        if not self.draft_path.exists():
            return None
        draft = load_assessment(self.draft_path, draft=True)
        if self._already_stored(draft):
            # Tidying only: in a read-only data directory the draft stays, and is still not resumed.
            with contextlib.suppress(OSError):
                self.draft_path.unlink()
            return None
        return draft

    def _already_stored(self, draft: Assessment) -> bool:
        # Completed files end in the assessment id's first 8 characters (letters, digits, - and _).
        for path in sorted(self.assessments_dir.glob(f"*-{draft.id[:8]}.json")):
            try:
                done = load_assessment(path)
            except StoreError:
                continue
            if done.id == draft.id and _unkeyed(done.answers) == _unkeyed(draft.answers):
                return True
        return False

    def save_draft(self, assessment: Assessment) -> None:
        self._write(self.draft_path, assessment, draft=True)

    def set_draft_aside(self) -> Path | None:
        """Move the draft to abandoned/ (for --restart): set aside, never deleted."""
        if not self.draft_path.exists():
            return None
        _directory(self.abandoned_dir, self.home)
        target = self.abandoned_dir / f"{_file_stamp(datetime.now(UTC).isoformat())}-draft.json"
        try:
            self.draft_path.replace(target)
        except OSError as exc:
            raise StoreError(
                f"could not move {self.draft_path} to {target} ({exc.strerror or exc}); nothing was changed."
            ) from None
        return target

    def save_completed(self, assessment: Assessment, *, from_draft: bool) -> Path:
        """Store a finished assessment in its own file; then, if it came from it, drop the draft."""
        assert assessment.taken_at is not None
        _directory(self.assessments_dir, self.home)
        # "The latest" is the one stored last, whatever the clock said: a clock set back must not
        # hide a new assessment behind an older one, so the name sorts after every stored name.
        stamp = _file_stamp(assessment.taken_at)
        files = self.completed()
        if files and (last := files[-1].name[: len(stamp)]) >= stamp:
            stamp = _after(last)
        path = self.assessments_dir / f"{stamp}-{assessment.id[:8]}.json"
        self._write(path, assessment)
        if from_draft:
            with contextlib.suppress(FileNotFoundError):
                self.draft_path.unlink()
        return path

    def completed(self) -> list[Path]:
        """Completed assessment files in the order they were stored, oldest first (names sort so).

        Only regular files: a FIFO or a device named like an assessment would block a reader
        forever; `not_files` names them so that `history` can say why they are left out.
        """
        return [path for path, reason in self._listed() if reason is None]

    def not_files(self) -> list[tuple[Path, str]]:
        """Entries named like assessments that are not regular files, with why they are skipped."""
        return [(path, reason) for path, reason in self._listed() if reason is not None]

    def _listed(self) -> list[tuple[Path, str | None]]:
        for directory in (self.home, self.assessments_dir):
            if (problem := _in_the_way(directory)) is not None:
                raise StoreError(problem)
        if not self.assessments_dir.exists():
            return []
        listed: list[tuple[Path, str | None]] = []
        try:
            entries = list(os.scandir(self.assessments_dir))
        except OSError as exc:
            raise StoreError(f"{self.assessments_dir} cannot be read ({exc.strerror or exc}).") from None
        for entry in entries:
            if entry.name.startswith(".") or not entry.name.endswith(".json"):
                continue
            try:
                regular = entry.is_file()  # follows a link; False for a FIFO, a socket, a device
            except OSError:
                regular = False
            listed.append((Path(entry.path), None if regular else "not a regular file, so it is not read"))
        return sorted(listed)

    def draft_answers(self) -> int | None:
        """How many answers the unfinished quiz holds; None when there is none (or it is unreadable)."""
        try:
            draft = self.load_draft()
        except StoreError:
            return None
        return None if draft is None else len(draft.answers)

    def latest(self) -> Path:
        files = self.completed()
        if not files:
            answered = self.draft_answers()
            if answered is not None:
                raise StoreError(
                    f"no completed assessment in {self.home} yet, but you have an unfinished quiz with "
                    f"{answered} answer{'' if answered == 1 else 's'}: run `{command('quiz')}` to finish it."
                )
            raise StoreError(f"no completed assessment in {self.home} yet. Take the quiz first: {command('quiz')}")
        return files[-1]

    def find(self, ref: str) -> Path:
        """An assessment named the ways `history` shows it: a file path, a history number (1 is
        the newest), or the start of its id (at least 4 characters). A path that exists wins."""
        path = Path(ref).expanduser()
        if path.exists() or len(path.parts) > 1 or path.suffix == ".json":
            return path
        newest_first = list(reversed(self.completed()))
        number = int(ref) if ref.isascii() and ref.isdigit() else None
        if number is not None and 1 <= number <= len(newest_first):
            return newest_first[number - 1]
        # Ids are hexadecimal, so digits alone may also start an id (8f71..., but also 6644...).
        if len(ref) >= 4:
            # File names end in the id's first 8 characters; a longer prefix is checked in the file.
            matches = [p for p in newest_first if p.stem.rsplit("-", 1)[-1].startswith(ref[:8].lower())]
            if len(ref) > 8:
                matches = [p for p in matches if _id_of(p).startswith(ref.lower())]
            if len(matches) == 1:
                return matches[0]
            if len(matches) > 1:
                raise StoreError(
                    f"'{ref}' is the start of {len(matches)} assessments' ids ("
                    + ", ".join(p.name for p in matches[:5])
                    + "); give more of it, or the number `history` shows."
                )
        if number is not None:
            raise StoreError(
                f"there is no assessment number {ref}: `{command('history')}` lists "
                f"{len(newest_first)} (1 is the newest)."
            )
        raise StoreError(
            f"{ref}: no such assessment file, history number or id. `{command('history')}` lists "
            "them with their numbers and ids."
        )

    def before(self, assessment: Assessment) -> Path | None:
        """The assessment stored just before `assessment`, if any (by file name, no reads).

        A stored assessment is found by its id in the file name; one from elsewhere (--from a
        copy) is placed by the time it was taken.
        """
        files = self.completed()
        mine = [index for index, path in enumerate(files) if path.stem.endswith(f"-{assessment.id[:8]}")]
        if mine:
            return files[mine[-1] - 1] if mine[-1] > 0 else None
        stamp = _file_stamp(assessment.taken_at or assessment.started_at)
        earlier = [p for p in files if p.name[: len(stamp)] < stamp]
        return earlier[-1] if earlier else None

    @contextlib.contextmanager
    def quiz_lock(self) -> Iterator[None]:
        """Hold the data directory's quiz lock, or fail at once if another quiz holds it."""
        try:
            import fcntl
        except ImportError:  # Windows: no advisory locks here; one quiz at a time is on the user
            yield
            return
        lock_path = self.home / "quiz.lock"
        try:
            handle = lock_path.open("a+")
        except OSError as exc:
            raise StoreError(
                f"cannot open the quiz lock {lock_path} ({exc.strerror or exc}); move it aside if it is "
                "not a file, or set SKILLCHECK_HOME to another directory."
            ) from None
        with handle:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                raise StoreError(
                    f"another skillcheck quiz is running with the data directory {self.home}. "
                    "Finish or quit it first (two quizzes would write the same draft), or set "
                    "SKILLCHECK_HOME to another directory."
                ) from None
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _id_of(path: Path) -> str:
    try:
        return load_assessment(path).id.lower()
    except StoreError:
        return ""


def _writer_alive(temp_name: str) -> bool:
    """Whether the process that created temp file `.<name>.<pid>.<random>.tmp` still runs."""
    parts = temp_name.split(".")
    pid = ascii_int(parts[-3]) if len(parts) >= 4 else None
    if pid is None:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, but belongs to someone else
        return True
    return True


def _after(name_stamp: str) -> str:
    """The file stamp one microsecond after `name_stamp` (as it is, if it is no stamp or the last one)."""
    try:
        moment = datetime.strptime(name_stamp, "%Y%m%dT%H%M%S%fZ") + timedelta(microseconds=1)
    except (ValueError, OverflowError):
        return name_stamp
    return moment.strftime("%Y%m%dT%H%M%S%fZ")


def _file_stamp(iso_time: str) -> str:
    """`2026-11-25T20:45:32.5+00:00` -> `20261125T204532500000Z`: file names that sort by time."""
    return stamp(iso_time)
