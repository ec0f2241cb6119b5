"""A learning plan: the steps from a person's levels to a career path, in order, in hours and weeks.

Pure functions over the taxonomy and a mapping of current levels; no I/O. What "current level"
means is the caller's choice; the commands use the evidenced (most likely) level of each skill,
the report's "Now", so the plan starts where the report says the person stands.

- A step takes one skill from level L-1 to level L. It needs the level below it (levels are
  cumulative) and the prerequisites the taxonomy names for it (other skills at a level).
- The plan holds every step between a person's level and the path's required level for each
  requirement, and, transitively, every step those steps need that the person has not reached.
- Readiness here is counted at known levels: the weighted share of the path's required levels
  reached, 0-100 (the report's formula with every level certain). After the whole plan it is 100.
- Order: a step never comes before what it needs. Among what can come next, the step that raises
  readiness most per hour goes first, where a step that needs prerequisites not yet planned
  counts together with them (their hours and any readiness they add): a prerequisite is worth
  what it opens. Ties keep going with the skill just studied, then follow the path's weights and
  the taxonomy's order.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from skillcheck.errors import SkillcheckError
from skillcheck.measure.estimate import requirement_share
from skillcheck.taxonomy.models import CareerPath, Node, Skill, Taxonomy

# The hours of study after which `plan --compare` reports readiness.
MILESTONES = (10, 50, 100)


class PlanError(SkillcheckError):
    """A plan that cannot be made, such as a taxonomy without the effort of a needed step."""


@dataclass(frozen=True)
class PlanStep:
    skill: Skill
    level: int  # the level the step reaches, from level - 1
    hours: int
    for_path: bool  # the path requires this level; False: only a prerequisite of another step
    readiness_after: float  # readiness for the path once this step and every one before it are done


@dataclass(frozen=True)
class LearningPlan:
    path: CareerPath
    readiness_now: float
    steps: tuple[PlanStep, ...]

    @property
    def hours(self) -> int:
        return sum(step.hours for step in self.steps)


def readiness_at(career: CareerPath, levels: Mapping[str, int]) -> float:
    """Readiness for `career` with every level known: weight x min(level, required) / required."""
    total = sum(req.weight for req in career.requires)
    if total == 0:
        return 0.0
    return sum(requirement_share(req.weight, levels.get(req.skill, 0), req.level, total) for req in career.requires)


def meets(career: CareerPath, levels: Mapping[str, int]) -> bool:
    return all(levels.get(req.skill, 0) >= req.level for req in career.requires)


def _needs(skills: Mapping[str, Skill], node: Node) -> list[Node]:
    """What taking the step to `node` needs first: the level below, and the step's prerequisites."""
    skill_id, level = node
    below = [(skill_id, level - 1)] if level > 1 else []
    step = skills[skill_id].steps.get(level)
    return below + ([(p.skill, p.level) for p in step.requires] if step is not None else [])


def needed_steps(taxonomy: Taxonomy, levels: Mapping[str, int], career: CareerPath) -> set[Node]:
    """Every step the path needs from `levels`: its gaps and, transitively, their prerequisites."""
    skills = taxonomy.skills_by_id
    todo = [(r.skill, level) for r in career.requires for level in range(levels.get(r.skill, 0) + 1, r.level + 1)]
    needed: set[Node] = set()
    while todo:
        node = todo.pop()
        if node in needed:
            continue
        needed.add(node)
        todo.extend(n for n in _needs(skills, node) if n[1] > levels.get(n[0], 0) and n not in needed)
    return needed


def missing_effort(taxonomy: Taxonomy, nodes: Iterable[Node]) -> list[Node]:
    """The steps among `nodes` whose effort the taxonomy does not give, in taxonomy order."""
    skills = taxonomy.skills_by_id
    lacking = [node for node in nodes if not _has_hours(skills, node)]
    if not lacking:
        return []
    order = {skill.id: index for index, skill in enumerate(taxonomy.skills)}
    return sorted(lacking, key=lambda node: (order[node[0]], node[1]))


def _has_hours(skills: Mapping[str, Skill], node: Node) -> bool:
    step = skills[node[0]].steps.get(node[1])
    return step is not None and step.hours is not None


