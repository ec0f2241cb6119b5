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

It prints the bound at the quiz's budget per skill and the checks per skill needed for a target
error, and beside the bound what the quiz's own way gets from the same budget: the checks shared
out evenly (two or three per skill), each chosen by the estimator's entropy rule and read through
the estimator's curve (docs/scoring.md quotes one run).
"""

from __future__ import annotations

import argparse
import itertools
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from simulate import MODELS
from skillcheck.estimate import LevelEstimate, Outcome, Response, best_levels, response_likelihood
from skillcheck.quiz import CHECK_CAP, SECONDS_PER_CHECK, SECONDS_PER_RATING, SECONDS_PER_SKILL

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
    cost = 0.001
    while cost < 3:
        error, checks = best_policy(prior, 0, cap, cost, curve, options)
        points.add((round(checks, 9), round(error, 9)))
        cost *= 1.15
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


def fixed_checks(top: int, checks: int, curve: Curve, options: int = 4) -> float:
    """Mean error when every skill gets exactly `checks` checks, each where the estimator's own
    entropy rule sends it (ties shared), read by the estimator's own curve and most likely level,
    starting from a uniform prior: the quiz's way for a claim that says nothing."""

    def walk(true: int, belief: tuple[float, ...], weight: float, left: int) -> float:
        if left == 0:
            return weight * abs(true - LevelEstimate(None, belief, checks).level)
        levels = best_levels(belief, range(1, top + 1), options)
        total = 0.0
        for level in levels:
            p_right = curve(true, level, options)
            answers: tuple[tuple[Outcome, float], ...] = (("right", p_right), ("wrong", 1 - p_right))
            for outcome, p in answers:
                read = response_likelihood(top, Response(level, options, outcome))
                after = tuple(b * r for b, r in zip(belief, read, strict=True))
                mass = sum(after)
                total += walk(true, tuple(a / mass for a in after), weight * p / len(levels), left - 1)
        return total

    uniform = tuple([1.0 / (top + 1)] * (top + 1))
    return sum(walk(true, uniform, 1.0 / (top + 1), checks) for true in range(top + 1))


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
    args = parser.parse_args()
    budget = (SECONDS_PER_SKILL[False] - SECONDS_PER_RATING) / SECONDS_PER_CHECK
    print(
        f"Least level error for a taker whose claims say nothing (true levels uniform 0-{args.top}), "
        f"at most {args.cap} checks per skill, four options, the simulation's response models."
    )
    print()
    print(
        f"| response model | at {budget:.2f} checks per skill (the quiz's budget) | the same checks shared "
        f"evenly, chosen and read as the quiz does | at 3.00 | checks for {args.target} |"
    )
    print("|---|---:|---:|---:|---:|")
    for name, curve in MODELS.items():
        hull = frontier(args.top, args.cap, curve)
        needed = checks_for(hull, args.target)
        print(
            f"| {name} | {error_at(hull, budget):.3f} | {even_split(args.top, budget, curve):.3f} | "
            f"{error_at(hull, 3.0):.3f} | "
            f"{'not reachable' if needed is None else f'{needed:.2f}'} |"
        )


if __name__ == "__main__":
    main()
