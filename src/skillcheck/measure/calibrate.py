"""Item calibration: every question's difficulty and slope, fitted from the answers people gave.

The curve is the estimator's own (estimate.py), with a difficulty `d` on the level scale in place
of the level tag and a slope `a` that multiplies STEEPNESS:

    P(right | level L) = g + (1 - SLIP - g) * sigmoid(STEEPNESS * a * (L + 0.5 - d)),  g = 1/options

Each (assessment, skill) has a latent level 0..top; its prior is P(level | self-rating), learned
per skill and drawn towards all skills' (PRIOR_POOLING). EM alternates the posterior of every
latent level with Fisher-scoring steps on each item's (d, a), under priors d ~ N(tag, DIFFICULTY_SD)
and a ~ N(1, SLOPE_SD): the tags anchor the scale, and an item with few answers stays near its tag.
docs/scoring.md ("Calibration") has the measurements behind the constants.

numpy is imported here only: commands that do not calibrate never load it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from skillcheck.measure.estimate import SLIP, STEEPNESS

DIFFICULTY_SD = 0.5  # how far from its tag an item's difficulty goes on little evidence
SLOPE_SD = 0.25  # and its slope from the bank's common slope (one item's slope is noisy: see scoring.md)
SLOPE_BOUNDS = (-2.0, 3.0)
PRIOR_POOLING = 5.0  # each skill's P(level | rating) borrows five people from all skills'
ITERATIONS = 60
TOLERANCE = 1e-4  # largest change of any difficulty or slope that still counts as moving

# Item fit: what gets an item flagged (docs/scoring.md, "Calibration", has the simulation behind them).
MIN_ANSWERS = 10  # fewer answers than this: too rarely answered to judge
# Mis-levelled: the item's answers, each read against the level the person's other answers give, are
# at least e**MISLEVEL_LR (about 20) times likelier with the item at a neighbouring level's place than
# at its own level's. A level's place is the median difficulty of the items tagged with it whose
# answers are at least as likely there as at a neighbour's (ANCHOR_ROUNDS rounds, from the tags):
# mis-tagged items bend the fitted scale, and a fixed distance from the tag flagged the well-tagged
# items it squeezed (docs/scoring.md).
MISLEVEL_LR = 3.0
# ... and past this many answers the threshold grows with their square root: a curve that is not
# quite the model's makes every item's ratio grow with its answers, a real mis-tag's much faster.
MISLEVEL_ANSWERS = 40
ANCHOR_ROUNDS = 5
PURIFY_ROUNDS = 2  # refits with the items found mis-levelled put at the level found
PURIFY_ITERATIONS = 20  # EM rounds of each refit, begun from the fit before (time: see scoring.md)
ANCHOR_ANSWERS = 15  # answers an item needs to help place its level
PROFILE_START, PROFILE_STEP = -0.5, 0.1  # the difficulties each item's likelihood is taken at
# Low discrimination: people at or above the tag do no better than those below it (SPLIT_MIN of each
# at least), and right answers go against the level the person's other answers give (a negative
# correlation), and the fitted slope is below LOW_SLOPE.
LOW_SLOPE = 0.2
SPLIT_MIN = 5
CUE_BELOW = 2  # "far below" the item: at least two levels under its tag
CUE_SURE = 0.8  # how sure the rest of the evidence must be that a person is that far below
CUE_MIN = 10  # answers from people far below needed to call a cue
CUE_EXCESS = 0.2  # their right answers above chance, at least
CUE_Z = 3.0  # and that many standard errors above it

FlagKind = Literal["level", "discrimination", "cue", "rare"]


@dataclass(frozen=True)
class ItemInfo:
    """A question as the fit sees it."""

    id: str
    skill: str
    level: int  # its tag
    options: int


@dataclass(frozen=True)
class Unit:
    """One assessment's answers to one skill: its rating, and (item index, answered right) pairs."""

    assessment: int
    skill: int
    claim: int | None
    answers: tuple[tuple[int, bool], ...]


