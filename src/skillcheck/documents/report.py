"""The gap report as plain values: built from an assessment and a taxonomy, dumped as JSON.

The report is a tree of TypedDicts: plain dicts at run time (cheap to build for a thousand
people, and `json.dumps` as they are), and a contract at type-check time. `Report` is the
contract of `report --json`: `skillcheck schema --report` prints its JSON Schema, and
SCHEMA_VERSION changes whenever a field changes meaning or goes away.
"""

from __future__ import annotations

import statistics
from typing import Any, Literal, NotRequired

# pydantic (for `schema --report`) needs typing_extensions' TypedDict before Python 3.12.
from typing_extensions import TypedDict

from skillcheck.gcpause import paused_gc
from skillcheck.measure.learning import hours_to_meet
from skillcheck.measure.scoring import (
    MEETS_PROBABILITY,
    Calibration,
    Fitted,
    PathScore,
    assessed_skills,
    estimate_assessment,
    measured_skills,
    score_paths,
    within_noise,
)
from skillcheck.taxonomy.models import Assessment, Resource, Taxonomy, TaxonomyRef

# 2: level estimates with ranges, readiness ranges, the verdict over every path with `focus`
# for the chosen ones, outlook and sources per path, code in missed questions. Added since
# without a change of version (nothing went away or changed meaning): `levels`, `areas`, and each
# path's `requires`, which the skill profile draws.
SCHEMA_VERSION: Literal[2] = 2
# How many gaps the report explains with next steps, per path, in every format.
TOP_GAPS = 5


class ResourceOut(TypedDict):
    title: str
    url: NotRequired[str]
    book: NotRequired[str]
    why: str


class GapOut(TypedDict):
    skill: str
    name: str
    current: int  # the evidenced (most likely) level
    range: list[int]  # 80% range of the level: [low, high]
    required: int
    weight: int
    priority: float  # weight x expected shortfall in levels: what the gap costs
    # false: the skill was not assessed (skipped, or left out of the quiz): `current` 0 is where its
    # steps start, not a level the checks show
    assessed: bool
    next_level: int
    next_level_name: str
    next_step: str  # what a person at the next level can do
    resources: list[ResourceOut]


class OutlookOut(TypedDict):
    occupation: str
    proxy: bool
    median_pay: int
    pay_period: str
    growth_percent: int
    growth_period: str
    source: str
    url: str


class ReferenceOut(TypedDict):
    title: str
    url: NotRequired[str]


class RequirementOut(TypedDict):
    skill: str
    name: str
    level: int
    weight: int
    p_met: float  # probability that the level is at least the required one
    met: bool  # p_met >= 0.8: likely met
    assessed: bool  # false: the assessment did not measure the skill (its p_met is then 0)


class PathOut(TypedDict):
    id: str
    name: str
    description: str
    readiness: float  # expected readiness, 0-100
    readiness_range: list[float]  # 80% range: [low, high]
    assessed: int  # required skills this assessment covered
    required: int  # required skills in all
    requires: list[RequirementOut]  # every requirement, met or not, in the taxonomy's order
    requirements_met: int  # requirements likely met (each's p_met >= 0.8), of len(requires)
    meets: bool  # fully assessed and every requirement likely met
    gaps: list[GapOut]
    references: list[ReferenceOut]
    source: NotRequired[str]
    outlook: NotRequired[OutlookOut]
    # Hours of study from the evidenced levels to meeting every requirement (`skillcheck plan`);
    # absent when the taxonomy lacks the effort of a step the path needs.
    hours_to_meet: NotRequired[int]


class SkillOut(TypedDict):
    id: str
    name: str
    area: str
    claimed: int | None
    evidenced: int  # the most likely level
    range: list[int]  # 80% range: [low, high]
    probabilities: list[float]  # P(level = L) for L = 0..top
    checks: int
    earlier_checks: int  # checks of earlier assessments carried forward as evidence
    # The highest level put to the test (the claim, or a level answered right); `evidenced` is
    # never above it, and `above_tested` says the evidence leans higher: unverified up there.
    tested_to: int
    above_tested: bool
    verified: bool
    calibration: Calibration


class AreaOut(TypedDict):
    id: str
    name: str


class LevelOut(TypedDict):
    level: int
    name: str


class CodeOut(TypedDict):
    language: str
    text: str


class FileLetters(TypedDict):
    yours: str | None
    correct: str


