"""The quiz flow: adaptive checks, keys, back and skip, resuming, and answers files."""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skillcheck.errors import SkillcheckError
from skillcheck.measure.answersfile import answers_from_mapping
from skillcheck.measure.flow import (
    Back,
    Give,
    Notice,
    QuizStopped,
    StepView,
    interpret,
    new_assessment,
    next_step,
    progress,
    run,
)
from skillcheck.measure.quizplan import CheckStep, QuizPlan, RateStep, plan_quiz
from skillcheck.measure.remeasure import keep_the_rest
from skillcheck.measure.scoring import estimate_assessment
from skillcheck.taxonomy.load import LoadedTaxonomy
from skillcheck.taxonomy.models import Assessment, Check, Rating, TaxonomyRef

REF = TaxonomyRef(id="mini", version="1", hash="h")


def typed(*lines: str) -> tuple[list[StepView], object]:
    seen: list[StepView] = []
    feed: Iterator[str] = iter(lines)

    def ask(view: StepView) -> str:
        seen.append(view)
        try:
            return next(feed)
        except StopIteration:
            raise EOFError from None

    return seen, ask


def play(plan: QuizPlan, *lines: str) -> tuple[Assessment, list[StepView], list[Assessment]]:
    saved: list[Assessment] = []
    seen, ask = typed(*lines)
    result = run(plan, new_assessment(plan, REF), ask, saved.append)  # type: ignore[arg-type]
    return result, seen, saved


def steps(views: list[StepView]) -> list[str]:
    return [f"rate {v.step.skill.id}" if isinstance(v.step, RateStep) else f"check {v.step.question.id}" for v in views]


def knower(levels: dict[str, int], *, extra: dict[int, str] | None = None) -> tuple[list[StepView], object]:
    """A person with true `levels` who answers every check right at or below them and wrong above;
    `extra` types something else at the n-th prompt (0-based) instead."""
    seen: list[StepView] = []

    def ask(view: StepView) -> str:
        seen.append(view)
        if extra and len(seen) - 1 in extra:
            return extra[len(seen) - 1]
        step = view.step
        if isinstance(step, RateStep):
            return str(levels[step.skill.id])
        question = step.question
        index = (
            question.correct_index
            if levels[step.skill.id] >= question.level
            else (question.correct_index + 1) % len(question.options)
        )
        return "abcdefgh"[step.order.index(index)]

    return seen, ask


def test_skills_come_area_by_area_and_every_rating_gets_a_check(mini: LoadedTaxonomy) -> None:
    plan = plan_quiz(mini.taxonomy)
    views, ask = knower({"py": 2, "git": 1, "stats": 0})
    result = run(plan, new_assessment(plan, REF, seed=1), ask, lambda _: None)  # type: ignore[arg-type]
    rated = [v.step.skill.id for v in views if isinstance(v.step, RateStep)]
    assert rated == ["py", "git", "stats"]
    checked = {c.skill for c in result.checks}
    assert checked == {"py", "git", "stats"}
    # Before the final round, checks of a skill follow its rating directly.
    order = [v.step.skill.id for v in views if not (isinstance(v.step, CheckStep) and v.step.final)]
    assert order == sorted(order, key=["py", "git", "stats"].index)


def test_a_skill_never_asks_the_same_question_twice_and_stops_at_its_cap(mini: LoadedTaxonomy) -> None:
    plan = plan_quiz(mini.taxonomy)
    _, ask = knower({"py": 3, "git": 0, "stats": 3})
    result = run(plan, new_assessment(plan, REF, seed=2), ask, lambda _: None)  # type: ignore[arg-type]
    questions = [c.question for c in result.checks]
    assert len(questions) == len(set(questions))
    for skill in ("py", "git", "stats"):
        assert sum(c.skill == skill for c in result.checks) <= 4


def test_quick_mode_asks_at_most_its_time_budget_of_checks(shipped: LoadedTaxonomy) -> None:
    plan = plan_quiz(shipped.taxonomy, quick=True)
    _, ask = knower({s.id: 2 for s in shipped.taxonomy.skills})
    result = run(plan, new_assessment(plan, REF, seed=3), ask, lambda _: None)  # type: ignore[arg-type]
    assert len(result.checks) <= plan.check_budget + 1
    assert len(result.checks) <= len(plan.skills)


