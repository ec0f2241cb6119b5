"""The gap report as plain values: built from an assessment and a taxonomy, dumped as JSON.

The report is a tree of TypedDicts: plain dicts at run time (cheap to build for a thousand
people, and `json.dumps` as they are), and a contract at type-check time. `Report` is the
contract of `report --json`: `skillcheck schema --report` prints its JSON Schema, and
SCHEMA_VERSION changes whenever a field changes meaning or goes away.
"""

from __future__ import annotations

import json
from typing import Any, Literal, NotRequired

# pydantic (for `schema --report`) needs typing_extensions' TypedDict before Python 3.12.
from typing_extensions import TypedDict

from skillcheck.gcpause import paused_gc
from skillcheck.models import OPTION_LETTERS, Assessment, Resource, Taxonomy, TaxonomyRef
from skillcheck.scoring import Calibration, overall_calibration, score_paths, score_skills

SCHEMA_VERSION: Literal[1] = 1
# How many gaps the report explains with next steps, per path.
TOP_GAPS = 5


class ResourceOut(TypedDict):
    title: str
    url: NotRequired[str]
    book: NotRequired[str]
    why: str


class GapOut(TypedDict):
    skill: str
    name: str
    current: int
    required: int
    weight: int
    priority: int  # weight x shortfall: what the gap costs in readiness
    next_level: int
    next_step: str  # what a person at the next level can do
    resources: list[ResourceOut]


class PathOut(TypedDict):
    id: str
    name: str
    readiness: float
    gaps: list[GapOut]


class SkillOut(TypedDict):
    id: str
    name: str
    area: str
    claimed: int | None
    evidenced: int
    verified: bool
    calibration: Calibration
    missed_at: int | None
    passed_above: int | None


class MissedOut(TypedDict):
    question: str
    skill: str
    level: int
    prompt: str
    your_answer: str | None
    correct_answer: str
    explanation: str


class CalibrationOut(TypedDict):
    overall: Calibration
    consistent: int
    overconfident: int
    underconfident: int
    unverified: int


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

    schema_version: Literal[1]
    taken_at: str
    assessment: str
    name: NotRequired[str]
    taxonomy: TaxonomyOut
    taxonomy_changed: bool
    closest_path: str | None
    paths: list[PathOut]
    skills: list[SkillOut]
    calibration: CalibrationOut
    missed: list[MissedOut]
    previous: NotRequired[PreviousOut]


def build_report(
    assessment: Assessment,
    taxonomy: Taxonomy,
    ref: TaxonomyRef,
    path_ids: tuple[str, ...] = (),
    *,
    previous: Assessment | None = None,
) -> Report:
    """Score `assessment` against `taxonomy` (the one loaded now, described by `ref`).

    With `previous`, the report also says how readiness and evidenced levels moved since.
    """
    with paused_gc():  # tens of thousands of short-lived acyclic objects at scale
        report = _build_report(assessment, taxonomy, ref, path_ids)
        if previous is not None:
            report["previous"] = _compare(report, _build_report(previous, taxonomy, ref, path_ids), previous)
        return report


def _build_report(assessment: Assessment, taxonomy: Taxonomy, ref: TaxonomyRef, path_ids: tuple[str, ...]) -> Report:
    scores = score_skills(taxonomy, assessment.ratings, assessment.checks)
    evidenced = {skill_id: score.evidenced for skill_id, score in scores.items()}
    paths = score_paths(taxonomy, evidenced, path_ids)
    assessed = set(assessment.skills) or set(assessment.ratings)
    in_report = [s for s in scores.values() if s.skill.id in assessed]
    skills_out: list[SkillOut] = [
        {
            "id": s.skill.id,
            "name": s.skill.name,
            "area": s.skill.area,
            "claimed": s.claimed,
            "evidenced": s.evidenced,
            "verified": s.verified,
            "calibration": s.calibration,
            "missed_at": s.missed_at,
            "passed_above": s.passed_above,
        }
        for s in in_report
    ]
    labels = [s.calibration for s in in_report]
    calibration: CalibrationOut = {
        "overall": overall_calibration(in_report),
        "consistent": labels.count("consistent"),
        "overconfident": labels.count("overconfident"),
        "underconfident": labels.count("underconfident"),
        "unverified": labels.count("unverified"),
    }
    report: Report = {
        "schema_version": SCHEMA_VERSION,
        "taken_at": assessment.taken_at or assessment.started_at,
        "assessment": assessment.id,
        "taxonomy": {"id": ref.id, "version": ref.version, "hash": ref.hash},
        "taxonomy_changed": ref.hash != assessment.taxonomy.hash,
        "closest_path": paths[0].path.id if paths else None,
        "paths": [
            {
                "id": p.path.id,
                "name": p.path.name,
                "readiness": p.readiness,
                "gaps": [
                    {
                        "skill": g.skill.id,
                        "name": g.skill.name,
                        "current": g.current,
                        "required": g.required,
                        "weight": g.weight,
                        "priority": g.priority,
                        "next_level": g.current + 1,
                        "next_step": g.skill.levels.get(g.current + 1, ""),
                        "resources": [_resource(r) for r in g.skill.resources],
                    }
                    for g in p.gaps
                ],
            }
            for p in paths
        ],
        "skills": skills_out,
        "calibration": calibration,
        "missed": _missed(assessment, taxonomy),
    }
    if assessment.name:
        report["name"] = assessment.name
    return report