@dataclass(frozen=True)
class ItemFit:
    """An item's fitted parameters and the evidence item fit reads."""

    difficulty: float
    slope: float
    difficulty_se: float
    slope_se: float
    answers: int
    assessments: int
    right: int
    rest_correlation: float | None  # right answers against the person's level from their other evidence
    below: tuple[int, int] = (0, 0)  # (answers, right) of people below the item's tag
    at_or_above: tuple[int, int] = (0, 0)  # (answers, right) of people at or above it
    far_below: tuple[int, int] = (0, 0)  # (answers, right) of people CUE_BELOW or more under it
    # Log-likelihood of its answers (each against the person's other evidence) at difficulties
    # PROFILE_START, + PROFILE_STEP, ... up to top + 1.5, with its own slope.
    profile: tuple[float, ...] = ()


@dataclass(frozen=True)
class Fit:
    items: tuple[ItemFit, ...]  # in the order of the items given
    iterations: int
    converged: bool
    assessments: int
    answers: int
    level_prior: list[list[list[float]]] = field(default_factory=list)  # [skill][claim or top+1][level]


def fit_items(
    top: int,
    items: Sequence[ItemInfo],
    skills: int,
    units: Sequence[Unit],
    centres: Mapping[int, float] | None = None,
    start: Fit | None = None,
    iterations: int = ITERATIONS,
) -> Fit:
    """Fit every item's difficulty and slope from the units' answers (EM, see the module's docstring).

    `centres`: items whose difficulty's prior is centred elsewhere than their tag (see fit_and_flag);
    `start`: a fit to begin from instead of the tags."""
    levels = np.arange(top + 1, dtype=float)
    size = top + 1
    claims = top + 2  # 0..top, and one row for a skill answered without a rating
    answered = [unit for unit in units if unit.answers]
    count = len(answered)
    answer_unit = np.fromiter((u for u, unit in enumerate(answered) for _ in unit.answers), dtype=np.int64, count=-1)
    answer_item = np.fromiter((i for unit in answered for i, _ in unit.answers), dtype=np.int64, count=-1)
    right = np.fromiter((r for unit in answered for _, r in unit.answers), dtype=float, count=-1)
    unit_skill = np.array([unit.skill for unit in answered], dtype=np.int64)
    unit_claim = np.array([top + 1 if unit.claim is None else unit.claim for unit in answered], dtype=np.int64)
    unit_cell = unit_skill * claims + unit_claim
    tag = np.array([(centres or {}).get(index, item.level) for index, item in enumerate(items)], dtype=float)
    guess = 1.0 / np.maximum(np.array([item.options for item in items], dtype=float), 2.0)
    n_items = len(items)
    counts_per_item = np.bincount(answer_item, minlength=n_items).astype(float)

    difficulty = tag.copy() if start is None else np.array([f.difficulty for f in start.items])
    slope = np.ones(n_items) if start is None else np.array([f.slope for f in start.items])
    prior = np.full((skills * claims, size), 1.0 / size)
    g = guess[answer_item][:, None]
    scale = (1.0 - SLIP) - g
    y = right[:, None]
    converged = False
    posterior = np.full((count, size), 1.0 / size)
    answer_ll = np.zeros((len(right), size))
    rounds = 0
    for rounds in range(1, iterations + 1):  # noqa: B007  # the count is reported
        d = difficulty[answer_item][:, None]
        a = slope[answer_item][:, None]
        distance = levels[None, :] + 0.5 - d
        knows = _sigmoid(STEEPNESS * a * distance)
        p = np.clip(g + scale * knows, 1e-9, 1 - 1e-9)
        answer_ll = np.where(y > 0.5, np.log(p), np.log1p(-p))
        unit_ll = _sum_by(answer_unit, answer_ll, count)
        posterior = _softmax(unit_ll + np.log(prior[unit_cell]))
        # P(level | rating): per skill, drawn towards every skill's.
        counts = _sum_by(unit_cell, posterior, skills * claims).reshape(skills, claims, size)
        pooled = counts.sum(axis=0) + 1.0
        pooled /= pooled.sum(axis=1, keepdims=True)
        shaped = counts + PRIOR_POOLING * pooled[None, :, :]
        prior = (shaped / shaped.sum(axis=2, keepdims=True)).reshape(skills * claims, size)
        # One Fisher-scoring step per item on (difficulty, slope), with the tag's and the slope's priors.
        # The slopes are drawn towards the bank's common slope (their mean by answers), which the
        # whole cohort pins down; one item's own slope needs many answers to stand apart from it.
        common = float(np.average(slope, weights=counts_per_item)) if counts_per_item.sum() > 0 else 1.0
        w = posterior[answer_unit]
        slope_of_p = scale * knows * (1 - knows)
        residual = w * (y - p) / (p * (1 - p)) * slope_of_p
        information = w * slope_of_p**2 / (p * (1 - p))
        dz_dd = -STEEPNESS * a
        dz_da = STEEPNESS * distance
        grad_d = (
            _sum_items(answer_item, (residual * dz_dd).sum(axis=1), n_items) - (difficulty - tag) / DIFFICULTY_SD**2
        )
        grad_a = _sum_items(answer_item, (residual * dz_da).sum(axis=1), n_items) - (slope - common) / SLOPE_SD**2
        i_dd = _sum_items(answer_item, (information * dz_dd**2).sum(axis=1), n_items) + 1 / DIFFICULTY_SD**2
        i_aa = _sum_items(answer_item, (information * dz_da**2).sum(axis=1), n_items) + 1 / SLOPE_SD**2
        i_da = _sum_items(answer_item, (information * dz_dd * dz_da).sum(axis=1), n_items)
        determinant = i_dd * i_aa - i_da**2
        step_d = np.clip((i_aa * grad_d - i_da * grad_a) / determinant, -0.5, 0.5)
        step_a = np.clip((i_dd * grad_a - i_da * grad_d) / determinant, -0.5, 0.5)
        difficulty = np.clip(difficulty + step_d, -1.0, top + 2.0)
        slope = np.clip(slope + step_a, *SLOPE_BOUNDS)
        if max(float(np.abs(step_d).max(initial=0.0)), float(np.abs(step_a).max(initial=0.0))) < TOLERANCE:
            converged = True
            break
    # Standard errors from the information of the last step, which counts each person's level as
    # known: optimistic, so the flags' thresholds were set by simulation (docs/scoring.md).
    difficulty_se = np.sqrt(i_aa / determinant)
    slope_se = np.sqrt(i_dd / determinant)
    return Fit(
        _item_fits(
            items, difficulty, slope, difficulty_se, slope_se, answered, answer_unit, answer_item, right, answer_ll,
            posterior, levels,
        ),
        rounds,
        converged,
        len({unit.assessment for unit in answered}),
        len(right),
        prior.reshape(skills, claims, size).tolist(),
    )  # fmt: skip


