"""Stored assessments are validated against the model, with bounds, wherever they come from."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from testfiles import stored

from skillcheck.storage.store import load_assessment
from skillcheck.taxonomy.load import LoadedTaxonomy
from skillcheck.taxonomy.models import Assessment, Taxonomy

# --- stored assessments are validated against the model, with bounds -----------------------------


def _set(path: tuple[Any, ...], value: Any) -> Any:
    def change(data: dict[str, Any]) -> None:
        target: Any = data
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value

    return change


HAND_EDITS = {
    "negative rating": _set(("answers", 0, "level"), -5),
    "rating off every scale": _set(("answers", 0, "level"), 99),
    "boolean rating": _set(("answers", 0, "level"), True),
    "choice no option has": _set(("answers", 1, "choice"), "z"),
    "choice of two letters": _set(("answers", 1, "choice"), "ab"),
    "correct as a string": _set(("answers", 1, "correct"), "yes"),
    "time that is not a time": _set(("taken_at",), "yesterday"),
    "time in other digits": _set(("started_at",), "２０２６-01-01T00:00:00"),
    "id that climbs out of the directory": _set(("id",), "../../x"),
    "name with an escape sequence": _set(("name",), "\x1b]52;c;ZXZpbA==\x07"),
    "blank name": _set(("name",), "\u200b"),
    "skill id with an escape": _set(("answers", 0, "skill"), "py\x1b[2J"),
    "taxonomy version with a C1 control": _set(("taxonomy", "version"), "1\x9b2J"),
    "the same question answered twice": lambda d: d["answers"].append(dict(d["answers"][1])),
    "the same skill rated twice": lambda d: d["answers"].append(dict(d["answers"][0])),
}


@pytest.mark.parametrize("edit", sorted(HAND_EDITS))
def test_a_hand_edited_value_outside_the_model_is_refused(edit: str, mini: LoadedTaxonomy, tmp_path: Path) -> None:
    data = stored(mini)
    Assessment.model_validate(data)  # the unedited file is fine
    HAND_EDITS[edit](data)
    with pytest.raises(ValidationError):
        Assessment.model_validate_json(json.dumps(data))
    path = tmp_path / "a.json"
    path.write_text(json.dumps(data))
    with pytest.raises(Exception, match="not a readable skillcheck assessment") as caught:
        load_assessment(path)
    assert "\x1b" not in str(caught.value) and "\x9b" not in str(caught.value)


def test_the_taxonomy_model_still_accepts_the_shipped_file(shipped: LoadedTaxonomy) -> None:
    assert isinstance(shipped.taxonomy, Taxonomy)
