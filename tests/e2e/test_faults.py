"""Fault injection for the store: a quiz killed at every step of every write it makes.

Each write is a temp file created, written, fsynced and renamed over the target (then the
directory is fsynced). A run is killed (`os._exit`, so no cleanup runs, as with kill -9)
just after each of those steps of each write, in turn. Whatever the moment, the data directory
must hold only files that load, every answer whose write had finished must be in it, the next
`quiz` must resume and finish without losing one, and `quiz --restart` must set the draft
aside intact. Runs are forked from the test process (no interpreter start-up per run), each
with its own data directory.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from testfiles import MINI, piped

from skillcheck.storage import store as store_module
from skillcheck.storage.store import Store, load_assessment
from skillcheck.taxonomy.load import load_taxonomy
from skillcheck.taxonomy.models import Assessment

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="forks a process per injected fault")

STEPS = ("created", "written", "synced", "renamed")
TYPED = piped(2, 1, 0)
KILLED = 137


def quiz_in_child(
    home: Path, typed: str, args: list[str], kill: tuple[int, str] | None = None, count: Path | None = None
) -> int:
    """`skillcheck quiz` in a forked process; with `kill=(n, step)`, it dies after that step of its
    n-th write; with `count`, each write adds a character to that file."""
    answers = home.parent / f"typed-{os.getpid()}-{len(typed)}.txt"
    answers.write_text(typed)
    pid = os.fork()
    if pid:
        _, status = os.waitpid(pid, 0)
        return os.waitstatus_to_exitcode(status)
    code = 70
    try:
        os.environ["SKILLCHECK_HOME"] = str(home)
        sys.stdin = answers.open(encoding="utf-8")
        sys.stdout = sys.stderr = Path(os.devnull).open("w")  # noqa: SIM115 - the child exits below
        if kill is not None or count is not None:
            _inject(*(kill or (0, "never")), count=count)
        sys.argv = ["skillcheck", "quiz", "--taxonomy", str(MINI), *args]
        from skillcheck.cli import main

        main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    finally:
        os._exit(code)


def _inject(nth: int, step: str, count: Path | None = None) -> None:
    """Patch the store's file operations so that the process dies after `step` of write `nth`."""
    writes = {"n": 0, "fsyncs": 0}

    def die_if(at: str) -> None:
        if writes["n"] == nth and step == at:
            os._exit(KILLED)

    real_mkstemp = store_module.tempfile.mkstemp
    real_fsync = store_module.os.fsync
    real_replace = Path.replace

    def mkstemp(*args: Any, **kwargs: Any) -> Any:
        writes["n"] += 1
        if count is not None:
            with count.open("a") as out:
                out.write("|")
        writes["fsyncs"] = 0
        made = real_mkstemp(*args, **kwargs)
        die_if("created")
        return made

    def fsync(fd: int) -> None:
        writes["fsyncs"] += 1
        if writes["fsyncs"] == 1:
            die_if("written")  # the data is written, not yet synced
            real_fsync(fd)
            die_if("synced")
        else:
            real_fsync(fd)  # the directory, after the rename

    def replace(self: Path, target: Any) -> Path:
        moved = real_replace(self, target)
        if count is not None:
            with count.open("a") as out:
                out.write("r")
        die_if("renamed")
        return moved

    store_module.tempfile.mkstemp = mkstemp  # type: ignore[assignment]
    store_module.os.fsync = fsync  # type: ignore[assignment]
    Path.replace = replace  # type: ignore[method-assign]


def stored_files(home: Path) -> list[Path]:
    return [p for p in [home / "draft.json", *sorted((home / "assessments").glob("*.json"))] if p.exists()]


@pytest.fixture(scope="module")
def warm_cache() -> str:
    """A cache already holding the mini taxonomy, so that the runs write only quiz data."""
    from skillcheck.taxonomy.cache import TaxonomyCache

    directory = tempfile.mkdtemp(prefix="skillcheck-faults-cache-")
    load_taxonomy(MINI, cache=TaxonomyCache(Path(directory)))
    return directory


@pytest.fixture(scope="module")
def reference(warm_cache: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[list[tuple[str, ...]], Assessment]:
    """The steps of each write an uninterrupted quiz makes (the write test has no rename), and
    the assessment it stores."""
    home = tmp_path_factory.mktemp("reference") / "home"
    counter = home.parent / "count"
    saved = os.environ.get("SKILLCHECK_CACHE_DIR")
    os.environ["SKILLCHECK_CACHE_DIR"] = warm_cache
    try:
        assert quiz_in_child(home, TYPED, [], count=counter) == 0
    finally:
        os.environ.pop("SKILLCHECK_CACHE_DIR") if saved is None else os.environ.update(SKILLCHECK_CACHE_DIR=saved)
    (done,) = Store(home).completed()
    writes = [STEPS if "r" in segment else STEPS[:3] for segment in counter.read_text().split("|")[1:]]
    return writes, load_assessment(done)


def test_a_quiz_killed_after_any_step_of_any_write_loses_no_finished_answer(
    reference: tuple[list[tuple[str, ...]], Assessment],
    warm_cache: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SKILLCHECK_CACHE_DIR", warm_cache)
    writes, full = reference
    assert len(writes) >= 8, "the mini quiz writes the draft after every answer"
    for nth, steps in enumerate(writes, 1):
        for step in steps:
            home = tmp_path / f"w{nth}-{step}" / "home"
            home.parent.mkdir()
            assert quiz_in_child(home, TYPED, [], kill=(nth, step)) == KILLED, (nth, step)
            check_the_directory_after(home, full, nth, step)


def check_the_directory_after(home: Path, full: Assessment, nth: int, step: str) -> None:
    where = f"killed after '{step}' of write {nth}"
    # Every file a reader may open loads: no half-written draft or assessment.
    kept = [load_assessment(path) for path in stored_files(home)]
    draft = load_assessment(home / "draft.json") if (home / "draft.json").exists() else None
    # What is on disk is what was answered, in order: a prefix of the uninterrupted run.
    for assessment in kept:
        assert assessment.answers == full.answers[: len(assessment.answers)], where
    before = max((len(a.answers) for a in kept), default=0)
    # The next quiz resumes (or, had the quiz finished, starts afresh) and loses nothing.
    resumed = quiz_in_child(home, "y\n" + TYPED + TYPED, [])
    assert resumed == 0, where
    assert not list(home.rglob("*.tmp")), f"{where}: a temp file outlived the next quiz"
    finished = [load_assessment(path) for path in Store(home).completed()]
    assert any(a.answers[:before] == full.answers[:before] for a in finished), where
    assert len({a.id for a in finished}) == len(finished), f"{where}: an assessment was stored twice"
    if draft is not None and draft.answers:
        # --restart sets a draft aside intact instead: try it on a copy of the state after the kill.
        copy = home.parent / "restart" / "home"
        copy.mkdir(parents=True)
        copy.joinpath("draft.json").write_bytes(_dumped(draft))
        assert quiz_in_child(copy, "q\n", ["--restart"]) == 0, where
        (aside,) = (copy / "abandoned").iterdir()
        assert load_assessment(aside).answers == draft.answers, where


def _dumped(assessment: Assessment) -> bytes:
    return (assessment.model_dump_json(indent=2) + "\n").encode()