def _item_fits(
    items: Sequence[ItemInfo],
    difficulty: Any,
    slope: Any,
    difficulty_se: Any,
    slope_se: Any,
    answered: Sequence[Unit],
    answer_unit: Any,
    answer_item: Any,
    right: Any,
    answer_ll: Any,
    posterior: Any,
    levels: Any,
) -> tuple[ItemFit, ...]:
    """Each item's parameters with the evidence: every answer against the level the person's
    *other* evidence gives them (their posterior with this answer taken out)."""
    n = len(items)
    rest = posterior[answer_unit] * np.exp(-(answer_ll - answer_ll.max(axis=1, keepdims=True)))
    rest /= rest.sum(axis=1, keepdims=True)
    rest_mean = rest @ levels
    tag = np.array([item.level for item in items], dtype=float)[answer_item]
    cumulative = np.cumsum(rest, axis=1)
    # P(level <= tag - CUE_BELOW), and the most likely side of the tag, from the other evidence.
    far_index = np.clip(tag - CUE_BELOW, -1, len(levels) - 1).astype(np.int64)
    p_far = np.where(far_index >= 0, cumulative[np.arange(len(right)), np.maximum(far_index, 0)], 0.0)
    below_index = np.clip(tag - 1, 0, len(levels) - 1).astype(np.int64)
    p_below = np.where(tag >= 1, cumulative[np.arange(len(right)), below_index], 0.0)
    far = p_far >= CUE_SURE
    below = p_below >= 0.5

    def by_item(weights: Any) -> Any:
        return np.bincount(answer_item, weights=weights, minlength=n)

    answers = by_item(np.ones_like(right))
    rights = by_item(right)
    sum_m, sum_m2, sum_ym = by_item(rest_mean), by_item(rest_mean**2), by_item(right * rest_mean)
    assessments: list[set[int]] = [set() for _ in range(n)]
    for unit in answered:
        for item, _ in unit.answers:
            assessments[item].add(unit.assessment)
    out = []
    for i in range(n):
        count = answers[i]
        correlation = None
        if count >= 2:
            var_y = rights[i] / count - (rights[i] / count) ** 2
            var_m = sum_m2[i] / count - (sum_m[i] / count) ** 2
            if var_y > 1e-12 and var_m > 1e-12:
                correlation = float(
                    (sum_ym[i] / count - rights[i] / count * sum_m[i] / count) / math.sqrt(var_y * var_m)
                )
        out.append(
            ItemFit(
                float(difficulty[i]),
                float(slope[i]),
                float(difficulty_se[i]),
                float(slope_se[i]),
                int(count),
                len(assessments[i]),
                int(rights[i]),
                correlation,
            )
        )
    profile = _profile(rest, answer_item, right, items, slope, levels)
    below_n, below_r = by_item(below.astype(float)), by_item(below * right)
    far_n, far_r = by_item(far.astype(float)), by_item(far * right)
    return tuple(
        ItemFit(
            f.difficulty,
            f.slope,
            f.difficulty_se,
            f.slope_se,
            f.answers,
            f.assessments,
            f.right,
            f.rest_correlation,
            (int(below_n[i]), int(below_r[i])),
            (f.answers - int(below_n[i]), f.right - int(below_r[i])),
            (int(far_n[i]), int(far_r[i])),
            tuple(profile[i].tolist()),
        )
        for i, f in enumerate(out)
    )


