"""The gap report as values: built from an assessment and a taxonomy, dumped as JSON for scripts.

`Report` is also the contract of `report --json`: `skillcheck schema --report` prints its JSON
Schema, and SCHEMA_VERSION changes whenever a field changes meaning or goes away.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from skillcheck.gcpause import paused_gc
from skillcheck.models import Assessment, Resource, Taxonomy, TaxonomyRef
from skillcheck.scoring import Calibration, overall_calibration, score_paths, score_skills

SCHEMA_VERSION: Literal[1] = 1
# How many gaps the report explains with next steps, per path.
TOP_GAPS = 5


class _Out(BaseModel):
    # defer_build: a model's validator is built on first use, so a command pays only for the
    # models it uses (nested ones are built into their parent's schema, not on their own).
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class GapOut(_Out):
    skill: str
    name: str
    current: int
    required: int
    weight: int
    priority: int = Field(description="weight x shortfall; larger gaps cost more readiness")
    next_level: int
    next_step: str = Field(description="What a person at the next level can do")
    resources: tuple[Resource, ...] = ()


class PathOut(_Out):
    id: str
    name: str
    readiness: float = Field(ge=0, le=100)
    gaps: tuple[GapOut, ...]


class SkillOut(_Out):
    id: str
    name: str
    area: str
    claimed: int | None
    evidenced: int
    verified: bool
    calibration: Calibration
    missed_at: int | None = Field(description="Lowest level at or below the claim whose check was missed")
    passed_above: int | None = Field(description="Level above the claim whose check was passed")


class MissedOut(_Out):
    question: str
    skill: str
    level: int
    prompt: str
    your_answer: str | None
    correct_answer: str
    explanation: str


class CalibrationOut(_Out):
    overall: Calibration
    consistent: int
    overconfident: int
    underconfident: int
    unverified: int


class Report(_Out):
    """What `skillcheck report --json` prints."""

    schema_version: Literal[1] = SCHEMA_VERSION
    taken_at: str
    assessment: str = Field(description="Id of the assessment this report is about")
    taxonomy: TaxonomyRef
    taxonomy_changed: bool = Field(description="The taxonomy differs from the one the quiz used")
    closest_path: str | None
    paths: tuple[PathOut, ...]
    skills: tuple[SkillOut, ...]
    calibration: CalibrationOut
    missed: tuple[MissedOut, ...]


def build_report(
    assessment: Assessment, taxonomy: Taxonomy, ref: TaxonomyRef, path_ids: tuple[str, ...] = ()
) -> Report:
    """Score `assessment` against `taxonomy` (the one loaded now, described by `ref`)."""
    with paused_gc():  # tens of thousands of short-lived acyclic objects at scale
        return _build_report(assessment, taxonomy, ref, path_ids)


def _build_report(assessment: Assessment, taxonomy: Taxonomy, ref: TaxonomyRef, path_ids: tuple[str, ...]) -> Report:
    scores = score_skills(taxonomy, assessment.ratings, assessment.checks)
    evidenced = {skill_id: score.evidenced for skill_id, score in scores.items()}
    paths = score_paths(taxonomy, evidenced, path_ids)
    assessed = set(assessment.skills) or set(assessment.ratings)
    skills_out = tuple(
        SkillOut(
            id=s.skill.id,
            name=s.skill.name,
            area=s.skill.area,
            claimed=s.claimed,
            evidenced=s.evidenced,
            verified=s.verified,
            calibration=s.calibration,
            missed_at=s.missed_at,
            passed_above=s.passed_above,
        )
        for s in scores.values()
        if s.skill.id in assessed
    )
    in_report = [scores[s.id] for s in skills_out]
    counts = {
        label: sum(1 for s in in_report if s.calibration == label)
        for label in ("consistent", "overconfident", "underconfident", "unverified")
    }
    questions = {q.id: (skill, q) for skill in taxonomy.skills for q in skill.questions}
    missed = []
    for check in assessment.checks:
        if check.correct or check.question not in questions:
            continue
        skill, question = questions[check.question]
        right = question.correct_index
        missed.append(
            MissedOut(
                question=question.id,
                skill=skill.id,
                level=question.level,
                prompt=question.prompt,
                your_answer=None if check.choice is None else _option(question.options, check.choice),
                correct_answer=f"{'abcdefgh'[right]}) {question.options[right].text}",
                explanation=question.explanation,
            )
        )
    return Report(
        taken_at=assessment.taken_at or assessment.started_at,
        assessment=assessment.id,
        taxonomy=ref,
        taxonomy_changed=ref.hash != assessment.taxonomy.hash,
        closest_path=paths[0].path.id if paths else None,
        paths=tuple(
            PathOut(
                id=p.path.id,
                name=p.path.name,
                readiness=p.readiness,
                gaps=tuple(
                    GapOut(
                        skill=g.skill.id,
                        name=g.skill.name,
                        current=g.current,
                        required=g.required,
                        weight=g.weight,
                        priority=g.priority,
                        next_level=g.current + 1,
                        next_step=g.skill.levels.get(g.current + 1, ""),
                        resources=g.skill.resources,
                    )
                    for g in p.gaps
                ),
            )
            for p in paths
        ),
        skills=skills_out,
        calibration=CalibrationOut(overall=overall_calibration(in_report), **counts),
        missed=tuple(missed),
    )


def _option(options: tuple[object, ...], letter: str) -> str:
    index = "abcdefgh".index(letter)
    text = getattr(options[index], "text", "") if index < len(options) else "(no longer in the taxonomy)"
    return f"{letter}) {text}"


def taxonomy_changes(assessment: Assessment, taxonomy: Taxonomy) -> tuple[list[str], list[str]]:
    """Skills added to and removed from the taxonomy since the assessment was taken."""
    now = {s.id for s in taxonomy.skills}
    then = set(assessment.skills) or set(assessment.ratings)
    if assessment.paths:
        wanted = {r.skill for p in taxonomy.paths if p.id in assessment.paths for r in p.requires}
        now &= wanted
    return sorted(now - then), sorted(then - {s.id for s in taxonomy.skills})


def to_json(report: Report) -> str:
    """Exactly one JSON document, keys in a stable order."""
    import json

    return json.dumps(report.model_dump(mode="json"), indent=2, sort_keys=True, ensure_ascii=False)
