"""Pure scoring: an assessment and a taxonomy in, report values out. The model is in docs/scoring.md."""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from skillcheck.models import CareerPath, Check, Skill, Taxonomy

Calibration = Literal["consistent", "overconfident", "underconfident", "unverified", "not-rated"]


@dataclass(frozen=True)
class SkillScore:
    skill: Skill
    claimed: int | None  # None: skipped, or not in the assessment
    evidenced: int
    verified: bool  # at least one check ran
    calibration: Calibration
    missed_at: int | None  # the lowest level at or below the claim whose check was missed
    passed_above: int | None  # the level above the claim whose stretch check was passed


def score_skill(skill: Skill, claimed: int | None, checks: Sequence[Check]) -> SkillScore:
    """Evidenced level and calibration of one skill from its self-rating and its checks.

    Evidenced is the claim, lowered to one below the lowest missed check at or below the
    claim. The adaptive quiz probes downwards until a check passes, so that is the highest
    level whose check was passed; levels that no check could probe get the benefit of the
    doubt. A stretch check passed above the claim never raises it: it marks underconfidence.
    """
    if claimed is None:
        return SkillScore(skill, None, 0, bool(checks), "not-rated", None, None)
    misses = [c.level for c in checks if not c.correct and c.level <= claimed]
    missed_at = min(misses) if misses else None
    evidenced = claimed if missed_at is None else min(claimed, missed_at - 1)
    stretch = [c.level for c in checks if c.correct and c.level > claimed]
    passed_above = max(stretch) if stretch else None
    calibration: Calibration
    if not checks:
        calibration = "unverified"
    elif missed_at is not None:
        calibration = "overconfident"
    elif passed_above is not None:
        calibration = "underconfident"
    else:
        calibration = "consistent"
    return SkillScore(skill, claimed, evidenced, bool(checks), calibration, missed_at, passed_above)


def score_skills(
    taxonomy: Taxonomy, ratings: Mapping[str, int | None], checks: Iterable[Check]
) -> dict[str, SkillScore]:
    by_skill: dict[str, list[Check]] = {}
    for check in checks:
        by_skill.setdefault(check.skill, []).append(check)
    return {
        skill.id: score_skill(skill, ratings.get(skill.id), by_skill.get(skill.id, ())) for skill in taxonomy.skills
    }


def overall_calibration(scores: Iterable[SkillScore]) -> Calibration:
    """Over the verified skills: a leaning is called when at least a quarter of them share it."""
    verified = [s.calibration for s in scores if s.verified and s.claimed is not None]
    if not verified:
        return "unverified"
    over = verified.count("overconfident")
    under = verified.count("underconfident")
    if over > under and over * 4 >= len(verified):
        return "overconfident"
    if under > over and under * 4 >= len(verified):
        return "underconfident"
    return "consistent"


@dataclass(frozen=True)
class Gap:
    skill: Skill
    current: int
    required: int
    weight: int

    @property
    def shortfall(self) -> int:
        return self.required - self.current

    @property
    def priority(self) -> int:
        return self.weight * self.shortfall


@dataclass(frozen=True)
class PathScore:
    path: CareerPath
    readiness: float  # 0-100
    gaps: tuple[Gap, ...]  # every required skill below its level, most costly first


def score_path(career: CareerPath, evidenced: Mapping[str, int], skills: Mapping[str, Skill]) -> PathScore:
    """Readiness: weighted coverage of the required levels, 0-100; gaps ranked by weight x shortfall."""
    total = 0
    covered = 0.0
    gaps: list[tuple[int, int, int, Gap]] = []
    for order, req in enumerate(career.requires):
        current = evidenced.get(req.skill, 0)
        total += req.weight
        covered += req.weight * min(current, req.level) / req.level
        if current < req.level:
            gap = Gap(skills[req.skill], current, req.level, req.weight)
            # Sort key: priority, then weight, then the order the path lists its skills.
            gaps.append((-gap.priority, -req.weight, order, gap))
    readiness = round(100 * covered / total, 1) if total else 0.0
    return PathScore(career, readiness, tuple(item[3] for item in sorted(gaps, key=lambda t: t[:3])))


def score_paths(taxonomy: Taxonomy, evidenced: Mapping[str, int], path_ids: Sequence[str] = ()) -> list[PathScore]:
    """Every path (or those named), best readiness first; ties keep the taxonomy's order."""
    skills = taxonomy.skills_by_id
    chosen = [p for p in taxonomy.paths if not path_ids or p.id in path_ids]
    scored = [score_path(p, evidenced, skills) for p in chosen]
    return sorted(scored, key=lambda s: -s.readiness)


def top_gaps(scored: PathScore, count: int) -> list[Gap]:
    return heapq.nsmallest(count, scored.gaps, key=lambda g: (-g.priority, -g.weight))
