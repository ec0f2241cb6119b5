"""Level estimates with known error: a probability for every level of every skill.

The model (docs/scoring.md explains it for users):

- A check probing level `l` is answered right with probability 1 - SLIP by someone whose true
  level is at least `l`, and with the guessing rate 1/options by anyone below it. "I don't know"
  and a skip count exactly as a wrong answer.
- The self-rating is a prior, not a verdict, and how much it is worth is learned per person:
  the offset between claim and true level (`claim - level`) has a distribution over the
  person's skills (one each for ratings of 0, of the top level and in between, drawn towards
  the person's overall one), fitted by EM on the skills that were checked. Someone whose
  checks bear out their claims gets priors close to their claims; someone who claims 4
  everywhere and misses the checks gets priors near level 0 even on skills no check reached.
  Claiming more than one knows therefore buys nothing: the claim is read through the person's
  own track record. A rating no check reached is read through a warier fit of the same record
  (UNCHECKED_LEAN), so unchecked ratings never count in full.
- Per skill, posterior = prior x likelihood of its answers. The evidenced level is the most
  likely level, with an 80% range (10th to 90th percentile).

Pure functions only: no I/O, no printing.
"""

from __future__ import annotations

import functools
import itertools
import math
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal

# Each constant's value and the measurements behind it: docs/scoring.md, "The estimator's constants".
SLIP = 0.1  # chance that someone who has a level still misses its check
FLOOR = 0.02  # share of every prior spread evenly, so no claim alone rules a level out
# ... and with a calibration, whose fitted curves make each answer weaker evidence (scoring.prior_floor)
CALIBRATED_FLOOR = 0.05
TENDENCY_PRIOR_WEIGHT = 2.0  # the flat offset prior is worth two skills, so one lucky skill cannot set it
ZERO_PRIOR = (0.25, 4.75)  # Beta prior of the share of rated skills known not at all: 5%, worth five skills
EM_ITERATIONS = 40
GROUP_POOLING = 3.0  # offsets of 0s, top ratings and the rest each borrow three skills from the overall fit
UNCHECKED_LEAN = 1.5  # an unchecked rating's prior leans to over-rating: each level above e**1.5 as likely
UNCHECKED_PRIOR_WEIGHT = 1.0
UNCHECKED_ZERO_PRIOR = (0.05, 0.95)  # the same 5% share, worth one skill, so four empty checks can move it
UNCHECKED_FLOOR = 0.0  # a rating with no check of its own has no evidence for a floor to let through
VERDICT_PROBABILITY = 0.8  # how sure a verdict must be
RANGE_TAIL = 0.1  # the range reported is the 10th to 90th percentile
LEARNING_DAYS = 14.0  # P(a level gained since an earlier check) = 1 - exp(-days / 14)

ResponseOutcome = Literal["right", "wrong", "unknown"]
RatingVerdict = Literal["consistent", "overconfident", "underconfident", "inconclusive", "unverified", "not-rated"]


@dataclass(frozen=True)
class Response:
    """One answered check, as the estimator sees it."""

    level: int  # the level the question probes
    options: int  # how many options it offered: the guessing rate is 1/options
    outcome: ResponseOutcome
    # A calibration's fitted difficulty (on the level scale) and slope (times STEEPNESS); None and
    # 1.0 read the item exactly as its level tag says, as without a calibration.
    difficulty: float | None = None
    slope: float = 1.0


# How sharply knowing a level separates from not knowing it. Real items are not perfect steps
# (someone just below a level sometimes knows the answer), so the model uses a steep logistic
# curve rather than a step: P(knows an item at level l | level L) = sigmoid(STEEPNESS (L + 0.5 - l)).
STEEPNESS = 4.0


def p_knows(level: int, item_level: int) -> float:
    return 1.0 / (1.0 + math.exp(-STEEPNESS * (level + 0.5 - item_level)))


def response_likelihood(top: int, response: Response) -> tuple[float, ...]:
    """P(this response | true level L) for L = 0..top."""
    if response.difficulty is not None:
        return _fitted_likelihood(top, response.difficulty, response.slope, response.options, response.outcome)
    return _response_likelihood(top, response.level, response.options, response.outcome)


