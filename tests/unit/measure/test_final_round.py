"""The full quiz's final round: after the last rating, what is left of the check budget goes where
one more answer is expected to cut the reported level's error most."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from testfiles import marked_taxonomy

from skillcheck.measure.estimate import Response as Answered
from skillcheck.measure.estimate import Tendency, expected_error_after, reported_error
from skillcheck.measure.flow import QuizStopped, StepView, new_assessment, next_step, run, step_help
from skillcheck.measure.quizplan import FINAL_SKILLS_MAX, CheckStep, QuizPlan, RateStep, plan_quiz
from skillcheck.measure.selection import final_check
from skillcheck.taxonomy.load import LoadedTaxonomy, load_taxonomy
from skillcheck.taxonomy.models import Assessment, Check, Question


@pytest.fixture
def marked(tmp_path: Path) -> LoadedTaxonomy:
    return load_taxonomy(marked_taxonomy(tmp_path / "marked.yaml"))


def at_level(claim: int, true: int, stop_at_final: bool = False):
    """Someone who rates every skill `claim` and answers right exactly the questions up to `true`;
    with `stop_at_final`, q at the first check of the final round."""
    seen: list[StepView] = []

    def ask(view: StepView) -> str:
        seen.append(view)
        step = view.step
        if isinstance(step, RateStep):
            return str(claim)
        assert isinstance(step, CheckStep)
        if stop_at_final and step.final:
            return "q"
        question = step.question
        wrong = (question.correct_index + 1) % len(question.options)
        return "abcdefgh"[step.order.index(question.correct_index if question.level <= true else wrong)]

    return seen, ask


def finals(views: list[StepView]) -> list[CheckStep]:
    return [v.step for v in views if isinstance(v.step, CheckStep) and v.step.final]


def test_an_over_claimer_gets_a_final_check_after_the_last_rating(marked: LoadedTaxonomy) -> None:
    plan = plan_quiz(marked.taxonomy)
    views, ask = at_level(3, 1)
    result = run(plan, new_assessment(plan, marked.ref, seed=1), ask, None)
    last_rating = max(i for i, v in enumerate(views) if isinstance(v.step, RateStep))
    final = [i for i, v in enumerate(views) if isinstance(v.step, CheckStep) and v.step.final]
    assert final, "claims of 3 borne out only at level 1 leave a level unclear"
    assert min(final) > last_rating
    # The skill-by-skill pass keeps to its share; the final round to the whole budget.
    assert len(result.checks) - len(final) <= plan.main_budget < plan.check_budget
    assert len(result.checks) <= plan.check_budget
    assert len({c.question for c in result.checks}) == len(result.checks)
    shown = views[final[0]].progress
    assert shown.final and shown.skill_number == shown.skill_total


def test_a_result_the_checks_bear_out_ends_the_quiz_without_a_final_check(marked: LoadedTaxonomy) -> None:
    plan = plan_quiz(marked.taxonomy)
    top = plan.taxonomy.top_level
    # Someone whose ratings the checks have borne out so far: their ratings are read as likely.
    trusted = Tendency(top, tuple(0.9 if i == top else 0.1 / (2 * top) for i in range(2 * top + 1)), zero=0.0)
    checks = {
        s.id: [checked(q, s.id, right=q.level <= 1) for q in s.questions if q.id.endswith("1")] for s in plan.skills
    }
    ratings = dict.fromkeys(checks, 1)
    asked = {c.question for given in checks.values() for c in given}
    assert final_check(plan, 1, ratings, checks, trusted, len(asked), asked) is None
    # One answer a skill, from someone whose ratings say nothing, leaves the levels unclear.
    first = {skill: given[:1] for skill, given in checks.items()}
    assert final_check(plan, 1, ratings, first, flat(plan), 3, {c.question for g in first.values() for c in g})


def test_a_quiz_stopped_in_the_final_round_resumes_at_the_same_check(marked: LoadedTaxonomy) -> None:
    plan = plan_quiz(marked.taxonomy)
    saved: list[Assessment] = []
    views, ask = at_level(3, 1, stop_at_final=True)
    with pytest.raises(QuizStopped):
        run(plan, new_assessment(plan, marked.ref, seed=3), ask, saved.append)
    assert next_step(plan, saved[-1]) == finals(views)[0]


def test_going_back_at_a_final_check_keeps_every_answer(marked: LoadedTaxonomy) -> None:
    plan = plan_quiz(marked.taxonomy)
    views, honest = at_level(3, 1)
    typed_back = False

    def ask(view: StepView) -> str:
        nonlocal typed_back
        if isinstance(view.step, CheckStep) and view.step.final and not typed_back:
            typed_back = True
            views.append(view)
            return "<"
        return honest(view)

    result = run(plan, new_assessment(plan, marked.ref, seed=1), ask, None)
    assert typed_back
    after = [v for v in views if v.notice]
    assert after and "An answered check is final" in after[0].notice
    assert after[0].step == finals(views)[0]
    assert "final checks come after the last rating" in step_help(finals(views)[0], 3)
    assert len(result.checks) <= plan.check_budget


def test_only_a_full_quiz_of_at_most_final_skills_max_skills_has_a_final_round(
    shipped: LoadedTaxonomy,
) -> None:
    full = plan_quiz(shipped.taxonomy)
    assert full.final_round and full.main_budget < full.check_budget
    assert not plan_quiz(shipped.taxonomy, quick=True).final_round
    remeasure = plan_quiz(shipped.taxonomy, skill_ids=["python"])
    assert not remeasure.final_round and remeasure.main_budget == remeasure.check_budget
    many = replace(full, skills=full.skills * (FINAL_SKILLS_MAX // len(full.skills) + 1))
    assert not many.final_round and many.main_budget == many.check_budget


def flat(plan: QuizPlan) -> Tendency:
    top = plan.taxonomy.top_level
    return Tendency(top, tuple([1.0 / (2 * top + 1)] * (2 * top + 1)), zero=0.0)


def checked(question: Question, skill: str, right: bool) -> Check:
    choice = question.letters[question.correct_index if right else (question.correct_index + 1) % len(question.options)]
    return Check(skill=skill, question=question.id, level=question.level, choice=choice, correct=right)


def test_the_final_check_goes_to_the_skill_whose_answers_disagree(marked: LoadedTaxonomy) -> None:
    plan = plan_quiz(marked.taxonomy)
    by_id = {s.id: s for s in plan.skills}
    py, git, stats = (by_id[s].questions for s in ("py", "git", "stats"))
    checks = {
        # Right at level 3, wrong at level 2: the two answers disagree.
        "git": [checked(git[6], "git", True), checked(git[3], "git", False)],
        # Right at 3 and 2, and wrong at 1 twice: level 0 is as clear as two answers make it.
        "py": [checked(py[0], "py", False), checked(py[1], "py", False)],
        "stats": [checked(stats[6], "stats", True), checked(stats[3], "stats", True)],
    }
    ratings = {"py": 3, "git": 3, "stats": 3}
    asked = {c.question for given in checks.values() for c in given}
    choice = final_check(plan, 1, ratings, checks, flat(plan), len(asked), asked)
    assert choice is not None and plan.skills[choice.index].id == "git"
    assert choice.question.id not in asked


def test_the_final_round_never_asks_again_and_stops_at_the_budget(marked: LoadedTaxonomy) -> None:
    plan = plan_quiz(marked.taxonomy)
    git = {s.id: s for s in plan.skills}["git"]
    checks = {"git": [checked(git.questions[6], "git", True), checked(git.questions[3], "git", False)]}
    ratings = {"py": None, "git": 3, "stats": None}
    # Every other question of git's level 1 and 2 asked before (its key may have been read).
    retired = {q.id for q in git.questions if q.level < 3}
    asked = {c.question for c in checks["git"]}
    choice = final_check(plan, 1, ratings, checks, flat(plan), len(asked), asked, retired)
    assert choice is None or (choice.question.id not in retired | asked and choice.question.level == 3)
    spent = {"git": checks["git"] * (plan.check_budget // 2 + 1)}
    assert final_check(plan, 1, ratings, spent, flat(plan), len(spent["git"]), asked) is None


def test_the_expected_error_after_a_check_is_never_above_the_error_now() -> None:
    # Reporting the most likely level, an answer can only help on average.
    for posterior in ((0.5, 0.5, 0.0, 0.0, 0.0), (0.2, 0.2, 0.2, 0.2, 0.2), (0.9, 0.05, 0.05, 0.0, 0.0)):
        for level in range(1, 5):
            assert expected_error_after(posterior, Answered(level, 4, "right")) <= reported_error(posterior) + 1e-12
    assert reported_error((0.0, 1.0, 0.0, 0.0, 0.0)) == 0.0
    assert reported_error((0.5, 0.0, 0.5, 0.0, 0.0)) == pytest.approx(1.0)


def test_the_time_left_in_a_final_round_counts_what_the_round_usually_asks(shipped: LoadedTaxonomy) -> None:
    """The final round rarely uses all of its checks: the time left counts part of them, not none
    (the quiz would seem over) and not all (it would promise minutes the round never takes)."""
    from skillcheck.measure import pace
    from skillcheck.measure.flow import step_seconds

    plan = plan_quiz(shipped.taxonomy)
    views: list[StepView] = []

    def erratic(view: StepView) -> str:
        """Rates 4 and answers right every question whose id has an even sum of code points: erratic."""
        views.append(view)
        step = view.step
        if isinstance(step, RateStep):
            return "4"
        assert isinstance(step, CheckStep)
        question = step.question
        right = sum(map(ord, question.id)) % 2 == 0
        index = question.correct_index if right else (question.correct_index + 1) % len(question.options)
        return "abcdefgh"[step.order.index(index)]

    run(plan, new_assessment(plan, shipped.ref, seed=2), erratic, None)
    first = next(i for i, v in enumerate(views) if isinstance(v.step, CheckStep) and v.step.final)
    used = sum(1 for v in views[:first] if isinstance(v.step, CheckStep))
    mean = plan.mean_check_seconds(plan.skills)
    shown = views[first].progress.seconds_left
    current = step_seconds(plan, views[first].step)
    everything = current + (plan.check_budget - used - 1) * mean
    assert current + mean < shown < everything - mean
    assert shown == pytest.approx(current + ((plan.check_budget - used) * pace.FINAL_USED_SHARE - 1) * mean, abs=1)
