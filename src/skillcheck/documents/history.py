"""`history`'s document: every stored assessment, numbered, with its closest path."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from skillcheck.documents.report import build_report
from skillcheck.safetext import shown_path
from skillcheck.storage.store import StoreError, load_assessment
from skillcheck.taxonomy.load import taken_with_another
from skillcheck.taxonomy.models import Assessment, Taxonomy, TaxonomyRef

HISTORY_SCHEMA_VERSION = 3


def kind_of(assessment: Assessment) -> str:
    """What kind of quiz made it: a re-measure of some skills, one for some paths, quick, or full."""
    if assessment.update_of is not None:
        return "re-measure: " + ", ".join(assessment.only)
    if assessment.paths:
        return "paths: " + ", ".join(assessment.paths)
    return "quick" if assessment.quick else "full"


def history_entries(
    files: list[Path], taxonomy: Taxonomy, ref: TaxonomyRef
) -> tuple[list[dict[str, Any]], list[tuple[Path, str]]]:
    """One entry per stored assessment file, numbered in the order given; unreadable ones say why.

    Also returns the files taken with another taxonomy and why they are not scored: they are
    listed (when and with which taxonomy) without a closest path or readiness.
    """
    entries: list[dict[str, Any]] = []
    others: list[tuple[Path, str]] = []
    for number, path in enumerate(files, start=1):
        try:
            assessment = load_assessment(path)
        except StoreError as exc:
            entries.append({"number": number, "file": shown_path(path), "error": exc.message})
            continue
        taken = {"id": assessment.taxonomy.id, "version": assessment.taxonomy.version}
        if (other := taken_with_another(assessment.taxonomy, ref)) is not None:
            others.append((path, other))
            entries.append(
                {
                    "number": number,
                    "id": assessment.id,
                    "kind": kind_of(assessment),
                    "file": shown_path(path),
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
        if best is not None and best["assessed"] < best["required"]:
            best = None  # no path fully assessed: as the report, no closest path and no readiness
        entries.append(
            {
                "number": number,
                "id": assessment.id,
                "kind": kind_of(assessment),
                "file": shown_path(path),
                "taken_at": report["taken_at"],
                "taxonomy": taken,
                "taxonomy_changed": report["taxonomy_changed"],
                "closest_path": best["id"] if best else None,
                "closest_name": best["name"] if best else None,
                "readiness": best["readiness"] if best else None,
            }
        )
    return entries, others