@functools.lru_cache(maxsize=4096)
def _fitted_likelihood(
    top: int, difficulty: float, slope: float, options: int, outcome: ResponseOutcome
) -> tuple[float, ...]:
    """The same curve as `_response_likelihood`, at a fitted difficulty and slope."""
    guess = 1.0 / max(options, 2)
    values = []
    for level in range(top + 1):
        knows = 1.0 / (1.0 + math.exp(-STEEPNESS * slope * (level + 0.5 - difficulty)))
        right = knows * (1.0 - SLIP) + (1 - knows) * guess
        values.append(right if outcome == "right" else 1.0 - right)
    return tuple(values)


# A report of 10,000 skills asks for the same few (level, options, outcome) again and again;
# the model's constants (SLIP, STEEPNESS) are fixed, so a cached value never goes stale.
@functools.lru_cache(maxsize=1024)
def _response_likelihood(top: int, item_level: int, options: int, outcome: ResponseOutcome) -> tuple[float, ...]:
    guess = 1.0 / max(options, 2)
    values = []
    for level in range(top + 1):
        knows = p_knows(level, item_level)
        if outcome == "right":
            values.append(knows * (1.0 - SLIP) + (1 - knows) * guess)
        else:
            # A wrong answer, "I don't know" and a skip weigh the same, as the quiz's help says:
            # saying you don't know must not read lower than a wrong guess would.
            values.append(knows * SLIP + (1 - knows) * (1.0 - guess))
    return tuple(values)


def likelihood(top: int, responses: Iterable[Response]) -> tuple[float, ...]:
    """The joint likelihood of a skill's responses, scaled so that its largest value is 1."""
    values = [1.0] * (top + 1)
    for response in responses:
        for level, p in enumerate(response_likelihood(top, response)):
            values[level] *= p
    peak = max(values)
    return tuple(v / peak for v in values)


# --- evidence from earlier assessments ------------------------------------------------------------


@dataclass(frozen=True)
class Carried:
    """What a skill's checks in earlier assessments say about its level now."""

    values: tuple[float, ...]  # likelihood of those answers for each level now, largest 1
    checks: int
    highest_right: int | None  # the highest level answered right then


def learned_since(days: float, top: int) -> tuple[float, ...]:
    """P(the level rose by g since then), g = 0..top: each further level as likely as the first
    (a geometric spread), the chance of any rise growing with the time gone by."""
    q = 1.0 - math.exp(-max(0.0, days) / LEARNING_DAYS)
    spread = [(1 - q) * q**g for g in range(top)]
    return (*spread, 1.0 - sum(spread))


def _widened(values: Sequence[float], rise: Sequence[float]) -> list[float]:
    """Earlier evidence read at the level now: a person at L now was at L - g then with P(rise g),
    and at 0 for every rise of L or more."""
    widened = []
    for level in range(len(values)):
        through = sum(rise[g] * values[level - g] for g in range(level))
        widened.append(through + sum(rise[level:]) * values[0])
    return widened


def carried(top: int, sessions: Sequence[tuple[float, Sequence[Response]]]) -> Carried:
    """Earlier checks as evidence now, from (days before now, responses) per earlier assessment.

    Oldest first, each assessment's evidence is widened by what could have been learned until the
    next one, then multiplied by it: a level once shown stays likely, and many misses are not
    undone by a few lucky answers soon after (docs/scoring.md, "Evidence across assessments").
    """
    values = [1.0] * (top + 1)
    ordered = sorted(sessions, key=lambda session: -session[0])
    for index, (days, responses) in enumerate(ordered):
        values = [v * p for v, p in zip(values, likelihood(top, responses), strict=True)]
        later = ordered[index + 1][0] if index + 1 < len(ordered) else 0.0
        values = _widened(values, learned_since(days - later, top))
        peak = max(values)
        values = [v / peak for v in values]
    rights = [r.level for _, responses in sessions for r in responses if r.outcome == "right"]
    count = sum(len(responses) for _, responses in sessions)
    return Carried(tuple(values), count, max(rights, default=None))


def _normalise(values: Sequence[float]) -> tuple[float, ...]:
    total = sum(values)
    return tuple(v / total for v in values)


