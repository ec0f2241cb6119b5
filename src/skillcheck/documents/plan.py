"""The learning plan as plain values: what `skillcheck plan --json` prints, and its contract.

Like report.py, a tree of TypedDicts: plain dicts at run time, a contract at type-check time
(`schemas/plan.schema.json`, `skillcheck schema --of plan`). The text and Markdown layouts in
planrender.py are built from this same document.
"""

from __future__ import annotations

from typing import Any, Literal

# pydantic (for the schema) needs typing_extensions' TypedDict before Python 3.12.
from typing_extensions import TypedDict

from skillcheck.documents.report import ResourceOut, TaxonomyOut, level_name, resource_out
from skillcheck.measure.learning import (
    MILESTONES,
    LearningPlan,
    PlanError,
    check_ins,
    hours_to_meet,
    learning_plan,
    readiness_after_hours,
    readiness_at,
    total_weeks,
    week_span,
)
from skillcheck.measure.scoring import Fitted, estimate_assessment, measured_skills, score_paths
from skillcheck.taxonomy.load import check_path_ids
from skillcheck.taxonomy.models import Assessment, Taxonomy, TaxonomyRef

SCHEMA_VERSION: Literal[1] = 1


class PrerequisiteOut(TypedDict):
    skill: str
    level: int


class PlanStepOut(TypedDict):
    skill: str
    name: str
    from_level: int
    to_level: int
    level_name: str
    next_level: str  # what a person at `to_level` can do
    hours: int
    basis: str  # what the hours rest on
    for_path: bool  # false: not required by the path itself, a prerequisite of a later step
    assessed: bool  # false: the skill was not assessed, so its steps start from level 0 as a guess
    requires: list[PrerequisiteOut]  # what the taxonomy says this step needs besides the level below
    readiness_after: float  # readiness for the path, 0-100, once this step and those before it are done
    weeks: list[int]  # [first, last] week the step is studied in
    check_in: str | None  # the command that re-measures the skill after this step, or null
    resources: list[ResourceOut]


class MilestoneOut(TypedDict):
    hours: int
    readiness: float


class PathHoursOut(TypedDict):
    id: str
    name: str
    readiness_now: float  # the report's readiness, 0-100
    requirements_met: int  # likely met (80%), as the report counts them
    requirements: int
    assessed: bool  # every skill the path requires was assessed (else readiness_now is not shown)
    hours: int | None  # to meet every requirement; null when the taxonomy lacks a step's effort
    steps: int | None
    after: list[MilestoneOut]  # readiness after 10, 50 and 100 hours of that path's plan


class PlanOut(TypedDict):
    """What `skillcheck plan --json` prints."""

    schema_version: Literal[1]
    assessment: str
    taken_at: str
    taxonomy: TaxonomyOut
    path: str
    path_name: str
    chosen_by: Literal["closest", "given", "goal"]  # the closest path as the report defines it, --path, or the goal
    levels: Literal["evidenced"]  # the plan starts from the evidenced (most likely) level of each skill
    hours_per_week: int
    readiness_now: float  # at the evidenced levels, 0-100
    total_hours: int | None  # null only in `plan --compare` when the taxonomy lacks a step's effort
    weeks: int | None
    steps: list[PlanStepOut]
    # The path's skills the assessment did not measure: their steps start from level 0, and
    # readiness_now counts them at 0, so the text shows no readiness figure while any is listed.
    not_assessed: list[str]
    paths: list[PathHoursOut]  # every path, closest first: hours to meet it and readiness on the way


def _on_the_reports_scale(point: float, point_now: float, report_now: float) -> float:
    """A readiness the plan projects at the most likely levels, moved onto the report's figure: from
    the report's readiness now to 100 when every step is done, in proportion to the steps' gain, so
    every command shows one figure per path."""
    if point_now >= 100:
        return round(report_now, 1)
    share = (point - point_now) / (100 - point_now)
    return round(min(100.0, report_now + max(0.0, share) * (100 - report_now)), 1)