def test_a_full_quiz_keeps_to_its_time_budget(shipped: LoadedTaxonomy) -> None:
    plan = plan_quiz(shipped.taxonomy)
    _, ask = knower({s.id: 4 for s in shipped.taxonomy.skills})  # claims 4, knows 4: easy to settle
    result = run(plan, new_assessment(plan, REF, seed=4), ask, lambda _: None)  # type: ignore[arg-type]
    assert len(result.checks) <= plan.check_budget


def test_path_narrows_the_quiz_to_the_skills_it_requires(mini: LoadedTaxonomy) -> None:
    plan = plan_quiz(mini.taxonomy, ["analyst"])
    assert [s.id for s in plan.skills] == ["py", "stats"]


def test_an_unknown_path_is_an_error_listing_the_known_ones(mini: LoadedTaxonomy) -> None:
    with pytest.raises(SkillcheckError, match=r"unknown career path 'nope'\. The taxonomy has: analyst, dev"):
        plan_quiz(mini.taxonomy, ["nope"])


def test_q_stops_with_every_answer_saved(mini: LoadedTaxonomy) -> None:
    plan = plan_quiz(mini.taxonomy)
    saved: list[Assessment] = []
    _, ask = typed("1", "a", "q")
    with pytest.raises(QuizStopped) as stopped:
        run(plan, new_assessment(plan, REF), ask, saved.append)  # type: ignore[arg-type]
    assert len(stopped.value.assessment.answers) == 2
    assert saved[-1] == stopped.value.assessment


def test_endless_invalid_answers_stop_when_bounded(mini: LoadedTaxonomy) -> None:
    plan = plan_quiz(mini.taxonomy)
    _, ask = typed(*(["x"] * 10))
    with pytest.raises(SkillcheckError, match="5 invalid answers in a row"):
        run(plan, new_assessment(plan, REF), ask, lambda _: None, max_invalid=5)  # type: ignore[arg-type]


def test_an_answers_file_reports_every_problem_at_once(mini: LoadedTaxonomy) -> None:
    plan = plan_quiz(mini.taxonomy)
    data = {"ratings": {"py": 7, "nope": 1, "git": "x"}, "answers": {"py-1": "z", "zz-9": "a"}}
    with pytest.raises(SkillcheckError) as caught:
        answers_from_mapping(plan, data, "a.yaml")
    assert caught.value.message.splitlines() == [
        "a.yaml: 5 problems; nothing was stored:",
        "  ratings.py: level must be a whole number from 0 to 3, not 7",
        "  ratings.nope: unknown skill 'nope'",
        "  ratings.git: level must be a whole number from 0 to 3, not 'x'",
        "  answers.py-1: answer must be one letter from a to c (or i for I don't know), not 'z'",
        "  answers.zz-9: unknown question 'zz-9'",
    ]


def test_invalid_input_and_help_re_prompt_the_same_step(mini: LoadedTaxonomy) -> None:
    plan = plan_quiz(mini.taxonomy)
    views, ask = knower({"py": 1, "git": 1, "stats": 1}, extra={0: "x", 1: "?", 2: "9"})
    run(plan, new_assessment(plan, REF, seed=6), ask, lambda _: None)  # type: ignore[arg-type]
    assert [v.step for v in views[:4]] == [views[0].step] * 4
    assert views[1].notice is not None and views[1].invalid
    assert views[2].notice is not None and "Keys:" in views[2].notice and not views[2].invalid


def test_back_drops_the_last_answer_and_asks_it_again(mini: LoadedTaxonomy) -> None:
    plan = plan_quiz(mini.taxonomy)
    views, ask = knower({"py": 1, "git": 1, "stats": 1}, extra={1: "<"})
    result = run(plan, new_assessment(plan, REF, seed=7), ask, lambda _: None)  # type: ignore[arg-type]
    assert views[2].step == views[0].step  # back at the first rating
    assert next(a for a in result.answers if isinstance(a, Rating)).skill == "py"