# --- the person's tendency to over- or under-rate ------------------------------------------------


@dataclass(frozen=True)
class Tendency:
    """Distribution of `claim - true level` over a person's skills: offsets -top..top."""

    top: int
    weights: tuple[float, ...]  # index i is the offset i - top
    zero: float = ZERO_PRIOR[0] / sum(ZERO_PRIOR)  # share of rated skills at level 0 whatever the claim
    by_claim: tuple[tuple[float, ...], ...] | None = None  # the offsets each claim is read through
    zeros_in_share: bool = True  # whether ratings of 0 are read through `zero` too (see ZERO_PRIOR)
    floor: float = FLOOR  # share of each prior spread evenly (0 where no check will follow: UNCHECKED_FLOOR)

    @property
    def mean_offset(self) -> float:
        """Mean of the fitted offsets, in levels (the share at level 0 whatever the claim is not in
        it: the report reads the person's tendency off the estimates instead)."""
        return sum((i - self.top) * w for i, w in enumerate(self.weights))

    @functools.cached_property
    def _priors(self) -> dict[int | None, tuple[float, ...]]:
        return {}  # filled by `prior`: every skill with the same claim has the same prior

    def prior(self, claim: int | None) -> tuple[float, ...]:
        """Prior over levels 0..top for a skill rated `claim` (None: not rated, uniform)."""
        known = self._priors.get(claim)
        if known is None:
            known = self._priors[claim] = self._prior(claim)
        return known

    def _prior(self, claim: int | None) -> tuple[float, ...]:
        size = self.top + 1
        if claim is None:
            return tuple([1.0 / size] * size)
        mass = [0.0] * size
        for index, weight in enumerate(self.weights if self.by_claim is None else self.by_claim[claim]):
            level = claim - (index - self.top)
            if 0 <= level <= self.top:
                mass[level] += weight
        shaped = list(_normalise(mass) if sum(mass) > 0 else tuple([1.0 / size] * size))
        if _through_share(claim, self.zeros_in_share):
            shaped = [(1 - self.zero) * p for p in shaped]
            shaped[0] += self.zero
        return tuple((1 - self.floor) * p + self.floor / size for p in shaped)


def _tendency_pseudo_counts(top: int, lean: float, weight: float) -> list[float]:
    """Pseudo-counts of the offsets -top..top, worth `weight` skills; `lean` 0 is flat, and a
    positive lean makes each offset e**lean times as likely as the one below it."""
    shape = [math.exp(lean * (index - top)) for index in range(2 * top + 1)]
    return [weight * value / sum(shape) for value in shape]


def _through_share(claim: int, zeros_in_share: bool) -> bool:
    """Whether a rating is read through the share of rated skills at level 0 whatever the claim."""
    return claim > 0 or zeros_in_share


def _claim_group(claim: int, top: int) -> int:
    """Which part of the offsets a claim is read through: 0, the top level, or in between."""
    return 0 if claim == 0 else 2 if claim == top else 1


