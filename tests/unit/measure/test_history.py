"""Evidence across assessments: earlier checks carry forward, their questions are not asked again,
--quick samples after the ratings, and no level above what was tested is reported as shown."""

from __future__ import annotations

import contextlib
import random
from collections.abc import Callable
from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from skillcheck.measure.estimate import Response, carried, estimate_all, learned_since
from skillcheck.measure.flow import QuizStopped, StepView, new_assessment, next_step, run
from skillcheck.measure.quizplan import CheckStep, RateStep, plan_quiz
from skillcheck.measure.remeasure import carried_forward, keep_the_rest
from skillcheck.measure.scoring import estimate_assessment
from skillcheck.taxonomy.load import LoadedTaxonomy
from skillcheck.taxonomy.models import Assessment, Check, Rating, Taxonomy, TaxonomyRef

REF = TaxonomyRef(id="skillcheck-default", version="x", hash="h")
START = datetime(2026, 1, 1, 9, 0)


def clock_at(days: float) -> Callable[[], str]:
    return lambda: (START + timedelta(days=days)).isoformat() + "+00:00"


def person(truth: dict[str, int], claim: Callable[[int], int], rng: random.Random) -> Callable[[StepView], str]:
    """Rates by `claim` of the true level; answers right at or below the true level, else guesses."""

    def ask(view: StepView) -> str:
        step = view.step
        if isinstance(step, RateStep):
            return str(claim(truth[step.skill.id]))
        assert isinstance(step, CheckStep)
        question = step.question
        if truth[step.skill.id] >= question.level:
            index = question.correct_index
        else:
            index = rng.randrange(len(question.options))
        return "abcdefgh"[step.order.index(index)]

    return ask


def take(
    taxonomy: Taxonomy,
    ask: Callable[[StepView], str],
    previous: Assessment | None,
    days: float,
    *,
    skills: tuple[str, ...] = (),
    quick: bool = False,
    seed: int = 1,
) -> Assessment:
    """One quiz begun `days` after START, starting from `previous` as session.begin does."""
    plan = plan_quiz(taxonomy, skill_ids=skills, quick=quick)
    clock = clock_at(days)
    fresh = new_assessment(plan, REF, seed=seed, clock=clock, earlier=carried_forward(previous, plan.only))
    done = run(plan, fresh, ask, None, clock=clock)
    return keep_the_rest(done, previous) if skills else done


def test_a_question_asked_before_is_never_asked_again(shipped: LoadedTaxonomy) -> None:
    taxonomy = shipped.taxonomy
    rng = random.Random(3)
    truth = {s.id: 2 for s in taxonomy.skills}
    previous: Assessment | None = None
    asked: set[str] = set()
    for take_number in range(4):
        previous = take(taxonomy, person(truth, lambda level: level, rng), previous, take_number, seed=take_number)
        now = {c.question for c in previous.checks}
        assert not now & asked, f"take {take_number} asked again: {sorted(now & asked)}"
        asked |= now
        assert {c.question for c in previous.earlier} | now == asked


def test_when_the_bank_runs_out_the_quiz_says_so_and_records_it(mini: LoadedTaxonomy) -> None:
    taxonomy = mini.taxonomy
    rng = random.Random(4)
    truth = {s.id: 1 for s in taxonomy.skills}
    notices: list[str] = []
    previous: Assessment | None = None

    def ask(view: StepView) -> str:
        if view.notice:
            notices.append(view.notice)
        return person(truth, lambda level: level, rng)(view)

    for take_number in range(12):
        previous = take(taxonomy, ask, previous, take_number, seed=take_number)
    assert previous is not None
    assert previous.not_fresh, "the mini bank cannot last twelve takes"
    assert any("earlier answers" in notice for notice in notices)
    assert len({c.question for c in previous.earlier}) == len(previous.earlier)