class MissedOut(TypedDict):
    question: str
    skill: str
    skill_name: str
    level: int
    prompt: str
    code: NotRequired[CodeOut]
    your_answer: str | None  # under the letter the person saw
    correct_answer: str  # under the letter the person saw
    file_letters: FileLetters  # the same options by their letters in the taxonomy file, for scripts
    explanation: str


class CalibrationOut(TypedDict):
    overall: Calibration
    tendency: float  # mean of claim minus the expected level over the person's checked skills, in levels
    consistent: int
    overconfident: int
    underconfident: int
    inconclusive: int
    unverified: int


class NotFreshOut(TypedDict):
    """Checks this assessment wanted but could not draw fresh: every question at the level was
    asked before. Those skills rest on the earlier answers."""

    count: int
    skills: list[str]


class ItemCalibrationOut(TypedDict):
    """The calibration the answers were read through (`--calibration`, or calibration.json in
    the data directory): how many questions it refits. Whoever reads a report can then tell that
    its levels rest on fitted question difficulties, not on the level tags."""

    questions: int


class TaxonomyOut(TypedDict):
    id: str
    version: str
    hash: str


class PathChange(TypedDict):
    id: str
    readiness: float
    change: float


class SkillChange(TypedDict):
    id: str
    name: str
    before: int
    after: int


class PreviousOut(TypedDict):
    """How this assessment compares with an earlier one."""

    assessment: str
    taken_at: str
    paths: list[PathChange]
    skills_moved: list[SkillChange]


class Report(TypedDict):
    """What `skillcheck report --json` prints."""

    schema_version: Literal[2]
    taken_at: str
    assessment: str
    complete: bool
    quick: bool
    name: NotRequired[str]
    taxonomy: TaxonomyOut
    taxonomy_changed: bool
    levels: list[LevelOut]  # the taxonomy's scale, 0..top, with each level's name
    areas: list[AreaOut]  # the taxonomy's areas in its order; skills name theirs by id
    closest_path: str | None
    within_noise: list[str]  # paths whose readiness range overlaps the closest one's
    focus: list[str]  # the paths whose gaps and next steps the report details
    paths: list[PathOut]
    skills: list[SkillOut]
    calibration: CalibrationOut
    missed: list[MissedOut]
    not_fresh: NotFreshOut
    item_calibration: ItemCalibrationOut | None  # None: every answer read at its question's level tag
    previous: NotRequired[PreviousOut]
    # The path the person aims for and where that choice came from: `--goal`, `skillcheck goal`
    # (or the last quiz's choice), or this assessment's own answer; absent when none is chosen.
    goal: NotRequired[GoalOut]


class GoalOut(TypedDict):
    path: str
    name: str
    source: Literal["given", "set", "assessment"]


def build_report(
    assessment: Assessment,
    taxonomy: Taxonomy,
    ref: TaxonomyRef,
    path_ids: tuple[str, ...] = (),
    *,
    previous: Assessment | None = None,
    goal: GoalOut | None = None,
    fitted: Fitted | None = None,
) -> Report:
    """Score `assessment` against `taxonomy` (the one loaded now, described by `ref`).

    The verdict is always over every path; `path_ids` only chooses which paths the report
    details (default: the goal, else the closest). With `previous`, the report also says what
    moved since.
    """
    aimed = assessment.goal.path if assessment.goal is not None else None
    if goal is None and aimed is not None and aimed in taxonomy.path_ids:
        goal = {"path": aimed, "name": taxonomy.path(aimed).name, "source": "assessment"}
    if not path_ids and goal is not None:
        path_ids = (goal["path"],)
    with paused_gc():  # tens of thousands of short-lived acyclic objects at scale
        report = _build_report(assessment, taxonomy, ref, path_ids, fitted)
        if goal is not None:
            report["goal"] = goal
        if previous is not None:
            report["previous"] = _compare(report, _build_report(previous, taxonomy, ref, path_ids, fitted), previous)
        return report


def level_name(taxonomy: Taxonomy, level: int) -> str:
    return next((lvl.name for lvl in taxonomy.levels if lvl.level == level), str(level))


