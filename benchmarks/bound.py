"""The least level error any quiz could reach for someone whose claims say nothing, per check budget.

A person who claims the top level everywhere gives no information in the claim, and in the
simulation their true levels are uniform and independent across skills, so each skill must be
measured from its own checks alone. This script works out, by exact dynamic programming over
every sequence of answers, the best any adaptive policy could do: which level to check next, and
when to stop, chosen with full knowledge of the true response curve, with the same cap per skill
as the quiz, and the level reported at the end the one that leaves the least expected error (the
median of what the answers say, read through the true curve). The report gives the most likely
level instead, read through the estimator's own curve, so this is a floor for that too: no quiz,
whatever level it reports from the same answers, does better on average.

Mixing two policies spends any average number of checks in between, so the bound at an average
is the lower convex hull of (checks, error) over all stopping costs.

    python benchmarks/bound.py                 # every response model in simulate.py, the quiz's cap and budget
    python benchmarks/bound.py --cap 6
    python benchmarks/bound.py --options 5     # as if every question had five options, not four

It prints the bound at the quiz's budget per skill and the checks per skill needed for a target
error, and beside the bound what the quiz's own way gets from the same budget: each check chosen
by the estimator's entropy rule and read through the estimator's curve, shared out evenly (two or
three per skill, as the quiz paces them), or with each skill stopped at the best moment by the
estimator's own belief (docs/scoring.md quotes one run).
"""

from __future__ import annotations

import argparse
import functools
import itertools
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from simulate import MODELS
from skillcheck.measure.estimate import (
    LevelEstimate,
    Response,
    ResponseOutcome,
    best_levels,
    likelihood,
    response_likelihood,
)
from skillcheck.measure.quizplan import CHECK_CAP, SECONDS_PER_CHECK, SECONDS_PER_RATING, SECONDS_PER_SKILL

Curve = Callable[[int, int, int], float]  # (true level, item level, options) -> P(right)


def _least_error(joint: Sequence[float]) -> float:
    """Expected |true level - reported level| for the best level to report, times P(history)."""
    return min(sum(p * abs(level - reported) for level, p in enumerate(joint)) for reported in range(len(joint)))


def best_policy(
    joint: tuple[float, ...], depth: int, cap: int, cost: float, curve: Curve, options: int
) -> tuple[float, float]:
    """(error, checks) of the policy minimising error + cost x checks from this history on.

    `joint` is P(true level, answers so far), unnormalised, so the figures returned are already
    weighted by how likely this history is.
    """
    stop = (_least_error(joint), 0.0)
    if depth == cap:
        return stop
    mass = sum(joint)
    best = stop
    for item in range(1, len(joint)):
        right = tuple(p * curve(level, item, options) for level, p in enumerate(joint))
        wrong = tuple(p - r for p, r in zip(joint, right, strict=True))
        error, checks = 0.0, mass  # this check is asked whatever the answers so far
        for branch in (right, wrong):
            if sum(branch) > 0:
                e, c = best_policy(branch, depth + 1, cap, cost, curve, options)
                error += e
                checks += c
        if error + cost * checks < best[0] + cost * best[1] - 1e-12:
            best = (error, checks)
    return best


def frontier(top: int, cap: int, curve: Curve, options: int = 4) -> list[tuple[float, float]]:
    """The lower convex hull of (checks per skill, mean error) over stopping costs."""
    prior = tuple([1.0 / (top + 1)] * (top + 1))
    points = {(0.0, _least_error(prior))}
    for cost in _stopping_costs():
        error, checks = best_policy(prior, 0, cap, cost, curve, options)
        points.add((round(checks, 9), round(error, 9)))
    return _lower_hull(points)


def _stopping_costs() -> Iterator[float]:
    """Costs per check from nearly free to more than any check is worth, each 15% above the last:
    one policy per cost, and the hull mixes neighbouring ones."""
    cost = 0.001
    while cost < 3:
        yield cost
        cost *= 1.15


def _lower_hull(points: set[tuple[float, float]]) -> list[tuple[float, float]]:
    """The lower convex hull of (checks, error) points: mixing two policies reaches any chord."""
    hull: list[tuple[float, float]] = []
    for point in sorted(points):
        while len(hull) >= 2:
            (x1, y1), (x2, y2) = hull[-2], hull[-1]
            if (x2 - x1) * (point[1] - y1) - (y2 - y1) * (point[0] - x1) <= 0:
                hull.pop()  # the middle point lies on or above the chord: a mix does better
            else:
                break
        hull.append(point)
    return hull


def error_at(hull: Sequence[tuple[float, float]], checks: float) -> float:
    """The least mean error reachable with `checks` per skill on average."""
    for (x1, y1), (x2, y2) in itertools.pairwise(hull):
        if x1 <= checks <= x2:
            return y1 + (y2 - y1) * (checks - x1) / (x2 - x1)
    return hull[-1][1]


def checks_for(hull: Sequence[tuple[float, float]], error: float) -> float | None:
    """The fewest checks per skill on average with which `error` is reachable, if any."""
    for (x1, y1), (x2, y2) in itertools.pairwise(hull):
        if y1 >= error >= y2:
            return x1 + (x2 - x1) * (y1 - error) / (y1 - y2)
    return None


History = tuple[tuple[int, ResponseOutcome], ...]  # a skill's answers so far, in a canonical order


def _then(history: History, level: int, outcome: ResponseOutcome) -> History:
    """The history after one more answer: sorted, since the order of answers does not change what they say."""
    return tuple(sorted((*history, (level, outcome))))


