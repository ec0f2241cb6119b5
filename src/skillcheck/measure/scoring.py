"""Pure scoring: an assessment and a taxonomy in, level estimates and path readiness out.

The model is in docs/scoring.md; the estimator itself in estimate.py.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from skillcheck.measure.estimate import (
    CALIBRATED_FLOOR,
    FLOOR,
    VERDICT_PROBABILITY,
    Carried,
    Estimates,
    LevelEstimate,
    RatingVerdict,
    Readiness,
    Response,
    ResponseOutcome,
    carried,
    estimate_all,
    expected_readiness,
    readiness,
)
from skillcheck.taxonomy.models import (
    Answer,
    Assessment,
    CareerPath,
    Check,
    EarlierCheck,
    Question,
    Rating,
    Skill,
    Taxonomy,
)
from skillcheck.times import days_between

Calibration = RatingVerdict


class ItemParams(NamedTuple):
    """An item's fitted difficulty (on the level scale) and slope (1.0: as steep as the model's)."""

    difficulty: float
    slope: float


# Question id -> fitted parameters, from a calibration file (`skillcheck calibrate`); None: as tagged.
Fitted = Mapping[str, ItemParams]


def response_of(check: Check, question: Question | None, fitted: Fitted | None = None) -> Response:
    """A stored check as the estimator reads it: right, wrong, or no answer (skip, I don't know)."""
    options = len(question.options) if question is not None else 4
    response = Response(check.level, options, _outcome(check.correct, check.choice))
    return calibrated(response, check.question, fitted)


def calibrated(response: Response, question_id: str, fitted: Fitted | None) -> Response:
    """The response read through the item's fitted parameters, where a calibration has them."""
    params = fitted.get(question_id) if fitted is not None else None
    if params is None:
        return response
    return Response(response.level, response.options, response.outcome, params.difficulty, params.slope)


def _outcome(correct: bool, choice: str | None) -> ResponseOutcome:
    return "right" if correct else "unknown" if choice is None else "wrong"


def assessed_skills(assessment: Assessment) -> list[str]:
    """The skills the assessment covered: its plan, or (older files) the skills it rated."""
    return list(assessment.skills) or list(dict.fromkeys(assessment.ratings))


def measured_skills(assessment: Assessment) -> set[str]:
    """The covered skills there is evidence about: rated, or checked. A skill skipped at its
    rating gets no checks, so nothing at all is known of it: it is not assessed."""
    rated = {skill for skill, level in assessment.ratings.items() if level is not None}
    checked = {check.skill for check in assessment.checks}
    return set(assessed_skills(assessment)) & (rated | checked)


Evidence = tuple[dict[str, int | None], dict[str, list[Response]]]


def _read_now(check: Check | EarlierCheck, taxonomy: Taxonomy, fitted: Fitted | None = None) -> Response | None:
    """A stored check read against the taxonomy as it is now: the level its question probes now,
    and whether the option picked is right now (through `fitted`, a calibration, where given);
    None if the skill or question is gone."""
    skill = taxonomy.skills_by_id.get(check.skill)
    question = None if skill is None else next((q for q in skill.questions if q.id == check.question), None)
    if question is None:
        return None
    outcome = _outcome(question.is_correct(check.choice), check.choice)
    return calibrated(Response(question.level, len(question.options), outcome), question.id, fitted)


def earlier_evidence(
    earlier: Sequence[EarlierCheck], taxonomy: Taxonomy, now: str, fitted: Fitted | None = None
) -> dict[str, Carried]:
    """What each skill's checks in earlier assessments carry forward to an assessment begun `now`."""
    sessions: dict[str, dict[str, list[Response]]] = {}
    for check in earlier:
        response = _read_now(check, taxonomy, fitted)
        if response is not None:
            sessions.setdefault(check.skill, {}).setdefault(check.at, []).append(response)
    return {
        skill_id: carried(taxonomy.top_level, [(days_between(at, now), given) for at, given in by_time.items()])
        for skill_id, by_time in sessions.items()
    }


def _evidence(
    answers: Sequence[Answer], skill_ids: Sequence[str], taxonomy: Taxonomy, fitted: Fitted | None = None
) -> Evidence:
    """Claims and check responses per skill, read against the taxonomy as it is now."""
    skills = taxonomy.skills_by_id
    top = taxonomy.top_level
    ratings = {a.skill: a.level for a in answers if isinstance(a, Rating)}
    claims: dict[str, int | None] = {}
    for skill_id in skill_ids:
        if skill_id in skills:
            claim = ratings.get(skill_id)
            # A stored rating outside the scale (hand-edited, or an older scale) is clamped.
            claims[skill_id] = None if claim is None else max(0, min(top, claim))
    responses: dict[str, list[Response]] = {}
    seen: set[str] = set()
    for check in answers:
        if not isinstance(check, Check) or check.question in seen:
            continue  # a duplicate of an answered check
        seen.add(check.question)
        response = _read_now(check, taxonomy, fitted)
        if response is not None:
            responses.setdefault(check.skill, []).append(response)
    return claims, responses


def rated_before(assessment: Assessment) -> dict[str, tuple[int | None, float]]:
    """For each re-measured skill, its rating in the full assessment and the days since then (from
    when that assessment's checks of it were taken, carried in `earlier`)."""
    ratings = {a.skill: a.level for a in assessment.replaced if isinstance(a, Rating)}
    replaced = {a.question for a in assessment.replaced if isinstance(a, Check)}
    # The full assessment's own checks of the skill are the oldest carried: the most days ago.
    days: dict[str, float] = {}
    for check in assessment.earlier:
        if check.question in replaced:
            days[check.skill] = max(days.get(check.skill, 0.0), days_between(check.at, assessment.started_at))
    return {skill_id: (level, days.get(skill_id, 0.0)) for skill_id, level in ratings.items()}


def prior_floor(fitted: Fitted | None) -> float:
    """The share of each checked rating's prior spread evenly over the levels: more with a
    calibration, whose fitted (mostly flatter) curves make each answer weaker evidence against a
    claim (docs/scoring.md, "A rating no check reached")."""
    return FLOOR if fitted is None else CALIBRATED_FLOOR


def estimate_assessment(assessment: Assessment, taxonomy: Taxonomy, fitted: Fitted | None = None) -> Estimates:
    """Estimates for every skill of the taxonomy; skills the assessment never covered are level 0.

    `fitted` (a calibration's item parameters) replaces the level tags of the items it covers."""
    top = taxonomy.top_level
    covered = assessed_skills(assessment)
    claims, responses = _evidence(assessment.answers, covered, taxonomy, fitted)
    fit: Evidence | None = None
    before: dict[str, tuple[int | None, float]] | None = None
    if assessment.only:
        # After `quiz --skill`, the rating tendency is still the one the last full assessment
        # learned (its answers: those kept, and those the re-measurement replaced), so every
        # skill it kept keeps its estimate exactly; the new answers count for their skills only.
        only = set(assessment.only)
        full = [a for a in assessment.answers if a.skill not in only] + list(assessment.replaced)
        fit = _evidence(full, covered, taxonomy, fitted)
        before = rated_before(assessment)
    # Earlier checks count for the skills this assessment covers; the others stay unassessed.
    inside = set(covered)
    kept = [check for check in assessment.earlier if check.skill in inside]
    earlier = earlier_evidence(kept, taxonomy, assessment.started_at, fitted) if kept else None
    estimates = estimate_all(
        top, claims, responses, fit=fit, earlier=earlier, rated_before=before, floor=prior_floor(fitted)
    )
    unassessed = LevelEstimate(None, tuple([1.0] + [0.0] * top), 0)
    for skill in taxonomy.skills:
        estimates.skills.setdefault(skill.id, unassessed)
    return estimates


@dataclass(frozen=True)
class Gap:
    skill: Skill
    estimate: LevelEstimate
    required: int
    weight: int
    # False: the assessment did not measure the skill, so its level 0 is a starting point, not a finding.
    assessed: bool = True

    @property
    def current(self) -> int:
        return self.estimate.level

    @functools.cached_property
    def shortfall(self) -> float:
        """Expected number of levels missing, under the estimate's uncertainty."""
        return sum(p * max(0, self.required - level) for level, p in enumerate(self.estimate.posterior))

    @property
    def priority(self) -> float:
        """What the gap costs: weight x expected shortfall."""
        return round(self.weight * self.shortfall, 1)

    @property
    def next_level(self) -> int:
        """The first level the evidence does not already show (P(level >= L) < 0.8)."""
        shown = self.current
        cumulative = 1.0
        for level, p in enumerate(self.estimate.posterior):
            if cumulative >= VERDICT_PROBABILITY:
                shown = max(shown, level)
            cumulative -= p
        return min(shown + 1, self.required)


def fully_assessed(assessed: int, required: int) -> bool:
    """A path is fully assessed when the assessment covered every skill it requires."""
    return assessed >= required


# A requirement counts as met when its level is at least this likely, not merely most likely.
MEETS_PROBABILITY = VERDICT_PROBABILITY


@dataclass(frozen=True)
class PathScore:
    path: CareerPath
    expected: float  # expected readiness, 0-100: what orders the paths
    gaps: tuple[Gap, ...]  # every required skill whose evidenced level is below the requirement
    assessed: int  # required skills the assessment covered
    required: int
    p_met: tuple[float, ...] = ()  # per requirement, in the taxonomy's order: P(level >= required)
    # (weight, required level, posterior) per requirement, and whether its estimate is shared by
    # the others (see `readiness`): what the range is worked out from, when it is asked for.
    parts: tuple[tuple[float, int, tuple[float, ...]], ...] = ()
    shared: tuple[bool, ...] = ()

    @functools.cached_property
    def readiness(self) -> Readiness:
        """Readiness with its 80% range. The range's exact distribution is most of the cost of
        scoring, so it is worked out on first use; `team` never asks for it."""
        return readiness(self.parts, self.shared)

    @property
    def fully_assessed(self) -> bool:
        return fully_assessed(self.assessed, self.required)

    @property
    def met(self) -> int:
        """Requirements likely met (P >= MEETS_PROBABILITY)."""
        return sum(p >= MEETS_PROBABILITY for p in self.p_met)

    @property
    def meets(self) -> bool:
        return self.fully_assessed and self.met == len(self.path.requires)


def score_path(
    career: CareerPath, estimates: Mapping[str, LevelEstimate], skills: Mapping[str, Skill], assessed: set[str]
) -> PathScore:
    """Readiness: weighted coverage of the required levels, 0-100, under the estimates' uncertainty."""
    parts = []
    # Ratings no check reached are all read through the same rating tendency: they err together.
    shared = []
    gaps: list[tuple[float, int, int, Gap]] = []
    for order, req in enumerate(career.requires):
        estimate = estimates[req.skill]
        parts.append((float(req.weight), req.level, estimate.posterior))
        shared.append(estimate.unchecked)
        if estimate.level < req.level:
            gap = Gap(skills[req.skill], estimate, req.level, req.weight, req.skill in assessed)
            gaps.append((-gap.priority, -req.weight, order, gap))
    covered = sum(1 for req in career.requires if req.skill in assessed)
    p_met = tuple(1.0 - estimates[req.skill].p_below(req.level) for req in career.requires)
    return PathScore(
        career,
        expected_readiness(parts),
        tuple(item[3] for item in sorted(gaps, key=lambda t: t[:3])),
        covered,
        len(career.requires),
        p_met,
        tuple(parts),
        tuple(shared),
    )


def score_paths(taxonomy: Taxonomy, estimates: Mapping[str, LevelEstimate], assessed: set[str]) -> list[PathScore]:
    """Every path, the closest first: fully assessed paths before the others, then by readiness."""
    skills = taxonomy.skills_by_id
    scored = [score_path(p, estimates, skills, assessed) for p in taxonomy.paths]
    return sorted(scored, key=lambda s: (not s.fully_assessed, -s.expected))


def within_noise(scored: Sequence[PathScore]) -> list[PathScore]:
    """The paths after the closest whose 80% readiness range overlaps the closest one's."""
    if not scored:
        return []
    best = scored[0]
    return [s for s in scored[1:] if s.fully_assessed == best.fully_assessed and s.readiness.high >= best.readiness.low]