def hours_to_meet(taxonomy: Taxonomy, levels: Mapping[str, int], career: CareerPath) -> int | None:
    """Total hours of the steps the path needs; None when the taxonomy lacks the effort of one."""
    nodes = needed_steps(taxonomy, levels, career)
    skills = taxonomy.skills_by_id
    # Only whether one is missing: the report asks this for every path, so no sorted list here.
    if not all(_has_hours(skills, node) for node in nodes):
        return None
    return sum(_hours(skills, node) for node in nodes)


def _hours(skills: Mapping[str, Skill], node: Node) -> int:
    step = skills[node[0]].steps.get(node[1])
    assert step is not None and step.hours is not None  # checked by missing_effort first
    return step.hours


def learning_plan(taxonomy: Taxonomy, levels: Mapping[str, int], career: CareerPath) -> LearningPlan:
    """The ordered steps from `levels` to meeting `career` (empty when it is met already)."""
    nodes = needed_steps(taxonomy, levels, career)
    lacking = missing_effort(taxonomy, nodes)
    if lacking:
        shown = ", ".join(f"{s} level {level}" for s, level in lacking[:8]) + (", ..." if len(lacking) > 8 else "")
        raise PlanError(
            f"the taxonomy gives no effort estimate for {len(lacking)} step(s) this plan needs: {shown}. "
            "Add 'hours' and 'basis' to those levels under the skill's 'steps' (see README, 'Your own taxonomy')."
        )
    skills = taxonomy.skills_by_id
    total_weight = sum(req.weight for req in career.requires)
    required = {req.skill: req for req in career.requires}
    order = {skill.id: index for index, skill in enumerate(taxonomy.skills)}

    def gain(node: Node) -> float:
        req = required.get(node[0])
        if req is None or node[1] > req.level or total_weight == 0:
            return 0.0
        return 100 * req.weight / total_weight / req.level

    def tie_break(node: Node, last: str | None) -> tuple[bool, int, int, int]:
        req = required.get(node[0])
        return (node[0] != last, -(req.weight if req else 0), order[node[0]], node[1])

    reached = {s: levels.get(s, 0) for s in skills}
    pending = set(nodes)
    # Each skill's pending levels, so that its lowest is found without scanning every step.
    by_skill: dict[str, list[int]] = {}
    for s, level in sorted(pending):
        by_skill.setdefault(s, []).append(level)
    # A group's rate, kept until one of its steps is taken: taking a step changes only the groups
    # that hold it, so a plan of thousands of steps does not recompute every group at each one.
    groups: dict[Node, tuple[float, set[Node]]] = {}
    holding: dict[Node, set[Node]] = {}

    def closure(node: Node) -> set[Node]:
        """`node` and the pending steps it needs, transitively."""
        found = {node}
        todo = [node]
        while todo:
            for needed in _needs(skills, todo.pop()):
                if needed in pending and needed not in found:
                    found.add(needed)
                    todo.append(needed)
        return found

    def group(node: Node) -> tuple[float, set[Node]]:
        known = groups.get(node)
        if known is None:
            chunk = closure(node)
            # fsum: the same rate whatever order the set yields its steps in (hash seeds differ).
            rate = math.fsum(gain(n) for n in chunk) / sum(_hours(skills, n) for n in chunk)
            known = groups[node] = (rate, chunk)
            for member in chunk:
                holding.setdefault(member, set()).add(node)
        return known

    def take(node: Node) -> None:
        pending.discard(node)
        by_skill[node[0]].remove(node[1])
        if not by_skill[node[0]]:
            del by_skill[node[0]]
        for key in holding.pop(node, ()):
            groups.pop(key, None)

    def ready(node: Node) -> bool:
        return all(reached[s] >= level for s, level in _needs(skills, node))

    # Each requirement's share of readiness, updated as its skill rises: readiness after each
    # step is their sum, the same sum readiness_at makes, without recomputing every share.
    shares = [requirement_share(r.weight, reached.get(r.skill, 0), r.level, total_weight) for r in career.requires]
    share_of = {r.skill: index for index, r in enumerate(career.requires)}

    def readiness_now() -> float:
        return sum(shares) if total_weight else 0.0

    steps: list[PlanStep] = []
    last: str | None = None
    while pending:
        # One candidate per skill: its lowest pending level (a higher one needs it anyway).
        best: tuple[tuple[float, tuple[bool, int, int, int]], Node] | None = None
        for s, pending_levels in by_skill.items():
            candidate = (s, pending_levels[0])
            key = (-group(candidate)[0], tie_break(candidate, last))
            if best is None or key < best[0]:
                best = (key, candidate)
        assert best is not None
        chunk = set(group(best[1])[1])
        while chunk:
            # Within the chosen group, the same rule: what is ready, most readiness per hour first.
            candidates = [n for n in chunk if ready(n)]
            if not candidates:  # only a cycle could cause this, and validation rejects cycles
                raise PlanError(f"the prerequisites of {sorted(chunk)} form a cycle; run skillcheck validate.")
            node = min(candidates, key=lambda n: (-gain(n) / _hours(skills, n), tie_break(n, last)))
            chunk.discard(node)
            take(node)
            reached[node[0]] = node[1]
            if (index := share_of.get(node[0])) is not None:
                req = career.requires[index]
                shares[index] = requirement_share(req.weight, node[1], req.level, total_weight)
            last = node[0]
            steps.append(PlanStep(skills[node[0]], node[1], _hours(skills, node), gain(node) > 0, readiness_now()))
    return LearningPlan(career, readiness_at(career, levels), tuple(steps))