def fit_tendency(
    top: int,
    checked: Iterable[tuple[int, tuple[float, ...]]],
    *,
    lean: float = 0.0,
    prior_weight: float = TENDENCY_PRIOR_WEIGHT,
    zero_prior: tuple[float, float] = ZERO_PRIOR,
    zeros_in_share: bool = True,
) -> Tendency:
    """EM fit of the offset distributions from (claim, likelihood) of each checked skill.

    Ratings of 0, of the top level and in between each have their own distribution, drawn
    towards the pooled one (GROUP_POOLING); the pooled one starts from pseudo-counts worth
    `prior_weight` skills, flat unless `lean` says otherwise (UNCHECKED_LEAN), and the share of
    rated skills at level 0 whatever the claim from Beta(`zero_prior`); `zeros_in_share` says
    whether ratings of 0 are read through that share too (see ZERO_PRIOR).

    Skills with the same claim and the same likelihood are fitted as one group with a count,
    so a 10,000-skill assessment costs about as much as a 30-skill one.
    """
    groups: dict[tuple[int, tuple[float, ...]], int] = {}
    for claim, values in checked:
        key = (claim, tuple(round(v, 12) for v in values))
        groups[key] = groups.get(key, 0) + 1
    pseudo = _tendency_pseudo_counts(top, lean, prior_weight)
    weights = _normalise(pseudo)
    zero_for, zero_against = zero_prior
    zero = zero_for / (zero_for + zero_against)
    if not groups:
        return Tendency(top, weights, zero, None, zeros_in_share)
    group_of = [_claim_group(claim, top) for claim in range(top + 1)]
    group_count = max(group_of) + 1
    by_group = [weights] * group_count
    # Offset index i reads level claim + top - i: only indices claim..claim + top land on a level,
    # so each group works on that slice with its likelihood reversed to match (the other indices
    # would add exact zeros, so the sums are the same to the last bit).
    fitted = [
        (claim, group_of[claim], values[::-1], values[0], count, _through_share(claim, zeros_in_share))
        for (claim, values), count in groups.items()
    ]
    for _ in range(EM_ITERATIONS):
        counts = [[0.0] * len(weights) for _ in range(group_count)]
        at_zero, rated = zero_for, zero_for + zero_against
        for claim, group, reversed_values, at_level_zero, count, in_share in fitted:
            share = zero if in_share else 0.0
            keep = 1 - share
            offsets = by_group[group][claim : claim + top + 1]
            joint = [keep * weight * value for weight, value in zip(offsets, reversed_values, strict=True)]
            unknown = share * at_level_zero
            total = sum(joint) + unknown
            if total <= 0:
                continue
            row = counts[group]
            for index, j in enumerate(joint, claim):
                row[index] += count * j / total
            if in_share:
                at_zero += count * unknown / total
                rated += count
        pooled = _normalise([p + sum(column) for p, column in zip(pseudo, zip(*counts, strict=True), strict=True)])
        in_group = [sum(c) for c in counts]
        everything = max(sum(in_group), 1e-12)
        updated = [
            _normalise(
                [
                    n + p * in_group[group] / everything + GROUP_POOLING * w
                    for n, p, w in zip(counts[group], pseudo, pooled, strict=True)
                ]
            )
            for group in range(group_count)
        ]
        updated_zero = at_zero / rated
        converged = all(
            max(abs(a - b) for a, b in zip(new, old, strict=True)) < 1e-6
            for new, old in zip(updated, by_group, strict=True)
        )
        weights, by_group = pooled, updated
        converged = converged and abs(updated_zero - zero) < 1e-6
        zero = updated_zero
        if converged:
            break
    return Tendency(top, weights, zero, tuple(by_group[group_of[c]] for c in range(top + 1)), zeros_in_share)


def fit_unchecked_tendency(top: int, checked: Iterable[tuple[int, tuple[float, ...]]]) -> Tendency:
    """The warier fit that ratings no check reached are read through (UNCHECKED_LEAN)."""
    return fit_tendency(
        top,
        checked,
        lean=UNCHECKED_LEAN,
        prior_weight=UNCHECKED_PRIOR_WEIGHT,
        zero_prior=UNCHECKED_ZERO_PRIOR,
        zeros_in_share=False,
    )


