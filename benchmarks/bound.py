"""The least level error any quiz could reach for someone whose claims say nothing, per check budget.

A person who claims the top level everywhere gives no information in the claim, and in the
simulation their true levels are uniform and independent across skills, so each skill must be
measured from its own checks alone. This script works out, by exact dynamic programming over
every sequence of answers, the best any adaptive policy could do: which level to check next, and
when to stop, chosen with full knowledge of the true response curve, with the same cap per skill
as the quiz and the evidenced level taken as the most likely one (as the report does).

Mixing two policies spends any average number of checks in between, so the bound at an average
is the lower convex hull of (checks, error) over all stopping costs.

    python benchmarks/bound.py                 # every response model in simulate.py, the quiz's cap and budget
    python benchmarks/bound.py --cap 6

It prints the bound at the quiz's budget per skill and the checks per skill needed for a target
error (docs/scoring.md quotes one run).
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
from skillcheck.quiz import CHECK_CAP, SECONDS_PER_CHECK, SECONDS_PER_RATING, SECONDS_PER_SKILL

Curve = Callable[[int, int, int], float]  # (true level, item level, options) -> P(right)


def _error_of_mode(joint: Sequence[float]) -> float:
    """Expected |true level - most likely level| (ties to the lower level), times P(history)."""
    best = max(joint)
    mode = next(level for level, p in enumerate(joint) if p >= best - 1e-15)
    return sum(p * abs(level - mode) for level, p in enumerate(joint))


def best_policy(
    joint: tuple[float, ...], depth: int, cap: int, cost: float, curve: Curve, options: int
) -> tuple[float, float]:
    """(error, checks) of the policy minimising error + cost x checks from this history on.

    `joint` is P(true level, answers so far), unnormalised, so the figures returned are already
    weighted by how likely this history is.
    """
    stop = (_error_of_mode(joint), 0.0)
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
    points = {(0.0, _error_of_mode(prior))}
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
        f"| response model | at {budget:.2f} checks per skill (the quiz's budget) | at 3.00 | "
        f"checks for {args.target} |"
    )
    print("|---|---:|---:|---:|")
    for name, curve in MODELS.items():
        hull = frontier(args.top, args.cap, curve)
        needed = checks_for(hull, args.target)
        print(
            f"| {name} | {error_at(hull, budget):.3f} | {error_at(hull, 3.0):.3f} | "
            f"{'not reachable' if needed is None else f'{needed:.2f}'} |"
        )


if __name__ == "__main__":
    main()
