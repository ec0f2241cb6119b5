"""benchmarks/bound.py: the least level error any quiz could reach, by exact dynamic programming."""

from __future__ import annotations

import itertools

import pytest
from testfiles import load_benchmark

bound = load_benchmark("bound")
simulate = load_benchmark("simulate")


def perfect(true: int, level: int, options: int) -> float:
    """An item everyone at or above its level answers right, and nobody below it."""
    return 1.0 if true >= level else 0.0


def test_with_no_check_the_best_guess_of_a_uniform_prior_is_the_middle_level() -> None:
    hull = bound.frontier(4, 4, perfect)
    # Level 2 is on average (2 + 1 + 0 + 1 + 2) / 5 levels from a uniform 0..4; level 0 would be 2.
    assert bound.error_at(hull, 0.0) == pytest.approx(1.2)


def test_perfect_items_find_any_of_five_levels_with_three_checks() -> None:
    """A binary search over 0..4 needs at most three questions, 2.4 on average."""
    hull = bound.frontier(4, 4, perfect)
    assert bound.error_at(hull, 2.4) == pytest.approx(0.0, abs=1e-9)
    assert bound.checks_for(hull, 0.0) == pytest.approx(2.4, abs=1e-6)
    assert bound.error_at(hull, 1.0) > 0.5


@pytest.mark.parametrize("model", sorted(simulate.MODELS))
def test_more_checks_never_raise_the_least_error(model: str) -> None:
    hull = bound.frontier(4, 3, simulate.MODELS[model])
    errors = [bound.error_at(hull, x / 4) for x in range(13)]
    assert all(later <= earlier + 1e-12 for earlier, later in itertools.pairwise(errors))
    assert errors[-1] < errors[0]


@pytest.mark.parametrize("model", sorted(simulate.MODELS))
def test_a_fifth_option_lowers_the_least_error_as_lucky_guesses_get_rarer(model: str) -> None:
    four = bound.frontier(4, 3, simulate.MODELS[model], 4)
    five = bound.frontier(4, 3, simulate.MODELS[model], 5)
    assert bound.error_at(five, 2.0) < bound.error_at(four, 2.0) - 0.02


def test_guessing_and_slips_cost_accuracy_that_perfect_items_do_not() -> None:
    noisy = bound.frontier(4, 3, simulate.MODELS["step"])
    clean = bound.frontier(4, 3, perfect)
    assert bound.error_at(noisy, 2.0) > bound.error_at(clean, 2.0) + 0.2
    # An error no policy reaches within the cap has no check count.
    assert bound.checks_for(noisy, 0.0) is None


def test_checks_shared_evenly_as_the_quiz_chooses_them_find_perfect_items_level_with_three() -> None:
    """With no check the most likely level of a uniform prior is level 0 (two levels off on
    average); the estimator's entropy rule then halves what is left, so three checks suffice."""
    assert bound.fixed_checks(4, 0, perfect) == pytest.approx(2.0)
    assert bound.fixed_checks(4, 1, perfect) > bound.fixed_checks(4, 2, perfect) > 0
    assert bound.fixed_checks(4, 3, perfect) == pytest.approx(0.0, abs=1e-9)


@pytest.mark.parametrize("model", ["step", "smooth"])
def test_an_even_share_of_checks_does_no_better_than_the_best_policy(model: str) -> None:
    curve = simulate.MODELS[model]
    hull = bound.frontier(4, 4, curve)
    for budget in (1.5, 2.0, 2.57, 3.0):
        assert bound.even_split(4, budget, curve) >= bound.error_at(hull, budget) - 1e-9


@pytest.mark.parametrize("model", ["step", "smooth"])
def test_stopping_each_skill_at_the_best_moment_beats_an_even_share_but_not_the_bound(model: str) -> None:
    curve = simulate.MODELS[model]
    best = bound.error_at(bound.frontier(4, 4, curve), 2.57)
    stopped = bound.error_at(bound.quiz_way_frontier(4, 4, curve), 2.57)
    assert best - 1e-9 <= stopped < bound.even_split(4, 2.57, curve)
