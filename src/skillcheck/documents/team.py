"""A mentor's view over a group: many reports or stored assessments in, one summary out."""

from __future__ import annotations

import bisect
import json
import os
import statistics
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, TypedDict, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, Strict, ValidationError

from skillcheck.documents.report import SCHEMA_VERSION
from skillcheck.files import MAX_DOCUMENT_BYTES, read_bounded
from skillcheck.gcpause import paused_gc
from skillcheck.measure.scoring import (
    Calibration,
    Fitted,
    estimate_assessment,
    measured_skills,
    score_paths,
)
from skillcheck.safetext import escaped, is_blank, quoted, safe_text, shown_path
from skillcheck.taxonomy.load import taken_with_another
from skillcheck.taxonomy.models import (
    ASSESSMENT_SCHEMA_VERSION,
    Assessment,
    Bool,
    Id,
    LevelNumber,
    Taxonomy,
    TaxonomyRef,
    Text,
    Time,
    newer_than,
)

TEAM_SCHEMA_VERSION = 2  # 2: priorities are expected shortfalls (decimals)


class _Read(BaseModel):
    """What `team` reads of a report file: a report of any skillcheck version, or of another tool.

    Fields team does not use are ignored (a report carries many, and other versions more); every
    field it does use is checked for type and bounds, and its text for control characters, so a
    file from anywhere ends as a person or as a skipped file with a reason, never a crash or an
    escape sequence on the mentor's terminal.
    """

    model_config = ConfigDict(extra="ignore", frozen=True)


Percent = Annotated[float, Strict(), Field(ge=0, le=100, allow_inf_nan=False)]
Count = Annotated[int, Strict(), Field(ge=0, le=1_000_000)]


class _Gap(_Read):
    skill: Id
    name: Text
    priority: Annotated[float, Strict(), Field(ge=0, le=1_000_000, allow_inf_nan=False)]
    assessed: Bool = True  # older reports say nothing: their gaps were all counted


class _Path(_Read):
    id: Id
    readiness: Percent
    gaps: tuple[_Gap, ...]
    # Required skills the assessment covered, of all: a path not fully assessed is in no group.
    assessed: Count | None = None
    required: Count | None = None


class _Skill(_Read):
    id: Id
    evidenced: LevelNumber
    area: Id | None = None
    claimed: LevelNumber | None = None
    calibration: Calibration | None = None


class _Taxonomy(_Read):
    id: Id


class _Report(_Read):
    schema_version: Literal[1, 2]
    name: Annotated[str, AfterValidator(safe_text)] | None = None  # blank: the file name stands in
    taken_at: Time | None = None
    taxonomy: _Taxonomy | None = None
    closest_path: Id | None
    paths: tuple[_Path, ...]
    skills: tuple[_Skill, ...]


class GapRead(TypedDict):
    skill: str
    name: str
    priority: float
    assessed: bool


class PathRead(TypedDict):
    id: str
    readiness: float
    gaps: Sequence[GapRead]
    assessed: int | None
    required: int | None


def measured(path: PathRead) -> bool:
    """Whether every skill the path requires was assessed (a report that does not say: yes).
    A path that was not is in no group: its readiness counts unassessed skills at level 0."""
    return path["assessed"] is None or path["required"] is None or path["assessed"] >= path["required"]


def closest_measured(entry: Entry) -> str | None:
    """The person's closest path, where it was fully assessed: otherwise they have none."""
    closest = entry["closest_path"]
    path = next((p for p in entry["paths"] if p["id"] == closest), None)
    return closest if path is not None and measured(path) else None


class SkillRead(TypedDict):
    id: str
    evidenced: int
    area: str | None
    claimed: int | None
    calibration: Calibration | None


class Entry(TypedDict):
    """What `team` keeps of a person's report, with the same names and values as in the report:
    the fields `_Report` reads of a report file, or those worked out of an assessment."""

    taken_at: str | None
    closest_path: str | None
    paths: Sequence[PathRead]
    skills: Sequence[SkillRead]