def _build_report(
    assessment: Assessment,
    taxonomy: Taxonomy,
    ref: TaxonomyRef,
    path_ids: tuple[str, ...],
    fitted: Fitted | None = None,
) -> Report:
    estimates = estimate_assessment(assessment, taxonomy, fitted)
    # Rated or checked: a skill the quiz covered but that was skipped says nothing of its level, so
    # it is neither listed with a level nor in any group `team` forms from the report.
    assessed = measured_skills(assessment)
    paths = score_paths(taxonomy, estimates.skills, assessed)
    levels = {skill_id: estimate.level for skill_id, estimate in estimates.skills.items()}
    skills_out: list[SkillOut] = []
    for skill in taxonomy.skills:
        if skill.id not in assessed:
            continue
        estimate = estimates.skills[skill.id]
        skills_out.append(
            {
                "id": skill.id,
                "name": skill.name,
                "area": skill.area,
                "claimed": estimate.claim,
                "evidenced": estimate.level,
                "range": [estimate.low, estimate.high],
                "probabilities": [round(p, 4) for p in estimate.posterior],
                "checks": estimate.checks,
                "earlier_checks": estimate.earlier,
                "tested_to": estimate.tested_to if estimate.tested_to is not None else estimate.level,
                "above_tested": estimate.above_tested,
                "verified": estimate.checks + estimate.earlier > 0,
                "calibration": estimate.verdict,
            }
        )
    labels = [s["calibration"] for s in skills_out]
    # Read off the estimates, not the fitted offsets: those leave out the share of skills at level
    # 0 whatever the claim, so someone who missed nearly every check could show a tendency near 0.
    offsets = [e.claim - e.mean for e in estimates.skills.values() if e.claim is not None and e.checks]
    calibration: CalibrationOut = {
        "overall": _overall(labels),
        "tendency": round(statistics.fmean(offsets), 2) if offsets else 0.0,
        "consistent": labels.count("consistent"),
        "overconfident": labels.count("overconfident"),
        "underconfident": labels.count("underconfident"),
        "inconclusive": labels.count("inconclusive"),
        "unverified": labels.count("unverified"),
    }
    closest = paths[0] if paths else None
    report: Report = {
        "schema_version": SCHEMA_VERSION,
        "taken_at": assessment.taken_at or assessment.started_at,
        "assessment": assessment.id,
        "complete": assessment.complete,
        "quick": assessment.quick,
        "taxonomy": {"id": ref.id, "version": ref.version, "hash": ref.hash},
        "taxonomy_changed": ref.hash != assessment.taxonomy.hash,
        "levels": [{"level": lvl.level, "name": lvl.name} for lvl in taxonomy.levels],
        "areas": [{"id": area.id, "name": area.name} for area in taxonomy.areas],
        "closest_path": closest.path.id if closest else None,
        "within_noise": [p.path.id for p in within_noise(paths)],
        "focus": list(path_ids) if path_ids else ([closest.path.id] if closest else []),
        "paths": [_path_out(p, taxonomy, levels, assessed) for p in paths],
        "skills": skills_out,
        "calibration": calibration,
        "missed": _missed(assessment, taxonomy),
        "not_fresh": {"count": len(assessment.not_fresh), "skills": list(assessment.not_fresh)},
        "item_calibration": None if fitted is None else {"questions": len(fitted)},
    }
    if assessment.name:
        report["name"] = assessment.name
    return report


def _overall(labels: list[Calibration]) -> Calibration:
    """A leaning is called only when several skills show it clearly and the other way does not."""
    over = labels.count("overconfident")
    under = labels.count("underconfident")
    conclusive = over + under + labels.count("consistent")
    if conclusive < 3:
        return "inconclusive" if any(label != "unverified" for label in labels) else "unverified"
    if over >= 2 and over > 2 * under and over * 4 >= conclusive:
        return "overconfident"
    if under >= 2 and under > 2 * over and under * 4 >= conclusive:
        return "underconfident"
    return "consistent"