# --- weeks ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Week:
    number: int  # 1-based
    parts: tuple[tuple[int, float], ...]  # (index of the step in the plan, hours of it this week)

    @property
    def hours(self) -> float:
        return sum(hours for _, hours in self.parts)


def weeks(plan: LearningPlan, hours_per_week: float) -> list[Week]:
    """The plan's steps, one after the other, filling each week up to `hours_per_week`."""
    if hours_per_week <= 0:
        raise PlanError("hours per week must be more than 0.")
    result: list[Week] = []
    parts: list[tuple[int, float]] = []
    room = float(hours_per_week)
    for index, step in enumerate(plan.steps):
        left = float(step.hours)
        while left > 1e-9:
            if room <= 1e-9:
                result.append(Week(len(result) + 1, tuple(parts)))
                parts, room = [], float(hours_per_week)
            taken = min(left, room)
            parts.append((index, taken))
            left -= taken
            room -= taken
    if parts:
        result.append(Week(len(result) + 1, tuple(parts)))
    return result


def week_span(plan: LearningPlan, hours_per_week: float) -> list[tuple[int, int]]:
    """For each step, the first and last week it is studied in."""
    spans: dict[int, list[int]] = {}
    for week in weeks(plan, hours_per_week):
        for index, _ in week.parts:
            spans.setdefault(index, []).append(week.number)
    return [(min(spans[i]), max(spans[i])) for i in range(len(plan.steps))]


# A check-in comes at the latest after this many hours of study, even within one skill's steps:
# a 150-hour step should not leave a learner unmeasured for most of a year.
CHECK_IN_HOURS = 40


def check_ins(plan: LearningPlan) -> list[bool]:
    """After which steps to re-measure a skill: the last of that skill's steps in the plan, and any
    step that ends CHECK_IN_HOURS or more of study since the last check-in."""
    last = {step.skill.id: index for index, step in enumerate(plan.steps)}
    marks: list[bool] = []
    since = 0
    for index, step in enumerate(plan.steps):
        since += step.hours
        due = last[step.skill.id] == index or since >= CHECK_IN_HOURS
        marks.append(due)
        if due:
            since = 0
    return marks


def readiness_after_hours(plan: LearningPlan, hours: float) -> float:
    """Readiness once `hours` of the plan are studied; a step counts only when it is finished."""
    done = 0
    reached = plan.readiness_now
    for step in plan.steps:
        done += step.hours
        if done > hours + 1e-9:
            break
        reached = step.readiness_after
    return reached


def total_weeks(plan: LearningPlan, hours_per_week: float) -> int:
    return math.ceil(plan.hours / hours_per_week - 1e-9) if plan.steps else 0