# --- one skill -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LevelEstimate:
    """What the evidence says about one skill's level."""

    claim: int | None
    posterior: tuple[float, ...]  # P(level = L), L = 0..top; sums to 1
    checks: int  # how many checks of this skill were answered
    earlier: int = 0  # checks of earlier assessments carried forward
    # What was put to the test: the higher of the claim and the highest level answered right.
    # The estimate never goes above it; `untested` is how likely a level above it looked.
    tested_to: int | None = None
    untested: float = 0.0

    # level, low and high are read many times per report (gaps, priorities, every format) and the
    # estimate is frozen, so each is worked out once.
    @functools.cached_property
    def level(self) -> int:
        """The most likely level (ties go to the lower level: claims are not rounded up)."""
        return most_likely(self.posterior)

    @property
    def mean(self) -> float:
        return sum(i * p for i, p in enumerate(self.posterior))

    def quantile(self, q: float) -> int:
        cumulative = 0.0
        for level, p in enumerate(self.posterior):
            cumulative += p
            if cumulative >= q - 1e-12:
                return level
        return len(self.posterior) - 1

    @functools.cached_property
    def low(self) -> int:
        """Bottom of the 80% range."""
        return self.quantile(RANGE_TAIL)

    @functools.cached_property
    def high(self) -> int:
        """Top of the 80% range."""
        return self.quantile(1 - RANGE_TAIL)

    def p_below(self, level: int) -> float:
        return sum(self.posterior[:level]) if level > 0 else 0.0

    def p_above(self, level: int) -> float:
        return sum(self.posterior[level + 1 :])

    @property
    def unchecked(self) -> bool:
        """A rating no check reached: read through the warier fit, and erring with the others."""
        return self.claim is not None and self.checks == 0 and self.earlier == 0

    @property
    def above_tested(self) -> bool:
        """Checks point above the highest level put to the test: shown as unverified there (a
        rating no check reached is unverified as a whole, and said so once)."""
        return not self.unchecked and self.untested >= 1 - VERDICT_PROBABILITY

    @property
    def verdict(self) -> RatingVerdict:
        """How the self-rating compares with the evidence, called only when it is clear."""
        if self.claim is None:
            return "not-rated"
        if self.unchecked:
            return "unverified"
        if self.p_below(self.claim) >= VERDICT_PROBABILITY:
            return "overconfident"
        if self.p_above(self.claim) >= VERDICT_PROBABILITY:
            return "underconfident"
        if self.posterior[self.claim] >= 1 - VERDICT_PROBABILITY:
            return "consistent"
        return "inconclusive"


def estimate_skill(
    tendency: Tendency,
    claim: int | None,
    responses: Sequence[Response],
    earlier: Carried | None = None,
    before: tuple[int | None, float] | None = None,
) -> LevelEstimate:
    """One skill's estimate; `earlier` is what earlier checks carry, `before` its earlier rating
    and the days since, where a re-measure rated it again (`rerated_prior`)."""
    if claim is None and not responses and earlier is None:
        # A skipped skill: the person declined to say, so it counts as not yet learned.
        return LevelEstimate(None, tuple([1.0] + [0.0] * tendency.top), 0)
    values = likelihood(tendency.top, responses)
    if earlier is not None:
        values = combined(values, earlier)
    prior = rerated_prior(tendency, claim, before) if before is not None else None
    return _posterior(tendency, claim, values, len(responses), prior)


def combined(values: Sequence[float], earlier: Carried) -> tuple[float, ...]:
    """This assessment's likelihood times what earlier checks carry forward, largest 1."""
    joint = [v * e for v, e in zip(values, earlier.values, strict=True)]
    peak = max(joint)
    return tuple(v / peak for v in joint)


def highest_tested(claim: int | None, responses: Sequence[Response], earlier: Carried | None) -> int:
    """The highest level put to the test: the claim, or a level answered right (now or before)."""
    rights = [r.level for r in responses if r.outcome == "right"]
    if earlier is not None and earlier.highest_right is not None:
        rights.append(earlier.highest_right)
    return max([claim or 0, *rights])


def held_to_tested(estimate: LevelEstimate, tested_to: int) -> LevelEstimate:
    """The estimate with every level above what was tested folded onto it: a level no check
    reached above the person's own claim is never reported as shown."""
    above = sum(estimate.posterior[tested_to + 1 :])
    if above <= 0:
        return replace(estimate, tested_to=tested_to)
    posterior = list(estimate.posterior[: tested_to + 1]) + [0.0] * (len(estimate.posterior) - tested_to - 1)
    posterior[tested_to] += above
    return replace(estimate, posterior=tuple(posterior), tested_to=tested_to, untested=above)


def rerated_prior(tendency: Tendency, claim: int | None, before: tuple[int | None, float]) -> tuple[float, ...]:
    """The prior of a skill a re-measure rated again, given its earlier rating and the days since.

    Either nothing was learned since (the earlier rating stands, as the tendency fitted on it
    reads it) or something was, and the new rating says what: each as likely as the time gone by
    makes it. A new rating minutes later is then a claim of learning the checks must bear out.
    """
    then_claim, days = before
    learned = 1 - learned_since(days, tendency.top)[0]
    return tuple(
        (1 - learned) * then + learned * now
        for then, now in zip(tendency.prior(then_claim), tendency.prior(claim), strict=True)
    )