def _steps_out(
    plan: LearningPlan, taxonomy: Taxonomy, hours_per_week: int, report_now: float, assessed: set[str]
) -> list[PlanStepOut]:
    spans = week_span(plan, hours_per_week)
    checks = check_ins(plan)
    out: list[PlanStepOut] = []
    for step, span, check in zip(plan.steps, spans, checks, strict=True):
        effort = step.skill.steps[step.level]
        out.append(
            {
                "skill": step.skill.id,
                "name": step.skill.name,
                "from_level": step.level - 1,
                "to_level": step.level,
                "level_name": level_name(taxonomy, step.level),
                "next_level": step.skill.levels.get(step.level, ""),
                "hours": step.hours,
                "basis": " ".join((effort.basis or "").split()),
                "for_path": step.for_path,
                "assessed": step.skill.id in assessed,
                "requires": [{"skill": p.skill, "level": p.level} for p in effort.requires],
                "readiness_after": _on_the_reports_scale(step.readiness_after, plan.readiness_now, report_now),
                "weeks": [span[0], span[1]],
                "check_in": f"skillcheck quiz --skill {step.skill.id}" if check else None,
                "resources": [resource_out(r) for r in step.skill.resources],
            }
        )
    return out


def build_plan(
    assessment: Assessment,
    taxonomy: Taxonomy,
    ref: TaxonomyRef,
    *,
    path_id: str | None = None,
    hours_per_week: int,
    chosen_by: Literal["closest", "given", "goal"] | None = None,
    compare: bool = False,
    fitted: Fitted | None = None,
) -> PlanOut:
    """The plan for `path_id` (default: the closest path, as the report ranks them) and every path's hours."""
    if path_id is not None:
        check_path_ids(taxonomy, (path_id,))
    estimates = estimate_assessment(assessment, taxonomy, fitted)
    # The report's "Now": the most likely level of each skill. Using it (rather than, say, the
    # bottom of the 80% range) keeps the plan and the report telling the same story.
    levels = {skill_id: estimate.level for skill_id, estimate in estimates.skills.items()}
    assessed = measured_skills(assessment)
    scored = score_paths(taxonomy, estimates.skills, assessed)
    career = taxonomy.path(path_id) if path_id is not None else scored[0].path
    try:
        plan: LearningPlan | None = learning_plan(taxonomy, levels, career)
    except PlanError:
        if not compare:
            raise
        plan = None  # the comparison still stands: each path's row says what it lacks
    compared: list[PathHoursOut] = []
    for score in scored:
        hours = hours_to_meet(taxonomy, levels, score.path)
        other = learning_plan(taxonomy, levels, score.path) if hours is not None else None
        point_now = readiness_at(score.path, levels)
        report_now = score.expected
        compared.append(
            {
                "id": score.path.id,
                "name": score.path.name,
                "readiness_now": round(report_now, 1),
                "requirements_met": score.met,
                "requirements": len(score.path.requires),
                "assessed": score.fully_assessed,
                "hours": hours,
                "steps": len(other.steps) if other else None,
                "after": [
                    {
                        "hours": h,
                        "readiness": _on_the_reports_scale(readiness_after_hours(other, h), point_now, report_now),
                    }
                    for h in MILESTONES
                ]
                if other
                else [],
            }
        )
    chosen = next(score for score in scored if score.path.id == career.id)
    return {
        "schema_version": SCHEMA_VERSION,
        "assessment": assessment.id,
        "taken_at": assessment.taken_at or assessment.started_at,
        "taxonomy": {"id": ref.id, "version": ref.version, "hash": ref.hash},
        "path": career.id,
        "path_name": career.name,
        "chosen_by": chosen_by or ("given" if path_id is not None else "closest"),
        "levels": "evidenced",
        "hours_per_week": hours_per_week,
        "readiness_now": round(chosen.expected, 1),
        "total_hours": plan.hours if plan else None,
        "weeks": total_weeks(plan, hours_per_week) if plan else None,
        "steps": _steps_out(plan, taxonomy, hours_per_week, chosen.expected, assessed) if plan else [],
        "not_assessed": [req.skill for req in career.requires if req.skill not in assessed],
        "paths": compared,
    }


def generated_plan_schema() -> dict[str, Any]:
    """The JSON Schema the PlanOut type implies; a test holds schemas/plan.schema.json equal to it."""
    from pydantic import TypeAdapter

    schema: dict[str, Any] = TypeAdapter(PlanOut).json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