def test_back_at_the_first_question_says_there_is_nothing_to_go_back_to(mini: LoadedTaxonomy) -> None:
    plan = plan_quiz(mini.taxonomy)
    views, ask = knower({"py": 0, "git": 0, "stats": 0}, extra={0: "<"})
    run(plan, new_assessment(plan, REF, seed=8), ask, lambda _: None)  # type: ignore[arg-type]
    assert views[1].notice == "This is the first question; there is nothing to go back to."


def test_a_saved_draft_resumes_at_the_same_step(mini: LoadedTaxonomy) -> None:
    plan = plan_quiz(mini.taxonomy)
    saved: list[Assessment] = []
    views, ask = knower({"py": 2, "git": 1, "stats": 1}, extra={2: "q"})
    with pytest.raises(QuizStopped):
        run(plan, new_assessment(plan, REF, seed=9), ask, saved.append)  # type: ignore[arg-type]
    assert next_step(plan, saved[-1]) == views[2].step


def test_progress_counts_skills_and_estimates_time(mini: LoadedTaxonomy) -> None:
    plan = plan_quiz(mini.taxonomy)
    empty = new_assessment(plan, REF, seed=1)
    start = progress(plan, empty)
    rated = (Rating(skill="py", level=0), Rating(skill="git", level=0))
    later = progress(plan, empty.model_copy(update={"answers": rated}))
    assert (start.skill_number, start.skill_total, start.area) == (1, 3, "Code")
    assert later.skill_number == 2
    assert 0 < later.seconds_left < start.seconds_left


def test_an_answers_file_runs_the_same_flow_as_typing(mini: LoadedTaxonomy) -> None:
    plan = plan_quiz(mini.taxonomy)
    levels = {"py": 2, "git": 1, "stats": 3}
    _, ask = knower(levels)
    typed_result = run(plan, new_assessment(plan, REF, seed=10), ask, lambda _: None)  # type: ignore[arg-type]
    questions = {q.id: q for s in mini.taxonomy.skills for q in s.questions}
    by_letter = {
        qid: (
            q.correct_letter
            if levels[qid.split("-")[0]] >= q.level
            else q.letters[(q.correct_index + 1) % len(q.options)]
        )
        for qid, q in questions.items()
    }
    file_ask = answers_from_mapping(plan, {"ratings": levels, "answers": by_letter}, "a.yaml")
    file_result = run(plan, new_assessment(plan, REF, seed=10), file_ask, lambda _: None)
    assert file_result.answers == typed_result.answers


def test_interpret_turns_each_key_into_its_action(mini: LoadedTaxonomy) -> None:
    plan = plan_quiz(mini.taxonomy)
    step = next_step(plan, new_assessment(plan, REF, seed=1))
    assert step is not None
    assert isinstance(interpret(step, " 3 ", top_level=3), Give)
    assert isinstance(interpret(step, "4", top_level=3), Notice)
    assert isinstance(interpret(step, "²", top_level=3), Notice)  # digit-like, not a digit
    assert isinstance(interpret(step, "３", top_level=3), Notice)
    assert isinstance(interpret(step, "\x00unreadable", top_level=3), Notice)
    assert isinstance(interpret(step, "b", top_level=3), Back)
    question = mini.taxonomy.skills[0].questions[0]
    check = CheckStep(mini.taxonomy.skills[0], question, question.shown_order(5))
    given = interpret(check, "i", top_level=3)
    assert isinstance(given, Give) and isinstance(given.answer, Check)
    assert given.answer.dont_know and given.answer.choice is None and not given.answer.correct
    picked = interpret(check, "a", top_level=3)
    assert isinstance(picked, Give) and isinstance(picked.answer, Check)
    # The stored choice names the option by its file letter, whatever letter it was shown under.
    assert picked.answer.choice == question.letters[question.shown_order(5)[0]]


# --- quiz --skill: re-measuring some skills, keeping the rest --------------------------------------