def _profile(rest: Any, answer_item: Any, right: Any, items: Sequence[ItemInfo], slope: Any, levels: Any) -> Any:
    """Each item's log-likelihood over a grid of difficulties, its answers read against the rest posteriors."""
    n = len(items)
    grid = PROFILE_START + PROFILE_STEP * np.arange(round((levels[-1] + 1.5 - PROFILE_START) / PROFILE_STEP) + 1)
    g = (1.0 / np.maximum(np.array([item.options for item in items], dtype=float), 2.0))[:, None]
    # A flat or negative slope says nothing about where the item sits (a wrong key is flagged apart).
    a = np.maximum(np.asarray(slope, dtype=float), LOW_SLOPE)[:, None]
    out = np.zeros((n, len(grid)))
    is_right = right > 0.5
    for j, d in enumerate(grid):
        # Per item, then gathered per answer: the curve depends on the item only.
        p = (g + ((1.0 - SLIP) - g) * _sigmoid(STEEPNESS * a * (levels[None, :] + 0.5 - d)))[answer_item]
        p_answer = np.clip((rest * p).sum(axis=1), 1e-9, 1 - 1e-9)
        out[:, j] = np.bincount(
            answer_item, weights=np.where(is_right, np.log(p_answer), np.log1p(-p_answer)), minlength=n
        )
    return out


