"""Which check to ask next for one skill, and when a skill is settled (the quiz's adaptive core)."""

from __future__ import annotations

import functools
import random

from skillcheck.measure.estimate import (
    Response,
    Tendency,
    best_levels,
    estimate_skill,
    expected_entropy_of,
    fit_tendency,
    fit_unchecked_tendency,
)
from skillcheck.measure.quizplan import (
    CHECK_CAP,
    QUICK_CHECKS_PER_SAMPLED_SKILL,
    STOP_PROBABILITY,
    QuizPlan,
    questions_of,
)
from skillcheck.measure.scoring import Fitted, calibrated, response_of
from skillcheck.taxonomy.models import Check, Question, Skill


def _sampled_for_quick(plan: QuizPlan, seed: int | None, skill: Skill) -> bool:
    """--quick checks a random share of skills, so which ones cannot be predicted or gamed."""
    share = plan.check_budget / QUICK_CHECKS_PER_SAMPLED_SKILL / max(1, len(plan.skills))
    return random.Random(f"{seed}:{skill.id}:sample").random() < share


@functools.lru_cache(maxsize=16)
def _fitted(top: int, earlier: tuple[tuple[int, tuple[float, ...]], ...], *, quick: bool) -> Tendency:
    """The tendency fit, once per window: every check of one skill sees the same earlier skills."""
    return (fit_unchecked_tendency if quick else fit_tendency)(top, earlier)


def next_check(
    plan: QuizPlan,
    seed: int | None,
    index: int,
    claim: int | None,
    skill_checks: list[Check],
    earlier: list[tuple[int, tuple[float, ...]]],
    used: int,
    asked: set[str],
) -> Question | None:
    """The check expected to narrow this skill's estimate most, or None when it is settled.

    Every rated skill gets at least one check in a full quiz (so no rating, not even a 0, goes
    unchecked), and more while no level is likely enough, up to a cap per skill and within the
    quiz's time budget, paced over the skills.
    """
    skill = plan.skills[index]
    if claim is None or len(skill_checks) >= CHECK_CAP[plan.quick]:
        return None
    budget = plan.check_budget
    # A full quiz paces its checks: a skill may have one beyond its first while it has fewer than
    # its share of what is left (rounded), so the budget is spread evenly rather than spent on
    # the first skills. The level error falls less with each further check of one skill, so an
    # even spread measures better, and every later rating still gets at least one check (the
    # share never falls below one). --quick spends its few checks evenly over the quiz.
    # --quick confirms each sampled rating with a second check: with four options one lucky
    # guess in four would otherwise pass for the claimed level, and through the person's
    # tendency lift every rating that was not checked.
    confirm = plan.quick and len(skill_checks) == 1 and used < budget
    if plan.quick:
        if used >= min(budget, budget * (index + 1) / len(plan.skills) + 1) and not confirm:
            return None
    elif skill_checks and len(skill_checks) + 0.5 >= (budget - used) / (len(plan.skills) - index):
        return None
    top = plan.taxonomy.top_level
    questions = questions_of(skill)
    responses = [response_of(c, questions.get(c.question), plan.fitted) for c in skill_checks]
    # Most ratings of a --quick quiz get no check, and they are read through the warier fit
    # (estimate.UNCHECKED_LEAN); its checks are there to learn how far to trust those ratings,
    # so they are chosen through that fit too: someone who knows nothing and claims 4 everywhere
    # then gets checks low enough to show it (docs/scoring.md, "A rating no check reached").
    tendency = _fitted(top, tuple(earlier), quick=plan.quick)
    posterior = estimate_skill(tendency, claim, responses).posterior
    # A rating is always checked in a full quiz (a sample of them with --quick), and a missed
    # check of the claimed level is always followed up: one miss may be a slip, and the
    # person's consistency elsewhere must not settle a claim its own check contradicts.
    first = max(claim, 1)
    if not skill_checks:
        must = _sampled_for_quick(plan, seed, skill) if plan.quick else True
    elif confirm:
        must = True
    else:
        must = claim > 0 and len(skill_checks) == 1 and skill_checks[0].level == first and not skill_checks[0].correct
    # A skill whose every check was missed is not credited with a level that no check reached:
    # the level the estimate leans to must itself be tested before the skill is settled.
    likely = max(range(len(posterior)), key=lambda level: posterior[level])
    unreached = (
        bool(skill_checks)
        and likely > 0
        and all(not c.correct for c in skill_checks)
        and min(c.level for c in skill_checks) > likely
    )
    if not must and not unreached and max(posterior) >= STOP_PROBABILITY[plan.quick]:
        return None
    candidates = [q for q in skill.questions if q.id not in asked]
    if not candidates:
        return None
    available = {q.level for q in candidates}
    # Every check, the first too, goes where it is expected to narrow the estimate most. For a
    # person whose checks bear out their ratings that is at or next to the claim; for one whose
    # claims say little (4 everywhere) it is where their level most likely is, rather than a
    # check of the claim that most of them would simply miss.
    if plan.fitted is not None and not (unreached and likely in available):
        best = _most_informative(posterior, candidates, plan.fitted)
    else:
        levels = [likely] if unreached and likely in available else best_levels(posterior, available)
        best = [q for q in candidates if q.level in levels]
    fresh = [q for q in best if q.id not in plan.seen] or best
    rng = random.Random(f"{seed}:{skill.id}:{len(skill_checks)}")
    return rng.choice(sorted(fresh, key=lambda q: q.id))


def _most_informative(posterior: tuple[float, ...], candidates: list[Question], fitted: Fitted) -> list[Question]:
    """With a calibration, each item is judged by its own fitted curve, not by its level tag."""
    scored = [
        (
            round(
                expected_entropy_of(posterior, calibrated(Response(q.level, len(q.options), "right"), q.id, fitted)), 9
            ),
            q,
        )
        for q in candidates
    ]
    best = min(score for score, _ in scored)
    return [q for score, q in scored if score == best]