def _path_out(scored: PathScore, taxonomy: Taxonomy, levels: dict[str, int], assessed: set[str]) -> PathOut:
    career = scored.path
    skills = taxonomy.skills_by_id
    out: PathOut = {
        "id": career.id,
        "name": career.name,
        "description": " ".join(career.description.split()),
        "readiness": scored.expected,
        "readiness_range": [scored.readiness.low, scored.readiness.high],
        "assessed": scored.assessed,
        "required": scored.required,
        "requires": [
            {
                "skill": r.skill,
                "name": skills[r.skill].name,
                "level": r.level,
                "weight": r.weight,
                "p_met": round(p, 3),
                "met": p >= MEETS_PROBABILITY,
                "assessed": r.skill in assessed,
            }
            for r, p in zip(career.requires, scored.p_met, strict=True)
        ],
        "requirements_met": scored.met,
        "meets": scored.meets,
        "gaps": [
            {
                "skill": g.skill.id,
                "name": g.skill.name,
                "current": g.current,
                "range": [g.estimate.low, g.estimate.high],
                "required": g.required,
                "weight": g.weight,
                "priority": g.priority,
                "assessed": g.assessed,
                "next_level": g.next_level,
                "next_level_name": level_name(taxonomy, g.next_level),
                "next_step": g.skill.levels.get(g.next_level, ""),
                "resources": [resource_out(r) for r in g.skill.resources],
            }
            for g in scored.gaps
        ],
        "references": [{"title": r.title, "url": r.url} if r.url else {"title": r.title} for r in career.references],
    }
    if career.source:
        out["source"] = " ".join(career.source.split())
    if career.outlook:
        o = career.outlook
        out["outlook"] = {
            "occupation": o.occupation,
            "proxy": o.proxy,
            "median_pay": o.median_pay,
            "pay_period": o.pay_period,
            "growth_percent": o.growth_percent,
            "growth_period": o.growth_period,
            "source": o.source,
            "url": o.url,
        }
    hours = hours_to_meet(taxonomy, levels, career)
    if hours is not None:
        out["hours_to_meet"] = hours
    return out


def resource_out(resource: Resource) -> ResourceOut:
    out: ResourceOut = {"title": resource.title, "why": resource.why}
    if resource.url:
        out["url"] = resource.url
    if resource.book:
        out["book"] = resource.book
    return out


def _missed(assessment: Assessment, taxonomy: Taxonomy) -> list[MissedOut]:
    skills = taxonomy.skills_by_id
    missed: list[MissedOut] = []
    seen: set[str] = set()
    for check in assessment.checks:
        skill = skills.get(check.skill)
        question = next((q for q in skill.questions if q.id == check.question), None) if skill else None
        if skill is None or question is None or check.question in seen:
            continue  # removed from the taxonomy since, or answered twice (hand-edited)
        seen.add(check.question)
        if question.is_correct(check.choice):
            continue
        # Letters as the person saw them: options are shuffled per assessment.
        order = question.shown_order(assessment.seed)
        entry: MissedOut = {
            "question": question.id,
            "skill": skill.id,
            "skill_name": skill.name,
            "level": question.level,
            "prompt": question.prompt,
            "your_answer": None if check.choice is None else question.describe(check.choice, order),
            "correct_answer": question.describe(question.correct_letter, order),
            "file_letters": {"yours": check.choice, "correct": question.correct_letter},
            "explanation": question.explanation,
        }
        if question.code is not None:
            entry["code"] = {"language": question.code.language, "text": question.code.text}
        missed.append(entry)
    return missed


def _compare(now: Report, before: Report, previous: Assessment) -> PreviousOut:
    then = {p["id"]: p["readiness"] for p in before["paths"]}
    levels = {s["id"]: s["evidenced"] for s in before["skills"]}
    return {
        "assessment": previous.id,
        "taken_at": before["taken_at"],
        "paths": [
            {"id": p["id"], "readiness": then[p["id"]], "change": round(p["readiness"] - then[p["id"]], 1)}
            for p in now["paths"]
            if p["id"] in then
        ],
        "skills_moved": [
            {"id": s["id"], "name": s["name"], "before": levels[s["id"]], "after": s["evidenced"]}
            for s in now["skills"]
            if s["id"] in levels and levels[s["id"]] != s["evidenced"]
        ],
    }


def taxonomy_changes(assessment: Assessment, taxonomy: Taxonomy) -> tuple[list[str], list[str]]:
    """Skills added to and removed from the taxonomy since the assessment was taken."""
    now = {s.id for s in taxonomy.skills}
    then = set(assessed_skills(assessment))
    if assessment.paths:
        wanted = {r.skill for p in taxonomy.paths if p.id in assessment.paths for r in p.requires}
        now &= wanted
    return sorted(now - then), sorted(then - {s.id for s in taxonomy.skills})


def when(iso_time: str) -> str:
    """A stored time (UTC) for people, in their local time zone: `2026-11-25T20:45:32+00:00` ->
    `2026-11-25 21:45 CET` (the zone's name, or its offset where it has none)."""
    from skillcheck.times import local

    return local(iso_time)


def generated_report_schema() -> dict[str, Any]:
    """The JSON Schema the Report type implies; a test holds schemas/report.schema.json equal to it."""
    from pydantic import TypeAdapter

    schema: dict[str, Any] = TypeAdapter(Report).json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