class QuizWay:
    """How the quiz itself reads and chooses checks for a claim that says nothing: from a uniform
    prior, each answer read through the estimator's curve, each check where the estimator's
    entropy rule sends it (ties shared), the most likely level reported."""

    def __init__(self, top: int, options: int = 4) -> None:
        self.top = top
        self.options = options
        self.beliefs: dict[History, tuple[float, ...]] = {}
        self.choices: dict[History, list[int]] = {}

    def belief(self, history: History) -> tuple[float, ...]:
        known = self.beliefs.get(history)
        if known is None:
            # A uniform prior times the estimator's own likelihood of these answers.
            values = likelihood(self.top, (Response(level, self.options, outcome) for level, outcome in history))
            known = self.beliefs[history] = tuple(v / sum(values) for v in values)
        return known

    def next_levels(self, history: History) -> list[int]:
        known = self.choices.get(history)
        if known is None:
            known = self.choices[history] = best_levels(self.belief(history), range(1, self.top + 1), self.options)
        return known

    def level(self, history: History) -> int:
        return LevelEstimate(None, self.belief(history), len(history)).level

    def run(self, curve: Curve, stops: Callable[[History], bool]) -> tuple[float, float]:
        """(mean error, mean checks) over true levels uniform 0..top, answers drawn from `curve`,
        each skill stopping where `stops` says."""

        def walk(true: int, history: History, weight: float) -> tuple[float, float]:
            if stops(history):
                return weight * abs(true - self.level(history)), 0.0
            levels = self.next_levels(history)
            error, checks = 0.0, weight
            for level in levels:
                p_right = curve(true, level, self.options)
                answers: tuple[tuple[ResponseOutcome, float], ...] = (("right", p_right), ("wrong", 1 - p_right))
                for outcome, p in answers:
                    e, c = walk(true, _then(history, level, outcome), weight * p / len(levels))
                    error += e
                    checks += c
            return error, checks

        results = [walk(true, (), 1.0 / (self.top + 1)) for true in range(self.top + 1)]
        return sum(e for e, _ in results), sum(c for _, c in results)


def fixed_checks(top: int, checks: int, curve: Curve, options: int = 4) -> float:
    """Mean error of the quiz's way when every skill gets exactly `checks` checks."""
    return QuizWay(top, options).run(curve, lambda history: len(history) >= checks)[0]


def quiz_way_frontier(top: int, cap: int, curve: Curve, options: int = 4) -> list[tuple[float, float]]:
    """(checks, error) hull of the quiz's way when each skill instead stops at the best moment for
    a cost per check, judged (as the quiz would have to) by the estimator's own belief: which part
    of the bound's lead is stopping, and which is the choice of checks and how they are read."""
    way = QuizWay(top, options)
    points = {(0.0, way.run(curve, lambda history: True)[0])}
    for cost in _stopping_costs():
        # A plan per cost: the default argument binds this round's cost to this round's cache.
        @functools.cache
        def go_on(history: History, cost: float = cost) -> tuple[bool, float]:
            """Whether one more check is worth its cost by the belief, and the expected cost to go."""
            belief = way.belief(history)
            stay = sum(p * abs(level - way.level(history)) for level, p in enumerate(belief))
            if len(history) >= cap:
                return False, stay
            levels = way.next_levels(history)
            value = cost
            for level in levels:
                right = response_likelihood(top, Response(level, options, "right"))
                p_right = sum(b * r for b, r in zip(belief, right, strict=True))
                answers: tuple[tuple[ResponseOutcome, float], ...] = (("right", p_right), ("wrong", 1 - p_right))
                for outcome, p in answers:
                    value += p * go_on(_then(history, level, outcome))[1] / len(levels)
            return value < stay - 1e-12, min(value, stay)

        error, checks = way.run(curve, lambda history: not go_on(history)[0])
        points.add((round(checks, 9), round(error, 9)))
    return _lower_hull(points)


def even_split(top: int, budget: float, curve: Curve, options: int = 4) -> float:
    """Mean error when the checks are shared out evenly, floor(budget) or one more per skill in
    the proportion that spends `budget` on average (the quiz's pacing), whatever the answers."""
    low = int(budget)
    share = budget - low
    return (1 - share) * fixed_checks(top, low, curve, options) + share * fixed_checks(top, low + 1, curve, options)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=4, help="the top level (levels are 0..top)")
    parser.add_argument("--cap", type=int, default=CHECK_CAP[False], help="checks per skill at most")
    parser.add_argument("--target", type=float, default=0.6, help="a level error to find the checks for")
    parser.add_argument(
        "--options",
        type=int,
        default=4,
        help="options per question (the shipped bank has four: a guess is right one time in four)",
    )
    args = parser.parse_args()
    if args.options < 2:
        parser.error("--options must be at least 2")
    budget = (SECONDS_PER_SKILL[False] - SECONDS_PER_RATING) / SECONDS_PER_CHECK
    print(
        f"Least level error for a taker whose claims say nothing (true levels uniform 0-{args.top}), "
        f"at most {args.cap} checks per skill, {args.options} options, the simulation's response models."
    )
    print()
    print(
        f"| response model | at {budget:.2f} checks per skill (the quiz's budget) | the same checks shared "
        f"evenly, chosen and read as the quiz does | chosen and read so, each skill stopped at the best moment | "
        f"at 3.00 | checks for {args.target} |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for name, curve in MODELS.items():
        hull = frontier(args.top, args.cap, curve, args.options)
        needed = checks_for(hull, args.target)
        print(
            f"| {name} | {error_at(hull, budget):.3f} | {even_split(args.top, budget, curve, args.options):.3f} | "
            f"{error_at(quiz_way_frontier(args.top, args.cap, curve, args.options), budget):.3f} | "
            f"{error_at(hull, 3.0):.3f} | "
            f"{'not reachable' if needed is None else f'{needed:.2f}'} |"
        )


if __name__ == "__main__":
    main()