def _posterior(
    tendency: Tendency, claim: int | None, values: Sequence[float], checks: int, prior: Sequence[float] | None = None
) -> LevelEstimate:
    prior = tendency.prior(claim) if prior is None else prior
    return LevelEstimate(claim, _normalise([p * v for p, v in zip(prior, values, strict=True)]), checks)


@dataclass(frozen=True)
class Estimates:
    """Every skill's estimate and the person's tendency they were read through."""

    skills: dict[str, LevelEstimate]
    tendency: Tendency  # what checked skills are read through
    unchecked: Tendency  # what ratings no check reached are read through (UNCHECKED_LEAN)


def estimate_all(
    top: int,
    claims: Mapping[str, int | None],
    responses: Mapping[str, Sequence[Response]],
    *,
    fit: tuple[Mapping[str, int | None], Mapping[str, Sequence[Response]]] | None = None,
    earlier: Mapping[str, Carried] | None = None,
    rated_before: Mapping[str, tuple[int | None, float]] | None = None,
    floor: float = FLOOR,
) -> Estimates:
    """Estimates for every skill in `claims` (and any skill with responses but no claim).

    The person's tendency is fitted on `fit` (claims and responses) when given, else on these;
    a rating with no check is read through the warier fit (UNCHECKED_LEAN). `earlier` is what
    checks of earlier assessments carry forward, per skill. `rated_before` gives, for skills a
    re-measure rated again, the rating the fit knew and the days since: their prior leans on that
    rating as much as nothing is likely to have been learned since, so a new rating minutes later
    is a claim of learning that the checks must bear out, not a prior the track record of other
    ratings vouches for.
    """
    carried_by = earlier or {}
    # Each skill's likelihood is worked out once: the tendency is fitted on it and, unless another
    # assessment's answers are given to fit on, every estimate uses it again.
    values = {skill_id: likelihood(top, given) for skill_id, given in responses.items() if given}
    for skill_id, carry in carried_by.items():
        values[skill_id] = combined(values[skill_id], carry) if skill_id in values else carry.values
    fit_claims, fit_values = (
        (fit[0], {s: likelihood(top, given) for s, given in fit[1].items() if given})
        if fit is not None
        else (claims, values)
    )
    checked = [(claim, fit_values[s]) for s, claim in fit_claims.items() if claim is not None and s in fit_values]
    tendency = replace(fit_tendency(top, checked), floor=floor)
    skill_ids = list(claims) + [s for s in responses if s not in claims]
    skill_ids += [s for s in carried_by if s not in claims and s not in responses]
    unchecked_rated = any(claims.get(s) is not None and s not in values for s in skill_ids)
    unchecked = replace(fit_unchecked_tendency(top, checked), floor=UNCHECKED_FLOOR) if unchecked_rated else tendency
    estimates: dict[str, LevelEstimate] = {}
    for skill_id in skill_ids:
        claim = claims.get(skill_id)
        given = responses.get(skill_id, ())
        before = carried_by.get(skill_id)
        if skill_id in values:
            before_rating = rated_before.get(skill_id) if rated_before is not None else None
            prior = rerated_prior(tendency, claim, before_rating) if before_rating is not None else None
            estimate = _posterior(tendency, claim, values[skill_id], len(given), prior)
            if before is not None:
                estimate = replace(estimate, earlier=before.checks)
        else:
            estimate = estimate_skill(unchecked, claim, ())
        estimates[skill_id] = held_to_tested(estimate, highest_tested(claim, given, before))
    return Estimates(estimates, tendency, unchecked)


# --- choosing the next check ----------------------------------------------------------------------


def _entropy(values: Iterable[float]) -> float:
    return -sum(p * math.log(p) for p in values if p > 0)


def expected_entropy(posterior: Sequence[float], level: int, options: int) -> float:
    """Expected entropy of the posterior after a check at `level` is answered (right or wrong)."""
    return _expected_after(posterior, Response(level, options, "right"), _entropy)


def expected_entropy_of(posterior: Sequence[float], item: Response) -> float:
    """Expected entropy of the posterior after `item` (its outcome ignored) is answered."""
    return _expected_after(posterior, item, _entropy)