@dataclass(frozen=True)
class Person:
    name: str
    source: str
    report: Entry


@dataclass(frozen=True)
class Team:
    """`team`'s document: the group summary (`--json`) and the people behind it (`--format jsonl`)."""

    summary: dict[str, Any]
    people: list[Person]
    percentiles: bool = False  # team --percentiles: each person's standing is in the rows too


@dataclass(frozen=True)
class Skipped:
    source: str
    reason: str


def expand(inputs: list[Path]) -> Iterator[Path | Skipped]:
    """Files as given; directories become their *.json files, recursively, in sorted order.

    Symbolic links are followed, but a link back to a directory being walked (a loop) is listed
    as skipped, and so is a directory or link that cannot be read: nothing is left out silently.
    """
    for item in inputs:
        if item.is_dir():
            yield from _files_under(item)
        else:
            yield item


def _files_under(root: Path) -> Iterator[Path | Skipped]:
    files: list[Path] = []
    skipped: list[Skipped] = []
    # (directory, the (device, inode) of the directories above it): a loop is a way back to one.
    stack: list[tuple[Path, frozenset[tuple[int, int]]]] = [(root, frozenset())]
    while stack:
        directory, above = stack.pop()
        try:
            status = directory.stat()
            entries = list(os.scandir(directory))
        except OSError as exc:
            skipped.append(Skipped(shown_path(directory), f"directory cannot be read ({exc.strerror or exc})"))
            continue
        here = (status.st_dev, status.st_ino)
        if here in above:
            skipped.append(
                Skipped(shown_path(directory), "a symbolic link loop (it leads back to a directory above it)")
            )
            continue
        for entry in entries:
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir()  # follows a link
                if not is_dir and entry.is_symlink():
                    path.stat()  # a link that leads nowhere, or to itself, says so here
            except OSError as exc:
                skipped.append(Skipped(shown_path(path), f"cannot be read ({exc.strerror or exc})"))
                continue
            if is_dir:
                stack.append((path, above | {here}))
            elif entry.name.endswith(".json"):
                files.append(path)
    yield from sorted(files)
    yield from sorted(skipped, key=lambda item: item.source)


# Below this many files one process is quicker than starting others; above it, every core scores.
PARALLEL_FROM = 200
_CHUNK = 64


def read_people(
    inputs: list[Path], taxonomy: Taxonomy, ref: TaxonomyRef, fitted: Fitted | None = None
) -> tuple[list[Person], list[Skipped]]:
    """Read `report --json` files and stored assessments; anything else is skipped with a reason.

    Stored assessments are scored through `fitted` (a calibration) where given; reports as they are.

    Scoring is a pure function of (taxonomy, file), so a large group is shared out over the
    machine's cores in chunks; the result is the same, in the same order, as one process gives.
    """
    people: list[Person] = []
    skipped: list[Skipped] = []
    files: list[Path] = []
    for path in expand(inputs):
        if isinstance(path, Skipped):
            skipped.append(path)
        else:
            files.append(path)
    workers = min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1, 8)
    if len(files) < PARALLEL_FROM or workers < 2:
        results = _read_chunk(files, taxonomy, ref, fitted)
    else:
        results = _read_in_parallel(files, taxonomy, ref, workers, fitted)
    for path, person, reason in results:
        if person is None:
            skipped.append(Skipped(shown_path(path), reason))
        else:
            people.append(person)
    return people, skipped


def _read_chunk(
    files: list[Path], taxonomy: Taxonomy, ref: TaxonomyRef, fitted: Fitted | None = None
) -> list[tuple[Path, Person | None, str]]:
    read: list[tuple[Path, Person | None, str]] = []
    for path in files:
        try:
            # Read at most one byte past the cap: a huge file is refused without loading it.
            raw = read_bounded(path, MAX_DOCUMENT_BYTES)
        except OSError as exc:
            read.append((path, None, exc.strerror or str(exc)))
            continue
        person, reason = _person(path, raw, taxonomy, ref, fitted)
        read.append((path, person, reason))
    return read


