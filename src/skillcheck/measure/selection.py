"""Which check to ask next for one skill, and when a skill is settled (the quiz's adaptive core)."""

from __future__ import annotations

import math
import random
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace

from skillcheck.measure.estimate import (
    Carried,
    Response,
    Tendency,
    best_levels,
    estimate_skill,
    expected_entropy_of,
    expected_error_after,
    fit_tendency,
    fit_unchecked_tendency,
    highest_tested,
    reported_error,
)
from skillcheck.measure.quizplan import (
    CHECK_CAP,
    FINAL_GAIN,
    QUICK_SAMPLE_SHARE,
    STOP_PROBABILITY,
    QuizPlan,
    questions_of,
)
from skillcheck.measure.scoring import Fitted, calibrated, response_of
from skillcheck.taxonomy.models import Check, Question, Skill


@dataclass(frozen=True)
class Choice:
    """The next check of a skill (None: settled), and whether the level it was wanted at had no
    question left that the person has not been asked before."""

    question: Question | None
    not_fresh: bool = False


SETTLED = Choice(None)


def fitted(top: int, earlier: list[tuple[int, tuple[float, ...]]], *, quick: bool, floor: float) -> Tendency:
    """The tendency the next checks are chosen through, from (claim, likelihood) of earlier skills.

    Most ratings of a --quick quiz get no check, and they are read through the warier fit
    (estimate.UNCHECKED_LEAN); its checks are there to learn how far to trust those ratings, so
    they are chosen through that fit too: someone who knows nothing and claims 4 everywhere then
    gets checks low enough to show it (docs/scoring.md, "A rating no check reached").
    """
    return replace((fit_unchecked_tendency if quick else fit_tendency)(top, earlier), floor=floor)


def quick_sample(plan: QuizPlan, seed: int | None, ratings: dict[str, int | None]) -> list[int]:
    """--quick's order of rated skills to check, drawn once every rating is in: shuffled within
    each area by `seed` (the sample seed drawn at that moment, flow.run's `draw`) and dealt out
    area by area in proportion to their size, so every area is reached early and nothing seen
    while rating, the draft included, tells which skills will be checked."""
    rng = random.Random(f"{seed}:quick-sample")
    by_area: dict[str, list[int]] = {}
    for index, skill in enumerate(plan.skills):
        if ratings.get(skill.id) is not None:
            by_area.setdefault(skill.area, []).append(index)
    for members in by_area.values():
        rng.shuffle(members)
    total = sum(len(members) for members in by_area.values())
    # Deal by each area's due share (largest remainder first), so an area of 7 skills among 60
    # gets its first check among the first nine, not after every larger area.
    dealt = dict.fromkeys(by_area, 0)
    order: list[int] = []
    for position in range(total):
        area = max(
            (a for a in by_area if dealt[a] < len(by_area[a])),
            key=lambda a: ((position + 1) * len(by_area[a]) / total - dealt[a], len(by_area[a])),
        )
        order.append(by_area[area][dealt[area]])
        dealt[area] += 1
    return order


def quick_sample_size(plan: QuizPlan) -> int:
    """How many rated skills --quick means to check once before any gets a second check."""
    return math.ceil(plan.check_budget * QUICK_SAMPLE_SHARE)


def next_check(
    plan: QuizPlan,
    seed: int | None,
    index: int,
    claim: int | None,
    skill_checks: list[Check],
    tendency: Tendency,
    used: int,
    asked: Collection[str],
    retired: Collection[str] = (),
    carried: Carried | None = None,
    position: int | None = None,
    before: tuple[int | None, float] | None = None,
) -> Choice:
    """The check expected to narrow this skill's estimate most, or SETTLED.

    A full quiz checks every rated skill at least once (so no rating, not even a 0, goes
    unchecked), and more while no level is likely enough, up to a cap per skill and within the
    quiz's time budget, paced over the skills. --quick checks the skills of its sample
    (`position` is the skill's place in it): once each, then a second time while the budget
    allows. Neither a question of this quiz (`asked`) nor one of an earlier assessment
    (`retired`: its key may have been read in a report) is asked again.
    """
    skill = plan.skills[index]
    budget = plan.main_budget
    if claim is None or len(skill_checks) >= CHECK_CAP[plan.quick] or used >= budget:
        return SETTLED
    responses = _responses(plan, skill, skill_checks)
    posterior = estimate_skill(tendency, claim, responses, carried, before).posterior
    likely = max(range(len(posterior)), key=lambda level: posterior[level])
    tested = highest_tested(claim, responses, carried)
    # A level above both the claim and every level answered right is never reported as shown
    # (estimate.held_to_tested): where the evidence leans there, a check there comes first.
    above = likely > tested
    if plan.quick:
        assert position is not None
        # Every sampled skill is owed its first check before any gets a second one.
        owed = max(0, quick_sample_size(plan) - position - 1)
        if skill_checks and used >= budget - owed:
            return SETTLED
        must = not skill_checks
    else:
        # A full quiz paces its checks: a skill may have one beyond its first while it has fewer
        # than its share of what is left (rounded), so the budget is spread evenly rather than
        # spent on the first skills, and every later rating still gets at least one check.
        if skill_checks and not above and len(skill_checks) + 0.5 >= (budget - used) / (len(plan.skills) - index):
            return SETTLED
        # A missed check of the claimed level is always followed up: one miss may be a slip, and
        # the person's consistency elsewhere must not settle a claim its own check contradicts.
        first = max(claim, 1)
        must = not skill_checks or (
            claim > 0 and len(skill_checks) == 1 and skill_checks[0].level == first and not skill_checks[0].correct
        )
    # A skill whose every check was missed is not credited with a level that no check reached:
    # the level the estimate leans to must itself be tested before the skill is settled.
    unreached = (
        bool(skill_checks)
        and likely > 0
        and all(not c.correct for c in skill_checks)
        and min(c.level for c in skill_checks) > likely
    )
    if not must and not unreached and not above and max(posterior) >= STOP_PROBABILITY[plan.quick]:
        return SETTLED
    if above:
        wanted = [tested + 1]
    elif unreached:
        wanted = [likely]
    else:
        # Every check, the first too, goes where it is expected to narrow the estimate most. For a
        # person whose checks bear out their ratings that is at or next to the claim; for one
        # whose claims say little (4 everywhere) it is where their level most likely is.
        wanted = best_levels(posterior, {q.level for q in skill.questions if q.id not in asked})
    fresh = [q for q in skill.questions if q.id not in asked and q.id not in retired]
    if plan.fitted is not None and not above and not unreached and fresh:
        best = _most_informative(posterior, fresh, plan.fitted)
    else:
        best = [q for q in fresh if q.level in wanted]
    not_fresh = not best and any(q.level in wanted and q.id not in asked for q in skill.questions)
    if not best:
        # Every question at the level wanted was asked before (its key may have been read in a
        # report): the next most telling level that has one, or none, and the earlier answers stand.
        best = [q for q in fresh if q.level in best_levels(posterior, {q.level for q in fresh})]
    if not best:
        return Choice(None, not_fresh)
    rng = random.Random(f"{seed}:{skill.id}:{len(skill_checks)}")
    return Choice(rng.choice(sorted(best, key=lambda q: q.id)), not_fresh)


