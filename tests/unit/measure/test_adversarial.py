"""benchmarks/adversarial.py: adversarial takers through the real flow and store (issue 25)."""

from __future__ import annotations

import random
from pathlib import Path

from testfiles import load_benchmark

from skillcheck.measure.quizplan import CheckStep, plan_quiz
from skillcheck.session import begin
from skillcheck.storage.store import Store
from skillcheck.taxonomy.load import load_taxonomy
from skillcheck.taxonomy.models import Option, Question

adversarial = load_benchmark("adversarial")
LOADED = load_taxonomy(None)


def test_begin_stamps_the_clock_it_is_given(tmp_path: Path) -> None:
    plan = plan_quiz(LOADED.taxonomy, skill_ids=("python",))
    started = begin(plan, LOADED.ref, Store(tmp_path), seed=1, clock=lambda: "2026-01-02T03:04:05+00:00")
    assert started.started_at == "2026-01-02T03:04:05+00:00"


def test_the_go_back_probe_really_tries_and_the_flow_refuses() -> None:
    with adversarial.person(LOADED.taxonomy, LOADED.ref, random.Random(1)) as person:
        probe = adversarial.GoBackProbe(person, "step")
        taken = person.take(probe, quick=True)
    assert taken.stored.checks
    assert probe.tries >= len(taken.stored.checks)  # `<` after every check but the last, and `back`
    assert probe.accepted == 0
    assert probe.exploited == 0


def test_a_simulated_clock_runs_through_to_the_stored_assessment() -> None:
    with adversarial.person(LOADED.taxonomy, LOADED.ref, random.Random(2)) as person:
        first = person.take(adversarial.plain(person, "step", lambda true: 0, adversarial.dont_know))
        person.clock.advance(days=30)
        again = person.take(adversarial.plain(person, "step", lambda true: 4), skills=("python",))
    assert first.stored.started_at.startswith("2026-12-01")
    assert again.stored.started_at.startswith("2026-12-31")
    assert again.readable


def test_piling_takes_the_least_re_measured_unmet_requirement_of_the_closest_path() -> None:
    report = {
        "skills": [],
        "paths": [
            {"requires": [{"skill": "a", "level": 2, "met": True}, {"skill": "b", "level": 2, "met": False}]},
            {"requires": [{"skill": "c", "level": 2, "met": False}]},
        ],
    }
    assert adversarial.pick_target(report, {}) == "b"
    report["paths"][0]["requires"].append({"skill": "d", "level": 3, "met": False})
    assert adversarial.pick_target(report, {"b": 2, "d": 1}) == "d"
    report["paths"][0]["requires"] = [{"skill": "a", "level": 2, "met": True}]
    assert adversarial.pick_target(report, {}) == "c"


def _step(texts: list[str]) -> CheckStep:
    options = tuple(Option(text=text, correct=i == 0) for i, text in enumerate(texts))
    question = Question(id="q", level=1, prompt="?", options=options, explanation="because")
    skill = LOADED.taxonomy.skills[0]
    return CheckStep(skill, question, tuple(range(len(texts))))


def test_the_cue_guessers_follow_their_rules() -> None:
    rng = random.Random(3)
    step = _step(["a much longer option", "mid one", "x", "mid two"])
    picks = {adversarial.drop_extremes(step, rng) for _ in range(200)}
    assert picks == {"b", "d"}  # never the unique longest (a) or the unique shortest (c)
    tied = _step(["same", "same", "long option", "x"])
    assert {adversarial.second_longest(tied, rng) for _ in range(200)} == {"a", "b"}