def _at(profile: tuple[float, ...], difficulty: float) -> float:
    """The profile read at a difficulty, linearly between its grid points."""
    x = min(max((difficulty - PROFILE_START) / PROFILE_STEP, 0.0), len(profile) - 1.0)
    low = min(int(x), len(profile) - 2)
    return profile[low] + (x - low) * (profile[low + 1] - profile[low])


def level_places(items: Sequence[ItemInfo], fits: Sequence[ItemFit]) -> tuple[list[float], list[float], list[int]]:
    """Where each level sits on the fitted scale, and per item the log-likelihood ratio of its most
    likely neighbouring level's place against its own level's, and that neighbour (MISLEVEL_LR)."""
    top = max((item.level for item in items), default=0)
    places = [float(level) for level in range(top + 1)]
    tested = [fit.answers >= MIN_ANSWERS and len(fit.profile) > 1 for fit in fits]
    ratio = [0.0] * len(items)
    neighbour = [item.level for item in items]
    for round_ in range(ANCHOR_ROUNDS + 1):
        for index, (item, fit) in enumerate(zip(items, fits, strict=True)):
            others = [level for level in (item.level - 1, item.level + 1) if 0 <= level <= top]
            if not tested[index] or not others:
                continue
            own = _at(fit.profile, places[item.level])
            best = max(others, key=lambda level: _at(fit.profile, places[level]))
            ratio[index] = _at(fit.profile, places[best]) - own
            neighbour[index] = best
        if round_ == ANCHOR_ROUNDS:
            break
        # Each level's place from its items that fit it, so that the half of a level's items that
        # moved do not drag the rest; a level without such items stays at its tag.
        for level in range(1, top + 1):
            fitting = [
                fit.difficulty
                for index, (item, fit) in enumerate(zip(items, fits, strict=True))
                if item.level == level and fit.answers >= ANCHOR_ANSWERS and tested[index] and ratio[index] <= 0.0
            ]
            if fitting:
                places[level] = float(np.median(fitting))
    return places, ratio, neighbour


def _nearer(profile: tuple[float, ...], there: float, own: float) -> bool:
    """Whether the profile's likeliest difficulty is at least as near `there` as `own`."""
    peak = PROFILE_START + PROFILE_STEP * max(range(len(profile)), key=profile.__getitem__)
    return abs(peak - there) <= abs(peak - own)


@dataclass(frozen=True)
class Flag:
    """One finding of item fit, with the evidence behind it."""

    item: int  # index into the items
    kind: FlagKind
    evidence: dict[str, Any]