def test_lucky_guesses_soon_after_do_not_undo_consistent_misses(shipped: LoadedTaxonomy) -> None:
    """A re-measure minutes later that guesses right starts from the misses before it."""
    top = 4
    misses = [Response(level, 4, "wrong") for level in (1, 1, 2, 1)]
    lucky = [Response(2, 4, "right"), Response(3, 4, "right")]
    alone = estimate_all(top, {"x": 4}, {"x": lucky}).skills["x"]
    before = carried(top, [(0.01, misses)])
    with_history = estimate_all(top, {"x": 4}, {"x": lucky}, earlier={"x": before}).skills["x"]
    assert alone.level >= 2
    assert with_history.level < alone.level
    assert with_history.mean < alone.mean - 0.5


def test_the_chance_of_having_learned_grows_with_the_time_gone_by() -> None:
    soon, fortnight, year = learned_since(0.01, 4), learned_since(14, 4), learned_since(365, 4)
    assert soon[0] > 0.999
    assert 0.5 < 1 - fortnight[0] < 0.75
    assert 1 - year[0] > 0.99
    assert all(abs(sum(k) - 1) < 1e-9 for k in (soon, fortnight, year))


def test_a_learner_is_read_at_the_new_level_after_one_re_measure(shipped: LoadedTaxonomy) -> None:
    taxonomy = shipped.taxonomy
    hits = 0
    trials = 20
    for trial in range(trials):
        rng = random.Random(trial)
        truth = {s.id: rng.randint(0, 3) for s in taxonomy.skills}
        first = take(taxonomy, person(truth, lambda level: level, rng), None, 0, seed=trial)
        skill = rng.choice([s.id for s in taxonomy.skills])
        truth[skill] += 1
        again = take(taxonomy, person(truth, lambda level: level, rng), first, 30, skills=(skill,), seed=trial + 100)
        hits += estimate_assessment(again, taxonomy).skills[skill].level == truth[skill]
    assert hits >= 0.8 * trials


def test_piling_re_measures_does_not_lift_a_know_nothing(shipped: LoadedTaxonomy) -> None:
    taxonomy = shipped.taxonomy
    rng = random.Random(7)
    truth = {s.id: 0 for s in taxonomy.skills}
    previous = take(taxonomy, person(truth, lambda level: 0, rng), None, 0)
    skills = [s.id for s in taxonomy.skills][:6]
    for number in range(30):
        skill = skills[number % len(skills)]
        previous = take(taxonomy, person(truth, lambda level: 4, rng), previous, 0.001 * (number + 1), skills=(skill,))
    estimates = estimate_assessment(previous, taxonomy).skills
    assert all(estimates[s].level <= 1 for s in skills), {s: estimates[s].level for s in skills}


def test_no_level_above_the_claim_and_every_level_answered_right_is_reported(shipped: LoadedTaxonomy) -> None:
    """Rated 0 and right at level 3 only: the estimate stops at 3, marked as leaning higher."""
    claims = {"x": 0, **{f"s{i}": 0 for i in range(8)}}
    # An under-rater: every other skill rated 0 and shown at 4, so the fit expects 4 here too.
    responses = {f"s{i}": [Response(4, 4, "right"), Response(4, 4, "right")] for i in range(8)}
    responses["x"] = [Response(3, 4, "right"), Response(3, 4, "right")]
    estimate = estimate_all(4, claims, responses).skills["x"]
    assert estimate.level == 3 and estimate.high == 3
    assert estimate.tested_to == 3
    assert estimate.above_tested


def test_the_quiz_checks_above_what_was_tested_before_settling(shipped: LoadedTaxonomy) -> None:
    """An under-rater who answers right above the claim gets a check one level higher."""
    taxonomy = shipped.taxonomy
    rng = random.Random(11)
    truth = {s.id: 4 for s in taxonomy.skills}
    done = take(taxonomy, person(truth, lambda level: level - 2, rng), None, 0)
    estimates = estimate_assessment(done, taxonomy).skills
    for skill in taxonomy.skills:
        rights = [c.level for c in done.checks if c.skill == skill.id and c.correct]
        assert estimates[skill.id].level <= max([2, *rights])