def person(claims: dict[str, int], levels: dict[str, int]):
    """An `ask` for someone who rates `claims` and answers checks right up to their true `levels`."""

    def ask(view: StepView) -> str:
        step = view.step
        if isinstance(step, RateStep):
            return str(claims[step.skill.id])
        question = step.question
        knows = levels[step.skill.id] >= question.level
        index = question.correct_index if knows else (question.correct_index + 1) % len(question.options)
        return "abcdefgh"[step.order.index(index)]

    return ask


def test_a_skill_quiz_asks_only_its_skills_and_records_them(shipped: LoadedTaxonomy) -> None:
    plan = plan_quiz(shipped.taxonomy, skill_ids=["statistics", "sql"])
    assert [s.id for s in plan.skills] == ["sql", "statistics"]  # area order, as in a full quiz
    assert plan.only == ("sql", "statistics")
    seen, ask = typed(*["2", "i", "i", "i", "i"] * 2)
    result = run(plan, new_assessment(plan, REF, seed=1), ask, lambda _: None)  # type: ignore[arg-type]
    assert {v.step.skill.id for v in seen} == {"sql", "statistics"}
    assert result.only == ("sql", "statistics") and {a.skill for a in result.answers} == {"sql", "statistics"}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_re_measuring_skills_leaves_every_other_skills_estimate_exactly_as_it_was(
    shipped: LoadedTaxonomy, data: st.DataObject
) -> None:
    taxonomy = shipped.taxonomy
    ids = [s.id for s in taxonomy.skills]
    levels = {s: data.draw(st.integers(0, 4)) for s in ids}
    claims = {s: data.draw(st.integers(0, 4)) for s in ids}
    plan = plan_quiz(taxonomy)
    full = run(plan, new_assessment(plan, REF, seed=1), person(claims, levels), lambda _: None)
    before = estimate_assessment(full, taxonomy).skills
    current = full
    remeasured: set[str] = set()
    for run_number in range(data.draw(st.integers(1, 3))):
        chosen = data.draw(st.lists(st.sampled_from(ids), min_size=1, max_size=2, unique=True))
        studied = {s: min(4, levels[s] + data.draw(st.integers(0, 2))) for s in chosen}
        small = plan_quiz(taxonomy, skill_ids=chosen)
        update = run(small, new_assessment(small, REF, seed=run_number), person(studied, studied), lambda _: None)
        current = keep_the_rest(update, current)
        remeasured.update(chosen)
        levels.update(studied)
    after = estimate_assessment(current, taxonomy).skills
    assert set(current.only) == remeasured and current.update_of is not None
    for skill_id in ids:
        if skill_id not in remeasured:
            assert after[skill_id].posterior == pytest.approx(before[skill_id].posterior, abs=1e-9), skill_id
            assert after[skill_id].level == before[skill_id].level, skill_id


# --- the goal, and answered checks stay answered ---------------------------------------------------


def test_a_quiz_that_asks_the_goal_opens_with_it_and_back_returns_to_it(mini: LoadedTaxonomy) -> None:
    from skillcheck.measure.quizplan import GoalStep
    from skillcheck.taxonomy.models import Goal

    plan = plan_quiz(mini.taxonomy, ask_goal=True)
    paths = [career.id for career in mini.taxonomy.paths]
    result, views, _ = play(plan, "x", "1", "<", "2", *(["0", "i", "i", "i", "i"] * 3))
    assert isinstance(views[0].step, GoalStep)
    assert views[1].invalid and isinstance(views[1].step, GoalStep)  # "x" is not a path
    assert isinstance(views[2].step, RateStep)
    assert isinstance(views[3].step, GoalStep)  # "<" at the first rating goes back to the goal
    assert len(paths) >= 2 and result.goal == Goal(path=paths[1])
    not_sure, _, _ = play(plan, "0", *(["0", "i", "i", "i", "i"] * 3))
    assert not_sure.goal == Goal(path=None)


def test_a_goal_given_beforehand_is_not_asked_and_a_re_measure_never_asks(mini: LoadedTaxonomy) -> None:
    from skillcheck.measure.quizplan import GoalStep

    path = mini.taxonomy.paths[0].id
    given = plan_quiz(mini.taxonomy, ask_goal=True, goal=path)
    assert new_assessment(given, REF).goal is not None
    assert not isinstance(next_step(given, new_assessment(given, REF)), GoalStep)
    remeasure = plan_quiz(mini.taxonomy, ask_goal=True, skill_ids=["py"])
    assert not isinstance(next_step(remeasure, new_assessment(remeasure, REF)), GoalStep)


