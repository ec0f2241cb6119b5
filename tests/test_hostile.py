"""Hostile input and faults end in a clear message and exit code: no traceback, hang or lost answer."""

from __future__ import annotations

import errno
import io
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from rich.cells import cell_len
from rich.console import Console

from skillcheck.documents.report import build_report
from skillcheck.errors import SkillcheckError
from skillcheck.files import atomic_write
from skillcheck.measure.flow import StepView, new_assessment, progress
from skillcheck.measure.quizplan import RateStep, plan_quiz
from skillcheck.output.prompts import step_view
from skillcheck.output.render import report_view
from skillcheck.output.view import build_view
from skillcheck.storage import store as store_module
from skillcheck.storage.store import Store, load_assessment
from skillcheck.taxonomy.models import Skill, Taxonomy, TaxonomyRef
from test_yamlsafe import BOMB
from testfiles import MINI, piped

HOSTILE = {
    "alias-bomb.yaml": BOMB,
    "bomb-in-string.yaml": BOMB + "id: x\nversion: *i\n",
    "deep-flow.yaml": "[" * 1000 + "]" * 1000,
    "deep-block.yaml": "".join(" " * i + f"k{i}:\n" for i in range(1000)) + " " * 1000 + "v\n",
    "duplicate-keys.yaml": MINI.read_text() + "id: again\n",
    "python-tag.yaml": "id: !!python/object/apply:os.system ['echo pwned']\n",
    "not-utf8.yaml": "id: caf\udce9\n",
    "control-chars.yaml": MINI.read_text().replace("name: Python\n", 'name: "\\e[2J\\e]52;c;ZXZpbA==\\a"\n'),
    "bidi.yaml": MINI.read_text().replace("name: Python\n", 'name: "Py\\u202Ethon"\n'),
    "empty.yaml": "",
    "directory": None,
}


def write_hostile(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    content = HOSTILE[name]
    if content is None:
        path.mkdir()
    else:
        path.write_bytes(content.encode("utf-8", "surrogateescape"))
    return path


PEAK_OF_CHILD = (
    "import resource, subprocess, sys; code = subprocess.call(sys.argv[1:]); "
    "sys.stderr.write(f'peak-kib={resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}'); sys.exit(code)"
)


@pytest.mark.parametrize("name", sorted(HOSTILE))
@pytest.mark.parametrize("command", [["validate"], ["report", "--taxonomy"]])
def test_each_hostile_taxonomy_exits_2_without_traceback_or_blowup(
    tmp_path: Path, name: str, command: list[str]
) -> None:
    path = write_hostile(tmp_path, name)
    # timeout: a hang guard only (a guarded refusal takes well under a second); speed is benchmarked.
    # The command runs under a small wrapper that reports the peak memory of that one process
    # (this test process's own RUSAGE_CHILDREN would include every earlier child, a browser too).
    result = subprocess.run(
        [sys.executable, "-c", PEAK_OF_CHILD, sys.executable, "-m", "skillcheck", *command, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    stderr, _, peak = result.stderr.rpartition("peak-kib=")
    assert result.returncode == 2, stderr
    assert result.stdout == ""
    assert stderr.startswith("skillcheck: ")
    assert "Traceback" not in stderr
    assert str(path) in stderr
    assert int(peak) < 200 * 1024


def test_control_characters_are_reported_with_their_location(tmp_path: Path) -> None:
    path = write_hostile(tmp_path, "control-chars.yaml")
    result = subprocess.run([sys.executable, "-m", "skillcheck", "validate", str(path)], capture_output=True, text=True)
    assert "skills[0].name: contains the control character U+001B at position 0" in result.stderr
    assert "\x1b" not in result.stderr


def test_bidi_overrides_are_rejected() -> None:
    with pytest.raises(ValidationError, match="U\\+202E"):
        Skill.model_validate(
            {"id": "x", "name": "a\u202eb", "area": "a", "description": "d", "levels": {}, "questions": []}
        )


def mini_quiz(answers: str) -> subprocess.CompletedProcess[str]:
    """`skillcheck quiz` on the mini taxonomy in a subprocess, answers piped in."""
    return subprocess.run(
        [sys.executable, "-m", "skillcheck", "quiz", "--taxonomy", str(MINI)],
        input=answers,
        capture_output=True,
        text=True,
        check=False,
    )


def start_mini_quiz(*, stderr: int = subprocess.DEVNULL) -> subprocess.Popen[bytes]:
    """The same quiz, left running with a pipe to type into."""
    return subprocess.Popen(
        [sys.executable, "-m", "skillcheck", "quiz", "--taxonomy", str(MINI)],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=stderr,
    )


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


# --- rendering any text --------------------------------------------------------------------------

ESCAPES = ("\x1b", "\x9b")


def render(renderable: object) -> str:
    out = io.StringIO()
    Console(file=out, width=80, color_system=None, force_terminal=False).print(renderable)
    return out.getvalue()


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_any_valid_skill_name_renders_literally_without_escape_codes(name: str) -> None:
    data = __import__("yaml").safe_load(MINI.read_text())
    data["skills"][0]["name"] = name
    try:
        taxonomy = Taxonomy.model_validate(data)
    except ValidationError:
        assume(False)
        return
    plan = plan_quiz(taxonomy)
    view = StepView(
        RateStep(taxonomy.skills[0]),
        progress(plan, new_assessment(plan, TaxonomyRef(id="t", version="1", hash="h"))),
        None,
        False,
    )
    text = render(step_view(view, taxonomy))
    assert not any(e in text for e in ESCAPES)
    if name.strip() and name.isprintable() and len(name) < 40:
        assert name.strip() in text


@settings(max_examples=100, deadline=None)
@given(st.text(min_size=1, max_size=40))
def test_any_valid_text_renders_in_a_report_without_escape_codes(text: str) -> None:
    from skillcheck.taxonomy.models import TaxonomyRef

    data = __import__("yaml").safe_load(MINI.read_text())
    data["paths"][0]["name"] = text
    data["skills"][1]["levels"][1] = text
    try:
        taxonomy = Taxonomy.model_validate(data)
    except ValidationError:
        assume(False)
        return
    ref = TaxonomyRef(id="mini", version="1", hash="h")
    assessment = new_assessment(plan_quiz(taxonomy), ref).model_copy(update={"taken_at": "2026-01-01T00:00:00+00:00"})
    output = render(report_view(build_view(build_report(assessment, taxonomy, ref))))
    assert not any(e in output for e in ESCAPES)
    # Display cells, not characters: combining marks take none, wide characters two.
    assert max(cell_len(line) for line in output.splitlines()) <= 80
