"""A mentor's view over a group: many reports or stored assessments in, one summary out."""

from __future__ import annotations

import json
import statistics
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from skillcheck.models import Assessment, Taxonomy, TaxonomyRef
from skillcheck.report import Report, build_report
from skillcheck.safetext import quoted
from skillcheck.taxonomy import taken_with_another

TEAM_SCHEMA_VERSION = 2  # 2: priorities are expected shortfalls (decimals)
MAX_FILE_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class Person:
    name: str
    source: str
    report: Report


@dataclass(frozen=True)
class Skipped:
    source: str
    reason: str


def expand(inputs: list[Path]) -> Iterator[Path]:
    """Files as given; directories become their *.json files, recursively, in sorted order."""
    for item in inputs:
        if item.is_dir():
            yield from sorted(p for p in item.rglob("*.json") if p.is_file())
        else:
            yield item


def read_people(inputs: list[Path], taxonomy: Taxonomy, ref: TaxonomyRef) -> tuple[list[Person], list[Skipped]]:
    """Read `report --json` files and stored assessments; anything else is skipped with a reason."""
    people: list[Person] = []
    skipped: list[Skipped] = []
    for path in expand(inputs):
        try:
            # Read at most one byte past the cap: a huge file is refused without loading it.
            with path.open("rb") as stream:
                raw = stream.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            skipped.append(Skipped(str(path), exc.strerror or str(exc)))
            continue
        person, reason = _person(path, raw, taxonomy, ref)
        if person is None:
            skipped.append(Skipped(str(path), reason))
        else:
            people.append(person)
    return people, skipped


def _person(path: Path, raw: bytes, taxonomy: Taxonomy, ref: TaxonomyRef) -> tuple[Person | None, str]:
    if len(raw) > MAX_FILE_BYTES:
        return None, "file too large"
    try:
        data = json.loads(raw)
    except ValueError:
        return None, "not JSON (truncated or corrupted?)"
    if not isinstance(data, dict):
        return None, "not a skillcheck report or assessment"
    if "answers" in data:
        try:
            assessment = Assessment.model_validate(data)
        except ValidationError as exc:
            return None, f"not a valid assessment ({exc.error_count()} problems)"
        if (other := taken_with_another(assessment.taxonomy, ref)) is not None:
            return None, other
        report = build_report(assessment, taxonomy, ref)
    elif _looks_like_report(data):
        report = data  # type: ignore[assignment]  # checked by _looks_like_report
        taken = data.get("taxonomy")
        if isinstance(taken, dict) and taken.get("id") != ref.id:
            return None, f"a report of the taxonomy {quoted(taken.get('id'))}, not of '{ref.id}'"
    else:
        return None, "not a skillcheck report or assessment"
    name = report.get("name") or path.stem
    return Person(str(name), str(path), report), ""


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _looks_like_report(data: dict[str, Any]) -> bool:
    """A `report --json` document (version 1 or 2), with the fields team reads of the right types."""
    if data.get("schema_version") not in (1, 2):
        return False
    paths, skills, closest = data.get("paths"), data.get("skills"), data.get("closest_path")
    return (
        isinstance(paths, list)
        and isinstance(skills, list)
        and (closest is None or isinstance(closest, str))
        and all(
            isinstance(p, dict)
            and isinstance(p.get("id"), str)
            and _number(p.get("readiness"))
            and isinstance(p.get("gaps"), list)
            and all(
                isinstance(g, dict)
                and isinstance(g.get("skill"), str)
                and isinstance(g.get("name"), str)
                and _number(g.get("priority"))
                for g in p["gaps"]
            )
            for p in paths
        )
        and all(
            isinstance(s, dict) and isinstance(s.get("id"), str) and isinstance(s.get("evidenced"), int) for s in skills
        )
    )


def summarise(people: list[Person], skipped: list[Skipped], taxonomy: Taxonomy) -> dict[str, Any]:
    """The group summary that `team --json` prints and the terminal view shows."""
    path_names = {p.id: p.name for p in taxonomy.paths}
    closest = Counter(person.report["closest_path"] for person in people if person.report["closest_path"])
    readiness: dict[str, list[float]] = {}
    lacking: dict[str, dict[str, Any]] = {}
    for person in people:
        for path in person.report["paths"]:
            readiness.setdefault(path["id"], []).append(path["readiness"])
            if path["id"] != person.report["closest_path"]:
                continue
            for gap in path["gaps"]:
                entry = lacking.setdefault(
                    gap["skill"], {"skill": gap["skill"], "name": gap["name"], "people": 0, "priority": 0}
                )
                entry["people"] += 1
                entry["priority"] = round(entry["priority"] + gap["priority"], 1)
    skills = [s.id for s in taxonomy.skills]
    return {
        "schema_version": TEAM_SCHEMA_VERSION,
        "people": len(people),
        "skipped": [{"file": s.source, "reason": s.reason} for s in skipped],
        "closest": [
            {"path": pid, "name": path_names.get(pid, pid), "people": count} for pid, count in closest.most_common()
        ],
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
        ],
        "lacking": sorted(lacking.values(), key=lambda e: (-e["priority"], -e["people"], e["skill"])),
        "members": [
            {
                "name": person.name,
                "file": person.source,
                "closest_path": person.report["closest_path"],
                "evidenced": {s["id"]: s["evidenced"] for s in person.report["skills"] if s["id"] in skills},
            }
            for person in people
        ],
    }


def rows(people: list[Person]) -> Iterator[dict[str, Any]]:
    """One flat row per person per skill, for `team --format jsonl` and data engines."""
    for person in people:
        report = person.report
        closest = report["closest_path"]
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


def history_entries(
    files: list[Path], taxonomy: Taxonomy, ref: TaxonomyRef
) -> tuple[list[dict[str, Any]], list[tuple[Path, str]]]:
    """One entry per stored assessment file, in the order given; unreadable ones say why.

    Also returns the files taken with another taxonomy and why they are not scored: they are
    listed (when and with which taxonomy) without a closest path or readiness.
    """
    from skillcheck.store import StoreError, load_assessment

    entries: list[dict[str, Any]] = []
    others: list[tuple[Path, str]] = []
    for path in files:
        try:
            assessment = load_assessment(path)
        except StoreError as exc:
            entries.append({"file": str(path), "error": exc.message})
            continue
        taken = {"id": assessment.taxonomy.id, "version": assessment.taxonomy.version}
        if (other := taken_with_another(assessment.taxonomy, ref)) is not None:
            others.append((path, other))
            entries.append(
                {
                    "file": str(path),
                    "taken_at": assessment.taken_at or assessment.started_at,
                    "taxonomy": taken,
                    "taxonomy_changed": True,
                    "closest_path": None,
                    "closest_name": None,
                    "readiness": None,
                }
            )
            continue
        report = build_report(assessment, taxonomy, ref)
        best = report["paths"][0] if report["paths"] else None
        entries.append(
            {
                "file": str(path),
                "taken_at": report["taken_at"],
                "taxonomy": taken,
                "taxonomy_changed": report["taxonomy_changed"],
                "closest_path": best["id"] if best else None,
                "closest_name": best["name"] if best else None,
                "readiness": best["readiness"] if best else None,
            }
        )
    return entries, others