_worker_taxonomy: tuple[Taxonomy, TaxonomyRef, Fitted | None] | None = None


def _start_worker(taxonomy: Taxonomy, ref: TaxonomyRef, fitted: Fitted | None = None) -> None:
    global _worker_taxonomy  # one taxonomy per worker process, sent once, not per chunk
    _worker_taxonomy = (taxonomy, ref, fitted)


def _worker_chunk(files: list[Path]) -> list[tuple[Path, Person | None, str]]:
    assert _worker_taxonomy is not None
    return _read_chunk(files, *_worker_taxonomy)


def _read_in_parallel(
    files: list[Path], taxonomy: Taxonomy, ref: TaxonomyRef, workers: int, fitted: Fitted | None = None
) -> list[tuple[Path, Person | None, str]]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    chunks = [files[start : start + _CHUNK] for start in range(0, len(files), _CHUNK)]
    # fork where there is one: the workers start with the taxonomy and modules already loaded.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    try:
        with ProcessPoolExecutor(
            workers, mp_context=context, initializer=_start_worker, initargs=(taxonomy, ref, fitted)
        ) as pool:
            return [item for chunk in pool.map(_worker_chunk, chunks) for item in chunk]
    except (OSError, RuntimeError):
        # No processes to be had (a sandbox, a limit): the same work in this one.
        return _read_chunk(files, taxonomy, ref, fitted)


def _person(
    path: Path, raw: bytes, taxonomy: Taxonomy, ref: TaxonomyRef, fitted: Fitted | None = None
) -> tuple[Person | None, str]:
    if len(raw) > MAX_DOCUMENT_BYTES:
        return None, "file too large"
    try:
        data = json.loads(raw)
    except ValueError:
        return None, "not JSON (truncated or corrupted?)"
    if not isinstance(data, dict):
        return None, "not a skillcheck report or assessment"
    if "answers" in data:
        assessment, problem = _validated(Assessment, data, "assessment", ASSESSMENT_SCHEMA_VERSION)
        if assessment is None:
            return None, problem
        if (other := taken_with_another(assessment.taxonomy, ref)) is not None:
            return None, other
        report = _entry(assessment, taxonomy, fitted)
        name = assessment.name
    elif {"closest_path", "paths", "skills"} & set(data):
        read, problem = _validated(_Report, data, "report", SCHEMA_VERSION)
        if read is None:
            return None, problem
        if read.taxonomy is not None and read.taxonomy.id != ref.id:
            return None, f"a report of the taxonomy '{read.taxonomy.id}', not of '{ref.id}'"
        top = taxonomy.top_level
        if any(skill.evidenced > top for skill in read.skills):
            return None, f"levels above this taxonomy's scale (0-{top})"
        fields = read.model_dump(include={"paths", "skills"})
        report = Entry(
            taken_at=read.taken_at, closest_path=read.closest_path, paths=fields["paths"], skills=fields["skills"]
        )
        name = read.name
    else:
        return None, "not a skillcheck report or assessment"
    # A file name stands in for a missing or blank name; it comes from outside too, so escaped.
    shown = name if name and not is_blank(name) else escaped(path.stem)
    return Person(shown, shown_path(path), report), ""