def _resource(resource: Resource) -> ResourceOut:
    out: ResourceOut = {"title": resource.title, "why": resource.why}
    if resource.url:
        out["url"] = resource.url
    if resource.book:
        out["book"] = resource.book
    return out


def _missed(assessment: Assessment, taxonomy: Taxonomy) -> list[MissedOut]:
    wrong = [c for c in assessment.checks if not c.correct]
    if not wrong:
        return []
    skills = taxonomy.skills_by_id
    missed: list[MissedOut] = []
    for check in wrong:
        skill = skills.get(check.skill)
        question = next((q for q in skill.questions if q.id == check.question), None) if skill else None
        if skill is None or question is None:
            continue  # removed from the taxonomy since
        right = question.correct_index
        chosen = None
        if check.choice is not None:
            index = OPTION_LETTERS.index(check.choice)
            text = question.options[index].text if index < len(question.options) else "(no longer offered)"
            chosen = f"{check.choice}) {text}"
        missed.append(
            {
                "question": question.id,
                "skill": skill.id,
                "level": question.level,
                "prompt": question.prompt,
                "your_answer": chosen,
                "correct_answer": f"{OPTION_LETTERS[right]}) {question.options[right].text}",
                "explanation": question.explanation,
            }
        )
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
    then = set(assessment.skills) or set(assessment.ratings)
    if assessment.paths:
        wanted = {r.skill for p in taxonomy.paths if p.id in assessment.paths for r in p.requires}
        now &= wanted
    return sorted(now - then), sorted(then - {s.id for s in taxonomy.skills})


def calibration_summary(counts: CalibrationOut) -> str:
    """One sentence on how self-ratings and checks agreed overall, for every output format."""
    checked = counts["consistent"] + counts["overconfident"] + counts["underconfident"]
    return (
        f"Overall: {counts['overall']}. Of {checked} checked skills, {counts['consistent']} matched the "
        f"checks, {counts['overconfident']} were rated higher than the checks showed and "
        f"{counts['underconfident']} lower; {counts['unverified']} were not checked."
    )


def calibration_notes(report: Report) -> list[tuple[str, str]]:
    """(skill name, what the checks said) for each skill where the rating and the checks disagree."""
    notes = []
    for skill in report["skills"]:
        if skill["calibration"] == "overconfident":
            notes.append(
                (
                    skill["name"],
                    f"rated {skill['claimed']}; the level-{skill['missed_at']} check was missed, "
                    f"so the report counts level {skill['evidenced']}.",
                )
            )
        elif skill["calibration"] == "underconfident":
            notes.append(
                (
                    skill["name"],
                    f"rated {skill['claimed']} and the level-{skill['passed_above']} check was passed: "
                    "you may be underrating yourself.",
                )
            )
    return notes


def when(iso_time: str) -> str:
    """A stored time for people: `2026-11-25T20:45:32.123456+00:00` -> `2026-11-25 20:45 UTC`."""
    from datetime import UTC, datetime

    try:
        moment = datetime.fromisoformat(iso_time)
    except ValueError:
        return iso_time
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def to_json(value: Any) -> str:
    """Exactly one JSON document, keys sorted so that output is stable."""
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)


def report_schema() -> dict[str, Any]:
    """The JSON Schema of `report --json` output."""
    from pydantic import TypeAdapter

    schema: dict[str, Any] = TypeAdapter(Report).json_schema()
    return schema
