"""What one quiz asks: its skills in order, how thoroughly to check them, and its time budget."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from skillcheck.errors import SkillcheckError
from skillcheck.measure import pace
from skillcheck.taxonomy.load import check_path_ids, check_skill_ids
from skillcheck.taxonomy.models import CareerPath, Question, Skill, Taxonomy

if TYPE_CHECKING:
    from skillcheck.measure.scoring import Fitted

# The check budget, in the units it was first set in (seconds per prompt): a full quiz may ask
# skills x (44 - 8) / 14 checks, --quick skills x (12 - 8) / 14. They state no time: the time a
# quiz takes comes from the reading model in pace.py.
SECONDS_PER_RATING = 8
SECONDS_PER_CHECK = 14
SECONDS_PER_SKILL = {False: 44, True: 12}
# Checks of one skill stop when one level reaches this probability, or at the cap.
STOP_PROBABILITY = {False: 0.85, True: 0.75}
CHECK_CAP = {False: 4, True: 2}
# A full quiz keeps this share of its check budget for a final round, after the last rating: each
# check there goes to the skill where one more answer is expected to cut the reported level's
# error most, judged on every answer given (docs/scoring.md, "The final round").
FINAL_SHARE = 0.3
# ... and asks it only where that cut is at least this many levels, so a clear result ends early.
FINAL_GAIN = 0.05
# A quiz of more skills has no final round: every step of it weighs each skill again.
FINAL_SKILLS_MAX = 200
# --quick checks a sample of the ratings once all are in: this share of its budget goes to first
# checks of distinct skills, the rest to second checks (see selection.next_check).
QUICK_SAMPLE_SHARE = 0.5
# The tendency to over- or under-rate is fitted, while the quiz runs, on the most recent checked
# skills only: enough to learn it, and the wait after an answer stays flat at 10,000 skills.
TENDENCY_WINDOW = 60
# ... and refitted at most about this many times a quiz: up to 200 skills before every skill, in a
# larger quiz once per block of skills, so an answers file of 10,000 skills takes seconds, not minutes.
TENDENCY_REFITS = 200


@dataclass(frozen=True)
class QuizPlan:
    """What one quiz asks: the skills in order, and how thoroughly to check them."""

    taxonomy: Taxonomy
    skills: tuple[Skill, ...]
    paths: tuple[str, ...]
    quick: bool
    only: tuple[str, ...] = ()  # quiz --skill: these skills only; the rest are kept from the last assessment
    asks_goal: bool = False  # the quiz opens by asking which path the person aims for
    goal: str | None = None  # quiz --goal: the goal given, so the quiz does not ask it
    # A calibration's item parameters (quiz --calibration): checks are read and chosen through them.
    fitted: Fitted | None = field(default=None, compare=False, hash=False)

    @cached_property
    def reading(self) -> dict[str, tuple[float, float, int]]:
        """Per skill, the reading model's seconds for its rating screen, the summed seconds of its
        checks and how many it has: worked out once, not at every prompt."""
        out: dict[str, tuple[float, float, int]] = {}
        for skill in self.skills:
            checks = [pace.check_seconds(q) for q in skill.questions]
            out[skill.id] = (pace.rating_seconds(skill, self.taxonomy), sum(checks), len(checks))
        return out

    @cached_property
    def _reading_suffix(self) -> list[tuple[float, float, int]]:
        """From each skill on: the summed rating seconds, check seconds and checks (one extra at the end)."""
        out = [(0.0, 0.0, 0)]
        for skill in reversed(self.skills):
            rating, checks, count = self.reading[skill.id]
            last = out[-1]
            out.append((last[0] + rating, last[1] + checks, last[2] + count))
        return out[::-1]

    def reading_from(self, first: int) -> tuple[float, float, int]:
        """The reading sums of the skills from `first` on, in constant time."""
        return self._reading_suffix[min(first, len(self.skills))]

    def mean_check_seconds(self, skills: Sequence[Skill]) -> float:
        """What one check of these skills takes on average, over their questions."""
        total = sum(self.reading[skill.id][1] for skill in skills)
        count = sum(self.reading[skill.id][2] for skill in skills)
        return total / count if count else pace.mean_check_seconds(())

    @property
    def final_round(self) -> bool:
        """Whether the quiz ends with a final round (a full quiz of all its skills, not too large)."""
        return not self.quick and not self.only and len(self.skills) <= FINAL_SKILLS_MAX

    @property
    def main_budget(self) -> int:
        """The checks the skill-by-skill pass may ask: the budget less the final round's share."""
        if not self.final_round:
            return self.check_budget
        return max(1, round(self.check_budget * (1 - FINAL_SHARE)))

    @property
    def check_budget(self) -> int:
        """How many checks the whole quiz may ask, from its time budget."""
        if self.only:
            # A re-measure is a few skills asked about again: each may have its full share of
            # checks, since its new answers must outweigh the earlier ones it is read with.
            return len(self.skills) * CHECK_CAP[self.quick]
        seconds = len(self.skills) * (SECONDS_PER_SKILL[self.quick] - SECONDS_PER_RATING)
        return max(3, seconds // SECONDS_PER_CHECK)


def plan_quiz(
    taxonomy: Taxonomy,
    path_ids: list[str] | tuple[str, ...] = (),
    *,
    quick: bool = False,
    skill_ids: list[str] | tuple[str, ...] = (),
    ask_goal: bool = False,
    goal: str | None = None,
    fitted: Fitted | None = None,
) -> QuizPlan:
    """Skills area by area; with `path_ids`, only the skills those paths require; with
    `skill_ids` (quiz --skill), only those skills."""
    if path_ids and skill_ids:
        raise SkillcheckError("--path and --skill are different choices; use one of them.")
    check_path_ids(taxonomy, path_ids)
    check_skill_ids(taxonomy, skill_ids)
    if goal is not None:
        check_path_ids(taxonomy, (goal,))
    wanted: set[str] | None = None
    if path_ids:
        wanted = {req.skill for p in path_ids for req in taxonomy.path(p).requires}
    if skill_ids:
        wanted = set(skill_ids)
    area_order = {area.id: index for index, area in enumerate(taxonomy.areas)}
    skills = [s for s in taxonomy.skills if wanted is None or s.id in wanted]
    skills.sort(key=lambda s: area_order.get(s.area, len(area_order)))  # stable: file order within an area
    only = tuple(s.id for s in skills) if skill_ids else ()
    # A re-measure keeps the goal of the assessment it updates; it does not ask again.
    asks = ask_goal and not skill_ids and goal is None
    return QuizPlan(taxonomy, tuple(skills), tuple(path_ids), quick, only, asks, goal, fitted)


@dataclass(frozen=True)
class RateStep:
    skill: Skill
    area_start: bool = False  # the first skill of an area after the first: the quiz may stop here


@dataclass(frozen=True)
class GoalStep:
    """Which path the person aims for: every path of the taxonomy, or 0 for not sure."""

    paths: tuple[CareerPath, ...]


@dataclass(frozen=True)
class CheckStep:
    skill: Skill
    question: Question
    order: tuple[int, ...]  # file indexes of the options in the order shown
    final: bool = False  # a check of the final round, after the last rating


Step = GoalStep | RateStep | CheckStep


@dataclass(frozen=True)
class Progress:
    skill_number: int  # 1-based position of the current skill in the plan
    skill_total: int
    area: str
    seconds_left: int
    final: bool = False  # in the final round: every skill is rated


def questions_of(skill: Skill) -> dict[str, Question]:
    return {q.id: q for q in skill.questions}
