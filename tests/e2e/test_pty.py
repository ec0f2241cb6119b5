"""The real `skillcheck quiz` in a pseudo-terminal, as a person uses it (pexpect)."""

from __future__ import annotations

import json
import os
import re
import shlex
import signal
import sys
from pathlib import Path

import pexpect
import pytest

from skillcheck.storage.store import Store
from skillcheck.taxonomy.load import LoadedTaxonomy

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pexpect.spawn needs a POSIX pty")

PROMPTS = [
    r"Your level \(0-4",
    r"Your answer \(a-",
    r"Resume it\? \[Y/n\]",
    r"Done\. (Closest path|Your goal)",
    r"Your goal \(1-",
]


def spawn(home: Path, *args: str) -> pexpect.spawn:
    env = dict(os.environ, SKILLCHECK_HOME=str(home), TERM="xterm-256color", COLUMNS="100", LINES="50")
    env.pop("NO_COLOR", None)
    # A person's terminal delivers Ctrl-C: reset SIGINT in the child even when this test runs in a
    # background job whose SIGINT is ignored (an ignored signal stays ignored across exec).
    return pexpect.spawn(
        sys.executable,
        ["-m", "skillcheck", "quiz", *args],
        env=env,
        encoding="utf-8",
        timeout=20,
        dimensions=(50, 100),
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def answer_until_done(
    child: pexpect.spawn, rating: str, choice: str, *, stop_after: int | None = None, goal: str = "0"
) -> int:
    """Answer every prompt (the goal with `goal`); returns how many answers were typed."""
    typed = 0
    while True:
        if stop_after is not None and typed == stop_after:
            return typed
        index = child.expect(PROMPTS)
        if index == 3:
            return typed
        child.expect_exact("> ")
        if index == 0:
            child.sendline(rating)
        elif index == 1:
            child.sendline(choice)
        elif index == 4:
            child.sendline(goal)
            continue  # the goal is not an answer to a rating or a check
        else:
            child.sendline("y")
            continue
        typed += 1


def test_a_whole_quiz_runs_in_a_terminal_from_start_to_finish(tmp_path: Path) -> None:
    child = spawn(tmp_path)
    child.expect("skillcheck quiz")
    child.expect("Keys:")
    child.expect(r"Skill 1 of 30")
    typed = answer_until_done(child, "2", "a")
    child.expect("Assessment saved to")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    stored = json.loads(Store(tmp_path).latest().read_text())
    assert len(stored["answers"]) == typed
    assert sum(a["kind"] == "rating" for a in stored["answers"]) == 30


def test_ctrl_c_half_way_saves_and_a_resumed_quiz_keeps_the_earlier_answers(tmp_path: Path) -> None:
    child = spawn(tmp_path, "--path", "data-engineer")
    first = answer_until_done(child, "3", "b", stop_after=8)
    child.expect(PROMPTS[:2])
    child.expect_exact("> ")
    child.sendintr()
    child.expect("Interrupted")
    # The hint names the command as it was run here (`python -m skillcheck`), so it can be typed.
    child.expect_exact(" -m skillcheck quiz` to continue")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    draft = json.loads((tmp_path / "draft.json").read_text())
    assert len(draft["answers"]) == first

    child = spawn(tmp_path)
    # The goal chosen at its prompt counts as an answer given, beside the ratings and checks.
    child.expect(rf"unfinished assessment from .* with {first + 1}")
    child.expect_exact("> ")
    child.sendline("y")
    child.expect(f"Resuming: {first + 1} answers already given")
    answer_until_done(child, "1", "a")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    stored = json.loads(Store(tmp_path).latest().read_text())
    # The draft leaves out whether each check was right (it can be read mid-quiz); the stored
    # assessment has it, worked out again on resuming.
    assert all("correct" not in answer for answer in draft["answers"])
    assert [{k: v for k, v in a.items() if k != "correct"} for a in stored["answers"][:first]] == draft["answers"]
    assert stored["paths"] == ["data-engineer"]
    assert not (tmp_path / "draft.json").exists()


def test_q_in_a_terminal_saves_and_says_how_to_resume(tmp_path: Path) -> None:
    child = spawn(tmp_path, "--goal", "data-scientist")
    child.expect(PROMPTS[0])
    child.expect_exact("> ")
    child.sendline("?")
    child.expect("Keys: 0-4")
    child.expect_exact("> ")
    child.sendline("7")
    child.expect("Type a digit from 0 to 4")
    child.expect_exact("> ")
    child.sendline("q")
    # Nothing answered yet: the hint names the same quiz, so it starts as this one did.
    child.expect_exact("Nothing was answered yet. Run `")
    child.expect_exact(" -m skillcheck quiz --goal data-scientist` to start again.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


# --- a newcomer's trip-ups (issue 13): keys the same everywhere, help, back, hints ----------------


def test_q_at_the_resume_question_leaves_and_keeps_the_unfinished_quiz(tmp_path: Path) -> None:
    child = spawn(tmp_path)
    answer_until_done(child, "2", "a", stop_after=3)
    child.expect(PROMPTS[:2])
    child.expect_exact("> ")
    child.sendline("q")
    child.expect(pexpect.EOF)
    child.close()
    kept = (tmp_path / "draft.json").read_text()

    child = spawn(tmp_path)
    child.expect(r"Resume it\? \[Y/n, q to\s+leave\]")
    child.expect_exact("> ")
    child.sendline("q")
    child.expect("Progress saved")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert (tmp_path / "draft.json").read_text() == kept  # not set aside, not restarted
    assert not (tmp_path / "abandoned").exists()


def test_help_explains_the_step_and_going_back_shows_the_earlier_answer(tmp_path: Path) -> None:
    child = spawn(tmp_path, "--goal", "data-scientist")
    child.expect(PROMPTS[0])
    child.expect_exact("> ")
    child.sendline("?")
    child.expect("whose description matches what you can do today")
    child.expect_exact("> ")
    child.sendline("3")
    child.expect(PROMPTS[1])
    child.expect_exact("> ")
    child.sendline("?")
    child.expect("no negative")
    child.expect_exact("> ")
    child.sendline("<")
    child.expect(r"Earlier you answered 3 \(Competent\)")  # shown above the prompt
    child.expect(PROMPTS[0])
    child.expect_exact("> ")
    child.sendline("q")
    child.expect(pexpect.EOF)
    child.close()


def test_the_hint_names_the_program_as_it_was_typed(tmp_path: Path) -> None:
    # Run by a relative path, as someone who did not activate the virtual environment would.
    script = Path(sys.executable).with_name("skillcheck")
    if not script.exists():
        pytest.skip("the skillcheck console script is not installed next to this Python")
    env = dict(os.environ, SKILLCHECK_HOME=str(tmp_path), TERM="xterm-256color")
    env.pop("NO_COLOR", None)
    relative = os.path.relpath(script, tmp_path)
    # Through a shell started in tmp_path, as a person types it there (pexpect itself would look
    # the relative path up from the test's own directory).
    child = pexpect.spawn(
        "/bin/sh",
        ["-c", f"exec {shlex.quote(relative)} quiz --goal data-engineer"],
        cwd=str(tmp_path),
        env=env,
        encoding="utf-8",
        timeout=20,
    )
    child.expect(PROMPTS[0])
    child.expect_exact("> ")
    child.sendline("q")
    child.expect_exact(f"Run `{relative} quiz --goal data-engineer` to start again")
    child.expect(pexpect.EOF)
    child.close()


def test_quiz_skill_in_a_terminal_asks_only_about_that_skill_and_keeps_the_rest(
    tmp_path: Path, shipped: LoadedTaxonomy
) -> None:
    first = spawn(tmp_path, "--path", "data-scientist")
    answer_until_done(first, "2", "a")
    first.expect(pexpect.EOF)
    first.close()
    assert first.exitstatus == 0
    earlier = json.loads(Store(tmp_path).latest().read_text())

    child = spawn(tmp_path, "--skill", "statistics")
    child.expect("You will rate yourself on 1 skill")
    screens = []
    while True:
        index = child.expect(PROMPTS)
        if index == 3:
            break
        screens.append(child.before)
        child.expect_exact("> ")
        child.sendline("3" if index == 0 else "b")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert len(screens) >= 2  # the rating and at least one check
    for screen in screens:
        assert "Skill 1 of 1" in screen
        assert "Statistics" in screen
        # No other skill's name is on any screen (none appears in the statistics text either).
        assert [s.name for s in shipped.taxonomy.skills if s.name in screen] == ["Statistics"]
    stored = json.loads(Store(tmp_path).latest().read_text())
    assert stored["only"] == ["statistics"] and stored["update_of"] == earlier["id"]
    kept = [a for a in earlier["answers"] if a["skill"] != "statistics"]
    assert stored["answers"][: len(kept)] == kept
    assert {a["skill"] for a in stored["answers"][len(kept) :]} == {"statistics"}


def test_the_goal_comes_first_and_back_works_at_every_kind_of_prompt(tmp_path: Path) -> None:
    """< at the goal, at a rating and after a check: ratings can be changed, an answered check cannot."""
    child = spawn(tmp_path)
    child.expect(r"Which career path are you aiming for\?")
    child.expect(r"Your goal \(1-")
    child.expect_exact("> ")
    child.sendline("<")  # nothing before the goal
    child.expect("nothing to go back to")
    child.expect_exact("> ")
    child.sendline("4")
    child.expect(r"Skill 1 of 30")
    child.expect(r"Your level \(0-4")
    child.expect_exact("> ")
    child.sendline("<")  # back to the goal
    child.expect(r"Your goal \(1-")
    child.expect_exact("> ")
    child.sendline("4")
    child.expect(r"Your level \(0-4")
    child.expect_exact("> ")
    child.sendline("2")
    child.expect(r"Your answer \(a-")
    child.expect_exact("> ")
    child.sendline("<")  # an unanswered check: back to its rating
    child.expect(r"Earlier you answered 2")
    child.expect_exact("> ")
    child.sendline("2")
    child.expect(r"Your answer \(a-")
    child.expect_exact("> ")
    child.sendline("a")
    index = child.expect([r"Your answer \(a-", r"Your level \(0-4"])
    child.expect_exact("> ")
    child.sendline("<")  # right after an answered check
    child.expect("An answered check is final")
    child.expect_exact("> ")
    child.sendline("2" if index == 1 else "a")
    answer_until_done(child, "1", "i")
    child.expect("Assessment saved to")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    stored = json.loads(Store(tmp_path).latest().read_text())
    assert stored["goal"] == {"path": "ml-engineer"}
    first_check = next(a for a in stored["answers"] if a["kind"] == "check")
    assert first_check["choice"] is not None  # the answer given before "<" stands


def test_quick_in_a_terminal_asks_every_rating_before_any_check_and_a_retake_asks_new_ones(
    tmp_path: Path,
) -> None:
    """--quick shows no check until the last rating is in (so rating 4 and going back learns
    nothing), and a second quiz in the same data directory asks none of the first one's questions."""
    child = spawn(tmp_path, "--quick", "--goal", "data-scientist")
    kinds: list[str] = []
    while True:
        index = child.expect(PROMPTS)
        if index == 3:
            break
        child.expect_exact("> ")
        kinds.append("rate" if index == 0 else "check")
        child.sendline("2" if index == 0 else "a")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "check" in kinds and "rate" not in kinds[kinds.index("check") :]
    first = json.loads(Store(tmp_path).latest().read_text())
    asked = {a["question"] for a in first["answers"] if a["kind"] == "check"}
    retake = spawn(tmp_path, "--quick", "--goal", "data-scientist")
    answer_until_done(retake, "2", "b")
    retake.expect(pexpect.EOF)
    retake.close()
    assert retake.exitstatus == 0
    second = json.loads(Store(tmp_path).latest().read_text())
    again = {a["question"] for a in second["answers"] if a["kind"] == "check"}
    assert again and not again & asked
    assert {c["question"] for c in second["earlier"]} == asked


def test_the_final_round_shows_in_a_terminal_and_its_answers_are_final_too(tmp_path: Path) -> None:
    """Someone who rates 3 and knows level 1 gets a final check after the last rating; going back
    there is refused, and the quiz ends with every answer kept."""
    from testfiles import marked_taxonomy

    taxonomy = marked_taxonomy(tmp_path / "marked.yaml")
    child = spawn(tmp_path / "home", "--taxonomy", str(taxonomy), "--goal", "dev")
    plain = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
    finals = checks = 0
    while True:
        index = child.expect([r"Your level \(0-3", r"Your answer \(a-", r"Done\. "])
        if index == 2:
            break
        screen = plain.sub("", child.before)
        child.expect_exact("> ")
        if index == 0:
            child.sendline("3")
            continue
        checks += 1
        level = int(re.findall(r"Level (\d) question", screen)[-1])
        right = re.findall(r"([a-c])\)\s+Right one", screen)[-1]
        if "Final checks" in screen:
            finals += 1
            if finals == 1:
                assert "once more" in screen
                child.sendline("<")
                child.expect("An answered check is final")
                child.expect_exact("> ")
        child.sendline(right if level <= 1 else next(letter for letter in "abc" if letter != right))
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert finals >= 1
    stored = json.loads(Store(tmp_path / "home").latest().read_text())
    assert sum(answer["kind"] == "check" for answer in stored["answers"]) == checks


def test_a_goal_chosen_and_a_rating_taken_back_stand_when_the_person_leaves(tmp_path: Path) -> None:
    child = spawn(tmp_path)
    child.expect(r"Your goal \(1-")
    child.expect_exact("> ")
    child.sendline("1")
    child.expect(r"Your level \(0-4")
    child.expect_exact("> ")
    child.sendline("q")
    child.expect("Progress saved \\(1 answer\\)")
    child.expect(pexpect.EOF)
    child.close()
    draft = json.loads((tmp_path / "draft.json").read_text())
    assert draft["goal"] is not None and draft["answers"] == []
    child = spawn(tmp_path)
    child.expect(r"Resume it\? \[Y/n")
    child.expect_exact("> ")
    child.sendline("y")
    child.expect(r"Your level \(0-4")  # the goal is not asked again
    child.expect_exact("> ")
    child.sendline("2")
    child.expect(r"Your answer \(a-")
    child.expect_exact("> ")
    child.sendline("<")
    child.expect("Earlier you answered 2")
    child.expect_exact("> ")
    child.sendeof()  # Ctrl-D before rating it again
    child.expect("Progress saved \\(2 answers\\)")
    child.expect(pexpect.EOF)
    child.close()
    draft = json.loads((tmp_path / "draft.json").read_text())
    assert [a.get("level") for a in draft["answers"]] == [2] and draft["goal"] is not None


def test_a_skill_skipped_in_a_goals_quiz_is_named_for_re_measuring(tmp_path: Path) -> None:
    child = spawn(tmp_path, "--goal", "data-engineer", "--path", "data-engineer")
    skipped = False
    while True:
        index = child.expect(PROMPTS)
        if index == 3:
            break
        child.expect_exact("> ")
        if index == 0:
            child.sendline("0" if skipped else "s")
            skipped = True
        else:
            child.sendline("i" if index == 1 else "y")
    # One skipped skill: its own re-measure is named, not the whole path's quiz again.
    child.expect(r"only 16 of its 17 skills were\s+assessed;[\s\S]*?quiz\s+--skill\s+[a-z-]+\s+measures\s+the\s+rest")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
