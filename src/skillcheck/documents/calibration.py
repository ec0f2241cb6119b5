"""`skillcheck calibrate`: stored assessments in, the calibration file and the item-fit report out.

Files and folders are read as `team` reads them (documents/team.py `expand`), but only stored
assessments count: a report file has levels, not the answers a fit needs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from skillcheck.documents.team import Skipped, _validated, expand
from skillcheck.files import MAX_DOCUMENT_BYTES, read_bounded
from skillcheck.safetext import shown_path
from skillcheck.storage.calibration import (
    CALIBRATION_SCHEMA_VERSION,
    CalibratedItem,
    CalibratedTaxonomy,
    CalibrationFile,
)
from skillcheck.taxonomy.load import taken_with_another
from skillcheck.taxonomy.models import ASSESSMENT_SCHEMA_VERSION, Assessment, Check, Taxonomy, TaxonomyRef

ITEM_FIT_SCHEMA_VERSION = 1
METHOD = (
    "EM over a latent level per assessment and skill (prior: P(level | rating) per skill); per item a difficulty "
    "and a slope by Fisher scoring, anchored on the level tag (difficulty ~ N(tag, 0.5), slope ~ N(1, 0.5))"
)
KIND_ORDER = {"level": 0, "discrimination": 1, "cue": 2, "rare": 3}


def read_assessments(inputs: list[Path], ref: TaxonomyRef) -> tuple[list[tuple[str, Assessment]], list[Skipped]]:
    """Every readable stored assessment among the inputs, with its file; the rest skipped with a reason."""
    found: list[tuple[str, Assessment]] = []
    skipped: list[Skipped] = []
    for path in expand(inputs):
        if isinstance(path, Skipped):
            skipped.append(path)
            continue
        try:
            raw = read_bounded(path, MAX_DOCUMENT_BYTES)
        except OSError as exc:
            skipped.append(Skipped(shown_path(path), exc.strerror or str(exc)))
            continue
        if len(raw) > MAX_DOCUMENT_BYTES:
            skipped.append(Skipped(shown_path(path), "file too large"))
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            skipped.append(Skipped(shown_path(path), "not JSON (truncated or corrupted?)"))
            continue
        if not isinstance(data, dict) or "answers" not in data:
            skipped.append(
                Skipped(shown_path(path), "not a stored assessment (a report has no answers to calibrate on)")
            )
            continue
        assessment, problem = _validated(Assessment, data, "assessment", ASSESSMENT_SCHEMA_VERSION)
        if assessment is None:
            skipped.append(Skipped(shown_path(path), problem))
        elif (other := taken_with_another(assessment.taxonomy, ref)) is not None:
            skipped.append(Skipped(shown_path(path), other))
        else:
            found.append((shown_path(path), assessment))
    return found, skipped


def calibrate(
    assessments: list[Assessment], taxonomy: Taxonomy, ref: TaxonomyRef
) -> tuple[CalibrationFile, dict[str, Any]]:
    """The calibration file and the item-fit report (its document) from the assessments."""
    from skillcheck.measure.calibrate import ItemInfo, Unit, fit_and_flag

    skill_index = {skill.id: index for index, skill in enumerate(taxonomy.skills)}
    items: list[ItemInfo] = []
    item_index: dict[str, int] = {}
    for skill in taxonomy.skills:
        for q in skill.questions:
            item_index[q.id] = len(items)
            items.append(ItemInfo(q.id, skill.id, q.level, len(q.options)))
    questions = {q.id: q for skill in taxonomy.skills for q in skill.questions}
    top = taxonomy.top_level
    units: list[Unit] = []
    for number, assessment in enumerate(assessments):
        # After `quiz --skill` only the re-measured skills' answers are new; the rest were copied
        # from the assessment it updates, which is counted on its own.
        only = set(assessment.only)
        ratings = assessment.ratings
        answers: dict[str, list[tuple[int, bool]]] = {}
        seen: set[str] = set()
        for check in assessment.answers:
            if not isinstance(check, Check) or check.question in seen or (only and check.skill not in only):
                continue
            question = questions.get(check.question)
            if question is None or check.skill not in skill_index:
                continue
            seen.add(check.question)
            # Whether the option picked is right by the key as it is now, as scoring reads it.
            answers.setdefault(check.skill, []).append((item_index[question.id], question.is_correct(check.choice)))
        for skill_id, given in answers.items():
            claim = ratings.get(skill_id)
            units.append(
                Unit(number, skill_index[skill_id], None if claim is None else max(0, min(top, claim)), tuple(given))
            )
    fit, found = fit_and_flag(top, items, len(taxonomy.skills), units)
    calibration = CalibrationFile(
        schema_version=CALIBRATION_SCHEMA_VERSION,
        taxonomy=CalibratedTaxonomy(id=ref.id, version=ref.version, hash=ref.hash),
        method=METHOD,
        assessments=fit.assessments,
        answers=fit.answers,
        items={
            item.id: CalibratedItem(
                skill=item.skill,
                tag=item.level,
                difficulty=round(f.difficulty, 4),
                slope=round(f.slope, 4),
                difficulty_se=round(f.difficulty_se, 4),
                assessments=f.assessments,
                answers=f.answers,
                right=f.right,
            )
            for item, f in zip(items, fit.items, strict=True)
            if f.answers
        },
    )
    flags = sorted(found, key=lambda flag: (KIND_ORDER[flag.kind], items[flag.item].skill, flag.item))
    report = {
        "schema_version": ITEM_FIT_SCHEMA_VERSION,
        "taxonomy": {"id": ref.id, "version": ref.version},
        "assessments": fit.assessments,
        "answers": fit.answers,
        "items": len(items),
        "answered": sum(1 for f in fit.items if f.answers),
        "converged": fit.converged,
        "counts": {kind: sum(1 for flag in flags if flag.kind == kind) for kind in KIND_ORDER},
        "flags": [
            {
                "question": items[flag.item].id,
                "skill": items[flag.item].skill,
                "tag": items[flag.item].level,
                "kind": flag.kind,
                "evidence": flag.evidence,
            }
            for flag in flags
        ],
        "written_to": None,
    }
    return calibration, report
