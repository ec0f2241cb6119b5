"""The calibration file `skillcheck calibrate` writes, and reading it back for scoring.

A calibration holds every item's fitted difficulty and slope for one taxonomy file: it records the
taxonomy's id and content hash, and is refused for any other (a fitted difficulty means nothing
against questions that may have changed). Where a command looks for one without --calibration:
`calibration.json` in the data directory (README, "Calibrating the question bank").
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from skillcheck.errors import ExitCode, SkillcheckError
from skillcheck.files import MAX_DOCUMENT_BYTES, atomic_write, read_bounded
from skillcheck.measure.scoring import Fitted, ItemParams
from skillcheck.taxonomy.models import Id, LevelNumber, TaxonomyRef

CALIBRATION_SCHEMA_VERSION: Literal[1] = 1
CALIBRATION_FILE = "calibration.json"  # in the data directory: found without --calibration

Finite = Annotated[float, Field(allow_inf_nan=False)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CalibratedTaxonomy(_Model):
    id: Id
    version: str
    hash: Annotated[str, Field(pattern=r"^[0-9A-Za-z]{1,128}$")]


class CalibratedItem(_Model):
    skill: Id
    tag: LevelNumber  # the level the taxonomy gives the question
    difficulty: Annotated[float, Field(ge=-1, le=100, allow_inf_nan=False)]  # fitted, on the level scale
    slope: Annotated[float, Field(ge=-10, le=10, allow_inf_nan=False)]  # times the model's steepness
    difficulty_se: Annotated[float, Field(ge=0, allow_inf_nan=False)]
    assessments: Annotated[int, Field(ge=0)]  # how many assessments answered it
    answers: Annotated[int, Field(ge=0)]
    right: Annotated[int, Field(ge=0)]


class CalibrationFile(_Model):
    schema_version: Literal[1]
    kind: Literal["skillcheck-calibration"] = "skillcheck-calibration"
    taxonomy: CalibratedTaxonomy
    method: str
    assessments: Annotated[int, Field(ge=0)]
    answers: Annotated[int, Field(ge=0)]
    items: dict[Id, CalibratedItem]  # question id -> its fit

    def fitted(self) -> Fitted:
        """The item parameters scoring reads. A negative slope (answering right goes with knowing
        less: a wrong key) carries no evidence either way, so it is read as flat; a slope steeper
        than the model's is read at the model's, since the fit's steepness assumes each person's level
        known and sharper curves made the 80% ranges too narrow (docs/scoring.md, "Calibration")."""
        return {
            item_id: ItemParams(item.difficulty, min(1.0, max(0.0, item.slope))) for item_id, item in self.items.items()
        }


def write_calibration(path: Path, calibration: CalibrationFile) -> None:
    text = json.dumps(calibration.model_dump(mode="json"), indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    try:
        atomic_write(path, text.encode("utf-8"))
    except OSError as exc:
        raise SkillcheckError(
            f"cannot write the calibration to {path}: {exc.strerror or exc}.", exit_code=ExitCode.FAILURE
        ) from None


def read_calibration(path: Path) -> CalibrationFile:
    """The calibration in `path`; a missing, unreadable or malformed file is a clear error."""
    try:
        raw = read_bounded(path, MAX_DOCUMENT_BYTES)
    except OSError as exc:
        raise SkillcheckError(f"cannot read the calibration {path}: {exc.strerror or exc}.") from None
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise SkillcheckError(f"{path} is too large to be a calibration file.")
    try:
        return CalibrationFile.model_validate_json(raw)
    except ValidationError as exc:
        first = exc.errors(include_input=False, include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"]) or "(top level)"
        raise SkillcheckError(
            f"{path} is not a skillcheck calibration file ({where}: {first['msg']}). "
            "Make one with `skillcheck calibrate`."
        ) from None


def refusal(calibration: CalibrationFile, ref: TaxonomyRef, source: Path, *, found: bool = False) -> str | None:
    """Why `calibration` cannot score against the taxonomy `ref`; None if it can. `found`: it was
    found in the data directory rather than given with --calibration."""
    fitted = calibration.taxonomy
    if fitted.id == ref.id and fitted.hash == ref.hash:
        return None
    which = (
        f"version {fitted.version} of this taxonomy, which has changed since"
        if fitted.id == ref.id
        else f"the taxonomy '{fitted.id}' version {fitted.version}, not '{ref.id}'"
    )
    remedy = (
        "move it away to score with the level tags" if found else "leave out --calibration to score with the level tags"
    )
    return (
        f"the calibration {source} was fitted to {which}; item difficulties fitted to other questions would "
        "misread every answer, so it is not used. Run `skillcheck calibrate` again over the assessments with "
        f"this taxonomy, or {remedy}."
    )


def load_fitted(path: Path, ref: TaxonomyRef) -> Fitted:
    """The item parameters of the calibration in `path`, refused (exit 4) if it is another taxonomy's."""
    calibration = read_calibration(path)
    if (why := refusal(calibration, ref, path)) is not None:
        raise SkillcheckError(why, exit_code=ExitCode.WRONG_CALIBRATION)
    return calibration.fitted()