def test_back_after_an_answered_check_keeps_the_answer_and_says_it_is_final(mini: LoadedTaxonomy) -> None:
    plan = plan_quiz(mini.taxonomy)
    result, views, saved = play(plan, "2", "a", "<", *(["i"] * 6), *(["0", "i", "i", "i", "i"] * 2))
    assert isinstance(views[1].step, CheckStep)
    assert views[3].notice is not None and "final" in views[3].notice
    first_check = next(a for a in result.answers if isinstance(a, Check))
    assert first_check.question == views[1].step.question.id
    assert all(any(isinstance(a, Check) for a in s.answers) for s in saved[1:])


def test_a_rating_taken_back_stands_if_the_person_leaves_before_answering_again(mini: LoadedTaxonomy) -> None:
    plan = plan_quiz(mini.taxonomy)
    for leave in ("q", None):  # "q", or end of input (Ctrl-D)
        saved: list[Assessment] = []
        _, ask = typed("2", "<", *([leave] if leave else []))
        with contextlib.suppress(EOFError, QuizStopped):
            run(plan, new_assessment(plan, REF, seed=5), ask, saved.append)  # type: ignore[arg-type]
        assert saved[-1].answers == (Rating(skill="py", level=2),)
    # Answered again, the new rating replaces it.
    result, _, _ = play(plan, "2", "<", "1", *(["i"] * 8), *(["0", "i", "i", "i", "i"] * 2))
    assert next(a for a in result.answers if isinstance(a, Rating)) == Rating(skill="py", level=1)


def test_a_resumed_draft_works_out_again_which_checks_were_right(mini: LoadedTaxonomy) -> None:
    from skillcheck.measure.flow import rekeyed

    plan = plan_quiz(mini.taxonomy)
    saved: list[Assessment] = []
    _, ask = typed("2", "a", "b", "c", "d", "i")
    with contextlib.suppress(EOFError):
        run(plan, new_assessment(plan, REF, seed=11), ask, saved.append)  # type: ignore[arg-type]
    answered = saved[-1]
    checks = [a for a in answered.answers if isinstance(a, Check)]
    assert checks
    blanked = answered.model_copy(
        update={
            "answers": tuple(
                a.model_copy(update={"correct": False}) if isinstance(a, Check) else a for a in answered.answers
            )
        }
    )
    assert rekeyed(blanked, mini.taxonomy) == answered


def test_quick_draws_its_sample_seed_only_once_every_rating_is_in(mini: LoadedTaxonomy) -> None:
    from skillcheck.measure.selection import quick_sample

    plan = plan_quiz(mini.taxonomy, quick=True)
    samples = []
    for drawn in (11, 12, 13, 14, 15, 16):
        saved: list[Assessment] = []
        _, ask = typed("2", "3", "1", *(["i"] * 10))
        with contextlib.suppress(EOFError):
            run(plan, new_assessment(plan, REF, seed=5), ask, saved.append, draw=lambda d=drawn: d)  # type: ignore[arg-type]
        rating = [s for s in saved if any(isinstance(a, Check) for a in s.answers) is False]
        assert all(s.sample_seed is None for s in rating if len(s.answers) < 3)
        done = saved[-1]
        assert done.sample_seed == drawn
        ratings = {a.skill: a.level for a in done.answers if isinstance(a, Rating)}
        order = quick_sample(plan, drawn, ratings)
        first = next(a for a in done.answers if isinstance(a, Check))
        assert first.skill == plan.skills[order[0]].id
        samples.append(tuple(order))
    # The same seed and ratings, another draw: the sample is not fixed by what the draft held.
    assert len(set(samples)) > 1