def most_likely(posterior: Sequence[float]) -> int:
    """The level reported: the most likely one, ties to the lower (claims are not rounded up)."""
    best = max(posterior)
    return next(level for level, p in enumerate(posterior) if p >= best - 1e-12)


def reported_error(posterior: Sequence[float]) -> float:
    """Expected distance, in levels, between the true level and the one reported (`most_likely`)."""
    reported = most_likely(posterior)
    return sum(p * abs(level - reported) for level, p in enumerate(posterior))


def expected_error_after(posterior: Sequence[float], item: Response) -> float:
    """`reported_error` expected once `item` (its outcome ignored) is answered."""
    return _expected_after(posterior, item, reported_error)


def _expected_after(posterior: Sequence[float], item: Response, measure: Callable[[Sequence[float]], float]) -> float:
    """`measure` of the posterior once `item` is answered, averaged over its two outcomes."""
    right = response_likelihood(len(posterior) - 1, replace(item, outcome="right"))
    p_right = sum(p * r for p, r in zip(posterior, right, strict=True))
    result = 0.0
    for weight, values in (
        (p_right, [p * r for p, r in zip(posterior, right, strict=True)]),
        (1 - p_right, [p * (1 - r) for p, r in zip(posterior, right, strict=True)]),
    ):
        if weight > 0:
            result += weight * measure(_normalise(values))
    return result


def best_levels(posterior: Sequence[float], levels: Iterable[int], options: int = 4) -> list[int]:
    """The candidate levels whose check is expected to narrow the estimate most (ties kept)."""
    scored = [(round(expected_entropy(posterior, level, options), 9), level) for level in set(levels)]
    if not scored:
        return []
    best = min(score for score, _ in scored)
    return sorted(level for score, level in scored if score == best)


# --- readiness under uncertainty -------------------------------------------------------------------


@dataclass(frozen=True)
class Readiness:
    expected: float  # 0-100
    low: float  # 80% interval
    high: float


# Above this many requirements a path's readiness interval comes from a normal approximation
# (mean and variance are exact); below it, from the exact distribution.
EXACT_REQUIREMENTS = 40
_BINS = 200  # a 0.5-point grid: exact enough for an interval shown in whole points


def _comonotone_sum(parts: Sequence[Sequence[tuple[float, float]]]) -> list[tuple[float, float]]:
    """The distribution of a sum of terms that err together: each term at the same quantile.

    Each part is (value, probability) in increasing value; the sum is constant between the
    cumulative probabilities where any part steps, so it is exact as (value, probability) pairs.
    """
    cuts = sorted({min(1.0, c) for part in parts for c in itertools.accumulate(p for _, p in part)} | {1.0})
    outcomes: list[tuple[float, float]] = []
    lower = 0.0
    for upper in cuts:
        if upper - lower <= 1e-15:
            continue
        middle = (lower + upper) / 2
        value = 0.0
        for part in parts:
            cumulative = 0.0
            for term, p in part:
                cumulative += p
                if cumulative >= middle:
                    value += term
                    break
            else:
                value += part[-1][0]
        outcomes.append((value, upper - lower))
        lower = upper
    return outcomes


def requirement_share(weight: float, level: int, required: int, total: float) -> float:
    """One requirement's part of readiness, 0-100: weight x min(level, required) / required, of all weights."""
    return 100 * weight * min(level, required) / required / total


