"""Stored data under stress: full disks, unwritable directories, SIGKILL at random, two quizzes at once."""

from __future__ import annotations

import errno
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from testfiles import MINI, mini_quiz, piped, start_mini_quiz

from skillcheck.errors import SkillcheckError
from skillcheck.files import atomic_write
from skillcheck.storage import store as store_module
from skillcheck.storage.store import Store, load_assessment

# --- stored data ---------------------------------------------------------------------------------


def test_a_failed_atomic_write_keeps_the_old_file_and_leaves_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "draft.json"
    target.write_text("old")

    def full_disk(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store_module.os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space left"):
        atomic_write(target, b"new")
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.json"]


def test_a_full_disk_mid_quiz_is_reported_and_earlier_answers_stay(
    skillcheck_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from skillcheck.cli import app

    real_fsync = os.fsync
    calls = {"n": 0}

    def fsync(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] > 6:  # the write test, the first draft, then a few answers succeed
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(store_module.os, "fsync", fsync)
    monkeypatch.setenv("SKILLCHECK_CACHE_DIR", str(MINI))  # a file: no cache writes to count
    result = CliRunner().invoke(app, ["quiz", "--taxonomy", str(MINI)], input=piped(2, 1, 0))
    assert result.exit_code == 1
    assert "No space left on device" in result.stderr
    assert "Traceback" not in result.stderr
    draft = load_assessment(skillcheck_home / "draft.json")
    assert len(draft.answers) >= 1
    assert not [p for p in skillcheck_home.iterdir() if p.name.endswith(".tmp")]


def test_a_full_disk_is_reported_before_the_first_question(skillcheck_home: Path, monkeypatch) -> None:
    def fsync(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store_module.os, "fsync", fsync)
    with pytest.raises(SkillcheckError, match="No space left on device") as caught:
        Store(skillcheck_home).ensure_writable()
    assert caught.value.exit_code == 2


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux /proc, unwritable even for root")
def test_an_unwritable_data_directory_fails_before_the_first_question() -> None:
    env = dict(os.environ, SKILLCHECK_HOME="/proc/self/skillcheck-home")
    result = subprocess.run(
        [sys.executable, "-m", "skillcheck", "quiz"], input="2\n", capture_output=True, text=True, env=env
    )
    assert result.returncode == 2
    assert "cannot write to the data directory /proc/self/skillcheck-home" in result.stderr
    assert "Programming in Python" not in result.stdout


@pytest.mark.parametrize(
    "content", ["", "{", '{"schema_version": 1, "id": "x"', "[]", '{"schema_version": 99}', "\x00\xff"]
)
def test_a_broken_assessment_file_is_named_and_kept(tmp_path: Path, content: str) -> None:
    path = tmp_path / "a.json"
    path.write_bytes(content.encode("utf-8", "surrogateescape"))
    with pytest.raises(SkillcheckError) as caught:
        load_assessment(path)
    assert str(path) in caught.value.message
    assert caught.value.exit_code == 2
    assert path.read_bytes() == content.encode("utf-8", "surrogateescape")


def test_a_corrupt_draft_stops_the_quiz_and_is_kept(skillcheck_home: Path) -> None:
    skillcheck_home.mkdir(parents=True)
    (skillcheck_home / "draft.json").write_text('{"answers": [')
    result = mini_quiz("0\n0\n0\n")
    assert result.returncode == 2
    assert "draft.json: not a readable skillcheck assessment" in result.stderr
    assert (skillcheck_home / "draft.json").read_text() == '{"answers": ['


def test_sigkill_at_random_moments_never_leaves_a_file_that_fails_to_load(skillcheck_home: Path) -> None:
    rng = random.Random(20261125)
    answers = "".join(rng.choice(["0\n", "1\n", "2\n", "a\n", "b\n", "c\n"]) for _ in range(400))
    for _ in range(25):
        child = start_mini_quiz()
        assert child.stdin is not None
        child.stdin.write(("y\n" + answers).encode())
        child.stdin.flush()
        time.sleep(rng.uniform(0.2, 0.6))
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdin.close()
        for stored in [skillcheck_home / "draft.json", *Store(skillcheck_home).completed()]:
            if stored.exists():
                load_assessment(stored)
    # A kill between creating a temp file and renaming it can leave the temp file behind; it is
    # never read, and the next quiz removes it.
    mini_quiz("q\n")
    assert list(skillcheck_home.rglob("*.tmp")) == []


def test_two_quizzes_on_one_data_directory_never_mix_answers(skillcheck_home: Path) -> None:
    first = start_mini_quiz(stderr=subprocess.PIPE)
    assert first.stdin is not None
    first.stdin.write(b"2\n")
    first.stdin.flush()
    deadline = time.monotonic() + 60  # hang guard: the draft appears within a second
    while not (skillcheck_home / "draft.json").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)
    second = mini_quiz("0\n0\n0\n")
    assert second.returncode == 2
    assert "another skillcheck quiz is running" in second.stderr
    first.stdin.write(("i\n" * 4 + piped(1, 0)).encode())
    first.stdin.close()
    assert first.wait(timeout=20) == 0
    stored = load_assessment(Store(skillcheck_home).latest())
    assert stored.ratings == {"py": 2, "git": 1, "stats": 0}