def _entry(assessment: Assessment, taxonomy: Taxonomy, fitted: Fitted | None = None) -> Entry:
    """The fields of `build_report(assessment, ...)` that team reads, worked out alone: readiness
    ranges, missed questions, hours and resources are most of a report's cost and team shows none
    of them (a test holds the two equal)."""
    with paused_gc():  # thousands of people: many short-lived acyclic objects
        estimates = estimate_assessment(assessment, taxonomy, fitted).skills
        assessed = measured_skills(assessment)
        paths = score_paths(taxonomy, estimates, assessed)
        return {
            "taken_at": assessment.taken_at or assessment.started_at,
            "closest_path": paths[0].path.id if paths else None,
            "paths": [
                {
                    "id": scored.path.id,
                    "readiness": scored.expected,
                    "gaps": [
                        {"skill": g.skill.id, "name": g.skill.name, "priority": g.priority, "assessed": g.assessed}
                        for g in scored.gaps
                    ],
                    "assessed": scored.assessed,
                    "required": scored.required,
                }
                for scored in paths
            ],
            "skills": [
                {
                    "id": skill.id,
                    "evidenced": estimates[skill.id].level,
                    "area": skill.area,
                    "claimed": estimates[skill.id].claim,
                    "calibration": estimates[skill.id].verdict,
                }
                for skill in taxonomy.skills
                if skill.id in assessed
            ],
        }


M = TypeVar("M", bound=BaseModel)


def _validated(model: type[M], data: dict[str, Any], kind: str, supported: int) -> tuple[M | None, str]:
    """The file's data as `model`, or why not: written by a newer skillcheck, or not valid."""
    version = data.get("schema_version")
    if newer_than(version, supported):
        return None, f"made by a newer skillcheck ({kind} schema_version {version}); upgrade skillcheck"
    try:
        return model.model_validate(data), ""
    except ValidationError as exc:
        return None, f"not a valid {kind}: {_first_problem(exc)}"


def _first_problem(exc: ValidationError) -> str:
    """The first problem and where, with the file's keys quoted safely; how many more."""
    errors = exc.errors(include_input=False, include_url=False)
    first = errors[0]
    where = ".".join(str(part) if isinstance(part, int) else quoted(part)[1:-1] for part in first["loc"])
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"{where}: {str(first['msg']).removeprefix('Value error, ')}{more}" if where else first["msg"] + more


def summarise(people: list[Person], skipped: list[Skipped], taxonomy: Taxonomy) -> dict[str, Any]:
    """The group summary that `team --json` prints and the terminal view shows."""
    path_names = {p.id: p.name for p in taxonomy.paths}
    nearest = [closest_measured(person.report) for person in people]
    closest = Counter(path_id for path_id in nearest if path_id)
    readiness: dict[str, list[float]] = {}
    lacking: dict[str, dict[str, Any]] = {}
    for person, near in zip(people, nearest, strict=True):
        for path in person.report["paths"]:
            if not measured(path):
                continue
            readiness.setdefault(path["id"], []).append(path["readiness"])
            if path["id"] != near:
                continue
            for gap in path["gaps"]:
                if not gap["assessed"]:
                    continue
                entry = lacking.setdefault(
                    gap["skill"], {"skill": gap["skill"], "name": gap["name"], "people": 0, "priority": 0}
                )
                entry["people"] += 1
                entry["priority"] = round(entry["priority"] + gap["priority"], 1)
    skills = {s.id for s in taxonomy.skills}  # a set: looked up once per person per skill
    return {
        "schema_version": TEAM_SCHEMA_VERSION,
        "people": len(people),
        "skipped": [{"file": s.source, "reason": s.reason} for s in skipped],
        "closest": [
            {"path": pid, "name": path_names.get(pid, pid), "people": count} for pid, count in closest.most_common()
        ],
        # Group figures only from MIN_GROUP people on, so no one's result can be read off them.
        "readiness": [
            {
                "path": pid,
                "name": path_names.get(pid, pid),
                "min": min(values),
                "median": round(statistics.median(values), 1),
                "mean": round(statistics.fmean(values), 1),
                "max": max(values),
            }
            for pid, values in sorted(readiness.items(), key=lambda item: -statistics.median(item[1]))
            if len(values) >= MIN_GROUP
        ],
        "lacking": sorted(lacking.values(), key=lambda e: (-e["priority"], -e["people"], e["skill"])),
        "members": [
            {
                "name": person.name,
                "file": person.source,
                "closest_path": near,
                "evidenced": {s["id"]: s["evidenced"] for s in person.report["skills"] if s["id"] in skills},
            }
            for person, near in zip(people, nearest, strict=True)
        ],
    }