@dataclass(frozen=True)
class FinalCheck:
    """The final round's next check: the skill's index in the plan and the question."""

    index: int
    question: Question


def final_check(
    plan: QuizPlan,
    seed: int | None,
    ratings: Mapping[str, int | None],
    checks: Mapping[str, list[Check]],
    tendency: Tendency,
    used: int,
    asked: Collection[str],
    retired: Collection[str] = (),
    carried: Mapping[str, Carried] | None = None,
) -> FinalCheck | None:
    """The final round's next check, or None when it is over; `used` is the checks given so far.

    Once every skill is rated and checked in turn, what is left of the budget goes where one
    more answer is expected to cut the reported level's error most, read through the tendency
    fitted on all the answers: the skill-by-skill pass had to choose before most of them were in.
    The round ends at the budget, or once no check is expected to cut the error by FINAL_GAIN.
    """
    if not plan.final_round or used >= plan.check_budget:
        return None
    carried = carried or {}
    best: tuple[float, int, list[Question]] | None = None
    for index, skill in enumerate(plan.skills):
        claim = ratings.get(skill.id)
        given = checks.get(skill.id, [])
        if claim is None or len(given) >= CHECK_CAP[False]:
            continue
        fresh = [q for q in skill.questions if q.id not in asked and q.id not in retired]
        if not fresh:
            continue
        posterior = estimate_skill(tendency, claim, _responses(plan, skill, given), carried.get(skill.id)).posterior
        now = reported_error(posterior)
        if now < FINAL_GAIN:
            continue  # no check can cut an error smaller than the least cut asked for
        scored: dict[str, float] = {}
        after: dict[Response, float] = {}  # questions that read alike are worked out once
        for question in fresh:
            item = _item(question, plan.fitted)
            if item not in after:
                after[item] = expected_error_after(posterior, item)
            scored[question.id] = round(now - after[item], 9)
        gain = max(scored.values())
        # Ties go to the skill met first: a later one must gain strictly more.
        if gain >= FINAL_GAIN and (best is None or gain > best[0]):
            best = (gain, index, [q for q in fresh if scored[q.id] == gain])
    if best is None:
        return None
    _, index, candidates = best
    skill = plan.skills[index]
    rng = random.Random(f"{seed}:{skill.id}:{len(checks.get(skill.id, []))}")
    return FinalCheck(index, rng.choice(sorted(candidates, key=lambda q: q.id)))


def _responses(plan: QuizPlan, skill: Skill, given: list[Check]) -> list[Response]:
    """A skill's answered checks as the estimator reads them (through the plan's calibration)."""
    questions = questions_of(skill)
    return [response_of(check, questions.get(check.question), plan.fitted) for check in given]


def _item(question: Question, fitted: Fitted | None) -> Response:
    """A question as a check to be asked: its curve, by its level tag or by a calibration's fit."""
    return calibrated(Response(question.level, len(question.options), "right"), question.id, fitted)


def _most_informative(posterior: tuple[float, ...], candidates: list[Question], fitted: Fitted) -> list[Question]:
    """With a calibration, each question is judged by its own fitted curve, not by its level tag."""
    scored = [(round(expected_entropy_of(posterior, _item(q, fitted)), 9), q) for q in candidates]
    best = min(score for score, _ in scored)
    return [q for score, q in scored if score == best]