def test_quick_asks_no_check_until_every_rating_is_in_and_reaches_every_area(shipped: LoadedTaxonomy) -> None:
    taxonomy = shipped.taxonomy
    areas_checked: list[set[str]] = []
    for seed in range(8):
        rng = random.Random(seed)
        truth = {s.id: 2 for s in taxonomy.skills}
        kinds: list[str] = []
        ask = person(truth, lambda level: level, rng)

        def recording(view: StepView, ask: Callable[[StepView], str] = ask, kinds: list[str] = kinds) -> str:
            kinds.append("rate" if isinstance(view.step, RateStep) else "check")
            return ask(view)

        done = take(taxonomy, recording, None, 0, quick=True, seed=seed)
        assert "rate" not in kinds[kinds.index("check") :]
        by_id = taxonomy.skills_by_id
        areas_checked.append({by_id[c.skill].area for c in done.checks})
    assert all(checked == {a.id for a in taxonomy.areas} for checked in areas_checked)


def test_the_quick_sample_does_not_depend_on_the_ratings(shipped: LoadedTaxonomy) -> None:
    """Which skills --quick checks follows from the seed alone, so no rating can steer it."""
    taxonomy = shipped.taxonomy
    first_checked = []
    for claim in (0, 4):
        plan = plan_quiz(taxonomy, quick=True)
        answers = tuple(Rating(skill=s.id, level=claim) for s in plan.skills)
        fresh = new_assessment(plan, REF, seed=9).model_copy(update={"answers": answers})
        seen: list[StepView] = []

        def stop(view: StepView, seen: list[StepView] = seen) -> str:
            seen.append(view)
            return "q"

        with contextlib.suppress(QuizStopped):  # only the first step is wanted
            run(plan, fresh, stop, None)
        assert isinstance(seen[0].step, CheckStep)
        first_checked.append(seen[0].step.skill.id)
    assert first_checked[0] == first_checked[1]


def test_earlier_checks_of_other_skills_are_not_counted_twice(shipped: LoadedTaxonomy) -> None:
    """A re-measure carries the re-measured skill's old checks; the others stay answers."""
    taxonomy = shipped.taxonomy
    rng = random.Random(5)
    truth = {s.id: 1 for s in taxonomy.skills}
    first = take(taxonomy, person(truth, lambda level: level, rng), None, 0)
    skill = taxonomy.skills[0].id
    again = take(taxonomy, person(truth, lambda level: level, rng), first, 1, skills=(skill,))
    assert {c.skill for c in again.earlier} == {skill}
    kept = [a for a in again.answers if isinstance(a, Check) and a.skill != skill]
    assert kept == [c for c in first.checks if c.skill != skill]


@settings(max_examples=25, deadline=None)
@given(stop=st.integers(0, 120), quick=st.booleans(), retake=st.booleans(), seed=st.integers(0, 50))
def test_a_draft_stopped_anywhere_resumes_at_the_step_the_quiz_was_at(
    shipped: LoadedTaxonomy, stop: int, quick: bool, retake: bool, seed: int
) -> None:
    """The next step follows from the saved answers alone, with earlier checks and the --quick
    sample too: stopping at any prompt and resuming shows the very prompt that was due."""
    taxonomy = shipped.taxonomy
    truth = {s.id: random.Random(f"{seed}:{s.id}").randint(0, 4) for s in taxonomy.skills}
    previous = take(taxonomy, person(truth, lambda level: level, random.Random(seed)), None, 0) if retake else None
    plan = plan_quiz(taxonomy, quick=quick)
    fresh = new_assessment(plan, REF, seed=seed, clock=clock_at(3), earlier=carried_forward(previous))
    views: list[StepView] = []
    saved: list[Assessment] = []
    answer = person(truth, lambda level: level, random.Random(seed + 1))

    def ask(view: StepView) -> str:
        views.append(view)
        return "q" if len(views) > stop else answer(view)

    with contextlib.suppress(QuizStopped):
        run(plan, fresh, ask, saved.append, clock=clock_at(3))
    if len(views) > stop and saved:
        assert next_step(plan, saved[-1]) == views[stop].step