def rows(people: list[Person]) -> Iterator[dict[str, Any]]:
    """One flat row per person per skill, for `team --format jsonl` and data engines."""
    for person in people:
        report = person.report
        closest = closest_measured(report)
        readiness = next((p["readiness"] for p in report["paths"] if p["id"] == closest), None)
        for skill in report["skills"]:
            yield {
                "person": person.name,
                "file": person.source,
                "taken_at": report.get("taken_at"),
                "skill": skill["id"],
                "area": skill.get("area"),
                "claimed": skill.get("claimed"),
                "evidenced": skill["evidenced"],
                "calibration": skill.get("calibration"),
                "closest_path": closest,
                "closest_readiness": readiness,
            }


# Group figures are shown only for groups at least this large, so no one's result can be read off
# a small group (Pluralsight shows a team's average from five people on).
MIN_GROUP = 5


def percentile(value: float, ordered: list[float]) -> float:
    """Where `value` stands among `ordered` (sorted), 0-100: the share below it, ties counted half.
    Sorted once per group and searched, so 10,000 people cost n log n, not n squared."""
    below = bisect.bisect_left(ordered, value)
    equal = bisect.bisect_right(ordered, value) - below
    return round(100 * (below + 0.5 * equal) / len(ordered), 1)


def standings(people: list[Person]) -> list[dict[str, Any]]:
    """Per person, their percentile in the group per path (readiness) and per skill (evidenced
    level), with each group's size; empty for a group smaller than MIN_GROUP."""
    if len(people) < MIN_GROUP:
        return [{"paths": {}, "skills": {}} for _ in people]
    readiness: dict[str, list[float]] = {}
    levels: dict[str, list[float]] = {}
    for person in people:
        for path in person.report["paths"]:
            if measured(path):
                readiness.setdefault(path["id"], []).append(path["readiness"])
        for skill in person.report["skills"]:
            levels.setdefault(skill["id"], []).append(skill["evidenced"])
    for values in (*readiness.values(), *levels.values()):
        values.sort()
    out = []
    for person in people:
        paths = {
            p["id"]: {"percentile": percentile(p["readiness"], readiness[p["id"]]), "group": len(readiness[p["id"]])}
            for p in person.report["paths"]
            if measured(p) and len(readiness[p["id"]]) >= MIN_GROUP
        }
        skills = {
            s["id"]: {"percentile": percentile(s["evidenced"], levels[s["id"]]), "group": len(levels[s["id"]])}
            for s in person.report["skills"]
            if len(levels[s["id"]]) >= MIN_GROUP
        }
        out.append({"paths": paths, "skills": skills})
    return out


def with_percentiles(summary: dict[str, Any], people: list[Person]) -> dict[str, Any]:
    """The summary with where each member stands (`team --percentiles`); below MIN_GROUP people
    the group figures are left out and `percentiles.shown` says why."""
    shown = len(people) >= MIN_GROUP
    members = [
        {**member, "percentiles": standing}
        for member, standing in zip(summary["members"], standings(people), strict=True)
    ]
    return {
        **summary,
        "members": members,
        "percentiles": {
            "group": len(people),
            "minimum_group": MIN_GROUP,
            "shown": shown,
        },
    }


def percentile_rows(people: list[Person]) -> Iterator[dict[str, Any]]:
    """`rows` with each person's percentile in the group for the skill and their closest path."""
    for person, standing in zip(people, standings(people), strict=True):
        for row in rows([person]):
            skill = standing["skills"].get(row["skill"])
            path = standing["paths"].get(row["closest_path"])
            yield {
                **row,
                "skill_percentile": skill["percentile"] if skill else None,
                "skill_group": skill["group"] if skill else None,
                "closest_percentile": path["percentile"] if path else None,
                "closest_group": path["group"] if path else None,
            }
