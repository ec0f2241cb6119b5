"""The quiz flow: adaptive checks, keys, back and skip, resuming, and answers files."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from skillcheck.errors import SkillcheckError
from skillcheck.models import Assessment, Check, Rating, TaxonomyRef
from skillcheck.quiz import (
    Back,
    CheckStep,
    Give,
    Notice,
    Plan,
    QuizStopped,
    RateStep,
    StepView,
    answers_from_mapping,
    interpret,
    make_plan,
    new_assessment,
    next_step,
    progress,
    run,
)
from skillcheck.taxonomy import LoadedTaxonomy

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


def play(plan: Plan, *lines: str) -> tuple[Assessment, list[StepView], list[Assessment]]:
    saved: list[Assessment] = []
    seen, ask = typed(*lines)
    result = run(plan, new_assessment(plan, REF), ask, saved.append)  # type: ignore[arg-type]
    return result, seen, saved


def steps(views: list[StepView]) -> list[str]:
    return [f"rate {v.step.skill.id}" if isinstance(v.step, RateStep) else f"check {v.step.question.id}" for v in views]


def test_skills_come_area_by_area_and_a_pass_earns_one_stretch_check(mini: LoadedTaxonomy) -> None:
    plan = make_plan(mini.taxonomy)
    result, views, _ = play(plan, "2", "b", "a", "1", "a", "b", "0")
    assert steps(views) == [
        "rate py", "check py-2", "check py-3", "rate git", "check git-1", "check git-2", "rate stats",
    ]  # fmt: skip
    assert result.complete
    assert result.ratings == {"py": 2, "git": 1, "stats": 0}


def test_a_miss_probes_one_level_lower_until_a_pass(mini: LoadedTaxonomy) -> None:
    plan = make_plan(mini.taxonomy)
    _, views, _ = play(plan, "3", "a", "a", "a", "0", "0")
    assert steps(views)[:4] == ["rate py", "check py-3", "check py-2", "check py-1"]


def test_a_skill_rated_zero_gets_no_checks(mini: LoadedTaxonomy) -> None:
    _, views, _ = play(make_plan(mini.taxonomy), "0", "0", "0")
    assert steps(views) == ["rate py", "rate git", "rate stats"]


def test_a_missing_level_question_falls_back_to_the_highest_below(mini: LoadedTaxonomy) -> None:
    # stats has questions for levels 1 and 3 only: a claim of 2 is probed at level 1.
    _, views, _ = play(make_plan(mini.taxonomy), "0", "0", "2", "a")
    assert steps(views)[-1] == "check stats-1"


def test_quick_mode_checks_one_rated_skill_in_four_without_follow_up(shipped: LoadedTaxonomy) -> None:
    plan = make_plan(shipped.taxonomy, quick=True)
    answers: tuple = ()
    checks = 0
    while (step := next_step(plan, answers)) is not None:
        if isinstance(step, RateStep):
            answers = (*answers, Rating(skill=step.skill.id, level=2))
        else:
            checks += 1
            q = step.question
            answers = (*answers, Check(skill=step.skill.id, question=q.id, level=q.level, choice="a", correct=False))
    assert checks == len(plan.skills) // 4


def test_path_narrows_the_quiz_to_the_skills_it_requires(mini: LoadedTaxonomy) -> None:
    plan = make_plan(mini.taxonomy, ["analyst"])
    assert [s.id for s in plan.skills] == ["py", "stats"]


def test_an_unknown_path_is_an_error_listing_the_known_ones(mini: LoadedTaxonomy) -> None:
    with pytest.raises(SkillcheckError, match="unknown career path 'nope'; the taxonomy has: analyst, dev"):
        make_plan(mini.taxonomy, ["nope"])


def test_invalid_input_re_prompts_with_a_hint_and_never_ends_the_quiz(mini: LoadedTaxonomy) -> None:
    result, views, _ = play(make_plan(mini.taxonomy), "9", "hello", "", "0", "0", "0")
    assert result.complete
    assert views[1].notice == "Type a digit from 0 to 3 for your level (or ? for help)."
    assert views[1].invalid


def test_help_shows_the_keys_and_asks_again(mini: LoadedTaxonomy) -> None:
    _, views, _ = play(make_plan(mini.taxonomy), "?", "0", "0", "0")
    assert views[1].notice is not None and views[1].notice.startswith("Keys:")
    assert not views[1].invalid


def test_back_drops_the_last_answer_and_asks_it_again(mini: LoadedTaxonomy) -> None:
    result, views, saved = play(make_plan(mini.taxonomy), "1", "<", "2", "b", "s", "0", "0")
    assert steps(views)[:3] == ["rate py", "check py-1", "rate py"]
    assert result.ratings["py"] == 2
    assert len(saved[1].answers) == 0  # the back step was saved too


def test_b_is_back_at_a_rating_prompt_and_an_answer_at_a_check(mini: LoadedTaxonomy) -> None:
    plan = make_plan(mini.taxonomy)
    rate = next_step(plan, ())
    assert isinstance(rate, RateStep)
    assert isinstance(interpret(rate, "b", top_level=3), Back)
    check = next_step(plan, (Rating(skill="py", level=2),))
    assert isinstance(check, CheckStep)
    action = interpret(check, "b", top_level=3)
    assert isinstance(action, Give) and isinstance(action.answer, Check) and action.answer.correct


def test_back_at_the_first_question_says_there_is_nothing_to_go_back_to(mini: LoadedTaxonomy) -> None:
    _, views, _ = play(make_plan(mini.taxonomy), "<", "0", "0", "0")
    assert views[1].notice == "This is the first question; there is nothing to go back to."


def test_skipping_a_check_counts_as_a_miss_and_probes_lower(mini: LoadedTaxonomy) -> None:
    result, views, _ = play(make_plan(mini.taxonomy), "2", "s", "a", "0", "0")
    assert steps(views)[:3] == ["rate py", "check py-2", "check py-1"]
    assert result.checks[0].choice is None and not result.checks[0].correct


def test_q_stops_with_every_answer_saved(mini: LoadedTaxonomy) -> None:
    plan = make_plan(mini.taxonomy)
    saved: list[Assessment] = []
    _, ask = typed("1", "a", "q")
    with pytest.raises(QuizStopped) as stopped:
        run(plan, new_assessment(plan, REF), ask, saved.append)  # type: ignore[arg-type]
    assert len(stopped.value.assessment.answers) == 2
    assert saved[-1] == stopped.value.assessment


def test_a_saved_draft_resumes_at_the_same_step(mini: LoadedTaxonomy) -> None:
    plan = make_plan(mini.taxonomy)
    saved: list[Assessment] = []
    _, ask = typed("2", "b")
    with pytest.raises(EOFError):
        run(plan, new_assessment(plan, REF), ask, saved.append)  # type: ignore[arg-type]
    _, ask = typed("a", "0", "0")
    result = run(plan, saved[-1], ask, saved.append)  # type: ignore[arg-type]
    assert [type(a).__name__ for a in result.answers] == ["Rating", "Check", "Check", "Rating", "Rating"]


def test_endless_invalid_answers_stop_when_bounded(mini: LoadedTaxonomy) -> None:
    plan = make_plan(mini.taxonomy)
    _, ask = typed(*(["x"] * 10))
    with pytest.raises(SkillcheckError, match="5 invalid answers in a row"):
        run(plan, new_assessment(plan, REF), ask, lambda _: None, max_invalid=5)  # type: ignore[arg-type]


def test_progress_counts_skills_and_estimates_time(mini: LoadedTaxonomy) -> None:
    plan = make_plan(mini.taxonomy)
    start = progress(plan, ())
    later = progress(plan, (Rating(skill="py", level=0),))
    assert (start.skill_number, start.skill_total, start.area) == (1, 3, "Code")
    assert later.skill_number == 2
    assert 0 < later.seconds_left < start.seconds_left


def test_an_answers_file_runs_the_same_flow_as_typing(mini: LoadedTaxonomy) -> None:
    plan = make_plan(mini.taxonomy)
    typed_result, _, _ = play(plan, "2", "b", "c", "1", "a", "b", "3", "b")
    ask = answers_from_mapping(
        plan,
        {
            "ratings": {"py": 2, "git": 1, "stats": 3},
            "answers": {"py-2": "b", "py-3": "c", "git-1": "a", "git-2": "b", "stats-3": "b"},
        },
        "a.yaml",
    )
    file_result = run(plan, new_assessment(plan, REF), ask, lambda _: None)
    assert file_result.answers == typed_result.answers


def test_an_answers_file_reports_every_problem_at_once(mini: LoadedTaxonomy) -> None:
    plan = make_plan(mini.taxonomy)
    data = {"ratings": {"py": 7, "nope": 1, "git": "x"}, "answers": {"py-1": "z", "zz-9": "a"}}
    with pytest.raises(SkillcheckError) as caught:
        answers_from_mapping(plan, data, "a.yaml")
    assert caught.value.message.splitlines() == [
        "a.yaml: 5 problem(s):",
        "  ratings.py: level must be a whole number from 0 to 3, not 7",
        "  ratings.nope: unknown skill 'nope'",
        "  ratings.git: level must be a whole number from 0 to 3, not 'x'",
        "  answers.py-1: answer must be one letter from a to c, not 'z'",
        "  answers.zz-9: unknown question 'zz-9'",
    ]


def test_interpret_turns_each_key_into_its_action(mini: LoadedTaxonomy) -> None:
    step = next_step(make_plan(mini.taxonomy), ())
    assert step is not None
    assert isinstance(interpret(step, " 3 ", top_level=3), Give)
    assert isinstance(interpret(step, "4", top_level=3), Notice)
    assert isinstance(interpret(step, "\x00unreadable", top_level=3), Notice)
