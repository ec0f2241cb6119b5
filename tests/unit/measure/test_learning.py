"""The learning plan's core (plan.py): properties over random taxonomies and levels, and its order."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skillcheck.measure.learning import (
    CHECK_IN_HOURS,
    LearningPlan,
    PlanError,
    check_ins,
    hours_to_meet,
    learning_plan,
    meets,
    readiness_after_hours,
    readiness_at,
    total_weeks,
    week_span,
    weeks,
)
from skillcheck.taxonomy.load import LoadedTaxonomy, cross_check
from skillcheck.taxonomy.models import CareerPath, Taxonomy

# Every test has function-scoped autouse fixtures (a data directory of its own), which a property
# test does not use: the health check about them does not apply.
PROPERTY_SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def taxonomy_dict(top: int, skills: list[dict[str, Any]], paths: list[dict[str, Any]]) -> dict[str, Any]:
    """A valid taxonomy document around the skills' steps and the paths' requirements."""
    return {
        "id": "generated",
        "version": "1",
        "name": "Generated for property tests",
        "levels": [{"level": n, "name": f"L{n}", "meaning": f"Level {n}."} for n in range(top + 1)],
        "areas": [{"id": "all", "name": "All"}],
        "skills": [
            {
                "id": skill["id"],
                "name": skill["id"].upper(),
                "area": "all",
                "description": "A generated skill.",
                "levels": {n: f"Does level {n} things." for n in range(1, top + 1)},
                "steps": skill["steps"],
                "questions": [
                    {
                        "id": f"{skill['id']}-{n}",
                        "level": 1,
                        "prompt": "Which?",
                        "options": [{"text": "yes", "correct": True}, {"text": "no"}],
                        "explanation": "Because.",
                    }
                    for n in (1, 2)
                ],
            }
            for skill in skills
        ],
        "paths": paths,
    }


@st.composite
def worlds(draw: st.DrawFn) -> tuple[Taxonomy, dict[str, int]]:
    """A random valid taxonomy (prerequisites only on earlier skills, so never a cycle) and levels."""
    top = draw(st.integers(2, 4))
    count = draw(st.integers(1, 6))
    ids = [f"s{i}" for i in range(count)]
    skills = []
    for index, skill_id in enumerate(ids):
        steps = {}
        for level in range(1, top + 1):
            earlier = ids[:index]
            needed = draw(st.lists(st.sampled_from(earlier), unique=True, max_size=2)) if earlier else []
            steps[level] = {
                "hours": draw(st.integers(1, 300)),
                "basis": "Generated.",
                "requires": [{"skill": s, "level": draw(st.integers(1, top))} for s in needed],
            }
        skills.append({"id": skill_id, "steps": steps})
    paths = []
    for p in range(draw(st.integers(1, 3))):
        required = draw(st.lists(st.sampled_from(ids), unique=True, min_size=1))
        paths.append(
            {
                "id": f"p{p}",
                "name": f"Path {p}",
                "description": "A generated path.",
                "requires": [
                    {"skill": s, "level": draw(st.integers(1, top)), "weight": draw(st.integers(1, 5))}
                    for s in required
                ],
            }
        )
    taxonomy = Taxonomy.model_validate(taxonomy_dict(top, skills, paths))
    assert list(cross_check(taxonomy)) == []
    levels = {skill_id: draw(st.integers(0, top)) for skill_id in ids}
    return taxonomy, levels


@st.composite
def cases(draw: st.DrawFn) -> tuple[Taxonomy, dict[str, int], CareerPath]:
    taxonomy, levels = draw(worlds())
    return taxonomy, levels, draw(st.sampled_from(taxonomy.paths))


@pytest.fixture(scope="module")
def shipped_taxonomy(shipped: LoadedTaxonomy) -> Taxonomy:
    return shipped.taxonomy


def shipped_cases(taxonomy: Taxonomy) -> st.SearchStrategy[tuple[Taxonomy, dict[str, int], CareerPath]]:
    levels = st.fixed_dictionaries({s.id: st.integers(0, taxonomy.top_level) for s in taxonomy.skills})
    return st.tuples(st.just(taxonomy), levels, st.sampled_from(taxonomy.paths))


def assert_in_order(taxonomy: Taxonomy, levels: dict[str, int], plan: LearningPlan) -> dict[str, int]:
    """Walk the plan: every step starts at the level below it with its prerequisites reached."""
    reached = dict(levels)
    for step in plan.steps:
        assert reached[step.skill.id] == step.level - 1, (step.skill.id, step.level)
        for needed in taxonomy.skills_by_id[step.skill.id].steps[step.level].requires:
            assert reached[needed.skill] >= needed.level, (step.skill.id, step.level, needed)
        reached[step.skill.id] = step.level
    return reached


def check_every_property(case: tuple[Taxonomy, dict[str, int], CareerPath], per_week: int, raise_by: int) -> None:
    taxonomy, levels, career = case
    plan = learning_plan(taxonomy, levels, career)

    # No step is scheduled before its prerequisites (or before the level below it).
    reached = assert_in_order(taxonomy, levels, plan)

    # Readiness after the whole plan is 100 for the chosen path, and the path is met.
    assert meets(career, reached)
    assert readiness_at(career, reached) == pytest.approx(100)
    if plan.steps:
        assert plan.steps[-1].readiness_after == pytest.approx(100)

    # A person who already meets the path gets an empty plan (and only such a person).
    assert (plan.steps == ()) == meets(career, levels)

    # The plan's hours add up to the sum of its steps; the weeks hold exactly those hours,
    # never more than the budget in a week, and every step's hours in full.
    assert plan.hours == sum(step.hours for step in plan.steps)
    assert hours_to_meet(taxonomy, levels, career) == plan.hours
    schedule = weeks(plan, per_week)
    assert all(week.hours <= per_week + 1e-9 for week in schedule)
    assert sum(week.hours for week in schedule) == pytest.approx(plan.hours)
    assert len(schedule) == total_weeks(plan, per_week)
    for index, step in enumerate(plan.steps):
        assert sum(h for week in schedule for i, h in week.parts if i == index) == pytest.approx(step.hours)
    spans = week_span(plan, per_week)
    assert all(a <= b for a, b in spans) and spans == sorted(spans)
    # A check-in after each skill's last step, and no more than CHECK_IN_HOURS of study without one.
    flags = check_ins(plan)
    last = {step.skill.id: index for index, step in enumerate(plan.steps)}
    assert all(flags[index] for index in last.values())
    since = 0
    for step, flag in zip(plan.steps, flags, strict=True):
        since = 0 if flag else since + step.hours
        assert since < CHECK_IN_HOURS
    # Readiness never falls as the plan goes on, and counts finished steps only.
    assert readiness_after_hours(plan, 0) == plan.readiness_now
    assert readiness_after_hours(plan, plan.hours) == pytest.approx(100 if plan.steps else plan.readiness_now)
    afters = [plan.readiness_now] + [step.readiness_after for step in plan.steps]
    assert afters == sorted(afters)

    # Raising any current level never makes the plan longer, in hours or in steps.
    top = taxonomy.top_level
    for skill_id, level in levels.items():
        higher = dict(levels, **{skill_id: min(top, level + raise_by)})
        raised = learning_plan(taxonomy, higher, career)
        assert raised.hours <= plan.hours, (skill_id, level)
        assert len(raised.steps) <= len(plan.steps), (skill_id, level)


@PROPERTY_SETTINGS
@given(case=cases(), per_week=st.integers(1, 40), raise_by=st.integers(1, 4))
def test_plans_over_random_taxonomies_keep_every_property(
    case: tuple[Taxonomy, dict[str, int], CareerPath], per_week: int, raise_by: int
) -> None:
    check_every_property(case, per_week, raise_by)


@settings(PROPERTY_SETTINGS, max_examples=60)
@given(data=st.data(), per_week=st.integers(1, 40), raise_by=st.integers(1, 4))
def test_plans_over_the_shipped_taxonomy_keep_every_property(
    shipped_taxonomy: Taxonomy, data: st.DataObject, per_week: int, raise_by: int
) -> None:
    check_every_property(data.draw(shipped_cases(shipped_taxonomy)), per_week, raise_by)


def small(steps: dict[str, dict[int, dict[str, Any]]], requires: list[tuple[str, int, int]]) -> Taxonomy:
    document = taxonomy_dict(
        2,
        [{"id": s, "steps": given_steps} for s, given_steps in steps.items()],
        [
            {
                "id": "goal",
                "name": "Goal",
                "description": "A path.",
                "requires": [{"skill": s, "level": lvl, "weight": w} for s, lvl, w in requires],
            }
        ],
    )
    return Taxonomy.model_validate(document)


def step(hours: int, *needs: tuple[str, int]) -> dict[str, Any]:
    return {"hours": hours, "basis": "Test.", "requires": [{"skill": s, "level": lvl} for s, lvl in needs]}


def order(plan: LearningPlan) -> list[tuple[str, int]]:
    return [(s.skill.id, s.level) for s in plan.steps]


def test_among_ready_steps_the_most_readiness_per_hour_comes_first() -> None:
    taxonomy = small(
        {"slow": {1: step(10), 2: step(10)}, "quick": {1: step(2), 2: step(40)}},
        [("slow", 1, 1), ("quick", 1, 1)],
    )
    plan = learning_plan(taxonomy, {"slow": 0, "quick": 0}, taxonomy.paths[0])
    assert order(plan) == [("quick", 1), ("slow", 1)]
    assert [s.readiness_after for s in plan.steps] == [50, 100]


def test_a_prerequisite_counts_with_the_step_it_opens() -> None:
    # "base" adds nothing on its own, but with "big" (which needs it) it gives 5/6 of the path in
    # 10 hours; "small" alone gives 1/6 in 3 hours. The pair goes first, the prerequisite first.
    taxonomy = small(
        {
            "base": {1: step(5), 2: step(5)},
            "big": {1: step(5, ("base", 1)), 2: step(5)},
            "small": {1: step(3), 2: step(5)},
        },
        [("big", 1, 5), ("small", 1, 1)],
    )
    plan = learning_plan(taxonomy, {"base": 0, "big": 0, "small": 0}, taxonomy.paths[0])
    assert order(plan) == [("base", 1), ("big", 1), ("small", 1)]
    assert [s.for_path for s in plan.steps] == [False, True, True]


def test_levels_already_reached_need_no_step_and_satisfy_prerequisites() -> None:
    taxonomy = small(
        {"base": {1: step(5), 2: step(5)}, "top": {1: step(5), 2: step(7, ("base", 2))}},
        [("top", 2, 1)],
    )
    plan = learning_plan(taxonomy, {"base": 2, "top": 1}, taxonomy.paths[0])
    assert order(plan) == [("top", 2)]
    assert plan.hours == 7


def test_weeks_split_a_long_step_and_share_a_week_between_short_ones() -> None:
    taxonomy = small({"a": {1: step(9), 2: step(2)}, "b": {1: step(2), 2: step(2)}}, [("a", 2, 1)])
    plan = learning_plan(taxonomy, {"a": 0, "b": 0}, taxonomy.paths[0])
    assert [w.parts for w in weeks(plan, 4)] == [((0, 4.0),), ((0, 4.0),), ((0, 1.0), (1, 2.0))]
    assert week_span(plan, 4) == [(1, 3), (3, 3)]
    assert readiness_after_hours(plan, 10) == 50  # the second step is not finished after 10 hours
    assert readiness_after_hours(plan, 11) == 100


def test_a_step_without_an_effort_estimate_is_named_in_the_error() -> None:
    taxonomy = small({"a": {1: {"requires": []}, 2: step(2)}, "b": {1: step(2), 2: step(2)}}, [("a", 2, 1)])
    with pytest.raises(PlanError, match="no effort estimate for 1 step\\(s\\) this plan needs: a level 1"):
        learning_plan(taxonomy, {"a": 0, "b": 0}, taxonomy.paths[0])
    assert hours_to_meet(taxonomy, {"a": 0, "b": 0}, taxonomy.paths[0]) is None
    # A person past that step needs no estimate of it.
    assert hours_to_meet(taxonomy, {"a": 1, "b": 0}, taxonomy.paths[0]) == 2


def test_the_shipped_plan_for_a_beginner_learns_the_prerequisites_of_deep_learning_first(
    shipped_taxonomy: Taxonomy,
) -> None:
    beginner = {s.id: 0 for s in shipped_taxonomy.skills}
    plan = learning_plan(shipped_taxonomy, beginner, shipped_taxonomy.path("ml-engineer"))
    steps = order(plan)
    at = steps.index(("deep-learning", 2))
    for needed in [("linear-algebra", 2), ("calculus-optimisation", 1), ("python", 2)]:
        assert steps.index(needed) < at