KEYS = st.sampled_from(["<", "a", "b", "c", "d", "i", "s", "0", "1", "2", "3", "4", "?", "x", "b"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(KEYS, min_size=1, max_size=60))
def test_no_key_sequence_changes_an_answered_check(mini: LoadedTaxonomy, keys: list[str]) -> None:
    """Whatever a person types, every saved state keeps every check saved before it, unchanged."""
    plan = plan_quiz(mini.taxonomy, ask_goal=True)
    saved: list[Assessment] = []
    _, ask = typed(*keys)
    with contextlib.suppress(EOFError):
        run(plan, new_assessment(plan, REF, seed=3), ask, saved.append)  # type: ignore[arg-type]
    answered: list[Check] = []
    for state in saved:
        checks = [a for a in state.answers if isinstance(a, Check)]
        assert checks[: len(answered)] == answered, "an answered check was changed or taken back"
        answered = checks


def test_f_at_the_start_of_an_area_finishes_with_the_areas_done(shipped: LoadedTaxonomy) -> None:
    plan = plan_quiz(shipped.taxonomy)
    first_area = [s.id for s in plan.skills if s.area == plan.skills[0].area]
    views: list[StepView] = []

    def ask(view: StepView) -> str:
        views.append(view)
        if isinstance(view.step, RateStep):
            return "f" if view.step.area_start else "0"
        return "i"

    done = run(plan, new_assessment(plan, REF, seed=5), ask, lambda _: None)
    starts = [v for v in views if isinstance(v.step, RateStep) and v.step.area_start]
    assert len(starts) == 1 and starts[0] is views[-1]
    assert list(done.skills) == first_area and done.complete


def test_a_rating_taken_back_at_an_areas_start_does_not_stand_unchecked_after_f(shipped: LoadedTaxonomy) -> None:
    """Rate the second area's first skill 4, step back from its check, finish: the 4 is withdrawn,
    not kept as a rating no check reached."""
    plan = plan_quiz(shipped.taxonomy)
    state = {"stepped_back": False}

    def ask(view: StepView) -> str:
        step = view.step
        if isinstance(step, RateStep) and step.area_start:
            return "f" if state["stepped_back"] else "4"
        if isinstance(step, CheckStep) and step.skill.area != plan.skills[0].area and not state["stepped_back"]:
            state["stepped_back"] = True
            return "<"
        return "0" if isinstance(step, RateStep) else "i"

    done = run(plan, new_assessment(plan, REF, seed=5), ask, lambda _: None)
    second = next(s for s in plan.skills if s.area != plan.skills[0].area)
    assert state["stepped_back"] and second.id not in {a.skill for a in done.answers}
    assert second.id not in done.skills


def test_f_elsewhere_is_not_a_way_out(mini: LoadedTaxonomy) -> None:
    plan = plan_quiz(mini.taxonomy)
    views, ask = typed("f", "0", *(["i"] * 8), *(["0", "i", "i", "i", "i"] * 2))
    run(plan, new_assessment(plan, REF, seed=5), ask, lambda _: None)  # type: ignore[arg-type]
    assert views[1].invalid


def test_the_time_left_never_rises_by_more_than_a_minute_and_learns_the_pace(shipped: LoadedTaxonomy) -> None:
    """A slow reader (three times the model) sees the countdown adjust, a minute at most at a time."""
    from skillcheck.measure.flow import step_seconds

    plan = plan_quiz(shipped.taxonomy, quick=True)
    # A simulated clock, advanced by the reader below: nothing here depends on real time.
    simulated_seconds = 0.0
    left: list[int] = []

    def simulated_clock() -> float:
        return simulated_seconds

    def ask(view: StepView) -> str:
        nonlocal simulated_seconds
        left.append(view.progress.seconds_left)  # read while the prompt is shown, as a terminal does
        simulated_seconds += 3 * step_seconds(plan, view.step)
        return "2" if isinstance(view.step, RateStep) else "a"

    done = run(plan, new_assessment(plan, REF, seed=9), ask, lambda _: None, timer=simulated_clock)
    assert all(later <= earlier + 60 for earlier, later in itertools.pairwise(left))
    assert done.pace is not None and done.pace.prompts == len(left)
    # The pace learned is the simulated reader's: three times the model, within a margin.
    paced = done.pace.seconds / done.pace.expected
    assert 2.5 < paced < 3.5