def item_flags(
    items: Sequence[ItemInfo], fits: Sequence[ItemFit], quoted: Sequence[ItemFit] | None = None
) -> list[Flag]:
    """The items worth a content reviewer's look, and why (the kinds in FlagKind). A level flag
    quotes the difficulty and the answers of `quoted` (default: `fits`, the fits judged)."""
    quoted = fits if quoted is None else quoted
    flags: list[Flag] = []
    places, ratio, neighbour = level_places(items, fits)
    for index, (item, fit) in enumerate(zip(items, fits, strict=True)):
        if fit.answers < MIN_ANSWERS:
            flags.append(Flag(index, "rare", {"answers": fit.answers, "needed": MIN_ANSWERS}))
            continue
        guess = 1.0 / max(item.options, 2)
        # Likelier there by the ratio, and the likeliest difficulty nearer that level's place than its
        # own: with a thousand answers a slight misfit passes the ratio alone.
        threshold = MISLEVEL_LR * max(1.0, math.sqrt(fit.answers / MISLEVEL_ANSWERS))
        if ratio[index] >= threshold and _nearer(fit.profile, places[neighbour[index]], places[item.level]):
            # The level tested is the neighbour; the fitted one is the level whose place is nearest
            # the difficulty, on the neighbour's side (a question two levels off is tested at one).
            step = neighbour[index] - item.level
            shown = quoted[index]
            nearest = min(range(len(places)), key=lambda level: abs(places[level] - shown.difficulty))
            fitted = nearest if (nearest - item.level) * step >= 1 else neighbour[index]
            flags.append(
                Flag(
                    index,
                    "level",
                    {
                        "tag": item.level,
                        "fitted_level": fitted,
                        "neighbour": neighbour[index],
                        "difficulty": round(shown.difficulty, 2),
                        "standard_error": round(shown.difficulty_se, 2),
                        "tag_place": round(places[item.level], 2),
                        "level_place": round(places[neighbour[index]], 2),
                        # Capped: past a million to one the number says nothing more.
                        "likelihood_ratio": round(min(math.exp(min(ratio[index], 50.0)), 1e6), 1),
                        **_split(shown),
                    },
                )
            )
        below, above = fit.below, fit.at_or_above
        worse_above = min(below[0], above[0]) >= SPLIT_MIN and above[1] / above[0] <= below[1] / below[0]
        negative = fit.rest_correlation is not None and fit.rest_correlation < 0
        if worse_above and negative and fit.slope < LOW_SLOPE:
            flags.append(
                Flag(
                    index,
                    "discrimination",
                    {
                        "slope": round(fit.slope, 2),
                        "standard_error": round(fit.slope_se, 2),
                        "correlation": None if fit.rest_correlation is None else round(fit.rest_correlation, 2),
                        **_split(fit),
                    },
                )
            )
        n, k = fit.far_below
        if n >= CUE_MIN:
            share = k / n
            z = (share - guess) / math.sqrt(guess * (1 - guess) / n)
            if share >= guess + CUE_EXCESS and z >= CUE_Z:
                flags.append(
                    Flag(
                        index,
                        "cue",
                        {"far_below": n, "right": k, "share_right": round(share, 2), "chance": round(guess, 2)},
                    )
                )
    return flags


def _split(fit: ItemFit) -> dict[str, Any]:
    """Right answers of people below the tag and at or above it: the evidence a reviewer reads."""

    def share(pair: tuple[int, int]) -> float | None:
        return round(pair[1] / pair[0], 2) if pair[0] else None

    return {
        "answers": fit.answers,
        "below_tag": {"answers": fit.below[0], "share_right": share(fit.below)},
        "at_or_above_tag": {"answers": fit.at_or_above[0], "share_right": share(fit.at_or_above)},
    }


def _sigmoid(x: Any) -> Any:
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def _softmax(values: Any) -> Any:
    shifted = np.exp(values - values.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


def _sum_by(index: Any, values: Any, length: int) -> Any:
    """Rows of `values` summed by `index`: one bincount per column (np.add.at is far slower)."""
    return np.stack(
        [np.bincount(index, weights=values[:, j], minlength=length) for j in range(values.shape[1])], axis=1
    )


def _sum_items(index: Any, values: Any, length: int) -> Any:
    return np.bincount(index, weights=values, minlength=length)


def fit_and_flag(top: int, items: Sequence[ItemInfo], skills: int, units: Sequence[Unit]) -> tuple[Fit, list[Flag]]:
    """The fit and its flags. Mis-levelled items bend the scale people's levels are read on (the
    tags' prior holds them short of their real level), so levels are judged again (PURIFY_ROUNDS
    times) on a refit whose prior puts each item found mis-levelled at the level found. The fit
    returned, and the difficulty every flag quotes, are the first fit's, as the calibration file
    holds them: the refit leans on its moved priors and overshoots."""
    fit = fit_items(top, items, skills, units)
    flags = item_flags(items, fit.items)
    levelled = [flag for flag in flags if flag.kind == "level"]
    refit = fit
    for _ in range(PURIFY_ROUNDS):
        if not levelled:
            break
        centres = {flag.item: float(flag.evidence["fitted_level"]) for flag in levelled}
        refit = fit_items(top, items, skills, units, centres=centres, start=refit, iterations=PURIFY_ITERATIONS)
        levelled = [flag for flag in item_flags(items, refit.items, quoted=fit.items) if flag.kind == "level"]
    return fit, [flag for flag in flags if flag.kind != "level"] + levelled