def readiness(
    requirements: Sequence[tuple[float, int, Sequence[float]]], shared: Sequence[bool] | None = None
) -> Readiness:
    """Readiness from (weight, required level, posterior) per requirement.

    Each requirement contributes weight x min(level, required) / required; readiness is the
    weighted share, 0-100. Its distribution is exact (a convolution on a 0.5-point grid) for
    paths of up to EXACT_REQUIREMENTS requirements.

    The requirements `shared` marks rest on one estimate common to all of them (ratings no check
    reached, read through the person's rating tendency): if that estimate is off, all of them are
    off the same way. How much of their doubt is shared is not known, so the range covers both
    readings: the terms as independent (errors that cancel) and added at the same quantile
    (errors that add up).
    """
    total = sum(weight for weight, _, _ in requirements)
    if total <= 0:
        return Readiness(0.0, 0.0, 0.0)
    mean = 0.0
    variance = 0.0
    together_spread = 0.0
    apart: list[list[tuple[float, float]]] = []
    together: list[list[tuple[float, float]]] = []
    for index, (weight, required, posterior) in enumerate(requirements):
        outcomes = _outcomes(weight, required, posterior, total)
        m = sum(v * p for v, p in outcomes)
        mean += m
        if shared is not None and shared[index]:
            together_spread += math.sqrt(sum(p * (v - m) ** 2 for v, p in outcomes))
            together.append(outcomes)
        else:
            variance += sum(p * (v - m) ** 2 for v, p in outcomes)
            apart.append(outcomes)
    expected = round(mean, 1)
    if len(requirements) > EXACT_REQUIREMENTS:
        # The 10th and 90th percentiles of a normal; terms that err together add their spreads,
        # which is never narrower than adding them as independent.
        spread = 1.2816 * math.sqrt(variance + together_spread**2)
        return Readiness(expected, round(max(0.0, mean - spread), 1), round(min(100.0, mean + spread), 1))
    low, high = _exact_range([*apart, *together])
    if together:
        low_together, high_together = _exact_range([*apart, _comonotone_sum(together)])
        low, high = min(low, low_together), max(high, high_together)
    # The grid rounds each term to 0.1 point; keep the expected value inside its own range.
    return Readiness(expected, min(expected, low), max(expected, high))


def expected_readiness(requirements: Sequence[tuple[float, int, Sequence[float]]]) -> float:
    """`readiness(requirements).expected` without the range, whose exact distribution costs most
    of the work: what orders the paths, and all that `team` shows of them."""
    total = sum(weight for weight, _, _ in requirements)
    if total <= 0:
        return 0.0
    mean = 0.0
    for weight, required, posterior in requirements:
        mean += sum(map(operator.mul, _shares(weight, required, total, len(posterior)), posterior))
    return round(mean, 1)


def _outcomes(weight: float, required: int, posterior: Sequence[float], total: float) -> list[tuple[float, float]]:
    """One requirement's part of readiness at each level, with the level's probability."""
    return list(zip(_shares(weight, required, total, len(posterior)), posterior, strict=True))


# A taxonomy has few distinct (weight, required level, total weight): a team scores thousands of
# people against the same requirements.
@functools.lru_cache(maxsize=4096)
def _shares(weight: float, required: int, total: float, levels: int) -> tuple[float, ...]:
    return tuple(requirement_share(weight, level, required, total) for level in range(levels))


def _exact_range(parts: Sequence[Sequence[tuple[float, float]]]) -> tuple[float, float]:
    """The 10th and 90th percentiles of a sum of independent terms, (value, probability) each."""
    # Rounding each term to the grid can carry the total a bin past 100 per requirement; the grid
    # has room for that, and whatever lands above 100 is folded back onto 100 at the end.
    distribution = [0.0] * (_BINS + 1 + len(parts))
    distribution[0] = 1.0
    reached = 0  # the highest bin with mass so far: the bins above it are all empty
    for outcomes in parts:
        # Each outcome moves the mass by a whole number of bins, worked out once per requirement.
        shifts = [(round(value * _BINS / 100), p) for value, p in outcomes if p != 0.0]
        step = [0.0] * len(distribution)
        for bin_index in range(reached + 1):
            p0 = distribution[bin_index]
            if p0 == 0.0:
                continue
            for shift, p in shifts:
                step[bin_index + shift] += p0 * p
        reached += max((shift for shift, _ in shifts), default=0)
        distribution = step
    distribution = [*distribution[:_BINS], sum(distribution[_BINS:])]
    low = high = None
    cumulative = 0.0
    for bin_index, p in enumerate(distribution):
        cumulative += p
        if low is None and cumulative >= RANGE_TAIL - 1e-12:
            low = bin_index
        if high is None and cumulative >= 1 - RANGE_TAIL - 1e-12:
            high = bin_index
            break
    scale = 100 / _BINS
    return round((0 if low is None else low) * scale, 1), round((_BINS if high is None else high) * scale, 1)
